// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, the line object: the call pool, the call reference table
 * (open addressing, linear probing, backward-shift deletion), the B-channel
 * bitmaps, the indication queue and the timer table. The data link's life is
 * in cc_link.c, RESTART in cc_restart.c.
 */
#include <stdlib.h>
#include <string.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Q.931 Table 9-1/9-2. T301 is off unless configured (0 = off). */
static const struct tel_tdef cc_tdefs[Q931_TIMER_COUNT] = {
	{ Q931_T301, "T301", 0, "ms, 0 = off", 0, TEL_TDEF_MS_MAX },
	{ Q931_T303, "T303", 4000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T305, "T305", 30000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T306, "T306", 30000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T308, "T308", 4000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T309, "T309", 6000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T310, "T310", 30000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T313, "T313", 4000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T316, "T316", 120000, "ms", 1, TEL_TDEF_MS_MAX },
	{ Q931_T322, "T322", 4000, "ms", 1, TEL_TDEF_MS_MAX },
};

const struct tel_tdef *q931_tdef_table(size_t *n)
{
	*n = ARRAY_SIZE(cc_tdefs);
	return cc_tdefs;
}

const char *q931_timer_name(enum q931_timer_id t)
{
	return tel_tdef_name(cc_tdefs, ARRAY_SIZE(cc_tdefs), (int)t);
}

static const char *const prim_names[CC_PRIM_COUNT] = {
	[CC_LINK_IND] = "LINK-IND", [CC_SETUP_IND] = "SETUP-IND",
	[CC_PROCEEDING_IND] = "PROCEEDING-IND", [CC_ALERTING_IND] = "ALERTING-IND",
	[CC_PROGRESS_IND] = "PROGRESS-IND", [CC_SETUP_CONF] = "SETUP-CONF",
	[CC_SETUP_COMPLETE_IND] = "SETUP-COMPLETE-IND", [CC_DISCONNECT_IND] = "DISCONNECT-IND",
	[CC_RELEASE_IND] = "RELEASE-IND", [CC_USER_INFO_IND] = "USER-INFO-IND",
	[CC_RESTART_IND] = "RESTART-IND", [CC_CHAN_OOS_IND] = "CHAN-OOS-IND",
	[CC_CLEARING_IND] = "CLEARING-IND", [CC_CHAN_STATE_IND] = "CHAN-STATE-IND",
};

const char *cc_prim_name(enum cc_prim p)
{
	return (unsigned int)p < CC_PRIM_COUNT ? prim_names[p] : "?";
}

const char *cc_cause_origin_name(enum cc_cause_origin o)
{
	static const char *const n[] = { "remote", "local", "timer", "protocol" };

	return (unsigned int)o < ARRAY_SIZE(n) ? n[o] : "?";
}

/* ---- call reference table ----------------------------------------------- */

/*
 * Home slot: multiplicative (Fibonacci) hashing, the top bits of key x 2^32/phi.
 * Call references are handed out in sequence, so the calls in flight hold a
 * window of consecutive keys; taken as they are (key & mask) they would fill
 * one unbroken run of slots, and every deletion would walk the whole run.
 * Spread out, runs stay short (the table is at most half full).
 */
static inline uint32_t hslot(const struct q931_cc *cc, uint16_t key)
{
	return (uint32_t)((key * 0x9e3779b1u) >> cc->hshift);
}

struct q931_call *cc_lookup(struct q931_cc *cc, uint16_t key)
{
	uint32_t i = hslot(cc, key);
	uint16_t e;

	while ((e = cc->htab[i]) != 0) {
		struct q931_call *c = cc->calls[e - 1];

		if (c->key == key)
			return c;
		i = (i + 1) & cc->hmask;
	}
	return NULL;
}

static void htab_insert(struct q931_cc *cc, struct q931_call *c)
{
	uint32_t i = hslot(cc, c->key);

	while (cc->htab[i])
		i = (i + 1) & cc->hmask;
	cc->htab[i] = (uint16_t)(c->idx + 1);
	c->hpos = (uint16_t)i;
}

/*
 * Backward-shift deletion keeps every probe chain unbroken without tombstones.
 * A call knows its slot (hpos, kept up to date when a deletion moves it), so
 * its own chain is not walked again.
 */
static void htab_delete(struct q931_cc *cc, const struct q931_call *c)
{
	uint32_t i = c->hpos, j;

	if (cc->htab[i] != c->idx + 1)
		return;		/* not in the table */
	j = i;
	for (;;) {
		uint32_t home;

		j = (j + 1) & cc->hmask;
		if (!cc->htab[j])
			break;
		home = hslot(cc, cc->calls[cc->htab[j] - 1]->key);
		/* move j back to i unless its home lies cyclically in (i, j] */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		cc->htab[i] = cc->htab[j];
		cc->calls[cc->htab[j] - 1]->hpos = (uint16_t)i;
		i = j;
	}
	cc->htab[i] = 0;
}

/* ---- call pool ------------------------------------------------------------ */

static uint32_t pow2_at_least(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* The call reference table for @n calls: twice as many slots, 16 at least. */
static int htab_resize(struct q931_cc *cc, unsigned int n)
{
	uint32_t size = pow2_at_least(2 * n < 16 ? 16 : 2 * n);
	uint16_t *t;

	if (cc->htab && size == cc->hmask + 1)
		return 0;
	t = calloc(size, sizeof(*t));
	if (!t)
		return TEL_ENOMEM;
	free(cc->htab);
	cc->htab = t;
	cc->hmask = size - 1;
	cc->hshift = (uint8_t)(32 - __builtin_popcount(cc->hmask));
	for (unsigned int i = 0; i < cc->ncalls; i++) {
		struct q931_call *c = cc->calls[i];

		if (c->in_use && !c->released)	/* the calls in the table */
			htab_insert(cc, c);
	}
	return 0;
}

/* What the indications other than RELEASE_IND may fill (see struct q931_cc). */
static void q_limits(struct q931_cc *cc)
{
	unsigned int lim = cc->qcap > cc->ncalls + CC_QSPARE ? cc->qcap - cc->ncalls - CC_QSPARE : 0;

	cc->qlim = lim < cc->qlim_max ? lim : cc->qlim_max;
}

/* Arrays outgrown during a delivery, once no indication of theirs is in use. */
static void q_free_old(struct q931_cc *cc)
{
	while (cc->nqold)
		free(cc->qold[--cc->nqold]);
}

/*
 * The indication queue on an array of @size entries (a power of two), what
 * is queued moved to its start in order. Inside a delivery the entry being
 * delivered is still read where it was: the old array is kept until then.
 */
static int q_resize(struct q931_cc *cc, unsigned int size)
{
	struct cc_ind *nq;

	if (size <= cc->qcap)
		return 0;
	if (cc->delivering && cc->nqold == ARRAY_SIZE(cc->qold))
		return TEL_ENOMEM;	/* cannot happen: the queue doubles a few times at most */
	nq = calloc(size, sizeof(*nq));
	if (!nq)
		return TEL_ENOMEM;
	for (unsigned int i = 0; i < cc->qcount; i++)
		nq[i] = cc->q[(cc->qhead + i) & cc->qmask];
	if (cc->delivering) {
		cc->qold[cc->nqold++] = cc->q;
	} else {
		q_free_old(cc);
		free(cc->q);
	}
	cc->q = nq;
	cc->qhead = 0;
	cc->qcap = size;
	cc->qmask = size - 1;
	q_limits(cc);
	return 0;
}

/*
 * cc_ind_new() at its limit: the queue doubles, up to what max_calls calls
 * may need; NULL (the indication dropped, counted) beyond that, or when
 * memory runs out and the spare (CC_QSPARE) is used up. Room for a
 * RELEASE_IND is always there already (the
 * others leave one entry per call of the pool), and room for CC_QINIT others
 * too (cc_pool_grow()), so an entry point's first indications need no memory.
 */
struct cc_ind *cc_ind_grow(struct q931_cc *cc, enum cc_prim prim)
{
	if (prim == CC_RELEASE_IND || cc->qcount >= cc->qlim_max)
		goto drop;
	if (q_resize(cc, 2 * cc->qcap)) {
		/* out of memory: the spare takes it, and the next one tries again */
		if (cc->qcount + cc->ncalls < cc->qcap)
			return cc->q;
		goto drop;
	}
	if (cc->qcount < cc->qlim)
		return cc->q;
drop:
	cc->cnt.ind_dropped++;
	return NULL;
}

/*
 * CC_POOL_CHUNK calls more (fewer at max_calls), with room in the call
 * reference table and, in the indication queue, for their RELEASE_INDs.
 * false: the pool is at max_calls, or memory ran out (cc->nomem).
 */
static bool cc_pool_grow(struct q931_cc *cc)
{
	unsigned int n = cc->ncalls, m = n + CC_POOL_CHUNK, i;
	struct q931_call **calls, *blk;
	uint16_t *stk;

	cc->nomem = false;
	if (m > cc->cfg.max_calls)
		m = cc->cfg.max_calls;
	if (m <= n)
		return false;
	if (q_resize(cc, pow2_at_least(m + cc->qcount + CC_QINIT)) || htab_resize(cc, m))
		goto nomem;
	/* a call's state timer and T322 are armed from the run loop: no memory there */
	if (timers_reserve(cc->cfg.timers, 2 * (m - n)))
		goto nomem;
	calls = realloc(cc->calls, m * sizeof(*calls));
	if (!calls)
		goto nomem_tm;
	cc->calls = calls;
	stk = realloc(cc->free_stk, m * sizeof(*stk));
	if (!stk)
		goto nomem_tm;
	cc->free_stk = stk;
	blk = calloc(m - n, sizeof(*blk));
	if (!blk)
		goto nomem_tm;
	cc->tm_reserved += 2 * (m - n);
	for (i = n; i < m; i++) {
		struct q931_call *c = &blk[i - n];

		c->cc = cc;
		c->idx = (uint16_t)i;
		timer_init(&c->tm, 0, cc_state_timer_fired, c);
		timer_init(&c->t322, Q931_T322, cc_t322_fired, c);
		calls[i] = c;
		stk[cc->nfree++] = (uint16_t)(m - 1 - (i - n));	/* lowest index on top */
	}
	cc->ncalls = m;
	q_limits(cc);
	return true;
nomem_tm:
	timers_unreserve(cc->cfg.timers, 2 * (m - n));
nomem:
	cc->nomem = true;
	return false;
}

/* ---- SETUP copies ----------------------------------------------------------- */

/* A copy's room: CC_TXBUF octets, rounded up so that every copy can hold the link. */
#define SETUP_STRIDE	((CC_TXBUF + sizeof(void *) - 1) & ~(sizeof(void *) - 1))

uint8_t *cc_setup_copy(struct q931_call *c)
{
	struct q931_cc *cc = c->cc;
	void **b;

	if (c->setup_copy)
		return c->setup_copy;
	if (!cc->setup_free) {
		/* a block: the link to the block before, then CC_SETUP_CHUNK copies */
		void **blk = malloc(sizeof(void *) + CC_SETUP_CHUNK * SETUP_STRIDE);

		if (!blk)
			return NULL;
		*blk = cc->setup_blocks;
		cc->setup_blocks = blk;
		for (unsigned int i = 0; i < CC_SETUP_CHUNK; i++) {
			b = (void **)((uint8_t *)(blk + 1) + i * SETUP_STRIDE);
			*b = cc->setup_free;
			cc->setup_free = b;
		}
	}
	b = cc->setup_free;
	cc->setup_free = *b;
	c->setup_copy = (uint8_t *)b;
	return c->setup_copy;
}

/* The SETUP copy back to the line: the SETUP is not sent again (answered, or the call ends). */
void cc_setup_copy_put(struct q931_call *c)
{
	struct q931_cc *cc = c->cc;
	void **b = (void **)(void *)c->setup_copy;

	*b = cc->setup_free;
	cc->setup_free = b;
	c->setup_copy = NULL;
	c->setup_len = 0;
}

/* A call from the pool (there is one: nfree > 0), set up for @key; not in the table yet. */
static struct q931_call *call_take(struct q931_cc *cc, uint16_t key)
{
	struct q931_call *c = cc->calls[cc->free_stk[--cc->nfree]];

	c->user = NULL;
	c->key = key;
	c->state = Q931_S0_NULL;
	c->chan = 0;
	c->in_use = true;
	c->released = c->chan_tentative = c->chan_told = c->chan_oos = c->held = false;
	c->clear_on_up = 0;
	c->t303_n = c->t308_n = c->t322_n = 0;
	c->tx_cause = 0;
	c->rtimer = CC_NO_TIMER;
	memset(&c->cause, 0, sizeof(c->cause));
	return c;
}

struct q931_call *cc_call_new(struct q931_cc *cc, uint16_t key)
{
	struct q931_call *c;

	if (!cc->nfree && !cc_pool_grow(cc))
		return NULL;
	c = call_take(cc, key);
	htab_insert(cc, c);
	return c;
}

/*
 * A call on the next call reference of ours in sequence (15 bits, never 0)
 * that no call of ours holds; NULL when the pool is empty or every reference
 * is taken. The probe that finds a reference free ends on the empty slot the
 * call goes into, so the table is walked once.
 */
struct q931_call *cc_call_new_ours(struct q931_cc *cc)
{
	unsigned int tries;

	if (!cc->nfree && !cc_pool_grow(cc))
		return NULL;
	/* each reference once; max_calls <= 4096, so a free one comes long before */
	for (tries = 0; tries < 0x7fff; tries++) {
		uint16_t cref = cc->next_cref, key, e;
		uint32_t i;

		cc->next_cref = cref == 0x7fff ? 1 : cref + 1;
		key = (uint16_t)(cref | CC_OURS);
		i = hslot(cc, key);
		while ((e = cc->htab[i]) != 0 && cc->calls[e - 1]->key != key)
			i = (i + 1) & cc->hmask;
		if (!e) {
			struct q931_call *c = call_take(cc, key);

			cc->htab[i] = (uint16_t)(c->idx + 1);
			c->hpos = (uint16_t)i;
			return c;
		}
	}
	return NULL;
}

/*
 * Back to the pool. The call's timers are stopped lazily here too: a heap
 * entry left behind refers to the slot, which lives as long as the pool
 * (q931_cc_free() drops every slot's entries), and the slot's next call
 * re-arms its timers in O(1) on that entry instead of a heap insertion.
 */
static void call_free(struct q931_call *c)
{
	struct q931_cc *cc = c->cc;

	timer_cancel_lazy(cc->cfg.timers, &c->tm);
	timer_cancel_lazy(cc->cfg.timers, &c->t322);
	if (c->setup_copy)
		cc_setup_copy_put(c);
	c->in_use = false;
	cc->free_stk[cc->nfree++] = c->idx;
}

/* A call the session never saw (refused SETUP, failed request): gone without RELEASE_IND. */
void cc_call_abort(struct q931_call *c)
{
	c->rtimer = CC_NO_TIMER;
	htab_delete(c->cc, c);
	cc_chan_drop(c);
	c->state = Q931_S0_NULL;
	c->released = true;
	call_free(c);
}

/* ---- timers ----------------------------------------------------------------- */

/*
 * A call's state timer is stopped and restarted on nearly every message, so it
 * is stopped lazily (O(1), the heap entry stays) and a restart to a later time
 * only records the deadline. call_free() stops them lazily too: the slot's
 * next call re-arms them on the same entries; q931_cc_free() drops them.
 */

void cc_timer_start_ms(struct q931_call *c, unsigned int id, uint32_t ms)
{
	struct q931_cc *cc = c->cc;

	c->rtimer = (uint8_t)id;
	c->tm.id = (uint16_t)id;
	if (!ms) {		/* timer switched off */
		timer_cancel_lazy(cc->cfg.timers, &c->tm);
		c->rtimer = CC_NO_TIMER;
		return;
	}
	if (timer_arm_in(cc->cfg.timers, &c->tm, ms) < 0)
		cc->cnt.tx_errors++;
}

void cc_timer_start(struct q931_call *c, enum q931_timer_id t)
{
	cc_timer_start_ms(c, t, c->cc->tms[t]);
}

void cc_timer_stop(struct q931_call *c)
{
	timer_cancel_lazy(c->cc->cfg.timers, &c->tm);
	c->rtimer = CC_NO_TIMER;
}

void cc_t322_start(struct q931_call *c)
{
	if (timer_arm_in(c->cc->cfg.timers, &c->t322, c->cc->tms[Q931_T322]) < 0)
		c->cc->cnt.tx_errors++;
}

/* ---- B-channels ------------------------------------------------------------- */

uint32_t cc_chan_free_mask(const struct q931_cc *cc)
{
	return cc->chan_valid & ~cc->chan_busy & ~cc->chan_oos & ~cc->restart_mask;
}

void cc_chan_take(struct q931_call *c, unsigned int chan, bool tentative)
{
	struct q931_cc *cc = c->cc;

	c->chan = (uint8_t)chan;
	c->chan_tentative = tentative;
	cc->chan_busy |= 1u << chan;
	cc->chan_call[chan] = c;
}

void cc_chan_drop(struct q931_call *c)
{
	struct q931_cc *cc = c->cc;
	unsigned int ch = c->chan;

	if (ch && cc->chan_call[ch] == c) {
		cc->chan_busy &= ~(1u << ch);
		cc->chan_call[ch] = NULL;
	}
	c->chan = 0;
}

/* ---- indication queue ------------------------------------------------------- */

/*
 * UUI, numbers and name of an indication point into the received message:
 * indications are delivered before q931_cc_dl_ind() returns (cc_flush()).
 */
void cc_ind_uui_set(struct cc_ind *ind, const struct q931_msg *m)
{
	ind->has_uui = true;
	ind->uui_pd = m->uui.pd;
	ind->uui_len = m->uui.len;
	ind->uui = m->uui.len ? m->uui.data : NULL;
}

void cc_ind_numbers(struct cc_ind *ind, const struct q931_msg *m)
{
	if (Q931_HAS(m, Q931_I_CALLED_NUM) && m->called.len) {
		ind->called_len = m->called.len;
		ind->called = m->called.digits;
	}
	if (Q931_HAS(m, Q931_I_CALLING_NUM) && m->calling.len) {
		ind->calling_len = m->calling.len;
		ind->calling = m->calling.digits;
	}
}

/*
 * Indications are delivered in place, in the order they were raised: at the
 * end of the receive path and of timer expiries (cc_flush()), and by
 * q931_cc_deliver() for what requests raised. The callback gets a
 * pointer into the queue. The entry stays queued (counted) until its callback
 * returns, so indications the callback itself raises (through a request) are
 * queued behind it and delivered by this same loop, and the room kept for
 * RELEASE_INDs is the same as outside a delivery. The emptied queue starts
 * over at slot 0: the same few slots serve every call.
 */
__attribute__((noinline)) void cc_deliver(struct q931_cc *cc)
{
	cc->delivering = true;
	do {		/* cc_flush() saw one at least */
		struct cc_ind *ind = &cc->q[cc->qhead];
		struct q931_call *call = ind->call;

		if (call)
			ind->call_user = call->user;
		cc->cfg.ind(cc->cfg.upper, ind);
		cc->qcount--;
		if (ind->prim == CC_RELEASE_IND && call)
			call_free(call);
		if (!cc->qcount)
			break;
		/* the last one (usually the only one) leaves qhead for the reset */
		cc->qhead = (cc->qhead + 1) & cc->qmask;
	} while (1);
	cc->qhead = 0;
	cc->delivering = false;
}

int q931_cc_deliver(struct q931_cc *cc)
{
	unsigned int n = cc->qcount;

	if (!n || cc->delivering)
		return 0;
	cc_deliver(cc);
	return (int)n;
}

bool q931_cc_pending(const struct q931_cc *cc)
{
	return cc->qcount != 0;
}

const struct q931_cc_counters *q931_cc_counters(const struct q931_cc *cc)
{
	return &cc->cnt;
}

/* ---- causes and release ----------------------------------------------------- */

/* The first clearing cause is the call's final cause; later ones do not replace it. */
void cc_set_cause(struct q931_call *c, uint8_t value, enum cc_cause_origin o, int timer)
{
	if (c->cause.value)
		return;
	c->cause.value = value;
	c->cause.location = c->cc->loc;
	c->cause.origin = (uint8_t)o;
	c->cause.timer = (uint8_t)(timer < 0 ? 0 : timer);
	c->cause.diag_len = 0;
}

/* Only value..diag_len and diag[0, diag_len) are written: diag counts up to diag_len. */
void cc_peer_cause(const struct q931_cc *cc, const struct q931_msg *m, struct cc_cause *out)
{
	(void)cc;
	if (!m || !m->ncauses) {
		memset(out, 0, offsetof(struct cc_cause, diag));
		return;
	}
	out->value = m->cause[0].value;
	out->location = m->cause[0].location;
	out->origin = CC_CAUSE_REMOTE;
	out->timer = 0;
	out->diag_len = m->cause[0].diag_len > sizeof(out->diag) ? sizeof(out->diag) :
			m->cause[0].diag_len;
	if (out->diag_len)	/* most causes carry none: no call to memcpy */
		memcpy(out->diag, m->cause[0].diag, out->diag_len);
}

/* A clearing message from the far end: its cause (31 when it carried none). */
void cc_set_cause_rx(struct q931_call *c, const struct q931_msg *m)
{
	if (c->cause.value)
		return;
	if (m && m->ncauses) {
		cc_peer_cause(c->cc, m, &c->cause);
	} else {
		memset(&c->cause, 0, sizeof(c->cause));
		c->cause.value = 31;
		c->cause.origin = CC_CAUSE_REMOTE;
	}
}

/*
 * The call is gone: timers stopped, call reference free, channel free (or out
 * of service), RELEASE_IND queued with the final cause and what @m carried.
 */
void cc_release(struct q931_call *c, const struct q931_msg *m)
{
	struct q931_cc *cc = c->cc;
	struct cc_ind *ind;
	unsigned int ch = c->chan;

	if (c->released)
		return;
	cc_timer_stop(c);
	timer_cancel_lazy(cc->cfg.timers, &c->t322);
	htab_delete(cc, c);
	if (!c->cause.value)
		cc_set_cause(c, 31, CC_CAUSE_PROTOCOL, -1);	/* never a clear without a cause */
	if (c->chan_oos && ch && cc->chan_call[ch] == c) {
		uint32_t oos = cc->chan_oos;

		cc->chan_oos |= 1u << ch;
		ind = cc_ind_new(cc, CC_CHAN_OOS_IND, NULL);
		if (ind)
			ind->chan = (int)ch;
		cc_chan_svc_changed(cc, oos, cc->restart_mask);
	}
	ind = cc_ind_new(cc, CC_RELEASE_IND, c);
	cc_chan_drop(c);
	c->released = true;	/* the action that called this leads to Null */
	c->held = false;
	if (ind) {	/* filled before the kick: an indication it raises may move the queue */
		ind->cause = c->cause;
		cc_ind_peer_cause(cc, ind, m);
		cc_ind_uui(ind, m);
	}
	if (c->chan_oos)
		cc_restart_kick(cc);	/* the channel comes back by RESTART */
	if (!ind)		/* cannot happen: room is reserved */
		call_free(c);
}

/* ---- B-channel service state -------------------------------------------------- */

int q931_cc_chan_state(const struct q931_cc *cc, int chan)
{
	uint32_t bit;

	if (chan <= 0 || chan > 31 || !(cc->chan_valid & (1u << chan)))
		return -1;
	bit = 1u << chan;
	if (cc->restart_mask & bit)
		return CC_CH_RESTARTING;
	if (cc->chan_oos & bit)
		return CC_CH_MAINT;
	return cc->chan_busy & bit ? CC_CH_BUSY : CC_CH_IDLE;
}

uint32_t q931_cc_timer(const struct q931_cc *cc, enum q931_timer_id t)
{
	return cc->tms[t];
}

bool q931_cc_link_up(const struct q931_cc *cc)
{
	return cc->link_up;
}

/* ---- line object ---------------------------------------------------------------- */

int q931_cc_new(const struct q931_cc_cfg *cfg, struct q931_cc **out)
{
	struct q931_cc *cc;
	unsigned int i, n;

	if (!cfg || !out || !cfg->link || !cfg->timers || !cfg->ind)
		return TEL_EINVAL;
	if (cfg->bchans == 0 || cfg->bchans > 31 || cfg->max_calls > 4096)
		return TEL_EINVAL;
	cc = calloc(1, sizeof(*cc));
	if (!cc)
		return TEL_ENOMEM;
	cc->cfg = *cfg;
	cc->fsm = cc_fsm_def(cfg->side);
	cc->rows = cc->fsm->rows;
	if (!cc->cfg.uui_max)
		cc->cfg.uui_max = Q931_UUI_MAX_DEFAULT;
	if (!cc->cfg.max_calls)
		cc->cfg.max_calls = 2 * cfg->bchans + 8;
	n = cc->cfg.max_calls;
	cc->codec.uui_max = cc->cfg.uui_max;
	for (i = 0; i < Q931_TIMER_COUNT; i++)
		cc->tms[i] = cfg->timer_ms[i] ? cfg->timer_ms[i] : cc_tdefs[i].def;
	if (cfg->side == Q931_SIDE_NETWORK) {
		cc->txdir = Q931_NET_TO_USER;
		cc->rxdir = Q931_USER_TO_NET;
		cc->loc = 2;	/* public network serving the local user */
	} else {
		cc->txdir = Q931_USER_TO_NET;
		cc->rxdir = Q931_NET_TO_USER;
		cc->loc = 0;	/* user */
	}
	if (cfg->bchans == 30)	/* E1: timeslots 1-15 and 17-31 */
		cc->chan_valid = 0xfffefffeu;
	else
		cc->chan_valid = (uint32_t)(((1ull << (cfg->bchans + 1)) - 1) & ~1ull);
	cc->next_cref = 1;
	cc_small_init(cc);
	cc_msg_flow_init(cc);	/* cc_send.c: the data link's reserve for clearing messages */

	/* No call yet: the pool grows with the calls (cc_pool_grow()). */
	cc->qlim_max = 3 * n + 16;
	if (htab_resize(cc, 0) || q_resize(cc, CC_QINIT) || timers_reserve(cfg->timers, 3)) {
		q931_cc_free(cc);
		return TEL_ENOMEM;
	}
	cc->tm_reserved = 3;	/* T316, T309, the re-establish timer; 2 per call (pool) */
	timer_init(&cc->t316, Q931_T316, cc_t316_fired, cc);
	timer_init(&cc->t309, Q931_T309, cc_t309_fired, cc);
	timer_init(&cc->test, 0, cc_est_fired, cc);
	*out = cc;
	return 0;
}

void q931_cc_free(struct q931_cc *cc)
{
	unsigned int i;

	if (!cc)
		return;
	for (i = 0; i < cc->ncalls; i++) {
		timer_cancel(cc->cfg.timers, &cc->calls[i]->tm);
		timer_cancel(cc->cfg.timers, &cc->calls[i]->t322);
	}
	timer_cancel(cc->cfg.timers, &cc->t316);
	timer_cancel(cc->cfg.timers, &cc->t309);
	timer_cancel(cc->cfg.timers, &cc->test);
	timers_unreserve(cc->cfg.timers, cc->tm_reserved);
	for (i = 0; i < cc->ncalls; i += CC_POOL_CHUNK)
		free(cc->calls[i]);	/* the blocks of cc_pool_grow() */
	while (cc->setup_blocks) {
		void **b = cc->setup_blocks;

		cc->setup_blocks = *b;
		free(b);
	}
	free(cc->calls);
	free(cc->free_stk);
	free(cc->htab);
	q_free_old(cc);
	free(cc->q);
	free(cc);
}

/* ---- call accessors ------------------------------------------------------------- */

void q931_call_set_user(struct q931_call *c, void *user)
{
	c->user = user;
}

enum q931_call_state q931_call_state(const struct q931_call *c)
{
	return (enum q931_call_state)c->state;
}

bool q931_call_released(const struct q931_call *c)
{
	return c->released;
}

void q931_call_cause(const struct q931_call *c, struct cc_cause *out)
{
	*out = c->cause;
}

int q931_call_chan(const struct q931_call *c)
{
	return c->chan;
}

uint16_t q931_call_cref(const struct q931_call *c)
{
	return c->key & 0x7fff;
}
