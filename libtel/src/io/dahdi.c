// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DAHDI channels: the syscall table, opening a channel with errors a person
 * can act on, names for signalling types and events, and what the D-channel
 * and the analog transports share (conferences, errors, closing).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "io/dahdi.h"
#include "libtel/tel.h"

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
static int open_error(struct io_err *e, const char *call, const char *path, int err)
{
	switch (err) {
	case ENOENT:
		io_err_set(e, call, err, "%s: no such channel (is the span assigned? try: "
			   "dahdi_span_assignments auto)", path);
		return TEL_EIO;
	case ENXIO:
	case ENODEV:
		io_err_set(e, call, err, "%s: channel not configured (set its signalling in "
			   "/etc/dahdi/system.conf and run dahdi_cfg)", path);
		return TEL_EIO;
	case EACCES:
	case EPERM:
		io_err_set(e, call, err, "%s: permission denied (run as root or add the user "
			   "to the group that owns /dev/dahdi)", path);
		return TEL_EIO;
	case EBUSY:
		io_err_set(e, call, err, "%s: channel busy (another program has it open; stop "
			   "it or pick another channel)", path);
		return TEL_EBUSY;
	default:
		io_err_set(e, call, err, "%s: cannot open: %s", path, strerror(err));
		return TEL_EIO;
	}
}

/* Open @path and read its parameters into @info; @fd the channel's. */
static int chan_open(const struct tel_dahdi_ops *ops, const char *path, struct io_err *e,
		     struct dahdi_chan_info *info, int *fd)
{
	struct dahdi_params p;
	int f, rc;

	f = ops->open(ops->user, path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (f < 0)
		return open_error(e, "open", path, errno);
	memset(&p, 0, sizeof(p));
	if (ops->ioctl(ops->user, f, DAHDI_GET_PARAMS, &p) < 0) {
		int err = errno;

		if (err == ENOTTY || err == EINVAL) {
			io_err_set(e, "DAHDI_GET_PARAMS", err, "%s: not a DAHDI channel (give a "
				   "path like /dev/dahdi/chan/001/024)", path);
			rc = TEL_EINVAL;
		} else {
			rc = open_error(e, "DAHDI_GET_PARAMS", path, err);
		}
		ops->close(ops->user, f);
		return rc;
	}
	info->kind = dahdi_sig_kind(p.sigtype);
	if (info->kind == DAHDI_KIND_NONE) {
		if (!p.sigtype)
			io_err_set(e, NULL, 0, "%s: channel not configured (set its signalling "
				   "in /etc/dahdi/system.conf and run dahdi_cfg)", path);
		else
			io_err_set(e, NULL, 0, "%s: signalling %s is neither a PRI D-channel "
				   "(hardhdlc) nor FXS/FXO (fxsks, fxoks, ...): change it in "
				   "/etc/dahdi/system.conf and run dahdi_cfg", path,
				   dahdi_sig_name(p.sigtype));
		ops->close(ops->user, f);
		return p.sigtype ? TEL_ENOTSUP : TEL_EIO;
	}
	*fd = f;
	info->chanpos = p.chanpos;
	info->channo = p.channo;
	info->alarms = p.chan_alarms;
	return 0;
}

int io_dahdi_open(const struct tel_dahdi_ops *ops, const char *path, struct io_err *err,
		  struct dahdi_chan_info *info, struct io **out)
{
	struct dahdi_io *d = malloc(sizeof(*d));
	short ev;
	int rc, fd = -1;

	if (!d) {
		io_err_set(err, NULL, ENOMEM, "%s: out of memory", path);
		return TEL_ENOMEM;
	}
	rc = chan_open(ops, path, err, info, &fd);
	if (rc) {
		free(d);
		return rc;
	}
	io_init(&d->io, info->kind == DAHDI_KIND_DCHAN ? &dahdi_d_io_ops : &dahdi_analog_io_ops,
		err);
	d->ops = *ops;
	snprintf(d->path, sizeof(d->path), "%s", path);
	d->kind = info->kind;
	d->chanpos = info->chanpos;
	d->channo = info->channo;
	memset(&d->cnt, 0, sizeof(d->cnt));
	d->cnt.alarm = info->alarms != 0;
	for (int i = 0; i <= DAHDI_BCHAN_MAX; i++)
		d->bfd[i] = -1;
	d->io.fd = fd;
	/* D-channel: frames (POLLIN) and events (POLLPRI); analog: events only,
	 * the audio a voice channel always has to read is not ours */
	ev = info->kind == DAHDI_KIND_DCHAN ? POLLIN | POLLPRI : POLLPRI;
	d->io.poll_fd = ops->poll_fd(ops->user, fd, &ev);
	d->io.poll_events = ev;
	*out = &d->io;
	return 0;
}

int io_dahdi_d_buffers(struct io *io)
{
	struct dahdi_io *d = (struct dahdi_io *)io;
	struct dahdi_bufferinfo bi;

	/* the default buffers (160 octets) are too small for a LAPD frame of N201 */
	memset(&bi, 0, sizeof(bi));
	bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.numbufs = DAHDI_D_NUMBUFS;
	bi.bufsize = DAHDI_D_BUFSIZE;
	if (d->ops.ioctl(d->ops.user, io->fd, DAHDI_SET_BUFINFO, &bi) < 0) {
		io_err_set(&io->err, "DAHDI_SET_BUFINFO", errno, "%s: DAHDI_SET_BUFINFO: %s",
			   d->path, strerror(errno));
		return TEL_EIO;
	}
	/* the first frames come from the run loop: their slots in txq are there already */
	if (frameq_reserve(&io->txq)) {
		io_err_set(&io->err, NULL, ENOMEM, "%s: out of memory", d->path);
		return TEL_ENOMEM;
	}
	return 0;
}

const struct dahdi_counters *io_dahdi_counters(const struct io *io)
{
	return &((const struct dahdi_io *)io)->cnt;
}

int dahdi_io_errno(struct dahdi_io *d, const char *what, int err)
{
	io_err_set(&d->io.err, what, err, "%s: %s: %s", d->path, what, strerror(err));
	return err == EBUSY ? TEL_EBUSY : TEL_EIO;
}

bool dahdi_io_chan_event(struct dahdi_io *d, int ev)
{
	switch (ev) {
	case DAHDI_EVENT_ALARM:
		/* layer 1 down (a span), battery lost (a port): nothing gets through */
		d->cnt.alarm = true;
		d->cnt.alarms++;
		io_event_up(&d->io, IO_EV_ALARM);
		return true;
	case DAHDI_EVENT_NOALARM:
		d->cnt.alarm = false;
		io_event_up(&d->io, IO_EV_NOALARM);
		return true;
	case DAHDI_EVENT_REMOVED:
		if (d->io.err.msg && !d->io.err.msg[0])
			dahdi_io_errno(d, "channel removed", ENODEV);
		io_closed(&d->io);
		io_event_up(&d->io, IO_EV_REMOVED);
		return true;
	default:
		return false;
	}
}

/*
 * Conferences. On DAHDI's core a B-channel (bchan= in system.conf: a clear
 * channel) carries no audio, and DAHDI_SETCONF refuses it (EINVAL), until
 * DAHDI_AUDIOMODE is set on its own fd; closing that fd takes it out of the
 * conference again. So a PRI call's B-channel is opened while it is in a
 * conference, as chan_dahdi does: its device is next to the D-channel's
 * (/dev/dahdi/chan/SSS/CCC with CCC its timeslot). The handle for
 * dahdi_io_conf_leave() is its global channel number: the span's channels
 * are numbered consecutively, so timeslot n is channo - chanpos + n.
 */
static int setconf(struct dahdi_io *d, int fd, int confno, const char *path, const char *what)
{
	struct dahdi_confinfo ci;

	memset(&ci, 0, sizeof(ci));
	ci.confno = confno;
	ci.confmode = confno ? DAHDI_CONF_CONF | DAHDI_CONF_TALKER | DAHDI_CONF_LISTENER :
			       DAHDI_CONF_NORMAL;	/* confno 0: off every conference */
	if (d->ops.ioctl(d->ops.user, fd, DAHDI_SETCONF, &ci) < 0) {
		int err = errno;

		io_err_set(&d->io.err, "DAHDI_SETCONF", err, "%s: DAHDI_SETCONF (%s): %s", path,
			   what, strerror(err));
		return err == EBUSY ? TEL_EBUSY : TEL_EIO;
	}
	return ci.confno;
}

static int bchan_open(struct dahdi_io *d, int bchan, char *path, size_t size)
{
	const char *slash = strrchr(d->path, '/');
	size_t n = slash ? (size_t)(slash - d->path) + 1 : 0;
	int fd, on = 1;

	/* the D-channel's name must end in its number: /dev/dahdi/chan/SSS/CCC */
	if (!slash || !slash[1] || strspn(slash + 1, "0123456789") != strlen(slash + 1)) {
		io_err_set(&d->io.err, NULL, 0, "%s: B-channel %d into a conference: its device "
			   "is found next to the D-channel's; open the D-channel as "
			   "/dev/dahdi/chan/SSS/CCC", d->path, bchan);
		return TEL_ENOTSUP;
	}
	snprintf(path, size, "%.*s%03d", (int)n, d->path, bchan);
	fd = d->ops.open(d->ops.user, path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return open_error(&d->io.err, "open", path, errno);
	/* only a clear channel takes it (EINVAL otherwise): SETCONF says if that matters */
	if (d->ops.ioctl(d->ops.user, fd, DAHDI_AUDIOMODE, &on) < 0 && errno != EINVAL) {
		int err = errno;

		io_err_set(&d->io.err, "DAHDI_AUDIOMODE", err, "%s: DAHDI_AUDIOMODE: %s", path,
			   strerror(err));
		d->ops.close(d->ops.user, fd);
		return TEL_EIO;
	}
	d->bfd[bchan] = fd;
	return 0;
}

int dahdi_io_conf_join(struct io *io, int bchan, int *confno)
{
	struct dahdi_io *d = (struct dahdi_io *)io;
	char path[80];
	int rc;

	if (!bchan) {
		rc = setconf(d, io->fd, *confno ? *confno : -1, d->path, "join conference");
		if (rc < 0)
			return rc;
		*confno = rc;	/* -1 asked DAHDI for a free one */
		return 0;
	}
	if (bchan < 1 || bchan > DAHDI_BCHAN_MAX) {
		io_err_set(&io->err, NULL, 0, "%s: no B-channel %d on a span", d->path, bchan);
		return TEL_EINVAL;
	}
	if (d->bfd[bchan] < 0) {
		rc = bchan_open(d, bchan, path, sizeof(path));
		if (rc)
			return rc;
	} else {
		snprintf(path, sizeof(path), "%s: B-channel %d", d->path, bchan);
	}
	rc = setconf(d, d->bfd[bchan], *confno ? *confno : -1, path,
		     "B-channel into conference");
	if (rc < 0) {
		d->ops.close(d->ops.user, d->bfd[bchan]);
		d->bfd[bchan] = -1;
		return rc;
	}
	*confno = rc;
	return d->channo - d->chanpos + bchan;
}

void dahdi_io_conf_leave(struct io *io, int chan)
{
	struct dahdi_io *d = (struct dahdi_io *)io;
	int bchan = chan ? chan - (d->channo - d->chanpos) : 0;

	if (!chan) {
		setconf(d, io->fd, 0, d->path, "leave conference");
		return;
	}
	if (bchan < 1 || bchan > DAHDI_BCHAN_MAX || d->bfd[bchan] < 0)
		return;
	/* closing alone takes it out; saying so first keeps the order DAHDI logs */
	setconf(d, d->bfd[bchan], 0, d->path, "B-channel out of conference");
	d->ops.close(d->ops.user, d->bfd[bchan]);
	d->bfd[bchan] = -1;
}

void dahdi_io_close(struct io *io)
{
	struct dahdi_io *d = (struct dahdi_io *)io;

	for (int i = 1; i <= DAHDI_BCHAN_MAX; i++)
		if (d->bfd[i] >= 0)
			d->ops.close(d->ops.user, d->bfd[i]);
	d->ops.close(d->ops.user, io->fd);
	io_free(io);
}
