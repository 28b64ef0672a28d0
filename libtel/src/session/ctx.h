/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The context behind tel_ctx of libtel/tel.h: its timers, the ring of events
 * waiting for delivery, the lines' poll set and tel_ctx_fd()'s epoll set
 * (session/ctx.c, session/loop.c).
 */
#ifndef TEL_SESSION_CTX_H
#define TEL_SESSION_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timer.h"
#include "io/dahdi.h"
#include "io/io.h"
#include "libtel/tel.h"

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

uint64_t ctx_now(struct tel_ctx *ctx);
/* session/ctx.c: the lines' pollfd array again (pfd_dirty); TEL_ENOMEM */
int ctx_rebuild_pollset(struct tel_ctx *ctx);
/* session/loop.c: tel_ctx_fd()'s epoll set and timer brought up to date; freed */
void loop_sync(struct tel_ctx *ctx, bool taken);
void loop_fini(struct tel_ctx *ctx);
/* Microseconds for trace timestamps: wall clock, or the fake clock when one is set. */
uint64_t ctx_trace_us(struct tel_ctx *ctx);

#endif /* TEL_SESSION_CTX_H */
