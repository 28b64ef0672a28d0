/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Q.931 call control: internals shared by cc.c (line, pool, call reference
 * table, B-channels, indication queue), cc_fsm.c (the state tables and their
 * actions), cc_send.c and cc_send_fast.c (messages out), cc_recv.c (messages
 * in), cc_uui.c (UUI limits), cc_restart.c, cc_link.c and cc_variant.c.
 */
#ifndef TEL_Q931_CC_INT_H
#define TEL_Q931_CC_INT_H

#include <stddef.h>
#include <string.h>

#include "core/fsm.h"
#include "q931/cc.h"

#define CC_OURS		0x8000u		/* key bit: we allocated the call reference */
#define CC_TXBUF	260		/* N201 */
#define CC_NO_TIMER	0xff

/*
 * Events of the call state machine, names from the same list (cc_fsm.c). The
 * last four are call control's own decisions made outside a message or
 * timer of the call (a STATUS, the data link, a RESTART), so that every
 * state change is a row of the table.
 */
#define CC_EVENTS(X) \
	X(SETUP_REQ) X(PROCEEDING_REQ) X(ALERTING_REQ) X(CONNECT_REQ) X(DISCONNECT_REQ) \
	X(USER_INFO_REQ) \
	X(RX_SETUP) X(RX_CALL_PROC) X(RX_ALERTING) X(RX_PROGRESS) X(RX_CONNECT) \
	X(RX_CONNECT_ACK) X(RX_DISCONNECT) X(RX_RELEASE) X(RX_REL_COMP) X(RX_USER_INFO) \
	X(T301) X(T303) X(T305) X(T306) X(T308) X(T310) X(T313) \
	X(ALERT_DUE)	/* an offered call not answered for CC_AUTO_ALERT_MS */ \
	X(CLEAR_DISC)	/* call control clears with DISCONNECT (cc_clear_disconnect()) */ \
	X(CLEAR_REL)	/* call control clears with RELEASE (cc_clear_release()) */ \
	X(RELEASE_NOW)	/* the call is gone without a message (cc_release_now()) */ \
	X(STATUS_ACTIVE)	/* a STATUS says the far end took our CONNECT */

enum cc_event {
#define CC_EV_ENUM(n)	EV_##n,
	CC_EVENTS(CC_EV_ENUM)
#undef CC_EV_ENUM
	EV_COUNT
};

/*
 * The far end's T303 (4 s) runs until our first answer to its SETUP: an
 * offered call the application has not answered or refused within
 * CC_AUTO_ALERT_MS (at most half our own T303, taken as the far end's) gets
 * ALERTING from call control, so that it may ring for as long as the
 * application lets it. Its state timer then holds CC_TIMER_ALERT.
 */
#define CC_AUTO_ALERT_MS	1000
#define CC_TIMER_ALERT		Q931_TIMER_COUNT


/* What an event carries: a received message, or a request's arguments. */
struct cc_ev {
	const struct q931_msg *m;		/* EV_RX_* */
	const struct cc_setup_req *setup;	/* EV_SETUP_REQ */
	const uint8_t *uui;
	uint16_t uui_len;
	uint8_t uui_pd;
	uint8_t cause;				/* EV_DISCONNECT_REQ (0 = default), EV_CLEAR_* */
	uint8_t origin;				/* EV_CLEAR_*: enum cc_cause_origin */
	int8_t timer;				/* EV_CLEAR_*: the timer that ran out, -1 none */
};

struct q931_call {
	struct q931_cc *cc;
	void *user;
	uint16_t key;		/* cref | CC_OURS when we allocated it */
	uint8_t state;		/* enum q931_call_state */
	uint8_t chan;		/* B-channel (channel identification number), 0 none */
	bool in_use;
	bool released;		/* RELEASE_IND queued; back to the pool when delivered */
	bool chan_tentative;	/* user side: chosen by us, not yet confirmed by the network */
	bool chan_told;		/* the channel went out in our first response */
	bool chan_oos;		/* put the channel out of service when released */
	bool held;		/* active call kept while the link is down (T309) */
	uint8_t clear_on_up;	/* held: the session dropped it; DISCONNECT with this cause when
				 * the link is back (T309 ends it otherwise) */
	uint8_t t303_n, t308_n, t322_n;
	uint8_t enq_state;	/* the call's state when we last sent STATUS ENQUIRY */
	uint8_t tx_cause;	/* cause of our first clearing message (T305/T308 resend) */
	/* 96 or 100 when the DISCONNECT received had no Cause or a malformed one: our
	 * RELEASE carries it (Q.931 5.8.6.1); set by every DISCONNECT that leads to U12 */
	uint8_t rx_cause_fault;
	uint8_t rtimer;		/* which Q931_T* the state timer runs, CC_NO_TIMER */
	struct cc_cause cause;	/* first clearing cause: the final one */
	uint16_t idx;		/* position in the pool (cc->calls), set once */
	uint16_t hpos;		/* its slot in cc->htab while in the table */
	struct tel_timer tm;	/* the state timer: T301/T303/T305/T306/T308/T310/T313 */
	struct tel_timer t322;
	uint16_t setup_len;	/* our SETUP, kept for the T303 resend until the first answer */
	uint8_t *setup_copy;	/* CC_TXBUF octets from cc_setup_copy(), NULL when none */
};

/* The call pool grows by CC_POOL_CHUNK calls at a time, up to max_calls. */
#define CC_POOL_CHUNK	8
/* SETUP copies are allocated CC_SETUP_CHUNK buffers at a time. */
#define CC_SETUP_CHUNK	8
/* The indication queue starts with CC_QINIT entries and doubles when full. */
#define CC_QINIT	16
/*
 * Entries the others leave free below their limit: the queue grows while
 * they are, so that an indication finds one when the growth fails (the next
 * one tries again).
 */
#define CC_QSPARE	4


struct q931_cc {
	struct q931_cc_cfg cfg;
	const struct fsm_def *fsm;	/* the side's state machine (cc_fsm.c) */
	const struct fsm_row *rows;	/* fsm->rows: [state][EV_COUNT] */
	struct q931_codec codec;
	enum q931_dir txdir, rxdir;
	uint8_t loc;		/* location of causes we generate */
	bool link_up;
	bool delivering;
	uint32_t tms[Q931_TIMER_COUNT];

	/*
	 * Calls: a pool that grows on demand by CC_POOL_CHUNK calls, up to
	 * cfg.max_calls (cc_pool_grow()); a call never moves (timers refer to it).
	 */
	struct q931_call **calls;	/* by index, ncalls of them */
	uint16_t *free_stk;
	unsigned int nfree;
	unsigned int ncalls;	/* calls allocated so far */
	bool nomem;		/* the pool could not grow for want of memory */
	unsigned int tm_reserved;	/* timer heap entries reserved (timers_reserve()) */
	uint16_t *htab;		/* call index + 1, 0 = empty; linear probing */
	uint32_t hmask;
	uint8_t hshift;		/* 32 - log2(table size), for hslot() */
	uint16_t next_cref;
	/* free SETUP copies (CC_TXBUF octets each, linked through their first octets) and
	 * the blocks they were allocated in (cc_setup_copy()) */
	void *setup_free, *setup_blocks;

	/* B-channels: bit n = channel number n */
	uint32_t chan_valid, chan_busy, chan_oos;
	struct q931_call *chan_call[32];

	/* RESTART we sent */
	struct tel_timer t316, t309;
	uint32_t restart_mask;	/* the channels of the RESTART outstanding: RESTARTING */
	uint8_t restart_chan;
	uint8_t t316_n;
	bool restart_hold;	/* a RESTART failed: T316 runs before channels are tried again */

	/* the data link's life (q931_cc_start() ... q931_cc_shutdown()) */
	struct tel_timer test;	/* re-establishment after est_backoff ms */
	uint32_t est_backoff;	/* the next wait; 0: the first (CC_EST_BACKOFF_MIN) */
	uint8_t link_reason;	/* enum cc_link_reason while down */
	bool started;		/* q931_cc_start() was called */
	bool shutdown;		/* q931_cc_shutdown(): no new calls, no re-establishment */
	bool shutdown_wait;	/* ... waiting for the send queue to drain (q931_cc_poll()) */
	uint64_t shutdown_at;	/* when: the drain lasts T200 x (N200 + 1) at most */
	bool final_told;	/* the final LINK_IND (CLOSED or SHUTDOWN) was raised */
	bool closed;		/* the transport is gone */
	bool alarm;		/* layer 1 alarm */

	/*
	 * Indications raised and not yet delivered (cc_flush()). The array
	 * grows on demand (cc_ind_grow()); room for one RELEASE_IND per call
	 * of the pool is always there: the others may fill qlim entries.
	 */
	struct cc_ind *q;
	unsigned int qcap;	/* the array's size, a power of two: the limit for RELEASE_IND */
	unsigned int qlim;	/* min(qcap - ncalls, qlim_max): the limit for the others */
	unsigned int qlim_max;	/* 3 x max_calls + 16: beyond it, others are dropped */
	unsigned int qmask;	/* qcap - 1 */
	unsigned int qhead, qcount;	/* qhead is 0 whenever the queue is empty */
	struct cc_ind *qold[8];	/* arrays outgrown during a delivery, freed after it */
	unsigned int nqold;

	struct q931_cc_counters cnt;

	uint16_t uui_lim[CC_UUI_KINDS];	/* q931_cc_uui_max(), worked out by cc_small_init() */

	/* by message type: bit n set when the small message with IE set n
	 * (CC_SM_*) is one the codec would make (cc_small_init()) */
	uint16_t small_ok[256];
};

/* The IEs of a small message, as bits of an IE set (small_ok). */
#define CC_SM_CAUSE	1u
#define CC_SM_CHAN	2u
#define CC_SM_PROG	4u
#define CC_SM_UUI	8u

/* What the small messages of a call carry (cc_send_small). */
struct cc_small {
	uint8_t cause;		/* Q.850 value; 0: no cause IE */
	uint8_t chan;		/* channel identification of one B-channel; 0: none */
	bool excl;		/* exclusive (always on NI-2) */
	bool progress8;		/* progress indicator #8, in-band information */
	bool has_uui;
	uint8_t uui_pd;
	uint16_t uui_len;
	const uint8_t *uui;
};

/* cc.c */
struct q931_call *cc_lookup(struct q931_cc *cc, uint16_t key);
struct q931_call *cc_call_new(struct q931_cc *cc, uint16_t key);
/* A call on a new call reference of ours (q931_setup_req()); NULL: pool empty. */
struct q931_call *cc_call_new_ours(struct q931_cc *cc);
void cc_call_abort(struct q931_call *c);
void cc_timer_start(struct q931_call *c, enum q931_timer_id t);
/* The state timer as @id (a Q931_T* or CC_TIMER_ALERT) for @ms (0: off). */
void cc_timer_start_ms(struct q931_call *c, unsigned int id, uint32_t ms);
void cc_timer_stop(struct q931_call *c);
void cc_t322_start(struct q931_call *c);
uint32_t cc_chan_free_mask(const struct q931_cc *cc);
void cc_chan_take(struct q931_call *c, unsigned int chan, bool tentative);
void cc_chan_drop(struct q931_call *c);

/* cc_ind_new() when the queue is at its limit: a larger array, or NULL (counted). */
struct cc_ind *cc_ind_grow(struct q931_cc *cc, enum cc_prim prim);
/* A buffer for @c's SETUP copy (kept while T303 runs), or NULL: out of memory. */
uint8_t *cc_setup_copy(struct q931_call *c);
void cc_setup_copy_put(struct q931_call *c);

/*
 * A new indication at the queue's tail. Only what every indication carries is
 * set here (prim, call, chan, no cause, no UUI, no numbers); the indication's
 * kind adds the rest (cause, peer_cause, link_up, UUI, numbers). Of a cause
 * only value..diag_len are cleared: diag counts up to diag_len. Inline: @prim
 * is a constant at every call, and so is whether @c is NULL.
 */
static inline struct cc_ind *cc_ind_new(struct q931_cc *cc, enum cc_prim prim,
					struct q931_call *c)
{
	struct cc_ind *ind;

	/* room for one RELEASE_IND per call is always kept */
	if (__builtin_expect(cc->qcount >= (prim == CC_RELEASE_IND ? cc->qcap : cc->qlim), 0) &&
	    !cc_ind_grow(cc, prim))
		return NULL;
	ind = &cc->q[(cc->qhead + cc->qcount) & cc->qmask];
	cc->qcount++;
	ind->prim = prim;
	ind->chan = c ? c->chan : 0;
	ind->call = c;
	ind->call_user = NULL;
	/* pointers, lengths, flags and the causes' heads: one fixed-size clear */
	memset(&ind->uui, 0, offsetof(struct cc_ind, peer_cause.diag) -
	       offsetof(struct cc_ind, uui));
	ind->progress = -1;
	return ind;
}
void cc_ind_uui_set(struct cc_ind *ind, const struct q931_msg *m);
/* SETUP_IND: the called and calling numbers of @m (pointers into it). */
void cc_ind_numbers(struct cc_ind *ind, const struct q931_msg *m);

/* The received UUI, if any, into the indication (pointing into @m). */
static inline void cc_ind_uui(struct cc_ind *ind, const struct q931_msg *m)
{
	if (ind && m && Q931_HAS(m, Q931_I_USER_USER))
		cc_ind_uui_set(ind, m);
}

void cc_deliver(struct q931_cc *cc);
/*
 * Every entry point into call control (received message or link event, request,
 * timer) ends with this: what it raised is delivered before it returns, so
 * indications may point into the message being handled. Inside a delivery
 * (a request made from the callback) the delivering loop takes them.
 */
static inline void cc_flush(struct q931_cc *cc)
{
	if (cc->qcount && !cc->delivering)
		cc_deliver(cc);
}

/* The last progress description @m carries, if any, into the indication. */
static inline void cc_ind_progress(struct cc_ind *ind, const struct q931_msg *m)
{
	if (ind && m && m->nprogress)
		ind->progress = m->progress[m->nprogress - 1].desc;
}
void cc_set_cause(struct q931_call *c, uint8_t value, enum cc_cause_origin o, int timer);
void cc_set_cause_rx(struct q931_call *c, const struct q931_msg *m);
void cc_peer_cause(const struct q931_cc *cc, const struct q931_msg *m, struct cc_cause *out);
void cc_release(struct q931_call *c, const struct q931_msg *m);

/*
 * The far end's cause carried by @m into a new indication (cc_ind_new()
 * cleared its peer_cause already: nothing to do for a message without one).
 */
static inline void cc_ind_peer_cause(struct q931_cc *cc, struct cc_ind *ind,
				     const struct q931_msg *m)
{
	if (m && m->ncauses)
		cc_peer_cause(cc, m, &ind->peer_cause);
}

/*
 * Event @ev for @c: the row of the side's table and its action (core/fsm.h).
 * 0, or a negative TEL_E* (TEL_ESTATE: no row). Inline at its few callers:
 * it is a table lookup and an indirect call, and a call of its own would
 * cost as much. Test builds also check that the state timer left running is
 * one the new state declares.
 */
void cc_fsm_check_timer(const struct q931_call *c, enum cc_event ev);	/* cc_fsm.c */

static inline int cc_fsm_event(struct q931_call *c, enum cc_event ev, const struct cc_ev *arg)
{
	const struct q931_cc *cc = c->cc;
	int rc = fsm_dispatch_row(cc->fsm, &cc->rows[c->state * EV_COUNT + ev], &c->state, ev,
				  c, arg);

#ifdef TEL_FSM_STRICT
	cc_fsm_check_timer(c, ev);
#endif
	return rc;
}

/* cc_fsm.c */
const struct fsm_def *cc_fsm_def(enum q931_side side);
void cc_rx_setup(struct q931_cc *cc, const struct q931_msg *m);
void cc_state_timer_fired(struct tel_timer *t, void *arg);
void cc_t322_fired(struct tel_timer *t, void *arg);
/* Call control clears @c by itself (events EV_CLEAR_DISC, EV_CLEAR_REL): with
 * DISCONNECT or RELEASE and @cause (also the final cause unless one is set);
 * a CLEARING_IND tells the session unless @o is CC_CAUSE_LOCAL. */
int cc_clear_disconnect(struct q931_call *c, uint8_t cause, enum cc_cause_origin o, int timer);
int cc_clear_release(struct q931_call *c, uint8_t cause, enum cc_cause_origin o, int timer);
/* The call is gone without a message (EV_RELEASE_NOW): cc_release() with the cause set. */
void cc_release_now(struct q931_call *c);
int cc_enquire(struct q931_call *c);

/*
 * Clearing messages (DISCONNECT, RELEASE, RELEASE COMPLETE; RESTART too) go to the data
 * link as LAPD_DATA_CLEARING: they may use a reserve of the send queue that
 * nothing else may, CC_CLEAR_RESERVE slots per call of the pool (a call
 * sends at most DISCONNECT and RELEASE twice), so a congested queue never
 * loses the end of a call. cc_msg_flow_init() sets the reserve and the data
 * link's own receiver busy (q931_cc_new()).
 */
#define CC_CLEAR_RESERVE	3u

/* The data link class of message @type: the call clearing messages (Q.931 Table 4-2,
 * bits 8-6 010: DISCONNECT, RELEASE, RELEASE COMPLETE, RESTART, RESTART ACK). */
static inline enum lapd_data_class cc_msg_class(uint8_t type)
{
	return (type & 0xe0) == 0x40 ? LAPD_DATA_CLEARING : LAPD_DATA_NORMAL;
}

/* cc_send.c: messages as a struct q931_msg, through the codec */
void cc_msg_begin(const struct q931_call *c, struct q931_msg *m, uint8_t type);
void cc_msg_cause(const struct q931_cc *cc, struct q931_msg *m, uint8_t value);
void cc_msg_chan(const struct q931_cc *cc, struct q931_msg *m, unsigned int chan, bool excl);
void cc_msg_flow_init(struct q931_cc *cc);
int cc_send(struct q931_cc *cc, const struct q931_msg *m);
void cc_small_msg(const struct q931_cc *cc, uint16_t key, uint8_t type, const struct cc_small *s,
		  struct q931_msg *m);
/* The SETUP of request @r on B-channel @ch (0: none named). @r's name and UUI
 * must have passed cc_name_check() and cc_uui_check(): they are sent when
 * given, not checked again. */
void cc_setup_msg(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		  unsigned int ch, struct q931_msg *m);
/* cc_small_msg() / cc_setup_msg() encoded into @buf (CC_TXBUF octets): as q931_encode(). */
int cc_small_by_codec(const struct q931_cc *cc, uint16_t key, uint8_t type,
		      const struct cc_small *s, uint8_t *buf);
int cc_setup_by_codec(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		      unsigned int ch, uint8_t *buf);
/* A message with at most a cause (0: none); errors are counted, not returned up. */
int cc_send_simple(struct q931_call *c, uint8_t type, uint8_t cause);
int cc_send_status(struct q931_call *c, uint8_t cause);
int cc_send_status_diag(struct q931_call *c, uint8_t cause, const uint8_t *diag_ie);

/*
 * cc_send_fast.c: the direct encoders, the same octets as the codec's (0: left
 * to it), and the send paths that use them. *_to_buf(): direct or through the
 * codec, as q931_encode() into CC_TXBUF octets.
 */
int cc_small_encode(const struct q931_cc *cc, uint16_t key, uint8_t type,
		    const struct cc_small *s, uint8_t *buf);
int cc_small_to_buf(const struct q931_cc *cc, uint16_t key, uint8_t type,
		    const struct cc_small *s, uint8_t *buf);
int cc_send_small(struct q931_cc *cc, uint16_t key, uint8_t type, const struct cc_small *s);
/* cc_send_small() of { .cause = @cause } (0: no cause IE). */
int cc_send_cause(struct q931_cc *cc, uint16_t key, uint8_t type, uint8_t cause);
int cc_setup_encode(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		    unsigned int ch, uint8_t *buf);
int cc_setup_to_buf(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		    unsigned int ch, uint8_t *buf);
/* The line's small_ok table, from the message table and its direction, then its UUI
 * limits (q931_cc_new()). */
void cc_small_init(struct q931_cc *cc);

/* cc_uui.c: the UUI each kind of request can carry (uui_lim) */
void cc_uui_limits_init(struct q931_cc *cc);

/*
 * A request's UUI against the room of its message kind @k: 0 when it gives
 * none (NULL and 0), 1 to send it (a length of 0 is the discriminator alone),
 * TEL_EINVAL (no data but a length) or TEL_EUUITOOBIG. Every request checks
 * here, before anything is sent.
 */
static inline int cc_uui_check(const struct q931_cc *cc, enum cc_uui_kind k, const uint8_t *uui,
			       uint16_t len)
{
	if (__builtin_expect(!len, 1))
		return uui != NULL;
	if (!uui)
		return TEL_EINVAL;
	return len > cc->uui_lim[k] ? TEL_EUUITOOBIG : 1;
}

/* A checked UUI (cc_uui_check()) into @s; none when @uui is NULL and @len 0. */
static inline void cc_small_uui(struct cc_small *s, const uint8_t *uui, uint16_t len, uint8_t pd)
{
	if (!uui && !len)
		return;
	s->has_uui = true;
	s->uui = uui;
	s->uui_len = len;
	s->uui_pd = pd;
}

/* cc_recv.c */
/* Q.931 5.8.6.1: 96 when @m (a clearing message) has no Cause, 100 when its Cause is
 * malformed, 0 when it carries one (the common case, tested inline). */
uint8_t cc_cause_fault_none(const struct q931_msg *m);
static inline uint8_t cc_cause_fault(const struct q931_msg *m)
{
	return m->ncauses ? 0 : cc_cause_fault_none(m);
}
int cc_msg_chan_get(const struct q931_cc *cc, const struct q931_msg *m, unsigned int *chan,
		    bool *excl);
void cc_rx(struct q931_cc *cc, const uint8_t *buf, size_t len);
/* cc_restart.c */
void cc_t316_fired(struct tel_timer *t, void *arg);
void cc_restart_local(struct q931_cc *cc, uint32_t mask, enum cc_cause_origin o);
void cc_rx_global(struct q931_cc *cc, const struct q931_msg *m);
/* Channels out of service get a RESTART, one at a time, while the link is up. */
void cc_restart_kick(struct q931_cc *cc);
/* CHAN_STATE_IND for every channel whose service state differs from the one
 * the bitmaps @oos and @restart (as they were before a change) gave it. */
void cc_chan_svc_changed(struct q931_cc *cc, uint32_t oos, uint32_t restart);

/* cc_link.c: the data link's life (T309 and re-establishment timers) */
void cc_t309_fired(struct tel_timer *t, void *arg);
void cc_est_fired(struct tel_timer *t, void *arg);

/* cc_variant.c: what differs between EuroISDN and NI-2 */
/* The exclusive bit of a channel identification we send: @excl, always on NI-2. */
bool cc_chan_exclusive(const struct q931_cc *cc, bool excl);
bool cc_sends_display(const struct q931_cc *cc);
/* A calling name a request gives: 1 to send, 0 none, TEL_EINVAL / TEL_ENOTSUP. */
int cc_name_check(const struct q931_cc *cc, const uint8_t *name, uint8_t len);
/* A checked calling name as the variant codes it (NI-2: display type first) into @m. */
void cc_msg_name(const struct q931_cc *cc, struct q931_msg *m, const uint8_t *name, uint8_t len);
void cc_ind_setup_name(struct cc_ind *ind, const struct q931_msg *m);

#endif /* TEL_Q931_CC_INT_H */
