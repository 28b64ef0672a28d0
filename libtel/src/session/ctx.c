// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The context: clock, timers, the event queue and the run loop that moves
 * frames, primitives and events between the layers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/call.h"
#include "session/ctx.h"
#include "session/line.h"

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t ctx_now(struct tel_ctx *ctx)
{
	return ctx->opts.clock_ms ? ctx->opts.clock_ms(ctx->opts.user) : mono_ms();
}

uint64_t ctx_trace_us(struct tel_ctx *ctx)
{
	struct timespec ts;

	if (ctx->opts.clock_ms)
		return ctx->opts.clock_ms(ctx->opts.user) * 1000;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void free_old_rings(struct tel_ctx *ctx)
{
	while (ctx->ev_nold)
		free(ctx->ev_old[--ctx->ev_nold]);
}

int tel_ctx_new(tel_ctx **out, const struct tel_ctx_opts *opts)
{
	struct tel_ctx *ctx;

	if (!out || !opts)
		return TEL_EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return TEL_ENOMEM;
	ctx->opts = *opts;
	ctx->next_call_id = 1;
	ctx->dahdi_ops = tel_dahdi_sys_ops;
	ctx->epfd = ctx->tfd = -1;
	timers_init(&ctx->timers);
	timers_set_now(&ctx->timers, ctx_now(ctx));
	if (!ctx_event_grow(ctx)) {	/* the first ring: events never find none */
		free(ctx);
		return TEL_ENOMEM;
	}
	*out = ctx;
	return 0;
}

static void ctx_destroy(tel_ctx *ctx)
{
	while (ctx->lines)
		tel_line_close(ctx->lines);
	session_free_calls(ctx);
	timers_fini(&ctx->timers);
	free(ctx->ev);
	free_old_rings(ctx);
	free(ctx->rxbuf);
	free(ctx->pfd);
	free(ctx->pfd_line);
	loop_fini(ctx);
	free(ctx);
}

/*
 * From inside on_event the context is in use further up the stack (the event
 * being delivered, the ring, the line that raised it): it is only marked, no
 * more events are delivered, and the outermost tel_ctx_run() frees it on its
 * way out.
 */
void tel_ctx_free(tel_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->run_depth) {
		ctx->free_pending = true;
		ctx->ev_count = 0;	/* nothing more is delivered */
		return;
	}
	ctx_destroy(ctx);
}

bool ctx_event_grow(struct tel_ctx *ctx)
{
	uint32_t ncap = ctx->ev_cap ? ctx->ev_cap * 2 : 64;
	struct tel_event *n;

	if (ctx->ev_nold == sizeof(ctx->ev_old) / sizeof(ctx->ev_old[0]) ||
	    !(n = calloc(ncap, sizeof(*n)))) {	/* zeroed: see ring_slot_clear() */
		if (ctx->ev_count < ctx->ev_mask)
			return true;	/* into the spare; the next event tries again */
		if (ctx->ev_cap)
			ctx->ev_lost++;
		return false;
	}
	for (uint32_t i = 0; i < ctx->ev_count; i++)
		n[i] = ctx->ev[(ctx->ev_head + i) & (ctx->ev_cap - 1)];
	/* the event being delivered may still be read from the old ring */
	if (ctx->ev_delivering)
		ctx->ev_old[ctx->ev_nold++] = ctx->ev;
	else
		free(ctx->ev);
	ctx->ev = n;
	ctx->ev_head = 0;
	ctx->ev_cap = ncap;
	ctx->ev_mask = ncap - 1;
	ctx->ev_lim = ctx->ev_mask - CTX_EV_SPARE;
	return true;
}

/*
 * The fields only line and channel events set are zero in every free slot
 * of the ring (it is allocated zeroed), so ctx_event_put() need not write
 * them for a call's events; a slot that held a line or channel event is
 * cleared again once the event is taken out.
 */
static void ring_slot_clear(struct tel_event *e)
{
	e->up = 0;
	e->reason = TEL_LR_NONE;
	e->chan = 0;
	e->chan_state = TEL_CH_IDLE;
}

/*
 * Events are handed to on_event in place: see struct tel_ctx. A tel_ctx_run()
 * from inside on_event (nested) delivers copies, so the outer event stays
 * intact whatever the inner run queues. Rings replaced while delivering are
 * freed when the outermost delivery ends: no event of theirs is read after
 * its callback returns, and each replacement doubles the ring, so ev_old
 * cannot fill up.
 */
static int deliver_events(struct tel_ctx *ctx)
{
	tel_event_cb cb = ctx->opts.on_event;
	void *user = ctx->opts.user;
	bool nested;
	int n = 0;

	if (!ctx->ev_count)
		return 0;
	nested = ctx->ev_delivering;
	ctx->ev_delivering = true;
	do {
		struct tel_event *ev = &ctx->ev[ctx->ev_head];
		struct tel_call *c = ev->call;

		ctx->ev_head = (ctx->ev_head + 1) & ctx->ev_mask;
		ctx->ev_count--;
		if (c) {
			if (__builtin_expect(c->freed, 0))
				continue;	/* deallocated while this event waited */
		} else {
			/* line and channel events: rare, delivered from a copy */
			struct tel_event copy = *ev;

			ring_slot_clear(ev);
			if (!copy.line)
				continue;	/* its line was closed */
			n++;
			if (cb)
				cb(&copy, user);
			continue;
		}
		n++;
		if (__builtin_expect(!cb, 0))
			continue;
		if (__builtin_expect(nested, 0)) {
			struct tel_event copy = *ev;

			cb(&copy, user);
		} else {
			cb(ev, user);
		}
	} while (ctx->ev_count);	/* tel_ctx_free() from a callback emptied the ring */
	ctx->ev_delivering = nested;
	if (ctx->ev_nold && !nested)
		free_old_rings(ctx);
	if (ctx->zombies)
		session_release_zombies(ctx);	/* the ring is empty */
	return n;
}

int ctx_rebuild_pollset(struct tel_ctx *ctx)
{
	unsigned n = 0;

	for (struct tel_line *l = ctx->lines; l; l = l->next)
		n += l->io->poll_fd >= 0 && !l->io->dead;
	if (n > ctx->pfd_cap) {
		struct pollfd *p = realloc(ctx->pfd, n * sizeof(*p));
		struct tel_line **pl;

		if (!p)
			return TEL_ENOMEM;
		ctx->pfd = p;
		pl = realloc(ctx->pfd_line, n * sizeof(*pl));
		if (!pl)
			return TEL_ENOMEM;
		ctx->pfd_line = pl;
		ctx->pfd_cap = n;
	}
	n = 0;
	for (struct tel_line *l = ctx->lines; l; l = l->next) {
		if (l->io->poll_fd < 0 || l->io->dead)
			continue;
		ctx->pfd[n].fd = l->io->poll_fd;
		ctx->pfd_line[n] = l;
		n++;
	}
	ctx->npfd = n;
	ctx->pfd_dirty = false;
	ctx->pfd_gen++;		/* tel_ctx_fd()'s set follows (session/loop.c) */
	return 0;
}

/*
 * One round: due timers, received frames, queued primitives, events. Rounds
 * repeat while they find work, so a burst settles in one tel_ctx_run(). A
 * line is pumped only when it may have work (line_has_work()).
 */
static int pump(struct tel_ctx *ctx)
{
	uint64_t now = ctx_now(ctx);	/* one clock read: rounds take microseconds */
	int total = 0;

	for (int round = 0; round < 10000; round++) {
		int n = timers_run(&ctx->timers, now);

		/* what the application's requests raised in call control, first */
		if (ctx->ncc_owed)
			n += line_cc_deliver_all(ctx);
		for (struct tel_line *l = ctx->lines, *next; l; l = next) {
			next = l->next;
			if (line_has_work(l))
				n += line_pump(l);
		}
		n += deliver_events(ctx);
		if (__builtin_expect(ctx->free_pending, 0))
			return total + n;
		/*
		 * A round after the first that ran no timer, took no frame and
		 * delivered nothing changed no line since the last flush walk:
		 * no acknowledgement can be pending and no frame waiting.
		 */
		if (!n && round)
			break;
		/* Transports that queue (sockets, D-channels) send once per round,
		 * after the application has answered this round's events: what the
		 * frames and the callbacks made leaves together, e.g. in one
		 * sendmmsg (CONNECT ACK and a DISCONNECT). */
		if (!ctx->txq_lines) {
			/* no transport queues: acknowledgements, no txq to flush
			 * (a test less per line, every round) */
			for (struct tel_line *l = ctx->lines; l; l = l->next)
				if (lapd_ack_owed(l->lapd) && lapd_flush_ack(l->lapd))
					n++;
		} else {
			for (struct tel_line *l = ctx->lines; l; l = l->next) {
				if (lapd_ack_owed(l->lapd) && lapd_flush_ack(l->lapd))
					n++;
				if (l->io->txq.count)
					l->iops->flush(l->io);
			}
		}
		if (!n)
			break;
		total += n;
	}
	return total;
}

static int ctx_run(tel_ctx *ctx, int timeout_ms);

int tel_ctx_run(tel_ctx *ctx, int timeout_ms)
{
	int n;

	if (!ctx)
		return TEL_EINVAL;
	if (ctx->free_pending)
		return 0;	/* nested, after tel_ctx_free() from on_event */
	ctx->run_depth++;
	n = ctx_run(ctx, timeout_ms);
	/* a shutdown whose send queue has drained releases its data link now */
	if (__builtin_expect(ctx->nshutting != 0, 0) && n >= 0 && !ctx->free_pending &&
	    line_shutdown_walk(ctx))
		n += pump(ctx);
	if (__builtin_expect(ctx->epfd >= 0, 0) && !ctx->free_pending)
		loop_sync(ctx, true);	/* tel_ctx_fd(): its set, its timer (expiries taken) */
	if (--ctx->run_depth == 0 && ctx->free_pending) {
		ctx_destroy(ctx);
		return 0;
	}
	return ctx->free_pending ? 0 : n;
}

static int ctx_run(tel_ctx *ctx, int timeout_ms)
{
	int n, wait_ms;
	uint64_t due, now;

	n = pump(ctx);
	if (__builtin_expect(ctx->free_pending, 0))
		return 0;
	if (ctx->pfd_dirty && ctx_rebuild_pollset(ctx))
		return TEL_ENOMEM;
	/* Look at the sockets even when busy, without waiting then. */
	wait_ms = n ? 0 : timeout_ms;
	due = timers_next_due(&ctx->timers);
	if (wait_ms != 0 && due != UINT64_MAX) {
		uint64_t left;

		now = ctx_now(ctx);	/* only to compute a wait: busy runs skip the read */
		left = due > now ? due - now : 0;

		/* With a fake clock, time moves only when the caller moves it. */
		if (ctx->opts.clock_ms && left)
			left = 0;
		if (wait_ms < 0 || left < (uint64_t)wait_ms)
			wait_ms = (int)(left > 60000 ? 60000 : left);
	}
	if (!ctx->npfd && wait_ms < 0)
		wait_ms = 0;	/* nothing could ever wake us */
	for (unsigned i = 0; i < ctx->npfd; i++) {
		struct tel_line *l = ctx->pfd_line[i];

		ctx->pfd[i].events = line_poll_events(l);
		ctx->pfd[i].revents = 0;
	}
	if (!ctx->npfd && wait_ms == 0)
		return n;	/* nothing to wait for and nothing to read: done */
	{
		int r = poll(ctx->pfd, ctx->npfd, wait_ms);

		if (r < 0 && errno != EINTR)
			return TEL_EIO;
		for (unsigned i = 0; r > 0 && i < ctx->npfd; i++)
			if (ctx->pfd[i].revents)
				ctx->pfd_line[i]->iops->ready(ctx->pfd_line[i]->io,
							      ctx->pfd[i].revents);
	}
	if (__builtin_expect(ctx->free_pending, 0))
		return 0;
	return n + pump(ctx);
}

void tel_ctx_set_dahdi_ops(tel_ctx *ctx, const struct tel_dahdi_ops *ops)
{
	if (ctx)
		ctx->dahdi_ops = ops ? *ops : tel_dahdi_sys_ops;
}

void ctx_set_error(tel_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
}

const char *tel_ctx_last_error(const tel_ctx *ctx)
{
	return ctx ? ctx->errmsg : "";
}
