// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.921 data link: the fast paths, and the entry points that choose between
 * them and the general paths of datalink.c and datalink_fsm.c.
 *
 * Receive: an in-sequence I command with P=0 or an RR response with F=0 in
 * state 7 is handled by rx_fast() without the generic decode and the state
 * table (what act_rx_i() and act_rx_s_mf() would do with it); every other
 * frame goes to lapd_rx_slow().
 * Send: a data request in state 7 is queued and sent by q_commit() without
 * the table's DL-DATA-REQ row (act_push()), and lapd_dl_data_buf() finds a
 * free slot inline when the slow checks (lapd_dl_data_buf_slow()) cannot
 * apply.
 *
 * Each has to behave exactly as the path it shortens: states, V(S), V(A),
 * V(R), flags, timers, primitives up and frames sent. lapd_set_fast(l, false)
 * turns the shortcuts off, and tests/unit/lapd/test_datalink_fast.c and the
 * fuzz target fuzz_lapd_fsm compare a link with them against one without.
 */
#include "lapd/datalink.h"

#include <string.h>

#include "libtel/tel.h"
#include "core/copy.h"
#include "lapd/datalink_int.h"

void lapd_set_fast(struct lapd *l, bool on)
{
	l->fast_off = !on;
	if (on) {
		l->rx_i_key &= ~LAPD_RX_KEY_GEN;
		l->rx_rr_key &= ~LAPD_RX_KEY_GEN;
	} else {
		l->rx_i_key |= LAPD_RX_KEY_GEN;
		l->rx_rr_key |= LAPD_RX_KEY_GEN;
	}
	lapd_q_rooms(l);
}

/* --- send ------------------------------------------------------------------ */

/* Inline into the encoders' send path (LTO): the common case, state 7 with room. */
__attribute__((always_inline)) inline uint8_t *lapd_dl_data_buf(struct lapd *l)
{
	/* state 7 with room: the rest (other states, growth, the limit) is out of line */
	if (l->state != LAPD_ST_MF_EST || l->qcount >= l->qroom)
		return lapd_dl_data_buf_slow(l, LAPD_DATA_NORMAL);
	return lapd_slot_info(l, l->qtail);
}

__attribute__((always_inline)) inline uint8_t *lapd_dl_data_buf_cl(struct lapd *l,
								   enum lapd_data_class cls)
{
	/* a clearing message may take any slot the queue has now */
	unsigned int room = cls == LAPD_DATA_NORMAL ? l->qroom : l->qroom_cl;

	if (l->state != LAPD_ST_MF_EST || l->qcount >= room)
		return lapd_dl_data_buf_slow(l, cls);
	return lapd_slot_info(l, l->qtail);
}

/*
 * Queue the frame of @len octets written in the next free slot and send it
 * when the window allows. The link is open, the queue not full and @len valid.
 */
static inline __attribute__((always_inline))
int q_commit(struct lapd *l, size_t len)
{
	unsigned int s = l->qtail, count = l->qcount + 1u, out;

	l->qcount = (uint16_t)count;
	l->qtail = (uint16_t)(s + 1 == l->qcap ? 0 : s + 1);
	l->qlen[s] = (uint16_t)len;	/* may alias the fields above: stored after them */
	if (l->state != LAPD_ST_MF_EST || l->fast_off) {
		lapd_fsm_dispatch(l, LAPD_EV_DL_DATA_REQ, NULL);
		return 0;
	}
	/*
	 * State 7: the table's row (act_push), directly (the fast path). When this frame is the
	 * only one not sent yet, lapd_push_i() would send just it: do so here,
	 * from its slot (it stays there for retransmission).
	 */
	out = seq_diff(l->vs, l->va);
	if (l->peer_busy || out >= l->k)
		return 0;	/* window closed: lapd_push_i() would send nothing */
	if (out + 1 == count)
		lapd_send_i(l, out, s, len, true);
	else
		lapd_push_i(l);
	return 0;
}

int lapd_dl_data_req_cl(struct lapd *l, const uint8_t *msg, size_t len,
			enum lapd_data_class cls)
{
	if (!msg || len == 0 || len > l->n201)
		return TEL_EINVAL;
	if (!lapd_link_open(l))
		return TEL_ELINK;
	if (l->qcount + 1u >= l->busy_at)
		lapd_own_busy_set(l);	/* this frame makes busy_hi */
	if (cls == LAPD_DATA_NORMAL && l->qcount >= l->qlim)
		return TEL_EBUSY;	/* the rest is the clearing messages' reserve */
	if (l->qcount == l->qcap) {
		int rc = lapd_q_grow(l);

		if (rc)
			return rc;
	}
	tel_copy_small(lapd_slot_info(l, l->qtail), msg, len);	/* a SETUP: tens of octets */
	return q_commit(l, len);
}

int lapd_dl_data_req(struct lapd *l, const uint8_t *msg, size_t len)
{
	return lapd_dl_data_req_cl(l, msg, len, LAPD_DATA_NORMAL);
}

/* Inline into the encoders' send path (LTO): it runs for every I frame. */
__attribute__((always_inline)) inline int lapd_dl_data_commit(struct lapd *l, size_t len)
{
	/* The common case first: one test per condition, none repeated in q_commit(). */
	if (l->state == LAPD_ST_MF_EST && l->qcount != l->qcap && len - 1 < l->n201)
		return q_commit(l, len);
	if (!lapd_link_open(l))
		return TEL_ELINK;
	if (l->qcount == l->qcap || (len == 0 && l->qcount >= l->qlim))
		/* no lapd_dl_data_buf(), or it returned NULL: the queue could not grow */
		return l->nomem && len == 0 ? TEL_ENOMEM : TEL_EBUSY;
	if (len == 0 || len > l->n201)
		return TEL_EINVAL;
	return q_commit(l, len);
}

/* --- receive --------------------------------------------------------------- */

/* DL-DATA-IND straight to the upper layer when nothing waits before it. */
static inline __attribute__((always_inline))
void deliver_data(struct lapd *l, const uint8_t *msg, size_t len, bool none_up)
{
	if ((!none_up && l->upcount) || l->delivering) {
		lapd_up(l, DL_DATA_IND, DL_R_NORMAL, msg, len);
		lapd_deliver(l);
		return;
	}
	l->delivering = true;
	l->dl_ind(l->upper, DL_DATA_IND, DL_R_NORMAL, msg, len);
	l->delivering = false;
	lapd_deliver(l);	/* what the upper layer's requests queued meanwhile */
}

/*
 * Receive fast path ("header prediction"): in state 7, peer not busy, no REJ
 * exception, no primitive waiting to go up, an in-sequence I command with
 * P=0 or an RR response with F=0, with our TEI/SAPI and a valid N(R). Does
 * what act_rx_i() / act_rx_s_mf() do for such a frame, without decoding into
 * a struct or the table. Returns false when the frame must take the general
 * path (nothing changed then). @traced: the caller has traced the frame
 * (else a link with a trace hook does not take the fast path).
 */
static inline __attribute__((always_inline))
bool rx_fast(struct lapd *l, const uint8_t *frame, size_t len, bool traced)
{
	uint32_t w;
	uint8_t nr;

	if (l->state != LAPD_ST_MF_EST || len < 4 || l->traced != traced || l->peer_busy ||
	    l->rej_exception || l->upcount)
		return false;
	/* One compare each for address, frame type and P/F (see rx_i_key). */
	w = lapd_hdr_word(frame);
	nr = (uint8_t)(w >> 25);
	if ((w & LAPD_RX_I_MASK) == l->rx_i_key) {
		/* I frame: a command from the peer has our responses' C/R bit. */
		bool all = nr == l->vs;	/* the common case: N(R) valid, all acknowledged */

		if (((w >> 17) & 0x7f) != l->vr || len > LAPD_I_HDR + LAPD_N201 ||
		    (!all && !lapd_nr_valid(l, nr)))
			return false;
		l->vr = seq_add(l->vr, 1);
		l->ack_pending = true;
		if (all) {
			if (nr != l->va)
				lapd_q_ack(l, nr);
			lapd_t200_stop(l);
			lapd_t203_restart(l);
		} else {
			lapd_ack_mf_ready(l, nr);
		}
		/*
		 * upcount was 0 on entry; only lapd_push_i() can change that
		 * (a transport that answers synchronously).
		 */
		if (lapd_unsent(l)) {
			lapd_push_i(l);	/* carries N(R), clears ack_pending */
			deliver_data(l, len > LAPD_I_HDR ? frame + LAPD_I_HDR : NULL,
				     len - LAPD_I_HDR, false);
		} else {
			deliver_data(l, len > LAPD_I_HDR ? frame + LAPD_I_HDR : NULL,
				     len - LAPD_I_HDR, true);
		}
		return true;
	}
	/* RR response (our commands' C/R bit), no information field. */
	if ((w & LAPD_RX_RR_MASK) != l->rx_rr_key || len != 4 || !lapd_nr_valid(l, nr))
		return false;
	lapd_ack_mf_ready(l, nr);
	if (lapd_unsent(l))
		lapd_push_i(l);
	return true;
}

/* A frame the fast path did not take at once: traced first, when so configured. */
static __attribute__((noinline)) int rx_other(struct lapd *l, const uint8_t *frame, size_t len)
{
	if (l->traced) {
		l->ops->trace(l->tracer, LAPD_DIR_RX, frame, len);
		if (rx_fast(l, frame, len, true)) {
			l->cnt.rx_fast++;
			return 1;
		}
	}
	return lapd_rx_slow(l, frame, len);
}

static inline __attribute__((always_inline))
int rx_frame(struct lapd *l, const uint8_t *frame, size_t len)
{
	if (rx_fast(l, frame, len, false)) {	/* not for a traced link: see rx_other() */
		l->cnt.rx_fast++;
		return 1;
	}
	return rx_other(l, frame, len);
}

int lapd_rx_frame(struct lapd *l, const uint8_t *frame, size_t len)
{
	return rx_frame(l, frame, len);
}

int lapd_rx_queue(struct lapd *l, struct frameq *q, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct frameq_slot *s = &q->slot[q->head];

		rx_frame(l, s->data, s->len);
		frameq_pop(q);
	}
	return (int)n;
}
