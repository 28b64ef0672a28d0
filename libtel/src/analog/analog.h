/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Analog ports: hook, ring and disconnect supervision as a table-driven state
 * machine (states x events -> action, next state), one table per port kind.
 *
 *   FXO port (a CO line; we are the phone): ringing -> OFFERING; answer goes
 *   off hook; drop goes on hook; reject stays on hook and ignores the rest of
 *   the ringing cycle; loop-current loss (ONHOOK) is the far end hanging up.
 *
 *   FXS port (drives a phone): make rings the phone; the phone going off hook
 *   answers; on hook is the phone hanging up; the phone lifted while idle is
 *   an incoming call.
 *
 * Below is the channel (ops->hook, ops->dial); above the session layer, which
 * gets call indications through ops->ind. Requests never call ops->ind: what
 * they cause is queued and delivered from analog_poll(), as Q.931 does.
 * The port carries at most one call; ops->new_call() makes the session's
 * handle for an incoming one.
 */
#ifndef TEL_ANALOG_H
#define TEL_ANALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "core/fsm.h"
#include "core/timer.h"

enum analog_kind { ANALOG_FXO, ANALOG_FXS };

enum analog_state {
	AN_IDLE,
	AN_OFFERING,	/* FXO: ringing in; FXS: the phone went off hook by itself */
	AN_DIALING,	/* FXO: off hook, digits being sent */
	AN_RINGING,	/* FXS: ringing the phone */
	AN_CONNECTED,
	AN_DISCONNECTED,	/* the far end hung up; waiting for the session's drop */
	AN_IGNORING,	/* FXO: rejected; the rest of the ringing cycle is ignored */
	AN_LOCKOUT,	/* FXS: we ended the call, the phone is still off hook */
	AN_STATE_COUNT
};

enum analog_event {
	AN_EV_RING,		/* FXO: ringing detected (RINGOFFHOOK / RINGBEGIN) */
	AN_EV_RING_TIMEOUT,	/* FXO: no ring for the ring timeout */
	AN_EV_OFFHOOK,		/* FXS: the phone went off hook (RINGOFFHOOK) */
	AN_EV_ONHOOK,		/* FXS: phone on hook; FXO: loop current lost (far end hung up) */
	AN_EV_ALARM,		/* the port lost battery / the channel is in alarm */
	AN_EV_DIALCOMPLETE,	/* FXO: the digits are out */
	AN_EV_MAKE_REQ,
	AN_EV_ANSWER_REQ,
	AN_EV_DROP_REQ,
	AN_EVENT_COUNT
};

enum analog_hook { ANALOG_HOOK_ON, ANALOG_HOOK_OFF, ANALOG_HOOK_RING, ANALOG_HOOK_RINGOFF };

/* Call indications, the same steps a Q.931 call goes through. */
enum analog_ind {
	ANALOG_IND_OFFERING,	/* a new incoming call (its handle came from new_call) */
	ANALOG_IND_ALERTING,	/* the phone rings (FXS make) */
	ANALOG_IND_CONNECTED,
	ANALOG_IND_DISCONNECTED,	/* far end hung up: cause */
	ANALOG_IND_IDLE,	/* the call is over: cause */
};

struct analog_ops {
	int (*hook)(void *io, enum analog_hook h);		/* 0 or TEL_E* */
	int (*dial)(void *io, const char *digits);		/* 0 or TEL_E* */
	void *(*new_call)(void *upper);				/* NULL: no memory */
	void (*ind)(void *upper, void *call, enum analog_ind ind, int cause, int location,
		    bool remote);
};

/* Q.850 location "user" (0) and "private network serving the local user" (1). */
#define ANALOG_LOC_USER		0
#define ANALOG_LOC_PRIV_LOCAL	1

#define ANALOG_RING_TIMEOUT_MS	8000	/* longest silence in a ringing cadence + margin */
#define ANALOG_UPQ_LEN		8

struct analog_up {
	void *call;
	uint8_t ind, cause, location;
	bool remote;
};

struct analog_port {
	enum analog_kind kind;
	uint8_t state;			/* enum analog_state; moved only by analog_event() */
	bool phone_offhook;		/* FXS: last hook state the phone reported */
	void *call;			/* the session's handle of the call on the port */
	const struct analog_ops *ops;
	void *io, *upper;
	struct tel_timers *timers;
	struct tel_timer ring_timer;
	uint32_t ring_timeout_ms;
	const char *last_action;	/* name of the last action run, for traces and tests */
	uint32_t ignored;		/* events not valid in their state */
	uint8_t uphead, upcount;
	struct analog_up up[ANALOG_UPQ_LEN];
};

/* Request arguments: the drop cause, the digits to dial. */
struct analog_req {
	int cause;
	const char *digits;
	void *call;		/* MAKE: the session's handle for the new call */
};

void analog_init(struct analog_port *p, enum analog_kind kind, const struct analog_ops *ops,
		 void *io, void *upper, struct tel_timers *timers);
void analog_fini(struct analog_port *p);

/*
 * analog_event() - run (@p's state, @ev) through the table. @req for requests.
 * Returns 0, TEL_ESTATE (no row: the event is not valid in the state; for
 * channel events it is only counted), or the action's error (then the state
 * is unchanged).
 */
int analog_event(struct analog_port *p, enum analog_event ev, const struct analog_req *req);

/* Deliver queued indications to ops->ind; returns how many. */
int analog_poll(struct analog_port *p);
/* Whether analog_poll() has anything to deliver. */
bool analog_has_work(const struct analog_port *p);

const char *analog_state_name(enum analog_state s);
const char *analog_event_name(enum analog_event e);
/* The port's state (enum analog_state). */
enum analog_state analog_state(const struct analog_port *p);
/* The state machine of @kind (core/fsm.h), for tests and traces. */
const struct fsm_def *analog_fsm_def(enum analog_kind kind);
/* The row for (@kind, @s, @e): action name and next state; false when none. */
bool analog_fsm_lookup(enum analog_kind kind, enum analog_state s, enum analog_event e,
		       const char **action, enum analog_state *next);

#endif /* TEL_ANALOG_H */
