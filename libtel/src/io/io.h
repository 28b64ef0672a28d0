/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Transports: what carries a line's frames (the in-memory pair, a socket, a
 * DAHDI D-channel) or, on a DAHDI analog channel, its hook events. Every kind
 * is a struct io behind one table of operations, struct io_ops; the layer
 * above holds the object and calls through the table, never by kind.
 *
 * Upwards a transport only hands over what it received, through the
 * callbacks its owner set (struct io_upper): frames, events, "closed". It
 * knows nothing of the layers above; what went wrong it writes into the
 * caller's buffer (struct io_err) as a sentence naming the channel, the
 * failing call and the fix, keeping the call and its errno beside it.
 */
#ifndef TEL_IO_IO_H
#define TEL_IO_IO_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/frameq.h"

/* The caller's buffer for what went wrong (e.g. tel_ctx_last_error()'s). */
struct io_err {
	char *msg;		/* a sentence, NUL-terminated; never written past @size */
	size_t size;
	const char *call;	/* the system call or request that failed last, NULL none */
	int err;		/* and its errno */
};

/* Write a sentence (printf style) and the failing @call with its @err into @e. */
void io_err_set(struct io_err *e, const char *call, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* What a channel reports besides frames, in words of no particular driver. */
enum io_event {
	IO_EV_ALARM,		/* layer 1 alarm: D-channel down, analog port without battery */
	IO_EV_NOALARM,		/* the alarm cleared */
	IO_EV_RING,		/* FXO port: the line rings */
	IO_EV_OFFHOOK,		/* FXS port: the phone went off hook */
	IO_EV_ONHOOK,		/* FXO: the far end hung up (loop current gone); FXS: the phone did */
	IO_EV_DIALCOMPLETE,	/* the digits given to io_ops.dial are out */
	IO_EV_REMOVED,		/* the channel is gone; io_upper.closed came before */
};

/* Hook requests of an analog port (io_ops.hook). */
enum io_hook { IO_HOOK_ON, IO_HOOK_OFF, IO_HOOK_RING, IO_HOOK_RINGOFF };

/* What the owner gives a transport (io->up, io->upper): where received things go. */
struct io_upper {
	/* One frame (address, control, information) received; valid during the call. */
	void (*rx)(void *upper, const uint8_t *frame, size_t len);
	/* The transport is gone for good (end of stream, error, channel removed): io->dead. */
	void (*closed)(void *upper);
	/* Optional: an event of the channel (alarms; hook events of an analog port). */
	void (*event)(void *upper, enum io_event ev);
};

struct io;

/*
 * The operations of a transport. @io is the struct io (void * for tx, so that
 * the table's tx is the data link's transmit hook as it stands). Optional
 * entries are NULL where the transport has nothing of the kind.
 */
struct io_ops {
	const char *name;	/* "pair", "socket", "dahdi-d", "dahdi-analog" */
	/*
	 * Send one frame (no flags, no FCS). 0, or TEL_ELINK (the far end is
	 * gone), TEL_EBUSY / TEL_ENOMEM (the frame is lost as on a noisy line,
	 * and counted in io->txq.lost or the peer's rxq.lost). Frames may wait in
	 * io->txq until flush.
	 */
	int (*tx)(void *io, const uint8_t *frame, size_t len);
	/* Optional: send what waits in io->txq (at the end of each round of the run loop). */
	void (*flush)(struct io *io);
	/*
	 * Optional: io->poll_fd polled @revents: read what is there (frames to
	 * io_upper.rx, events to io_upper.event), send what waits on POLLOUT.
	 */
	void (*ready)(struct io *io, short revents);
	/* Close the transport and free @io; the peer of a pair sees it closed. */
	void (*close)(struct io *io);
	/* Optional (analog channels): hook state; 0 or TEL_EIO / TEL_EBUSY, reported in io->err. */
	int (*hook)(struct io *io, enum io_hook h);
	/* Optional (analog channels): dial @digits as DTMF after a pause for the dial tone. */
	int (*dial)(struct io *io, const char *digits);
	/*
	 * Optional (DAHDI): put channel @bchan of the span (0: the io's own
	 * channel) into conference *@confno (0: a free one, whose number is
	 * written back). Returns the channel as conf_leave wants it (>= 0) or a
	 * TEL_E*, reported in io->err.
	 */
	int (*conf_join)(struct io *io, int bchan, int *confno);
	/* Optional (DAHDI): take @chan (what conf_join returned) out of its conference. */
	void (*conf_leave)(struct io *io, int chan);
};

/*
 * What every transport has. The kinds embed it first and add their own
 * state behind it (io/pair.c, io/sock.c, io/dahdi_d.c, io/dahdi_analog.c).
 */
struct io {
	const struct io_ops *ops;
	struct frameq rxq;	/* frames received, for the owner to take (in-memory pair) */
	struct frameq txq;	/* frames waiting for flush (socket, D-channel) */
	int fd;			/* the descriptor the transport owns; -1 none */
	int poll_fd;		/* what the run loop polls for it; -1 nothing */
	short poll_events;	/* ... and for what (POLLOUT is added while txq holds frames) */
	bool dead;		/* gone for good: nothing more is sent or received */
	const struct io_upper *up;
	void *upper;
	struct io_err err;	/* the owner's buffer for what went wrong */
};

/* Set up the common part (fd -1, nothing polled, queues empty). */
void io_init(struct io *io, const struct io_ops *ops, const struct io_err *err);
/* The transport is gone for good: io->dead, txq emptied, io_upper.closed. Once. */
void io_closed(struct io *io);
/* Event @ev to the owner (struct io_upper's event), if it takes events. */
void io_event_up(struct io *io, enum io_event ev);
/* Free @io without closing what it carries (an open that failed later; the fd stays the caller's). */
void io_free(struct io *io);
/* What the run loop polls io->poll_fd for now. */
static inline short io_poll_events(const struct io *io)
{
	return (short)(io->poll_events | (io->txq.count ? POLLOUT : 0));
}

/* io/pair.c: two transports, each delivering what the other sends into its rxq. */
int io_pair_new(const struct io_err *err, struct io **a, struct io **b);

/* io/sock.c: a socket that keeps message boundaries, one frame per message. */
#define IO_SOCK_BATCH		64	/* frames per sendmmsg / recvmmsg */
#define IO_SOCK_FRAME_ROOM	(FRAMEQ_FRAME_MAX + 64)	/* room to see an oversized frame */
#define IO_SOCK_RXBUF		(IO_SOCK_BATCH * IO_SOCK_FRAME_ROOM)
/*
 * Whether @fd can carry frames: a connected SOCK_SEQPACKET or SOCK_DGRAM
 * socket. 0, or TEL_EINVAL with a sentence naming the fd and the fix in @err.
 */
int io_sock_check(int fd, struct io_err *err);
/*
 * A transport on @fd (made non-blocking), receiving through @rxbuf
 * (IO_SOCK_RXBUF octets, may be shared by the sockets of one run loop).
 * TEL_EINVAL (not an open fd) or TEL_ENOMEM; the fd is closed by io_ops.close
 * only (io_free() leaves it open).
 */
int io_sock_open(int fd, uint8_t *rxbuf, const struct io_err *err, struct io **out);

#endif /* TEL_IO_IO_H */
