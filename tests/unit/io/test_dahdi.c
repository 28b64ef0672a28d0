// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * D-channel lines on DAHDI channels, against the fake DAHDI of fake_dahdi.h:
 * opening (and the errors a person sees), frames with their 2 FCS octets,
 * events behind ELAST (BADFCS, ALARM/NOALARM), and a call between two lines
 * whose fake D-channels are cross-connected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "session/session.h"
#include "../fake_dahdi_world.h"
#include "../testutil.h"

static void advance(struct world *w, uint64_t ms)
{
	/* in steps, so that timers due on the way run in order */
	for (uint64_t t = 0; t < ms; t += 100) {
		w->now += 100;
		run(w);
	}
}

static const struct tel_line_cfg user_cfg = { .side = TEL_SIDE_USER, .bchans = 30 };
static const struct tel_line_cfg net_cfg = { .side = TEL_SIDE_NETWORK, .bchans = 30 };

static int find_ev(struct world *w, unsigned from, enum tel_event_type t, tel_line *l, int up)
{
	for (unsigned i = from; i < w->nev; i++)
		if (w->ev[i].type == t && (!l || w->ev[i].line == l) &&
		    (t != TEL_EV_LINE_STATE || w->ev[i].up == up))
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------- opening --- */

static void test_open_enoent(void **state)
{
	struct world w;
	tel_line *l = NULL;

	(void)state;
	world_open(&w, true);
	assert_string_equal(tel_ctx_last_error(w.ctx), "");
	assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, "/dev/dahdi/chan/001/024", &l),
			 TEL_EIO);
	assert_null(l);
	assert_int_equal(w.fd.enoent_opens, 1);
	assert_string_equal(tel_ctx_last_error(w.ctx),
			    "/dev/dahdi/chan/001/024: no such channel (is the span assigned? "
			    "try: dahdi_span_assignments auto)");
	world_fini(&w);
}

static void test_open_errors(void **state)
{
	static const struct {
		int open_errno, params_errno, sigtype, rc;
		const char *says;
	} cases[] = {
		{ EBUSY, 0, DAHDI_SIG_HDLCFCS, TEL_EBUSY, "channel busy" },
		{ EACCES, 0, DAHDI_SIG_HDLCFCS, TEL_EIO, "permission denied" },
		{ ENXIO, 0, DAHDI_SIG_HDLCFCS, TEL_EIO, "run dahdi_cfg" },
		{ 0, ENOTTY, DAHDI_SIG_HDLCFCS, TEL_EINVAL, "not a DAHDI channel" },
		{ 0, 0, 0, TEL_EIO, "channel not configured" },
		{ 0, 0, DAHDI_SIG_CLEAR, TEL_ENOTSUP, "signalling CLEAR is neither" },
	};
	struct tel_line_cfg bad = user_cfg;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct world w;
		struct fake_chan *c;
		tel_line *l = NULL;

		world_open(&w, true);
		c = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", cases[i].sigtype);
		c->open_errno = cases[i].open_errno;
		c->params_errno = cases[i].params_errno;
		assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, c->path, &l), cases[i].rc);
		assert_null(l);
		assert_non_null(strstr(tel_ctx_last_error(w.ctx), cases[i].says));
		assert_non_null(strstr(tel_ctx_last_error(w.ctx), c->path));
		assert_int_equal(c->opens, c->closes);	/* nothing stays open */
		world_fini(&w);
	}

	/* a bad configuration for a D-channel, and NULL arguments */
	{
		struct world w;
		struct fake_chan *c;
		tel_line *l = NULL;

		world_open(&w, true);
		c = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HDLCFCS);
		bad.bchans = 0;
		assert_int_equal(tel_line_open_dahdi(w.ctx, &bad, c->path, &l), TEL_EINVAL);
		assert_int_equal(c->opens, 1);
		assert_int_equal(c->closes, 1);
		assert_int_equal(tel_line_open_dahdi(w.ctx, NULL, c->path, &l), TEL_EINVAL);
		assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, NULL, &l), TEL_EINVAL);
		assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, c->path, NULL), TEL_EINVAL);
		assert_int_equal(tel_line_open_dahdi(NULL, &user_cfg, c->path, &l), TEL_EINVAL);
		world_fini(&w);
	}
}

/* --------------------------------------------------------- the D-channel --- */

static void test_dchan_sabme(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	struct tel_line_caps caps;

	(void)state;
	world_open(&w, true);
	c = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HARDHDLC);
	assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, c->path, &l), 0);
	assert_int_equal(tel_ctx_last_error(w.ctx)[0], '\0');
	/* receive buffers big enough for a LAPD frame */
	assert_true(fake_find_ioctl(c, 0, DAHDI_SET_BUFINFO, 0) >= 0);
	run(&w);
	/* SABME from the user side: SAPI 0 C/R 0, TEI 0, 0x7F; plus 2 FCS placeholders */
	assert_int_equal(c->ntx, 1);
	assert_int_equal(c->tx[0].len, 5);
	assert_memory_equal(c->tx[0].data, "\x00\x01\x7f\x00\x00", 5);
	/* a PRI D-channel line has the PRI caps */
	assert_int_equal(tel_line_caps(l, &caps), 0);
	assert_int_equal(caps.uui_drop_max, 128);
	assert_int_equal(caps.bridged, 1);
	tel_line_close(l);
	assert_int_equal(c->closes, 1);
	world_fini(&w);
}

static void test_dchan_fcs_stripped(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	uint8_t ua[8];
	size_t n = unhex("00 01 73", ua);	/* UA, F=1, from the network */

	(void)state;
	world_open(&w, true);
	c = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HDLCFCS);
	assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, c->path, &l), 0);
	run(&w);
	assert_int_equal(tel_line_up(l), 0);
	/* with its 2 FCS octets still on, a UA would carry an information field and be refused */
	fake_rx(c, ua, n, true);
	run(&w);
	assert_int_equal(tel_line_up(l), 1);
	assert_true(find_ev(&w, 0, TEL_EV_LINE_STATE, l, 1) >= 0);
	assert_int_equal(io_dahdi_counters(l->io)->rx_errors, 0);
	/* a read too short to be a frame is counted and dropped */
	fake_rx(c, ua, 1, false);
	run(&w);
	assert_int_equal(io_dahdi_counters(l->io)->rx_errors, 1);
	world_fini(&w);
}

static void test_dchan_badfcs(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	uint8_t ua[4];
	size_t n = unhex("00 01 73", ua);

	(void)state;
	world_open(&w, true);
	c = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HDLCFCS);
	assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, c->path, &l), 0);
	run(&w);
	/* two frames with a bad FCS arrive as events; the good frame behind them still gets in */
	fake_event(c, DAHDI_EVENT_BADFCS);
	fake_event(c, DAHDI_EVENT_BADFCS);
	fake_rx(c, ua, n, true);
	run(&w);
	assert_int_equal(io_dahdi_counters(l->io)->badfcs, 2);
	assert_string_equal(dahdi_event_name(DAHDI_EVENT_BADFCS), "BADFCS");
	assert_string_equal(dahdi_event_name(-1), "?");
	assert_string_equal(dahdi_sig_name(DAHDI_SIG_FXOKS), "FXOKS");
	assert_int_equal(dahdi_sig_kind(DAHDI_SIG_FXSKS), DAHDI_KIND_FXO);
	assert_int_equal(dahdi_sig_kind(DAHDI_SIG_FXOLS), DAHDI_KIND_FXS);
	assert_int_equal(dahdi_sig_kind(DAHDI_SIG_HARDHDLC), DAHDI_KIND_DCHAN);
	assert_int_equal(fake_count_ioctl(c, DAHDI_GETEVENT), 3);	/* 2 events + NONE */
	assert_int_equal(tel_line_up(l), 1);
	world_fini(&w);
}

/* A frame written while an event is pending (write gives ELAST) waits and goes later. */
static void test_dchan_write_elast(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;

	(void)state;
	world_open(&w, true);
	c = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HDLCFCS);
	fake_event(c, DAHDI_EVENT_BADFCS);
	assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, c->path, &l), 0);
	run(&w);
	assert_int_equal(io_dahdi_counters(l->io)->badfcs, 1);
	assert_int_equal(c->ntx, 1);	/* the SABME, after the event was read */
	assert_int_equal(l->io->txq.count, 0);
	world_fini(&w);
}

/* Two lines over cross-connected fake D-channels: link up, a call, clearing. */
static void pair_up(struct world *w, struct fake_chan **cu, struct fake_chan **cn,
		    tel_line **lu, tel_line **ln)
{
	*cu = fake_add(&w->fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HDLCFCS);
	*cn = fake_add(&w->fd, 1, "/dev/dahdi/chan/002/016", DAHDI_SIG_HDLCFCS);
	fake_link(*cu, *cn);
	assert_int_equal(tel_line_open_dahdi(w->ctx, &user_cfg, (*cu)->path, lu), 0);
	assert_int_equal(tel_line_open_dahdi(w->ctx, &net_cfg, (*cn)->path, ln), 0);
	run(w);
	assert_int_equal(tel_line_up(*lu), 1);
	assert_int_equal(tel_line_up(*ln), 1);
}

static void test_dchan_call(void **state)
{
	struct world w;
	struct fake_chan *cu, *cn;
	tel_line *lu, *ln;
	tel_call *uc, *nc;
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	struct tel_drop_params d = { .cause = 16, .uui = "bye", .uui_len = 3, .uui_pd = 4 };
	struct tel_call_info info;

	(void)state;
	world_open(&w, true);
	pair_up(&w, &cu, &cn, &lu, &ln);
	assert_int_equal(tel_call_make(lu, &p, &uc), 0);
	run(&w);
	assert_non_null(w.offered);
	nc = w.offered;
	assert_int_equal(tel_call_info(nc, &info), 0);
	assert_string_equal(info.to, "5678");
	assert_int_equal(tel_call_answer(nc, NULL, 0, 0), 0);
	run(&w);
	assert_int_equal(tel_call_info(uc, &info), 0);
	assert_int_equal(info.state, TEL_CS_CONNECTED);
	/* drop with UUI works on a PRI D-channel line */
	assert_int_equal(tel_call_drop(uc, &d), 0);
	run(&w);
	assert_int_equal(tel_call_info(nc, &info), 0);
	assert_int_equal(info.uui_rx_len, 3);
	assert_memory_equal(info.uui_rx, "bye", 3);
	assert_int_equal(tel_call_drop(nc, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_info(uc, &info), 0);
	assert_int_equal(info.state, TEL_CS_IDLE);
	assert_int_equal(tel_call_dealloc(uc), 0);
	assert_int_equal(tel_call_dealloc(nc), 0);
	/* every written frame had its 2 placeholder octets */
	for (unsigned i = 0; i < cu->ntx && i < FAKE_FRAMES; i++)
		assert_memory_equal(cu->tx[i].data + cu->tx[i].len - 2, "\x00\x00", 2);
	assert_int_equal(io_dahdi_counters(lu->io)->badfcs +
			 io_dahdi_counters(ln->io)->badfcs, 0);
	world_fini(&w);
}

/*
 * Two PRI calls in a conference: as on DAHDI's real core, where a B-channel
 * (bchan=, a clear channel) carries no audio until DAHDI_AUDIOMODE on its
 * own fd and DAHDI_SETCONF refuses it otherwise (EINVAL), each call's
 * B-channel is opened next to the D-channel (/dev/dahdi/chan/SSS/CCC), put in
 * audio mode and into one DAHDI conference; dropping the conference takes
 * them out and closes them. (Found in the VM: DAHDI_SETCONF through the
 * D-channel's fd naming the B-channel failed with EINVAL.)
 */
static void test_dchan_conference(void **state)
{
	struct world w;
	struct fake_chan *cu, *cn, *b[2];
	tel_line *lu, *ln;
	tel_call *c[2], *far[2];
	struct tel_call_params p = { .to = "5678" };
	struct tel_call_info info[2];
	char path[2][32];
	tel_conf *cf;

	(void)state;
	world_open(&w, true);
	pair_up(&w, &cu, &cn, &lu, &ln);
	cu->chanpos = 16;	/* the D-channel of an E1 span: timeslot 16 */
	for (int i = 0; i < 2; i++) {
		w.offered = NULL;
		assert_int_equal(tel_call_make(lu, &p, &c[i]), 0);
		run(&w);
		assert_non_null(w.offered);
		far[i] = w.offered;
		assert_int_equal(tel_call_answer(far[i], NULL, 0, 0), 0);
		run(&w);
		assert_int_equal(tel_call_info(c[i], &info[i]), 0);
		assert_int_equal(info[i].state, TEL_CS_CONNECTED);
		snprintf(path[i], sizeof(path[i]), "/dev/dahdi/chan/001/%03d", info[i].bchan);
		b[i] = fake_add_bchan(&w.fd, 2 + i, path[i], cu, info[i].bchan);
	}
	assert_true(info[0].bchan != info[1].bchan);
	assert_int_equal(tel_conf_new(w.ctx, &cf), 0);
	assert_int_equal(tel_conf_add(cf, c[0]), 0);
	assert_int_equal(tel_conf_add(cf, c[1]), 0);
	for (int i = 0; i < 2; i++) {
		int k = fake_find_ioctl(b[i], 0, DAHDI_AUDIOMODE, 0);

		assert_int_equal(b[i]->open_now, 1);	/* held open while in the conference */
		assert_true(k >= 0);
		assert_int_equal(b[i]->io[k].arg, 1);
		assert_true(fake_find_ioctl(b[i], (unsigned)k, DAHDI_SETCONF, 0) > k);
	}
	assert_true(b[0]->confno > 0);
	assert_int_equal(b[1]->confno, b[0]->confno);	/* one conference */
	assert_int_equal(fake_count_ioctl(cu, DAHDI_SETCONF), 0);
	/* dropping the conference clears both calls, takes both B-channels out, closes them */
	assert_int_equal(tel_conf_drop(cf, NULL), 0);
	run(&w);
	for (int i = 0; i < 2; i++)
		assert_int_equal(tel_call_drop(far[i], NULL), 0);
	run(&w);
	for (int i = 0; i < 2; i++) {
		int k = fake_find_ioctl(b[i], 0, DAHDI_SETCONF, 1);

		assert_true(k >= 0);
		assert_int_equal(b[i]->io[k].ci.confmode, DAHDI_CONF_NORMAL);
		assert_int_equal(b[i]->confno, 0);
		assert_int_equal(b[i]->open_now, 0);
		assert_int_equal(b[i]->closes, 1);
	}
	tel_conf_free(cf);
	world_fini(&w);
}

/* A B-channel that cannot be opened: tel_conf_add() fails, naming its device. */
static void test_dchan_conference_no_bchan(void **state)
{
	struct world w;
	struct fake_chan *cu, *cn;
	tel_line *lu, *ln;
	tel_call *c;
	struct tel_call_params p = { .to = "5678" };
	struct tel_call_info info;
	char want[80];
	tel_conf *cf;

	(void)state;
	world_open(&w, true);
	pair_up(&w, &cu, &cn, &lu, &ln);
	cu->chanpos = 16;
	assert_int_equal(tel_call_make(lu, &p, &c), 0);
	run(&w);
	assert_non_null(w.offered);
	assert_int_equal(tel_call_answer(w.offered, NULL, 0, 0), 0);
	run(&w);
	assert_int_equal(tel_call_info(c, &info), 0);
	assert_int_equal(tel_conf_new(w.ctx, &cf), 0);
	assert_int_not_equal(tel_conf_add(cf, c), 0);	/* no device for the B-channel */
	snprintf(want, sizeof(want), "/dev/dahdi/chan/001/%03d: no such channel", info.bchan);
	assert_non_null(strstr(tel_ctx_last_error(w.ctx), want));
	assert_int_equal(w.fd.enoent_opens, 1);
	tel_conf_free(cf);
	world_fini(&w);
}

/*
 * A line opened before its far end: DAHDI delivers nothing to a channel
 * nobody has open (seen in the VM: the first SABMEs of whichever program
 * starts first are lost), so the link comes up only once the far end opens,
 * by LAPD's own retries, and nothing sent before is replayed.
 */
static void test_dchan_far_end_late(void **state)
{
	struct world w;
	struct fake_chan *cu, *cn;
	tel_line *lu, *ln;

	(void)state;
	world_open(&w, true);
	cu = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HDLCFCS);
	cn = fake_add(&w.fd, 1, "/dev/dahdi/chan/002/016", DAHDI_SIG_HDLCFCS);
	fake_link(cu, cn);
	assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, cu->path, &lu), 0);
	advance(&w, 10000);
	assert_true(cu->ntx > 0);	/* it tried */
	assert_int_equal(cn->rxn, 0);	/* and it all vanished */
	assert_int_equal(tel_line_up(lu), 0);
	assert_int_equal(tel_line_open_dahdi(w.ctx, &net_cfg, cn->path, &ln), 0);
	advance(&w, 10000);
	assert_int_equal(tel_line_up(lu), 1);
	assert_int_equal(tel_line_up(ln), 1);
	world_fini(&w);
}

/*
 * A layer 1 alarm takes the data link down at once (Q.921 PH-DEACTIVATE: no
 * waiting for T203 and T200 x N200), reason ALARM, and no frames are tried
 * while it lasts; NOALARM brings it back.
 */
static void test_dchan_alarm(void **state)
{
	struct world w;
	struct fake_chan *cu, *cn;
	tel_line *lu, *ln;
	unsigned mark;

	(void)state;
	world_open(&w, true);
	pair_up(&w, &cu, &cn, &lu, &ln);
	mark = w.nev;
	cu->drop_tx = cn->drop_tx = true;	/* the cable is cut */
	fake_event(cu, DAHDI_EVENT_ALARM);
	fake_event(cn, DAHDI_EVENT_ALARM);
	run(&w);
	assert_true(io_dahdi_counters(lu->io)->alarm);
	assert_int_equal(io_dahdi_counters(lu->io)->alarms, 1);
	assert_int_equal(tel_line_up(lu), 0);
	assert_int_equal(tel_line_up(ln), 0);
	assert_int_equal(tel_line_down_reason(lu), TEL_LR_ALARM);
	assert_true(find_ev(&w, mark, TEL_EV_LINE_STATE, lu, 0) >= 0);
	advance(&w, 120000);	/* no establishment is tried while in alarm */
	assert_int_equal(io_dahdi_counters(lu->io)->tx_dropped, 0);
	assert_int_equal(tel_line_up(lu), 0);
	/* the alarm clears: the data link is established again */
	mark = w.nev;
	cu->drop_tx = cn->drop_tx = false;
	fake_event(cu, DAHDI_EVENT_NOALARM);
	fake_event(cn, DAHDI_EVENT_NOALARM);
	run(&w);
	advance(&w, 2000);
	assert_false(io_dahdi_counters(lu->io)->alarm);
	assert_int_equal(tel_line_up(lu), 1);
	assert_int_equal(tel_line_up(ln), 1);
	assert_true(find_ev(&w, mark, TEL_EV_LINE_STATE, lu, 1) >= 0);
	world_fini(&w);
}

/* tel_ctx_run()'s poll wakes for the channel (real clock, blocking wait). */
static void test_poll_wakes(void **state)
{
	struct world w;
	struct fake_chan *c;
	tel_line *l;
	uint8_t ua[4];
	size_t n = unhex("00 01 73", ua);
	struct timespec t0, t1;
	long ms;

	(void)state;
	world_open(&w, false);
	c = fake_add(&w.fd, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HDLCFCS);
	assert_int_equal(tel_line_open_dahdi(w.ctx, &user_cfg, c->path, &l), 0);
	while (tel_ctx_run(w.ctx, 0) > 0)
		;
	assert_int_equal(c->ntx, 1);
	fake_rx(c, ua, n, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_true(tel_ctx_run(w.ctx, 900) > 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms < 500);
	assert_int_equal(tel_line_up(l), 1);
	world_fini(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_enoent),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_dchan_sabme),
		cmocka_unit_test(test_dchan_fcs_stripped),
		cmocka_unit_test(test_dchan_badfcs),
		cmocka_unit_test(test_dchan_write_elast),
		cmocka_unit_test(test_dchan_call),
		cmocka_unit_test(test_dchan_conference),
		cmocka_unit_test(test_dchan_conference_no_bchan),
		cmocka_unit_test(test_dchan_far_end_late),
		cmocka_unit_test(test_dchan_alarm),
		cmocka_unit_test(test_poll_wakes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
