// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A hostile far end (hostile_fe.h: frames written by hand into a socket line)
 * gets the answer Q.921/Q.931 give, in bounded memory and time: a far end
 * that polls and never reads, one that floods SETUPs and acknowledges late,
 * lies about N(R), uses call references it has no call on, sends a STATUS
 * in a state that does not fit, malformed IEs, or goes silent.
 */
#include "hostile_fe.h"
#include "q931/cc_int.h"

/* --- queues are bounded --------------------------------------------------- */

/*
 * A far end that polls (RR command, P=1) and never reads its socket: each
 * poll is answered (RR F=1), the socket fills, and the answers that do not
 * fit wait in the line's transmit queue. That queue is bounded (2 x k + 64
 * frames); what does not fit is lost and counted, as on a noisy line.
 */
static void test_poll_flood_never_reads(void **state)
{
	struct fe f;
	uint32_t bound;
	size_t max = 0;

	(void)state;
	fe_init(&f);
	bound = line_txq_max(f.line->lapd);
	assert_int_equal(bound, 2 * 7 + LINE_TXQ_SLACK);
	for (int i = 0; i < 20000; i++) {
		fe_s(&f, 0x01, true, true);	/* RR command P=1 */
		if (i % 16 == 15) {
			assert_true(tel_ctx_run(f.ctx, 0) >= 0);
			if (f.line->io->txq.count > max)
				max = f.line->io->txq.count;
		}
	}
	assert_true(tel_ctx_run(f.ctx, 0) >= 0);
	/* before the bound: the queue held every answer the socket did not take */
	if (max > bound)
		fail_msg("transmit queue grew to %zu frames (bound %u)", max, bound);
	assert_true(f.line->io->txq.cap <= 2 * bound);
	assert_true(f.line->io->txq.lost > 10000);
	/* the far end reads at last: the answers that fitted arrive, the link is up */
	fe_read(&f);
	assert_true(f.rx_rr > 100);
	assert_int_equal(tel_line_up(f.line), 1);
	print_message("poll flood: 20000 polls, transmit queue at most %zu frames (%zu octets of "
		      "slots), %u answers lost\n", max,
		      (size_t)f.line->io->txq.cap * sizeof(struct frameq_slot), f.line->io->txq.lost);
	fe_fini(&f);
}

/* --- back-pressure: a burst of SETUPs, every one answered ------------------ */

/*
 * 2,000 SETUPs from a far end that sends them as fast as we acknowledge them
 * but acknowledges our answers only when we poll (T200): our answers pile up
 * in LAPD's send queue. The application rejects every offered call. Required:
 * own receiver busy (RNR) stops the far end while our send queue is congested;
 * the clearing messages always find room; every SETUP gets exactly one
 * RELEASE COMPLETE (21 rejected, 34 no circuit, 47 no call slot); at the end
 * no call is left offered and every B-channel is free.
 */
static void setup_burst(bool defer)
{
	struct fe f;
	uint8_t m[64];
	unsigned answered = 0, by_cause[128] = { 0 };
	const unsigned n = 2000;

	fe_init(&f);
	f.lazy = true;
	f.reject_all = true;
	f.defer = defer;
	for (unsigned i = 0; i < n; i++)
		fe_queue(&f, m, fe_setup(m, (uint16_t)(i + 1), fe_chan(i)));
	/* until the far end's SETUPs and our answers are all acknowledged (bounded) */
	for (unsigned t = 0; t < 1200 && (f.abs_va < n || lapd_queued(f.line->lapd)); t++)
		fe_run(&f, 1000);
	fe_run(&f, 5000);
	for (unsigned i = 0; i < n; i++) {
		int cause = -2;
		unsigned k = fe_count(&f, (uint16_t)(i + 1), Q931_RELEASE_COMPLETE, &cause);

		if (k != 1)
			fail_msg("SETUP %u: %u RELEASE COMPLETE (want 1); far end acked %u of %u, "
				 "%u drops failed (last %d), our queue peaked at %zu",
				 i + 1, k, f.abs_va, n, f.drop_fail, f.last_drop_rc, f.max_lapdq);
		if (cause != 21 && cause != 34 && cause != 47)
			fail_msg("SETUP %u: RELEASE COMPLETE with cause %d", i + 1, cause);
		by_cause[cause]++;
		answered++;
	}
	assert_int_equal(answered, n);
	assert_int_equal(f.nlog, n);		/* nothing else was sent */
	assert_int_equal(f.drop_fail, 0);
	assert_int_equal(f.offered, f.drop_ok);
	assert_int_equal(f.idle, f.offered);	/* no call left OFFERING */
	assert_int_equal(by_cause[21], f.offered);
	assert_int_equal(f.line->cc->chan_busy, 0);
	assert_true(f.rx_rnr > 0);		/* the far end was told to wait */
	assert_true(f.max_lapdq <= lapd_param(f.line->lapd, LAPD_QLEN));
	print_message("burst%s: %u SETUPs, %u rejected (21), %u no circuit (34), %u no slot (47); "
		      "send queue peaked at %zu frames, %u RNR, %u polls answered, %u s\n",
		      defer ? " (rejections deferred)" : "", n, by_cause[21], by_cause[34], by_cause[47], f.max_lapdq, f.rx_rnr,
		      f.rx_polls, (unsigned)(f.now / 1000));
	if (defer)	/* calls held a while: the channels ran out */
		assert_true(by_cause[34] > 0);
	fe_fini(&f);
}

static void test_setup_burst_every_one_answered(void **state)
{
	(void)state;
	setup_burst(false);
}

/* The same, the application rejecting in batches: channels and call slots run out. */
static void test_setup_burst_deferred_rejects(void **state)
{
	(void)state;
	setup_burst(true);
}


/* --- a far end that floods ------------------------------------------------- */

/* Every SETUP answered exactly once; memory bounded (queues) and time bounded. */
static void test_flood_10000_setups(void **state)
{
	struct fe f;
	uint8_t m[64];
	const unsigned n = 10000;
	unsigned t;

	(void)state;
	fe_init(&f);
	f.reject_all = true;
	for (unsigned i = 0; i < n; i++)
		fe_queue(&f, m, fe_setup(m, (uint16_t)(i + 1), fe_chan(i)));
	for (t = 0; t < 600 && (f.abs_va < n || lapd_queued(f.line->lapd)); t++)
		fe_run(&f, 1000);
	assert_true(t < 600);
	for (unsigned i = 0; i < n; i++) {
		int cause = -2;
		unsigned k = fe_count(&f, (uint16_t)(i + 1), Q931_RELEASE_COMPLETE, &cause);

		if (k != 1 || (cause != 21 && cause != 34 && cause != 47))
			fail_msg("SETUP %u: %u RELEASE COMPLETE, cause %d", i + 1, k, cause);
	}
	assert_int_equal(f.nlog, n);
	assert_int_equal(f.drop_fail, 0);
	assert_int_equal(f.idle, f.offered);
	assert_int_equal(f.line->cc->chan_busy, 0);
	assert_true(f.max_lapdq <= lapd_param(f.line->lapd, LAPD_QLEN));
	assert_true(f.max_txq <= line_txq_max(f.line->lapd));
	print_message("flood: %u SETUPs answered in %u s of fake time; send queue peaked at %zu, "
		      "transmit queue at %zu frames\n", n, t, f.max_lapdq, f.max_txq);
	fe_fini(&f);
}

/*
 * A far end that ignores the window and our RNR: 10,000 SETUPs written as
 * fast as the socket takes them, N(S) counting on, N(R) 0. We take those in
 * sequence while not busy (each answered once), discard the rest (REJ, or
 * nothing while busy); memory stays bounded and the link stays up.
 */
static void test_flood_blast_ignoring_window(void **state)
{
	struct fe f;
	uint8_t b[4 + 64];
	const unsigned n = 10000;
	unsigned answered = 0;

	(void)state;
	fe_init(&f);
	f.reject_all = true;
	f.defer = true;		/* the application is slower than the flood */
	f.lazy = true;		/* N(R) as last told: it stays valid */
	for (unsigned i = 0; i < n; i++) {
		size_t len = fe_setup(b + 4, (uint16_t)(i + 1), fe_chan(i));

		b[0] = 0x02;
		b[1] = 0x01;
		b[2] = (uint8_t)((i & 0x7f) << 1);
		b[3] = (uint8_t)(f.nr_sent << 1);
		fe_write(&f, b, 4 + len);
		if (i % 32 == 31) {
			fe_step(&f, 10);
			fe_read(&f);
		}
	}
	f.lazy = false;
	fe_run(&f, 60000);
	for (unsigned i = 0; i < n; i++) {
		int cause = -2;
		unsigned k = fe_count(&f, (uint16_t)(i + 1), Q931_RELEASE_COMPLETE, &cause);

		if (k > 1 || (k == 1 && cause != 21 && cause != 34 && cause != 47))
			fail_msg("SETUP %u: %u RELEASE COMPLETE, cause %d", i + 1, k, cause);
		answered += k;
	}
	assert_int_equal(f.nlog, answered);	/* only answers were sent */
	assert_true(answered >= 7);
	assert_int_equal(f.drop_fail, 0);
	assert_int_equal(f.idle, f.offered);
	assert_int_equal(f.line->cc->chan_busy, 0);
	assert_true(f.max_lapdq <= lapd_param(f.line->lapd, LAPD_QLEN));
	assert_true(f.max_txq <= line_txq_max(f.line->lapd));
	assert_int_equal(lapd_state(f.line->lapd), LAPD_ST_MF_EST);
	assert_int_equal(tel_line_up(f.line), 1);
	print_message("blast: %u SETUPs written, %u taken and answered, %u discarded while busy, "
		      "%u RNR, %u REJ; queues peaked at %zu (LAPD) and %zu (socket) frames\n",
		      n, answered, lapd_counters(f.line->lapd)->busy_discarded, f.rx_rnr, f.rx_rej,
		      f.max_lapdq, f.max_txq);
	fe_fini(&f);
}

/* --- a far end that lies ---------------------------------------------------- */

/* An N(R) we never sent: N(R) sequence error (Q.921 5.8.2), re-establishment; the link is back. */
static void test_wrong_nr_reestablishes(void **state)
{
	static const uint8_t st_enq[] = { 0 };
	struct fe f;
	uint8_t m[64];

	(void)state;
	fe_init(&f);
	assert_int_equal(f.rx_sabme, 1);
	f.nr_lie = true;
	fe_say(&f, 0x0111, false, Q931_STATUS_ENQUIRY, st_enq, 0);
	/* the frame was not taken: no STATUS; a SABME, answered, and the link is up */
	assert_int_equal(fe_count(&f, 0x0111, Q931_STATUS, NULL), 0);
	assert_int_equal(f.rx_sabme, 2);
	assert_int_equal(lapd_state(f.line->lapd), LAPD_ST_MF_EST);
	assert_true(lapd_counters(f.line->lapd)->errors >= 1);
	fe_run(&f, 2000);
	assert_int_equal(tel_line_up(f.line), 1);
	/* and carries calls: a SETUP is answered */
	f.reject_all = true;
	fe_queue(&f, m, fe_setup(m, 0x0112, 1));
	fe_run(&f, 2000);
	assert_int_equal(fe_count(&f, 0x0112, Q931_RELEASE_COMPLETE, NULL), 1);
	fe_fini(&f);
}

/* Messages on call references we have no call for (Q.931 5.8.3.2). */
static void test_unknown_call_references(void **state)
{
	static const uint8_t cause16[] = { 0x08, 0x02, 0x82, 0x90 };
	static const uint8_t st10[] = { 0x08, 0x02, 0x82, 0x9e, 0x14, 0x01, 0x0a };
	static const uint8_t st0[] = { 0x08, 0x02, 0x82, 0x9e, 0x14, 0x01, 0x00 };
	struct fe f;

	(void)state;
	fe_init(&f);
	fe_say(&f, 0x0101, false, Q931_DISCONNECT, cause16, sizeof(cause16));
	fe_say(&f, 0x0102, false, Q931_RELEASE, cause16, sizeof(cause16));
	fe_say(&f, 0x0103, false, Q931_STATUS_ENQUIRY, NULL, 0);
	fe_say(&f, 0x0104, false, Q931_RELEASE_COMPLETE, cause16, sizeof(cause16));
	fe_say(&f, 0x0105, false, Q931_STATUS, st10, sizeof(st10));
	fe_say(&f, 0x0106, false, Q931_STATUS, st0, sizeof(st0));
	fe_say(&f, 0x0107, true, Q931_CONNECT, NULL, 0);
	fe_say(&f, 0x0108, false, Q931_ALERTING, NULL, 0);
	/* our answers carry the flag of the side that did not allocate the reference */
	fe_expect(&f, 0, Q931_RELEASE_COMPLETE, 0x0101, true, 81);
	fe_expect(&f, 1, Q931_RELEASE_COMPLETE, 0x0102, true, 81);
	fe_expect(&f, 2, Q931_STATUS, 0x0103, true, 30);
	assert_int_equal(f.log[2].state, 0);		/* call state: null */
	/* RELEASE COMPLETE: nothing; STATUS in a state other than null: 101 */
	fe_expect(&f, 3, Q931_RELEASE_COMPLETE, 0x0105, true, 101);
	/* STATUS saying null: nothing */
	fe_expect(&f, 4, Q931_RELEASE_COMPLETE, 0x0107, false, 81);
	fe_expect(&f, 5, Q931_RELEASE_COMPLETE, 0x0108, true, 81);
	assert_int_equal(f.nlog, 6);
	assert_int_equal(f.offered, 0);
	assert_int_equal(tel_line_up(f.line), 1);
	fe_fini(&f);
}

/* STATUS with a state that does not fit ours (Q.931 5.8.11): the call is cleared, 101. */
static void test_status_incompatible_state(void **state)
{
	static const uint8_t st7[] = { 0x08, 0x02, 0x82, 0x9e, 0x14, 0x01, 0x06 };
	static const uint8_t st3[] = { 0x08, 0x02, 0x82, 0x9e, 0x14, 0x01, 0x03 };
	static const uint8_t cause16[] = { 0x08, 0x02, 0x82, 0x90 };
	struct fe f;
	uint8_t m[64];

	(void)state;
	fe_init(&f);
	fe_queue(&f, m, fe_setup(m, 0x0201, 1));
	fe_run(&f, 300);
	assert_int_equal(f.offered, 1);
	assert_int_equal(f.line->cc->chan_busy, 1u << 1);
	/* N6 (call present) fits our U6: nothing */
	fe_say(&f, 0x0201, false, Q931_STATUS, st7, sizeof(st7));
	assert_int_equal(f.nlog, 0);
	/* N3 (outgoing call proceeding) does not: RELEASE with cause 101 */
	fe_say(&f, 0x0201, false, Q931_STATUS, st3, sizeof(st3));
	fe_expect(&f, 0, Q931_RELEASE, 0x0201, true, 101);
	assert_int_equal(f.nlog, 1);
	fe_say(&f, 0x0201, false, Q931_RELEASE_COMPLETE, cause16, sizeof(cause16));
	assert_int_equal(f.idle, 1);
	assert_int_equal(f.line->cc->chan_busy, 0);
	fe_fini(&f);
}

/* --- malformed IEs ----------------------------------------------------------- */

/*
 * Malformed IEs (Q.931 5.8.6, 5.8.7): a SETUP missing a mandatory IE is
 * refused with 96, one with a mandatory IE too short, too long or cut off by
 * the end of the message with 100; a non-mandatory IE too long is left out,
 * the call offered, and STATUS 100 tells the far end. On a call, a STATUS
 * without its Call state gets STATUS 96, one with a short Cause STATUS 100.
 * An I frame longer than N201 is a frame rejection condition (Q.921 5.8.5):
 * re-establishment. Nothing crashes; the link carries calls afterwards.
 */
static void test_malformed_ies(void **state)
{
	static const uint8_t no_bc[] = { 0x18, 0x03, 0xa1, 0x83, 0x81 };
	static const uint8_t short_bc[] = { 0x04, 0x01, 0x80, 0x18, 0x03, 0xa1, 0x83, 0x81 };
	static const uint8_t cut[] = { 0x04, 0x03, 0x80, 0x90, 0xa3, 0x18, 0x03, 0xa1 };
	static const uint8_t long_bc[] = {	/* 14 octets: Q.931 allows 12 */
		0x04, 0x0e, 0x80, 0x90, 0xa3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
		0x18, 0x03, 0xa1, 0x83, 0x81,
	};
	static const uint8_t long_prog[] = {	/* Progress indicator of 4 octets (2) */
		0x04, 0x03, 0x80, 0x90, 0xa3, 0x18, 0x03, 0xa1, 0x83, 0x82,
		0x1e, 0x04, 0x82, 0x83, 0x84, 0x85,
	};
	static const uint8_t st_no_state[] = { 0x08, 0x02, 0x82, 0x9e };
	static const uint8_t st_bad_cause[] = { 0x08, 0x01, 0x82, 0x14, 0x01, 0x06 };
	uint8_t huge[4 + LAPD_N201 + 40];
	struct fe f;
	uint8_t m[64];

	(void)state;
	fe_init(&f);
	fe_say(&f, 0x0301, false, Q931_SETUP, no_bc, sizeof(no_bc));
	fe_say(&f, 0x0302, false, Q931_SETUP, short_bc, sizeof(short_bc));
	fe_say(&f, 0x0303, false, Q931_SETUP, cut, sizeof(cut));
	fe_say(&f, 0x0304, false, Q931_SETUP, long_bc, sizeof(long_bc));
	fe_expect(&f, 0, Q931_RELEASE_COMPLETE, 0x0301, true, 96);
	fe_expect(&f, 1, Q931_RELEASE_COMPLETE, 0x0302, true, 100);
	fe_expect(&f, 2, Q931_RELEASE_COMPLETE, 0x0303, true, 100);
	fe_expect(&f, 3, Q931_RELEASE_COMPLETE, 0x0304, true, 100);
	assert_int_equal(f.nlog, 4);
	assert_int_equal(f.offered, 0);
	/*
	 * A non-mandatory IE too long: the IE is left out and the call offered.
	 * 5.8.7.2 says a STATUS 100 "may" be returned; we return none (noted).
	 */
	fe_say(&f, 0x0306, false, Q931_SETUP, long_prog, sizeof(long_prog));
	assert_int_equal(f.offered, 1);
	assert_int_equal(f.nlog, 4);
	/* on a call: STATUS 96 for a missing mandatory IE, 100 for a bad one; the call stays */
	fe_queue(&f, m, fe_setup(m, 0x0305, 1));
	fe_run(&f, 300);
	assert_int_equal(f.offered, 2);
	fe_say(&f, 0x0305, false, Q931_STATUS, st_no_state, sizeof(st_no_state));
	fe_say(&f, 0x0305, false, Q931_STATUS, st_bad_cause, sizeof(st_bad_cause));
	fe_expect(&f, 4, Q931_STATUS, 0x0305, true, 96);
	assert_int_equal(f.log[4].state, 6);
	fe_expect(&f, 5, Q931_STATUS, 0x0305, true, 100);
	/* the call offered above and left unanswered rings: ALERTING from libtel */
	fe_expect(&f, 6, Q931_ALERTING, 0x0306, true, -1);	/* no cause */
	assert_int_equal(f.nlog, 7);
	assert_int_equal(f.idle, 0);
	/* an I frame over N201: frame rejection, re-establishment, the link is back */
	memset(huge, 0, sizeof(huge));
	huge[0] = 0x02;
	huge[1] = 0x01;
	huge[2] = (uint8_t)(((f.abs_vs - f.seq_base) & 0x7f) << 1);
	huge[3] = (uint8_t)(f.vr << 1);
	fe_msg(huge + 4, 0x0307, false, Q931_INFORMATION, NULL, 0);
	assert_int_equal(f.rx_sabme, 1);
	fe_write(&f, huge, sizeof(huge));
	fe_run(&f, 2000);
	assert_int_equal(f.rx_sabme, 2);
	assert_int_equal(lapd_state(f.line->lapd), LAPD_ST_MF_EST);
	assert_int_equal(tel_line_up(f.line), 1);
	fe_fini(&f);
}

/* --- a far end that goes silent -------------------------------------------------- */

/*
 * An active call, then nothing from the far end: T203 polls, T200 x N200,
 * re-establishment fails, the link is reported down; the active call is kept
 * under T309 and then cleared with cause 27. Frames sent meanwhile are few.
 */
static void test_far_end_goes_silent(void **state)
{
	struct fe f;
	uint8_t m[64];
	unsigned frames0, t;

	(void)state;
	fe_init(&f);
	f.answer_all = true;
	fe_queue(&f, m, fe_setup(m, 0x0401, 1));
	fe_run(&f, 300);
	fe_expect(&f, 0, Q931_CONNECT, 0x0401, true, -1);
	fe_say(&f, 0x0401, false, Q931_CONNECT_ACK, NULL, 0);
	assert_int_equal(f.line->cc->chan_busy, 1u << 1);
	f.silent = true;
	frames0 = f.rx_frames;
	/* T203 (10 s), then 3 polls and 4 SABMEs 1 s apart: down within 20 s */
	for (t = 0; t < 20000 && !f.link_down_ev; t += 50)
		fe_run(&f, 50);
	assert_int_equal(f.link_down_ev, 1);
	assert_true(t >= 10000);
	assert_int_equal(tel_line_up(f.line), 0);
	assert_int_equal(f.idle, 0);		/* the active call is kept (T309) */
	fe_run(&f, 5000);
	assert_int_equal(f.idle, 0);
	fe_run(&f, 2000);			/* T309: 6 s */
	assert_int_equal(f.idle, 1);
	assert_int_equal(f.idle_cause, 27);
	assert_int_equal(f.line->cc->chan_busy, 0);
	fe_run(&f, 60000);
	print_message("silent: link down after %u ms, %u frames sent in %u s of silence\n", t,
		      f.rx_frames - frames0, (t + 67000) / 1000);
	assert_true(f.rx_frames - frames0 <= 60);
	fe_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poll_flood_never_reads),
		cmocka_unit_test(test_setup_burst_every_one_answered),
		cmocka_unit_test(test_setup_burst_deferred_rejects),
		cmocka_unit_test(test_flood_10000_setups),
		cmocka_unit_test(test_flood_blast_ignoring_window),
		cmocka_unit_test(test_wrong_nr_reestablishes),
		cmocka_unit_test(test_unknown_call_references),
		cmocka_unit_test(test_status_incompatible_state),
		cmocka_unit_test(test_malformed_ies),
		cmocka_unit_test(test_far_end_goes_silent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
