/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Q.921 data link procedures for a point-to-point link (PRI): one data link
 * connection, SAPI 0, TEI 0 by default, either the network or the user side.
 *
 * The state machine is a table (datalink_fsm.c) of {state, event, action, next}.
 * Primitives up go through ops->dl_ind; a request from above never calls
 * ops->dl_ind synchronously: what it produces for the upper layer is queued and
 * delivered from lapd_poll() or the next lapd_rx_frame()/timer expiry.
 * The receive path and timer expiries deliver directly.
 *
 * Memory: lapd_new() allocates the link and its send queue (16 slots of 4 + N201 octets), which
 * doubles when full up to QLEN slots; nothing else allocates, except the shared timer heap growing on first arming.
 *
 * Flow control (lapd_set_flow()): the send queue keeps a reserve of slots
 * that only requests of class LAPD_DATA_CLEARING may use (the messages that
 * end calls must never be refused for lack of room), and while the queue is
 * congested (at or above its high-water mark) the link is in the own
 * receiver busy condition of Q.921 (5.6.2 b): it says RNR instead of RR, and the
 * I frames the peer sends meanwhile are discarded (their N(R) still
 * acknowledges; the peer sends them again later), so a far end cannot make
 * us queue answers faster than it takes them. Below the low-water mark RR
 * tells the peer to go on.
 */
#ifndef TEL_LAPD_DATALINK_H
#define TEL_LAPD_DATALINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timer.h"
#include "io/frameq.h"
#include "lapd/frame.h"

/* Link states, numbered as in Q.921 (TEI-assigned = 4 ... timer recovery = 8). */
enum lapd_state {
	LAPD_ST_TEI_ASSIGNED = 4,	/* link released */
	LAPD_ST_AWAIT_EST = 5,
	LAPD_ST_AWAIT_REL = 6,
	LAPD_ST_MF_EST = 7,		/* multiple frame established */
	LAPD_ST_TIMER_RECOVERY = 8,
};
#define LAPD_ST_FIRST	LAPD_ST_TEI_ASSIGNED
#define LAPD_ST_LAST	LAPD_ST_TIMER_RECOVERY

/* Events of the state machine. */
enum lapd_event {
	LAPD_EV_DL_EST_REQ,
	LAPD_EV_DL_REL_REQ,
	LAPD_EV_DL_DATA_REQ,	/* an I frame was queued */
	LAPD_EV_RX_SABME,
	LAPD_EV_RX_UA,
	LAPD_EV_RX_DM,
	LAPD_EV_RX_DISC,
	LAPD_EV_RX_FRMR,
	LAPD_EV_RX_I,
	LAPD_EV_RX_RR,
	LAPD_EV_RX_RNR,
	LAPD_EV_RX_REJ,
	LAPD_EV_RX_BAD,		/* frame rejection condition (undefined control, bad length) */
	LAPD_EV_T200,
	LAPD_EV_T203,
	LAPD_EV_PH_DEACT,	/* the physical layer is gone (transport closed, alarm) */
	LAPD_EV_COUNT
};

/* Timers and parameters of Q.921 (table in datalink.c), indices of lapd_params.v[]. */
enum lapd_param {
	LAPD_T200,	/* ms */
	LAPD_T203,	/* ms */
	LAPD_N200,	/* retransmissions */
	LAPD_K,		/* window, outstanding I frames (1..127) */
	LAPD_N201P,	/* maximum information field, octets (1..LAPD_N201) */
	LAPD_QLEN,	/* send queue slots at most (>= k, <= 1024); it starts at 16 and doubles */
	LAPD_PARAM_COUNT
};

struct lapd_params {
	uint32_t v[LAPD_PARAM_COUNT];
};

/* Primitives to the upper layer. */
enum dl_prim {
	DL_ESTABLISH_IND,
	DL_ESTABLISH_CONF,
	DL_RELEASE_IND,
	DL_RELEASE_CONF,
	DL_DATA_IND,
	DL_UNIT_DATA_IND,
	DL_PRIM_COUNT
};

/* Why an establish/release primitive happened; lets the upper layer tell loss from release. */
enum dl_reason {
	DL_R_NORMAL,	/* requested, or the peer established/released normally (SABME, DISC) */
	DL_R_REFUSED,	/* the peer answered our SABME with DM */
	DL_R_LOST,	/* link failure: N200 exhausted or re-establishment failed (release ind) */
	DL_R_RESET,	/* established link was reset (peer SABME or error recovery); data may be lost */
	DL_R_BACK,	/* established again after a DL_R_LOST release */
	DL_REASON_COUNT
};

enum lapd_dir { LAPD_DIR_RX, LAPD_DIR_TX };

/*
 * A frame handed to lapd_ops.tx is readable for at least this many octets,
 * also when it is shorter: the transport's queue copies a short frame in
 * one move (frameq_push_tx(); in-memory lines: most frames are 4 to 16 octets).
 */
#define LAPD_TX_READ	FRAMEQ_TX_READ
_Static_assert(LAPD_MAX_FRAME <= FRAMEQ_FRAME_MAX, "a transport queue slot holds a LAPD frame");

struct lapd_ops {
	/* Send one frame (address, control, info; no flags/FCS). Required.
	 * @frame is readable for max(@len, LAPD_TX_READ) octets. */
	int (*tx)(void *io, const uint8_t *frame, size_t len);
	/*
	 * Primitive to the upper layer. Required. For DL_DATA_IND and DL_UNIT_DATA_IND
	 * @msg points into the received frame and is valid only during the call.
	 */
	void (*dl_ind)(void *upper, enum dl_prim prim, enum dl_reason reason,
		       const uint8_t *msg, size_t len);
	/* Optional: frames for SAPI 63 (layer 2 management); ignored when NULL. */
	void (*mgmt)(void *upper, const struct lapd_frame *f);
	/* Optional: every frame sent and received, as bytes, before any other handling. */
	void (*trace)(void *tracer, enum lapd_dir dir, const uint8_t *frame, size_t len);
};

struct lapd_cfg {
	bool network;			/* we are the network side (C/R bits) */
	uint8_t tei;			/* 0 for PRI */
	uint8_t sapi;			/* 0 */
	const struct lapd_params *params;	/* NULL: defaults */
	const struct lapd_ops *ops;
	void *io;			/* for ops->tx */
	void *upper;			/* for ops->dl_ind, ops->mgmt */
	void *tracer;			/* for ops->trace */
	struct tel_timers *timers;	/* the context's timer heap, also its clock */
};

struct lapd_counters {
	/* frames received: rx_fast + rx_slow (no count of its own: one add less per frame) */
	uint32_t rx_slow;	/* taken by the general receive path */
	uint32_t tx_frames;
	uint32_t rx_ignored;	/* wrong TEI/SAPI, undecodable, not valid in the state */
	uint32_t rx_fast;	/* handled by the receive fast path (lapd_rx_frame()) */
	uint32_t retransmits;	/* I frames sent again */
	uint32_t errors;	/* MDL-ERROR conditions */
	uint32_t up_dropped;	/* queued primitives lost because the up queue was full */
	uint32_t busy_set;	/* times the own receiver busy condition was entered */
	uint32_t busy_discarded;	/* I frames discarded while own receiver busy */
};

/* Classes of DL-DATA requests: which part of the send queue they may use. */
enum lapd_data_class {
	LAPD_DATA_NORMAL,	/* up to QLEN less the clearing reserve */
	LAPD_DATA_CLEARING,	/* the whole queue: DISCONNECT, RELEASE, RELEASE COMPLETE */
};

/* A data link connection: private to lapd/ (datalink_int.h); lapd_new() makes one. */
struct lapd;

/* The parameter table: defaults T200 1000 ms, T203 10000 ms, N200 3, k 7, N201 260. */
void lapd_params_default(struct lapd_params *p);
const char *lapd_param_name(enum lapd_param id);
/* The table of the parameters (name, default, unit, settable range), @n rows. */
const struct tel_tdef *lapd_tdef_table(size_t *n);
/* The value in force of @id for @l (T200, T203, N200, k, N201; queue: its maximum). */
uint32_t lapd_param(const struct lapd *l, enum lapd_param id);

/*
 * lapd_new() - a data link in state 4 (TEI assigned, link released), in *@out.
 * Returns 0, TEL_EINVAL (missing ops/timers, parameter out of range) or TEL_ENOMEM.
 */
int lapd_new(const struct lapd_cfg *cfg, struct lapd **out);
/* Stops the timers and frees @l (NULL or lapd_none(): nothing). No primitive is delivered. */
void lapd_free(struct lapd *l);
/*
 * The link of a line that has none (an analog port): read-only, never has
 * work or an acknowledgement owed, so the owner's walks need no NULL test.
 * Only lapd_has_work(), lapd_ack_owed() and lapd_free() may be given it.
 */
struct lapd *lapd_none(void);

/*
 * lapd_set_flow() - keep @reserve slots of the send queue for requests of
 * class LAPD_DATA_CLEARING (at most half of QLEN), and enter own receiver busy
 * when the queue holds 3/4 of what normal requests may fill, leaving it at
 * 1/2. Until called, the whole queue is for every request and the link is
 * never busy.
 */
void lapd_set_flow(struct lapd *l, unsigned int reserve);

/* Requests from the upper layer. 0 or a negative TEL_E*. */
int lapd_dl_establish_req(struct lapd *l);
int lapd_dl_release_req(struct lapd *l);
/*
 * lapd_ph_deactivate() - the physical layer below is gone (the transport
 * closed, a layer 1 alarm): an established or establishing link is released
 * at once (queue discarded, DL-RELEASE-IND with DL_R_LOST; DL-RELEASE-CONF
 * when it was being released), as Q.921's PH-DEACTIVATE-IND asks. Queued
 * for delivery (lapd_poll()), like every request's primitive.
 */
int lapd_ph_deactivate(struct lapd *l);
/* lapd_refuse_establish() - @on: a released link answers the peer's SABME with DM. */
void lapd_refuse_establish(struct lapd *l, bool on);
/*
 * Copies @len octets (1..N201) into the send queue. TEL_EBUSY when the queue is
 * full (for this class: LAPD_DATA_NORMAL stops short of the clearing reserve),
 * TEL_ELINK when the link is released or being released, TEL_EINVAL for a bad length.
 */
int lapd_dl_data_req(struct lapd *l, const uint8_t *msg, size_t len);
/* lapd_dl_data_req() of a class: LAPD_DATA_CLEARING may use the reserve. */
int lapd_dl_data_req_cl(struct lapd *l, const uint8_t *msg, size_t len,
			enum lapd_data_class cls);
/*
 * Encoding in place, without the copy of lapd_dl_data_req():
 *
 *	uint8_t *p = lapd_dl_data_buf(l);	// room for N201 octets
 *	if (!p)
 *		return lapd_dl_data_commit(l, 0);	// the reason: TEL_ELINK, TEL_EBUSY
 *	n = encode(p, lapd_n201(l));
 *	return lapd_dl_data_commit(l, n);
 *
 * lapd_dl_data_buf() returns the information field of the next free send
 * queue slot (lapd_n201() octets), growing the queue when full; NULL when the link
 * is released or being released, or the queue is full and cannot grow.
 * lapd_dl_data_commit() queues (and sends when the window allows) the @len
 * octets written there; it returns what lapd_dl_data_req() would, except
 * TEL_EBUSY for "no slot" (TEL_ENOMEM when the queue failed to grow). Nothing else
 * may be done with @l between the two calls; a buffer not committed is just
 * reused by the next request.
 */
int lapd_dl_data_commit(struct lapd *l, size_t len);
uint8_t *lapd_dl_data_buf(struct lapd *l);
/* lapd_dl_data_buf() of a class: LAPD_DATA_CLEARING may use the reserve. */
uint8_t *lapd_dl_data_buf_cl(struct lapd *l, enum lapd_data_class cls);
/* Sends a UI frame at once, in any state. */
int lapd_dl_unit_data_req(struct lapd *l, const uint8_t *msg, size_t len);

/*
 * lapd_rx_frame() - a frame from the transport (address, control, info; no FCS).
 * Returns 1 when the frame was for this link and handled, 0 when ignored.
 * In-sequence I frames and RR responses in state 7 take a fast path (datalink_fast.c) that skips
 * the generic decode and the state table (same behaviour). An I frame may leave
 * its acknowledgement pending: see lapd_flush_ack().
 */
int lapd_rx_frame(struct lapd *l, const uint8_t *frame, size_t len);

/*
 * lapd_rx_queue() - lapd_rx_frame() for each of the first @n (<= q->count)
 * frames of @q, taking them off as it goes; for an in-memory transport's
 * receive queue, without a call per frame. Returns @n. Nothing else may
 * touch @q meanwhile (a frame is read in place).
 */
int lapd_rx_queue(struct lapd *l, struct frameq *q, uint32_t n);

/*
 * lapd_flush_ack() - send the acknowledgement (RR response, F=0) of the I frames
 * received and not yet acknowledged. Returns 1 when it sent an RR, 0 otherwise.
 *
 * Delayed acknowledgement: in state 7 an I frame with P=0 is not answered with
 * RR at once; an acknowledgement is owed (lapd_ack_owed()), and the next I frame we send carries N(R)
 * and clears it (e.g. SETUP received, the application answers, CONNECT
 * acknowledges it). Polls (P=1), REJ and I frames in timer recovery are still
 * answered at once.
 *
 * The owner MUST call this at the end of every processing round (after the
 * received frames, the upper layers and the application's events of the
 * round), for every link that owes an acknowledgement:
 *
 *	if (lapd_ack_owed(l))
 *		lapd_flush_ack(l);
 *
 * Otherwise the peer only hears the acknowledgement when T200/T203 fire here
 * (they flush too, as a safety net) and its own T200 may expire first.
 */
int lapd_flush_ack(struct lapd *l);

/* Delivers queued primitives; returns how many were delivered. */
int lapd_poll(struct lapd *l);

/* What the upper layers may know of a link. */
enum lapd_state lapd_state(const struct lapd *l);
/* Number of I frames queued and not yet acknowledged (sent or not). */
unsigned int lapd_queued(const struct lapd *l);
/* Primitives wait to go up: lapd_poll() has work. */
bool lapd_has_work(const struct lapd *l);
/* An I frame received is not acknowledged yet: lapd_flush_ack() has work. */
bool lapd_ack_owed(const struct lapd *l);
/* The largest information field the link sends (N201, octets). */
size_t lapd_n201(const struct lapd *l);
const struct lapd_counters *lapd_counters(const struct lapd *l);

const char *lapd_state_name(enum lapd_state s);
const char *lapd_event_name(enum lapd_event e);
const char *dl_prim_name(enum dl_prim p);
const char *dl_reason_name(enum dl_reason r);

/*
 * lapd_fsm_lookup() - the table row for (@s, @e): its action's name and next state.
 * Returns false when the event is ignored in that state. For tests and traces.
 */
bool lapd_fsm_lookup(enum lapd_state s, enum lapd_event e, const char **action,
		     enum lapd_state *next);
/* The state machine's description (core/fsm.h), for tests and traces. */
struct fsm_def;
const struct fsm_def *lapd_fsm_def(void);

#endif /* TEL_LAPD_DATALINK_H */
