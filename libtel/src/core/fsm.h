/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The state machine core of every layer (Q.921 data link, Q.931 calls, analog
 * ports, the session's calls), after Osmocom's osmo_fsm.
 *
 * A machine is described once, as data (struct fsm_def):
 *  - its states: a name, the states it may go to, the timers that may run in it;
 *  - its events: a name each;
 *  - its rows, [state][event] -> { action, next state, other states the action
 *    may choose }: an event without a row is not valid in that state.
 * Names are filled with designated initializers indexed by the enums, so
 * reordering an enum cannot pair a state with another's name; fsm_def_check()
 * finds a state or event without a name, a row leading where its state may
 * not go, and a timer whose state does not declare it.
 *
 * fsm_dispatch() is the one way a machine changes state: it runs the row's
 * action and moves to the state the action chose, refusing (and reporting,
 * fsm_refused()) a move the row does not declare. Actions return FSM_NEXT
 * (0: the row's next state), FSM_STAY (the state it is in: the row must
 * declare it), FSM_TO(state), or a negative TEL_E* (a request refused: the
 * machine stays where it was and nothing happened).
 */
#ifndef TEL_CORE_FSM_H
#define TEL_CORE_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSM_MAX_STATES	32	/* state numbers 0..31: sets of states are uint32_t */

/* What an action returns: take the row's next state, stay, or go to @s. */
#define FSM_NEXT	0
#define FSM_STAY	0x1000
#define FSM_TO(s)	(0x2000 | (int)(s))
#define FSM_BIT(s)	(1u << (s))

typedef int (*fsm_act)(void *obj, const void *arg);

struct fsm_row {
	fsm_act act;		/* NULL: the event is not valid in the state */
	const char *name;	/* the action's name, for traces and tests */
	uint32_t alt;		/* states other than @next that the action may choose */
	uint8_t next;		/* where FSM_NEXT leads */
};

struct fsm_state {
	const char *name;	/* NULL: not a state of this machine */
	uint32_t out;		/* the states it may go to (itself included when it may stay) */
	uint32_t timers;	/* bit n: the machine's timer n may run in this state */
};

struct fsm_def {
	const char *name;			/* "Q.921", "Q.931 user side", ... */
	bool soft;				/* a refused move is never fatal (tests of the core) */
	const struct fsm_state *states;		/* [nstates] */
	const char *const *events;		/* [nevents] */
	const char *const *timers;		/* [ntimers] names; NULL when ntimers is 0 */
	const struct fsm_row *rows;		/* [nstates][nevents] */
	uint8_t nstates, nevents, ntimers;
};

/* A move outside the table: fatal (abort) where TEL_FSM_STRICT is defined, as
 * the test builds do, since it is a defect of the table or of an action;
 * otherwise the move is not made. Returns TEL_ESTATE. */
int fsm_refused(const struct fsm_def *d, unsigned int st, unsigned int ev, int rc);

static inline const struct fsm_row *fsm_row(const struct fsm_def *d, unsigned int st,
					    unsigned int ev)
{
	return &d->rows[st * d->nevents + ev];
}

/*
 * Runs the row of (*@state, @ev) with @obj and @arg and moves *@state.
 * Returns the action's result when it is negative (nothing moved), 0 once
 * moved, TEL_ESTATE when there is no row (nothing ran), or TEL_ESTATE after
 * fsm_refused() when the action chose a state its row does not declare (the
 * machine stays: the action's other effects have happened).
 */
static inline int fsm_dispatch_row(const struct fsm_def *d, const struct fsm_row *r,
				   uint8_t *state, unsigned int ev, void *obj, const void *arg);

static inline int fsm_dispatch(const struct fsm_def *d, uint8_t *state, unsigned int ev,
			       void *obj, const void *arg)
{
	return fsm_dispatch_row(d, fsm_row(d, *state, ev), state, ev, obj, arg);
}

/*
 * fsm_dispatch() with the row of (*@state, @ev) found by the caller, for a
 * machine whose table shape the caller knows when it is compiled (the row is
 * then an index with a constant stride, not a load of d->nevents).
 */
static inline int fsm_dispatch_row(const struct fsm_def *d, const struct fsm_row *r,
				   uint8_t *state, unsigned int ev, void *obj, const void *arg)
{
	int rc, to;

	if (!r->act)
		return -3;	/* TEL_ESTATE; core/ does not include the public header */
	rc = r->act(obj, arg);
	if (rc == FSM_NEXT) {
		*state = r->next;
		return 0;
	}
	if (rc < 0)
		return rc;
	to = rc == FSM_STAY ? *state : rc & 0xff;
	if (__builtin_expect((rc != FSM_STAY && (rc & ~0xff) != 0x2000) || to >= d->nstates ||
			     !((FSM_BIT(r->next) | r->alt) & FSM_BIT(to)), 0))
		return fsm_refused(d, *state, ev, rc);
	*state = (uint8_t)to;
	return 0;
}

/*
 * Timers @running (bit n: timer n) are still running after event @ev left
 * the machine in state @st: each must be one @st declares. One that is not is
 * a defect of the table or of an action, fatal where TEL_FSM_STRICT is
 * defined (the test builds call this; others need not).
 */
void fsm_check_timers(const struct fsm_def *d, unsigned int st, unsigned int ev,
		      uint32_t running);

/* Whether @def's state @st declares timer @timer. */
static inline bool fsm_timer_allowed(const struct fsm_def *d, unsigned int st, unsigned int timer)
{
	return st < d->nstates && timer < 32 && (d->states[st].timers & FSM_BIT(timer));
}

const char *fsm_state_name(const struct fsm_def *d, unsigned int st);	/* "?" if none */
const char *fsm_event_name(const struct fsm_def *d, unsigned int ev);
/* The event called @name, or -1. */
int fsm_event_by_name(const struct fsm_def *d, const char *name);

/*
 * Checks @d's description: every state in use and every event named; every
 * row's next and alternative states within its state's @out and named; every
 * state's @out and @timers naming states and timers that exist. Returns 0,
 * or -1 with a sentence saying what is wrong in @why.
 */
int fsm_def_check(const struct fsm_def *d, char *why, size_t len);

#endif /* TEL_CORE_FSM_H */
