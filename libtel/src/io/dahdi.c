// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DAHDI channels: the syscall table, opening a channel with errors a person
 * can act on, and names for signalling types and events.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "io/dahdi.h"

static int sys_open(void *user, const char *path, int flags)
{
	(void)user;
	return open(path, flags);
}

static int sys_close(void *user, int fd)
{
	(void)user;
	return close(fd);
}

static ssize_t sys_read(void *user, int fd, void *buf, size_t len)
{
	(void)user;
	return read(fd, buf, len);
}

static ssize_t sys_write(void *user, int fd, const void *buf, size_t len)
{
	(void)user;
	return write(fd, buf, len);
}

static int sys_ioctl(void *user, int fd, unsigned long req, void *arg)
{
	(void)user;
	return ioctl(fd, req, arg);
}

static int sys_poll_fd(void *user, int fd, short *events)
{
	(void)user;
	(void)events;
	return fd;
}

const struct tel_dahdi_ops tel_dahdi_sys_ops = {
	.open = sys_open,
	.close = sys_close,
	.read = sys_read,
	.write = sys_write,
	.ioctl = sys_ioctl,
	.poll_fd = sys_poll_fd,
};

static const struct {
	int sig;
	const char *name;
	enum dahdi_chan_kind kind;
} sigs[] = {
	{ DAHDI_SIG_HDLCFCS, "HDLCFCS", DAHDI_KIND_DCHAN },
	{ DAHDI_SIG_HARDHDLC, "HARDHDLC", DAHDI_KIND_DCHAN },
	{ DAHDI_SIG_FXSLS, "FXSLS", DAHDI_KIND_FXO },
	{ DAHDI_SIG_FXSKS, "FXSKS", DAHDI_KIND_FXO },
	{ DAHDI_SIG_FXSGS, "FXSGS", DAHDI_KIND_FXO },
	{ DAHDI_SIG_FXOLS, "FXOLS", DAHDI_KIND_FXS },
	{ DAHDI_SIG_FXOKS, "FXOKS", DAHDI_KIND_FXS },
	{ DAHDI_SIG_FXOGS, "FXOGS", DAHDI_KIND_FXS },
	{ DAHDI_SIG_HDLCRAW, "HDLCRAW", DAHDI_KIND_NONE },
	{ DAHDI_SIG_HDLCNET, "HDLCNET", DAHDI_KIND_NONE },
	{ DAHDI_SIG_CLEAR, "CLEAR", DAHDI_KIND_NONE },
	{ DAHDI_SIG_EM, "EM", DAHDI_KIND_NONE },
	{ DAHDI_SIG_CAS, "CAS", DAHDI_KIND_NONE },
	{ DAHDI_SIG_DACS, "DACS", DAHDI_KIND_NONE },
	{ DAHDI_SIG_MTP2, "MTP2", DAHDI_KIND_NONE },
	{ DAHDI_SIG_NONE, "NONE", DAHDI_KIND_NONE },
};

enum dahdi_chan_kind dahdi_sig_kind(int sigtype)
{
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigs[i].sig == sigtype)
			return sigs[i].kind;
	return DAHDI_KIND_NONE;
}

const char *dahdi_sig_name(int sigtype)
{
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigs[i].sig == sigtype)
			return sigs[i].name;
	return "unknown";
}

static const char *const event_names[] = {
	[DAHDI_EVENT_NONE] = "NONE",
	[DAHDI_EVENT_ONHOOK] = "ONHOOK",
	[DAHDI_EVENT_RINGOFFHOOK] = "RINGOFFHOOK",
	[DAHDI_EVENT_WINKFLASH] = "WINKFLASH",
	[DAHDI_EVENT_ALARM] = "ALARM",
	[DAHDI_EVENT_NOALARM] = "NOALARM",
	[DAHDI_EVENT_ABORT] = "ABORT",
	[DAHDI_EVENT_OVERRUN] = "OVERRUN",
	[DAHDI_EVENT_BADFCS] = "BADFCS",
	[DAHDI_EVENT_DIALCOMPLETE] = "DIALCOMPLETE",
	[DAHDI_EVENT_RINGERON] = "RINGERON",
	[DAHDI_EVENT_RINGEROFF] = "RINGEROFF",
	[DAHDI_EVENT_HOOKCOMPLETE] = "HOOKCOMPLETE",
	[DAHDI_EVENT_BITSCHANGED] = "BITSCHANGED",
	[DAHDI_EVENT_PULSE_START] = "PULSE_START",
	[DAHDI_EVENT_TIMER_EXPIRED] = "TIMER_EXPIRED",
	[DAHDI_EVENT_TIMER_PING] = "TIMER_PING",
	[DAHDI_EVENT_POLARITY] = "POLARITY",
	[DAHDI_EVENT_RINGBEGIN] = "RINGBEGIN",
	[DAHDI_EVENT_EC_DISABLED] = "EC_DISABLED",
	[DAHDI_EVENT_REMOVED] = "REMOVED",
};

const char *dahdi_event_name(int ev)
{
	if (ev >= 0 && (size_t)ev < sizeof(event_names) / sizeof(event_names[0]) &&
	    event_names[ev])
		return event_names[ev];
	return "?";
}

/* errno of open() -> TEL_E* and a sentence with the fix */
static int open_error(tel_ctx *ctx, const char *path, int err)
{
	switch (err) {
	case ENOENT:
		ctx_set_error(ctx, "%s: no such channel (is the span assigned? try: "
			      "dahdi_span_assignments auto)", path);
		return TEL_EIO;
	case ENXIO:
	case ENODEV:
		ctx_set_error(ctx, "%s: channel not configured (set its signalling in "
			      "/etc/dahdi/system.conf and run dahdi_cfg)", path);
		return TEL_EIO;
	case EACCES:
	case EPERM:
		ctx_set_error(ctx, "%s: permission denied (run as root or add the user to "
			      "the group that owns /dev/dahdi)", path);
		return TEL_EIO;
	case EBUSY:
		ctx_set_error(ctx, "%s: channel busy (another program has it open; stop it "
			      "or pick another channel)", path);
		return TEL_EBUSY;
	default:
		ctx_set_error(ctx, "%s: cannot open: %s", path, strerror(err));
		return TEL_EIO;
	}
}

int dahdi_chan_open(tel_ctx *ctx, const struct tel_dahdi_ops *ops, const char *path,
		    struct dahdi_chan_info *info)
{
	struct dahdi_params p;
	int f, rc;

	f = ops->open(ops->user, path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (f < 0)
		return open_error(ctx, path, errno);
	memset(&p, 0, sizeof(p));
	if (ops->ioctl(ops->user, f, DAHDI_GET_PARAMS, &p) < 0) {
		int err = errno;

		if (err == ENOTTY || err == EINVAL) {
			ctx_set_error(ctx, "%s: not a DAHDI channel (give a path like "
				      "/dev/dahdi/chan/001/024)", path);
			rc = TEL_EINVAL;
		} else {
			rc = open_error(ctx, path, err);
		}
		ops->close(ops->user, f);
		return rc;
	}
	info->kind = dahdi_sig_kind(p.sigtype);
	if (info->kind == DAHDI_KIND_NONE) {
		if (!p.sigtype)
			ctx_set_error(ctx, "%s: channel not configured (set its signalling in "
				      "/etc/dahdi/system.conf and run dahdi_cfg)", path);
		else
			ctx_set_error(ctx, "%s: signalling %s is neither a PRI D-channel "
				      "(hardhdlc) nor FXS/FXO (fxsks, fxoks, ...): change it in "
				      "/etc/dahdi/system.conf and run dahdi_cfg", path,
				      dahdi_sig_name(p.sigtype));
		ops->close(ops->user, f);
		return p.sigtype ? TEL_ENOTSUP : TEL_EIO;
	}
	info->fd = f;
	info->chanpos = p.chanpos;
	info->channo = p.channo;
	info->alarms = p.chan_alarms;
	return 0;
}
