// SPDX-License-Identifier: GPL-2.0-only
/*
 * Analog ports, line side (fw/analog.h): FXS and FXO as tables on a 1 ms tick.
 *
 * Default timings and where they come from (all configurable):
 *
 * FXS (fw_fxs_config_default):
 *  debounce_ms        10   well under the shortest make of a 10 pps dial (8-11 pps at
 *                          up to ~68 % break: makes of ~30 ms and more), well over
 *                          contact bounce and line hits of a few ms.
 *  pulse_break_max_ms 100  10 pps breaks are 60-67 ms (60/40 North America, 2:1 Europe),
 *                          the slowest 8 pps / 68 % dial breaks 85 ms. DAHDI accepts
 *                          15-200 ms (DAHDI_MINPULSETIME/MAXPULSETIME in
 *                          dahdi/kernel.h) but shortens it to 80 ms where short
 *                          flashes are wanted (SHORT_FLASH_TIME).
 *  flash_min_ms       100  } a flash is a break of 100-800 ms (a break of exactly
 *  flash_max_ms       800  } 100 ms is a pulse: pulses are checked first). Common
 *                          practice: Linksys/Cisco ATAs 100-900 ms ("Hook Flash Timer
 *                          Min/Max"), DAHDI up to 1250 ms (DAHDI_DEFAULT_RXFLASHTIME),
 *                          Telcordia GR-506 300-1100 ms at the CO. Longer: a hang-up.
 *  digit_end_ms       250  DAHDI's end of a pulse digit (DAHDI_PULSETIMEOUT = 200 + 50
 *                          ms); a dial's inter-digit pause is far longer (DAHDI itself
 *                          pulses with 750 ms between digits, DAHDI_DEFAULT_PULSEAFTERTIME).
 *  open_loop_ms       800  Calling party control (open loop disconnect) is an open of
 *                          250-900 ms in the field (Sandman, "CPC technical bulletin");
 *                          800 is seen by detectors set to the usual 500 ms.
 *  cadence      2000/4000  North American standard ringing, 2 s on 4 s off (Telcordia
 *                          GR-506); UK 400/200/400/2000 and others fit the 6 intervals.
 *
 * FXO (fw_fxo_config_default):
 *  ring_on_ms / ring_off_ms 128  wctdm24xxp's ring debounce (DEFAULT_RING_DEBOUNCE, 1024
 *                          frames of 125 us); shorter than the UK's 200 ms gap between
 *                          the two bursts of a double ring, longer than a line click.
 *  ring_end_ms       8000  longest silence of a common cadence (4 s) with a margin, as
 *                          libtel's ANALOG_RING_TIMEOUT_MS.
 *  loop_on_ms          64  DAHDI fxo_modes.h battdebounce (64 ms).
 *  disc_ms            200  CPC opens are 250 ms and more (Sandman, as above); the 20-50 ms
 *                          blips after a seizure or dialling (same source) must not be.
 *  polarity_ms         64  DAHDI POLARITY_DEBOUNCE (64 ms, wctdm.c, wctdm24xxp.h).
 *  flash_ms           750  DAHDI_DEFAULT_FLASHTIME (750 ms), inside GR-506's 300-1100 ms.
 */
#include "fw/analog.h"

/* --- shared ------------------------------------------------------------- */

static const char *const an_ev_names[FW_AN_EV_KIND_COUNT] = {
	[FW_AN_EV_OFF_HOOK] = "OFF_HOOK",
	[FW_AN_EV_ON_HOOK] = "ON_HOOK",
	[FW_AN_EV_FLASH] = "FLASH",
	[FW_AN_EV_DIGIT] = "DIGIT",
	[FW_AN_EV_BAD_DIGIT] = "BAD_DIGIT",
	[FW_AN_EV_RING_START] = "RING_START",
	[FW_AN_EV_RING_STOP] = "RING_STOP",
	[FW_AN_EV_RING_END] = "RING_END",
	[FW_AN_EV_LOOP_ON] = "LOOP_ON",
	[FW_AN_EV_ANSWER] = "ANSWER",
	[FW_AN_EV_DISCONNECT] = "DISCONNECT",
};

const char *fw_an_ev_name(unsigned kind)
{
	return kind < FW_AN_EV_KIND_COUNT && an_ev_names[kind] ? an_ev_names[kind] : "?";
}

bool fw_an_event_get(struct fw_an_queue *q, struct fw_an_event *ev)
{
	if (!q->count)
		return false;
	*ev = q->ev[q->head];
	q->head = (uint8_t)((q->head + 1) % FW_AN_QUEUE_LEN);
	q->count--;
	return true;
}

static void an_emit(struct fw_an_core *c, unsigned kind, unsigned arg)
{
	struct fw_an_queue *q = &c->q;

	if (q->count == FW_AN_QUEUE_LEN) {
		if (q->lost != UINT32_MAX)
			q->lost++;
		return;
	}
	q->ev[(q->head + q->count) % FW_AN_QUEUE_LEN] = (struct fw_an_event){
		.tick = c->now, .kind = (uint8_t)kind, .arg = (uint8_t)arg,
	};
	q->count++;
}

static void an_timer(struct fw_an_core *c, uint16_t ms)
{
	c->timer = c->now + ms;
	c->timer_on = true;
	c->armed = true;
}

static bool an_timer_due(struct fw_an_core *c)
{
	if (!c->timer_on || (int32_t)(c->now - c->timer) < 0)
		return false;
	c->timer_on = false;
	return true;
}

/*
 * Feeds one sample: true when ->state changed (the input differed from it in
 * @to_on / @to_off consecutive samples, depending on the new state).
 */
static bool an_debounce(struct fw_an_debounce *d, bool in, uint16_t to_on, uint16_t to_off)
{
	if (in == d->state) {
		d->run = 0;
		return false;
	}
	if (++d->run < (in ? to_on : to_off))
		return false;
	d->state = in;
	d->run = 0;
	return true;
}

static void an_debounce_set(struct fw_an_debounce *d, bool state)
{
	d->state = state;
	d->run = 0;
}

/*
 * Runs the row of (state, @ev). The state's timer stops when the state
 * changes unless the action armed it for the new one. Returns 0, the
 * action's error, or FW_AN_ESTATE (no row, or the action chose a state its
 * row does not list: a defect of the table, and no move is made).
 */
static int an_run(const struct fw_an_fsm *f, struct fw_an_core *c, unsigned ev, void *port,
		  unsigned arg)
{
	const struct fw_an_row *r = &f->rows[c->state * f->nevents + ev];
	unsigned next;
	int rc;

	if (!r->act)
		return FW_AN_ESTATE;
	c->last_action = r->name;
	c->armed = false;
	rc = r->act(port, arg);
	if (rc < 0)
		return rc;
	if (rc == FW_AN_NEXT) {
		next = r->next;
	} else if (rc == FW_AN_STAY) {
		next = c->state;
	} else {
		next = (unsigned)rc & 0xffu;
		if (next != r->next && !(r->alt & (1u << next)))
			return FW_AN_ESTATE;
	}
	if (next != c->state && !c->armed)
		c->timer_on = false;
	c->state = (uint8_t)next;
	return 0;
}

/* A line event: one without a row is counted, not an error. */
static void an_line(const struct fw_an_fsm *f, struct fw_an_core *c, unsigned ev, void *port,
		    unsigned arg)
{
	if (an_run(f, c, ev, port, arg) == FW_AN_ESTATE && c->ignored != UINT32_MAX)
		c->ignored++;
}

/* Field by field: no memset for the compiler to call (the image has no libc). */
static void an_core_init(struct fw_an_core *c, uint8_t state)
{
	c->now = 0;
	c->state = state;
	c->timer_on = c->armed = false;
	c->timer = 0;
	c->last_action = "init";
	c->ignored = 0;
	c->q.head = c->q.count = 0;
	c->q.lost = 0;
}

static int act_none(void *port, unsigned arg)
{
	(void)port;
	(void)arg;
	return FW_AN_STAY;
}

static bool cadence_ok(const struct fw_an_cadence *cad)
{
	if (cad->n < 2 || cad->n > FW_AN_CADENCE_MAX || cad->n % 2)
		return false;
	for (unsigned i = 0; i < cad->n; i++)
		if (!cad->ms[i])
			return false;
	return true;
}

/* --- FXS ---------------------------------------------------------------- */

static const char *const fxs_state_names[FW_FXS_STATE_COUNT] = {
	[FW_FXS_IDLE] = "IDLE",
	[FW_FXS_RINGING] = "RINGING",
	[FW_FXS_OFF_HOOK] = "OFF_HOOK",
	[FW_FXS_BREAK] = "BREAK",
	[FW_FXS_OPEN_LOOP] = "OPEN_LOOP",
};

static const char *const fxs_event_names[FW_FXS_EV_COUNT] = {
	[FW_FXS_EV_LOOP_CLOSED] = "LOOP_CLOSED",
	[FW_FXS_EV_LOOP_OPEN] = "LOOP_OPEN",
	[FW_FXS_EV_TIMER] = "TIMER",
	[FW_FXS_EV_RING] = "RING",
	[FW_FXS_EV_STOP_RING] = "STOP_RING",
	[FW_FXS_EV_REVERSE] = "REVERSE",
	[FW_FXS_EV_NORMAL] = "NORMAL",
	[FW_FXS_EV_OPEN_LOOP] = "OPEN_LOOP",
};

/* The digit whose pulses were counted, if any. */
static void fxs_flush_digit(struct fw_fxs *p)
{
	if (!p->pulses)
		return;
	if (p->pulses <= 10)
		an_emit(&p->c, FW_AN_EV_DIGIT, p->pulses % 10);
	else
		an_emit(&p->c, FW_AN_EV_BAD_DIGIT, p->pulses);
	p->pulses = 0;
}

static int fxs_off_hook(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->pulses = 0;
	an_emit(&p->c, FW_AN_EV_OFF_HOOK, 0);
	return FW_AN_NEXT;
}

static int fxs_ring_start(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->cad_idx = 0;
	p->drive.ring = true;
	an_timer(&p->c, p->cfg.cadence.ms[0]);
	return FW_AN_NEXT;
}

static int fxs_cadence(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->cad_idx = (uint8_t)((p->cad_idx + 1) % p->cfg.cadence.n);
	p->drive.ring = !(p->cad_idx & 1);
	an_timer(&p->c, p->cfg.cadence.ms[p->cad_idx]);
	return FW_AN_STAY;
}

static int fxs_ring_stop(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->drive.ring = false;
	return FW_AN_NEXT;
}

/* Off hook while ringing: the ringing stops in this very tick. */
static int fxs_ring_trip(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->drive.ring = false;
	p->pulses = 0;
	an_emit(&p->c, FW_AN_EV_OFF_HOOK, 1);
	return FW_AN_NEXT;
}

static int fxs_reverse(void *port, unsigned arg)
{
	(void)arg;
	((struct fw_fxs *)port)->drive.reversed = true;
	return FW_AN_STAY;
}

static int fxs_normal(void *port, unsigned arg)
{
	(void)arg;
	((struct fw_fxs *)port)->drive.reversed = false;
	return FW_AN_STAY;
}

static int fxs_open_loop(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->pulses = 0;		/* the call is being cleared: a digit half dialled is moot */
	p->drive.battery = false;
	p->drive.ring = false;
	an_timer(&p->c, p->cfg.open_loop_ms);
	return FW_AN_NEXT;
}

/*
 * Battery back. The hook state starts over from "on hook": a phone still off
 * hook is reported as OFF_HOOK once its loop current is seen for debounce_ms.
 */
static int fxs_open_loop_end(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->drive.battery = true;
	an_debounce_set(&p->loop, false);
	return FW_AN_NEXT;
}

static int fxs_break_start(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	p->break_start = p->c.now;
	an_timer(&p->c, p->cfg.flash_max_ms);
	return FW_AN_NEXT;
}

/* The loop closed again: the break was a dial pulse, a flash, or neither. */
static int fxs_break_end(void *port, unsigned arg)
{
	struct fw_fxs *p = port;
	uint32_t len = p->c.now - p->break_start;

	(void)arg;
	if (len <= p->cfg.pulse_break_max_ms) {
		if (p->pulses != UINT8_MAX)
			p->pulses++;
		an_timer(&p->c, p->cfg.digit_end_ms);
		return FW_AN_NEXT;
	}
	fxs_flush_digit(p);
	if (len >= p->cfg.flash_min_ms)
		an_emit(&p->c, FW_AN_EV_FLASH, 0);
	else if (p->glitches != UINT32_MAX)
		p->glitches++;
	return FW_AN_NEXT;
}

static int fxs_digit_end(void *port, unsigned arg)
{
	(void)arg;
	fxs_flush_digit(port);
	return FW_AN_STAY;
}

static int fxs_hang_up(void *port, unsigned arg)
{
	struct fw_fxs *p = port;

	(void)arg;
	fxs_flush_digit(p);
	an_emit(&p->c, FW_AN_EV_ON_HOOK, 0);
	return FW_AN_NEXT;
}

#define ROW(a, n)	{ a, #a, n, 0 }
#define STAY(s)		{ act_none, "none", s, 0 }
#define POLARITY(s)	[FW_FXS_EV_REVERSE] = ROW(fxs_reverse, s), [FW_FXS_EV_NORMAL] = ROW(fxs_normal, s)

static const struct fw_an_row fxs_rows[FW_FXS_STATE_COUNT][FW_FXS_EV_COUNT] = {
	[FW_FXS_IDLE] = {
		[FW_FXS_EV_LOOP_CLOSED]	= ROW(fxs_off_hook, FW_FXS_OFF_HOOK),
		[FW_FXS_EV_LOOP_OPEN]	= STAY(FW_FXS_IDLE),
		[FW_FXS_EV_RING]	= ROW(fxs_ring_start, FW_FXS_RINGING),
		[FW_FXS_EV_STOP_RING]	= STAY(FW_FXS_IDLE),	/* raced with a ring trip */
		POLARITY(FW_FXS_IDLE),
		[FW_FXS_EV_OPEN_LOOP]	= ROW(fxs_open_loop, FW_FXS_OPEN_LOOP),
	},
	[FW_FXS_RINGING] = {
		[FW_FXS_EV_LOOP_CLOSED]	= ROW(fxs_ring_trip, FW_FXS_OFF_HOOK),
		[FW_FXS_EV_LOOP_OPEN]	= STAY(FW_FXS_RINGING),
		[FW_FXS_EV_TIMER]	= ROW(fxs_cadence, FW_FXS_RINGING),
		[FW_FXS_EV_STOP_RING]	= ROW(fxs_ring_stop, FW_FXS_IDLE),
		POLARITY(FW_FXS_RINGING),
	},
	[FW_FXS_OFF_HOOK] = {
		[FW_FXS_EV_LOOP_CLOSED]	= STAY(FW_FXS_OFF_HOOK),
		[FW_FXS_EV_LOOP_OPEN]	= ROW(fxs_break_start, FW_FXS_BREAK),
		[FW_FXS_EV_TIMER]	= ROW(fxs_digit_end, FW_FXS_OFF_HOOK),
		[FW_FXS_EV_STOP_RING]	= STAY(FW_FXS_OFF_HOOK),	/* raced with a ring trip */
		POLARITY(FW_FXS_OFF_HOOK),
		[FW_FXS_EV_OPEN_LOOP]	= ROW(fxs_open_loop, FW_FXS_OPEN_LOOP),
	},
	[FW_FXS_BREAK] = {
		[FW_FXS_EV_LOOP_CLOSED]	= ROW(fxs_break_end, FW_FXS_OFF_HOOK),
		[FW_FXS_EV_TIMER]	= ROW(fxs_hang_up, FW_FXS_IDLE),
		[FW_FXS_EV_STOP_RING]	= STAY(FW_FXS_BREAK),
		POLARITY(FW_FXS_BREAK),
		[FW_FXS_EV_OPEN_LOOP]	= ROW(fxs_open_loop, FW_FXS_OPEN_LOOP),
	},
	[FW_FXS_OPEN_LOOP] = {
		[FW_FXS_EV_LOOP_CLOSED]	= STAY(FW_FXS_OPEN_LOOP),	/* no battery: nothing to learn */
		[FW_FXS_EV_LOOP_OPEN]	= STAY(FW_FXS_OPEN_LOOP),
		[FW_FXS_EV_TIMER]	= ROW(fxs_open_loop_end, FW_FXS_IDLE),
		[FW_FXS_EV_STOP_RING]	= STAY(FW_FXS_OPEN_LOOP),
		POLARITY(FW_FXS_OPEN_LOOP),
	},
};

static const struct fw_an_fsm fxs_fsm = {
	.name = "FXS",
	.states = fxs_state_names,
	.events = fxs_event_names,
	.rows = &fxs_rows[0][0],
	.nstates = FW_FXS_STATE_COUNT,
	.nevents = FW_FXS_EV_COUNT,
};

const struct fw_an_fsm *fw_fxs_fsm(void)
{
	return &fxs_fsm;
}

static const struct fw_fxs_config fxs_default = {
	.debounce_ms = 10,
	.pulse_break_max_ms = 100,
	.flash_min_ms = 100,
	.flash_max_ms = 800,
	.digit_end_ms = 250,
	.open_loop_ms = 800,
	.cadence = { .ms = { 2000, 4000 }, .n = 2 },
};

/* Copies field by field: gcc -Os makes a struct copy of a constant a memset call, and
 * the image has no libc. */
static void fxs_config_copy(struct fw_fxs_config *d, const struct fw_fxs_config *s)
{
	d->debounce_ms = s->debounce_ms;
	d->pulse_break_max_ms = s->pulse_break_max_ms;
	d->flash_min_ms = s->flash_min_ms;
	d->flash_max_ms = s->flash_max_ms;
	d->digit_end_ms = s->digit_end_ms;
	d->open_loop_ms = s->open_loop_ms;
	for (unsigned i = 0; i < FW_AN_CADENCE_MAX; i++)
		d->cadence.ms[i] = i < s->cadence.n ? s->cadence.ms[i] : 0;
	d->cadence.n = s->cadence.n;
}

void fw_fxs_config_default(struct fw_fxs_config *c)
{
	fxs_config_copy(c, &fxs_default);
}

int fw_fxs_init(struct fw_fxs *p, const struct fw_fxs_config *c)
{
	if (!c)
		c = &fxs_default;
	if (!c->debounce_ms || !c->flash_max_ms || c->flash_min_ms > c->flash_max_ms ||
	    c->pulse_break_max_ms > c->flash_max_ms ||
	    (c->pulse_break_max_ms && !c->digit_end_ms) || !c->open_loop_ms ||
	    !cadence_ok(&c->cadence))
		return FW_AN_EINVAL;
	an_core_init(&p->c, FW_FXS_IDLE);
	fxs_config_copy(&p->cfg, c);
	p->drive = (struct fw_fxs_drive){ .battery = true };
	an_debounce_set(&p->loop, false);
	p->break_start = 0;
	p->pulses = p->cad_idx = 0;
	p->glitches = 0;
	return 0;
}

void fw_fxs_step(struct fw_fxs *p, bool loop)
{
	p->c.now++;
	if (an_debounce(&p->loop, loop, p->cfg.debounce_ms, p->cfg.debounce_ms))
		an_line(&fxs_fsm, &p->c, p->loop.state ? FW_FXS_EV_LOOP_CLOSED : FW_FXS_EV_LOOP_OPEN,
			p, 0);
	if (an_timer_due(&p->c))
		an_line(&fxs_fsm, &p->c, FW_FXS_EV_TIMER, p, 0);
}

int fw_fxs_cmd(struct fw_fxs *p, enum fw_fxs_event cmd)
{
	if (cmd < FW_FXS_EV_RING || cmd >= FW_FXS_EV_COUNT)
		return FW_AN_EINVAL;
	return an_run(&fxs_fsm, &p->c, cmd, p, 0);
}

/* --- FXO ---------------------------------------------------------------- */

static const char *const fxo_state_names[FW_FXO_STATE_COUNT] = {
	[FW_FXO_IDLE] = "IDLE",
	[FW_FXO_RINGING] = "RINGING",
	[FW_FXO_RING_PAUSE] = "RING_PAUSE",
	[FW_FXO_SEIZED] = "SEIZED",
	[FW_FXO_OFF_HOOK] = "OFF_HOOK",
	[FW_FXO_DISCONNECTED] = "DISCONNECTED",
	[FW_FXO_FLASHING] = "FLASHING",
};

static const char *const fxo_event_names[FW_FXO_EV_COUNT] = {
	[FW_FXO_EV_RING_ON] = "RING_ON",
	[FW_FXO_EV_RING_OFF] = "RING_OFF",
	[FW_FXO_EV_LOOP_ON] = "LOOP_ON",
	[FW_FXO_EV_LOOP_OFF] = "LOOP_OFF",
	[FW_FXO_EV_POLARITY] = "POLARITY",
	[FW_FXO_EV_TIMER] = "TIMER",
	[FW_FXO_EV_OFF_HOOK] = "OFF_HOOK",
	[FW_FXO_EV_ON_HOOK] = "ON_HOOK",
	[FW_FXO_EV_FLASH] = "FLASH",
};

static int fxo_ring_start(void *port, unsigned arg)
{
	(void)arg;
	an_emit(&((struct fw_fxo *)port)->c, FW_AN_EV_RING_START, 0);
	return FW_AN_NEXT;
}

static int fxo_ring_stop(void *port, unsigned arg)
{
	struct fw_fxo *p = port;

	(void)arg;
	an_emit(&p->c, FW_AN_EV_RING_STOP, 0);
	an_timer(&p->c, p->cfg.ring_end_ms);
	return FW_AN_NEXT;
}

static int fxo_ring_end(void *port, unsigned arg)
{
	(void)arg;
	an_emit(&((struct fw_fxo *)port)->c, FW_AN_EV_RING_END, 0);
	return FW_AN_NEXT;
}

/* Off hook: a new call (a seizure, or the answer of ringing). Loop current is looked for anew. */
static int fxo_seize(void *port, unsigned arg)
{
	struct fw_fxo *p = port;

	(void)arg;
	p->off_hook = true;
	p->ref_set = false;
	p->answered = false;
	an_debounce_set(&p->loop, false);
	return FW_AN_NEXT;
}

static int fxo_release(void *port, unsigned arg)
{
	struct fw_fxo *p = port;

	(void)arg;
	p->off_hook = false;
	an_debounce_set(&p->loop, false);
	return FW_AN_NEXT;
}

static int fxo_flash(void *port, unsigned arg)
{
	struct fw_fxo *p = port;

	(void)arg;
	p->off_hook = false;
	an_timer(&p->c, p->cfg.flash_ms);
	return FW_AN_NEXT;
}

static int fxo_flash_end(void *port, unsigned arg)
{
	struct fw_fxo *p = port;

	(void)arg;
	p->off_hook = true;
	an_debounce_set(&p->loop, false);
	an_emit(&p->c, FW_AN_EV_FLASH, 0);
	return FW_AN_NEXT;
}

/* Loop current flows (@arg: its polarity is reversed): the reference for answer supervision. */
static int fxo_loop_on(void *port, unsigned arg)
{
	struct fw_fxo *p = port;

	an_debounce_set(&p->pol, arg);
	if (!p->ref_set) {
		p->pol_ref = arg;
		p->ref_set = true;
	}
	an_emit(&p->c, FW_AN_EV_LOOP_ON, 0);
	return FW_AN_NEXT;
}

/* Loop current back after a disconnect (CPC over): a new reference, a new call's supervision. */
static int fxo_loop_back(void *port, unsigned arg)
{
	struct fw_fxo *p = port;

	p->ref_set = false;
	p->answered = false;
	return fxo_loop_on(port, arg);
}

static int fxo_disc_loop(void *port, unsigned arg)
{
	(void)arg;
	an_emit(&((struct fw_fxo *)port)->c, FW_AN_EV_DISCONNECT, FW_AN_DISC_LOOP);
	return FW_AN_NEXT;
}

/* A reversal away from the seizure's polarity answers; back to it after an answer clears. */
static int fxo_polarity(void *port, unsigned arg)
{
	struct fw_fxo *p = port;
	bool rev = arg;

	if (rev != p->pol_ref && !p->answered) {
		p->answered = true;
		an_emit(&p->c, FW_AN_EV_ANSWER, rev);
		return FW_AN_STAY;
	}
	if (rev == p->pol_ref && p->answered) {
		an_emit(&p->c, FW_AN_EV_DISCONNECT, FW_AN_DISC_REVERSAL);
		return FW_AN_TO(FW_FXO_DISCONNECTED);
	}
	return FW_AN_STAY;
}

#define IGNORE_RING(s)	[FW_FXO_EV_RING_ON] = STAY(s), [FW_FXO_EV_RING_OFF] = STAY(s)
#define IGNORE_LOOP(s)	[FW_FXO_EV_LOOP_ON] = STAY(s), [FW_FXO_EV_LOOP_OFF] = STAY(s), \
			[FW_FXO_EV_POLARITY] = STAY(s)

static const struct fw_an_row fxo_rows[FW_FXO_STATE_COUNT][FW_FXO_EV_COUNT] = {
	[FW_FXO_IDLE] = {
		[FW_FXO_EV_RING_ON]	= ROW(fxo_ring_start, FW_FXO_RINGING),
		[FW_FXO_EV_RING_OFF]	= STAY(FW_FXO_IDLE),
		IGNORE_LOOP(FW_FXO_IDLE),
		[FW_FXO_EV_OFF_HOOK]	= ROW(fxo_seize, FW_FXO_SEIZED),
		[FW_FXO_EV_ON_HOOK]	= STAY(FW_FXO_IDLE),
	},
	[FW_FXO_RINGING] = {
		[FW_FXO_EV_RING_OFF]	= ROW(fxo_ring_stop, FW_FXO_RING_PAUSE),
		IGNORE_LOOP(FW_FXO_RINGING),
		[FW_FXO_EV_OFF_HOOK]	= ROW(fxo_seize, FW_FXO_SEIZED),	/* answer */
		[FW_FXO_EV_ON_HOOK]	= STAY(FW_FXO_RINGING),
	},
	[FW_FXO_RING_PAUSE] = {
		[FW_FXO_EV_RING_ON]	= ROW(fxo_ring_start, FW_FXO_RINGING),
		IGNORE_LOOP(FW_FXO_RING_PAUSE),
		[FW_FXO_EV_TIMER]	= ROW(fxo_ring_end, FW_FXO_IDLE),
		[FW_FXO_EV_OFF_HOOK]	= ROW(fxo_seize, FW_FXO_SEIZED),	/* answer */
		[FW_FXO_EV_ON_HOOK]	= STAY(FW_FXO_RING_PAUSE),
	},
	[FW_FXO_SEIZED] = {
		IGNORE_RING(FW_FXO_SEIZED),
		[FW_FXO_EV_LOOP_ON]	= ROW(fxo_loop_on, FW_FXO_OFF_HOOK),
		[FW_FXO_EV_LOOP_OFF]	= STAY(FW_FXO_SEIZED),
		[FW_FXO_EV_POLARITY]	= STAY(FW_FXO_SEIZED),
		[FW_FXO_EV_OFF_HOOK]	= STAY(FW_FXO_SEIZED),
		[FW_FXO_EV_ON_HOOK]	= ROW(fxo_release, FW_FXO_IDLE),
		[FW_FXO_EV_FLASH]	= ROW(fxo_flash, FW_FXO_FLASHING),
	},
	[FW_FXO_OFF_HOOK] = {
		IGNORE_RING(FW_FXO_OFF_HOOK),
		[FW_FXO_EV_LOOP_ON]	= STAY(FW_FXO_OFF_HOOK),
		[FW_FXO_EV_LOOP_OFF]	= ROW(fxo_disc_loop, FW_FXO_DISCONNECTED),
		[FW_FXO_EV_POLARITY]	= { fxo_polarity, "fxo_polarity", FW_FXO_OFF_HOOK,
					    1u << FW_FXO_DISCONNECTED },
		[FW_FXO_EV_OFF_HOOK]	= STAY(FW_FXO_OFF_HOOK),
		[FW_FXO_EV_ON_HOOK]	= ROW(fxo_release, FW_FXO_IDLE),
		[FW_FXO_EV_FLASH]	= ROW(fxo_flash, FW_FXO_FLASHING),
	},
	[FW_FXO_DISCONNECTED] = {
		IGNORE_RING(FW_FXO_DISCONNECTED),
		[FW_FXO_EV_LOOP_ON]	= ROW(fxo_loop_back, FW_FXO_OFF_HOOK),
		[FW_FXO_EV_LOOP_OFF]	= STAY(FW_FXO_DISCONNECTED),
		[FW_FXO_EV_POLARITY]	= STAY(FW_FXO_DISCONNECTED),
		[FW_FXO_EV_OFF_HOOK]	= STAY(FW_FXO_DISCONNECTED),
		[FW_FXO_EV_ON_HOOK]	= ROW(fxo_release, FW_FXO_IDLE),
		[FW_FXO_EV_FLASH]	= ROW(fxo_flash, FW_FXO_FLASHING),
	},
	[FW_FXO_FLASHING] = {
		IGNORE_RING(FW_FXO_FLASHING),
		IGNORE_LOOP(FW_FXO_FLASHING),
		[FW_FXO_EV_TIMER]	= ROW(fxo_flash_end, FW_FXO_SEIZED),
		[FW_FXO_EV_ON_HOOK]	= ROW(fxo_release, FW_FXO_IDLE),
	},
};

static const struct fw_an_fsm fxo_fsm = {
	.name = "FXO",
	.states = fxo_state_names,
	.events = fxo_event_names,
	.rows = &fxo_rows[0][0],
	.nstates = FW_FXO_STATE_COUNT,
	.nevents = FW_FXO_EV_COUNT,
};

const struct fw_an_fsm *fw_fxo_fsm(void)
{
	return &fxo_fsm;
}

static const struct fw_fxo_config fxo_default = {
	.ring_on_ms = 128,
	.ring_off_ms = 128,
	.ring_end_ms = 8000,
	.loop_on_ms = 64,
	.disc_ms = 200,
	.polarity_ms = 64,
	.flash_ms = 750,
};

void fw_fxo_config_default(struct fw_fxo_config *c)
{
	*c = fxo_default;
}

int fw_fxo_init(struct fw_fxo *p, const struct fw_fxo_config *c)
{
	if (!c)
		c = &fxo_default;
	if (!c->ring_on_ms || !c->ring_off_ms || !c->ring_end_ms || !c->loop_on_ms ||
	    !c->disc_ms || !c->polarity_ms || !c->flash_ms)
		return FW_AN_EINVAL;
	an_core_init(&p->c, FW_FXO_IDLE);
	p->cfg = *c;
	p->off_hook = false;
	an_debounce_set(&p->ring, false);
	an_debounce_set(&p->loop, false);
	an_debounce_set(&p->pol, false);
	p->pol_ref = p->ref_set = p->answered = false;
	return 0;
}

void fw_fxo_step(struct fw_fxo *p, const struct fw_fxo_line *in)
{
	p->c.now++;
	if (an_debounce(&p->ring, in->ring, p->cfg.ring_on_ms, p->cfg.ring_off_ms))
		an_line(&fxo_fsm, &p->c, p->ring.state ? FW_FXO_EV_RING_ON : FW_FXO_EV_RING_OFF, p, 0);
	if (an_debounce(&p->loop, in->loop, p->cfg.loop_on_ms, p->cfg.disc_ms))
		an_line(&fxo_fsm, &p->c, p->loop.state ? FW_FXO_EV_LOOP_ON : FW_FXO_EV_LOOP_OFF, p,
			in->reversed);
	else if (p->loop.state && in->loop &&
		 an_debounce(&p->pol, in->reversed, p->cfg.polarity_ms, p->cfg.polarity_ms))
		an_line(&fxo_fsm, &p->c, FW_FXO_EV_POLARITY, p, p->pol.state);
	else if (!in->loop)
		p->pol.run = 0;		/* a polarity is only read while current flows */
	if (an_timer_due(&p->c))
		an_line(&fxo_fsm, &p->c, FW_FXO_EV_TIMER, p, 0);
}

int fw_fxo_cmd(struct fw_fxo *p, enum fw_fxo_event cmd)
{
	if (cmd < FW_FXO_EV_OFF_HOOK || cmd >= FW_FXO_EV_COUNT)
		return FW_AN_EINVAL;
	return an_run(&fxo_fsm, &p->c, cmd, p, 0);
}
