// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A raw far end for hostile-peer tests: one libtel line (the user side, over
 * one end of a SOCK_SEQPACKET socketpair, on a fake clock) and, on the other
 * end, frames the test writes by hand: a small LAPD of its own (network side,
 * SAPI 0, TEI 0) that answers SABME, sends Q.931 messages as I frames within
 * the window we grant, honours our RNR, and logs every Q.931 message we send.
 * How far it acknowledges our I frames is the test's choice (fe.lazy: only
 * when we poll), and it can lie (fe.nr_lie) or go silent (fe.silent).
 */
#ifndef TEST_HOSTILE_FE_H
#define TEST_HOSTILE_FE_H

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "session/session.h"

#define FE_MAXOUT	12000	/* Q.931 messages the far end may queue in one test */
#define FE_MAXLOG	24000	/* Q.931 messages from us, logged */
#define FE_K		7

struct fe_msg {			/* one Q.931 message we sent */
	uint8_t type;
	uint16_t cref;
	bool flag;
	int cause;		/* -1: no Cause IE */
	int state;		/* Call state IE, -1: none */
};

struct fe_out {
	uint16_t len;
	uint8_t b[LAPD_N201];
};

struct fe {
	/* our side */
	tel_ctx *ctx;
	tel_line *line;
	uint64_t now;
	/* the application: reject every offered call (and record the results) */
	bool reject_all;
	bool answer_all;	/* or answer every offered call */
	int idle_cause;		/* the cause of the last call gone IDLE */
	bool defer;		/* ... not at once: every 8th step, all those offered since */
	tel_call *held[256];
	unsigned nheld, steps;
	unsigned offered, drop_ok, drop_fail, idle;
	int last_drop_rc;
	unsigned link_up_ev, link_down_ev;
	/* the far end */
	int fd;
	bool lazy;		/* acknowledge our I frames only when we poll */
	bool silent;		/* read and drop everything, send nothing */
	bool nr_lie;		/* next I frame carries an N(R) we never sent */
	bool est;		/* the far end considers the link established */
	bool peer_busy;		/* we said RNR */
	uint8_t vr;		/* next N(S) expected from us */
	uint8_t nr_sent;	/* the N(R) its frames carry (lazy: updated on polls) */
	uint32_t abs_va, abs_vs;	/* its I frames by index in out[] */
	uint32_t seq_base;	/* index of the message sent with N(S) 0 since the last (re)establishment */
	uint32_t nout;
	struct fe_out *out;
	uint32_t progress_tick;	/* abs_va at the last tick: resend when it does not move */
	/* what it saw */
	struct fe_msg *log;
	unsigned nlog;
	unsigned rx_frames, rx_i, rx_rnr, rx_rr, rx_rej, rx_sabme, rx_disc, rx_dm, rx_polls;
	size_t max_txq, max_lapdq;
};

static uint64_t fe_clock(void *user)
{
	return ((struct fe *)user)->now;
}

static void fe_reject(struct fe *f, tel_call *c)
{
	int rc = tel_call_drop(c, NULL);

	f->last_drop_rc = rc;
	if (rc == 0)
		f->drop_ok++;
	else
		f->drop_fail++;
}

static void fe_on_event(const struct tel_event *ev, void *user)
{
	struct fe *f = user;

	if (ev->type == TEL_EV_LINE_STATE) {
		if (ev->up)
			f->link_up_ev++;
		else
			f->link_down_ev++;
		return;
	}
	if (ev->type != TEL_EV_CALL_STATE)
		return;
	if (ev->state == TEL_CS_OFFERING) {
		f->offered++;
		if (f->reject_all && f->defer) {
			assert_true(f->nheld < 256);
			f->held[f->nheld++] = ev->call;
		} else if (f->reject_all) {
			fe_reject(f, ev->call);
		} else if (f->answer_all) {
			assert_int_equal(tel_call_answer(ev->call, NULL, 0, 0), 0);
		}
	} else if (ev->state == TEL_CS_IDLE) {
		struct tel_call_info info;

		assert_int_equal(tel_call_info(ev->call, &info), 0);
		f->idle_cause = info.cause;
		f->idle++;
		for (unsigned i = 0; i < f->nheld; i++)	/* gone before we rejected it */
			if (f->held[i] == ev->call)
				f->held[i--] = f->held[--f->nheld];
		assert_int_equal(tel_call_dealloc(ev->call), 0);
	}
}

/* --- the far end's frames ---------------------------------------------------- */

static void fe_write(struct fe *f, const uint8_t *b, size_t len)
{
	ssize_t r = send(f->fd, b, len, MSG_DONTWAIT);

	/* a full socket loses the frame, as a noisy line would */
	assert_true(r == (ssize_t)len || (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)));
}

/* Network side: commands C/R=1 (0x02), responses C/R=0. */
static void fe_u(struct fe *f, uint8_t ctl, bool command)
{
	uint8_t b[3] = { command ? 0x02 : 0x00, 0x01, ctl };

	fe_write(f, b, 3);
}

static void fe_s(struct fe *f, uint8_t ctl, bool command, bool pf)
{
	uint8_t b[4] = { command ? 0x02 : 0x00, 0x01, ctl, (uint8_t)(f->nr_sent << 1 | pf) };

	fe_write(f, b, 4);
}

static void fe_send_i(struct fe *f, uint32_t idx)
{
	uint8_t b[4 + LAPD_N201];
	const struct fe_out *o = &f->out[idx];
	uint8_t ns = (uint8_t)((idx - f->seq_base) & 0x7f);
	uint8_t nr = f->nr_sent;

	if (!f->lazy)
		nr = f->nr_sent = f->vr;
	if (f->nr_lie) {	/* an N(R) beyond anything we sent */
		nr = (uint8_t)((f->vr + 60) & 0x7f);
		f->nr_lie = false;
	}
	b[0] = 0x02;
	b[1] = 0x01;
	b[2] = (uint8_t)(ns << 1);
	b[3] = (uint8_t)(nr << 1);
	memcpy(b + 4, o->b, o->len);
	fe_write(f, b, 4 + (size_t)o->len);
}

/* Queue a Q.931 message for the far end to send as an I frame. */
static void fe_queue(struct fe *f, const uint8_t *m, size_t len)
{
	assert_true(f->nout < FE_MAXOUT && len <= LAPD_N201);
	f->out[f->nout].len = (uint16_t)len;
	memcpy(f->out[f->nout].b, m, len);
	f->nout++;
}

/* Send what the window allows: k outstanding, nothing while we are busy. */
static void fe_push(struct fe *f)
{
	if (!f->est || f->silent)
		return;
	while (!f->peer_busy && f->abs_vs < f->nout && f->abs_vs - f->abs_va < FE_K)
		fe_send_i(f, f->abs_vs++);
}

/* Our N(R): acknowledges its frames up to there. */
static void fe_ack(struct fe *f, uint8_t nr)
{
	uint32_t d = (uint32_t)((nr - (f->abs_va - f->seq_base)) & 0x7f);

	if (d <= f->abs_vs - f->abs_va)
		f->abs_va += d;
}

static int fe_cause(const uint8_t *m, size_t len, uint8_t id, int *state)
{
	size_t i = 5;
	int cause = -1;

	*state = -1;
	while (i + 1 < len) {
		uint8_t ie = m[i];

		if (ie & 0x80) {	/* single octet IE */
			i++;
			continue;
		}
		if (i + 2 + m[i + 1] > len)
			break;
		if (ie == id && m[i + 1] >= 2)
			cause = m[i + 3] & 0x7f;
		if (ie == 0x14 && m[i + 1] >= 1)
			*state = m[i + 2] & 0x3f;
		i += 2 + (size_t)m[i + 1];
	}
	return cause;
}

static void fe_log(struct fe *f, const uint8_t *m, size_t len)
{
	struct fe_msg *e;

	if (len < 5 || m[0] != 0x08 || m[1] != 2)
		return;
	assert_true(f->nlog < FE_MAXLOG);
	e = &f->log[f->nlog++];
	e->cref = (uint16_t)((m[2] & 0x7f) << 8 | m[3]);
	e->flag = m[2] & 0x80;
	e->type = m[4];
	e->cause = fe_cause(m, len, 0x08, &e->state);
}

static void fe_frame(struct fe *f, const uint8_t *b, size_t len)
{
	bool command;
	uint8_t c;

	f->rx_frames++;
	if (f->silent || len < 3)
		return;
	command = !(b[0] & 0x02);	/* user commands C/R=0 */
	c = b[2];
	if ((c & 0x01) == 0) {		/* I frame */
		if (len < 4)
			return;
		f->rx_i++;
		fe_ack(f, b[3] >> 1);
		if ((b[2] >> 1) == f->vr) {
			f->vr = (f->vr + 1) & 0x7f;
			fe_log(f, b + 4, len - 4);
		}
		if (b[3] & 1) {		/* P=1: answer now */
			f->nr_sent = f->vr;
			fe_s(f, 0x01, false, true);
		} else if (!f->lazy) {
			f->nr_sent = f->vr;
			fe_s(f, 0x01, false, false);
		}
		return;
	}
	if ((c & 0x03) == 0x01) {	/* S frame */
		bool pf;

		if (len < 4)
			return;
		pf = b[3] & 1;
		fe_ack(f, b[3] >> 1);
		if (c == 0x05) {
			f->rx_rnr++;
			f->peer_busy = true;
		} else {
			if (c == 0x09)
				f->rx_rej++;
			else
				f->rx_rr++;
			if (f->peer_busy || c == 0x09)	/* go back to what is unacknowledged */
				f->abs_vs = f->abs_va;
			f->peer_busy = false;
		}
		if (command && pf) {	/* a poll: our true V(R), F=1 */
			f->rx_polls++;
			f->nr_sent = f->vr;
			fe_s(f, 0x01, false, true);
		}
		return;
	}
	switch (c & ~0x10) {		/* U frame */
	case 0x6f:			/* SABME */
		f->rx_sabme++;
		f->est = true;
		f->vr = 0;
		f->nr_sent = 0;
		f->peer_busy = false;
		/* a reset: what is unacknowledged is dropped (layer 3 repeats what matters) */
		f->abs_va = f->abs_vs;
		f->seq_base = f->abs_vs;
		f->progress_tick = f->abs_va;
		fe_u(f, 0x73, false);	/* UA F=1 */
		break;
	case 0x43:			/* DISC */
		f->rx_disc++;
		f->est = false;
		fe_u(f, 0x73, false);
		break;
	case 0x0f:			/* DM */
		f->rx_dm++;
		break;
	default:
		break;
	}
}

/* Read every frame we sent. */
static void fe_read(struct fe *f)
{
	uint8_t b[LAPD_MAX_FRAME + 64];
	ssize_t r;

	while ((r = recv(f->fd, b, sizeof(b), MSG_DONTWAIT)) > 0)
		fe_frame(f, b, (size_t)r);
}

/* One step: our side runs, the far end reads and sends, time moves @ms on. */
static void fe_step(struct fe *f, unsigned ms)
{
	for (int i = 0; i < 4; i++) {
		assert_true(tel_ctx_run(f->ctx, 0) >= 0);
		fe_read(f);
		fe_push(f);
	}
	if (f->defer && ++f->steps % 8 == 0) {
		unsigned n = f->nheld;

		f->nheld = 0;
		for (unsigned i = 0; i < n; i++)
			fe_reject(f, f->held[i]);
	}
	if (f->line->io->txq.count > f->max_txq)
		f->max_txq = f->line->io->txq.count;
	if (lapd_queued(f->line->lapd) > f->max_lapdq)
		f->max_lapdq = lapd_queued(f->line->lapd);
	f->now += ms;
}

/* Every second: frames sent and not acknowledged since are sent again (its T200). */
static void fe_tick(struct fe *f)
{
	if (f->abs_vs > f->abs_va && f->abs_va == f->progress_tick && !f->peer_busy)
		f->abs_vs = f->abs_va;
	f->progress_tick = f->abs_va;
}

static void fe_run(struct fe *f, unsigned ms)
{
	for (unsigned t = 0; t < ms; t += 50) {
		fe_step(f, 50);
		if ((f->now / 50) % 20 == 0)
			fe_tick(f);
	}
}

static void fe_init_params(struct fe *f, const struct tel_param *params, size_t nparams)
{
	struct tel_ctx_opts o = { .on_event = fe_on_event, .user = f, .clock_ms = fe_clock };
	struct tel_line_cfg cfg = { .side = TEL_SIDE_USER, .variant = TEL_VARIANT_EUROISDN,
				    .bchans = 30, .params = params, .nparams = nparams };
	int sv[2];

	memset(f, 0, sizeof(*f));
	f->now = 1000;
	f->out = calloc(FE_MAXOUT, sizeof(*f->out));
	f->log = calloc(FE_MAXLOG, sizeof(*f->log));
	assert_non_null(f->out);
	assert_non_null(f->log);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	f->fd = sv[1];
	assert_int_equal(tel_ctx_new(&f->ctx, &o), 0);
	assert_int_equal(tel_line_open_fd(f->ctx, &cfg, sv[0], &f->line), 0);
	fe_run(f, 200);
	assert_true(f->est);
	assert_int_equal(tel_line_up(f->line), 1);
}

static void fe_init(struct fe *f)
{
	fe_init_params(f, NULL, 0);
}

static void fe_fini(struct fe *f)
{
	tel_ctx_free(f->ctx);
	close(f->fd);
	free(f->out);
	free(f->log);
}

/*
 * A Q.931 message from the far end: header on call reference @cref (@flag:
 * the flag bit, set when the call is ours), @type, then @n octets of IEs.
 */
static size_t fe_msg(uint8_t *m, uint16_t cref, bool flag, uint8_t type, const uint8_t *ies,
		     size_t n)
{
	m[0] = 0x08;
	m[1] = 2;
	m[2] = (uint8_t)((flag ? 0x80 : 0) | (cref >> 8 & 0x7f));
	m[3] = (uint8_t)cref;
	m[4] = type;
	if (n)
		memcpy(m + 5, ies, n);
	return 5 + n;
}

/* Queue a message built by fe_msg() and run until it is sent and answered. */
static void fe_say(struct fe *f, uint16_t cref, bool flag, uint8_t type, const uint8_t *ies,
		   size_t n)
{
	uint8_t m[LAPD_N201];

	fe_queue(f, m, fe_msg(m, cref, flag, type, ies, n));
	fe_run(f, 300);
}

/* The @i-th message we sent, asserted: type, call reference, flag, cause (-1: none). */
static void fe_expect(const struct fe *f, unsigned i, uint8_t type, uint16_t cref, bool flag,
		      int cause)
{
	const struct fe_msg *e;

	if (i >= f->nlog)
		fail_msg("expected %s (cause %d) on cref %#x as message %u; we sent only %u",
			 q931_msg_name(type), cause, cref, i, f->nlog);
	e = &f->log[i];
	if (e->type != type || e->cref != cref || e->flag != flag || e->cause != cause)
		fail_msg("message %u: we sent %s cref %#x flag %d cause %d; expected %s cref %#x "
			 "flag %d cause %d", i, q931_msg_name(e->type), e->cref, e->flag, e->cause,
			 q931_msg_name(type), cref, flag, cause);
}

/* The @i-th B-channel of an E1 (0..29): timeslots 1-15 and 17-31. */
static int fe_chan(unsigned i)
{
	int c = (int)(i % 30) + 1;

	return c >= 16 ? c + 1 : c;
}

/* A SETUP from the network on call reference @cref, preferred B-channel @chan. */
static size_t fe_setup(uint8_t *m, uint16_t cref, int chan)
{
	size_t n = 0;

	m[n++] = 0x08;
	m[n++] = 2;
	m[n++] = (uint8_t)(cref >> 8 & 0x7f);
	m[n++] = (uint8_t)cref;
	m[n++] = 0x05;
	/* bearer capability: speech, 64 kbit/s circuit, A-law */
	m[n++] = 0x04; m[n++] = 3; m[n++] = 0x80; m[n++] = 0x90; m[n++] = 0xa3;
	/* channel identification: PRI, preferred, B-channel @chan */
	m[n++] = 0x18; m[n++] = 3; m[n++] = 0xa1; m[n++] = 0x83; m[n++] = (uint8_t)(0x80 | chan);
	/* called party number 5678 */
	m[n++] = 0x70; m[n++] = 5; m[n++] = 0x81;
	m[n++] = '5'; m[n++] = '6'; m[n++] = '7'; m[n++] = '8';
	return n;
}

/* The messages we sent on call reference @cref (far end's, flag set), of @type. */
static unsigned fe_count(const struct fe *f, uint16_t cref, uint8_t type, int *cause)
{
	unsigned n = 0;

	for (unsigned i = 0; i < f->nlog; i++) {
		if (f->log[i].cref == cref && f->log[i].type == type) {
			if (cause)
				*cause = f->log[i].cause;
			n++;
		}
	}
	return n;
}

#endif /* TEST_HOSTILE_FE_H */
