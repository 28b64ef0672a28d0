// SPDX-License-Identifier: GPL-2.0-only
/*
 * The outside world of the analog ports (fw/analog_sim.h): a telephone, a CO
 * line, the rigs that wire them to the ports, and the ports' self-test.
 *
 * Model defaults: pulse dialling at 10 pulses/s with a 60/40 break/make ratio
 * (the North American ratio; Europe uses about 2:1, 67/33) and 700 ms between
 * digits (over the ~600 ms minimum of a rotary dial's pause; DAHDI pulses with
 * 750, DAHDI_DEFAULT_PULSEAFTERTIME). The CO rings 2 s on 4 s off (Telcordia
 * GR-506), opens the loop for 800 ms to clear (CPC opens are 250-900 ms), and
 * takes an on-hook of up to 1100 ms as a flash (GR-506's 300-1100 ms window).
 */
#include "fw/analog_sim.h"

/* --- telephone ------------------------------------------------------------ */

static const struct fw_phone_config phone_default = {
	.break_ms = 60,
	.make_ms = 40,
	.interdigit_ms = 700,
	.answer_after_rings = 0,
	.answer_delay_ms = 300,
};

void fw_phone_config_default(struct fw_phone_config *c)
{
	c->break_ms = phone_default.break_ms;
	c->make_ms = phone_default.make_ms;
	c->interdigit_ms = phone_default.interdigit_ms;
	c->answer_after_rings = phone_default.answer_after_rings;
	c->answer_delay_ms = phone_default.answer_delay_ms;
}

int fw_phone_init(struct fw_phone *ph, const struct fw_phone_config *c)
{
	if (!c)
		c = &phone_default;
	if (!c->break_ms || !c->make_ms || !c->interdigit_ms)
		return FW_AN_EINVAL;
	fw_phone_config_default(&ph->cfg);
	ph->cfg.break_ms = c->break_ms;
	ph->cfg.make_ms = c->make_ms;
	ph->cfg.interdigit_ms = c->interdigit_ms;
	ph->cfg.answer_after_rings = c->answer_after_rings;
	ph->cfg.answer_delay_ms = c->answer_delay_ms;
	ph->now = 0;
	ph->handset_up = false;
	ph->act = FW_PHONE_IDLE;
	ph->in_break = false;
	ph->left = 0;
	ph->pulses_left = 0;
	ph->ndigits = ph->digit_idx = 0;
	ph->ringing = false;
	ph->rings = ph->ring_start = 0;
	ph->battery = true;
	ph->reversed = false;
	ph->reversals = ph->battery_drops = ph->last_drop_ms = ph->drop_run = 0;
	return 0;
}

void fw_phone_off_hook(struct fw_phone *ph)
{
	ph->handset_up = true;
}

void fw_phone_on_hook(struct fw_phone *ph)
{
	ph->handset_up = false;
	ph->act = FW_PHONE_IDLE;
}

int fw_phone_flash(struct fw_phone *ph, uint16_t ms)
{
	if (!ms)
		return FW_AN_EINVAL;
	if (!ph->handset_up || ph->act != FW_PHONE_IDLE)
		return FW_AN_ESTATE;
	ph->act = FW_PHONE_FLASHING;
	ph->left = ms;
	return 0;
}

static void phone_digit_start(struct fw_phone *ph)
{
	uint8_t d = ph->digits[ph->digit_idx];

	ph->pulses_left = d ? d : 10;
	ph->in_break = true;
	ph->left = ph->cfg.break_ms;
}

int fw_phone_dial(struct fw_phone *ph, const char *digits, size_t n)
{
	if (!digits || !n || n > FW_PHONE_DIGITS_MAX)
		return FW_AN_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return FW_AN_EINVAL;
	if (!ph->handset_up || ph->act != FW_PHONE_IDLE)
		return FW_AN_ESTATE;
	for (size_t i = 0; i < n; i++)
		ph->digits[i] = (uint8_t)(digits[i] - '0');
	ph->ndigits = (uint8_t)n;
	ph->digit_idx = 0;
	ph->act = FW_PHONE_DIALLING;
	phone_digit_start(ph);
	return 0;
}

/* What the phone sees of the line this tick. */
static void phone_see(struct fw_phone *ph, const struct fw_fxs_drive *line)
{
	bool ring = line->battery && line->ring;

	if (ring && !ph->ringing) {
		ph->rings++;
		ph->ring_start = ph->now;
	}
	ph->ringing = ring;
	if (!line->battery) {
		if (ph->battery)
			ph->battery_drops++;
		ph->drop_run++;
	} else {
		if (!ph->battery)
			ph->last_drop_ms = ph->drop_run;
		ph->drop_run = 0;
		if (line->reversed != ph->reversed)
			ph->reversals++;
		ph->reversed = line->reversed;
	}
	ph->battery = line->battery;
	if (ph->cfg.answer_after_rings && !ph->handset_up && ph->ringing &&
	    ph->rings >= ph->cfg.answer_after_rings &&
	    ph->now - ph->ring_start >= ph->cfg.answer_delay_ms)
		ph->handset_up = true;
}

/* The hook switch this tick, then the dial or flash moves on by a millisecond. */
static bool phone_hook_closed(struct fw_phone *ph)
{
	bool closed;

	switch (ph->act) {
	case FW_PHONE_FLASHING:
		if (!--ph->left)
			ph->act = FW_PHONE_IDLE;
		return false;
	case FW_PHONE_DIALLING:
		closed = !ph->in_break;
		if (--ph->left)
			return closed;
		if (ph->in_break) {	/* a break ends: a make, the pause, or the end */
			ph->in_break = false;
			if (--ph->pulses_left)
				ph->left = ph->cfg.make_ms;
			else if (ph->digit_idx + 1 < ph->ndigits)
				ph->left = ph->cfg.interdigit_ms;
			else
				ph->act = FW_PHONE_IDLE;	/* the dial is back: off hook */
		} else if (ph->pulses_left) {
			ph->in_break = true;
			ph->left = ph->cfg.break_ms;
		} else {
			ph->digit_idx++;
			phone_digit_start(ph);
		}
		return closed;
	default:
		return ph->handset_up;
	}
}

bool fw_phone_step(struct fw_phone *ph, const struct fw_fxs_drive *line)
{
	ph->now++;
	phone_see(ph, line);
	return phone_hook_closed(ph) && line->battery;
}

/* --- CO line -------------------------------------------------------------- */

static const struct fw_co_config co_default = {
	.cadence = { .ms = { 2000, 4000 }, .n = 2 },
	.open_loop_ms = 800,
	.flash_max_ms = 1100,
	.answer_reversal = true,
};

static void co_config_copy(struct fw_co_config *d, const struct fw_co_config *s)
{
	for (unsigned i = 0; i < FW_AN_CADENCE_MAX; i++)
		d->cadence.ms[i] = i < s->cadence.n ? s->cadence.ms[i] : 0;
	d->cadence.n = s->cadence.n;
	d->open_loop_ms = s->open_loop_ms;
	d->flash_max_ms = s->flash_max_ms;
	d->answer_reversal = s->answer_reversal;
}

void fw_co_config_default(struct fw_co_config *c)
{
	co_config_copy(c, &co_default);
}

int fw_co_init(struct fw_co *co, const struct fw_co_config *c)
{
	if (!c)
		c = &co_default;
	if (c->cadence.n < 2 || c->cadence.n > FW_AN_CADENCE_MAX || c->cadence.n % 2 ||
	    !c->open_loop_ms || !c->flash_max_ms)
		return FW_AN_EINVAL;
	for (unsigned i = 0; i < c->cadence.n; i++)
		if (!c->cadence.ms[i])
			return FW_AN_EINVAL;
	co_config_copy(&co->cfg, c);
	co->now = 0;
	co->battery = true;
	co->reversed = co->ringing = co->ring = false;
	co->cad_idx = 0;
	co->cad_left = co->open_left = 0;
	co->off_hook = false;
	co->seizures = co->ring_trips = co->rings = co->flashes = co->hangups = 0;
	co->last_on_hook_ms = 0;
	co->on_run = UINT32_MAX;	/* on hook "for ever": the first off hook is a seizure */
	return 0;
}

int fw_co_ring(struct fw_co *co)
{
	if (co->off_hook || co->ringing)
		return FW_AN_ESTATE;
	co->ringing = co->ring = true;
	co->cad_idx = 0;
	co->cad_left = co->cfg.cadence.ms[0];
	co->rings++;
	return 0;
}

void fw_co_stop_ring(struct fw_co *co)
{
	co->ringing = co->ring = false;
}

void fw_co_answer(struct fw_co *co)
{
	if (co->cfg.answer_reversal)
		co->reversed = true;
}

void fw_co_clear_reversal(struct fw_co *co)
{
	co->reversed = false;
}

void fw_co_clear_open(struct fw_co *co)
{
	co->battery = false;
	co->reversed = false;
	co->open_left = co->cfg.open_loop_ms;
}

/* The FXO's hook this tick: seizures, ring trip, flashes and hang-ups by on-hook time. */
static void co_see(struct fw_co *co, bool off_hook)
{
	if (off_hook && !co->off_hook) {
		co->last_on_hook_ms = co->on_run;
		if (co->on_run && co->on_run <= co->cfg.flash_max_ms)
			co->flashes++;
		else
			co->seizures++;
		if (co->ringing) {
			co->ring_trips++;
			fw_co_stop_ring(co);
		}
	}
	if (!off_hook) {
		if (co->off_hook)
			co->on_run = 0;
		if (co->on_run != UINT32_MAX && ++co->on_run == (uint32_t)co->cfg.flash_max_ms + 1) {
			co->hangups++;
			co->reversed = false;	/* the call is over: back to idle feed */
		}
	}
	co->off_hook = off_hook;
}

void fw_co_step(struct fw_co *co, bool fxo_off_hook, struct fw_fxo_line *out)
{
	co->now++;
	co_see(co, fxo_off_hook);
	out->ring = co->ring && co->battery;
	out->loop = fxo_off_hook && co->battery && !co->ring;
	out->reversed = co->reversed;
	if (co->ringing && !--co->cad_left) {
		co->cad_idx = (uint8_t)((co->cad_idx + 1) % co->cfg.cadence.n);
		co->cad_left = co->cfg.cadence.ms[co->cad_idx];
		co->ring = !(co->cad_idx & 1);
		if (co->ring)
			co->rings++;
	}
	if (co->open_left && !--co->open_left)
		co->battery = true;
}

/* --- rigs ------------------------------------------------------------------- */

int fw_fxs_rig_init(struct fw_fxs_rig *r, const struct fw_fxs_config *pc,
		    const struct fw_phone_config *hc)
{
	int rc = fw_fxs_init(&r->port, pc);

	return rc ? rc : fw_phone_init(&r->phone, hc);
}

int fw_fxo_rig_init(struct fw_fxo_rig *r, const struct fw_fxo_config *pc,
		    const struct fw_co_config *cc)
{
	int rc = fw_fxo_init(&r->port, pc);

	r->line.ring = r->line.loop = r->line.reversed = false;
	return rc ? rc : fw_co_init(&r->co, cc);
}

void fw_fxs_rig_step(struct fw_fxs_rig *r)
{
	fw_fxs_step(&r->port, fw_phone_step(&r->phone, &r->port.drive));
}

void fw_fxo_rig_step(struct fw_fxo_rig *r)
{
	fw_co_step(&r->co, r->port.off_hook, &r->line);
	fw_fxo_step(&r->port, &r->line);
}
