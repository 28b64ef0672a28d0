// SPDX-License-Identifier: LGPL-2.1-or-later
/* The state machine core: names, the check of a description, refused moves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsm.h"
#include "libtel/tel.h"

int fsm_refused(const struct fsm_def *d, unsigned int st, unsigned int ev, int rc)
{
#ifdef TEL_FSM_STRICT
	if (!d->soft) {
		fprintf(stderr, "libtel: %s: %s in state %s chose %#x, which its row does "
			"not declare\n", d->name, fsm_event_name(d, ev), fsm_state_name(d, st),
			(unsigned int)rc);
		abort();
	}
#else
	(void)d; (void)st; (void)ev; (void)rc;
#endif
	return TEL_ESTATE;
}

void fsm_check_timers(const struct fsm_def *d, unsigned int st, unsigned int ev,
		      uint32_t running)
{
	uint32_t bad = running & ~(st < d->nstates ? d->states[st].timers : 0);

	if (!bad)
		return;
#ifdef TEL_FSM_STRICT
	fprintf(stderr, "libtel: %s: %s left the machine in state %s with timer %s running, "
		"which that state does not declare\n", d->name, fsm_event_name(d, ev),
		fsm_state_name(d, st), (unsigned int)__builtin_ctz(bad) < d->ntimers ?
		d->timers[__builtin_ctz(bad)] : "?");
	abort();
#else
	(void)ev;
#endif
}

const char *fsm_state_name(const struct fsm_def *d, unsigned int st)
{
	return st < d->nstates && d->states[st].name ? d->states[st].name : "?";
}

const char *fsm_event_name(const struct fsm_def *d, unsigned int ev)
{
	return ev < d->nevents && d->events[ev] ? d->events[ev] : "?";
}

int fsm_event_by_name(const struct fsm_def *d, const char *name)
{
	for (unsigned int e = 0; name && e < d->nevents; e++)
		if (d->events[e] && !strcmp(d->events[e], name))
			return (int)e;
	return -1;
}

#define WHY(...)	(snprintf(why, len, __VA_ARGS__), -1)

int fsm_def_check(const struct fsm_def *d, char *why, size_t len)
{
	uint32_t named = 0, timers = d->ntimers >= 32 ? UINT32_MAX : FSM_BIT(d->ntimers) - 1;

	if (d->nstates > FSM_MAX_STATES)
		return WHY("%s: %u states, at most %u", d->name, d->nstates, FSM_MAX_STATES);
	for (unsigned int s = 0; s < d->nstates; s++)
		if (d->states[s].name)
			named |= FSM_BIT(s);
	for (unsigned int e = 0; e < d->nevents; e++)
		if (!d->events[e])
			return WHY("%s: event %u has no name", d->name, e);
	for (unsigned int t = 0; t < d->ntimers; t++)
		if (!d->timers[t])
			return WHY("%s: timer %u has no name", d->name, t);
	for (unsigned int s = 0; s < d->nstates; s++) {
		const struct fsm_state *st = &d->states[s];

		if (!st->name) {
			for (unsigned int e = 0; e < d->nevents; e++)
				if (fsm_row(d, s, e)->act)
					return WHY("%s: state %u has rows but no name", d->name, s);
			continue;
		}
		if (st->out & ~named)
			return WHY("%s: %s may go to a state that does not exist (%#x)",
				   d->name, st->name, (unsigned int)(st->out & ~named));
		if (st->timers & ~timers)
			return WHY("%s: %s declares a timer that does not exist (%#x)",
				   d->name, st->name, (unsigned int)(st->timers & ~timers));
		for (unsigned int e = 0; e < d->nevents; e++) {
			const struct fsm_row *r = fsm_row(d, s, e);
			uint32_t to = FSM_BIT(r->next) | r->alt;

			if (!r->act)
				continue;
			if (!r->name)
				return WHY("%s: the row %s x %s has no action name", d->name,
					   st->name, d->events[e]);
			if (r->next >= d->nstates || (to & ~st->out))
				return WHY("%s: the row %s x %s (%s) leads to %#x, but %s may go "
					   "only to %#x", d->name, st->name, d->events[e],
					   r->name, (unsigned int)to, st->name,
					   (unsigned int)st->out);
		}
	}
	return 0;
}
