/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals shared by datalink.c (queues, frame output, API) and
 * datalink_fsm.c (the state table and its actions). Not for other layers.
 */
#ifndef TEL_LAPD_DATALINK_INT_H
#define TEL_LAPD_DATALINK_INT_H

#include "lapd/datalink.h"

#define SEQ_MOD		128
#define seq_add(a, b)	((uint8_t)(((a) + (b)) & (SEQ_MOD - 1)))
#define seq_diff(a, b)	((unsigned int)(((a) - (b)) & (SEQ_MOD - 1)))	/* a - b */

/* Frame output; @command selects the C/R bit for our side. */
void lapd_send_u(struct lapd *l, enum lapd_ftype type, bool command, bool pf);
void lapd_send_s(struct lapd *l, enum lapd_ftype type, bool command, bool pf);

/* Send queue. */
void lapd_q_discard(struct lapd *l);
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
static inline void lapd_t200_restart(struct lapd *l)
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

/*
 * lapd_fsm_dispatch() - run the table row for (@l->state, @ev) with frame @f
 * (NULL for requests and timers). Returns 0, or TEL_ESTATE when the state
 * has no row for the event (the event is ignored).
 */
int lapd_fsm_dispatch(struct lapd *l, enum lapd_event ev, const struct lapd_frame *f);

#endif /* TEL_LAPD_DATALINK_INT_H */
