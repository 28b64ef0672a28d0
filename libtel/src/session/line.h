/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The line behind tel_line of libtel/tel.h: a transport of io/ under LAPD +
 * Q.931 and a trace, or under an analog port (session/line*.c).
 */
#ifndef TEL_SESSION_LINE_H
#define TEL_SESSION_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analog/analog.h"
#include "io/io.h"
#include "lapd/datalink.h"
#include "libtel/tel.h"
#include "q931/cc.h"
#include "session/ctx.h"
#include "trace/pcap.h"

struct tel_call;

/*
 * How a line carries calls: Q.931 (PRI lines) or the analog FSM. The
 * session's generic checks (state, UUI against the line's caps) come first.
 */
struct line_call_ops {
	/* @tolen, @fromlen, @namelen: strlen() of p->to, p->from, p->from_name (0 for NULL) */
	int (*make)(struct tel_call *c, const struct tel_call_params *p, size_t tolen,
		    size_t fromlen, size_t namelen);
	int (*answer)(struct tel_call *c, const void *uui, size_t uui_len, int uui_pd);
	/* @cause already defaulted (16, or 21 on an offered call) */
	int (*drop)(struct tel_call *c, int cause, const struct tel_drop_params *p);
};

extern const struct line_call_ops session_q931_call_ops;	/* session/call.c */
extern const struct line_call_ops session_analog_call_ops;	/* session/line_analog.c */

struct tel_line {
	struct tel_ctx *ctx;
	struct tel_line *prev, *next;
	struct tel_line_cfg cfg;	/* pcap pointer not kept */
	bool up;
	bool shutting;			/* tel_line_shutdown(): q931_cc_poll() each round */
	bool cc_owed;			/* a request may have raised Q.931 indications: the run
					 * loop delivers them (line_cc_owed(), line_pump()) */
	enum tel_line_reason down_reason;

	struct lapd *lapd;		/* PRI lines; lapd_none() on analog lines */
	struct q931_cc *cc;		/* PRI lines; NULL on analog lines */
	struct analog_port *an;		/* analog lines; NULL on PRI lines */

	/* the transport (io/io.h): its operations and the object they work on */
	const struct io_ops *iops;
	struct io *io;
	struct lapd_ops lops;		/* the data link's hooks: the transport's tx, ... */
	struct tel_conf *chan_conf;	/* analog: the conference its channel is in, NULL none */
	const struct line_call_ops *cops;

	FILE *pcap_f;
	struct pcap_writer pw;
};

/* session/line.c */
/*
 * A PRI line (LAPD + Q.931) over transport @io, which it owns from then on
 * (closed with the line); on failure @io is left to the caller.
 */
int line_new(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, struct io *io,
	     struct tel_line **out);
/* A line of no signalling yet over @io (line_new(), analog_line_new()); NULL out of memory. */
struct tel_line *line_alloc(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, struct io *io);
/* @l into the context's lines (the last step of making a line). */
void line_link(struct tel_line *l);
/* io_upper.closed of every line: the transport is gone for good. */
void line_io_closed(void *upper);
/* Whether @l is an analog line (no LAPD, no Q.931). */
static inline bool line_is_analog(const struct tel_line *l)
{
	return l->an != NULL;
}
/* The configuration's basics and parameters; on failure a sentence in ctx's last error. */
int line_check_cfg(tel_ctx *ctx, const struct tel_line_cfg *cfg);
/* session/line_params.c: tel_line_cfg.params */
int line_params_check(tel_ctx *ctx, const struct tel_line_cfg *cfg);
void line_params_apply(const struct tel_line_cfg *cfg, struct lapd_params *lp,
		       uint32_t timer_ms[Q931_TIMER_COUNT]);
int line_pump(struct tel_line *line);		/* deliver queued frames and primitives */
/* Lines shutting down whose queue has drained: their data link is released. */
int line_shutdown_walk(struct tel_ctx *ctx);
/* Line @l no longer waits for its queue to drain. */
void line_shutting_end(struct tel_line *l);
/* Frames a socket or D-channel transport's txq holds at most: 2 x k + LINE_TXQ_SLACK. */
#define LINE_TXQ_SLACK	64u
uint32_t line_txq_max(const struct lapd *l);
/* The UUI a line can carry in SETUP, in CONNECT, in clearing messages (0: none): its
 * uui_max, or less where the message has no more room (q931_cc_uui_max()). */
static inline size_t line_uui_max(const struct tel_line *line, enum cc_uui_kind k)
{
	return line_is_analog(line) ? 0 : q931_cc_uui_max(line->cc, k);
}
/* Whether line_pump() could find anything to do (false: it would return 0, doing nothing). */
static inline bool line_has_work(const struct tel_line *l)
{
	/*
	 * Frames first: the usual reason, one test for a busy line (frames
	 * wait in rxq on in-memory lines only). An analog port has no data
	 * link: its own queue is looked at.
	 */
	return l->io->rxq.count || lapd_has_work(l->lapd) || l->an;
}
/*
 * After every request to the line's call control (not before: it looks at
 * what the request raised): that is delivered from the run loop, never
 * inside the request (q931_cc_deliver()).
 */
static inline void line_cc_owed(struct tel_line *l)
{
	if (!l->cc_owed && q931_cc_pending(l->cc)) {	/* most requests raise nothing */
		l->cc_owed = true;
		l->ctx->ncc_owed++;
	}
}
/* Delivers what requests raised on every line that owes it; how many. */
int line_cc_deliver_all(struct tel_ctx *ctx);
/* What the run loop waits on the line's descriptor for (POLLOUT while frames wait to leave). */
static inline short line_poll_events(const struct tel_line *l)
{
	return io_poll_events(l->io);
}

/* session/line_analog.c: an analog line of port @kind over @io (as line_new()) */
int analog_line_new(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, struct io *io,
		    enum analog_kind kind, bool alarm, struct tel_line **out);
int analog_line_pump(struct tel_line *line);

#endif /* TEL_SESSION_LINE_H */
