/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals shared by datalink.c (set-up, queues, frame output, the general
 * receive path, API), datalink_fsm.c (the state table and its actions) and
 * datalink_fast.c (the fast paths): struct lapd itself. Not for other layers,
 * which see a struct lapd only through the functions of datalink.h; lapd's
 * own tests and fuzz targets may look inside.
 */
#ifndef TEL_LAPD_DATALINK_INT_H
#define TEL_LAPD_DATALINK_INT_H

#include "lapd/datalink.h"

#define LAPD_UPQ_LEN	8
#define LAPD_QINIT	16	/* initial send queue slots */
#define LAPD_I_HDR	4	/* address and control octets of an I frame */
#define LAPD_BUSY_OFF	0xffff	/* busy_hi of a link without flow control */

struct lapd_up {
	uint8_t prim, reason;
	uint16_t len;
	const uint8_t *msg;
};

struct lapd {
	/* hot: sequence state, read or written for every frame */
	uint8_t state;
	uint8_t vs, va, vr;	/* V(S), V(A), V(R) */
	/*
	 * traced (ops->trace set), peer_busy, rej_exception and upcount
	 * (primitives waiting to go up) are adjacent: the receive fast path
	 * tests the four at once.
	 */
	bool traced, peer_busy, rej_exception;
	uint8_t upcount;
	/* own receiver busy (Q.921): we said RNR; the peer's I frames are discarded */
	bool own_busy;
	uint8_t rc;		/* retransmission count */
	bool l3_initiated;
	bool ack_pending;	/* I frame received, not acknowledged: see lapd_flush_ack() */
	bool lost;		/* last release was DL_R_LOST; next establishment says DL_R_BACK */
	bool network;
	bool refuse_est;	/* answer a peer's SABME in state 4 with DM (lapd_refuse_establish()) */
	bool nomem;		/* the last lapd_dl_data_buf_slow() failed to grow the queue */
	bool fast_off;		/* tests: every frame through the generic path (lapd_set_fast()) */
	uint8_t tei, sapi;
	uint8_t k, n200;
	/* address octets of frames we send: addr0[command] (SAPI, C/R), addr1 (TEI) */
	uint8_t addr0[2], addr1;
	uint16_t n201;
	/*
	 * Octets 0-3 of a frame as a little-endian word (lapd_hdr_word()):
	 * rx_i_key is what an I command with P=0 from the peer has under
	 * LAPD_RX_I_MASK (address, I frame, P=0), rx_rr_key an RR response
	 * with F=0 under LAPD_RX_RR_MASK; tx_i_addr the address of our I
	 * frames, tx_rr_resp our RR response with F=0 and N(R) 0.
	 */
	uint32_t rx_i_key, rx_rr_key, tx_rr_resp;
	uint16_t tx_i_addr;

	/*
	 * Send queue: ring of qcap slots of qstride octets; head holds
	 * N(S) = V(A). A slot keeps LAPD_I_HDR octets in front of the
	 * information field, so an I frame is sent from its slot as it is.
	 */
	/* qhead, qcount, qsent and qtail adjacent: emptying the queue is one store */
	uint16_t qhead, qcount, qsent;
	uint16_t qtail;		/* the next free slot: (qhead + qcount) mod qcap */
	uint16_t qcap;
	uint16_t qmax;		/* the queue doubles when full, up to qmax slots (QLEN) */
	uint16_t qlim;		/* LAPD_DATA_NORMAL requests: up to qlim slots (qmax - reserve) */
	/*
	 * The inline lapd_dl_data_buf*()'s one test: a request finds a slot
	 * there while qcount < qroom (normal) or qroom_cl (clearing); beyond,
	 * the slow path grows the queue, applies the class limit, and enters
	 * own receiver busy at busy_hi frames. qroom = min(qcap, qlim,
	 * busy_at - 1), qroom_cl = min(qcap, busy_at - 1) (lapd_q_rooms()).
	 */
	uint16_t qroom, qroom_cl;
	uint16_t busy_hi, busy_lo;	/* own receiver busy from busy_hi frames queued to busy_lo */
	uint16_t busy_at;	/* busy_hi, or LAPD_BUSY_OFF while busy (datalink_int.h) */
	uint16_t qstride;	/* LAPD_I_HDR + n201 */
	uint16_t *qlen;		/* information field length of each slot */
	uint8_t *qbuf;		/* qcap * qstride octets */

	/* primitives waiting for delivery upwards (upcount is with the hot fields) */
	uint8_t uphead;
	bool delivering;
	struct lapd_up up[LAPD_UPQ_LEN];

	const struct lapd_ops *ops;
	/*
	 * How a frame leaves: tx(tx_arg, ...) is ops->tx(io, ...), or, with a
	 * trace hook, a function that traces first (no test per frame).
	 */
	int (*tx)(void *tx_arg, const uint8_t *frame, size_t len);
	void *tx_arg;
	/* ops->dl_ind, copied: one load less per I frame received */
	void (*dl_ind)(void *upper, enum dl_prim prim, enum dl_reason reason,
		       const uint8_t *msg, size_t len);
	void *io, *upper, *tracer;
	struct tel_timers *timers;
	uint32_t t200_ms, t203_ms;
	struct tel_timer t200, t203;
	uint64_t t203_start;	/* T203: when it was (re)started, while t203_on (datalink_int.h) */
	bool t203_on;
	struct lapd_counters cnt;
};

/*
 * lapd_init() - set up @l (storage of the caller's) in state 4: what
 * lapd_new() does after allocating. lapd_fini() undoes it (the storage stays).
 * For lapd's own tests, which embed a link; everything else uses lapd_new().
 */
int lapd_init(struct lapd *l, const struct lapd_cfg *cfg);
void lapd_fini(struct lapd *l);

/*
 * lapd_set_fast() - tests only: @on false sends every received frame and
 * every data request through the general path (decode and state table, no
 * shortcut), so that a test can compare the two (tests/unit/lapd/
 * test_datalink_fast.c). While off, rx_i_key and rx_rr_key carry
 * LAPD_RX_KEY_GEN (outside their masks, as LAPD_RX_KEY_OFF), which no frame
 * matches, and qroom/qroom_cl are 0, so lapd_dl_data_buf() goes the slow way.
 */
void lapd_set_fast(struct lapd *l, bool on);
#define LAPD_RX_KEY_GEN	0x40000000u

#define SEQ_MOD		128
#define seq_add(a, b)	((uint8_t)(((a) + (b)) & (SEQ_MOD - 1)))
#define seq_diff(a, b)	((unsigned int)(((a) - (b)) & (SEQ_MOD - 1)))	/* a - b */

/* Frame output; @command selects the C/R bit for our side. */
void lapd_send_u(struct lapd *l, enum lapd_ftype type, bool command, bool pf);
void lapd_send_s(struct lapd *l, enum lapd_ftype type, bool command, bool pf);

/* Send queue. */
void lapd_q_discard(struct lapd *l);
void lapd_q_rooms(struct lapd *l);		/* qroom, qroom_cl from the limits */
int lapd_q_grow(struct lapd *l);		/* double it, up to QLEN slots */
void lapd_own_busy_set(struct lapd *l);		/* the queue reached busy_hi */
void lapd_push_i(struct lapd *l);		/* send queued I frames the window allows */

/*
 * Own receiver busy (lapd_set_flow()): entered when the send queue reaches
 * busy_hi frames (RNR response), left when acknowledgements bring it down to
 * busy_lo (RR response). While busy, rx_i_key and rx_rr_key have
 * LAPD_RX_KEY_OFF set, a bit outside their masks, so no frame takes the
 * receive fast path: the state table's act_rx_i() discards I frames, and
 * the general path, the only one that acknowledges meanwhile, ends the
 * condition. busy_at is busy_hi while not busy, LAPD_BUSY_OFF while busy:
 * the send path tests one number.
 */
#define LAPD_RX_KEY_OFF	0x80000000u
void lapd_own_busy_clear(struct lapd *l);

/*
 * V(A) := N(R), drop acknowledged frames (inline: once per received frame).
 * The common case, everything queued acknowledged, empties the queue and
 * puts its head back at slot 0.
 */
static inline __attribute__((always_inline)) void lapd_q_ack(struct lapd *l, uint8_t nr)
{
	unsigned int n = seq_diff(nr, l->va);
	unsigned int s;

	l->va = nr;
	if (n >= l->qcount) {	/* > cannot happen with a valid N(R); stay safe */
		l->qhead = 0;
		l->qcount = 0;
		l->qsent = 0;
		l->qtail = 0;
	} else {
		s = l->qhead + n;
		l->qhead = (uint16_t)(s >= l->qcap ? s - l->qcap : s);
		l->qcount = (uint16_t)(l->qcount - n);
		l->qsent = (uint16_t)(l->qsent > n ? l->qsent - n : 0);
	}
}

/*
 * Octets 0-3 of a frame (address, control, N(R) or second control octet) as
 * one little-endian word, whatever the host's order; compilers make this one
 * load (and one store) on little-endian hosts.
 */
static inline uint32_t lapd_hdr_word(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void lapd_put_hdr_word(uint8_t *p, uint32_t w)
{
	p[0] = (uint8_t)w;
	p[1] = (uint8_t)(w >> 8);
	p[2] = (uint8_t)(w >> 16);
	p[3] = (uint8_t)(w >> 24);
}

/* Address (both octets), I frame bit, P bit of a word from lapd_hdr_word(). */
#define LAPD_RX_I_MASK	0x0101ffffu
/* Address, the whole control octet, P/F bit. */
#define LAPD_RX_RR_MASK	0x01ffffffu

/* N(R) is valid when V(A) <= N(R) <= V(S) (modulo 128). */
static inline bool lapd_nr_valid(const struct lapd *l, uint8_t nr)
{
	return seq_diff(nr, l->va) <= seq_diff(l->vs, l->va);
}

/* Whether the send queue holds frames not sent yet (lapd_push_i() may have work). */
static inline bool lapd_unsent(const struct lapd *l)
{
	return l->qcount != seq_diff(l->vs, l->va);
}

/* Primitive for the upper layer, delivered after the current event (or by lapd_poll()). */
void lapd_up(struct lapd *l, enum dl_prim prim, enum dl_reason reason,
	     const uint8_t *msg, size_t len);

/*
 * T200 and T203, armed on the link's timer heap relative to its "now".
 *
 * Arming fails only when the heap cannot grow (out of memory). The link then
 * goes without that supervision; counted as an error.
 *
 * T200 and T203 are stopped and restarted on almost every frame, so stopping
 * is lazy (O(1), the heap entry stays for the next restart to reuse) and so is
 * a restart to a later time; see core/timer.h. lapd_fini() cancels for real.
 * Inline: the common case is a few stores.
 */
static inline __attribute__((always_inline)) void lapd_t200_restart(struct lapd *l)
{
	if (timer_arm_in(l->timers, &l->t200, l->t200_ms) < 0)
		l->cnt.errors++;
}

static inline void lapd_t200_stop(struct lapd *l)
{
	timer_cancel_lazy(l->timers, &l->t200);
}

/*
 * T203 runs whenever T200 does not: it is restarted on almost every frame
 * received and stopped on every I frame sent, so it is kept at two levels.
 * t203_on and t203_start say whether and since when T203 runs (it expires at
 * lapd_t203_due()); the heap timer l->t203, when armed, is due no later than
 * that, and its expiry (t203_expired()) re-arms it for lapd_t203_due(), or
 * does nothing while T203 is off. A restart stores the time, not the sum.
 * A restart is then a few stores while the heap timer is armed, and the stop
 * in the send path (lapd_t203_stop_lazy()) one store; lapd_t203_stop(), for
 * state changes, disarms the heap timer too (no wake-up on a released link).
 */
static inline uint64_t lapd_t203_due(const struct lapd *l)
{
	uint64_t due = l->t203_start + l->t203_ms;

	return due >= l->t203_start ? due : UINT64_MAX;
}

static inline __attribute__((always_inline)) void lapd_t203_restart(struct lapd *l)
{
	l->t203_start = timers_now(l->timers);
	l->t203_on = true;
	if (!timer_armed(&l->t203) && timer_arm(l->timers, &l->t203, lapd_t203_due(l)) < 0)
		l->cnt.errors++;
}

static inline void lapd_t203_stop_lazy(struct lapd *l)
{
	l->t203_on = false;
}

static inline void lapd_t203_stop(struct lapd *l)
{
	l->t203_on = false;
	timer_cancel_lazy(l->timers, &l->t203);
}

/*
 * Acknowledgement by a valid N(R) in multiple-frame-established (Q.921 5.6.3):
 * all acknowledged stops T200 and restarts T203; a partial acknowledgement
 * restarts T200. While the peer is busy only V(A) moves (lapd_ack_mf());
 * lapd_ack_mf_ready() is for a caller that knows the peer is not busy.
 */
static inline __attribute__((always_inline)) void lapd_ack_mf_ready(struct lapd *l, uint8_t nr)
{
	if (nr == l->vs) {
		if (nr != l->va)	/* else nothing to drop: V(A) = N(R) already */
			lapd_q_ack(l, nr);
		lapd_t200_stop(l);
		lapd_t203_restart(l);
	} else if (nr != l->va) {
		lapd_q_ack(l, nr);
		lapd_t200_restart(l);
	}
}

static inline __attribute__((always_inline)) void lapd_ack_mf(struct lapd *l, uint8_t nr)
{
	if (l->peer_busy)
		lapd_q_ack(l, nr);
	else
		lapd_ack_mf_ready(l, nr);
}

/* --- frame output and delivery, shared by the general and the fast paths --- */

static inline void lapd_send_frame(struct lapd *l, const uint8_t *buf, size_t n)
{
	l->cnt.tx_frames++;
	l->tx(l->tx_arg, buf, n);	/* tx_traced() when there is a trace hook */
}

/*
 * Send the I frame in slot @s, the @out-th from the head (N(S) = V(S)):
 * one round of lapd_push_i() (and of q_commit(), datalink_fast.c), which the
 * caller has checked the window allows.
 * @fresh: the frame was queued just now, in the last slot (never sent).
 * @len: its information field length, l->qlen[s] (the caller may have it
 * in a register: the stores of the header would make the compiler load it again).
 */
static inline __attribute__((always_inline))
void lapd_send_i(struct lapd *l, unsigned int out, unsigned int s, size_t len, bool fresh)
{
	/*
	 * The header goes in front of the information field in the slot. It is
	 * gathered first and stored last, in one move: a store through a byte
	 * pointer may alias anything, and would make the compiler load the
	 * link's fields again.
	 */
	uint8_t *p = l->qbuf + (size_t)s * l->qstride;
	size_t n = LAPD_I_HDR + len;
	uint32_t hdr = l->tx_i_addr | (uint32_t)l->vs << 17 | (uint32_t)l->vr << 25;

	if (fresh)		/* queued just now: never sent, the last slot */
		l->qsent = l->qcount;
	else if (out < l->qsent)
		l->cnt.retransmits++;
	else
		l->qsent = (uint16_t)(out + 1);
	l->vs = seq_add(l->vs, 1);
	l->ack_pending = false;
	if (!timer_armed(&l->t200)) {
		lapd_t203_stop_lazy(l);
		lapd_t200_restart(l);
	}
	lapd_put_hdr_word(p, hdr);
	/*
	 * The frame goes out last: V(S) and the timers are already updated (a
	 * transport that answers synchronously sees a consistent link), and
	 * fewer values have to live across the calls.
	 */
	lapd_send_frame(l, p, n);
}

int lapd_deliver_all(struct lapd *l);	/* lapd_poll() */

/* Hands what waits to go up to the upper layer. */
static inline void lapd_deliver(struct lapd *l)
{
	if (l->upcount)
		lapd_deliver_all(l);
}

/*
 * lapd_fsm_dispatch() - run the table row for (@l->state, @ev) with frame @f
 * (NULL for requests and timers). Returns 0, or TEL_ESTATE when the state
 * has no row for the event (the event is ignored).
 */
int lapd_fsm_dispatch(struct lapd *l, enum lapd_event ev, const struct lapd_frame *f);

/* datalink.c: the general receive path (decode, checks, the state table). */
int lapd_rx_slow(struct lapd *l, const uint8_t *frame, size_t len);
uint8_t *lapd_dl_data_buf_slow(struct lapd *l, enum lapd_data_class cls);

/* Whether requests may queue I frames: not in state 4 nor 6. */
static inline bool lapd_link_open(const struct lapd *l)
{
	return l->state != LAPD_ST_TEI_ASSIGNED && l->state != LAPD_ST_AWAIT_REL;
}

/* Information field of send queue slot @s. */
static inline uint8_t *lapd_slot_info(const struct lapd *l, unsigned int s)
{
	return l->qbuf + (size_t)s * l->qstride + LAPD_I_HDR;
}

#endif /* TEL_LAPD_DATALINK_INT_H */
