/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Analog ports of the card, line side, on a 1 ms tick: FXS (the card drives
 * a telephone) and FXO (the card is the telephone of a CO line). Not to be
 * confused with libtel/src/analog/, the host library's call logic over DAHDI:
 * this is what the card itself does with loop current, ring voltage and
 * battery polarity, and what it reports up as events.
 *
 * Each port is a table-driven state machine (states x events -> action ->
 * next state, a name for every state, event and action; fw_fxs_rows() /
 * fw_fxo_rows() give the table to tests and traces). Its inputs are the
 * line's electrical state sampled once per tick (fw_fxs_step(),
 * fw_fxo_step()) and commands from the host (fw_fxs_cmd(), fw_fxo_cmd());
 * its outputs are what it drives on the line (battery, polarity, ringing;
 * hook) and events in a small fixed queue (fw_an_event_get()), each stamped
 * with the tick it happened at. No callbacks, no allocation, no globals; the
 * caller owns the structs and the clock: one step = 1 ms, and the port's
 * tick counter (->c.now) counts the steps (the first step is tick 1).
 *
 * Timing rules (defaults in fw_fxs_config_default() / fw_fxo_config_default(),
 * with their sources there):
 * - FXS hook state is debounced: a loop state counts once it has been seen
 *   in debounce_ms consecutive samples; shorter glitches are ignored. Both
 *   edges are delayed alike, so a break's length is measured exactly.
 * - An FXS break (loop open while off hook) is classified when the loop
 *   closes again: up to pulse_break_max_ms a dial pulse; otherwise from
 *   flash_min_ms up to flash_max_ms a hook flash; a break still open after
 *   flash_max_ms is a hang-up (ON_HOOK at break start + flash_max_ms).
 *   A make of digit_end_ms after the last pulse ends a digit (10 pulses = 0).
 * - Ringing follows a cadence of up to FW_AN_CADENCE_MAX on/off intervals;
 *   the phone going off hook while ringing stops it at the tick the off-hook
 *   is recognised (ring trip).
 * - FXO ring bursts are validated by cadence: ring voltage present for
 *   ring_on_ms starts a burst (RING_START), absent for ring_off_ms ends it
 *   (RING_STOP); no new burst within ring_end_ms of RING_STOP means the
 *   caller gave up (RING_END).
 * - FXO disconnect: loop current absent for disc_ms while off hook (open
 *   loop / CPC), or the battery polarity going back to what it was at the
 *   seizure after an answer reversal.
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only.
 */
#ifndef FW_ANALOG_H
#define FW_ANALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Errors of commands and init (negative). */
#define FW_AN_ESTATE	(-1)	/* the command is not valid in the port's state */
#define FW_AN_EINVAL	(-2)	/* a bad argument or configuration */

/* --- Events --------------------------------------------------------------- */

enum fw_an_ev_kind {
	FW_AN_EV_OFF_HOOK,	/* FXS: the phone went off hook (arg 1: it tripped ringing) */
	FW_AN_EV_ON_HOOK,	/* FXS: the phone hung up (on hook longer than flash_max_ms) */
	FW_AN_EV_FLASH,		/* FXS: a hook flash; FXO: our flash is done, off hook again */
	FW_AN_EV_DIGIT,		/* FXS: a pulse-dialled digit, arg 0..9 */
	FW_AN_EV_BAD_DIGIT,	/* FXS: a pulse train of more than 10 pulses (arg: pulses, max 255) */
	FW_AN_EV_RING_START,	/* FXO: a ring burst began (validated) */
	FW_AN_EV_RING_STOP,	/* FXO: the ring burst ended */
	FW_AN_EV_RING_END,	/* FXO: no further burst: the ringing is over (caller gave up) */
	FW_AN_EV_LOOP_ON,	/* FXO: loop current flows after a seizure (the line is there) */
	FW_AN_EV_ANSWER,	/* FXO: battery reversed while off hook: the far end answered
				 * (arg: the new polarity, 1 reversed) */
	FW_AN_EV_DISCONNECT,	/* FXO: the far end cleared, arg enum fw_an_disc */
	FW_AN_EV_KIND_COUNT
};

enum fw_an_disc {
	FW_AN_DISC_LOOP,	/* loop current gone for disc_ms (open loop, CPC) */
	FW_AN_DISC_REVERSAL,	/* battery polarity back to normal after an answer */
};

struct fw_an_event {
	uint32_t tick;		/* the port's tick it happened at */
	uint8_t kind;		/* enum fw_an_ev_kind */
	uint8_t arg;
};

#define FW_AN_QUEUE_LEN	16

/* A bounded queue: when full, the newest event is dropped and counted. */
struct fw_an_queue {
	struct fw_an_event ev[FW_AN_QUEUE_LEN];
	uint8_t head, count;
	uint32_t lost;		/* events dropped because the queue was full (saturating) */
};

/* --- Shared pieces ------------------------------------------------------ */

#define FW_AN_CADENCE_MAX	6

/* Ringing cadence: ms[0] on, ms[1] off, ms[2] on, ...; n even, 2..FW_AN_CADENCE_MAX. */
struct fw_an_cadence {
	uint16_t ms[FW_AN_CADENCE_MAX];
	uint8_t n;
};

/* A debounced input: ->state changes once the input differed for the set time. */
struct fw_an_debounce {
	bool state;
	uint16_t run;		/* consecutive samples that differ from ->state */
};

/*
 * The table of a machine: rows[state * nevents + event]. An action returns
 * FW_AN_NEXT (go to the row's next state), FW_AN_STAY, FW_AN_TO(s) (a state
 * the row lists in ->alt), or a negative FW_AN_E* (refused: no move). A row
 * without an action: the event is not valid in that state (a command gets
 * FW_AN_ESTATE; a line event is counted in ->ignored).
 */
#define FW_AN_NEXT	0
#define FW_AN_STAY	0x100
#define FW_AN_TO(s)	(0x200 | (int)(s))

typedef int (*fw_an_act)(void *port, unsigned arg);

struct fw_an_row {
	fw_an_act act;
	const char *name;	/* the action's name, for traces and tests */
	uint8_t next;
	uint16_t alt;		/* bit s: the action may choose state s instead (FW_AN_TO) */
};

/* What every port has: its clock, state, timer, trace and event queue. */
struct fw_an_core {
	uint32_t now;			/* ticks (ms) stepped so far */
	uint8_t state;			/* moved only by the table */
	bool timer_on;
	bool armed;			/* the running action armed the timer */
	uint32_t timer;			/* tick the state's timer runs out at */
	const char *last_action;	/* name of the last action run */
	uint32_t ignored;		/* line events without a row in their state (saturating) */
	struct fw_an_queue q;
};

struct fw_an_fsm {
	const char *name;
	const char *const *states;	/* [nstates] */
	const char *const *events;	/* [nevents] */
	const struct fw_an_row *rows;	/* [nstates * nevents] */
	uint8_t nstates, nevents;
};

/* Names, for traces and tests ("?" when out of range). */
const char *fw_an_ev_name(unsigned kind);

/* Takes the oldest event into *@ev; false when the queue is empty. */
bool fw_an_event_get(struct fw_an_queue *q, struct fw_an_event *ev);

/* --- FXS: the card drives a telephone ------------------------------------ */

enum fw_fxs_state {
	FW_FXS_IDLE,		/* on hook, battery on */
	FW_FXS_RINGING,		/* on hook, ringing by the cadence */
	FW_FXS_OFF_HOOK,	/* off hook: dialling, talking; pulses of a digit being counted */
	FW_FXS_BREAK,		/* loop open while off hook: a pulse, a flash or a hang-up */
	FW_FXS_OPEN_LOOP,	/* battery removed for open_loop_ms (disconnect supervision) */
	FW_FXS_STATE_COUNT
};

enum fw_fxs_event {
	FW_FXS_EV_LOOP_CLOSED,	/* debounced: loop current flows */
	FW_FXS_EV_LOOP_OPEN,	/* debounced: no loop current */
	FW_FXS_EV_TIMER,	/* the state's timer ran out */
	FW_FXS_EV_RING,		/* command: ring the phone by the cadence */
	FW_FXS_EV_STOP_RING,	/* command: stop ringing (the caller gave up) */
	FW_FXS_EV_REVERSE,	/* command: reversed battery (answer supervision) */
	FW_FXS_EV_NORMAL,	/* command: normal battery polarity (the far end cleared) */
	FW_FXS_EV_OPEN_LOOP,	/* command: remove battery for open_loop_ms (the far end cleared) */
	FW_FXS_EV_COUNT
};

/* What the FXS port drives on the line. */
struct fw_fxs_drive {
	bool battery;		/* loop feed on (off during an open-loop disconnect) */
	bool reversed;		/* battery polarity reversed */
	bool ring;		/* ringing voltage on (the cadence's on part) */
};

struct fw_fxs_config {
	uint16_t debounce_ms;		/* hook state must hold this long to count */
	uint16_t pulse_break_max_ms;	/* a break up to this long is a dial pulse (0: no pulse dialling) */
	uint16_t flash_min_ms;		/* a longer break from this long ... */
	uint16_t flash_max_ms;		/* ... up to this long is a flash; longer: hang-up */
	uint16_t digit_end_ms;		/* a make this long after a pulse ends the digit */
	uint16_t open_loop_ms;		/* battery removed this long by FW_FXS_EV_OPEN_LOOP */
	struct fw_an_cadence cadence;
};

struct fw_fxs {
	struct fw_an_core c;		/* c.state: enum fw_fxs_state */
	struct fw_fxs_config cfg;
	struct fw_fxs_drive drive;	/* outputs, valid after init and after each step/command */
	struct fw_an_debounce loop;	/* the debounced hook state (true: off hook) */
	uint32_t break_start;		/* tick the current break began (debounced) */
	uint8_t pulses;			/* pulses of the digit being dialled */
	uint8_t cad_idx;		/* the cadence interval being played */
	uint32_t glitches;		/* breaks too long for a pulse, too short for a flash */
};

/* The defaults (see analog.c for their sources). */
void fw_fxs_config_default(struct fw_fxs_config *c);
/* Sets up @p on hook with battery on. @c NULL: defaults. 0 or FW_AN_EINVAL (bad @c). */
int fw_fxs_init(struct fw_fxs *p, const struct fw_fxs_config *c);
/* One 1 ms tick: @loop is whether loop current flows now. */
void fw_fxs_step(struct fw_fxs *p, bool loop);
/* A command (FW_FXS_EV_RING .. FW_FXS_EV_OPEN_LOOP): 0, FW_AN_ESTATE or FW_AN_EINVAL. */
int fw_fxs_cmd(struct fw_fxs *p, enum fw_fxs_event cmd);
static inline bool fw_fxs_event(struct fw_fxs *p, struct fw_an_event *ev)
{
	return fw_an_event_get(&p->c.q, ev);
}
const struct fw_an_fsm *fw_fxs_fsm(void);

/* --- FXO: the card is the telephone of a CO line ---------------------------- */

enum fw_fxo_state {
	FW_FXO_IDLE,		/* on hook */
	FW_FXO_RINGING,		/* on hook, a ring burst is on */
	FW_FXO_RING_PAUSE,	/* on hook, between bursts */
	FW_FXO_SEIZED,		/* off hook, no loop current yet */
	FW_FXO_OFF_HOOK,	/* off hook, loop current flows */
	FW_FXO_DISCONNECTED,	/* off hook, the far end cleared; waiting for our on hook */
	FW_FXO_FLASHING,	/* on hook for flash_ms, then off hook again */
	FW_FXO_STATE_COUNT
};

enum fw_fxo_event {
	FW_FXO_EV_RING_ON,	/* validated: ring voltage present ring_on_ms */
	FW_FXO_EV_RING_OFF,	/* validated: ring voltage absent ring_off_ms */
	FW_FXO_EV_LOOP_ON,	/* debounced: loop current flows */
	FW_FXO_EV_LOOP_OFF,	/* loop current absent for disc_ms */
	FW_FXO_EV_POLARITY,	/* debounced: battery polarity changed (arg 1: reversed) */
	FW_FXO_EV_TIMER,	/* the state's timer ran out */
	FW_FXO_EV_OFF_HOOK,	/* command: go off hook (seize, or answer ringing) */
	FW_FXO_EV_ON_HOOK,	/* command: go on hook (release) */
	FW_FXO_EV_FLASH,	/* command: on hook for flash_ms, then off hook */
	FW_FXO_EV_COUNT
};

/* What the FXO port sees of the line in one tick. */
struct fw_fxo_line {
	bool ring;		/* ringing voltage present (the ring detector's envelope) */
	bool loop;		/* loop current flows (only while we are off hook) */
	bool reversed;		/* battery polarity reversed (meaningful while loop flows) */
};

struct fw_fxo_config {
	uint16_t ring_on_ms;		/* ring voltage this long starts a burst */
	uint16_t ring_off_ms;		/* no ring voltage this long ends it */
	uint16_t ring_end_ms;		/* no burst this long after RING_STOP: ringing over */
	uint16_t loop_on_ms;		/* loop current this long: LOOP_ON */
	uint16_t disc_ms;		/* no loop current this long while off hook: disconnect */
	uint16_t polarity_ms;		/* a polarity must hold this long to count */
	uint16_t flash_ms;		/* on-hook time of our flash */
};

struct fw_fxo {
	struct fw_an_core c;		/* c.state: enum fw_fxo_state */
	struct fw_fxo_config cfg;
	bool off_hook;			/* output: our hook switch */
	struct fw_an_debounce ring, loop, pol;
	bool pol_ref;			/* polarity when loop current first flowed in this call */
	bool ref_set;			/* pol_ref is set (a flash keeps it) */
	bool answered;			/* an answer reversal was seen in this call */
};

void fw_fxo_config_default(struct fw_fxo_config *c);
/* Sets up @p on hook. @c NULL: defaults. 0 or FW_AN_EINVAL. */
int fw_fxo_init(struct fw_fxo *p, const struct fw_fxo_config *c);
void fw_fxo_step(struct fw_fxo *p, const struct fw_fxo_line *in);
/* A command (FW_FXO_EV_OFF_HOOK .. FW_FXO_EV_FLASH): 0, FW_AN_ESTATE or FW_AN_EINVAL. */
int fw_fxo_cmd(struct fw_fxo *p, enum fw_fxo_event cmd);
static inline bool fw_fxo_event(struct fw_fxo *p, struct fw_an_event *ev)
{
	return fw_an_event_get(&p->c.q, ev);
}
const struct fw_an_fsm *fw_fxo_fsm(void);

#endif /* FW_ANALOG_H */
