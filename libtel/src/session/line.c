// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Lines: a transport of io/ (in-memory pair, socket fd or DAHDI D-channel)
 * under a Q.921 data link under Q.931 call control, with an optional pcap
 * trace of every frame; or an analog DAHDI channel (session/line_analog.c).
 */
#include <stdlib.h>
#include <string.h>

#include "session/call.h"
#include "session/conf.h"
#include "session/ctx.h"
#include "session/line.h"

/* ------------------------------------------------------------ transport --- */

/*
 * The bound of a socket or D-channel transport's queue: what one round can
 * legitimately produce while the transport is slow (a window of I frames
 * sent, the same again retransmitted, and the supervisory frames answering a
 * batch of received frames), not more. A far end that does not read (and
 * polls us) loses what does not fit, instead of growing our memory.
 */
uint32_t line_txq_max(const struct lapd *l)
{
	return 2u * lapd_param(l, LAPD_K) + LINE_TXQ_SLACK;
}

static void line_trace(void *tracer, enum lapd_dir dir, const uint8_t *frame, size_t len)
{
	struct tel_line *l = tracer;
	bool net = l->cfg.side == TEL_SIDE_NETWORK;

	if (!l->pcap_f)
		return;
	/* A trace that can no longer be written is closed rather than left half-done silently. */
	if (pcap_write_frame(&l->pw, ctx_trace_us(l->ctx), (dir == LAPD_DIR_TX) == net, frame,
			     len) || fflush(l->pcap_f)) {
		fclose(l->pcap_f);
		l->pcap_f = NULL;
	}
}

static void line_dl_ind(void *upper, enum dl_prim prim, enum dl_reason reason,
			const uint8_t *msg, size_t len)
{
	struct tel_line *l = upper;

	q931_cc_dl_ind(l->cc, prim, reason, msg, len);
}

/* What the transport hands up: frames to the data link, its end, alarms. */
static void line_rx(void *upper, const uint8_t *frame, size_t len)
{
	struct tel_line *l = upper;

	lapd_rx_frame(l->lapd, frame, len);
}

void line_io_closed(void *upper)
{
	struct tel_line *l = upper;

	l->ctx->pfd_dirty = true;
	line_shutting_end(l);
	if (l->cc) {
		q931_cc_transport_closed(l->cc);
		line_cc_owed(l);
	}
}

static void line_io_event(void *upper, enum io_event ev)
{
	struct tel_line *l = upper;

	/* alarm: the data link is down at once (Q.921 PH-DEACTIVATE), and LAPD's
	 * T200/N200 and Q.931 (T309 for active calls) take it from there; no
	 * alarm: establish again */
	if (l->cc && (ev == IO_EV_ALARM || ev == IO_EV_NOALARM)) {
		q931_cc_alarm(l->cc, ev == IO_EV_ALARM);
		line_cc_owed(l);
	}
}

static const struct io_upper line_upper = {
	.rx = line_rx,
	.closed = line_io_closed,
	.event = line_io_event,
};

void line_shutting_end(struct tel_line *l)
{
	if (l->shutting) {
		l->shutting = false;
		l->ctx->nshutting--;
	}
}

int line_shutdown_walk(struct tel_ctx *ctx)
{
	int n = 0;

	for (struct tel_line *l = ctx->lines; l; l = l->next) {
		if (l->shutting && !q931_cc_poll(l->cc)) {
			line_shutting_end(l);	/* the release is under way */
			n++;
			if (lapd_has_work(l->lapd))
				n += lapd_poll(l->lapd);
		}
	}
	return n;
}

int line_cc_deliver_all(struct tel_ctx *ctx)
{
	int n = 0;

	for (struct tel_line *l = ctx->lines, *next; l && ctx->ncc_owed; l = next) {
		next = l->next;
		if (l->cc_owed) {
			l->cc_owed = false;
			ctx->ncc_owed--;
			n += q931_cc_deliver(l->cc);
		}
	}
	return n;
}

int line_pump(struct tel_line *l)
{
	struct frameq *q = &l->io->rxq;
	int n = 0;

	/*
	 * Frames first, then the primitives they caused. Only the frames queued
	 * now: answers they provoke wait for the next round (they go to the
	 * peer's queue; nothing adds to this one while the data link reads it
	 * in place). The data link takes them in one call. Only in-memory
	 * lines have frames in rxq: an analog port is looked at without them.
	 */
	if (q->count)
		n = lapd_rx_queue(l->lapd, q, q->count);
	else if (l->an)
		return analog_line_pump(l);
	if (lapd_has_work(l->lapd))
		n += lapd_poll(l->lapd);
	return n;
}

/* ----------------------------------------------------------- life cycle --- */

int line_check_cfg(tel_ctx *ctx, const struct tel_line_cfg *cfg)
{
	if (!cfg || (cfg->side != TEL_SIDE_USER && cfg->side != TEL_SIDE_NETWORK) ||
	    (cfg->variant != TEL_VARIANT_EUROISDN && cfg->variant != TEL_VARIANT_NI2) ||
	    cfg->bchans < 1 || cfg->bchans > 30 || cfg->uui_max > 254) {
		ctx_set_error(ctx, "bad line configuration (side, variant, bchans 1..30, "
			      "uui_max <= 254)");
		return TEL_EINVAL;
	}
	return line_params_check(ctx, cfg);
}

struct tel_line *line_alloc(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, struct io *io)
{
	struct tel_line *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->ctx = ctx;
	l->cfg = *cfg;
	l->cfg.pcap = NULL;
	l->cfg.params = NULL;	/* the caller's memory: applied below, not kept */
	l->cfg.nparams = 0;
	if (!l->cfg.uui_max)
		l->cfg.uui_max = Q931_UUI_MAX_DEFAULT;
	l->io = io;
	l->iops = io->ops;
	l->cops = &session_q931_call_ops;
	return l;
}

void line_link(struct tel_line *l)
{
	struct tel_ctx *ctx = l->ctx;

	if (l->iops->flush)
		ctx->txq_lines++;
	l->next = ctx->lines;
	if (ctx->lines)
		ctx->lines->prev = l;
	ctx->lines = l;
	ctx->pfd_dirty = true;
}

int line_new(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, struct io *io,
	     struct tel_line **out)
{
	struct tel_line *l;
	struct q931_cc_cfg ccfg = { 0 };
	struct lapd_cfg lcfg = { 0 };
	struct lapd_params lp;
	int rc;

	l = line_alloc(ctx, cfg, io);
	if (!l)
		return TEL_ENOMEM;
	if (cfg->pcap) {
		l->pcap_f = fopen(cfg->pcap, "wb");
		if (!l->pcap_f || pcap_writer_init(&l->pw, l->pcap_f,
						   cfg->side == TEL_SIDE_NETWORK)) {
			rc = TEL_EIO;
			goto fail;
		}
	}

	ccfg.side = cfg->side == TEL_SIDE_NETWORK ? Q931_SIDE_NETWORK : Q931_SIDE_USER;
	ccfg.variant = cfg->variant == TEL_VARIANT_NI2 ? Q931_V_NI2 : Q931_V_EUROISDN;
	ccfg.bchans = cfg->bchans;
	ccfg.uui_max = (uint16_t)l->cfg.uui_max;
	ccfg.manual_restart = cfg->manual_restart != 0;
	ccfg.timers = &ctx->timers;
	ccfg.ind = session_cc_ind;
	ccfg.upper = l;
	line_params_apply(cfg, &lp, ccfg.timer_ms);

	/* the data link first: call control sets its flow control (clearing reserve);
	 * lines without a pcap do not pay for a trace hook per frame */
	l->lops.tx = l->iops->tx;
	l->lops.dl_ind = line_dl_ind;
	l->lops.trace = l->pcap_f ? line_trace : NULL;
	lcfg.network = cfg->side == TEL_SIDE_NETWORK;
	lcfg.ops = &l->lops;
	lcfg.io = io;
	lcfg.upper = l;
	lcfg.tracer = l;
	lcfg.timers = &ctx->timers;
	lcfg.params = &lp;
	rc = lapd_new(&lcfg, &l->lapd);
	if (rc)
		goto fail;
	ccfg.link = l->lapd;
	rc = q931_cc_new(&ccfg, &l->cc);
	if (rc)
		goto fail_lapd;
	if (l->iops->flush)
		frameq_set_max(&io->txq, line_txq_max(l->lapd));
	io->up = &line_upper;
	io->upper = l;
	line_link(l);
	*out = l;
	return 0;

fail_lapd:
	lapd_free(l->lapd);
fail:
	if (l->pcap_f)
		fclose(l->pcap_f);
	free(l);
	return rc;
}

int tel_line_pair(tel_ctx *ctx, const struct tel_line_cfg *a, const struct tel_line_cfg *b,
		  tel_line **a_out, tel_line **b_out)
{
	struct tel_line *la, *lb;
	struct io *ia, *ib;
	struct io_err err;
	int rc;

	if (!ctx || !a_out || !b_out)
		return TEL_EINVAL;
	if (line_check_cfg(ctx, a) || line_check_cfg(ctx, b))
		return TEL_EINVAL;
	if (a->side == b->side) {
		ctx_set_error(ctx, "a line pair needs one user side and one network side");
		return TEL_EINVAL;
	}
	err = ctx_io_err(ctx);
	rc = io_pair_new(&err, &ia, &ib);
	if (rc)
		return rc;
	rc = line_new(ctx, a, ia, &la);
	if (rc) {
		ia->ops->close(ia);
		ib->ops->close(ib);
		return rc;
	}
	rc = line_new(ctx, b, ib, &lb);
	if (rc) {
		tel_line_close(la);
		ib->ops->close(ib);
		return rc;
	}
	timers_set_now(&ctx->timers, ctx_now(ctx));
	q931_cc_start(la->cc);
	q931_cc_start(lb->cc);
	line_cc_owed(la);
	line_cc_owed(lb);
	*a_out = la;
	*b_out = lb;
	return 0;
}

/* Whether @fd is a line's already (it would be closed twice). */
static bool fd_taken(tel_ctx *ctx, int fd)
{
	for (struct tel_line *l = ctx->lines; l; l = l->next) {
		if (l->io->fd == fd) {
			ctx_set_error(ctx, "fd %d is already the transport of a line of this "
				      "context (it would be closed twice): give another fd, one "
				      "per line", fd);
			return true;
		}
	}
	return false;
}

int tel_line_open_fd(tel_ctx *ctx, const struct tel_line_cfg *cfg, int fd, tel_line **out)
{
	struct tel_line *l;
	struct io_err err;
	struct io *io;
	int rc;

	if (!ctx || !out || fd < 0 || line_check_cfg(ctx, cfg))
		return TEL_EINVAL;
	err = ctx_io_err(ctx);
	if (fd_taken(ctx, fd) || io_sock_check(fd, &err))
		return TEL_EINVAL;
	if (!ctx->rxbuf) {
		ctx->rxbuf = malloc(IO_SOCK_RXBUF);	/* one recvmmsg batch */
		if (!ctx->rxbuf)
			return TEL_ENOMEM;
	}
	rc = io_sock_open(fd, ctx->rxbuf, &err, &io);
	if (rc)
		return rc;
	rc = line_new(ctx, cfg, io, &l);
	if (rc) {
		io_free(io);	/* the fd stays the caller's */
		return rc;
	}
	timers_set_now(&ctx->timers, ctx_now(ctx));
	q931_cc_start(l->cc);
	line_cc_owed(l);
	*out = l;
	return 0;
}

int tel_line_caps(tel_line *line, struct tel_line_caps *out)
{
	if (!line || !out)
		return TEL_EINVAL;
	memset(out, 0, sizeof(*out));
	out->can_reject = 1;
	out->conf_drop_all = 1;
	out->uui_setup_max = line_uui_max(line, CC_UUI_SETUP);
	out->uui_answer_max = line_uui_max(line, CC_UUI_ANSWER);
	out->uui_drop_max = line_uui_max(line, CC_UUI_CLEAR);
	out->bridged = !line_is_analog(line);	/* one call at a time on analog */
	return 0;
}

int tel_line_up(tel_line *line)
{
	return line && line->up;
}

enum tel_line_reason tel_line_down_reason(tel_line *line)
{
	return line && !line->up ? line->down_reason : TEL_LR_NONE;
}

int tel_line_shutdown(tel_line *line)
{
	if (!line)
		return TEL_EINVAL;
	if (line_is_analog(line))
		return TEL_ENOTSUP;
	if (line->io->dead)
		return 0;	/* closed already: its final LINE_STATE is out */
	q931_cc_shutdown(line->cc);
	line_cc_owed(line);
	/* nothing to drain: the release starts now, not when the context next wakes */
	if (!q931_cc_poll(line->cc))
		return 0;
	if (!line->shutting) {
		line->shutting = true;
		line->ctx->nshutting++;
	}
	return 0;
}

int tel_line_chan_state(tel_line *line, int chan)
{
	int st;

	if (!line)
		return TEL_EINVAL;
	if (line_is_analog(line))
		return TEL_ENOTSUP;
	st = q931_cc_chan_state(line->cc, chan);
	return st < 0 ? TEL_EINVAL : st;
}

int tel_line_restart(tel_line *line, int chan)
{
	int rc;

	if (!line)
		return TEL_EINVAL;
	if (line_is_analog(line))
		return TEL_ENOTSUP;
	if (chan && q931_cc_chan_state(line->cc, chan) < 0)
		return TEL_EINVAL;
	rc = q931_restart_req(line->cc, chan);
	line_cc_owed(line);
	return rc;
}

void *tel_line_user(const tel_line *line)
{
	return line ? line->cfg.user : NULL;
}

void tel_line_close(tel_line *l)
{
	struct tel_ctx *ctx;

	if (!l)
		return;
	ctx = l->ctx;
	line_shutting_end(l);
	if (l->cc_owed)		/* what requests raised goes with the line */
		ctx->ncc_owed--;
	session_line_gone(l);
	q931_cc_free(l->cc);	/* analog lines: none, and no data link */
	lapd_free(l->lapd);
	if (l->chan_conf)
		dahdi_conf_leave(l);
	if (l->an) {
		analog_fini(l->an);
		timers_unreserve(&ctx->timers, 1);	/* its ring timer's (analog_line_new()) */
		free(l->an);
	}
	/* the transport goes (its fd closed); the far end of an in-memory pair sees it close */
	l->iops->close(l->io);
	if (l->pcap_f)
		fclose(l->pcap_f);
	if (l->iops->flush)
		ctx->txq_lines--;
	if (l->prev)
		l->prev->next = l->next;
	else
		ctx->lines = l->next;
	if (l->next)
		l->next->prev = l->prev;
	/* events still queued for this line lose their line pointer */
	for (uint32_t i = 0; i < ctx->ev_count; i++) {
		struct tel_event *e = &ctx->ev[(ctx->ev_head + i) & (ctx->ev_cap - 1)];

		if (e->line == l)
			e->line = NULL;
	}
	ctx->pfd_dirty = true;
	free(l);
}
