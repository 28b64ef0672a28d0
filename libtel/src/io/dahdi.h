/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DAHDI channels (/dev/dahdi/chan/SSS/CCC) as seen by libtel: the system calls
 * go through a small table so that unit tests can put a fake channel behind
 * a line (tel_ctx_set_dahdi_ops()); by default they are the real syscalls.
 *
 * Errors of the open path are mapped to a TEL_E* value plus a sentence for
 * a person in the context's last-error string (tel_ctx_last_error()):
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

#include "libtel/tel.h"

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

/*
 * tel_ctx_set_dahdi_ops() - use @ops (copied; NULL: the real syscalls) for
 * the DAHDI lines opened on @ctx from now on. Internal: for tests.
 */
void tel_ctx_set_dahdi_ops(tel_ctx *ctx, const struct tel_dahdi_ops *ops);

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

struct dahdi_chan_info {
	int fd;
	enum dahdi_chan_kind kind;
	int chanpos;		/* channel number in its span */
	int channo;		/* DAHDI's global channel number */
	unsigned alarms;	/* the channel's alarms when opened; 0 none */
};

/*
 * dahdi_chan_open() - open @path non-blocking and read its parameters into
 * @info. On failure nothing stays open and the context's last-error string
 * says what went wrong and the fix. Returns 0 or a TEL_E* as in the table above.
 */
int dahdi_chan_open(tel_ctx *ctx, const struct tel_dahdi_ops *ops, const char *path,
		    struct dahdi_chan_info *info);

/* Set the context's last-error string (printf style). */
void ctx_set_error(tel_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* TEL_IO_DAHDI_H */
