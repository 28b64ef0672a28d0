// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — the checks when the calls stop: after a quiet period (faults off,
 * every timer run out) no call may be live; at the end both links are up,
 * every B-channel carries a call at once, handles created equal handles
 * deallocated, and neither handles nor the heap grew with calls completed.
 */
#include <inttypes.h>
#include <stdio.h>

#include "harness.h"

/* Everything that is live after a quiet period is a violation. */
static void check_all_ended(const char *when)
{
	for (int i = 0; i < 2; i++) {
		struct side *s = &sides[i];

		for (int k = 0; k < s->nlive; k++) {
			struct rec *r = s->live[k];
			struct tel_call_info in;

			tel_call_info(r->h, &in);
			if (in.state != TEL_CS_IDLE)
				violation(r->serial, "every call reaches IDLE",
					  "%s: %s #%u still %s (%s)", when, side_name(i), r->id,
					  tel_call_state_name(in.state),
					  r->appearance ? "bridged appearance" :
					  r->outgoing ? "outgoing" : "incoming");
			else if (r->drops_done < r->drops_acc)
				violation(r->serial, "exactly one DROP_DONE per accepted drop",
					  "%s: %s #%u IDLE, %d drops accepted, %d DROP_DONE", when,
					  side_name(i), r->id, r->drops_acc, r->drops_done);
			else
				violation(r->serial, "IDLE calls are deallocated",
					  "%s: %s #%u IDLE but not deallocated (IDLE event %s)", when,
					  side_name(i), r->id, r->idle_ev ? "seen" : "never came");
		}
	}
	far_check_all_ended(when);
}

/* Drop what is left (as an application shutting down would) and deallocate. */
static void force_clear(void)
{
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 2; i++) {
			struct side *s = &sides[i];

			for (int k = s->nlive - 1; k >= 0; k--) {
				struct rec *r = s->live[k];
				struct tel_call_info in;

				tel_call_info(r->h, &in);
				if (in.state == TEL_CS_IDLE) {
					if (tel_call_dealloc(r->h) == 0) {
						s->deallocated++;
						rec_del(s, r);
					}
				} else if (tel_call_drop(r->h, NULL) == 0) {
					r->drops_acc++;
				}
			}
		}
		run_for(120000, true);
	}
}

void quiet_period(const char *when)
{
	quiet_now = true;
	relay_set_faults(&relay, false, now_ms);
	far_quiet(true);
	run_for(opt.quiet_ms, true);
	check_all_ended(when);
	if (violation_count() && opt.keep_going)
		force_clear();
	quiet_now = false;
}

static int live_calls_state(struct side *s, enum tel_call_state st)
{
	int n = 0;

	for (int k = 0; k < s->nlive; k++) {
		struct tel_call_info in;

		tel_call_info(s->live[k]->h, &in);
		n += in.state == st;
	}
	return n;
}

/* Every B-channel of the line carries a call at once: make bchans calls from @from. */
void check_all_channels(int from)
{
	struct side *s = &sides[from], *o = &sides[!from];
	int made = 0, fails[16] = { 0 }, connected;
	uint64_t end;

	o->auto_answer = true;
	far_auto_answer(true);
	s->idle_mode = o->idle_mode = true;
	for (unsigned k = 0; k < s->bchans; k++) {
		struct tel_call_params p = { 0 };
		char to[16];
		uint32_t serial = lc_alloc();
		tel_call *h;
		int rc;

		snprintf(to, sizeof(to), "1%07u", serial % 10000000);
		p.to = to;
		rc = tel_call_make(s->line, &p, &h);
		hist_add(serial, H_API, (uint8_t)s->idx, OP_MAKE, 0, rc, 0);
		if (rc) {
			fails[-rc < 16 ? -rc : 0]++;
			continue;
		}
		made++;
		rec_add(s, h, serial)->outgoing = true;
	}
	end = now_ms + 30000;
	while (now_ms < end && live_calls_state(s, TEL_CS_CONNECTED) < made)
		run_for(200, true);
	connected = live_calls_state(s, TEL_CS_CONNECTED);
	if (connected < (int)s->bchans) {
		char chans[256] = "";

		{
			size_t n = 0;

			for (unsigned c = 1; c <= 31 && n + 8 < sizeof(chans); c++) {
				int st = tel_line_chan_state(s->line, (int)c);

				if (st > TEL_CH_BUSY)
					n += (size_t)snprintf(chans + n, sizeof(chans) - n, " %u:%s", c,
							      st == TEL_CH_MAINT ? "maint" : "restarting");
			}
		}
		violation(0, "every B-channel carries a call at the end (defect 2 if channels are out of service)",
			  "%s side: %d of %u calls CONNECTED (make: %d ok, %d ENOCHAN, %d ELINK, "
			  "%d other)%s%s", side_name(from), connected, s->bchans, made,
			  fails[-TEL_ENOCHAN], fails[-TEL_ELINK],
			  (int)s->bchans - made - fails[-TEL_ENOCHAN] - fails[-TEL_ELINK],
			  *chans ? "; channels out of service:" : "", chans);
	}
	for (int k = s->nlive - 1; k >= 0; k--) {
		struct rec *r = s->live[k];

		if (tel_call_drop(r->h, NULL) == 0)
			r->drops_acc++;
		r->next_at = UINT64_MAX;
	}
	o->auto_answer = false;
	far_auto_answer(false);
	s->idle_mode = o->idle_mode = false;
	run_for(60000, true);
	check_all_ended("after the B-channel check");
}

void check_links_up(void)
{
	int up0 = tel_line_up(sides[0].line), up1 = far_up(&sides[1]);

	if (!up0 || !up1)
		violation(0, "both links are up again at the end (defect 1)",
			  "tel_line_up: user %d, %s %d after %" PRIu64 " s of quiet", up0, far_name(),
			  up1, opt.quiet_ms / 1000);
}

void check_no_growth(size_t heap1, size_t heap2, uint64_t live1, uint64_t calls1)
{
	for (int i = 0; i < 2; i++) {
		if (!sides[i].ctx)
			continue;
		if (sides[i].created != sides[i].deallocated)
			violation(0, "handles created == handles deallocated",
				  "%s: %" PRIu64 " created, %" PRIu64 " deallocated", side_name(i),
				  sides[i].created, sides[i].deallocated);
	}
	if (live_total > live1)
		violation(0, "memory does not grow with calls completed",
			  "live handles %" PRIu64 " after %" PRIu64 " calls, %" PRIu64
			  " after %" PRIu64, live_total, calls_made(), live1, calls1);
	if (heap1 && heap2 > heap1 + (1u << 20))
		violation(0, "memory does not grow with calls completed",
			  "heap %zu octets after %" PRIu64 " calls, %zu after %" PRIu64, heap2,
			  calls_made(), heap1, calls1);
}
