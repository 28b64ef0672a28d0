/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The outside world of the analog ports, for tests and the simulated card:
 * a telephone on an FXS port and a CO line on an FXO port. Each has a step
 * function per 1 ms tick that takes what the port drives and gives what the
 * port sees, so a fault in a host test is the same code as in the VM.
 *
 * A "rig" wires a port to its model: fw_fxs_rig (FXS port + telephone) and
 * fw_fxo_rig (FXO port + CO line); one fw_*_rig_step() is one millisecond.
 * fw_analog_selftest() runs a pair of them through two calls, for the
 * Cortex-M image's self-test.
 *
 * Timing of actions: an action asked for between two steps starts with the
 * next step. A telephone dialling at tick B opens its loop for the samples
 * B+1 .. B+break_ms, closes it for make_ms, and so on; a CO ringing from tick
 * R has ring voltage on for R+1 .. R+cadence.ms[0].
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only.
 */
#ifndef FW_ANALOG_SIM_H
#define FW_ANALOG_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/analog.h"

/* --- A telephone (on an FXS port) ------------------------------------------ */

struct fw_phone_config {
	uint16_t break_ms;		/* dial pulse break (60: 10 pps, 60/40) */
	uint16_t make_ms;		/* dial pulse make (40) */
	uint16_t interdigit_ms;		/* loop closed between two digits (700) */
	uint8_t answer_after_rings;	/* lift the handset in this ring burst (0: never by itself) */
	uint16_t answer_delay_ms;	/* ... this long after the burst began (300) */
};

#define FW_PHONE_DIGITS_MAX	32

enum fw_phone_act { FW_PHONE_IDLE, FW_PHONE_FLASHING, FW_PHONE_DIALLING };

struct fw_phone {
	struct fw_phone_config cfg;
	uint32_t now;
	bool handset_up;		/* the person's side: off hook */
	uint8_t act;			/* enum fw_phone_act */
	bool in_break;			/* dialling: the dial has the loop open now */
	uint16_t left;			/* ms left in the flash / dial phase */
	uint8_t pulses_left;		/* breaks still to come in this digit */
	uint8_t digits[FW_PHONE_DIGITS_MAX], ndigits, digit_idx;
	/* what it sees of the line */
	bool ringing;			/* the bell rings now */
	uint32_t rings;			/* ring bursts seen */
	uint32_t ring_start;		/* tick the current burst began */
	bool battery;			/* battery seen last tick */
	bool reversed;			/* polarity seen last (while battery on) */
	uint32_t reversals;		/* polarity changes seen */
	uint32_t battery_drops;		/* times battery went away (open loop disconnect) */
	uint32_t last_drop_ms;		/* how long the last one lasted */
	uint32_t drop_run;
};

void fw_phone_config_default(struct fw_phone_config *c);
/* On hook, idle. @c NULL: defaults. 0 or FW_AN_EINVAL (zero break/make/interdigit). */
int fw_phone_init(struct fw_phone *ph, const struct fw_phone_config *c);
void fw_phone_off_hook(struct fw_phone *ph);
/* Hangs up; a flash or dialling in progress stops. */
void fw_phone_on_hook(struct fw_phone *ph);
/* On hook for @ms, then off hook. FW_AN_ESTATE (on hook or busy), FW_AN_EINVAL (@ms 0). */
int fw_phone_flash(struct fw_phone *ph, uint16_t ms);
/* Pulse-dials @n digits '0'..'9'. FW_AN_ESTATE (on hook or busy), FW_AN_EINVAL (bad digit,
 * @n 0 or more than FW_PHONE_DIGITS_MAX); on error nothing is dialled. */
int fw_phone_dial(struct fw_phone *ph, const char *digits, size_t n);
static inline bool fw_phone_busy(const struct fw_phone *ph)
{
	return ph->act != FW_PHONE_IDLE;
}
/* One tick: sees @line, returns whether loop current flows (hook closed and battery on). */
bool fw_phone_step(struct fw_phone *ph, const struct fw_fxs_drive *line);

/* --- A CO line (on an FXO port) --------------------------------------------- */

struct fw_co_config {
	struct fw_an_cadence cadence;	/* ringing (2000 on / 4000 off) */
	uint16_t open_loop_ms;		/* battery removed by fw_co_clear_open() (800, CPC) */
	uint16_t flash_max_ms;		/* an on-hook up to this long is a flash (1100, GR-506) */
	bool answer_reversal;		/* fw_co_answer() reverses the battery (true) */
};

struct fw_co {
	struct fw_co_config cfg;
	uint32_t now;
	bool battery, reversed;		/* the feed */
	bool ringing;			/* a ringing cycle is on (until trip or stop) */
	bool ring;			/* ring voltage now (the cadence's on part) */
	uint8_t cad_idx;
	uint16_t cad_left, open_left;
	/* what it sees of the FXO */
	bool off_hook;			/* the FXO's hook last tick */
	uint32_t seizures;		/* on hook -> off hook (a flash's return not counted) */
	uint32_t ring_trips;		/* off hook during ringing */
	uint32_t rings;			/* ring bursts sent */
	uint32_t flashes, hangups;	/* on-hook intervals up to / longer than flash_max_ms */
	uint32_t last_on_hook_ms;	/* length of the last on-hook interval */
	uint32_t on_run;
};

void fw_co_config_default(struct fw_co_config *c);
/* Battery on, normal polarity, idle. @c NULL: defaults. 0 or FW_AN_EINVAL. */
int fw_co_init(struct fw_co *co, const struct fw_co_config *c);
/* A call in: ring by the cadence until the FXO answers or fw_co_stop_ring(). FW_AN_ESTATE
 * when the FXO is off hook or ringing is on already. */
int fw_co_ring(struct fw_co *co);
/* The caller gives up. */
void fw_co_stop_ring(struct fw_co *co);
/* The far end answers an outgoing call (battery reversed if cfg.answer_reversal). */
void fw_co_answer(struct fw_co *co);
/* The far end clears: polarity back to normal. */
void fw_co_clear_reversal(struct fw_co *co);
/* The far end clears: battery removed for open_loop_ms (CPC), then normal battery. */
void fw_co_clear_open(struct fw_co *co);
/* One tick: @fxo_off_hook is the FXO's hook; *@out what the FXO sees. */
void fw_co_step(struct fw_co *co, bool fxo_off_hook, struct fw_fxo_line *out);

/* --- Rigs: a port wired to its model ----------------------------------------- */

struct fw_fxs_rig {
	struct fw_fxs port;
	struct fw_phone phone;
};

struct fw_fxo_rig {
	struct fw_fxo port;
	struct fw_co co;
	struct fw_fxo_line line;	/* what the port saw last tick */
};

/* NULL configs: defaults. 0 or FW_AN_EINVAL. */
int fw_fxs_rig_init(struct fw_fxs_rig *r, const struct fw_fxs_config *pc,
		    const struct fw_phone_config *hc);
int fw_fxo_rig_init(struct fw_fxo_rig *r, const struct fw_fxo_config *pc,
		    const struct fw_co_config *cc);
/* One millisecond: the model sees the port's outputs, then the port the model's. */
void fw_fxs_rig_step(struct fw_fxs_rig *r);
void fw_fxo_rig_step(struct fw_fxo_rig *r);

/*
 * fw_analog_selftest() - an FXS/FXO pair through two calls with default
 * timings, the card switching between them: the phone lifts and dials "42",
 * the FXO seizes the line, the far end answers (reversal, passed on to the
 * phone), the phone flashes (passed on as an FXO flash), the far end clears
 * by open loop (passed on as an open-loop disconnect), the phone hangs up;
 * then the line rings, the phone rings by the cadence and answers in the
 * second burst (ring trip), the FXO answers, the phone hangs up and the FXO
 * releases. Every event is checked in order and within its time. Returns 0,
 * or the number of the step that failed, with *@what (if not NULL) naming it.
 * Uses under 1 KiB of stack (592 bytes in its frame on Cortex-M4, -Os); runs 14,375
 * ticks of both rigs (14.4 simulated seconds).
 */
int fw_analog_selftest(const char **what);

#endif /* FW_ANALOG_SIM_H */
