// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — driving the fake clock: each step moves the relay's frames, runs
 * both contexts (or services the far end), lets each side's application act
 * and make calls, and once a second checks for stale calls.
 */
#include <inttypes.h>
#include <stdio.h>

#include "harness.h"

static void step_sides(void)
{
	for (int i = 0; i < 2; i++) {
		struct side *s = &sides[i];

		if (!s->ctx)
			continue;
		int rc = tel_ctx_run(s->ctx, 0);

		if (rc < 0) {
			violation(0, "tel_ctx_run succeeds", "%s: %d (%s)", side_name(i), rc,
				  tel_strerror(rc));
		}
	}
	if (!far_is_libtel())
		far_service();
}

uint64_t calls_made(void)
{
	return sides[0].made + sides[1].made + far_made();
}

void run_for(uint64_t dur, bool quiet)
{
	uint64_t end = now_ms + dur, next_check = now_ms + 1000;

	while (now_ms < end) {
		now_ms += quiet ? prng_range(&rng, 20, 100) : prng_range(&rng, 5, 20);
		relay_pump(&relay, now_ms);
		step_sides();
		relay_pump(&relay, now_ms);
		step_sides();
		for (int i = 0; i < 2; i++) {
			if (!sides[i].ctx)
				continue;
			act_side(&sides[i]);
			if (!quiet)
				maybe_make(&sides[i]);
		}
		far_act();
		if (!quiet) {
			maybe_restart();
			if (calls_made() >= opt.calls)
				break;
		}
		if (now_ms >= next_check) {
			next_check = now_ms + 1000;
			check_stale();
		}
	}
}

/* Run with calls until opt.calls are made; give up when none can be made for 10 minutes. */
void run_calls(void)
{
	uint64_t last = calls_made(), since = now_ms;

	while (calls_made() < opt.calls) {
		run_for(60000, false);
		if (opt.verbose) {
			printf("soak: %" PRIu64 " s fake: %" PRIu64 " calls made, links %d %d\n",
			       now_ms / 1000, calls_made(), tel_line_up(sides[0].line),
			       far_up(&sides[1]));
			fflush(stdout);
		}
		if (calls_made() != last) {
			last = calls_made();
			since = now_ms;
		} else if (now_ms - since >= 600000) {
			violation(0, "calls can be made: the data link comes back (defect 1)",
				  "no call made for %" PRIu64 " s; tel_line_up: user %d, %s %d",
				  (now_ms - since) / 1000, tel_line_up(sides[0].line), far_name(),
				  far_up(&sides[1]));
			opt.calls = calls_made();	/* go on to the checks at the end */
			break;
		}
	}
}

int far_is_libtel(void)
{
	return sides[1].ctx != NULL;
}
