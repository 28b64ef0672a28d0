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
	bound = line_txq_max(&f.line->lapd);
	assert_int_equal(bound, 2 * 7 + LINE_TXQ_SLACK);
	for (int i = 0; i < 20000; i++) {
		fe_s(&f, 0x01, true, true);	/* RR command P=1 */
		if (i % 16 == 15) {
			assert_true(tel_ctx_run(f.ctx, 0) >= 0);
			if (f.line->txq.count > max)
				max = f.line->txq.count;
		}
	}
	assert_true(tel_ctx_run(f.ctx, 0) >= 0);
	/* before the bound: the queue held every answer the socket did not take */
	if (max > bound)
		fail_msg("transmit queue grew to %zu frames (bound %u)", max, bound);
	assert_true(f.line->txq.cap <= 2 * bound);
	assert_true(f.line->tx_lost > 10000);
	/* the far end reads at last: the answers that fitted arrive, the link is up */
	fe_read(&f);
	assert_true(f.rx_rr > 100);
	assert_int_equal(tel_line_up(f.line), 1);
	print_message("poll flood: 20000 polls, transmit queue at most %zu frames (%zu octets of "
		      "slots), %u answers lost\n", max,
		      (size_t)f.line->txq.cap * sizeof(struct frameq_slot), f.line->tx_lost);
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
	for (unsigned t = 0; t < 1200 && (f.abs_va < n || lapd_queued(&f.line->lapd)); t++)
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
	assert_true(f.max_lapdq <= lapd_param(&f.line->lapd, LAPD_QLEN));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poll_flood_never_reads),
		cmocka_unit_test(test_setup_burst_every_one_answered),
		cmocka_unit_test(test_setup_burst_deferred_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
