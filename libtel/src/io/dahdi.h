/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DAHDI channels (/dev/dahdi/chan/SSS/CCC) as transports: a D-channel
 * (io/dahdi_d.c) carries LAPD frames, an analog channel (io/dahdi_analog.c)
 * hook events and requests. The system calls go through a small table so
 * that unit tests can put a fake channel behind a line
 * (tel_ctx_set_dahdi_ops()); by default they are the real syscalls.
 *
 * Errors of the open path are mapped to a TEL_E* value plus a sentence for
 * a person in the caller's buffer (struct io_err; the session's is
 * tel_ctx_last_error()):
 *
 *   errno of open()/ioctl()   TEL_E*        sentence names the fix
 *   ENOENT                    TEL_EIO       is the span assigned? dahdi_span_assignments auto
 *   ENXIO, ENODEV             TEL_EIO       channel not configured: dahdi_cfg
 *   EACCES, EPERM             TEL_EIO       permission: root or the dahdi group
 *   EBUSY                     TEL_EBUSY     another program has the channel open
 *   ENOTTY, EINVAL (params)   TEL_EINVAL    not a DAHDI channel
 *   signalling unknown        TEL_ENOTSUP   set the signalling in system.conf, run dahdi_cfg
 *   anything else             TEL_EIO       strerror()
 */
#ifndef TEL_IO_DAHDI_H
#define TEL_IO_DAHDI_H

#include <stddef.h>
#include <sys/types.h>

#include "io/io.h"

/*
 * System calls on a channel. Each returns what the syscall returns (-1 with
 * errno set on failure), so the real table is a set of one-line wrappers.
 * poll_fd() names what tel_ctx_run() polls for a channel: the channel's fd
 * itself with @events (POLLIN for frames, POLLPRI for events) for the real
 * kernel; a fake returns its own descriptor and may rewrite @events.
 */
struct tel_dahdi_ops {
	int (*open)(void *user, const char *path, int flags);
	int (*close)(void *user, int fd);
	ssize_t (*read)(void *user, int fd, void *buf, size_t len);
	ssize_t (*write)(void *user, int fd, const void *buf, size_t len);
	int (*ioctl)(void *user, int fd, unsigned long req, void *arg);
	int (*poll_fd)(void *user, int fd, short *events);
	void *user;
};

/* The real system calls. */
extern const struct tel_dahdi_ops tel_dahdi_sys_ops;

/* What a channel's signalling makes of it. */
enum dahdi_chan_kind {
	DAHDI_KIND_NONE,	/* not configured / not something libtel drives */
	DAHDI_KIND_DCHAN,	/* HDLC with FCS: the D-channel of a PRI span */
	DAHDI_KIND_FXO,		/* FXS signalling: an FXO port on a CO line (we are the phone) */
	DAHDI_KIND_FXS,		/* FXO signalling: an FXS port driving a phone */
};

enum dahdi_chan_kind dahdi_sig_kind(int sigtype);
/* "HDLCFCS", "FXSKS", ...; "0x..." style is not needed: unknown gives "unknown" */
const char *dahdi_sig_name(int sigtype);
/* "ONHOOK", "RINGOFFHOOK", "BADFCS", ... */
const char *dahdi_event_name(int ev);

/* Receive buffers for a D-channel: LAPD frames up to N201 + header + FCS fit. */
#define DAHDI_D_BUFSIZE		1024
#define DAHDI_D_NUMBUFS		16
#define DAHDI_FCS_LEN		2	/* FCS octets after a frame on read, placeholders on write */
#define DAHDI_BCHAN_MAX		31	/* timeslots of an E1 span */

struct dahdi_chan_info {
	enum dahdi_chan_kind kind;
	int chanpos;		/* channel number in its span */
	int channo;		/* DAHDI's global channel number */
	unsigned alarms;	/* the channel's alarms when opened; 0 none */
};

/* What a channel's transport counts. */
struct dahdi_counters {
	bool alarm;		/* the channel reports a layer 1 alarm */
	uint32_t badfcs;	/* frames dropped: bad FCS (DAHDI_EVENT_BADFCS) */
	uint32_t rx_errors;	/* HDLC aborts, overruns, frames too short */
	uint32_t tx_dropped;	/* frames not sent: in alarm, or write failed */
	uint32_t alarms;	/* ALARM events seen */
};

/* A DAHDI channel's transport: the common part first (io/dahdi*.c only). */
struct dahdi_io {
	struct io io;
	struct tel_dahdi_ops ops;	/* copied at open */
	char path[64];			/* for messages; cut if longer */
	enum dahdi_chan_kind kind;
	int chanpos;
	int channo;			/* global channel number: B-channels are near it */
	struct dahdi_counters cnt;
	/* B-channels in a conference: their own fds (DAHDI_SETCONF needs a B-channel in
	 * audio mode, set on its own fd; closing it takes it out); -1: not open */
	int bfd[DAHDI_BCHAN_MAX + 1];
};

/*
 * io_dahdi_open() - open @path non-blocking, read its parameters into @info
 * and make the transport its signalling asks for: a D-channel (frames) or
 * an analog channel (events, hook, dial). On failure nothing stays open and
 * @err says what went wrong and the fix. Returns 0 or a TEL_E* as in the
 * table above (TEL_ENOMEM: "PATH: out of memory").
 */
int io_dahdi_open(const struct tel_dahdi_ops *ops, const char *path, struct io_err *err,
		  struct dahdi_chan_info *info, struct io **out);
/* A D-channel's receive buffers made large enough for LAPD frames; TEL_EIO in io->err. */
int io_dahdi_d_buffers(struct io *io);
/* The counters of a DAHDI transport (@io from io_dahdi_open()). */
const struct dahdi_counters *io_dahdi_counters(const struct io *io);

/* io/dahdi.c, for the kinds: "PATH: WHAT: strerror" in io->err; TEL_EBUSY or TEL_EIO. */
int dahdi_io_errno(struct dahdi_io *d, const char *what, int err);
/*
 * The events every DAHDI channel has (ALARM, NOALARM, REMOVED): counted and
 * passed up (REMOVED also closes the transport, naming it unless an earlier
 * error is said already). Returns false for any other event.
 */
bool dahdi_io_chan_event(struct dahdi_io *d, int ev);
/*
 * Conferences: @bchan 0 the channel itself (an analog port); else B-channel
 * (timeslot) @bchan of the D-channel's span, opened next to it
 * (/dev/dahdi/chan/SSS/CCC) for as long as it is in the conference.
 * Returns the channel for dahdi_io_conf_leave() or a TEL_E* with the reason
 * in io->err.
 */
int dahdi_io_conf_join(struct io *io, int bchan, int *confno);
void dahdi_io_conf_leave(struct io *io, int chan);
void dahdi_io_close(struct io *io);
extern const struct io_ops dahdi_d_io_ops;		/* io/dahdi_d.c */
extern const struct io_ops dahdi_analog_io_ops;	/* io/dahdi_analog.c */

#endif /* TEL_IO_DAHDI_H */
