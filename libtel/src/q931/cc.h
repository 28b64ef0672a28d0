/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Q.931 call control for one D-channel (ITU-T Q.931 §5, ETSI EN 300 403, NI-2),
 * user side or network side, as tables: states x events -> action, next state.
 *
 * Layers: below is a Q.921 data link (struct lapd): the owner of both wires
 * lapd's dl_ind to q931_cc_dl_ind(), and q931 sends with lapd_dl_data_req().
 * Above is the session layer: it makes requests (q931_*_req) and receives CC
 * indications through cfg->ind. An indication is delivered at the end of the
 * call into call control that raised it (q931_cc_dl_ind(), a request, a timer),
 * after the state tables have done their part, in the order raised; its
 * pointers (UUI, numbers, name) point into the received message. The callback
 * may make requests: what they raise is delivered after the callback returns.
 * It must not feed call control a received message (q931_cc_dl_ind()).
 *
 * Calls live in a per-line pool and are found from their call reference through
 * an open-addressing table; B-channels through a bitmap. Nothing allocates after
 * q931_cc_new() but growth of the shared timer heap.
 */
#ifndef TEL_Q931_CC_H
#define TEL_Q931_CC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timer.h"
#include "lapd/datalink.h"
#include "q931/q931.h"

enum q931_side { Q931_SIDE_USER, Q931_SIDE_NETWORK };
enum q931_variant { Q931_V_EUROISDN, Q931_V_NI2 };

/* Timers of Q.931 Table 9-1/9-2 (values in a table in cc code, overridable per line). */
enum q931_timer_id {
	Q931_T301,	/* alerting received, no CONNECT: 180 s (optional; 0 = off) */
	Q931_T303,	/* SETUP sent, no answer: 4 s, SETUP resent once */
	Q931_T305,	/* DISCONNECT sent, no RELEASE/DISCONNECT: 30 s -> RELEASE, original cause */
	Q931_T306,	/* DISCONNECT with in-band tones (progress #8) sent: 30 s */
	Q931_T308,	/* RELEASE sent, no RELEASE COMPLETE: 4 s, resent once, then channel OOS */
	Q931_T309,	/* data link lost with active calls: 6 s (configurable up to 90 s) */
	Q931_T310,	/* CALL PROCEEDING received, nothing else: 30 s */
	Q931_T313,	/* CONNECT sent (user side), no CONNECT ACK: 4 s */
	Q931_T316,	/* RESTART sent, no RESTART ACK: 120 s */
	Q931_T322,	/* STATUS ENQUIRY sent, no STATUS: 4 s */
	Q931_TIMER_COUNT
};

/* Call states (Q.931 §2.1 / §2.2); user and network share the numbers. */
enum q931_call_state {
	Q931_S0_NULL = 0,
	Q931_S1_CALL_INIT = 1,
	Q931_S2_OVERLAP_SENDING = 2,
	Q931_S3_OUT_CALL_PROC = 3,
	Q931_S4_CALL_DELIVERED = 4,
	Q931_S6_CALL_PRESENT = 6,
	Q931_S7_CALL_RECEIVED = 7,
	Q931_S8_CONNECT_REQ = 8,
	Q931_S9_IN_CALL_PROC = 9,
	Q931_S10_ACTIVE = 10,
	Q931_S11_DISC_REQ = 11,
	Q931_S12_DISC_IND = 12,
	Q931_S19_REL_REQ = 19,
	Q931_S25_OVERLAP_RECV = 25,
};

/* Indications to the session layer. */
enum cc_prim {
	CC_LINK_IND,		/* data link up (link_up=1) or down (0); also "link back" */
	CC_SETUP_IND,		/* incoming call: new @call; numbers, channel, UUI */
	CC_PROCEEDING_IND,	/* CALL PROCEEDING received (outgoing call) */
	CC_ALERTING_IND,	/* ALERTING received */
	CC_PROGRESS_IND,	/* PROGRESS received */
	CC_SETUP_CONF,		/* CONNECT received: outgoing call is active */
	CC_SETUP_COMPLETE_IND,	/* CONNECT ACK received (or T313 path): incoming call is active */
	CC_DISCONNECT_IND,	/* far end started clearing: cause, UUI */
	CC_RELEASE_IND,		/* the call is gone (call ref free, channel free or OOS): final cause */
	CC_USER_INFO_IND,	/* USER INFORMATION received (UUI) */
	CC_RESTART_IND,		/* channels reset by RESTART (sent or received): @chan, 0 = all */
	CC_CHAN_OOS_IND,	/* B-channel @chan put out of service (second T308 expiry) */
	/* call control began clearing the call by itself (T301/T310/T313/T322 expiry,
	 * a channel it cannot take, an incompatible STATUS): @cause, origin not remote */
	CC_CLEARING_IND,
	CC_CHAN_STATE_IND,	/* B-channel @chan changed service state: @chan_state */
	CC_PRIM_COUNT
};

/* Where a clearing cause came from. */
enum cc_cause_origin {
	CC_CAUSE_REMOTE,	/* received from the far end */
	CC_CAUSE_LOCAL,		/* requested by our session layer */
	CC_CAUSE_TIMER,		/* generated locally by a timer expiry (see timer) */
	CC_CAUSE_PROTOCOL,	/* generated locally by a protocol error / link loss / restart */
};

struct cc_cause {
	uint8_t value;		/* Q.850 cause value; 0 = none */
	uint8_t location;
	uint8_t origin;		/* enum cc_cause_origin */
	uint8_t timer;		/* enum q931_timer_id when origin = CC_CAUSE_TIMER */
	uint8_t diag_len;
	uint8_t diag[8];
};

/* Why the data link is down (CC_LINK_IND with link_up 0). */
enum cc_link_reason {
	CC_LR_NONE,		/* up, or not tried yet */
	CC_LR_LOST,		/* no answer within T200 x N200 (or the link failed) */
	CC_LR_REFUSED,		/* the far end answered SABME with DM */
	CC_LR_RELEASED,		/* the far end released it (DISC) */
	CC_LR_CLOSED,		/* the transport is gone (q931_cc_transport_closed()): final */
	CC_LR_ALARM,		/* layer 1 alarm (q931_cc_alarm()) */
	CC_LR_SHUTDOWN,		/* q931_cc_shutdown() completed: final */
};

/* Service state of a B-channel (q931_cc_chan_state(), CC_CHAN_STATE_IND). */
enum cc_chan_state {
	CC_CH_IDLE,		/* in service, free */
	CC_CH_BUSY,		/* in service, a call holds it */
	CC_CH_MAINT,		/* out of service until a RESTART */
	CC_CH_RESTARTING,	/* RESTART sent, T316 running */
};

struct q931_call;
struct q931_cc;

/*
 * An indication. Every field is defined in every indication (zero/NULL when
 * the kind does not carry it), except the diag octets of a cause past its
 * diag_len. It points into call control's queue: valid only during the callback.
 */
struct cc_ind {
	enum cc_prim prim;
	int chan;		/* B-channel number as in channel identification; 0 = none */
	struct q931_call *call;	/* NULL for LINK/RESTART/CHAN_OOS */
	void *call_user;	/* what the session attached with q931_call_set_user() */
	/*
	 * From here to the end of @peer_cause's diag_len: zero unless the kind
	 * sets it, cleared as one block (cc_ind_new()); @progress comes last so
	 * the block is unbroken.
	 */
	const uint8_t *uui;	/* valid only during the callback */
	const uint8_t *called, *calling;	/* SETUP_IND: valid only during the callback */
	/* SETUP_IND: the Display's text, the calling name (type octet excluded; cc_variant.c) */
	const uint8_t *name;	/* valid only during the callback */
	uint16_t uui_len;
	uint8_t uui_pd;
	bool has_uui;
	bool link_up;		/* LINK_IND */
	uint8_t link_reason;	/* LINK_IND: enum cc_link_reason (CC_LR_NONE when up) */
	uint8_t chan_state;	/* CHAN_STATE_IND: enum cc_chan_state */
	uint8_t called_len, calling_len;
	uint8_t name_len;
	uint8_t name_type;	/* the Display's type octet (NI-2: 0xB1), 0 when none */
	struct cc_cause cause;	/* DISCONNECT_IND, RELEASE_IND (the cause the call ended with) */
	/* The far end's cause carried by the message behind this indication (DISCONNECT,
	 * RELEASE, RELEASE COMPLETE); value 0 when none. In a clear collision it differs
	 * from @cause, which stays the first clearing cause. */
	struct cc_cause peer_cause;
	/* The last progress description of the message behind the indication (SETUP,
	 * CALL PROCEEDING, ALERTING, PROGRESS, CONNECT, DISCONNECT), -1 when none. */
	int progress;
};

typedef void (*cc_ind_cb)(void *upper, const struct cc_ind *ind);

struct q931_cc_cfg {
	enum q931_side side;
	enum q931_variant variant;
	unsigned bchans;		/* 30 (E1: timeslots 1-15, 17-31) or 23 (T1: 1-23) */
	uint16_t uui_max;		/* 0: 128 */
	uint32_t timer_ms[Q931_TIMER_COUNT];	/* 0: default */
	unsigned max_calls;		/* call pool size; 0: 2 x bchans + 8 */
	struct lapd *link;		/* the data link below */
	struct tel_timers *timers;	/* the context's timer heap and clock */
	cc_ind_cb ind;
	void *upper;
	bool disc_inband;		/* network side: DISCONNECT carries progress #8, T306 runs */
	bool manual_restart;		/* channels out of service wait for q931_restart_req() */
};

/* Things that went wrong without a caller to tell; for tests and diagnostics. */
struct q931_cc_counters {
	uint32_t rx_ignored;	/* undecodable, wrong call reference form, not valid in the state */
	uint32_t tx_errors;	/* a message we had to send could not be encoded or queued */
	uint32_t ind_dropped;	/* indication lost: queue full (never a RELEASE_IND) */
};

struct cc_setup_req {
	const uint8_t *called, *calling;	/* digits as bytes */
	uint8_t called_len, calling_len;
	int chan;		/* 0: any (network picks / user leaves it to the network) */
	bool exclusive;
	const uint8_t *uui;
	uint16_t uui_len;
	uint8_t uui_pd;
	/* Calling name for a Display IE (cc_variant.c: who may send it, how it is coded):
	 * 1..CC_NAME_MAX IA5 octets (0x01..0x7f); NULL and 0: none. */
	const uint8_t *name;
	uint8_t name_len;
};

/* The longest calling name a SETUP carries: Q.931's Display is at most 82 octets
 * (80 of contents, as libpri also caps it), one of them NI-2's display type. */
#define CC_NAME_MAX	79

/*
 * The most user-user data octets each kind of request can carry on a line:
 * its uui_max, or less where the message would not fit N201 (260 octets)
 * with the longest other contents the request may add (SETUP: numbers of
 * CC_DIGITS_MAX digits, a channel, and a calling name of CC_NAME_MAX where the
 * line sends names). Requests with more are TEL_EUUITOOBIG, nothing sent.
 */
enum cc_uui_kind {
	CC_UUI_SETUP,		/* q931_setup_req() */
	CC_UUI_ANSWER,		/* q931_alerting_req(), q931_connect_req() */
	CC_UUI_CLEAR,		/* q931_disconnect_req(): DISCONNECT, RELEASE or RELEASE COMPLETE */
	CC_UUI_INFO,		/* q931_user_info_req() */
	CC_UUI_KINDS
};
#define CC_DIGITS_MAX	31	/* the longest number the SETUP limit allows for */
uint16_t q931_cc_uui_max(const struct q931_cc *cc, enum cc_uui_kind k);

int q931_cc_new(const struct q931_cc_cfg *cfg, struct q931_cc **out);
void q931_cc_free(struct q931_cc *cc);	/* calls are dropped without signalling */

/*
 * The data link's life. q931_cc_start(): establish it (the line is open). Call
 * control keeps it up from then on: whenever it is released other than by
 * q931_cc_shutdown(), establishment is tried again after 1 s, 2 s, 4 s ... at
 * most CC_EST_BACKOFF_MAX ms apart, until it is back (Q.921 point-to-point,
 * as PRI switches do). q931_cc_shutdown(): no new calls; once every I frame is
 * acknowledged (q931_cc_poll()) the link is released, and a LINK_IND down
 * with CC_LR_SHUTDOWN ends it. q931_cc_transport_closed(): the transport
 * below is gone for good (LINK_IND down, CC_LR_CLOSED). q931_cc_alarm():
 * layer 1 alarm set (the link is down at once) or cleared (establish again).
 */
#define CC_EST_BACKOFF_MIN	1000
#define CC_EST_BACKOFF_MAX	30000
void q931_cc_start(struct q931_cc *cc);
void q931_cc_shutdown(struct q931_cc *cc);
void q931_cc_transport_closed(struct q931_cc *cc);
void q931_cc_alarm(struct q931_cc *cc, bool on);
/*
 * The shutdown's drain: releases the link once nothing is left to acknowledge.
 * The owner calls it every round while a shutdown is waiting for that (it
 * returns 1 while it still waits, 0 once the release is under way or over).
 */
int q931_cc_poll(struct q931_cc *cc);
/* Service state of B-channel @chan; -1 when the line has no such channel. */
int q931_cc_chan_state(const struct q931_cc *cc, int chan);

/*
 * Indications go up through cfg.ind in the order they were raised. The
 * receive path (q931_cc_dl_ind()) and timer expiries deliver what they raise
 * before they return. A request (q931_*_req(), q931_cc_start(), _shutdown(),
 * _alarm(), _transport_closed()) never calls cfg.ind: what it raises waits
 * until the owner's run loop calls q931_cc_deliver() (or the next frame or
 * timer delivers it). q931_cc_deliver() returns how many it delivered;
 * q931_cc_pending() whether any wait.
 */
int q931_cc_deliver(struct q931_cc *cc);
bool q931_cc_pending(const struct q931_cc *cc);

/* From the data link: wire lapd's ops->dl_ind here. */
void q931_cc_dl_ind(struct q931_cc *cc, enum dl_prim prim, enum dl_reason reason,
		    const uint8_t *msg, size_t len);
/*
 * A struct q931_call handle stays valid until the callback of its CC_RELEASE_IND
 * returns; then it goes back to the pool. Requests on a call whose RELEASE_IND is
 * raised but not yet delivered return TEL_ESTATE.
 */
const struct q931_cc_counters *q931_cc_counters(const struct q931_cc *cc);

/* Requests. 0 or TEL_EINVAL, TEL_ESTATE, TEL_EUUITOOBIG, TEL_ELINK, TEL_ENOCHAN, TEL_EBUSY,
 * TEL_ENOMEM; q931_setup_req() also TEL_ENOTSUP (a calling name the line's variant and
 * side may not send: EuroISDN user side), TEL_EINVAL for a name too long or not IA5 and
 * TEL_ECALLS (every call of the pool in use). A non-NULL UUI of length 0 is a user-user
 * IE with its protocol discriminator alone; NULL and 0 is none. */
int q931_setup_req(struct q931_cc *cc, const struct cc_setup_req *r, void *call_user,
		   struct q931_call **out);
int q931_proceeding_req(struct q931_call *c);
int q931_alerting_req(struct q931_call *c, const uint8_t *uui, uint16_t uui_len, uint8_t pd);
int q931_connect_req(struct q931_call *c, const uint8_t *uui, uint16_t uui_len, uint8_t pd);
/* Clears the call in any state: DISCONNECT when active/alerting...; on an offered
 * (not yet answered) incoming call it rejects with RELEASE COMPLETE. */
int q931_disconnect_req(struct q931_call *c, uint8_t cause, const uint8_t *uui, uint16_t uui_len,
			uint8_t pd);
int q931_user_info_req(struct q931_call *c, const uint8_t *uui, uint16_t uui_len, uint8_t pd);
/* RESTART of one B-channel (@chan) or of the interface (@chan = 0). */
int q931_restart_req(struct q931_cc *cc, int chan);
int q931_status_enquiry_req(struct q931_call *c);

void q931_call_set_user(struct q931_call *c, void *user);
enum q931_call_state q931_call_state(const struct q931_call *c);
int q931_call_chan(const struct q931_call *c);
/* The call is gone in call control (its RELEASE_IND raised, perhaps not yet
 * delivered: a request that rejected it), and the cause it ended with. */
bool q931_call_released(const struct q931_call *c);
void q931_call_cause(const struct q931_call *c, struct cc_cause *out);
uint16_t q931_call_cref(const struct q931_call *c);
bool q931_cc_link_up(const struct q931_cc *cc);
/* The value in force of timer @t, ms (0: off). */
uint32_t q931_cc_timer(const struct q931_cc *cc, enum q931_timer_id t);

const char *q931_state_name(enum q931_call_state s);
const char *q931_timer_name(enum q931_timer_id t);
/* The table of the timers (name, default, unit, settable range), @n rows. */
const struct tel_tdef *q931_tdef_table(size_t *n);
const char *cc_prim_name(enum cc_prim p);
const char *cc_cause_origin_name(enum cc_cause_origin o);

/*
 * q931_cc_fsm_lookup() - the row of @side's table for (@state, event named @event,
 * e.g. "RX_DISCONNECT", "T305", "DISCONNECT_REQ"): its action's name and next state
 * (-1: the action decides). Returns false when there is no row. For tests and traces.
 */
bool q931_cc_fsm_lookup(enum q931_side side, enum q931_call_state state, const char *event,
			const char **action, int *next);

#endif /* TEL_Q931_CC_H */
