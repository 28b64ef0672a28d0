// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Event-loop integration: tel_ctx_fd() is one descriptor (epoll) that polls
 * readable when a line has input (or room for output it waits for) or, with
 * the real clock, when a timer is due (a timerfd in the set); tel_ctx_timeout()
 * says how long the caller may wait at most. The set follows the lines'
 * pollfd array (ctx_rebuild_pollset()), brought up to date whenever the
 * application asks for the timeout and after every tel_ctx_run().
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "session/ctx.h"
#include "session/line.h"

void loop_fini(struct tel_ctx *ctx)
{
	if (ctx->tfd >= 0)
		close(ctx->tfd);
	if (ctx->epfd >= 0)
		close(ctx->epfd);
	free(ctx->ep_fd);
	free(ctx->ep_ev);
	ctx->epfd = ctx->tfd = -1;
}

/* What the run loop polls line @i for, as epoll events. */
static uint32_t want(const struct tel_ctx *ctx, unsigned i)
{
	short ev = line_poll_events(ctx->pfd_line[i]);

	return (ev & POLLIN ? EPOLLIN : 0) | (ev & POLLPRI ? EPOLLPRI : 0) |
	       (ev & POLLOUT ? EPOLLOUT : 0);
}

/*
 * The timerfd at the next timer's due time (the context's clock is
 * CLOCK_MONOTONIC in ms). After a run (@taken) its expiry is read off: the
 * run has looked at the timers. Unchanged, it is left as it is.
 */
static void arm_timer(struct tel_ctx *ctx, bool taken)
{
	struct itimerspec its = { 0 };
	uint64_t due = timers_next_due(&ctx->timers), exp;

	if (taken)
		while (read(ctx->tfd, &exp, sizeof(exp)) > 0)
			;
	if (due == ctx->tfd_due && !taken)
		return;
	ctx->tfd_due = due;
	if (due != UINT64_MAX) {
		its.it_value.tv_sec = (time_t)(due / 1000);
		its.it_value.tv_nsec = (long)(due % 1000) * 1000000;
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;	/* all zero would disarm it */
	}
	timerfd_settime(ctx->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

void loop_sync(struct tel_ctx *ctx, bool taken)
{
	if (ctx->epfd < 0)
		return;
	if (ctx->pfd_dirty)
		ctx_rebuild_pollset(ctx);
	if (ctx->ep_gen != ctx->pfd_gen || ctx->nep != ctx->npfd) {
		/* the lines changed: the set again (closed descriptors left it by themselves) */
		for (unsigned i = 0; i < ctx->nep; i++)
			epoll_ctl(ctx->epfd, EPOLL_CTL_DEL, ctx->ep_fd[i], NULL);
		ctx->nep = 0;
		if (ctx->npfd > ctx->ep_cap) {
			int *f = realloc(ctx->ep_fd, ctx->npfd * sizeof(*f));
			uint32_t *e;

			if (f)
				ctx->ep_fd = f;
			e = f ? realloc(ctx->ep_ev, ctx->npfd * sizeof(*e)) : NULL;
			if (!f || !e)
				return;	/* out of memory: the set stays empty, tel_ctx_timeout() says 0 */
			ctx->ep_ev = e;
			ctx->ep_cap = ctx->npfd;
		}
		for (unsigned i = 0; i < ctx->npfd; i++) {
			struct epoll_event ev = { .events = want(ctx, i), .data.u32 = i };

			if (epoll_ctl(ctx->epfd, EPOLL_CTL_ADD, ctx->pfd[i].fd, &ev) < 0 &&
			    errno != EEXIST)
				continue;
			ctx->ep_fd[ctx->nep] = ctx->pfd[i].fd;
			ctx->ep_ev[ctx->nep++] = ev.events;
		}
		ctx->ep_gen = ctx->pfd_gen;
	} else {
		for (unsigned i = 0; i < ctx->nep; i++) {
			struct epoll_event ev = { .events = want(ctx, i), .data.u32 = i };

			if (ev.events != ctx->ep_ev[i] &&
			    !epoll_ctl(ctx->epfd, EPOLL_CTL_MOD, ctx->ep_fd[i], &ev))
				ctx->ep_ev[i] = ev.events;
		}
	}
	if (ctx->tfd >= 0)
		arm_timer(ctx, taken);
}

int tel_ctx_fd(tel_ctx *ctx)
{
	if (!ctx)
		return TEL_EINVAL;
	if (ctx->epfd >= 0)
		return ctx->epfd;
	ctx->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (ctx->epfd < 0) {
		ctx_set_error(ctx, "tel_ctx_fd: epoll_create1: %s", strerror(errno));
		return errno == ENOMEM ? TEL_ENOMEM : TEL_EIO;
	}
	if (!ctx->opts.clock_ms) {	/* with the caller's clock only its timeout tells time */
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = UINT32_MAX };

		ctx->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
		if (ctx->tfd < 0 || epoll_ctl(ctx->epfd, EPOLL_CTL_ADD, ctx->tfd, &ev) < 0) {
			ctx_set_error(ctx, "tel_ctx_fd: timerfd: %s", strerror(errno));
			loop_fini(ctx);
			return TEL_EIO;
		}
	}
	ctx->ep_gen = ctx->pfd_gen - 1;	/* the set is built now */
	ctx->tfd_due = UINT64_MAX;
	loop_sync(ctx, true);
	return ctx->epfd;
}

int tel_ctx_timeout(tel_ctx *ctx)
{
	uint64_t due, now;

	if (!ctx)
		return TEL_EINVAL;
	loop_sync(ctx, false);
	if (ctx->ev_count || ctx->nshutting || (ctx->epfd >= 0 && ctx->nep != ctx->npfd))
		return 0;	/* events to deliver, a drain to check, a set short of a line */
	for (const struct tel_line *l = ctx->lines; l; l = l->next)
		if (l->io->rxq.count ||
		    lapd_has_work(l->lapd) || lapd_ack_owed(l->lapd) ||
		    (l->cc_owed && q931_cc_pending(l->cc)))
			return 0;	/* frames or primitives queued, an acknowledgement owed */
	due = timers_next_due(&ctx->timers);
	if (due == UINT64_MAX)
		return -1;
	now = ctx_now(ctx);
	if (due <= now)
		return 0;
	return due - now > INT_MAX ? INT_MAX : (int)(due - now);
}
