/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session layer's call behind tel_call of libtel/tel.h (session/call.c,
 * session/call_info.c): the handle, the events that name it and the entry
 * points by which call control's indications reach it.
 */
#ifndef TEL_SESSION_CALL_H
#define TEL_SESSION_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/fsm.h"
#include "libtel/tel.h"
#include "q931/cc.h"
#include "session/ctx.h"

struct q931_call;
struct tel_conf;
struct tel_line;

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

/* session/call.c: the deallocated calls (ctx->zombies) into the pool; no event names them */
void session_release_zombies(struct tel_ctx *ctx);

/* session/call.c: Q.931 indications to the session layer */
void session_cc_ind(void *line, const struct cc_ind *ind);
/* session/call.c: a line is going away; its calls end without signalling */
void session_line_gone(struct tel_line *line);
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
/* The states of a call handle and where each may go (session/call.c; no rows). */
const struct fsm_def *session_call_fsm_def(void);
/* CC_SETUP_IND (-> OFFERING), ALERTING, SETUP_CONF, DISCONNECT, RELEASE with ind->call NULL */
void session_call_ind(struct tel_call *c, const struct cc_ind *ind);

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

/* The same as ctx_event() for an event naming call @c (CALL_STATE with @state, DROP_DONE
 * with @result). */
static inline void ctx_event_call(struct tel_ctx *ctx, enum tel_event_type type, struct tel_call *c,
				  enum tel_call_state state, int result)
{
	/* ctx_event_slot() open-coded: its NULL test falls on the growth path only */
	if (__builtin_expect(ctx->ev_count >= ctx->ev_lim, 0) && !ctx_event_grow(ctx))
		return;
	ctx_event_put(ctx, type, c, state, result);
}

#endif /* TEL_SESSION_CALL_H */
