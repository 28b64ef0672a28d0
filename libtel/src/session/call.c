// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The session layer's calls: TAPI-style handles over Q.931 calls. A handle
 * outlives its Q.931 call: after clearing it stays queryable, IDLE, until
 * the application deallocates it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "session/call.h"
#include "session/conf.h"
#include "session/ctx.h"
#include "session/line.h"

/*
 * Call handles come from a per-context pool. Under AddressSanitizer a handle
 * in the pool is poisoned, so a use after tel_call_dealloc() that the API
 * cannot refuse is still caught; all but its first 8 octets (the granule of
 * AddressSanitizer's shadow), which hold the freed flag every entry point
 * reads to refuse the handle with TEL_EFREED.
 */
#define POOL_KEEP	offsetof(struct tel_call, ctx)
_Static_assert(POOL_KEEP == 8 && offsetof(struct tel_call, freed) < POOL_KEEP,
	       "the freed flag alone in the first 8 octets of a call handle");
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POOL_POISON(p)   ASAN_POISON_MEMORY_REGION((char *)(p) + POOL_KEEP, \
						   sizeof(*(p)) - POOL_KEEP)
#define POOL_UNPOISON(p) ASAN_UNPOISON_MEMORY_REGION((char *)(p) + POOL_KEEP, \
						     sizeof(*(p)) - POOL_KEEP)
#else
#define POOL_POISON(p)   ((void)(p))
#define POOL_UNPOISON(p) ((void)(p))
#endif

_Static_assert((int)TEL_LR_SHUTDOWN == (int)CC_LR_SHUTDOWN &&
	       (int)TEL_LR_CLOSED == (int)CC_LR_CLOSED && (int)TEL_LR_LOST == (int)CC_LR_LOST &&
	       (int)TEL_LR_REFUSED == (int)CC_LR_REFUSED &&
	       (int)TEL_LR_RELEASED == (int)CC_LR_RELEASED && (int)TEL_LR_ALARM == (int)CC_LR_ALARM,
	       "enum tel_line_reason and enum cc_link_reason differ");
_Static_assert((int)TEL_CH_IDLE == (int)CC_CH_IDLE && (int)TEL_CH_BUSY == (int)CC_CH_BUSY &&
	       (int)TEL_CH_MAINT == (int)CC_CH_MAINT &&
	       (int)TEL_CH_RESTARTING == (int)CC_CH_RESTARTING,
	       "enum tel_chan_state and enum cc_chan_state differ");

/*
 * The states of a call handle (core/fsm.h): names, and where each may go.
 * The session moves a handle by what call control (or the analog port)
 * indicates, so the machine has no rows of its own: every move goes through
 * call_state() or its inlined copy in session_cc_ind(), and test builds
 * check it against this table. IDLE is where a handle starts (an offered
 * call, a call made, or another appearance taking the call's state) and
 * where every state may end.
 */
#define B(s)	FSM_BIT(TEL_CS_##s)
#define ENDS	(B(IDLE) | B(DISCONNECTED))
static const struct fsm_state call_states[] = {
	[TEL_CS_IDLE] = { "idle", B(OFFERING) | B(DIALING) | B(PROCEEDING) | B(RINGBACK) |
			  B(CONNECTED) | B(DISCONNECTED), 0 },
	[TEL_CS_OFFERING] = { "offering", ENDS | B(CONNECTED), 0 },
	[TEL_CS_DIALING] = { "dialing", ENDS | B(PROCEEDING) | B(RINGBACK) | B(CONNECTED), 0 },
	[TEL_CS_PROCEEDING] = { "proceeding", ENDS | B(RINGBACK) | B(CONNECTED), 0 },
	[TEL_CS_RINGBACK] = { "alerting", ENDS | B(CONNECTED), 0 },
	[TEL_CS_CONNECTED] = { "connected", ENDS, 0 },
	[TEL_CS_DISCONNECTED] = { "disconnected", B(IDLE), 0 },
};
#undef B
#undef ENDS

static const struct fsm_def call_def = {
	.name = "call handle", .states = call_states,
	.nstates = sizeof(call_states) / sizeof(call_states[0]),
};

const struct fsm_def *session_call_fsm_def(void)
{
	return &call_def;
}

const char *tel_call_state_name(enum tel_call_state s)
{
	return fsm_state_name(&call_def, (unsigned int)s);
}

/* Test builds: a move the table does not declare is a defect. */
static inline void call_state_check(const struct tel_call *c, enum tel_call_state s)
{
#ifdef TEL_FSM_STRICT
	if (!(call_states[c->info.state].out & FSM_BIT(s)))
		fsm_refused(&call_def, c->info.state, 0, FSM_TO(s));
#else
	(void)c;
	(void)s;
#endif
}

static const char *const mode_names[] = {
	[TEL_DM_NONE] = "none",
	[TEL_DM_NORMAL] = "normal",
	[TEL_DM_REJECT] = "reject",
	[TEL_DM_BUSY] = "busy",
	[TEL_DM_NOANSWER] = "noanswer",
	[TEL_DM_UNREACHABLE] = "unreachable",
	[TEL_DM_CONGESTION] = "congestion",
	[TEL_DM_UNAVAIL] = "unavail",
	[TEL_DM_OUTOFORDER] = "outoforder",
	[TEL_DM_TEMPFAILURE] = "tempfailure",
	[TEL_DM_UNKNOWN] = "unknown",
};

const char *tel_disconnect_mode_name(enum tel_disconnect_mode m)
{
	return (unsigned)m < sizeof(mode_names) / sizeof(mode_names[0]) ? mode_names[m] : "?";
}

enum tel_disconnect_mode tel_cause_to_mode(int cause)
{
	switch (cause) {
	case 0:
		return TEL_DM_NONE;
	case 16:
	case 31:
		return TEL_DM_NORMAL;
	case 17:
		return TEL_DM_BUSY;
	case 18:
	case 19:
		return TEL_DM_NOANSWER;
	case 21:
		return TEL_DM_REJECT;
	case 1:
	case 2:
	case 3:
	case 22:
	case 28:
		return TEL_DM_UNREACHABLE;
	case 34:
	case 42:
	case 44:
		return TEL_DM_CONGESTION;
	case 27:
		return TEL_DM_OUTOFORDER;
	case 41:
		return TEL_DM_TEMPFAILURE;
	case 38:
	case 47:
	case 58:
	case 63:
	case 65:
	case 69:
	case 79:
		return TEL_DM_UNAVAIL;
	default:
		return TEL_DM_UNKNOWN;
	}
}

static struct tel_call *call_new(struct tel_line *line)
{
	struct tel_ctx *ctx = line->ctx;
	struct tel_call *c = ctx->call_pool;

	if (c) {
		POOL_UNPOISON(c);
		ctx->call_pool = c->next;
		/* only what a new call reads: the rest is written before it is read */
		c->prev = NULL;
		c->qc = NULL;
		c->freed = false;
		c->drop_pending = false;
		c->conf = NULL;
		c->dahdi_bconf = 0;
		memset(&c->info, 0, offsetof(struct tel_call_info, uui_rx));
		c->info.uui_rx_len = 0;
		c->info.to[0] = c->info.from[0] = '\0';
		c->info.to_len = c->info.from_len = 0;
		c->info.from_name[0] = '\0';
	} else {
		c = calloc(1, sizeof(*c));
		if (!c)
			return NULL;
	}
	c->ctx = ctx;
	c->line = line;
	c->id = ctx->next_call_id++;
	c->info.uui_rx_pd = -1;
	c->info.progress = -1;
	c->share_next = c->share_prev = c;
	c->next = ctx->calls;
	if (ctx->calls)
		ctx->calls->prev = c;
	ctx->calls = c;
	return c;
}

/* Take @c out of its ring of bridged appearances; Q.931 then reports to another. */
static void share_detach(struct tel_call *c)
{
	struct tel_call *o = c->share_next;

	if (o == c)
		return;
	if (c->qc)
		q931_call_set_user(c->qc, o);
	o->share_prev = c->share_prev;
	c->share_prev->share_next = o;
	c->share_next = c->share_prev = c;
}

/* Into the pool; memory goes back to the system with the context. */
static void call_release(struct tel_call *c)
{
	c->next = c->ctx->call_pool;
	c->ctx->call_pool = c;
	POOL_POISON(c);
}

/* deliver_events() has emptied the ring: no event names a deallocated call any more. */
void session_release_zombies(struct tel_ctx *ctx)
{
	struct tel_call *c, *next;

	for (c = ctx->zombies; c; c = next) {
		next = c->next;
		call_release(c);
	}
	ctx->zombies = NULL;
}

/*
 * Out of the context's list; released now, or, while events are queued (one
 * may name it: counting them per call cost every event two writes), once
 * deliver_events() has emptied the ring.
 */
static void call_unlink(struct tel_call *c)
{
	struct tel_ctx *ctx = c->ctx;

	share_detach(c);
	if (c->conf)
		conf_remove(c);
	if (c->prev)
		c->prev->next = c->next;
	else
		ctx->calls = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->freed = true;
	if (ctx->ev_count) {
		c->next = ctx->zombies;
		ctx->zombies = c;
	} else {
		call_release(c);
	}
}

/* Inlined: it is the tail of nearly every indication (session_cc_ind()). */
static inline __attribute__((always_inline)) void call_state(struct tel_call *c,
							     enum tel_call_state s)
{
	if (c->info.state == s)
		return;
	call_state_check(c, s);
	c->info.state = s;
	ctx_event_call(c->ctx, TEL_EV_CALL_STATE, c, s, 0);
}

/* A received number, whole: an IE's digits always fit (TEL_NUMBER_MAX). */
static void copy_digits(char *dst, size_t *dlen, const uint8_t *p, size_t len)
{
	_Static_assert(TEL_NUMBER_MAX >= 255, "a number IE's digits do not fit");
	if (len)
		memcpy(dst, p, len);
	dst[len] = '\0';
	*dlen = len;
}

/* A user-user IE may hold its protocol discriminator alone: length 0, ind->uui NULL. */
static void take_uui(struct tel_call *c, const struct cc_ind *ind)
{
	/* cc keeps uui_len within the line's maximum, itself at most 254 */
	c->info.uui_rx_len = ind->uui_len < sizeof(c->info.uui_rx) ? ind->uui_len :
			     sizeof(c->info.uui_rx);
	if (c->info.uui_rx_len)
		memcpy(c->info.uui_rx, ind->uui, c->info.uui_rx_len);
	c->info.uui_rx_pd = ind->uui_pd;
}

static void take_cause(struct tel_call *c, const struct cc_cause *cause)
{
	if (c->info.cause || !cause->value)
		return;		/* the first clearing cause is the call's */
	c->info.cause = cause->value;
	c->info.cause_location = cause->location;
	c->info.cause_remote = cause->origin == CC_CAUSE_REMOTE;
	c->info.mode = tel_cause_to_mode(cause->value);
}

/* IDLE, then DROP_DONE if a drop was waiting for it. */
static inline __attribute__((always_inline)) void call_idle(struct tel_call *c)
{
	call_state(c, TEL_CS_IDLE);
	if (c->drop_pending) {
		c->drop_pending = false;
		ctx_event_call(c->ctx, TEL_EV_DROP_DONE, c, TEL_CS_IDLE, 0);
	}
}

/*
 * The events of a call handle's machine are call control's indications: the
 * state each one moves the handle to (call_states[] declares which moves are
 * allowed), IND_NONE for those that move no handle. apply_ind() and
 * session_cc_ind()'s common case both read it. Primitives are below
 * CC_PRIM_COUNT, so a mask keeps the index in the table.
 */
#define IND_STATE_N	16
#define IND_NONE	0xff
_Static_assert(CC_PRIM_COUNT <= IND_STATE_N, "ind_state[] too short");
static const uint8_t ind_state[IND_STATE_N] = {
	[CC_LINK_IND] = IND_NONE,
	[CC_SETUP_IND] = TEL_CS_OFFERING,	/* a new handle: cc_ind_other(), analog lines */
	[CC_PROCEEDING_IND] = TEL_CS_PROCEEDING,
	[CC_ALERTING_IND] = TEL_CS_RINGBACK,
	[CC_SETUP_CONF] = TEL_CS_CONNECTED,
	[CC_SETUP_COMPLETE_IND] = TEL_CS_CONNECTED,
	[CC_DISCONNECT_IND] = TEL_CS_DISCONNECTED,
	[CC_RELEASE_IND] = TEL_CS_IDLE,
	[CC_PROGRESS_IND] = IND_NONE,
	[CC_USER_INFO_IND] = IND_NONE,
	[CC_RESTART_IND] = IND_NONE,
	[CC_CHAN_OOS_IND] = IND_NONE,
	[CC_CLEARING_IND] = TEL_CS_DISCONNECTED,
	[CC_CHAN_STATE_IND] = IND_NONE,
	[CC_PRIM_COUNT ... IND_STATE_N - 1] = IND_NONE,
};

/* Call control released the call: its cause, its B-channel out of any DAHDI
 * conference, no Q.931 call any more, IDLE (and DROP_DONE if one waited). */
static inline __attribute__((always_inline)) void call_released(struct tel_call *c,
								const struct cc_cause *k)
{
	take_cause(c, k);
	if (c->dahdi_bconf)
		dahdi_bconf_leave(c);	/* its B-channel is free again */
	c->qc = NULL;
	call_idle(c);
}

/*
 * Inlined into session_cc_ind()'s common case (one appearance); the copy
 * behind apply_ind_call() serves bridged appearances and analog lines.
 */
static inline __attribute__((always_inline)) void apply_ind(struct tel_call *c,
							    const struct cc_ind *ind)
{
	if (ind->chan)
		c->info.bchan = ind->chan;
	if (__builtin_expect(ind->has_uui, 0))
		take_uui(c, ind);
	session_info_ind(&c->info, ind);
	switch (ind->prim) {
	case CC_DISCONNECT_IND:
	case CC_CLEARING_IND:
		take_cause(c, &ind->cause);
		break;
	case CC_RELEASE_IND:
		call_released(c, &ind->cause);
		return;
	default:
		break;
	}
	if (ind_state[ind->prim & (IND_STATE_N - 1)] != IND_NONE)
		call_state(c, (enum tel_call_state)ind_state[ind->prim & (IND_STATE_N - 1)]);
}

/*
 * A drop that call control completed within the request (an offered call
 * rejected with RELEASE COMPLETE): the handle goes IDLE now, with the cause
 * the call ended with; the RELEASE_IND that follows finds no handle.
 */
static __attribute__((noinline)) void drop_done_now(struct tel_call *c)
{
	struct cc_cause k;

	q931_call_cause(c->qc, &k);
	q931_call_set_user(c->qc, NULL);
	call_released(c, &k);
}

static __attribute__((noinline)) void apply_ind_call(struct tel_call *c, const struct cc_ind *ind)
{
	apply_ind(c, ind);
}

static __attribute__((noinline)) void cc_ind_other(struct tel_line *line, const struct cc_ind *ind)
{
	struct tel_call *c = ind->call_user;

	if (ind->prim == CC_LINK_IND) {
		enum tel_line_reason why = ind->link_up ? TEL_LR_NONE :
					   (enum tel_line_reason)ind->link_reason;
		struct tel_event ev = { .type = TEL_EV_LINE_STATE, .line = line,
					.up = ind->link_up, .reason = why };
		/* down for good is said also when the link was down already */
		bool final = why == TEL_LR_CLOSED || why == TEL_LR_SHUTDOWN;

		if (line->up != ind->link_up || (final && line->down_reason != why)) {
			line->up = ind->link_up;
			ctx_event(line->ctx, &ev);
		}
		line->down_reason = why;
		return;
	}
	if (ind->prim == CC_CHAN_STATE_IND) {
		struct tel_event ev = { .type = TEL_EV_CHAN_STATE, .line = line,
					.chan = ind->chan,
					.chan_state = (enum tel_chan_state)ind->chan_state };

		ctx_event(line->ctx, &ev);
		return;
	}
	if (ind->prim == CC_SETUP_IND) {
		c = call_new(line);
		if (!c) {
			q931_disconnect_req(ind->call, 47, NULL, 0, 0);	/* resource unavailable */
			return;
		}
		c->qc = ind->call;
		q931_call_set_user(ind->call, c);
		copy_digits(c->info.to, &c->info.to_len, ind->called, ind->called_len);
		copy_digits(c->info.from, &c->info.from_len, ind->calling, ind->calling_len);
		c->info.bchan = ind->chan;
		if (ind->has_uui)
			take_uui(c, ind);
		session_info_ind(&c->info, ind);
		call_state(c, TEL_CS_OFFERING);
		return;
	}
	if (!c)
		return;		/* a call the session no longer tracks */
	/* every station's appearance of the call sees what happens to it */
	for (struct tel_call *first = c, *next;; c = next) {
		next = c->share_next;
		apply_ind_call(c, ind);
		if (next == first)
			break;
	}
}


/*
 * The common case is apply_ind() on a call with one appearance, for an
 * indication that brings no UUI and no name, with room in the event ring for
 * the two events a RELEASE_IND may queue. Done here without calling anything,
 * it needs no stack frame; everything else goes to cc_ind_other(), which does
 * the same through apply_ind().
 */
void session_cc_ind(void *upper, const struct cc_ind *ind)
{
	struct tel_call *c = ind->call_user;
	struct tel_ctx *ctx;
	enum tel_call_state s;

	if (__builtin_expect(!c || c->share_next != c || ind->has_uui || ind->name_len, 0))
		goto other;
	ctx = c->ctx;
	if (__builtin_expect(ctx->ev_count + 1 >= ctx->ev_lim, 0))	/* room for two */
		goto other;
	/* one load instead of a jump table and a jump back */
	s = ind_state[ind->prim & (IND_STATE_N - 1)];
	if (__builtin_expect(s == IND_NONE, 0))
		goto other;	/* PROGRESS, USER_INFO, ... (a SETUP_IND has no handle yet: !c) */
	if (s == TEL_CS_IDLE && c->dahdi_bconf)
		goto other;	/* leaving the DAHDI conference is a system call */
	if (ind->chan)
		c->info.bchan = ind->chan;
	if (ind->progress >= 0)
		c->info.progress = ind->progress;
	if (s == TEL_CS_DISCONNECTED || s == TEL_CS_IDLE)
		take_cause(c, &ind->cause);
	if (s == TEL_CS_IDLE)
		c->qc = NULL;
	if (c->info.state != s) {
		call_state_check(c, s);
		c->info.state = s;
		ctx_event_put(ctx, TEL_EV_CALL_STATE, c, s, 0);
	}
	if (s == TEL_CS_IDLE && c->drop_pending) {
		c->drop_pending = false;
		ctx_event_put(ctx, TEL_EV_DROP_DONE, c, TEL_CS_IDLE, 0);
	}
	return;
other:
	cc_ind_other(upper, ind);
}

struct tel_call *session_call_new(struct tel_line *line)
{
	return call_new(line);
}

void session_call_ind(struct tel_call *c, const struct cc_ind *ind)
{
	apply_ind_call(c, ind);
}

void session_line_gone(struct tel_line *line)
{
	for (struct tel_call *c = line->ctx->calls; c; c = c->next) {
		if (c->line != line)
			continue;
		dahdi_bconf_leave(c);
		c->line = NULL;
		c->qc = NULL;
		c->info.state = TEL_CS_IDLE;
		c->drop_pending = false;
	}
}

void session_free_calls(struct tel_ctx *ctx)
{
	struct tel_call *c, *next;

	for (c = ctx->zombies; c; c = next) {
		next = c->next;
		free(c);
	}
	ctx->zombies = NULL;
	while (ctx->calls) {
		c = ctx->calls;
		ctx->calls = c->next;
		free(c);
	}
	for (c = ctx->call_pool; c; c = next) {
		POOL_UNPOISON(c);
		next = c->next;
		free(c);
	}
	ctx->call_pool = NULL;
}

/*
 * UUI the application wants to send in a message of kind @k: checked against
 * what the line allows there. NULL and 0 is none; a non-NULL @uui of length 0
 * is a user-user IE with the discriminator alone, checked like any other.
 */
static int check_uui(const struct tel_line *line, const void *uui, size_t len, int pd,
		     enum cc_uui_kind k)
{
	size_t max;

	if (!uui)
		return len ? TEL_EINVAL : 0;
	max = line_uui_max(line, k);
	if (pd < 0 || pd > 255)
		return TEL_EINVAL;
	if (!max)
		return TEL_ENOTSUP;
	if (len > max)
		return TEL_EUUITOOBIG;
	return 0;
}

static int q931_make(struct tel_call *c, const struct tel_call_params *p, size_t tolen,
		     size_t fromlen, size_t namelen)
{
	struct cc_setup_req r = { 0 };
	int rc;

	r.called = (const uint8_t *)p->to;
	r.called_len = (uint8_t)tolen;		/* checked: at most 31 */
	r.calling = (const uint8_t *)p->from;
	r.calling_len = (uint8_t)fromlen;
	r.uui = p->uui;
	r.uui_len = (uint16_t)p->uui_len;
	r.uui_pd = (uint8_t)p->uui_pd;
	r.name = (const uint8_t *)p->from_name;	/* checked: at most TEL_NAME_MAX */
	r.name_len = (uint8_t)namelen;
	rc = q931_setup_req(c->line->cc, &r, c, &c->qc);
	line_cc_owed(c->line);
	if (!rc)
		c->info.bchan = q931_call_chan(c->qc);
	return rc;
}

static int q931_answer(struct tel_call *c, const void *uui, size_t uui_len, int uui_pd)
{
	int rc;

	if (!c->qc)
		return TEL_ESTATE;
	rc = q931_connect_req(c->qc, uui, (uint16_t)uui_len, (uint8_t)uui_pd);
	line_cc_owed(c->line);
	return rc;
}

/* No .drop: tel_call_drop() calls q931_disconnect_req() for a PRI line's call itself. */
const struct line_call_ops session_q931_call_ops = {
	.make = q931_make,
	.answer = q931_answer,
};

int tel_call_make(tel_line *line, const struct tel_call_params *p, tel_call **out)
{
	struct tel_call *c;
	size_t tolen, fromlen, namelen;
	int rc;

	if (!line || !p || !out || !p->to)
		return TEL_EINVAL;
	tolen = strlen(p->to);
	fromlen = p->from ? strlen(p->from) : 0;
	if (!tolen || tolen > 31 || fromlen > 31)
		return TEL_EINVAL;
	rc = check_uui(line, p->uui, p->uui_len, p->uui_pd, CC_UUI_SETUP);
	if (!rc)
		rc = session_name_check(line, p->from_name, &namelen);
	if (rc)
		return rc;
	if (!line->up)
		return TEL_ELINK;
	c = call_new(line);
	if (!c)
		return TEL_ENOMEM;
	rc = line->cops->make(c, p, tolen, fromlen, namelen);
	if (rc) {
		call_unlink(c);
		return rc;
	}
	memcpy(c->info.to, p->to, tolen + 1);
	c->info.to_len = tolen;
	if (p->from)
		memcpy(c->info.from, p->from, fromlen + 1);
	c->info.from_len = fromlen;
	if (namelen)
		memcpy(c->info.from_name, p->from_name, namelen + 1);
	call_state(c, TEL_CS_DIALING);
	*out = c;
	return 0;
}

int tel_call_answer(tel_call *c, const void *uui, size_t uui_len, int uui_pd)
{
	int rc;

	if (!c)
		return TEL_EINVAL;
	if (c->freed)
		return TEL_EFREED;
	if (c->info.state != TEL_CS_OFFERING || !c->line)
		return TEL_ESTATE;
	if (uui || uui_len) {
		rc = check_uui(c->line, uui, uui_len, uui_pd, CC_UUI_ANSWER);
		if (rc)
			return rc;
	}
	return c->line->cops->answer(c, uui, uui_len, uui_pd);
}

int tel_call_drop(tel_call *c, const struct tel_drop_params *p)
{
	static const struct tel_drop_params none = { 0 };
	int rc, cause;

	if (!c)
		return TEL_EINVAL;
	if (c->freed)
		return TEL_EFREED;
	if (c->info.state == TEL_CS_IDLE || c->drop_pending || !c->line ||
	    (!c->qc && c->line->cops == &session_q931_call_ops))
		return TEL_ESTATE;
	if (p) {
		if (p->cause < 0 || p->cause > 127)
			return TEL_EINVAL;
		rc = check_uui(c->line, p->uui, p->uui_len, p->uui_pd, CC_UUI_CLEAR);
		if (rc)
			return rc;
	} else {
		p = &none;	/* cause 0 and no UUI: nothing to check */
	}
	if (c->share_next != c) {
		/* other stations still have the call: only this appearance goes idle,
		 * with the cause it was dropped with (its own, local: nothing is sent) */
		struct cc_cause k = { .value = (uint8_t)(p->cause ? p->cause : 16),
				      .origin = CC_CAUSE_LOCAL };

		share_detach(c);
		c->qc = NULL;
		c->drop_pending = true;
		take_cause(c, &k);
		call_idle(c);
		return 0;
	}
	cause = p->cause ? p->cause : c->info.state == TEL_CS_OFFERING ? 21 : 16;
	/* what the drop raises in call control comes from the run loop */
	if (c->line->cops != &session_q931_call_ops) {
		rc = c->line->cops->drop(c, cause, p);
		if (!rc)
			c->drop_pending = true;
		return rc;
	}
	/* a PRI line's call has its Q.931 call (tested above) */
	rc = q931_disconnect_req(c->qc, (uint8_t)cause, p->uui, (uint16_t)p->uui_len,
				 (uint8_t)p->uui_pd);
	if (rc)
		return rc;
	c->drop_pending = true;
	if (q931_cc_pending(c->line->cc)) {	/* only a reject raises anything at once */
		line_cc_owed(c->line);
		if (q931_call_released(c->qc))
			drop_done_now(c);	/* nothing more to wait for */
	}
	return 0;
}

int tel_call_info(tel_call *c, struct tel_call_info *out)
{
	if (!c || !out)
		return TEL_EINVAL;
	if (c->freed)
		return TEL_EFREED;
	*out = c->info;
	return 0;
}

int tel_call_dealloc(tel_call *c)
{
	if (!c)
		return TEL_EINVAL;
	if (c->freed)
		return TEL_EFREED;	/* twice: the pool must not hold it twice */
	if (c->info.state != TEL_CS_IDLE)
		return TEL_ESTATE;
	call_unlink(c);
	return 0;
}

unsigned tel_call_id(tel_call *c)
{
	return c && !c->freed ? c->id : 0;
}

tel_line *tel_call_line(tel_call *c)
{
	return c && !c->freed ? c->line : NULL;
}

int tel_call_share(tel_call *c, tel_call **out)
{
	struct tel_call *n;
	struct tel_event ev = { .type = TEL_EV_CALL_STATE };

	if (!c || !out)
		return TEL_EINVAL;
	if (c->freed)
		return TEL_EFREED;
	if (c->line && line_is_analog(c->line))
		return TEL_ENOTSUP;	/* caps.bridged = 0: one station per analog port */
	if (c->info.state == TEL_CS_IDLE || !c->qc || !c->line || c->drop_pending)
		return TEL_ESTATE;
	n = call_new(c->line);
	if (!n)
		return TEL_ENOMEM;
	n->qc = c->qc;
	n->info = c->info;
	/* join the ring after @c */
	n->share_next = c->share_next;
	n->share_prev = c;
	c->share_next->share_prev = n;
	c->share_next = n;
	/* the new appearance is announced in the call's current state */
	ev.line = n->line;
	ev.call = n;
	ev.state = n->info.state;
	ctx_event(n->ctx, &ev);
	*out = n;
	return 0;
}
