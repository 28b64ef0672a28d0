/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake DAHDI for unit tests: channels in memory behind the DAHDI syscall
 * table (tel_ctx_set_dahdi_ops()). Each channel records its ioctls and the
 * frames written to it, lets the test inject events and received frames,
 * and has an eventfd that is readable while something is pending, so
 * tel_ctx_run()'s poll wakes as it would on POLLIN/POLLPRI of a real channel.
 *
 * As DAHDI does: read() and write() fail with ELAST while events are pending;
 * D-channel reads give the frame plus 2 FCS octets. Two D-channels can be
 * cross-connected (fake_link()): a frame written on one, less its 2
 * placeholder octets, arrives on the other with a real FCS appended.
 * Conferences as DAHDI's core has them: DAHDI_SETCONF acts on the fd's own
 * channel (or the one confinfo.chan names) and fails with EINVAL unless that
 * channel carries audio; a clear channel (a PRI B-channel, bchan= in
 * system.conf) does so only after DAHDI_AUDIOMODE on its own fd, and closing
 * a channel takes it out of its conference and out of audio mode.
 * B-channels are channels of their own (fake_add_bchan()). A frame written
 * towards a linked channel that is not open is lost, as on the real core.
 * Only the fake itself: a context over it that records every event (struct
 * world) is in fake_dahdi_world.h. Include after <cmocka.h> and "libtel/tel.h".
 */
#ifndef TEL_FAKE_DAHDI_H
#define TEL_FAKE_DAHDI_H

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "io/dahdi.h"

#define FAKE_CHANS	8
#define FAKE_FRAMES	64
#define FAKE_FRAME_MAX	300
#define FAKE_IOCTLS	256
#define FAKE_FD_BASE	1000	/* channel fds are not real descriptors */

struct fake_ioctl {
	unsigned long req;
	int arg;			/* DAHDI_HOOK */
	struct dahdi_confinfo ci;	/* DAHDI_SETCONF as issued (confno before allocation) */
};

struct fake_frame {
	size_t len;
	uint8_t data[FAKE_FRAME_MAX];
};

struct fake_chan {
	const char *path;
	int sigtype, chanpos, channo;
	unsigned alarms;
	int open_errno, params_errno;	/* make open / DAHDI_GET_PARAMS fail */
	int getevent_errno;		/* make DAHDI_GETEVENT fail (ENODEV: device gone) */
	int opens, closes;
	int open_now;			/* opened and not closed since */
	bool audiomode;			/* DAHDI_AUDIOMODE 1 on a clear channel */
	int confno;			/* the conference DAHDI_SETCONF put it in; 0: none */
	int efd;
	bool signalled;
	struct fake_chan *link;		/* cross-connected D-channel */
	bool drop_tx;			/* written frames vanish (cut cable) */
	struct fake_frame rx[FAKE_FRAMES];
	unsigned rxhead, rxn;
	int ev[FAKE_FRAMES];
	unsigned evhead, evn;
	struct fake_frame tx[FAKE_FRAMES];	/* as written, placeholders included */
	unsigned ntx;
	struct fake_ioctl io[FAKE_IOCTLS];
	unsigned nio;
};

struct fake_dahdi {
	struct fake_chan chan[FAKE_CHANS];
	int next_confno;
	int enoent_opens;		/* opens of paths no channel has */
};

static inline uint16_t fake_fcs(const uint8_t *p, size_t len)
{
	uint16_t crc = 0xffff;	/* CRC-16/X.25 */

	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc & 1) ? (crc >> 1) ^ 0x8408 : crc >> 1;
	}
	return (uint16_t)~crc;
}

static inline void fake_level(struct fake_chan *c)
{
	bool pending = c->rxn || c->evn;
	uint64_t v = 1;

	if (pending && !c->signalled)
		assert_int_equal(write(c->efd, &v, sizeof(v)), sizeof(v));
	else if (!pending && c->signalled)
		assert_int_equal(read(c->efd, &v, sizeof(v)), sizeof(v));
	c->signalled = pending;
}

/* A frame the channel receives; @fcs: append its 2 FCS octets (as DAHDI does). */
static inline void fake_rx(struct fake_chan *c, const uint8_t *p, size_t len, bool fcs)
{
	struct fake_frame *f;

	assert_true(c->rxn < FAKE_FRAMES);
	assert_true(len + 2 <= FAKE_FRAME_MAX);
	f = &c->rx[(c->rxhead + c->rxn++) % FAKE_FRAMES];
	memcpy(f->data, p, len);
	f->len = len;
	if (fcs) {
		uint16_t x = fake_fcs(p, len);

		f->data[len] = (uint8_t)x;
		f->data[len + 1] = (uint8_t)(x >> 8);
		f->len += 2;
	}
	fake_level(c);
}

static inline void fake_event(struct fake_chan *c, int ev)
{
	assert_true(c->evn < FAKE_FRAMES);
	c->ev[(c->evhead + c->evn++) % FAKE_FRAMES] = ev;
	fake_level(c);
}

static inline struct fake_chan *fake_chan_of(struct fake_dahdi *d, int fd)
{
	assert_true(fd >= FAKE_FD_BASE && fd < FAKE_FD_BASE + FAKE_CHANS);
	return &d->chan[fd - FAKE_FD_BASE];
}

static int fake_open(void *user, const char *path, int flags)
{
	struct fake_dahdi *d = user;

	(void)flags;
	for (int i = 0; i < FAKE_CHANS; i++) {
		struct fake_chan *c = &d->chan[i];

		if (!c->path || strcmp(c->path, path))
			continue;
		if (c->open_errno) {
			errno = c->open_errno;
			return -1;
		}
		c->opens++;
		c->open_now++;
		c->audiomode = false;	/* as DAHDI's initialize_channel() on open */
		return FAKE_FD_BASE + i;
	}
	d->enoent_opens++;
	errno = ENOENT;
	return -1;
}

static int fake_close(void *user, int fd)
{
	struct fake_chan *c = fake_chan_of(user, fd);

	c->closes++;
	c->open_now--;
	c->confno = 0;		/* close_channel(): out of its conference */
	c->audiomode = false;
	return 0;
}

/* Does @c carry audio? DAHDI: not a clear channel (sigtype with the CLEAR
 * bit: clear, HDLC) unless put in audio mode. */
static inline bool fake_audio(const struct fake_chan *c)
{
	return c->audiomode || (c->sigtype & DAHDI_SIG_CLEAR) != DAHDI_SIG_CLEAR;
}

static ssize_t fake_read(void *user, int fd, void *buf, size_t len)
{
	struct fake_chan *c = fake_chan_of(user, fd);
	struct fake_frame *f;

	if (c->evn) {
		errno = ELAST;
		return -1;
	}
	if (!c->rxn) {
		errno = EAGAIN;
		return -1;
	}
	f = &c->rx[c->rxhead];
	c->rxhead = (c->rxhead + 1) % FAKE_FRAMES;
	c->rxn--;
	fake_level(c);
	if (len > f->len)
		len = f->len;
	memcpy(buf, f->data, len);
	return (ssize_t)len;
}

static ssize_t fake_write(void *user, int fd, const void *buf, size_t len)
{
	struct fake_chan *c = fake_chan_of(user, fd);
	struct fake_frame *f;

	if (c->evn) {
		errno = ELAST;
		return -1;
	}
	assert_true(len <= FAKE_FRAME_MAX);
	f = &c->tx[c->ntx++ % FAKE_FRAMES];
	memcpy(f->data, buf, len);
	f->len = len;
	/* as on DAHDI's core: a channel nobody has open receives nothing */
	if (c->link && c->link->open_now > 0 && !c->drop_tx && len >= 2)
		fake_rx(c->link, buf, len - 2, true);
	return (ssize_t)len;
}

static int fake_ioctl(void *user, int fd, unsigned long req, void *arg)
{
	struct fake_dahdi *d = user;
	struct fake_chan *c = fake_chan_of(d, fd);
	struct fake_ioctl *l;

	assert_true(c->nio < FAKE_IOCTLS);
	l = &c->io[c->nio++];
	memset(l, 0, sizeof(*l));
	l->req = req;
	if (req == DAHDI_GET_PARAMS) {
		struct dahdi_params *p = arg;

		if (c->params_errno) {
			errno = c->params_errno;
			return -1;
		}
		p->sigtype = c->sigtype;
		p->chanpos = c->chanpos;
		p->channo = c->channo;
		p->chan_alarms = c->alarms;
		return 0;
	}
	if (req == DAHDI_GETEVENT) {
		int *ev = arg;

		*ev = DAHDI_EVENT_NONE;
		if (c->getevent_errno) {
			errno = c->getevent_errno;
			return -1;
		}
		if (c->evn) {
			*ev = c->ev[c->evhead];
			c->evhead = (c->evhead + 1) % FAKE_FRAMES;
			c->evn--;
			fake_level(c);
		}
		l->arg = *ev;
		return 0;
	}
	if (req == DAHDI_HOOK) {
		l->arg = *(int *)arg;
		/*
		 * DAHDI's core on a non-blocking fd (libtel opens them so): RING,
		 * START, WINK and FLASH start and answer EINPROGRESS rather than
		 * wait for the ring or wink to finish (seen in the VM).
		 */
		if (l->arg == DAHDI_RING || l->arg == DAHDI_START || l->arg == DAHDI_WINK ||
		    l->arg == DAHDI_FLASH) {
			errno = EINPROGRESS;
			return -1;
		}
		return 0;
	}
	if (req == DAHDI_SETCONF) {
		struct dahdi_confinfo *ci = arg;
		struct fake_chan *t = ci->chan ? NULL : c;

		l->ci = *ci;
		for (int i = 0; !t && i < FAKE_CHANS; i++)
			if (d->chan[i].path && d->chan[i].channo == ci->chan)
				t = &d->chan[i];
		if (!t || !fake_audio(t)) {
			errno = EINVAL;	/* dahdi_ioctl_setconf(): no such channel, or no audio */
			return -1;
		}
		if (ci->confno == -1)
			ci->confno = ++d->next_confno;
		ci->chan = t->channo;	/* DAHDI returns the real channel number */
		t->confno = ci->confno;
		return 0;
	}
	if (req == DAHDI_AUDIOMODE) {
		l->arg = *(int *)arg;
		if (c->sigtype != DAHDI_SIG_CLEAR) {
			errno = EINVAL;	/* only literal clear channels */
			return -1;
		}
		c->audiomode = *(int *)arg != 0;
		return 0;
	}
	if (req == DAHDI_SET_BUFINFO || req == DAHDI_DIAL)
		return 0;
	errno = ENOTTY;
	return -1;
}

static int fake_poll_fd(void *user, int fd, short *events)
{
	*events = POLLIN;	/* an eventfd: readable while a frame or event is pending */
	return fake_chan_of(user, fd)->efd;
}

static inline void fake_init(struct fake_dahdi *d)
{
	memset(d, 0, sizeof(*d));
	for (int i = 0; i < FAKE_CHANS; i++) {
		d->chan[i].efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		assert_true(d->chan[i].efd >= 0);
	}
}

static inline void fake_fini(struct fake_dahdi *d)
{
	for (int i = 0; i < FAKE_CHANS; i++)
		close(d->chan[i].efd);
}

static inline struct fake_chan *fake_add(struct fake_dahdi *d, int i, const char *path,
					 int sigtype)
{
	d->chan[i].path = path;
	d->chan[i].sigtype = sigtype;
	d->chan[i].chanpos = i + 1;
	d->chan[i].channo = 1000 + 32 * i + i + 1;	/* global numbers differ from positions */
	return &d->chan[i];
}

/* Channel @i as B-channel @bchan (a clear channel) of @dchan's span, at @path. */
static inline struct fake_chan *fake_add_bchan(struct fake_dahdi *d, int i, const char *path,
					       const struct fake_chan *dchan, int bchan)
{
	d->chan[i].path = path;
	d->chan[i].sigtype = DAHDI_SIG_CLEAR;
	d->chan[i].chanpos = bchan;
	d->chan[i].channo = dchan->channo - dchan->chanpos + bchan;
	return &d->chan[i];
}

static inline void fake_link(struct fake_chan *a, struct fake_chan *b)
{
	a->link = b;
	b->link = a;
}

static inline struct tel_dahdi_ops fake_ops(struct fake_dahdi *d)
{
	struct tel_dahdi_ops o = {
		.open = fake_open, .close = fake_close, .read = fake_read, .write = fake_write,
		.ioctl = fake_ioctl, .poll_fd = fake_poll_fd, .user = d,
	};

	return o;
}

/* Index of the @nth (0-based) ioctl @req in @c's log after position @from, or -1. */
static inline int fake_find_ioctl(const struct fake_chan *c, unsigned from, unsigned long req,
				  int nth)
{
	for (unsigned i = from; i < c->nio; i++)
		if (c->io[i].req == req && nth-- == 0)
			return (int)i;
	return -1;
}

static inline unsigned fake_count_ioctl(const struct fake_chan *c, unsigned long req)
{
	unsigned n = 0;

	for (unsigned i = 0; i < c->nio; i++)
		n += c->io[i].req == req;
	return n;
}

#endif /* TEL_FAKE_DAHDI_H */
