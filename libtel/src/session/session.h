/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal structures behind the public handles of libtel/tel.h: the context
 * (timers, event queue, lines), lines (a transport of io/ under LAPD + Q.931
 * and a trace, or under an analog port) and the session layer's calls.
 */
#ifndef TEL_SESSION_H
#define TEL_SESSION_H

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analog/analog.h"
#include "core/timer.h"
#include "io/dahdi.h"
#include "io/io.h"
#include "lapd/datalink.h"
#include "libtel/tel.h"
#include "q931/cc.h"
#include "trace/pcap.h"

struct tel_ctx {
	struct tel_timers timers;
	struct tel_ctx_opts opts;
	struct tel_line *lines;		/* all open lines */
	struct tel_call *calls;		/* every call handle not yet deallocated */
	struct tel_call *call_pool;	/* freed handles for reuse (linked by next) */
	/* handles deallocated while events were queued (linked by next): events
	 * may name them, so they go to the pool once the ring is empty */
	struct tel_call *zombies;
	unsigned next_call_id;

	/*
	 * Events waiting for delivery: a ring that grows by doubling. An event
	 * is delivered in place (a pointer into the ring), so one slot is always
	 * kept free: the slot being delivered is never written by the events its
	 * callback queues; and a ring replaced during a delivery is freed once
	 * the (outermost) delivery has ended (ev_old).
	 */
	struct tel_event *ev;
	uint32_t ev_head, ev_count, ev_cap;
	uint32_t ev_mask;		/* ev_cap - 1 */
	uint32_t ev_lim;		/* ev_mask - CTX_EV_SPARE: the ring grows from there */
	uint32_t ev_lost;		/* events lost to a failed growth */
	bool ev_delivering;		/* inside deliver_events() */
	unsigned ev_nold;
	struct tel_event *ev_old[32];	/* rings replaced, freed when the delivery ends */

	uint8_t *rxbuf;			/* receive scratch for socket lines (IO_SOCK_RXBUF) */
	struct pollfd *pfd;		/* one per fd line, rebuilt when lines change */
	struct tel_line **pfd_line;
	unsigned npfd, pfd_cap;
	bool pfd_dirty;
	/* lines whose transport queues frames (io_ops.flush): while there are
	 * none, pump() skips the txq test of its flush walk */
	unsigned txq_lines;
	unsigned nshutting;		/* lines whose shutdown waits for their queue to drain */
	unsigned ncc_owed;		/* lines with cc_owed set */

	unsigned run_depth;		/* tel_ctx_run() calls in progress (nested from on_event) */
	bool free_pending;		/* tel_ctx_free() from on_event: freed when the run ends */

	/* tel_ctx_fd() (session/loop.c): an epoll set of the lines' descriptors and a
	 * timerfd for the next timer; -1 until asked for */
	int epfd, tfd;
	unsigned pfd_gen, ep_gen;	/* pollset generation, and the one epfd holds */
	uint64_t tfd_due;		/* what tfd is armed for (UINT64_MAX: disarmed) */
	int *ep_fd;			/* descriptors in epfd, with the events asked */
	uint32_t *ep_ev;
	unsigned nep, ep_cap;

	struct tel_dahdi_ops dahdi_ops;	/* syscalls for DAHDI lines opened from now on */
	char errmsg[256];		/* tel_ctx_last_error() */
};

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

struct tel_call {
	/*
	 * Deallocated: in ctx->zombies (its events skipped) or in the pool. The
	 * one field the pool leaves readable under AddressSanitizer (it poisons
	 * from @ctx on), so every entry point can refuse a freed handle with
	 * TEL_EFREED; cleared when the pool hands the memory out again.
	 */
	bool freed;
	struct tel_ctx *ctx;
	struct tel_call *prev, *next;	/* ctx->calls */
	struct tel_line *line;		/* NULL once the line is closed */
	struct q931_call *qc;		/* NULL once Q.931 released the call */
	unsigned id;
	bool drop_pending;
	struct tel_call_info info;
	/* bridged appearances: handles on the same Q.931 call form a ring */
	struct tel_call *share_next, *share_prev;
	struct tel_conf *conf;		/* the conference this call is a party of */
	int dahdi_bconf;		/* PRI on DAHDI: B-channel (global number) in conf */
};

struct tel_conf {
	struct tel_ctx *ctx;
	struct tel_call **party;
	unsigned n, cap;
	int dahdi_confno;		/* DAHDI conference number, 0 while none is in use */
	unsigned dahdi_joined;		/* channels in that conference */
};

/* session/ctx.c: the context's last-error string (printf style) */
void ctx_set_error(tel_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The context's last-error string as the buffer a transport reports into. */
static inline struct io_err ctx_io_err(struct tel_ctx *ctx)
{
	struct io_err e = { .msg = ctx->errmsg, .size = sizeof(ctx->errmsg) };

	return e;
}
/*
 * tel_ctx_set_dahdi_ops() - use @ops (copied; NULL: the real syscalls) for
 * the DAHDI lines opened on @ctx from now on. Internal: for tests.
 */
void tel_ctx_set_dahdi_ops(tel_ctx *ctx, const struct tel_dahdi_ops *ops);

/*
 * The ring grows while CTX_EV_SPARE slots are still free: when memory runs
 * out the event goes into the spare and the next one tries again, so one
 * failed growth loses nothing. The first ring comes with the context.
 */
#define CTX_EV_SPARE	8u
/* session/ctx.c: double the event ring; false (and the event lost) when out of memory
 * with no spare slot left */
bool ctx_event_grow(struct tel_ctx *ctx);

/*
 * A slot for one more event, counted as queued; NULL (the event lost) when out
 * of memory. One slot stays free: ev_count + 1 < ev_cap, i.e. ev_count < ev_mask.
 */
static inline struct tel_event *ctx_event_slot(struct tel_ctx *ctx)
{
	struct tel_event *e;

	if (__builtin_expect(ctx->ev_count >= ctx->ev_lim, 0) && !ctx_event_grow(ctx))
		return NULL;
	e = &ctx->ev[(ctx->ev_head + ctx->ev_count) & ctx->ev_mask];
	ctx->ev_count++;
	return e;
}

/* Queue an event for delivery from tel_ctx_run(). */
static inline void ctx_event(struct tel_ctx *ctx, const struct tel_event *ev)
{
	struct tel_event *e = ctx_event_slot(ctx);

	if (!e)
		return;
	*e = *ev;
}

/* The same for an event naming call @c (CALL_STATE with @state, DROP_DONE with @result). */
static inline void ctx_event_call(struct tel_ctx *ctx, enum tel_event_type type, struct tel_call *c,
				  enum tel_call_state state, int result);

uint64_t ctx_now(struct tel_ctx *ctx);
/* session/ctx.c: the lines' pollfd array again (pfd_dirty); TEL_ENOMEM */
int ctx_rebuild_pollset(struct tel_ctx *ctx);
/* session/loop.c: tel_ctx_fd()'s epoll set and timer brought up to date; freed */
void loop_sync(struct tel_ctx *ctx, bool taken);
void loop_fini(struct tel_ctx *ctx);
/* session/call.c: the deallocated calls (ctx->zombies) into the pool; no event names them */
void session_release_zombies(struct tel_ctx *ctx);
/* Microseconds for trace timestamps: wall clock, or the fake clock when one is set. */
uint64_t ctx_trace_us(struct tel_ctx *ctx);

/* session/call.c: Q.931 indications to the session layer */
void session_cc_ind(void *line, const struct cc_ind *ind);
/* session/call.c: a line is going away; its calls end without signalling */
void session_line_gone(struct tel_line *line);
/* session/conf.c: @call leaves its conference (dealloc) */
void conf_remove(struct tel_call *call);
/* session/call.c: free every call (context teardown) */
void session_free_calls(struct tel_ctx *ctx);

/* session/call_info.c: a calling name from the application: 0 (*len its length, 0 for
 * none) or TEL_EINVAL (over TEL_NAME_MAX, not IA5), TEL_ENOTSUP (analog line) */
int session_name_check(const struct tel_line *line, const char *name, size_t *len);
/* What an indication adds to a call's info beyond its state: progress, a name. */
static inline void session_info_ind(struct tel_call_info *info, const struct cc_ind *ind)
{
	if (ind->progress >= 0)
		info->progress = ind->progress;
	/* only a SETUP_IND carries a name; a Display is at most 82 octets, so it fits */
	if (__builtin_expect(ind->name_len != 0, 0) && ind->name_len < sizeof(info->from_name) &&
	    !memchr(ind->name, 0, ind->name_len)) {
		memcpy(info->from_name, ind->name, ind->name_len);
		info->from_name[ind->name_len] = '\0';
	}
}

/* session/call.c: for line kinds that signal without Q.931 (analog) */
struct tel_call *session_call_new(struct tel_line *line);	/* a handle, no event yet */
/* CC_SETUP_IND (-> OFFERING), ALERTING, SETUP_CONF, DISCONNECT, RELEASE with ind->call NULL */
void session_call_ind(struct tel_call *c, const struct cc_ind *ind);

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
/* Whether line_pump() could find anything to do (false: it would return 0, doing nothing). */
/* The UUI a line can carry in SETUP, in CONNECT, in clearing messages (0: none): its
 * uui_max, or less where the message has no more room (q931_cc_uui_max()). */
static inline size_t line_uui_max(const struct tel_line *line, enum cc_uui_kind k)
{
	return line_is_analog(line) ? 0 : q931_cc_uui_max(line->cc, k);
}

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

/* session/conf.c: DAHDI conference of an analog line's channel: join @cf's
 * (allocating its number), leave */
int dahdi_conf_join(struct tel_line *line, struct tel_conf *cf);
void dahdi_conf_leave(struct tel_line *line);
/* A PRI call's B-channel into / out of the conference (through the D-channel's fd). */
int dahdi_bconf_join(struct tel_call *call, struct tel_conf *cf);
void dahdi_bconf_leave(struct tel_call *call);

/* session/line_analog.c: an analog line of port @kind over @io (as line_new()) */
int analog_line_new(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, struct io *io,
		    enum analog_kind kind, bool alarm, struct tel_line **out);
int analog_line_pump(struct tel_line *line);

/* An event naming @c into a ring the caller saw room in (ctx_event_call() without the test). */
static inline __attribute__((always_inline)) void ctx_event_put(struct tel_ctx *ctx,
								enum tel_event_type type,
								struct tel_call *c,
								enum tel_call_state state, int result)
{
	struct tel_event *e = &ctx->ev[(ctx->ev_head + ctx->ev_count) & ctx->ev_mask];

	ctx->ev_count++;
	e->type = type;
	e->line = c->line;
	e->call = c;
	e->state = state;
	e->result = result;
	/* up, reason, chan and chan_state are zero in a free slot (ring_slot_clear()) */
}

static inline void ctx_event_call(struct tel_ctx *ctx, enum tel_event_type type, struct tel_call *c,
				  enum tel_call_state state, int result)
{
	/* ctx_event_slot() open-coded: its NULL test falls on the growth path only */
	if (__builtin_expect(ctx->ev_count >= ctx->ev_lim, 0) && !ctx_event_grow(ctx))
		return;
	ctx_event_put(ctx, type, c, state, result);
}

#endif /* TEL_SESSION_H */
