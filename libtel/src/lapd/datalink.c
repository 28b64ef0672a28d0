// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.921 data link, point-to-point: set-up, send queue, frame output, the
 * general receive path and the primitives to and from the upper layer. The
 * state table and its actions are in datalink_fsm.c, the fast paths (and the
 * entry points lapd_rx_frame() and lapd_dl_data_*()) in datalink_fast.c.
 */
#include "lapd/datalink.h"

#include <stdlib.h>
#include <string.h>

#include "libtel/tel.h"
#include "core/copy.h"
#include "lapd/datalink_int.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void own_busy_off(struct lapd *l);

static const struct tel_tdef lapd_tdefs[LAPD_PARAM_COUNT] = {
	{ LAPD_T200,  "T200", 1000,  "ms", 1, TEL_TDEF_MS_MAX },
	{ LAPD_T203,  "T203", 10000, "ms", 1, TEL_TDEF_MS_MAX },
	{ LAPD_N200,  "N200", 3,     "retransmissions", 1, 255 },
	{ LAPD_K,     "k",    7,     "frames", 1, SEQ_MOD - 1 },
	{ LAPD_N201P, "N201", LAPD_N201, "octets", 0, 0 },
	{ LAPD_QLEN,  "queue", 1024, "frames", 0, 0 },
};

void lapd_params_default(struct lapd_params *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(lapd_tdefs); i++)
		p->v[lapd_tdefs[i].id] = lapd_tdefs[i].def;
}

const struct tel_tdef *lapd_tdef_table(size_t *n)
{
	*n = ARRAY_SIZE(lapd_tdefs);
	return lapd_tdefs;
}

const char *lapd_param_name(enum lapd_param id)
{
	return tel_tdef_name(lapd_tdefs, ARRAY_SIZE(lapd_tdefs), (int)id);
}

uint32_t lapd_param(const struct lapd *l, enum lapd_param id)
{
	switch (id) {
	case LAPD_T200: return l->t200_ms;
	case LAPD_T203: return l->t203_ms;
	case LAPD_N200: return l->n200;
	case LAPD_K: return l->k;
	case LAPD_N201P: return l->n201;
	case LAPD_QLEN: return l->qmax;
	default: return 0;
	}
}

static const char *const prim_names[DL_PRIM_COUNT] = {
	[DL_ESTABLISH_IND] = "DL-ESTABLISH-IND",
	[DL_ESTABLISH_CONF] = "DL-ESTABLISH-CONF",
	[DL_RELEASE_IND] = "DL-RELEASE-IND",
	[DL_RELEASE_CONF] = "DL-RELEASE-CONF",
	[DL_DATA_IND] = "DL-DATA-IND",
	[DL_UNIT_DATA_IND] = "DL-UNIT-DATA-IND",
};

static const char *const reason_names[DL_REASON_COUNT] = {
	[DL_R_NORMAL] = "normal",
	[DL_R_REFUSED] = "refused",
	[DL_R_LOST] = "lost",
	[DL_R_RESET] = "reset",
	[DL_R_BACK] = "back",
};

const char *dl_prim_name(enum dl_prim p)
{
	return (unsigned int)p < DL_PRIM_COUNT ? prim_names[p] : "?";
}

const char *dl_reason_name(enum dl_reason r)
{
	return (unsigned int)r < DL_REASON_COUNT ? reason_names[r] : "?";
}

/* --- timers ---------------------------------------------------------------- */

static void t200_expired(struct tel_timer *t, void *arg)
{
	struct lapd *l = arg;

	(void)t;
	lapd_deliver(l);
	lapd_fsm_dispatch(l, LAPD_EV_T200, NULL);
	lapd_deliver(l);
	if (l->ack_pending)	/* safety net: an owner that forgot lapd_flush_ack() */
		lapd_flush_ack(l);
}

static void t203_expired(struct tel_timer *t, void *arg)
{
	struct lapd *l = arg;

	if (!l->t203_on)	/* stopped lazily (lapd_t203_stop_lazy()) */
		return;
	if (lapd_t203_due(l) > timers_now(l->timers)) {	/* restarted since it was armed */
		if (timer_arm(l->timers, t, lapd_t203_due(l)) < 0)
			l->cnt.errors++;
		return;
	}
	l->t203_on = false;
	lapd_deliver(l);
	lapd_fsm_dispatch(l, LAPD_EV_T203, NULL);
	lapd_deliver(l);
	if (l->ack_pending)	/* safety net: an owner that forgot lapd_flush_ack() */
		lapd_flush_ack(l);
}

/* lapd_t200_restart() and friends are inline in datalink_int.h. */

/* l->tx of a link with a trace hook: the hook sees the frame first. */
static int tx_traced(void *arg, const uint8_t *frame, size_t len)
{
	struct lapd *l = arg;

	l->ops->trace(l->tracer, LAPD_DIR_TX, frame, len);
	return l->ops->tx(l->io, frame, len);
}

/* --- set-up ---------------------------------------------------------------- */

int lapd_init(struct lapd *l, const struct lapd_cfg *cfg)
{
	struct lapd_params def;
	const uint32_t *v;

	if (!l || !cfg || !cfg->ops || !cfg->ops->tx || !cfg->ops->dl_ind || !cfg->timers)
		return TEL_EINVAL;
	if (cfg->tei > 127 || cfg->sapi > 63)
		return TEL_EINVAL;
	if (!cfg->params) {
		lapd_params_default(&def);
		v = def.v;
	} else {
		v = cfg->params->v;
	}
	if (v[LAPD_T200] == 0 || v[LAPD_T203] == 0 || v[LAPD_N200] == 0 || v[LAPD_N200] > 255 ||
	    v[LAPD_K] == 0 || v[LAPD_K] >= SEQ_MOD || v[LAPD_N201P] == 0 ||
	    v[LAPD_N201P] > LAPD_N201 || v[LAPD_QLEN] < v[LAPD_K] || v[LAPD_QLEN] > 1024)
		return TEL_EINVAL;

	memset(l, 0, sizeof(*l));
	/* The queue starts small and doubles when full, up to QLEN slots. */
	l->qmax = (uint16_t)v[LAPD_QLEN];
	l->qcap = l->qmax < LAPD_QINIT ? l->qmax : LAPD_QINIT;
	l->qlim = l->qmax;	/* no reserve, never busy: lapd_set_flow() */
	l->busy_hi = LAPD_BUSY_OFF;
	l->busy_at = LAPD_BUSY_OFF;
	lapd_q_rooms(l);
	l->n201 = (uint16_t)v[LAPD_N201P];
	l->qstride = (uint16_t)(LAPD_I_HDR + l->n201);
	l->qlen = calloc(l->qcap, sizeof(*l->qlen));
	/* LAPD_TX_READ: a short frame in the last slot stays readable for the transport */
	l->qbuf = malloc((size_t)l->qcap * l->qstride + LAPD_TX_READ);
	/* T200 and T203 armed from the run loop need no memory there */
	if (!l->qlen || !l->qbuf || timers_reserve(cfg->timers, 2)) {
		free(l->qlen);
		free(l->qbuf);
		l->qlen = NULL;
		l->qbuf = NULL;
		return TEL_ENOMEM;
	}
	l->state = LAPD_ST_TEI_ASSIGNED;
	l->network = cfg->network;
	l->tei = cfg->tei;
	l->sapi = cfg->sapi;
	/* C/R of what we send: the network sends commands with C/R=1 (Q.921 3.3.2). */
	l->addr0[true] = (uint8_t)(l->sapi << 2 | (lapd_cr_bit(l->network, true) ? 0x02 : 0));
	l->addr0[false] = (uint8_t)(l->sapi << 2 | (lapd_cr_bit(l->network, false) ? 0x02 : 0));
	l->addr1 = (uint8_t)(l->tei << 1 | 0x01);
	l->rx_i_key = (uint32_t)l->addr0[false] | (uint32_t)l->addr1 << 8;
	l->rx_rr_key = (uint32_t)l->addr0[true] | (uint32_t)l->addr1 << 8 |
		       (uint32_t)LAPD_CTL_RR << 16;
	l->tx_i_addr = (uint16_t)(l->addr0[true] | l->addr1 << 8);
	l->tx_rr_resp = (uint32_t)l->addr0[false] | (uint32_t)l->addr1 << 8 |
			(uint32_t)LAPD_CTL_RR << 16;
	l->k = (uint8_t)v[LAPD_K];
	l->n200 = (uint8_t)v[LAPD_N200];
	l->t200_ms = v[LAPD_T200];
	l->t203_ms = v[LAPD_T203];
	l->timers = cfg->timers;
	l->ops = cfg->ops;
	l->io = cfg->io;
	l->dl_ind = cfg->ops->dl_ind;
	l->traced = cfg->ops->trace != NULL;
	l->tx = l->traced ? tx_traced : cfg->ops->tx;
	l->tx_arg = l->traced ? (void *)l : cfg->io;
	l->upper = cfg->upper;
	l->tracer = cfg->tracer;
	timer_init(&l->t200, LAPD_T200, t200_expired, l);
	timer_init(&l->t203, LAPD_T203, t203_expired, l);
	return 0;
}

void lapd_fini(struct lapd *l)
{
	if (!l->qbuf)
		return;
	/* Drop the heap entries too: the heap must not refer to @l once it is gone. */
	timer_cancel(l->timers, &l->t200);
	timer_cancel(l->timers, &l->t203);
	timers_unreserve(l->timers, 2);
	free(l->qlen);
	free(l->qbuf);
	l->qlen = NULL;
	l->qbuf = NULL;
	l->qcount = 0;
	l->upcount = 0;
}

int lapd_new(const struct lapd_cfg *cfg, struct lapd **out)
{
	struct lapd *l;
	int rc;

	if (!out)
		return TEL_EINVAL;
	*out = NULL;
	l = malloc(sizeof(*l));
	if (!l)
		return TEL_ENOMEM;
	rc = lapd_init(l, cfg);
	if (rc) {
		free(l);
		return rc;
	}
	*out = l;
	return 0;
}

static const struct lapd no_link;	/* lapd_none(): all zero, never written */

struct lapd *lapd_none(void)
{
	return (struct lapd *)&no_link;	/* in read-only memory: a write would fault */
}

void lapd_free(struct lapd *l)
{
	if (!l || l == &no_link)
		return;
	lapd_fini(l);
	free(l);
}

/* --- what other layers may know ---------------------------------------------- */
/* Inline into the owners' loops (LTO): they ask for every line, every round. */

enum lapd_state lapd_state(const struct lapd *l)
{
	return (enum lapd_state)l->state;
}

unsigned int lapd_queued(const struct lapd *l)
{
	return l->qcount;
}

__attribute__((always_inline)) inline bool lapd_has_work(const struct lapd *l)
{
	return l->upcount != 0;
}

__attribute__((always_inline)) inline bool lapd_ack_owed(const struct lapd *l)
{
	return l->ack_pending;
}

__attribute__((always_inline)) inline size_t lapd_n201(const struct lapd *l)
{
	return l->n201;
}

const struct lapd_counters *lapd_counters(const struct lapd *l)
{
	return &l->cnt;
}

/* --- frame output ---------------------------------------------------------- */
/*
 * The frames we send are built here octet by octet rather than through
 * lapd_frame_encode(): the address octets are fixed per link, every field
 * is in range by construction, and an I frame goes out straight from its
 * send queue slot, without being copied.
 */

static const uint8_t ctl_u[LAPD_FTYPE_COUNT] = {
	[LAPD_SABME] = LAPD_CTL_SABME, [LAPD_UA] = LAPD_CTL_UA, [LAPD_DM] = LAPD_CTL_DM,
	[LAPD_DISC] = LAPD_CTL_DISC,
};

static const uint8_t ctl_s[LAPD_FTYPE_COUNT] = {
	[LAPD_RR] = LAPD_CTL_RR, [LAPD_RNR] = LAPD_CTL_RNR, [LAPD_REJ] = LAPD_CTL_REJ,
};

/* @type is SABME, UA, DM or DISC. */
void lapd_send_u(struct lapd *l, enum lapd_ftype type, bool command, bool pf)
{
	uint8_t buf[LAPD_TX_READ] = {	/* 3 octets; the rest for the transport (LAPD_TX_READ) */
		l->addr0[command], l->addr1, (uint8_t)(ctl_u[type] | (pf ? LAPD_CTL_U_PF : 0)),
	};

	lapd_send_frame(l, buf, 3);
}

/*
 * @type is RR, RNR or REJ; N(R) is V(R), which acknowledges what we received.
 * While own receiver busy an RR goes as RNR.
 */
void lapd_send_s(struct lapd *l, enum lapd_ftype type, bool command, bool pf)
{
	/* own receiver busy: every RR (poll, answer to a poll, acknowledgement) is an RNR */
	uint8_t ctl = ctl_s[type == LAPD_RR && l->own_busy ? LAPD_RNR : type];
	uint8_t buf[LAPD_TX_READ] = {	/* 4 octets; the rest for the transport (LAPD_TX_READ) */
		l->addr0[command], l->addr1, ctl, (uint8_t)(l->vr << 1 | pf),
	};

	/*
	 * Before the frame goes out: a transport that answers at once may
	 * hand over an I frame meanwhile, whose acknowledgement is then due.
	 */
	l->ack_pending = false;
	lapd_send_frame(l, buf, 4);
}

/* --- send queue ------------------------------------------------------------ */
/*
 * Slot i from qhead holds the frame with N(S) = V(A) + i. Frames below
 * V(S) - V(A) have been sent; qsent counts slots sent at least once (so a
 * second sending counts as a retransmission).
 */

static inline unsigned int slot(const struct lapd *l, unsigned int i)
{
	unsigned int s = l->qhead + i;

	return s >= l->qcap ? s - l->qcap : s;
}

void lapd_q_discard(struct lapd *l)
{
	l->qhead = 0;
	l->qtail = 0;
	l->qcount = 0;
	l->qsent = 0;
	/* every path that discards the queue (re)establishes or releases the
	 * link: the peer takes us as not busy afterwards */
	own_busy_off(l);
}

/* --- flow control ----------------------------------------------------------- */

/* Out of the own receiver busy condition (the fast paths take I and RR frames again). */
static void own_busy_off(struct lapd *l)
{
	l->own_busy = false;
	l->rx_i_key &= ~LAPD_RX_KEY_OFF;
	l->rx_rr_key &= ~LAPD_RX_KEY_OFF;
	l->busy_at = l->busy_hi;
	lapd_q_rooms(l);
}

/* qroom and qroom_cl from the queue's size, the class limit and busy_at. */
void lapd_q_rooms(struct lapd *l)
{
	unsigned int busy = l->busy_at - 1u;	/* the slot that makes busy_hi frames */
	unsigned int room = l->qcap < busy ? l->qcap : busy;

	l->qroom_cl = (uint16_t)room;
	l->qroom = (uint16_t)(room < l->qlim ? room : l->qlim);
	if (l->fast_off)	/* lapd_set_fast(): lapd_dl_data_buf() goes the slow way */
		l->qroom = l->qroom_cl = 0;
}

void lapd_set_flow(struct lapd *l, unsigned int reserve)
{
	unsigned int lim;

	if (reserve > l->qmax / 2u)
		reserve = l->qmax / 2u;
	lim = l->qmax - reserve;
	l->qlim = (uint16_t)lim;
	l->busy_hi = (uint16_t)(lim - lim / 4u);
	l->busy_lo = (uint16_t)(lim / 2u);
	if (l->busy_lo >= l->busy_hi)	/* a tiny queue: no flow control */
		l->busy_hi = LAPD_BUSY_OFF;
	if (!l->own_busy)
		l->busy_at = l->busy_hi;
	lapd_q_rooms(l);
}

/*
 * The send queue reached busy_hi: own receiver busy (Q.921 5.6.2 b). RNR
 * response, F=0; the I frames the peer sends from now on are discarded
 * (act_rx_i()) until lapd_own_busy_clear(). Only in states 7 and 8: the
 * establishment clears the condition.
 */
__attribute__((noinline)) void lapd_own_busy_set(struct lapd *l)
{
	if (l->state != LAPD_ST_MF_EST && l->state != LAPD_ST_TIMER_RECOVERY)
		return;
	l->own_busy = true;
	l->rx_i_key |= LAPD_RX_KEY_OFF;
	l->rx_rr_key |= LAPD_RX_KEY_OFF;
	l->busy_at = LAPD_BUSY_OFF;
	lapd_q_rooms(l);
	l->cnt.busy_set++;
	lapd_send_s(l, LAPD_RNR, false, false);
}

/* Acknowledgements brought the queue down to busy_lo: RR response, F=0, the peer goes on. */
void lapd_own_busy_clear(struct lapd *l)
{
	own_busy_off(l);
	if (l->state == LAPD_ST_MF_EST || l->state == LAPD_ST_TIMER_RECOVERY)
		lapd_send_s(l, LAPD_RR, false, false);
}

void lapd_push_i(struct lapd *l)
{
	while (!l->peer_busy) {
		unsigned int out = seq_diff(l->vs, l->va);

		if (out >= l->k || out >= l->qcount)
			break;
		unsigned int s = slot(l, out);

		lapd_send_i(l, out, s, l->qlen[s], false);
	}
}

/* --- primitives up --------------------------------------------------------- */

void lapd_up(struct lapd *l, enum dl_prim prim, enum dl_reason reason,
	     const uint8_t *msg, size_t len)
{
	struct lapd_up *u;

	if (l->upcount == LAPD_UPQ_LEN) {
		l->cnt.up_dropped++;
		return;
	}
	u = &l->up[(l->uphead + l->upcount) % LAPD_UPQ_LEN];
	u->prim = (uint8_t)prim;
	u->reason = (uint8_t)reason;
	u->msg = msg;
	u->len = (uint16_t)len;
	l->upcount++;
}

/* Hands queued primitives to the upper layer, oldest first. Not re-entered. */
int lapd_deliver_all(struct lapd *l)
{
	int n = 0;

	if (l->delivering)
		return 0;
	l->delivering = true;
	while (l->upcount) {
		struct lapd_up u = l->up[l->uphead];

		l->uphead = (uint8_t)((l->uphead + 1) % LAPD_UPQ_LEN);
		l->upcount--;
		l->dl_ind(l->upper, (enum dl_prim)u.prim, (enum dl_reason)u.reason,
			       u.msg, u.len);
		n++;
	}
	l->delivering = false;
	return n;
}

int lapd_poll(struct lapd *l)
{
	return l->upcount ? lapd_deliver_all(l) : 0;
}

/* --- requests from above --------------------------------------------------- */

int lapd_dl_establish_req(struct lapd *l)
{
	return lapd_fsm_dispatch(l, LAPD_EV_DL_EST_REQ, NULL);
}

int lapd_dl_release_req(struct lapd *l)
{
	return lapd_fsm_dispatch(l, LAPD_EV_DL_REL_REQ, NULL);
}

int lapd_ph_deactivate(struct lapd *l)
{
	return lapd_fsm_dispatch(l, LAPD_EV_PH_DEACT, NULL);
}

void lapd_refuse_establish(struct lapd *l, bool on)
{
	l->refuse_est = on;
}

/* Double the send queue (up to QLEN slots), keeping the frames in order. */
int lapd_q_grow(struct lapd *l)
{
	unsigned int ncap = l->qcap * 2u > l->qmax ? l->qmax : l->qcap * 2u;
	uint16_t *nlen;
	uint8_t *nbuf;

	if (l->qcap >= l->qmax)
		return TEL_EBUSY;
	nlen = malloc(ncap * sizeof(*nlen));
	nbuf = malloc((size_t)ncap * l->qstride + LAPD_TX_READ);	/* see lapd_init() */
	if (!nlen || !nbuf) {
		free(nlen);
		free(nbuf);
		return TEL_ENOMEM;
	}
	for (unsigned int i = 0; i < l->qcount; i++) {
		unsigned int s = slot(l, i);

		nlen[i] = l->qlen[s];
		memcpy(nbuf + (size_t)i * l->qstride + LAPD_I_HDR,
		       l->qbuf + (size_t)s * l->qstride + LAPD_I_HDR, l->qlen[s]);
	}
	free(l->qlen);
	free(l->qbuf);
	l->qlen = nlen;
	l->qbuf = nbuf;
	l->qhead = 0;
	l->qtail = l->qcount;
	l->qcap = (uint16_t)ncap;
	lapd_q_rooms(l);
	return 0;
}

/* lapd_dl_data_buf() (datalink_fast.c) when the queue is full or the link closed. */
uint8_t *lapd_dl_data_buf_slow(struct lapd *l, enum lapd_data_class cls)
{
	l->nomem = false;
	if (!lapd_link_open(l))
		return NULL;
	if (l->qcount + 1u >= l->busy_at)
		lapd_own_busy_set(l);	/* the frame written there makes busy_hi */
	if (cls == LAPD_DATA_NORMAL && l->qcount >= l->qlim)
		return NULL;
	if (l->qcount == l->qcap) {
		int rc = lapd_q_grow(l);

		if (rc) {
			l->nomem = rc == TEL_ENOMEM;	/* for lapd_dl_data_commit() */
			return NULL;
		}
	}
	return lapd_slot_info(l, l->qtail);
}

int lapd_dl_unit_data_req(struct lapd *l, const uint8_t *msg, size_t len)
{
	uint8_t buf[3 + LAPD_N201];	/* over LAPD_TX_READ */

	if (!msg || len == 0 || len > l->n201)
		return TEL_EINVAL;
	buf[0] = l->addr0[true];
	buf[1] = l->addr1;
	buf[2] = LAPD_CTL_UI;
	memcpy(buf + 3, msg, len);
	lapd_send_frame(l, buf, 3 + len);
	return 0;
}

/* --- receive path ---------------------------------------------------------- */

static const struct {
	enum lapd_event ev;
	int8_t cmd;		/* 1 command only, 0 response only, -1 either */
} rx_map[LAPD_FTYPE_COUNT] = {
	[LAPD_I] = { LAPD_EV_RX_I, 1 },
	[LAPD_RR] = { LAPD_EV_RX_RR, -1 },
	[LAPD_RNR] = { LAPD_EV_RX_RNR, -1 },
	[LAPD_REJ] = { LAPD_EV_RX_REJ, -1 },
	[LAPD_SABME] = { LAPD_EV_RX_SABME, 1 },
	[LAPD_UA] = { LAPD_EV_RX_UA, 0 },
	[LAPD_DM] = { LAPD_EV_RX_DM, 0 },
	[LAPD_DISC] = { LAPD_EV_RX_DISC, 1 },
	[LAPD_FRMR] = { LAPD_EV_RX_FRMR, 0 },
	[LAPD_XID] = { LAPD_EV_COUNT, -1 },	/* not used on PRI: ignored */
	[LAPD_UI] = { LAPD_EV_COUNT, 1 },	/* handled before the table */
};

/* --- delayed acknowledgement ------------------------------------------------ */
/*
 * An I frame received in state 7 and not answered at once sets ack_pending
 * instead of sending RR: an I frame sent before the end of the round
 * (lapd_push_i()) carries N(R) = V(R) and clears it; lapd_flush_ack() sends
 * the RR otherwise. Polls (P=1) and REJ are answered at once, and so is an I
 * frame in timer recovery (no I frame can go out there to carry N(R)).
 */
/* Inline into the owners' end-of-round walks (LTO): it runs for most lines every round. */
__attribute__((always_inline)) inline int lapd_flush_ack(struct lapd *l)
{
	if (!l->ack_pending)
		return 0;
	if (l->state == LAPD_ST_MF_EST || l->state == LAPD_ST_TIMER_RECOVERY) {
		/* lapd_send_s(l, LAPD_RR, false, false), header as one word */
		uint8_t buf[LAPD_TX_READ] = { 0 };	/* 4 octets: see LAPD_TX_READ */

		lapd_put_hdr_word(buf, l->tx_rr_resp | (uint32_t)l->vr << 25);
		l->ack_pending = false;
		lapd_send_frame(l, buf, 4);
		return 1;
	}
	l->ack_pending = false;	/* the link was released or reset since */
	return 0;
}

/* The general receive path: decode, checks, the state table. */
__attribute__((noinline)) int lapd_rx_slow(struct lapd *l, const uint8_t *frame, size_t len)
{
	struct lapd_frame f;
	enum lapd_err err;
	enum lapd_event ev;

	l->cnt.rx_slow++;
	err = lapd_frame_decode(frame, len, &f);
	if (err == LAPD_ERR_SHORT || err == LAPD_ERR_ADDR_EA || f.tei != l->tei) {
		l->cnt.rx_ignored++;
		return 0;
	}
	if (f.sapi != l->sapi) {
		if (f.sapi == LAPD_SAPI_MGMT && err == LAPD_OK && l->ops->mgmt) {
			l->ops->mgmt(l->upper, &f);
			return 1;
		}
		l->cnt.rx_ignored++;
		return 0;
	}
	lapd_deliver(l);	/* what requests queued comes first */
	if (err != LAPD_OK) {
		ev = LAPD_EV_RX_BAD;
	} else if (f.type == LAPD_UI) {
		lapd_up(l, DL_UNIT_DATA_IND, DL_R_NORMAL, f.info, f.info_len);
		lapd_deliver(l);
		return 1;
	} else {
		int cmd = rx_map[f.type].cmd;

		ev = rx_map[f.type].ev;
		if (ev == LAPD_EV_COUNT ||
		    (cmd >= 0 && lapd_is_command(&f, !l->network) != (cmd == 1))) {
			l->cnt.rx_ignored++;
			return 0;
		}
	}
	if (lapd_fsm_dispatch(l, ev, err == LAPD_OK ? &f : NULL) < 0)
		l->cnt.rx_ignored++;
	/* while own receiver busy every frame comes here: acknowledgements may end it */
	if (__builtin_expect(l->own_busy, 0) && l->qcount <= l->busy_lo)
		lapd_own_busy_clear(l);
	lapd_deliver(l);
	/*
	 * An I frame received and no I frame of ours carried its acknowledgement
	 * yet: in state 7 it waits for lapd_flush_ack() (end of the round); in
	 * timer recovery RR goes now, as before.
	 */
	if (l->ack_pending && l->state != LAPD_ST_MF_EST) {
		/* lapd_send_s() clears ack_pending before it sends: a frame that
		 * re-enters from the transport may leave a new one, to keep */
		if (l->state == LAPD_ST_TIMER_RECOVERY)
			lapd_send_s(l, LAPD_RR, false, false);
		else
			l->ack_pending = false;
	}
	return 1;
}
