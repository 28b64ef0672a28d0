// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Analog lines (FXO and FXS ports) through the public API, against the fake
 * DAHDI of fake_dahdi.h: the state machine's table, incoming and outgoing
 * calls, reject, disconnect supervision, alarms, caps / TEL_ENOTSUP, and
 * DAHDI_SETCONF for conferences.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analog/analog.h"
#include "libtel/tel.h"
#include "session/session.h"
#include "../fake_dahdi_world.h"

static void advance(struct world *w, uint64_t ms)
{
	w->now += ms;
	run(w);
}

static const struct tel_line_cfg cfg = { .side = TEL_SIDE_USER, .bchans = 1 };

/* A world with one channel of signalling @sig opened as a line. */
static void world_init(struct world *w, int sig, struct fake_chan **c, tel_line **l)
{
	world_open(w, true);
	*c = fake_add(&w->fd, 0, "/dev/dahdi/chan/001/001", sig);
	assert_int_equal(tel_line_open_dahdi(w->ctx, &cfg, (*c)->path, l), 0);
	assert_int_equal(tel_line_up(*l), 1);
	run(w);
}

/* Index of the first CALL_STATE to @s of @call (or DROP_DONE when @s < 0) from @from. */
static int find_state(struct world *w, unsigned from, tel_call *call, int s)
{
	for (unsigned i = from; i < w->nev; i++) {
		const struct tel_event *e = &w->ev[i];

		if (call && e->call != call)
			continue;
		if (s < 0 ? e->type == TEL_EV_DROP_DONE :
			    e->type == TEL_EV_CALL_STATE && (int)e->state == s)
			return (int)i;
	}
	return -1;
}

/* The @nth DAHDI_HOOK value issued, -1 if fewer. */
static int hook_op(const struct fake_chan *c, int nth)
{
	int i = fake_find_ioctl(c, 0, DAHDI_HOOK, nth);

	return i < 0 ? -1 : c->io[i].arg;
}

/* ----------------------------------------------------------- the table --- */

/* Both port machines are sound descriptions (core/fsm.h), and name their states. */
static void test_fsm_defs_sound(void **state)
{
	char why[256] = "";

	(void)state;
	for (int k = 0; k < 2; k++) {
		const struct fsm_def *d = analog_fsm_def(k ? ANALOG_FXS : ANALOG_FXO);

		if (fsm_def_check(d, why, sizeof(why)))
			fail_msg("%s", why);
	}
	assert_string_equal(analog_state_name(AN_LOCKOUT), "LOCKOUT");
	assert_string_equal(analog_event_name(AN_EV_DROP_REQ), "DROP_REQ");
	/* a drop of a connected FXS call may leave the port in LOCKOUT: declared */
	assert_true(fsm_row(analog_fsm_def(ANALOG_FXS), AN_CONNECTED, AN_EV_DROP_REQ)->alt &
		    FSM_BIT(AN_LOCKOUT));
	assert_true(fsm_timer_allowed(analog_fsm_def(ANALOG_FXO), AN_OFFERING, 0));
	assert_false(fsm_timer_allowed(analog_fsm_def(ANALOG_FXO), AN_CONNECTED, 0));
}

static void test_fsm_table(void **state)
{
	const char *act;
	enum analog_state next;

	(void)state;
	assert_true(analog_fsm_lookup(ANALOG_FXO, AN_IDLE, AN_EV_RING, &act, &next));
	assert_string_equal(act, "offer");
	assert_int_equal(next, AN_OFFERING);
	assert_true(analog_fsm_lookup(ANALOG_FXO, AN_OFFERING, AN_EV_DROP_REQ, &act, &next));
	assert_string_equal(act, "reject_co");
	assert_int_equal(next, AN_IGNORING);
	assert_true(analog_fsm_lookup(ANALOG_FXO, AN_CONNECTED, AN_EV_ONHOOK, &act, &next));
	assert_string_equal(act, "far_hangup");
	assert_int_equal(next, AN_DISCONNECTED);
	assert_true(analog_fsm_lookup(ANALOG_FXS, AN_IDLE, AN_EV_MAKE_REQ, &act, &next));
	assert_string_equal(act, "ring_phone");
	assert_int_equal(next, AN_RINGING);
	assert_true(analog_fsm_lookup(ANALOG_FXS, AN_RINGING, AN_EV_OFFHOOK, &act, &next));
	assert_string_equal(act, "connected");
	/* no rows: ringing on a connected FXO port, a phone "ringing" in */
	assert_false(analog_fsm_lookup(ANALOG_FXO, AN_CONNECTED, AN_EV_RING, NULL, NULL));
	assert_false(analog_fsm_lookup(ANALOG_FXS, AN_IDLE, AN_EV_RING, NULL, NULL));
	assert_string_equal(analog_state_name(AN_IGNORING), "IGNORING");
	assert_string_equal(analog_event_name(AN_EV_RING_TIMEOUT), "RING_TIMEOUT");
	assert_string_equal(analog_state_name(AN_STATE_COUNT), "?");
}

/* ------------------------------------------------------------ FXO port --- */

static void test_fxo_answer_drop(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	struct tel_call_info info;
	struct tel_line_caps caps;
	int i;

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &c, &l);
	assert_int_equal(tel_line_caps(l, &caps), 0);
	assert_int_equal(caps.uui_setup_max, 0);
	assert_int_equal(caps.uui_answer_max, 0);
	assert_int_equal(caps.uui_drop_max, 0);
	assert_int_equal(caps.can_reject, 1);
	assert_int_equal(caps.conf_drop_all, 1);
	assert_int_equal(caps.bridged, 0);

	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);	/* ringing detected */
	run(&w);
	call = w.offered;
	assert_non_null(call);
	assert_ptr_equal(tel_call_line(call), l);
	assert_int_equal(hook_op(c, 0), -1);		/* still on hook */
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);	/* the next ring: the same call */
	run(&w);
	assert_int_equal(find_state(&w, 1, NULL, TEL_CS_OFFERING), -1);

	assert_int_equal(tel_call_answer(call, NULL, 0, 0), 0);
	assert_int_equal(hook_op(c, 0), DAHDI_OFFHOOK);
	run(&w);
	assert_true(find_state(&w, 0, call, TEL_CS_CONNECTED) >= 0);
	assert_int_equal(tel_call_answer(call, NULL, 0, 0), TEL_ESTATE);

	i = (int)w.nev;
	assert_int_equal(tel_call_drop(call, NULL), 0);
	assert_int_equal(hook_op(c, 1), DAHDI_ONHOOK);
	assert_int_equal(tel_call_drop(call, NULL), TEL_ESTATE);	/* drop already pending */
	run(&w);
	/* IDLE, then DROP_DONE */
	assert_true(find_state(&w, (unsigned)i, call, TEL_CS_IDLE) >= 0);
	assert_true(find_state(&w, (unsigned)i, call, -1) >
		    find_state(&w, (unsigned)i, call, TEL_CS_IDLE));
	assert_int_equal(tel_call_info(call, &info), 0);
	assert_int_equal(info.cause, 16);
	assert_int_equal(info.cause_remote, 0);
	assert_int_equal(info.mode, TEL_DM_NORMAL);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

static void test_fxo_reject(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	struct tel_call_info info;

	(void)state;
	world_init(&w, DAHDI_SIG_FXSLS, &c, &l);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	call = w.offered;
	assert_non_null(call);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_info(call, &info), 0);
	assert_int_equal(info.state, TEL_CS_IDLE);
	assert_int_equal(info.cause, 21);
	assert_int_equal(info.cause_remote, 0);
	assert_int_equal(info.mode, TEL_DM_REJECT);
	assert_true(find_state(&w, 0, call, -1) >= 0);
	assert_int_equal(fake_count_ioctl(c, DAHDI_HOOK), 0);	/* stayed on hook */
	assert_int_equal(tel_call_dealloc(call), 0);

	/* the rest of the ringing cycle is ignored ... */
	w.offered = NULL;
	advance(&w, 4000);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	assert_null(w.offered);
	assert_int_equal(l->an->state, AN_IGNORING);
	/* ... until no ring came for the ring timeout: the next ring is a new call */
	advance(&w, ANALOG_RING_TIMEOUT_MS);
	assert_int_equal(l->an->state, AN_IDLE);
	fake_event(c, DAHDI_EVENT_RINGBEGIN);
	run(&w);
	assert_non_null(w.offered);
	assert_ptr_not_equal(w.offered, NULL);
	world_fini(&w);
}

/* The far end hangs up: loop current goes (ONHOOK) -> DISCONNECTED, the app's drop -> IDLE. */
static void test_fxo_far_disconnect(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	struct tel_call_info info;
	int i;

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &c, &l);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	call = w.offered;
	assert_int_equal(tel_call_answer(call, NULL, 0, 0), 0);
	run(&w);
	fake_event(c, DAHDI_EVENT_ONHOOK);
	run(&w);
	i = find_state(&w, 0, call, TEL_CS_DISCONNECTED);
	assert_true(i >= 0);
	assert_int_equal(w.info[i].cause, 16);
	assert_int_equal(w.info[i].cause_remote, 1);
	assert_int_equal(tel_call_dealloc(call), TEL_ESTATE);	/* not idle yet */
	assert_int_equal(tel_call_drop(call, NULL), 0);
	assert_int_equal(hook_op(c, 1), DAHDI_ONHOOK);
	run(&w);
	assert_int_equal(tel_call_info(call, &info), 0);
	assert_int_equal(info.state, TEL_CS_IDLE);
	assert_int_equal(info.cause, 16);	/* the first clearing cause stays */
	assert_int_equal(info.cause_remote, 1);
	assert_true(find_state(&w, 0, call, -1) >= 0);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

/* The caller gives up while it rings: no ring for the ring timeout -> DISCONNECTED. */
static void test_fxo_abandoned(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &c, &l);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	call = w.offered;
	advance(&w, ANALOG_RING_TIMEOUT_MS - 1);
	assert_int_equal(find_state(&w, 0, call, TEL_CS_DISCONNECTED), -1);
	advance(&w, 1);
	assert_true(find_state(&w, 0, call, TEL_CS_DISCONNECTED) >= 0);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	run(&w);
	assert_true(find_state(&w, 0, call, TEL_CS_IDLE) >= 0);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

/* An outgoing call on a CO line: off hook, digits, connected once dialled. */
static void test_fxo_make(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call, *other;
	struct tel_call_params p = { .to = "5551234" };

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &c, &l);
	assert_int_equal(tel_call_make(l, &p, &call), 0);
	assert_int_equal(hook_op(c, 0), DAHDI_OFFHOOK);
	assert_true(fake_find_ioctl(c, 0, DAHDI_DIAL, 0) >= 0);
	assert_int_equal(tel_call_make(l, &p, &other), TEL_EBUSY);	/* one call per port */
	run(&w);
	assert_true(find_state(&w, 0, call, TEL_CS_DIALING) >= 0);
	fake_event(c, DAHDI_EVENT_DIALCOMPLETE);
	run(&w);
	assert_true(find_state(&w, 0, call, TEL_CS_CONNECTED) >= 0);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	run(&w);
	assert_int_equal(hook_op(c, 1), DAHDI_ONHOOK);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

/* Battery lost: the call is out of order (27), the line is down until NOALARM. */
static void test_fxo_alarm(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	struct tel_call_params p = { .to = "1" };
	int i;

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &c, &l);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	call = w.offered;
	assert_int_equal(tel_call_answer(call, NULL, 0, 0), 0);
	run(&w);
	fake_event(c, DAHDI_EVENT_ALARM);
	run(&w);
	i = find_state(&w, 0, call, TEL_CS_DISCONNECTED);
	assert_true(i >= 0);
	assert_int_equal(w.info[i].cause, 27);
	assert_int_equal(tel_line_up(l), 0);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_dealloc(call), 0);
	assert_int_equal(tel_call_make(l, &p, &call), TEL_ELINK);
	fake_event(c, DAHDI_EVENT_NOALARM);
	run(&w);
	assert_int_equal(tel_line_up(l), 1);
	for (i = 0; i < (int)w.nev; i++)
		if (w.ev[i].type == TEL_EV_LINE_STATE)
			break;
	assert_true(i < (int)w.nev && w.ev[i].up == 0);
	world_fini(&w);
}

/* The channel disappears (GETEVENT fails with ENODEV): the call ends, the line goes down. */
static void test_channel_gone(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	int i;

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &c, &l);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	call = w.offered;
	assert_int_equal(tel_call_answer(call, NULL, 0, 0), 0);
	run(&w);
	c->getevent_errno = ENODEV;
	fake_event(c, DAHDI_EVENT_ONHOOK);	/* wakes the poll; GETEVENT fails */
	run(&w);
	i = find_state(&w, 0, call, TEL_CS_DISCONNECTED);
	assert_true(i >= 0);
	assert_int_equal(w.info[i].cause, 27);
	assert_int_equal(tel_line_up(l), 0);
	assert_non_null(strstr(tel_ctx_last_error(w.ctx), "/dev/dahdi/chan/001/001: DAHDI_GETEVENT"));
	assert_true(l->io->dead);
	assert_int_equal(tel_call_drop(call, NULL), 0);	/* finishes without the channel */
	assert_int_equal(fake_count_ioctl(c, DAHDI_HOOK), 1);	/* only the answer's OFFHOOK */
	run(&w);
	assert_true(find_state(&w, 0, call, -1) >= 0);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

/* ------------------------------------------------------------ FXS port --- */

static void test_fxs_ring_answer_hangup(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	struct tel_call_params p = { .to = "1" };
	struct tel_call_info info;
	int i;

	(void)state;
	world_init(&w, DAHDI_SIG_FXOKS, &c, &l);
	assert_int_equal(tel_call_make(l, &p, &call), 0);
	assert_int_equal(hook_op(c, 0), DAHDI_RING);
	run(&w);
	assert_true(find_state(&w, 0, call, TEL_CS_DIALING) >= 0);
	assert_true(find_state(&w, 0, call, TEL_CS_RINGBACK) >
		    find_state(&w, 0, call, TEL_CS_DIALING));
	fake_event(c, DAHDI_EVENT_RINGEROFF);	/* cadence: nothing happens */
	fake_event(c, DAHDI_EVENT_RINGERON);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);	/* the phone is picked up */
	run(&w);
	assert_true(find_state(&w, 0, call, TEL_CS_CONNECTED) >= 0);
	fake_event(c, DAHDI_EVENT_ONHOOK);	/* and hung up */
	run(&w);
	i = find_state(&w, 0, call, TEL_CS_DISCONNECTED);
	assert_true(i >= 0);
	assert_int_equal(w.info[i].cause, 16);
	assert_int_equal(w.info[i].cause_remote, 1);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_info(call, &info), 0);
	assert_int_equal(info.state, TEL_CS_IDLE);
	assert_int_equal(tel_call_dealloc(call), 0);
	/* the port is free again */
	assert_int_equal(tel_call_make(l, &p, &call), 0);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

static void test_fxs_drop_ringing(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	struct tel_call_params p = { .to = "1" };
	struct tel_call_info info;

	(void)state;
	world_init(&w, DAHDI_SIG_FXOLS, &c, &l);
	assert_int_equal(tel_call_make(l, &p, &call), 0);
	run(&w);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	assert_int_equal(hook_op(c, 1), DAHDI_RINGOFF);
	run(&w);
	assert_int_equal(tel_call_info(call, &info), 0);
	assert_int_equal(info.state, TEL_CS_IDLE);
	assert_int_equal(info.cause, 16);
	assert_true(find_state(&w, 0, call, -1) >= 0);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

/* The phone is lifted unprompted: an incoming call; our drop leaves the port locked out. */
static void test_fxs_offhook_incoming(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call;
	struct tel_call_params p = { .to = "1" };

	(void)state;
	world_init(&w, DAHDI_SIG_FXOKS, &c, &l);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	call = w.offered;
	assert_non_null(call);
	assert_int_equal(tel_call_answer(call, NULL, 0, 0), 0);
	assert_int_equal(fake_count_ioctl(c, DAHDI_HOOK), 0);
	run(&w);
	assert_true(find_state(&w, 0, call, TEL_CS_CONNECTED) >= 0);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	assert_int_equal(hook_op(c, 0), DAHDI_ONHOOK);
	run(&w);
	assert_int_equal(tel_call_dealloc(call), 0);
	/* the phone is still off hook: it cannot be rung */
	assert_int_equal(l->an->state, AN_LOCKOUT);
	assert_int_equal(tel_call_make(l, &p, &call), TEL_EBUSY);
	fake_event(c, DAHDI_EVENT_ONHOOK);
	run(&w);
	assert_int_equal(l->an->state, AN_IDLE);
	assert_int_equal(tel_call_make(l, &p, &call), 0);
	assert_int_equal(tel_call_drop(call, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

/* ---------------------------------------------------- caps, TEL_ENOTSUP --- */

static void test_uui_enotsup(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	tel_call *call, *share;
	struct tel_call_params p = { .to = "1", .uui = "x", .uui_len = 1 };
	struct tel_drop_params d = { .uui = "bye", .uui_len = 3, .uui_pd = 4 };

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &c, &l);
	assert_int_equal(tel_call_make(l, &p, &call), TEL_ENOTSUP);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	run(&w);
	call = w.offered;
	assert_int_equal(tel_call_answer(call, "x", 1, 0), TEL_ENOTSUP);
	assert_int_equal(tel_call_share(call, &share), TEL_ENOTSUP);
	assert_int_equal(tel_call_answer(call, NULL, 0, 0), 0);
	run(&w);
	assert_int_equal(tel_call_drop(call, &d), TEL_ENOTSUP);
	assert_int_equal(fake_count_ioctl(c, DAHDI_HOOK), 1);	/* nothing happened */
	d.uui = NULL;
	d.uui_len = 0;
	assert_int_equal(tel_call_drop(call, &d), 0);
	run(&w);
	assert_int_equal(tel_call_dealloc(call), 0);
	world_fini(&w);
}

/* ------------------------------------------------------- conferences --- */

static void conf_world(struct world *w, struct fake_chan **c, tel_line **l, tel_call **call)
{
	struct tel_call_params p = { .to = "1" };

	world_init(w, DAHDI_SIG_FXOKS, &c[0], &l[0]);
	c[1] = fake_add(&w->fd, 1, "/dev/dahdi/chan/001/002", DAHDI_SIG_FXOKS);
	assert_int_equal(tel_line_open_dahdi(w->ctx, &cfg, c[1]->path, &l[1]), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tel_call_make(l[i], &p, &call[i]), 0);
		fake_event(c[i], DAHDI_EVENT_RINGOFFHOOK);
	}
	run(w);
}

static void check_setconf(const struct fake_chan *c, int nth, int confno, int mode)
{
	int i = fake_find_ioctl(c, 0, DAHDI_SETCONF, nth);

	assert_true(i >= 0);
	assert_int_equal(c->io[i].ci.chan, 0);
	assert_int_equal(c->io[i].ci.confno, confno);
	assert_int_equal(c->io[i].ci.confmode, mode);
}

static void test_conf_setconf(void **state)
{
	const int mode = DAHDI_CONF_CONF | DAHDI_CONF_TALKER | DAHDI_CONF_LISTENER;
	struct world w;
	struct fake_chan *c[2];
	tel_line *l[2];
	tel_call *call[2];
	tel_conf *cf;
	int hook, setconf;

	(void)state;
	conf_world(&w, c, l, call);
	assert_int_equal(tel_conf_new(w.ctx, &cf), 0);
	assert_int_equal(tel_conf_add(cf, call[0]), 0);
	assert_int_equal(tel_conf_add(cf, call[1]), 0);
	/* the first party asks DAHDI for a free conference (-1), the second joins it */
	check_setconf(c[0], 0, -1, mode);
	check_setconf(c[1], 0, 1, mode);
	assert_int_equal(tel_conf_add(cf, call[1]), 0);	/* already a party: nothing more */
	assert_int_equal(fake_count_ioctl(c[1], DAHDI_SETCONF), 1);

	/* dropping the conference takes each channel out of it before hanging up */
	assert_int_equal(tel_conf_drop(cf, NULL), 0);
	for (int i = 0; i < 2; i++) {
		check_setconf(c[i], 1, 0, DAHDI_CONF_NORMAL);
		setconf = fake_find_ioctl(c[i], 0, DAHDI_SETCONF, 1);
		hook = fake_find_ioctl(c[i], 0, DAHDI_HOOK, 1);	/* after the RING */
		assert_true(hook > setconf);
		assert_int_equal(c[i]->io[hook].arg, DAHDI_ONHOOK);
	}
	run(&w);
	for (int i = 0; i < 2; i++) {
		assert_true(find_state(&w, 0, call[i], TEL_CS_IDLE) >= 0);
		assert_int_equal(tel_call_dealloc(call[i]), 0);
		assert_int_equal(fake_count_ioctl(c[i], DAHDI_SETCONF), 2);
	}
	assert_int_equal(cf->dahdi_joined, 0);
	assert_int_equal(cf->dahdi_confno, 0);
	tel_conf_free(cf);
	world_fini(&w);
}

/* tel_conf_free() and a party hanging up take channels out of the conference too. */
static void test_conf_free_and_leave(void **state)
{
	struct world w;
	struct fake_chan *c[2];
	tel_line *l[2];
	tel_call *call[2];
	tel_conf *cf;

	(void)state;
	conf_world(&w, c, l, call);
	assert_int_equal(tel_conf_new(w.ctx, &cf), 0);
	assert_int_equal(tel_conf_add(cf, call[0]), 0);
	assert_int_equal(tel_conf_add(cf, call[1]), 0);
	/* the phone of party 0 hangs up: its channel leaves at once */
	fake_event(c[0], DAHDI_EVENT_ONHOOK);
	run(&w);
	check_setconf(c[0], 1, 0, DAHDI_CONF_NORMAL);
	assert_int_equal(cf->dahdi_joined, 1);
	/* freeing the conference takes the other out; the call stays up */
	tel_conf_free(cf);
	check_setconf(c[1], 1, 0, DAHDI_CONF_NORMAL);
	run(&w);
	assert_int_equal(find_state(&w, 0, call[1], TEL_CS_DISCONNECTED), -1);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tel_call_drop(call[i], NULL), 0);
		run(&w);
		assert_int_equal(tel_call_dealloc(call[i]), 0);
		assert_int_equal(fake_count_ioctl(c[i], DAHDI_SETCONF), 2);
	}
	world_fini(&w);
}

/* Q.921/Q.931 timers do not apply to an analog channel: refused, with the reason. */
static void test_params_refused(void **state)
{
	const struct tel_param p[] = { { "T303", 1000 } };
	struct tel_line_cfg c = cfg;
	struct world w;
	struct fake_chan *ch;
	tel_line *l = NULL;

	struct tel_call_params cp = { .to = "1", .from_name = "Al" };
	tel_call *call = NULL;
	unsigned long v;

	(void)state;
	world_init(&w, DAHDI_SIG_FXSKS, &ch, &l);
	/* nor can they be read, and a calling name has nowhere to go */
	assert_int_equal(tel_line_param(l, "T303", &v), TEL_ENOTSUP);
	assert_int_equal(tel_call_make(l, &cp, &call), TEL_ENOTSUP);
	assert_null(call);
	tel_line_close(l);
	c.params = p;
	c.nparams = 1;
	l = NULL;
	assert_int_equal(tel_line_open_dahdi(w.ctx, &c, ch->path, &l), TEL_ENOTSUP);
	assert_null(l);
	assert_non_null(strstr(tel_ctx_last_error(w.ctx), "001/001: an analog channel"));
	world_fini(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fsm_defs_sound),
		cmocka_unit_test(test_fsm_table),
		cmocka_unit_test(test_params_refused),
		cmocka_unit_test(test_fxo_answer_drop),
		cmocka_unit_test(test_fxo_reject),
		cmocka_unit_test(test_fxo_far_disconnect),
		cmocka_unit_test(test_fxo_abandoned),
		cmocka_unit_test(test_fxo_make),
		cmocka_unit_test(test_fxo_alarm),
		cmocka_unit_test(test_channel_gone),
		cmocka_unit_test(test_fxs_ring_answer_hangup),
		cmocka_unit_test(test_fxs_drop_ringing),
		cmocka_unit_test(test_fxs_offhook_incoming),
		cmocka_unit_test(test_uui_enotsup),
		cmocka_unit_test(test_conf_setconf),
		cmocka_unit_test(test_conf_free_and_leave),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
