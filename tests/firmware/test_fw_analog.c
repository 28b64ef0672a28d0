// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Analog ports (fw/analog.h) against their outside world (fw/analog_sim.h):
 * FXS and FXO sequences with golden timings (event kinds and the tick each
 * happens at, default timings unless said), debounce, and the tables.
 *
 * Tick arithmetic used below (defaults): an action at tick T shows on the
 * line from sample T+1; a hook change is recognised debounce_ms (10) samples
 * later, at T+10; a hang-up at T+10+flash_max_ms (800); a pulse digit
 * digit_end_ms (250) after its last make was recognised. FXO: ring voltage
 * is validated after 128 ms, loop current after 64, polarity after 64, loss
 * of loop current after 200.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fw/analog.h"
#include "fw/analog_sim.h"

#define LOG_MAX 128

struct evlog {
	struct fw_an_event ev[LOG_MAX];
	unsigned n;
};

struct want {
	unsigned kind, arg;
	uint32_t tick;
};

static void drain(struct fw_an_queue *q, struct evlog *l)
{
	while (l->n < LOG_MAX && fw_an_event_get(q, &l->ev[l->n]))
		l->n++;
}

static void fxs_run_to(struct fw_fxs_rig *r, uint32_t tick, struct evlog *l)
{
	while (r->port.c.now < tick) {
		fw_fxs_rig_step(r);
		drain(&r->port.c.q, l);
	}
}

static void fxo_run_to(struct fw_fxo_rig *r, uint32_t tick, struct evlog *l)
{
	while (r->port.c.now < tick) {
		fw_fxo_rig_step(r);
		drain(&r->port.c.q, l);
	}
}

/* Drives a bare FXS port with a loop state for @ms ticks. */
static void fxs_hold(struct fw_fxs *p, bool loop, uint32_t ms, struct evlog *l)
{
	while (ms--) {
		fw_fxs_step(p, loop);
		drain(&p->c.q, l);
	}
}

static void fxo_hold(struct fw_fxo *p, const struct fw_fxo_line *in, uint32_t ms,
		     struct evlog *l)
{
	while (ms--) {
		fw_fxo_step(p, in);
		drain(&p->c.q, l);
	}
}

/* The log must be exactly @w: kinds, args and ticks. */
static void check_log(const struct evlog *l, const struct want *w, unsigned n)
{
	bool ok = l->n == n;

	for (unsigned i = 0; ok && i < n; i++)
		ok = l->ev[i].kind == w[i].kind && l->ev[i].arg == w[i].arg &&
		     l->ev[i].tick == w[i].tick;
	if (ok)
		return;
	print_message("got %u events:\n", l->n);
	for (unsigned i = 0; i < l->n; i++)
		print_message("  %s(%u) @%u\n", fw_an_ev_name(l->ev[i].kind), l->ev[i].arg,
			      l->ev[i].tick);
	print_message("want %u:\n", n);
	for (unsigned i = 0; i < n; i++)
		print_message("  %s(%u) @%u\n", fw_an_ev_name(w[i].kind), w[i].arg, w[i].tick);
	fail();
}

#define CHECK(l, ...)							\
	do {								\
		const struct want w_[] = { __VA_ARGS__ };		\
		check_log((l), w_, sizeof(w_) / sizeof(w_[0]));		\
	} while (0)
#define CHECK_NONE(l)	assert_int_equal((l)->n, 0)

static void fxs_rig(struct fw_fxs_rig *r)
{
	assert_int_equal(fw_fxs_rig_init(r, NULL, NULL), 0);
}

static void fxo_rig(struct fw_fxo_rig *r)
{
	assert_int_equal(fw_fxo_rig_init(r, NULL, NULL), 0);
}

/* --- the tables ------------------------------------------------------------ */

static void check_fsm(const struct fw_an_fsm *f)
{
	for (unsigned s = 0; s < f->nstates; s++)
		assert_non_null(f->states[s]);
	for (unsigned e = 0; e < f->nevents; e++)
		assert_non_null(f->events[e]);
	for (unsigned s = 0; s < f->nstates; s++)
		for (unsigned e = 0; e < f->nevents; e++) {
			const struct fw_an_row *r = &f->rows[s * f->nevents + e];

			if (!r->act)
				continue;
			assert_non_null(r->name);
			assert_true(r->next < f->nstates);
			assert_int_equal(r->alt >> f->nstates, 0);
		}
}

static void test_tables_named(void **state)
{
	(void)state;
	check_fsm(fw_fxs_fsm());
	check_fsm(fw_fxo_fsm());
	for (unsigned k = 0; k < FW_AN_EV_KIND_COUNT; k++)
		assert_string_not_equal(fw_an_ev_name(k), "?");
	assert_string_equal(fw_an_ev_name(FW_AN_EV_KIND_COUNT), "?");
	assert_string_equal(fw_fxs_fsm()->states[FW_FXS_BREAK], "BREAK");
	assert_string_equal(fw_fxo_fsm()->events[FW_FXO_EV_POLARITY], "POLARITY");
}

/* --- FXS ------------------------------------------------------------------- */

/* Off hook and on hook: seen debounce_ms late; a hang-up flash_max_ms after the break began. */
static void test_fxs_seize_and_hang_up(void **state)
{
	struct fw_fxs_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxs_rig(&r);
	fxs_run_to(&r, 1000, &l);
	CHECK_NONE(&l);
	fw_phone_off_hook(&r.phone);
	fxs_run_to(&r, 3000, &l);
	assert_int_equal(r.port.c.state, FW_FXS_OFF_HOOK);
	fw_phone_on_hook(&r.phone);
	fxs_run_to(&r, 3809, &l);
	assert_int_equal(r.port.c.state, FW_FXS_BREAK);	/* could still be a flash */
	fxs_run_to(&r, 6000, &l);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 1010 }, { FW_AN_EV_ON_HOOK, 0, 3810 });
	assert_int_equal(r.port.c.state, FW_FXS_IDLE);
	assert_string_equal(r.port.c.last_action, "fxs_hang_up");
}

/* Loop glitches shorter than debounce_ms change nothing, on hook or off hook. */
static void test_fxs_debounce(void **state)
{
	struct fw_fxs p;
	struct evlog l = { 0 };

	(void)state;
	assert_int_equal(fw_fxs_init(&p, NULL), 0);
	fxs_hold(&p, false, 100, &l);
	for (uint32_t g = 1; g < 10; g++) {	/* closures of 1..9 ms while on hook */
		fxs_hold(&p, true, g, &l);
		fxs_hold(&p, false, 50, &l);
	}
	CHECK_NONE(&l);
	assert_int_equal(p.c.state, FW_FXS_IDLE);
	fxs_hold(&p, true, 10, &l);		/* 10 ms: off hook, at its 10th sample */
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, p.c.now });
	l.n = 0;
	fxs_hold(&p, true, 500, &l);
	for (uint32_t g = 1; g < 10; g++) {	/* opens of 1..9 ms while off hook: no pulse */
		fxs_hold(&p, false, g, &l);
		fxs_hold(&p, true, 400, &l);
	}
	/* a bouncing break: 60 ms open with 5 ms of contact bounce inside is one pulse */
	fxs_hold(&p, false, 30, &l);
	fxs_hold(&p, true, 5, &l);
	fxs_hold(&p, false, 25, &l);
	uint32_t make = p.c.now + 10;
	fxs_hold(&p, true, 1000, &l);
	CHECK(&l, { FW_AN_EV_DIGIT, 1, make + 250 });
	assert_int_equal(p.glitches, 0);
	assert_int_equal(p.c.ignored, 0);
}

/* "42" dialled at tick 2000 at 10 pps 60/40 with 700 ms between digits: golden ticks. */
static void test_fxs_pulse_digits_golden(void **state)
{
	struct fw_fxs_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxs_rig(&r);
	fw_phone_off_hook(&r.phone);
	fxs_run_to(&r, 2000, &l);
	assert_int_equal(fw_phone_dial(&r.phone, "42", 2), 0);
	fxs_run_to(&r, 5000, &l);
	/* 4: breaks 2001-2060 .. 2301-2360, make seen 2370, digit 2620;
	 * 2: starts after 700 ms at 3060, breaks 3061-3120, 3161-3220, make 3230, digit 3480 */
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 10 }, { FW_AN_EV_DIGIT, 4, 2620 },
	      { FW_AN_EV_DIGIT, 2, 3480 });
	assert_false(fw_phone_busy(&r.phone));
}

/* Every digit 1..9 and 0 (10 pulses), each at its computed tick. */
static void test_fxs_pulse_digits_all(void **state)
{
	static const char digits[] = "1234567890";
	struct fw_fxs_rig r;
	struct evlog l = { 0 };
	struct want w[10];
	uint32_t s = 1000;

	(void)state;
	fxs_rig(&r);
	fw_phone_off_hook(&r.phone);
	fxs_run_to(&r, s, &l);
	l.n = 0;
	assert_int_equal(fw_phone_dial(&r.phone, digits, 10), 0);
	for (unsigned i = 0; i < 10; i++) {
		unsigned p = i < 9 ? i + 1 : 10;
		uint32_t last_break_end = s + (p - 1) * 100 + 60;

		w[i] = (struct want){ FW_AN_EV_DIGIT, (i + 1) % 10, last_break_end + 10 + 250 };
		s = last_break_end + 700;
	}
	fxs_run_to(&r, s + 1000, &l);
	check_log(&l, w, 10);
}

/* A break of exactly pulse_break_max_ms is a pulse, one more ms a flash; flash_max_ms is a
 * flash, one more a hang-up; 11 pulses are a bad digit. */
static void test_fxs_break_boundaries(void **state)
{
	struct fw_fxs p;
	struct evlog l = { 0 };
	uint32_t t;

	(void)state;
	assert_int_equal(fw_fxs_init(&p, NULL), 0);
	fxs_hold(&p, true, 1000, &l);		/* OFF_HOOK @10 */
	fxs_hold(&p, false, 100, &l);		/* break 100: pulse */
	t = p.c.now + 10;
	fxs_hold(&p, true, 1000, &l);
	fxs_hold(&p, false, 101, &l);		/* break 101: flash */
	uint32_t f1 = p.c.now + 10;
	fxs_hold(&p, true, 1000, &l);
	fxs_hold(&p, false, 800, &l);		/* break 800: flash */
	uint32_t f2 = p.c.now + 10;
	fxs_hold(&p, true, 1000, &l);
	uint32_t h = p.c.now + 10 + 800;
	fxs_hold(&p, false, 801, &l);		/* break 801: hang-up, then off hook again */
	uint32_t o = p.c.now + 10;
	fxs_hold(&p, true, 1000, &l);
	for (int i = 0; i < 11; i++) {		/* 11 pulses */
		fxs_hold(&p, false, 60, &l);
		fxs_hold(&p, true, 40, &l);
	}
	uint32_t b = p.c.now - 40 + 10 + 250;
	fxs_hold(&p, true, 1000, &l);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 10 }, { FW_AN_EV_DIGIT, 1, t + 250 },
	      { FW_AN_EV_FLASH, 0, f1 }, { FW_AN_EV_FLASH, 0, f2 }, { FW_AN_EV_ON_HOOK, 0, h },
	      { FW_AN_EV_OFF_HOOK, 0, o }, { FW_AN_EV_BAD_DIGIT, 11, b });
}

/* With pulse dialling off and a short flash window (ETSI timed break recall), breaks below
 * flash_min_ms are counted as glitches, not reported. */
static void test_fxs_flash_window_configurable(void **state)
{
	struct fw_fxs_config c;
	struct fw_fxs p;
	struct evlog l = { 0 };

	(void)state;
	fw_fxs_config_default(&c);
	c.pulse_break_max_ms = 0;
	c.flash_min_ms = 80;
	c.flash_max_ms = 130;
	assert_int_equal(fw_fxs_init(&p, &c), 0);
	fxs_hold(&p, true, 100, &l);
	fxs_hold(&p, false, 60, &l);		/* too short for a flash: a glitch */
	fxs_hold(&p, true, 500, &l);
	fxs_hold(&p, false, 100, &l);		/* a flash */
	uint32_t f = p.c.now + 10;
	fxs_hold(&p, true, 500, &l);
	fxs_hold(&p, false, 131, &l);		/* a hang-up */
	uint32_t h = p.c.now - 131 + 10 + 130;
	fxs_hold(&p, false, 500, &l);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 10 }, { FW_AN_EV_FLASH, 0, f }, { FW_AN_EV_ON_HOOK, 0, h });
	assert_int_equal(p.glitches, 1);
}

/* Flash vs hang-up by the phone: 300 ms and 800 ms are flashes, 801 ms a hang-up. */
static void test_fxs_phone_flash_vs_hang_up(void **state)
{
	struct fw_fxs_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxs_rig(&r);
	fw_phone_off_hook(&r.phone);
	fxs_run_to(&r, 1000, &l);
	assert_int_equal(fw_phone_flash(&r.phone, 300), 0);
	assert_int_equal(fw_phone_flash(&r.phone, 300), FW_AN_ESTATE);	/* busy */
	fxs_run_to(&r, 3000, &l);
	assert_int_equal(fw_phone_flash(&r.phone, 800), 0);
	fxs_run_to(&r, 5000, &l);
	assert_int_equal(fw_phone_flash(&r.phone, 801), 0);
	fxs_run_to(&r, 7000, &l);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 10 }, { FW_AN_EV_FLASH, 0, 1310 },
	      { FW_AN_EV_FLASH, 0, 3810 }, { FW_AN_EV_ON_HOOK, 0, 5810 },
	      { FW_AN_EV_OFF_HOOK, 0, 5811 });
}

/* Ringing 2 s on 4 s off from tick 1000; the phone lifted at 7500 trips it at 7510. */
static void test_fxs_ring_cadence_and_trip(void **state)
{
	struct fw_fxs_rig r;
	struct evlog l = { 0 };
	uint32_t on = 0, edges[3] = { 0 };
	unsigned ne = 0;
	bool was = false;

	(void)state;
	fxs_rig(&r);
	fxs_run_to(&r, 1000, &l);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_RING), 0);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_RING), FW_AN_ESTATE);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_OPEN_LOOP), FW_AN_ESTATE);
	while (r.port.c.now < 7500) {
		fxs_run_to(&r, r.port.c.now + 1, &l);
		on += r.phone.ringing;
		if (r.phone.ringing && !was && ne < 3)
			edges[ne++] = r.phone.now;
		was = r.phone.ringing;
	}
	assert_int_equal(ne, 2);
	assert_int_equal(edges[0], 1001);	/* the phone sees ring voltage 1001-3000 */
	assert_int_equal(edges[1], 7001);	/* and again from 7001 */
	assert_int_equal(on, 2000 + 500);
	assert_int_equal(r.phone.rings, 2);
	fw_phone_off_hook(&r.phone);
	fxs_run_to(&r, 7509, &l);
	assert_true(r.port.drive.ring);
	fxs_run_to(&r, 7510, &l);
	assert_false(r.port.drive.ring);	/* tripped in the tick the off hook is seen */
	fxs_run_to(&r, 20000, &l);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 1, 7510 });
	assert_int_equal(r.phone.rings, 2);
	assert_int_equal(r.port.c.state, FW_FXS_OFF_HOOK);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_RING), FW_AN_ESTATE);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_STOP_RING), 0);	/* a harmless race */
}

/* A UK double ring (400 on 200 off 400 on 2000 off) and a stop by the caller giving up. */
static void test_fxs_ring_custom_cadence_and_stop(void **state)
{
	struct fw_fxs_config c;
	struct fw_fxs_rig r;
	struct evlog l = { 0 };
	uint32_t edges[8];
	unsigned ne = 0;
	bool was = false;

	(void)state;
	fw_fxs_config_default(&c);
	c.cadence = (struct fw_an_cadence){ .ms = { 400, 200, 400, 2000 }, .n = 4 };
	assert_int_equal(fw_fxs_rig_init(&r, &c, NULL), 0);
	fxs_run_to(&r, 1000, &l);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_RING), 0);
	while (r.port.c.now < 7700) {
		fxs_run_to(&r, r.port.c.now + 1, &l);
		if (r.phone.ringing && !was && ne < 8)
			edges[ne++] = r.phone.now;
		was = r.phone.ringing;
	}
	assert_int_equal(ne, 6);
	assert_int_equal(edges[0], 1001);
	assert_int_equal(edges[1], 1601);
	assert_int_equal(edges[2], 4001);
	assert_int_equal(edges[3], 4601);
	assert_int_equal(edges[4], 7001);
	assert_int_equal(edges[5], 7601);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_STOP_RING), 0);
	assert_false(r.port.drive.ring);
	assert_int_equal(r.port.c.state, FW_FXS_IDLE);
	fxs_run_to(&r, 20000, &l);
	CHECK_NONE(&l);
	assert_int_equal(r.phone.rings, 6);
	assert_int_equal(r.port.c.ignored, 0);	/* the cadence's timer stopped with the ringing */
}

/* Answer supervision by reversal, then an open-loop disconnect: the phone sees battery gone
 * for exactly open_loop_ms; still off hook after it, it is reported off hook again. */
static void test_fxs_reversal_and_open_loop(void **state)
{
	struct fw_fxs_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxs_rig(&r);
	fw_phone_off_hook(&r.phone);
	fxs_run_to(&r, 1000, &l);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_REVERSE), 0);
	fxs_run_to(&r, 1001, &l);
	assert_true(r.phone.reversed);
	assert_int_equal(r.phone.reversals, 1);
	fxs_run_to(&r, 2000, &l);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_NORMAL), 0);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_OPEN_LOOP), 0);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_OPEN_LOOP), FW_AN_ESTATE);
	fxs_run_to(&r, 2799, &l);
	assert_false(r.port.drive.battery);
	fxs_run_to(&r, 2800, &l);
	assert_true(r.port.drive.battery);
	fxs_run_to(&r, 4000, &l);
	assert_int_equal(r.phone.battery_drops, 1);
	assert_int_equal(r.phone.last_drop_ms, 800);	/* 2001..2800 */
	assert_int_equal(r.phone.reversals, 2);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 10 }, { FW_AN_EV_OFF_HOOK, 0, 2810 });

	/* hung up during the open loop: nothing more to report */
	l.n = 0;
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_OPEN_LOOP), 0);
	fxs_run_to(&r, 4100, &l);
	fw_phone_on_hook(&r.phone);
	fxs_run_to(&r, 8000, &l);
	CHECK_NONE(&l);
	assert_int_equal(r.port.c.state, FW_FXS_IDLE);
}

/* An open loop shorter than the debounce: the hook state starts over when battery is back,
 * so a phone still off hook is reported (the port does not stay IDLE under an off-hook phone). */
static void test_fxs_short_open_loop(void **state)
{
	struct fw_fxs_config c;
	struct fw_fxs_rig r;
	struct evlog l = { 0 };

	(void)state;
	fw_fxs_config_default(&c);
	c.open_loop_ms = 5;
	assert_int_equal(fw_fxs_rig_init(&r, &c, NULL), 0);
	fw_phone_off_hook(&r.phone);
	fxs_run_to(&r, 1000, &l);
	assert_int_equal(fw_fxs_cmd(&r.port, FW_FXS_EV_OPEN_LOOP), 0);
	fxs_run_to(&r, 2000, &l);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 10 }, { FW_AN_EV_OFF_HOOK, 0, 1015 });
	assert_int_equal(r.phone.last_drop_ms, 5);
	assert_int_equal(r.port.c.state, FW_FXS_OFF_HOOK);
}

/* A digit half dialled when an open loop starts is dropped; the digit before it is not. */
static void test_fxs_open_loop_drops_partial_digit(void **state)
{
	struct fw_fxs p;
	struct evlog l = { 0 };

	(void)state;
	assert_int_equal(fw_fxs_init(&p, NULL), 0);
	fxs_hold(&p, true, 100, &l);
	fxs_hold(&p, false, 60, &l);
	fxs_hold(&p, true, 40, &l);
	assert_int_equal(p.pulses, 1);
	assert_int_equal(fw_fxs_cmd(&p, FW_FXS_EV_OPEN_LOOP), 0);
	fxs_hold(&p, false, 2000, &l);
	CHECK(&l, { FW_AN_EV_OFF_HOOK, 0, 10 });
	assert_int_equal(fw_fxs_cmd(&p, (enum fw_fxs_event)FW_FXS_EV_TIMER), FW_AN_EINVAL);
	assert_int_equal(fw_fxs_cmd(&p, (enum fw_fxs_event)FW_FXS_EV_COUNT), FW_AN_EINVAL);
}

/* --- FXO ------------------------------------------------------------------- */

/* The CO rings from tick 1000, 2 s on 4 s off; the caller gives up at 10000. */
static void test_fxo_ring_cadence(void **state)
{
	struct fw_fxo_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxo_rig(&r);
	fxo_run_to(&r, 1000, &l);
	assert_int_equal(fw_co_ring(&r.co), 0);
	assert_int_equal(fw_co_ring(&r.co), FW_AN_ESTATE);
	fxo_run_to(&r, 10000, &l);
	fw_co_stop_ring(&r.co);
	fxo_run_to(&r, 30000, &l);
	/* bursts 1001-3000 and 7001-9000, seen 128 ms into them and 128 ms after */
	CHECK(&l, { FW_AN_EV_RING_START, 0, 1128 }, { FW_AN_EV_RING_STOP, 0, 3128 },
	      { FW_AN_EV_RING_START, 0, 7128 }, { FW_AN_EV_RING_STOP, 0, 9128 },
	      { FW_AN_EV_RING_END, 0, 17128 });
	assert_int_equal(r.co.rings, 2);
	assert_int_equal(r.port.c.state, FW_FXO_IDLE);
	assert_int_equal(r.port.c.ignored, 0);
}

/* Ring validation: bursts under ring_on_ms are ignored, gaps under ring_off_ms do not split a
 * burst, the UK double ring's 200 ms gap does. */
static void test_fxo_ring_validation(void **state)
{
	struct fw_fxo p;
	struct evlog l = { 0 };
	const struct fw_fxo_line ring = { .ring = true }, quiet = { 0 };

	(void)state;
	assert_int_equal(fw_fxo_init(&p, NULL), 0);
	fxo_hold(&p, &quiet, 100, &l);
	fxo_hold(&p, &ring, 127, &l);		/* a click: nothing */
	fxo_hold(&p, &quiet, 1000, &l);
	CHECK_NONE(&l);
	uint32_t t = p.c.now;			/* 1227 */
	fxo_hold(&p, &ring, 300, &l);		/* 300 ms with a 100 ms gap, then 300 */
	fxo_hold(&p, &quiet, 100, &l);
	fxo_hold(&p, &ring, 300, &l);
	fxo_hold(&p, &quiet, 1000, &l);
	CHECK(&l, { FW_AN_EV_RING_START, 0, 1355 }, { FW_AN_EV_RING_STOP, 0, t + 700 + 128 });
	l.n = 0;
	t = p.c.now;
	fxo_hold(&p, &ring, 400, &l);		/* UK: 400 on, 200 off, 400 on */
	fxo_hold(&p, &quiet, 200, &l);
	fxo_hold(&p, &ring, 400, &l);
	fxo_hold(&p, &quiet, 9000, &l);
	CHECK(&l, { FW_AN_EV_RING_START, 0, t + 128 }, { FW_AN_EV_RING_STOP, 0, t + 528 },
	      { FW_AN_EV_RING_START, 0, t + 728 }, { FW_AN_EV_RING_STOP, 0, t + 1128 },
	      { FW_AN_EV_RING_END, 0, t + 9128 });
}

/* Answering in a burst: the CO trips its ringing at once, no RING_STOP, loop current 64 ms on. */
static void test_fxo_answer_ringing(void **state)
{
	struct fw_fxo_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxo_rig(&r);
	assert_int_equal(fw_co_ring(&r.co), 0);
	fxo_run_to(&r, 500, &l);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_OFF_HOOK), 0);
	fxo_run_to(&r, 20000, &l);
	CHECK(&l, { FW_AN_EV_RING_START, 0, 128 }, { FW_AN_EV_LOOP_ON, 0, 564 });
	assert_int_equal(r.co.ring_trips, 1);
	assert_int_equal(r.co.seizures, 1);
	assert_false(r.co.ringing);
	assert_int_equal(r.port.c.state, FW_FXO_OFF_HOOK);
}

/* Seize, answer by reversal, far-end clear by reversal back. */
static void test_fxo_disconnect_by_reversal(void **state)
{
	struct fw_fxo_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxo_rig(&r);
	fxo_run_to(&r, 1000, &l);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_OFF_HOOK), 0);
	fxo_run_to(&r, 2000, &l);
	fw_co_answer(&r.co);
	fxo_run_to(&r, 5000, &l);
	fw_co_clear_reversal(&r.co);
	fxo_run_to(&r, 8000, &l);
	CHECK(&l, { FW_AN_EV_LOOP_ON, 0, 1064 }, { FW_AN_EV_ANSWER, 1, 2064 },
	      { FW_AN_EV_DISCONNECT, FW_AN_DISC_REVERSAL, 5064 });
	assert_int_equal(r.port.c.state, FW_FXO_DISCONNECTED);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_ON_HOOK), 0);
	assert_false(r.port.off_hook);
	fxo_run_to(&r, 10000, &l);
	assert_int_equal(r.co.hangups, 1);
}

/* Far-end clear by open loop (CPC, 800 ms): disconnect 200 ms into it, loop current back. */
static void test_fxo_disconnect_by_open_loop(void **state)
{
	struct fw_fxo_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxo_rig(&r);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_OFF_HOOK), 0);
	fxo_run_to(&r, 2000, &l);
	fw_co_answer(&r.co);
	fxo_run_to(&r, 5000, &l);
	fw_co_clear_open(&r.co);
	fxo_run_to(&r, 8000, &l);
	CHECK(&l, { FW_AN_EV_LOOP_ON, 0, 64 }, { FW_AN_EV_ANSWER, 1, 2064 },
	      { FW_AN_EV_DISCONNECT, FW_AN_DISC_LOOP, 5200 }, { FW_AN_EV_LOOP_ON, 0, 5864 });
	assert_int_equal(r.port.c.state, FW_FXO_OFF_HOOK);
}

/* Loop dropouts under disc_ms and polarity blips under polarity_ms are ignored. */
static void test_fxo_glitches(void **state)
{
	struct fw_fxo p;
	struct evlog l = { 0 };
	const struct fw_fxo_line loop = { .loop = true }, none = { 0 },
				 rev = { .loop = true, .reversed = true };

	(void)state;
	assert_int_equal(fw_fxo_init(&p, NULL), 0);
	assert_int_equal(fw_fxo_cmd(&p, FW_FXO_EV_OFF_HOOK), 0);
	fxo_hold(&p, &loop, 63, &l);
	CHECK_NONE(&l);
	fxo_hold(&p, &loop, 1000, &l);		/* LOOP_ON @64 */
	fxo_hold(&p, &none, 199, &l);		/* 199 ms without current: still there */
	fxo_hold(&p, &loop, 1000, &l);
	fxo_hold(&p, &rev, 63, &l);		/* 63 ms reversed: no answer */
	fxo_hold(&p, &loop, 1000, &l);
	CHECK(&l, { FW_AN_EV_LOOP_ON, 0, 64 });
	uint32_t t = p.c.now;
	fxo_hold(&p, &rev, 64, &l);		/* 64 ms: the answer */
	fxo_hold(&p, &none, 200, &l);		/* 200 ms without current: disconnect */
	CHECK(&l, { FW_AN_EV_LOOP_ON, 0, 64 }, { FW_AN_EV_ANSWER, 1, t + 64 },
	      { FW_AN_EV_DISCONNECT, FW_AN_DISC_LOOP, t + 264 });
}

/* Our flash: on hook for flash_ms, the CO counts a flash; loop current seen again after. */
static void test_fxo_flash(void **state)
{
	struct fw_fxo_rig r;
	struct evlog l = { 0 };

	(void)state;
	fxo_rig(&r);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_FLASH), FW_AN_ESTATE);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_OFF_HOOK), 0);
	fxo_run_to(&r, 1000, &l);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_FLASH), 0);
	assert_int_equal(fw_fxo_cmd(&r.port, FW_FXO_EV_FLASH), FW_AN_ESTATE);
	fxo_run_to(&r, 3000, &l);
	CHECK(&l, { FW_AN_EV_LOOP_ON, 0, 64 }, { FW_AN_EV_FLASH, 0, 1750 },
	      { FW_AN_EV_LOOP_ON, 0, 1814 });
	assert_int_equal(r.co.flashes, 1);
	assert_int_equal(r.co.last_on_hook_ms, 750);
	assert_int_equal(r.co.hangups, 0);
	assert_int_equal(fw_fxo_cmd(&r.port, (enum fw_fxo_event)FW_FXO_EV_TIMER), FW_AN_EINVAL);
}

/* --- bounds, configuration, the rigs' self-test ---------------------------- */

/* The queue holds FW_AN_QUEUE_LEN events; the next is dropped and counted, order kept. */
static void test_queue_bounded(void **state)
{
	struct fw_fxs p;
	struct evlog l = { 0 };
	struct fw_an_event ev;
	uint32_t prev = 0;

	(void)state;
	assert_int_equal(fw_fxs_init(&p, NULL), 0);
	fw_fxs_step(&p, true);
	for (int i = 0; i < 30; i++)
		fw_fxs_step(&p, true);		/* OFF_HOOK queued */
	for (int i = 0; i < FW_AN_QUEUE_LEN; i++) {	/* 16 flashes, not drained */
		for (int k = 0; k < 300; k++)
			fw_fxs_step(&p, false);
		for (int k = 0; k < 300; k++)
			fw_fxs_step(&p, true);
	}
	assert_int_equal(p.c.q.count, FW_AN_QUEUE_LEN);
	assert_int_equal(p.c.q.lost, 1);
	for (int i = 0; i < FW_AN_QUEUE_LEN; i++) {
		assert_true(fw_fxs_event(&p, &ev));
		assert_int_equal(ev.kind, i ? FW_AN_EV_FLASH : FW_AN_EV_OFF_HOOK);
		assert_true(ev.tick > prev);
		prev = ev.tick;
	}
	assert_false(fw_fxs_event(&p, &ev));
	(void)l;
}

static void test_config_checked(void **state)
{
	struct fw_fxs_config c;
	struct fw_fxo_config o;
	struct fw_phone_config pc;
	struct fw_co_config cc;
	struct fw_fxs p;
	struct fw_fxo q;
	struct fw_phone ph;
	struct fw_co co;

	(void)state;
	fw_fxs_config_default(&c);
	assert_int_equal(c.debounce_ms, 10);
	assert_int_equal(c.flash_max_ms, 800);
	c.debounce_ms = 0;
	assert_int_equal(fw_fxs_init(&p, &c), FW_AN_EINVAL);
	fw_fxs_config_default(&c);
	c.flash_min_ms = 900;
	assert_int_equal(fw_fxs_init(&p, &c), FW_AN_EINVAL);
	fw_fxs_config_default(&c);
	c.cadence.n = 3;
	assert_int_equal(fw_fxs_init(&p, &c), FW_AN_EINVAL);
	fw_fxs_config_default(&c);
	c.cadence.ms[1] = 0;
	assert_int_equal(fw_fxs_init(&p, &c), FW_AN_EINVAL);
	fw_fxs_config_default(&c);
	c.digit_end_ms = 0;
	assert_int_equal(fw_fxs_init(&p, &c), FW_AN_EINVAL);
	fw_fxo_config_default(&o);
	o.disc_ms = 0;
	assert_int_equal(fw_fxo_init(&q, &o), FW_AN_EINVAL);
	fw_phone_config_default(&pc);
	pc.make_ms = 0;
	assert_int_equal(fw_phone_init(&ph, &pc), FW_AN_EINVAL);
	fw_co_config_default(&cc);
	cc.cadence.n = 0;
	assert_int_equal(fw_co_init(&co, &cc), FW_AN_EINVAL);

	assert_int_equal(fw_phone_init(&ph, NULL), 0);
	assert_int_equal(fw_phone_dial(&ph, "12", 2), FW_AN_ESTATE);	/* on hook */
	fw_phone_off_hook(&ph);
	assert_int_equal(fw_phone_dial(&ph, "1#", 2), FW_AN_EINVAL);
	assert_int_equal(fw_phone_dial(&ph, "1", 0), FW_AN_EINVAL);
	assert_false(fw_phone_busy(&ph));
	assert_int_equal(fw_phone_flash(&ph, 0), FW_AN_EINVAL);
}

static void test_selftest_passes(void **state)
{
	const char *what = "(none)";
	int rc;

	(void)state;
	rc = fw_analog_selftest(&what);
	if (rc)
		print_message("self-test failed at step %d: %s\n", rc, what);
	assert_int_equal(rc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_named),
		cmocka_unit_test(test_fxs_seize_and_hang_up),
		cmocka_unit_test(test_fxs_debounce),
		cmocka_unit_test(test_fxs_pulse_digits_golden),
		cmocka_unit_test(test_fxs_pulse_digits_all),
		cmocka_unit_test(test_fxs_break_boundaries),
		cmocka_unit_test(test_fxs_flash_window_configurable),
		cmocka_unit_test(test_fxs_phone_flash_vs_hang_up),
		cmocka_unit_test(test_fxs_ring_cadence_and_trip),
		cmocka_unit_test(test_fxs_ring_custom_cadence_and_stop),
		cmocka_unit_test(test_fxs_reversal_and_open_loop),
		cmocka_unit_test(test_fxs_short_open_loop),
		cmocka_unit_test(test_fxs_open_loop_drops_partial_digit),
		cmocka_unit_test(test_fxo_ring_cadence),
		cmocka_unit_test(test_fxo_ring_validation),
		cmocka_unit_test(test_fxo_answer_ringing),
		cmocka_unit_test(test_fxo_disconnect_by_reversal),
		cmocka_unit_test(test_fxo_disconnect_by_open_loop),
		cmocka_unit_test(test_fxo_glitches),
		cmocka_unit_test(test_fxo_flash),
		cmocka_unit_test(test_queue_bounded),
		cmocka_unit_test(test_config_checked),
		cmocka_unit_test(test_selftest_passes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
