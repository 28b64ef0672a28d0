// SPDX-License-Identifier: GPL-2.0-only
/*
 * The analog ports' self-test (fw_analog_selftest(), fw/analog_sim.h): an FXS
 * rig and an FXO rig through an outgoing and an incoming call, with the card's
 * switching between them written out step by step. Every event must come in
 * its order, on its port and within its time; any other event fails the step.
 */
#include "fw/analog_sim.h"

struct selftest {
	struct fw_fxs_rig s;	/* the phone side */
	struct fw_fxo_rig o;	/* the line side */
};

static void st_tick(struct selftest *t)
{
	fw_fxs_rig_step(&t->s);
	fw_fxo_rig_step(&t->o);
}

/* Steps until @on_fxs's port gives an event (within @ms): it must be @kind (with @arg when
 * @arg >= 0), and the other port must stay quiet meanwhile. */
static bool st_expect(struct selftest *t, bool on_fxs, unsigned kind, int arg, uint32_t ms)
{
	struct fw_an_queue *q = on_fxs ? &t->s.port.c.q : &t->o.port.c.q;
	struct fw_an_queue *other = on_fxs ? &t->o.port.c.q : &t->s.port.c.q;
	struct fw_an_event ev;

	for (uint32_t i = 0;; i++) {
		if (other->count)
			return false;
		if (fw_an_event_get(q, &ev))
			return ev.kind == kind && (arg < 0 || ev.arg == (unsigned)arg);
		if (i == ms)
			return false;
		st_tick(t);
	}
}

/* @ms ticks without any event. */
static bool st_quiet(struct selftest *t, uint32_t ms)
{
	for (uint32_t i = 0; i < ms; i++) {
		st_tick(t);
		if (t->s.port.c.q.count || t->o.port.c.q.count)
			return false;
	}
	return true;
}

#define FXS	true
#define FXO	false
#define STEP(cond, name)			\
	do {					\
		step++;				\
		if (!(cond)) {			\
			if (what)		\
				*what = name;	\
			return step;		\
		}				\
	} while (0)

int fw_analog_selftest(const char **what)
{
	struct selftest t;
	struct fw_phone_config pc;
	int step = 0;

	fw_phone_config_default(&pc);
	pc.answer_after_rings = 2;
	STEP(!fw_fxs_rig_init(&t.s, NULL, &pc) && !fw_fxo_rig_init(&t.o, NULL, NULL), "init");
	STEP(st_quiet(&t, 100), "idle ports stay quiet");

	/* An outgoing call: the phone lifts and dials, the card seizes the line. */
	fw_phone_off_hook(&t.s.phone);
	STEP(st_expect(&t, FXS, FW_AN_EV_OFF_HOOK, 0, 20), "FXS sees the phone off hook");
	STEP(!fw_fxo_cmd(&t.o.port, FW_FXO_EV_OFF_HOOK), "FXO seizes the line");
	STEP(st_expect(&t, FXO, FW_AN_EV_LOOP_ON, -1, 100), "FXO sees loop current");
	STEP(!fw_phone_dial(&t.s.phone, "42", 2), "the phone dials 42");
	STEP(st_expect(&t, FXS, FW_AN_EV_DIGIT, 4, 1000), "FXS collects pulse digit 4");
	STEP(st_expect(&t, FXS, FW_AN_EV_DIGIT, 2, 1500), "FXS collects pulse digit 2");
	fw_co_answer(&t.o.co);
	STEP(st_expect(&t, FXO, FW_AN_EV_ANSWER, 1, 100), "FXO sees the answer reversal");
	STEP(!fw_fxs_cmd(&t.s.port, FW_FXS_EV_REVERSE), "FXS reverses battery");
	STEP(st_quiet(&t, 1) && t.s.phone.reversals == 1, "the phone sees the reversal");
	STEP(!fw_phone_flash(&t.s.phone, 300), "the phone flashes");
	STEP(st_expect(&t, FXS, FW_AN_EV_FLASH, 0, 400), "FXS sees a flash");
	STEP(!fw_fxo_cmd(&t.o.port, FW_FXO_EV_FLASH), "FXO flashes the line");
	STEP(st_expect(&t, FXO, FW_AN_EV_FLASH, 0, 800), "FXO flash done");
	STEP(st_expect(&t, FXO, FW_AN_EV_LOOP_ON, -1, 100) && t.o.co.flashes == 1,
	     "the CO sees a flash, loop current back");
	fw_co_clear_open(&t.o.co);
	STEP(st_expect(&t, FXO, FW_AN_EV_DISCONNECT, FW_AN_DISC_LOOP, 250),
	     "FXO sees the far end clear (open loop)");
	STEP(!fw_fxo_cmd(&t.o.port, FW_FXO_EV_ON_HOOK) &&
	     !fw_fxs_cmd(&t.s.port, FW_FXS_EV_NORMAL) &&
	     !fw_fxs_cmd(&t.s.port, FW_FXS_EV_OPEN_LOOP), "the card clears both ports");
	STEP(st_expect(&t, FXS, FW_AN_EV_OFF_HOOK, 0, 900), "FXS: the phone still off hook");
	STEP(t.s.phone.battery_drops == 1 && t.s.phone.last_drop_ms == 800 &&
	     t.s.phone.reversals == 2, "the phone saw an 800 ms open loop");
	fw_phone_on_hook(&t.s.phone);
	STEP(st_expect(&t, FXS, FW_AN_EV_ON_HOOK, 0, 900), "FXS sees the phone hang up");
	STEP(st_quiet(&t, 1200) && t.o.co.hangups == 1 && t.o.co.seizures == 1,
	     "the CO sees the FXO hang up");

	/* An incoming call: the line rings, the card rings the phone, the phone answers. */
	STEP(!fw_co_ring(&t.o.co), "the CO rings");
	STEP(st_expect(&t, FXO, FW_AN_EV_RING_START, 0, 200), "FXO sees ringing");
	STEP(!fw_fxs_cmd(&t.s.port, FW_FXS_EV_RING), "FXS rings the phone");
	STEP(st_expect(&t, FXO, FW_AN_EV_RING_STOP, 0, 2000), "FXO sees the burst end");
	STEP(st_expect(&t, FXO, FW_AN_EV_RING_START, 0, 4200), "FXO sees the second burst");
	STEP(st_expect(&t, FXS, FW_AN_EV_OFF_HOOK, 1, 500), "FXS: ring trip by the phone");
	STEP(!t.s.port.drive.ring && t.s.phone.rings == 2, "ringing stopped in the second burst");
	STEP(!fw_fxo_cmd(&t.o.port, FW_FXO_EV_OFF_HOOK), "FXO answers");
	STEP(st_expect(&t, FXO, FW_AN_EV_LOOP_ON, -1, 100) && t.o.co.ring_trips == 1,
	     "the CO's ringing tripped, loop current");
	fw_phone_on_hook(&t.s.phone);
	STEP(st_expect(&t, FXS, FW_AN_EV_ON_HOOK, 0, 900), "FXS sees the phone hang up");
	STEP(!fw_fxo_cmd(&t.o.port, FW_FXO_EV_ON_HOOK), "FXO releases");
	STEP(st_quiet(&t, 1200) && t.o.co.hangups == 2, "the CO sees the FXO hang up");
	STEP(!t.s.port.c.q.lost && !t.o.port.c.q.lost && !t.s.port.c.ignored &&
	     !t.o.port.c.ignored && !t.s.port.glitches, "no event lost or ignored");
	return 0;
}
