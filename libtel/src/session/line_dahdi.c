// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Lines on DAHDI channels: tel_line_open_dahdi(), the D-channel transport
 * (frames + 2 FCS octets, events behind ELAST) under the line's LAPD and
 * Q.931, and DAHDI conferences of analog channels. The analog call glue is
 * in line_analog.c.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <dahdi/user.h>

#include "session/session.h"

#define D_EVENTS_MAX	64	/* events handled per wake-up; the rest on the next */
#define D_READS_MAX	64	/* frames read per wake-up */

int dahdi_errno(struct tel_line *l, const char *what, int err)
{
	ctx_set_error(l->ctx, "%s: %s: %s", l->dahdi->path, what, strerror(err));
	return err == EBUSY ? TEL_EBUSY : TEL_EIO;
}

static int dioctl(struct tel_line *l, unsigned long req, void *arg)
{
	struct dahdi_line *dl = l->dahdi;

	return dl->ops.ioctl(dl->ops.user, l->fd, req, arg);
}

static void dead(struct tel_line *l)
{
	line_transport_closed(l);
}

/* ------------------------------------------------------------ D-channel --- */

/* Frames wait in txq and leave at the end of the round, as on socket lines. */
int dahdi_d_tx(void *io, const uint8_t *frame, size_t len)
{
	struct tel_line *l = io;

	if (l->fd_dead)
		return TEL_ELINK;
	if (l->dahdi->alarm) {
		l->dahdi->tx_dropped++;	/* layer 1 is down: lost, LAPD's timers notice */
		return 0;
	}
	/* at the queue's bound (line_txq_max()): lost, as on a noisy line, and counted */
	return frameq_push(&l->txq, frame, len);
}

void dahdi_d_flush(struct tel_line *l)
{
	struct dahdi_line *dl = l->dahdi;
	uint8_t buf[LAPD_MAX_FRAME + DAHDI_FCS_LEN];
	struct frameq_slot *s;

	while (!l->fd_dead && (s = frameq_peek(&l->txq))) {
		size_t n = (size_t)s->len + DAHDI_FCS_LEN;
		ssize_t r;

		/* DAHDI computes the FCS into the two placeholder octets */
		memcpy(buf, s->data, s->len);
		buf[s->len] = buf[s->len + 1] = 0;
		r = dl->ops.write(dl->ops.user, l->fd, buf, n);
		if (r < 0 && (errno == EAGAIN || errno == ELAST || errno == EINTR))
			return;		/* on POLLOUT, or after the pending events */
		frameq_pop(&l->txq);
		if (r == (ssize_t)n)
			continue;
		dl->tx_dropped++;
		if (r < 0 && (errno == ENODEV || errno == EBADF || errno == EIO)) {
			dahdi_errno(l, "write", errno);
			dead(l);
		}
	}
}

static void d_events(struct tel_line *l)
{
	struct dahdi_line *dl = l->dahdi;

	for (int i = 0; i < D_EVENTS_MAX; i++) {
		int ev = DAHDI_EVENT_NONE;

		if (dioctl(l, DAHDI_GETEVENT, &ev) < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				dahdi_errno(l, "DAHDI_GETEVENT", errno);
				dead(l);
			}
			return;
		}
		if (ev == DAHDI_EVENT_NONE)
			return;
		switch (ev) {
		case DAHDI_EVENT_BADFCS:
			dl->badfcs++;	/* the frame is gone; LAPD recovers by retransmission */
			break;
		case DAHDI_EVENT_ABORT:
		case DAHDI_EVENT_OVERRUN:
			dl->rx_errors++;
			break;
		case DAHDI_EVENT_ALARM:
			/* layer 1 down: nothing gets through, so LAPD's T200/N200 release
			 * the link and Q.931 sees it go down (T309 for active calls) */
			dl->alarm = true;
			dl->alarms++;
			if (l->cc) {	/* the data link is down at once (Q.921 PH-DEACTIVATE) */
				q931_cc_alarm(l->cc, true);
				line_cc_owed(l);
			}
			break;
		case DAHDI_EVENT_NOALARM:
			dl->alarm = false;
			if (l->cc) {	/* establish again */
				q931_cc_alarm(l->cc, false);
				line_cc_owed(l);
			}
			break;
		case DAHDI_EVENT_REMOVED:
			dahdi_errno(l, "channel removed", ENODEV);
			dead(l);
			return;
		default:
			break;
		}
	}
}

void dahdi_d_ready(struct tel_line *l, short revents)
{
	struct dahdi_line *dl = l->dahdi;
	uint8_t buf[DAHDI_D_BUFSIZE];

	(void)revents;	/* reads say what is there: frames, ELAST for events, EAGAIN */
	for (int i = 0; i < D_READS_MAX && !l->fd_dead; i++) {
		ssize_t r = dl->ops.read(dl->ops.user, l->fd, buf, sizeof(buf));

		if (r > DAHDI_FCS_LEN) {
			lapd_rx_frame(l->lapd, buf, (size_t)r - DAHDI_FCS_LEN);
			continue;
		}
		if (r >= 0) {
			dl->rx_errors++;	/* no room for address + control: not a frame */
			if (!r)
				break;
			continue;
		}
		if (errno == ELAST) {
			d_events(l);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			dahdi_errno(l, "read", errno);
			dead(l);
		}
		break;
	}
	if (l->txq.count)
		dahdi_d_flush(l);
}

/* ---------------------------------------------------------- conferences --- */

int dahdi_conf_join(struct tel_line *l, struct tel_conf *cf)
{
	struct dahdi_line *dl = l->dahdi;
	struct dahdi_confinfo ci;

	/* PRI B-channels would need their device path: not known to the line yet */
	if (!dl || l->kind != LINE_ANALOG || dl->conf == cf)
		return 0;
	if (dl->conf)
		dahdi_conf_leave(l);
	memset(&ci, 0, sizeof(ci));
	ci.chan = 0;				/* this fd's channel */
	ci.confno = cf->dahdi_confno ? cf->dahdi_confno : -1;	/* -1: DAHDI picks a free one */
	ci.confmode = DAHDI_CONF_CONF | DAHDI_CONF_TALKER | DAHDI_CONF_LISTENER;
	if (dioctl(l, DAHDI_SETCONF, &ci) < 0)
		return dahdi_errno(l, "DAHDI_SETCONF (join conference)", errno);
	cf->dahdi_confno = ci.confno;
	cf->dahdi_joined++;
	dl->conf = cf;
	return 0;
}

void dahdi_conf_leave(struct tel_line *l)
{
	struct dahdi_line *dl = l->dahdi;
	struct dahdi_confinfo ci;
	struct tel_conf *cf;

	if (!dl || !dl->conf)
		return;
	cf = dl->conf;
	memset(&ci, 0, sizeof(ci));
	ci.confmode = DAHDI_CONF_NORMAL;	/* confno 0: off every conference */
	if (dioctl(l, DAHDI_SETCONF, &ci) < 0)
		dahdi_errno(l, "DAHDI_SETCONF (leave conference)", errno);
	if (!--cf->dahdi_joined)
		cf->dahdi_confno = 0;	/* empty: DAHDI may give the number to others */
	dl->conf = NULL;
}

/*
 * A PRI call's B-channel: the span's channels are numbered consecutively, so
 * B-channel (timeslot) n of the span is global channel channo - chanpos + n,
 * and DAHDI_SETCONF on the D-channel's fd may name it in confinfo.chan.
 */
int dahdi_bconf_join(struct tel_call *c, struct tel_conf *cf)
{
	struct tel_line *l = c->line;
	struct dahdi_line *dl = l->dahdi;
	struct dahdi_confinfo ci;

	if (c->dahdi_bconf)
		return 0;
	if (!c->info.bchan)
		return TEL_ESTATE;	/* no B-channel yet: nothing to hear */
	memset(&ci, 0, sizeof(ci));
	ci.chan = dl->channo - dl->chanpos + c->info.bchan;
	ci.confno = cf->dahdi_confno ? cf->dahdi_confno : -1;
	ci.confmode = DAHDI_CONF_CONF | DAHDI_CONF_TALKER | DAHDI_CONF_LISTENER;
	if (dioctl(l, DAHDI_SETCONF, &ci) < 0)
		return dahdi_errno(l, "DAHDI_SETCONF (B-channel into conference)", errno);
	cf->dahdi_confno = ci.confno;
	cf->dahdi_joined++;
	c->dahdi_bconf = ci.chan;
	return 0;
}

void dahdi_bconf_leave(struct tel_call *c)
{
	struct dahdi_confinfo ci;
	struct tel_conf *cf = c->conf;

	if (!c->dahdi_bconf)
		return;
	if (c->line && c->line->dahdi) {
		memset(&ci, 0, sizeof(ci));
		ci.chan = c->dahdi_bconf;
		ci.confmode = DAHDI_CONF_NORMAL;
		if (dioctl(c->line, DAHDI_SETCONF, &ci) < 0)
			dahdi_errno(c->line, "DAHDI_SETCONF (B-channel out of conference)", errno);
	}
	if (cf && !--cf->dahdi_joined)
		cf->dahdi_confno = 0;
	c->dahdi_bconf = 0;
}

/* ----------------------------------------------------------- life cycle --- */

void dahdi_line_close(struct tel_line *l)
{
	struct dahdi_line *dl = l->dahdi;

	dahdi_conf_leave(l);
	if (l->kind == LINE_ANALOG)
		analog_fini(&dl->an);
	dl->ops.close(dl->ops.user, l->fd);
	free(dl);
	l->dahdi = NULL;
}

static int open_d(tel_ctx *ctx, const struct tel_line_cfg *cfg, struct dahdi_line *dl,
		  const struct dahdi_chan_info *ci, tel_line **out)
{
	struct dahdi_bufferinfo bi;
	struct tel_line *l;
	int rc;

	if (line_check_cfg(ctx, cfg)) {
		char why[200];

		snprintf(why, sizeof(why), "%s", tel_ctx_last_error(ctx));
		ctx_set_error(ctx, "%s: %s", dl->path, why);
		return TEL_EINVAL;
	}
	/* the default buffers (160 octets) are too small for a LAPD frame of N201 */
	memset(&bi, 0, sizeof(bi));
	bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.numbufs = DAHDI_D_NUMBUFS;
	bi.bufsize = DAHDI_D_BUFSIZE;
	if (dl->ops.ioctl(dl->ops.user, ci->fd, DAHDI_SET_BUFINFO, &bi) < 0) {
		ctx_set_error(ctx, "%s: DAHDI_SET_BUFINFO: %s", dl->path, strerror(errno));
		return TEL_EIO;
	}
	rc = line_new(ctx, cfg, LINE_DAHDI_D, ci->fd, &l);
	if (rc) {
		ctx_set_error(ctx, "%s: %s", dl->path, rc == TEL_EIO ?
			      "cannot create the pcap file" : tel_strerror(rc));
		return rc;
	}
	l->dahdi = dl;
	dl->alarm = ci->alarms != 0;
	*out = l;
	return 0;
}

static int open_analog(tel_ctx *ctx, const struct tel_line_cfg *cfg, struct dahdi_line *dl,
		       const struct dahdi_chan_info *ci, tel_line **out)
{
	struct tel_line_cfg acfg = *cfg;
	struct tel_line *l;
	int rc;

	acfg.pcap = NULL;	/* no frames to trace */
	if (cfg->nparams) {
		ctx_set_error(ctx, "%s: an analog channel: line parameters (Q.921/Q.931 timers) "
			      "do not apply; open it without params", dl->path);
		return TEL_ENOTSUP;
	}
	rc = line_new(ctx, &acfg, LINE_ANALOG, ci->fd, &l);
	if (rc) {
		ctx_set_error(ctx, "%s: %s", dl->path, tel_strerror(rc));
		return rc;
	}
	l->dahdi = dl;
	dl->alarm = ci->alarms != 0;
	analog_line_init(l, ci->kind == DAHDI_KIND_FXO ? ANALOG_FXO : ANALOG_FXS);
	*out = l;
	return 0;
}

int tel_line_open_dahdi(tel_ctx *ctx, const struct tel_line_cfg *cfg, const char *chan_path,
			tel_line **out)
{
	struct dahdi_chan_info ci;
	struct dahdi_line *dl;
	struct tel_line *l = NULL;
	short ev;
	int rc;

	if (!ctx)
		return TEL_EINVAL;
	if (!cfg || !chan_path || !out) {
		ctx_set_error(ctx, "tel_line_open_dahdi: NULL configuration, path or out");
		return TEL_EINVAL;
	}
	ctx->errmsg[0] = '\0';
	dl = calloc(1, sizeof(*dl));
	if (!dl) {
		ctx_set_error(ctx, "%s: out of memory", chan_path);
		return TEL_ENOMEM;
	}
	dl->ops = ctx->dahdi_ops;
	snprintf(dl->path, sizeof(dl->path), "%s", chan_path);
	rc = dahdi_chan_open(ctx, &dl->ops, chan_path, &ci);
	if (rc) {
		free(dl);
		return rc;
	}
	dl->chanpos = ci.chanpos;
	dl->channo = ci.channo;
	if (ci.kind == DAHDI_KIND_DCHAN)
		rc = open_d(ctx, cfg, dl, &ci, &l);
	else
		rc = open_analog(ctx, cfg, dl, &ci, &l);
	if (rc) {
		dl->ops.close(dl->ops.user, ci.fd);
		free(dl);
		return rc;
	}
	/* D-channel: frames (POLLIN) and events (POLLPRI); analog: events only,
	 * the audio a voice channel always has to read is not ours */
	ev = ci.kind == DAHDI_KIND_DCHAN ? POLLIN | POLLPRI : POLLPRI;
	l->pfd_fd = dl->ops.poll_fd(dl->ops.user, ci.fd, &ev);
	l->pfd_events = ev;
	timers_set_now(&ctx->timers, ctx_now(ctx));
	if (l->kind == LINE_DAHDI_D) {
		q931_cc_alarm(l->cc, dl->alarm);	/* in alarm: establish once it clears */
		q931_cc_start(l->cc);
		line_cc_owed(l);
	}
	*out = l;
	return 0;
}
