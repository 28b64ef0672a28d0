// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — the invariants checked as the soak runs: on every event of either
 * context (states only move forward, CONNECTED has a B-channel, IDLE has a
 * cause, one DROP_DONE per accepted drop after IDLE, events name live
 * handles) and, once a second, across the sides (no call stays CONNECTED
 * once its far end is IDLE).
 */
#include <inttypes.h>
#include <stdio.h>

#include "harness.h"

static bool forward(int from, int to)
{
	static const int rank[] = {
		[TEL_CS_IDLE] = 6, [TEL_CS_OFFERING] = 1, [TEL_CS_DIALING] = 1,
		[TEL_CS_PROCEEDING] = 2, [TEL_CS_RINGBACK] = 3, [TEL_CS_CONNECTED] = 4,
		[TEL_CS_DISCONNECTED] = 5,
	};

	if (to < 0 || to > TEL_CS_DISCONNECTED)
		return false;
	if (from < 0)
		return true;		/* a handle's first event: any state */
	if (from == TEL_CS_OFFERING && (to == TEL_CS_PROCEEDING || to == TEL_CS_RINGBACK))
		return false;		/* an incoming call does not dial */
	return rank[to] > rank[from];
}

void on_event(const struct tel_event *ev, void *user)
{
	struct side *s = user;
	struct rec *r;
	struct tel_call_info in;

	switch (ev->type) {
	case TEL_EV_LINE_STATE:
		glog_add(H_LINK, (uint8_t)s->idx, (uint8_t)ev->up, NULL, 0, (uint64_t)ev->reason);
		if (opt.verbose)
			fprintf(stderr, "soak: %" PRIu64 " ms: %s line %s\n", now_ms,
				side_name(s->idx), ev->up ? "up" : "down");
		if (s->up && !ev->up) {
			s->outages++;
			s->down_since = now_ms;
		} else if (!s->up && ev->up) {
			s->up_events++;
			if (s->down_since)
				s->down_ms += now_ms - s->down_since;
		}
		s->up = ev->up;
		return;
	case TEL_EV_CHAN_STATE:
		if ((unsigned)ev->chan_state < 4)
			s->chan_events[ev->chan_state]++;
		return;
	case TEL_EV_CALL_STATE:
		r = rec_find(ev->call);
		tel_call_info(ev->call, &in);
		if (!r) {
			if (ev->state != TEL_CS_OFFERING) {
				violation(0, "events name only live handles",
					  "%s: CALL_STATE %s for a handle the application does not have",
					  side_name(s->idx), tel_call_state_name(ev->state));
				return;
			}
			uint32_t serial = serial_of(in.to);

			if (serial && !lc_get(serial))
				serial = 0;	/* corrupted, or a number from an old call */
			r = rec_add(s, ev->call, serial);
			s->offered++;
		}
		hist_add(r->serial, H_EVENT, (uint8_t)s->idx, (uint8_t)ev->state, (uint8_t)r->id,
			 in.cause, in.bchan);
		if (!forward(r->ev_state, ev->state))
			violation(r->serial, "states only move forward", "%s #%u: %s -> %s",
				  side_name(s->idx), r->id,
				  r->ev_state < 0 ? "(none)" :
				  tel_call_state_name((enum tel_call_state)r->ev_state),
				  tel_call_state_name(ev->state));
		r->ev_state = ev->state;
		if (ev->state == TEL_CS_CONNECTED) {
			s->connected++;
			if (!in.bchan)
				violation(r->serial, "a CONNECTED call has a B-channel (defect 3)",
					  "%s #%u CONNECTED with bchan 0", side_name(s->idx), r->id);
		}
		if (ev->state == TEL_CS_IDLE) {
			struct lc *l = lc_get(r->serial);

			r->idle_ev = true;
			r->idle_at = now_ms;
			if (!in.cause && (r->appearance || r->shared))
				violation(r->serial, "a dropped bridged appearance reaches IDLE with a "
					  "cause", "%s #%u IDLE with cause 0 (%s)", side_name(s->idx),
					  r->id, r->appearance ? "a bridged appearance" :
					  "the first appearance of a shared call");
			else if (!in.cause)
				violation(r->serial, "every call reaches IDLE with a cause",
					  "%s #%u IDLE with cause 0 (%s)", side_name(s->idx), r->id,
					  r->outgoing ? "outgoing" : "incoming");
			if (!r->appearance)
				s->completed++;
			if (l && --l->live[s->idx] == 0)
				l->idle_at[s->idx] = now_ms;
		}
		if (r->drops_acc == r->drops_done || ev->state == TEL_CS_IDLE)
			schedule_for_state(r, ev->state);
		return;
	case TEL_EV_DROP_DONE:
		r = rec_find(ev->call);
		if (!r) {
			violation(0, "events name only live handles",
				  "%s: DROP_DONE for a handle the application does not have",
				  side_name(s->idx));
			return;
		}
		hist_add(r->serial, H_EVENT, (uint8_t)s->idx, 0xff, (uint8_t)r->id, ev->result, 0);
		r->drops_done++;
		if (!r->idle_ev)
			violation(r->serial, "DROP_DONE comes after the call's IDLE event",
				  "%s #%u DROP_DONE before IDLE", side_name(s->idx), r->id);
		if (r->drops_done > r->drops_acc)
			violation(r->serial, "exactly one DROP_DONE per accepted drop",
				  "%s #%u: DROP_DONE %d for %d accepted drops", side_name(s->idx),
				  r->id, r->drops_done, r->drops_acc);
		if (r->idle_ev)
			r->next_at = now_ms + prng_range(&rng, 0, 300);
		return;
	}
}

/* Cross-side: no call stays CONNECTED long after its far end went IDLE. */
#define STALE_MS 300000
void check_stale(void)
{
	for (int i = 0; i < 2; i++) {
		struct side *s = &sides[i];

		for (int k = 0; k < s->nlive; k++) {
			struct rec *r = s->live[k];
			struct lc *l = lc_get(r->serial);

			if (!l || l->corrupted || r->ev_state != TEL_CS_CONNECTED || !l->seen[!i])
				continue;
			if (l->live[!i] == 0 &&
			    now_ms - l->idle_at[!i] > STALE_MS) {
				violation(r->serial, "no call stays CONNECTED once its far end is IDLE (defect 5)",
					  "%s #%u CONNECTED %" PRIu64 " s after the %s side's call "
					  "went IDLE", side_name(i), r->id,
					  (now_ms - l->idle_at[!i]) / 1000, side_name(!i));
				l->corrupted = true;	/* report it once */
			}
		}
	}
}
