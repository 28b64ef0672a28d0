// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Lines: a transport (in-memory pair, socket fd or DAHDI D-channel) under a
 * Q.921 data link under Q.931 call control, with an optional pcap trace of
 * every frame; or an analog DAHDI channel (session/line_analog.c).
 */
#define _GNU_SOURCE	/* sendmmsg, recvmmsg */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "session/session.h"

/* ------------------------------------------------------------ transport --- */

/*
 * A frame a transport queue cannot take (at its bound, or out of memory) is
 * lost, as on a noisy line, and counted (frameq.lost): LAPD's timers recover
 * I frames (they stay in its send queue until acknowledged) and the
 * supervisory frames are sent again when asked for.
 */
static int mem_tx(void *io, const uint8_t *frame, size_t len)
{
	struct tel_line *l = io;

	if (!l->peer)
		return TEL_ELINK;	/* the other end was closed: the frame is lost, as on a cut line */
	return frameq_push_tx(&l->peer->rxq, frame, len);
}

/*
 * Socket lines batch: frames wait in txq and leave together, many per
 * sendmmsg(), when the context flushes at the end of each round. txq holds
 * line_txq_max() frames at most: a far end that does not read its socket
 * (and polls us) loses what does not fit, instead of growing our memory.
 */
static int fd_tx(void *io, const uint8_t *frame, size_t len)
{
	struct tel_line *l = io;

	if (l->fd_dead)
		return TEL_ELINK;
	return frameq_push(&l->txq, frame, len);	/* counts what it cannot take */
}

/*
 * The bound of a socket or D-channel line's transmit queue: what one round
 * can legitimately produce while the transport is slow (a window of I frames
 * sent, the same again retransmitted, and the supervisory frames answering a
 * batch of received frames), not more.
 */
uint32_t line_txq_max(const struct lapd *l)
{
	return 2u * lapd_param(l, LAPD_K) + LINE_TXQ_SLACK;
}

#define FD_BATCH 64
#define FD_FRAME_ROOM (LAPD_MAX_FRAME + 64)	/* room to see an oversized frame */

void line_fd_flush(struct tel_line *l)
{
	struct mmsghdr mm[FD_BATCH];
	struct iovec iov[FD_BATCH];

	if (l->kind == LINE_DAHDI_D) {
		dahdi_d_flush(l);
		return;
	}

	while (l->txq.count && !l->fd_dead) {
		unsigned int n = l->txq.count < FD_BATCH ? l->txq.count : FD_BATCH;
		int r;

		for (unsigned int i = 0; i < n; i++) {
			struct frameq_slot *s = &l->txq.slot[(l->txq.head + i) & (l->txq.cap - 1)];

			iov[i].iov_base = s->data;
			iov[i].iov_len = s->len;
			memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(l->fd, mm, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS ||
			    errno == EINTR)
				return;		/* the rest leaves on POLLOUT */
			line_transport_closed(l);
			return;
		}
		while (r-- > 0)
			frameq_pop(&l->txq);
	}
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

/* [kind][traced]: lines without a pcap do not pay for a trace hook per frame */
static const struct lapd_ops line_ops[3][2] = {
	[LINE_MEM] = {
		{ .tx = mem_tx, .dl_ind = line_dl_ind },
		{ .tx = mem_tx, .dl_ind = line_dl_ind, .trace = line_trace },
	},
	[LINE_FD] = {
		{ .tx = fd_tx, .dl_ind = line_dl_ind },
		{ .tx = fd_tx, .dl_ind = line_dl_ind, .trace = line_trace },
	},
	[LINE_DAHDI_D] = {
		{ .tx = dahdi_d_tx, .dl_ind = line_dl_ind },
		{ .tx = dahdi_d_tx, .dl_ind = line_dl_ind, .trace = line_trace },
	},
};

void line_fd_ready(struct tel_line *l, short revents)
{
	const size_t fsz = FD_FRAME_ROOM;
	struct mmsghdr mm[FD_BATCH];
	struct iovec iov[FD_BATCH];
	uint8_t *buf = l->ctx->rxbuf;

	if (l->kind == LINE_DAHDI_D) {
		dahdi_d_ready(l, revents);
		return;
	}
	if (l->kind == LINE_ANALOG) {
		analog_line_ready(l, revents);
		return;
	}
	if (revents & POLLOUT)
		line_fd_flush(l);
	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	for (int round = 0; round < 4; round++) {
		int r;

		for (unsigned int i = 0; i < FD_BATCH; i++) {
			iov[i].iov_base = buf + i * fsz;
			iov[i].iov_len = fsz;
			memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		r = recvmmsg(l->fd, mm, FD_BATCH, MSG_DONTWAIT, NULL);
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		if (r <= 0) {
			/* end of stream or error: the far end is gone for good */
			line_transport_closed(l);
			return;
		}
		for (int i = 0; i < r; i++) {
			if (mm[i].msg_len) {
				lapd_rx_frame(l->lapd, buf + i * fsz, mm[i].msg_len);
				continue;
			}
			/*
			 * A SEQPACKET socket whose peer has gone reads as empty
			 * messages for ever, with POLLHUP: end of stream. (An empty
			 * message is no LAPD frame either way.)
			 */
			if (revents & (POLLHUP | POLLRDHUP)) {
				line_transport_closed(l);
				return;
			}
		}
		if (r < FD_BATCH)
			return;
	}
}

void line_transport_closed(struct tel_line *l)
{
	if (l->fd_dead)
		return;
	l->fd_dead = true;
	l->ctx->pfd_dirty = true;
	line_shutting_end(l);
	frameq_fini(&l->txq);	/* nothing will take them */
	frameq_init(&l->txq);
	if (l->cc) {
		q931_cc_transport_closed(l->cc);
		line_cc_owed(l);
	}
}

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
	struct frameq *q = &l->rxq;
	int n = 0;

	/*
	 * Frames first, then the primitives they caused. Only the frames queued
	 * now: answers they provoke wait for the next round (they go to the
	 * peer's queue; nothing adds to this one while the data link reads it
	 * in place). The data link takes them in one call. Only in-memory
	 * lines have frames in rxq: the line kind is looked at without them.
	 */
	if (q->count)
		n = lapd_rx_queue(l->lapd, q, q->count);
	else if (l->kind == LINE_ANALOG)
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

int line_new(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, enum line_kind kind, int fd,
	     struct tel_line **out)
{
	struct tel_line *l;
	struct q931_cc_cfg ccfg = { 0 };
	struct lapd_cfg lcfg = { 0 };
	struct lapd_params lp;
	int rc;

	if (kind == LINE_ANALOG && cfg->nparams) {
		ctx_set_error(ctx, "line parameters (Q.921/Q.931 timers) do not apply to an "
			      "analog line");
		return TEL_ENOTSUP;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return TEL_ENOMEM;
	l->ctx = ctx;
	l->kind = kind;
	l->cfg = *cfg;
	l->cfg.pcap = NULL;
	l->cfg.params = NULL;	/* the caller's memory: applied below, not kept */
	l->cfg.nparams = 0;
	if (!l->cfg.uui_max)
		l->cfg.uui_max = Q931_UUI_MAX_DEFAULT;
	l->fd = fd;
	l->pfd_fd = fd;
	l->pfd_events = POLLIN;
	l->cops = &session_q931_call_ops;
	frameq_init(&l->rxq);
	frameq_init(&l->txq);

	if (kind == LINE_ANALOG)
		goto link;	/* no LAPD, no Q.931 */
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

	/* the data link first: call control sets its flow control (clearing reserve) */
	lcfg.network = cfg->side == TEL_SIDE_NETWORK;
	lcfg.ops = &line_ops[kind][l->pcap_f != NULL];
	lcfg.io = l;
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
	if (kind != LINE_MEM)
		frameq_set_max(&l->txq, line_txq_max(l->lapd));

link:
	if (kind != LINE_MEM)
		ctx->nonmem_lines++;
	l->next = ctx->lines;
	if (ctx->lines)
		ctx->lines->prev = l;
	ctx->lines = l;
	ctx->pfd_dirty = true;
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
	int rc;

	if (!ctx || !a_out || !b_out)
		return TEL_EINVAL;
	if (line_check_cfg(ctx, a) || line_check_cfg(ctx, b))
		return TEL_EINVAL;
	if (a->side == b->side) {
		ctx_set_error(ctx, "a line pair needs one user side and one network side");
		return TEL_EINVAL;
	}
	rc = line_new(ctx, a, LINE_MEM, -1, &la);
	if (rc)
		return rc;
	rc = line_new(ctx, b, LINE_MEM, -1, &lb);
	if (rc) {
		tel_line_close(la);
		return rc;
	}
	la->peer = lb;
	lb->peer = la;
	timers_set_now(&ctx->timers, ctx_now(ctx));
	q931_cc_start(la->cc);
	q931_cc_start(lb->cc);
	line_cc_owed(la);
	line_cc_owed(lb);
	*a_out = la;
	*b_out = lb;
	return 0;
}

/*
 * Whether @fd can carry LAPD frames, one per message: a socket that keeps
 * message boundaries (SOCK_SEQPACKET, SOCK_DGRAM), connected to its far end,
 * and not already a line's. 0, or TEL_EINVAL with a sentence naming the fd.
 */
static int fd_check(tel_ctx *ctx, int fd)
{
	static const char fix[] = "give one end of socketpair(AF_UNIX, SOCK_SEQPACKET)";
	struct sockaddr_storage sa;
	socklen_t len = sizeof(int);
	struct stat st;
	int type;

	for (struct tel_line *l = ctx->lines; l; l = l->next) {
		if (l->kind != LINE_MEM && l->fd == fd) {
			ctx_set_error(ctx, "fd %d is already the transport of a line of this "
				      "context (it would be closed twice): give another fd, one "
				      "per line", fd);
			return TEL_EINVAL;
		}
	}
	if (fstat(fd, &st) < 0) {
		ctx_set_error(ctx, "fd %d is not an open descriptor: %s; %s", fd, strerror(errno),
			      fix);
		return TEL_EINVAL;
	}
	if (!S_ISSOCK(st.st_mode)) {
		ctx_set_error(ctx, "fd %d is not a socket (%s) and cannot carry LAPD frames: %s",
			      fd, S_ISFIFO(st.st_mode) ? "a pipe" : S_ISREG(st.st_mode) ?
			      "a regular file" : "another kind of file", fix);
		return TEL_EINVAL;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    (type != SOCK_SEQPACKET && type != SOCK_DGRAM)) {
		ctx_set_error(ctx, "fd %d is a %s socket, which does not keep one LAPD frame "
			      "per message: %s (or SOCK_DGRAM)", fd,
			      type == SOCK_STREAM ? "stream" : "non-datagram", fix);
		return TEL_EINVAL;
	}
	len = sizeof(sa);
	if (getpeername(fd, (struct sockaddr *)&sa, &len) < 0) {
		ctx_set_error(ctx, "fd %d is a socket not connected to a far end (%s): connect "
			      "it first, or %s", fd, strerror(errno), fix);
		return TEL_EINVAL;
	}
	return 0;
}

int tel_line_open_fd(tel_ctx *ctx, const struct tel_line_cfg *cfg, int fd, tel_line **out)
{
	struct tel_line *l;
	int rc, fl;

	if (!ctx || !out || fd < 0 || line_check_cfg(ctx, cfg))
		return TEL_EINVAL;
	if (fd_check(ctx, fd))
		return TEL_EINVAL;
	if (!ctx->rxbuf) {
		ctx->rxbuf = malloc(FD_BATCH * FD_FRAME_ROOM);	/* one recvmmsg batch */
		if (!ctx->rxbuf)
			return TEL_ENOMEM;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return TEL_EINVAL;	/* not an open descriptor */
	rc = line_new(ctx, cfg, LINE_FD, fd, &l);
	if (rc)
		return rc;
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
	out->bridged = line->kind != LINE_ANALOG;	/* one call at a time on analog */
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
	if (line->kind == LINE_ANALOG)
		return TEL_ENOTSUP;
	if (line->fd_dead)
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
	if (line->kind == LINE_ANALOG)
		return TEL_ENOTSUP;
	st = q931_cc_chan_state(line->cc, chan);
	return st < 0 ? TEL_EINVAL : st;
}

int tel_line_restart(tel_line *line, int chan)
{
	int rc;

	if (!line)
		return TEL_EINVAL;
	if (line->kind == LINE_ANALOG)
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
	/* the far end of an in-memory pair sees its transport close */
	if (l->peer && l->peer->cc && !l->peer->fd_dead) {
		struct tel_line *p = l->peer;

		p->peer = NULL;
		l->peer = NULL;
		line_transport_closed(p);
	}
	if (l->kind != LINE_ANALOG) {
		q931_cc_free(l->cc);
		lapd_free(l->lapd);
	}
	if (l->peer)
		l->peer->peer = NULL;
	if (l->kind == LINE_FD)
		close(l->fd);
	if (l->dahdi)
		dahdi_line_close(l);
	if (l->pcap_f)
		fclose(l->pcap_f);
	frameq_fini(&l->rxq);
	frameq_fini(&l->txq);
	if (l->kind != LINE_MEM)
		ctx->nonmem_lines--;
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
