// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * E1 through the whole pipe (fw/span_link.h): framer transmit -> HDB3 ->
 * cable (fw/cable.h) -> HDB3 decode -> slip detector -> framer receive,
 * with and without CRC-4, in a loop (one span) and a pair (A -> B, B -> A).
 */
#include "span_harness.h"

static struct fw_span_link A, B;
static struct sh_dir ab, ba;

static void loop_e1(enum fw_framing fr, enum fw_signalling sig, uint32_t seed)
{
	sh_link(&A, FW_SPAN_E1, fr, FW_LINECODE_HDB3, sig);
	sh_dir_init(&ab, &A, &A, seed);
}

static void pair_e1(enum fw_framing fa, enum fw_framing fb)
{
	sh_link(&A, FW_SPAN_E1, fa, FW_LINECODE_HDB3, FW_SIG_CCS);
	sh_link(&B, FW_SPAN_E1, fb, FW_LINECODE_HDB3, FW_SIG_CCS);
	sh_dir_init(&ab, &A, &B, 11);
	sh_dir_init(&ba, &B, &A, 22);
}

/* Aligned (and CRC-4 multiframe aligned) from several start offsets, payload exact. */
static void test_align(void **state)
{
	static const size_t offs[] = { 0, 1, 7, 100, 255 };
	unsigned i, crc4;

	(void)state;
	for (crc4 = 0; crc4 < 2; crc4++) {
		for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
			loop_e1(crc4 ? FW_FRAMING_E1_CRC4 : FW_FRAMING_E1, FW_SIG_CCS, 1);
			ab.skip = offs[i];
			sh_run(&ab, 2);	/* basic alignment: 3 TS0 words + the look-ahead */
			assert_int_equal(fw_span_link_alarms(&A) & FW_ALARM_LOF, 0);
			sh_run(&ab, 10);	/* CRC-4 MF: two MFAS within 8 ms */
			assert_int_equal(fw_span_link_alarms(&A), 0);
			sh_clear_seen(&ab);
			sh_run(&ab, 100);
			assert_int_equal(ab.seen, 0);
			assert_int_equal(ab.bad, 0);
			assert_int_equal(ab.good, 100 * SH_FRAMES);
			assert_int_equal(fw_span_link_counters(&A)->fas, 0);
			assert_int_equal(fw_span_link_counters(&A)->crc, 0);
			assert_int_equal(fw_span_link_counters(&A)->bpv, 0);
			assert_int_equal(fw_span_link_counters(&A)->slips, 0);
		}
	}
}

/* Random bit errors (30 per million slots, 2 s): counted, never LOF, never a false slip. */
static void test_bit_errors_keep_alignment(void **state)
{
	(void)state;
	loop_e1(FW_FRAMING_E1_CRC4, FW_SIG_CCS, 5);
	sh_run(&ab, 1010);	/* past the first second, with the start-up LOF in it */
	assert_int_equal(fw_span_link_alarms(&A), 0);
	sh_clear_seen(&ab);
	fw_cable_set_ber(&ab.cab, 30);
	sh_run(&ab, 2000);
	assert_true(ab.cab.errors > 100);
	assert_int_equal(ab.seen & (FW_ALARM_LOF | FW_ALARM_LMFA | FW_ALARM_LOS), 0);
	assert_int_equal(SH_D(&ab, lof_s), 0);
	assert_int_equal(SH_D(&ab, slips), 0);
	assert_true(SH_D(&ab, crc) > 0 && SH_D(&ab, bpv) > 0);
	assert_true(SH_D(&ab, es) > 0);
}

/* One dropped pulse in every 4th ms: CRC-4 errors one for one, seen as E-bits at the far end. */
static void test_crc4_errors_and_ebits_pair(void **state)
{
	(void)state;
	pair_e1(FW_FRAMING_E1_CRC4, FW_FRAMING_E1_CRC4);
	sh_run2(&ab, &ba, 1010);	/* past the first second */
	assert_int_equal(fw_span_link_alarms(&A) | fw_span_link_alarms(&B), 0);
	sh_clear_seen(&ab);
	sh_clear_seen(&ba);
	ab.mangle = sh_drop_mark;
	ab.mangle_arg = 4;
	sh_run2(&ab, &ba, 1200);
	ab.mangle = NULL;
	sh_run2(&ab, &ba, 10);	/* the last E-bits home */
	assert_int_equal(ab.injected, 300);
	assert_int_equal(SH_D(&ab, crc), ab.injected);	/* at B */
	assert_int_equal(SH_D(&ba, ebit), ab.injected);	/* at A */
	assert_int_equal(SH_D(&ba, crc), 0);
	assert_int_equal(SH_D(&ab, ebit), 0);
	assert_int_equal(SH_D(&ab, fas), 0);
	assert_int_equal((ab.seen | ba.seen) & (FW_ALARM_LOF | FW_ALARM_LMFA), 0);
	/* a second closed with errored blocks in it: ES, not SES (30 of 1000) */
	assert_true(SH_D(&ab, es) >= 1);
	assert_int_equal(SH_D(&ab, ses), 0);
}

/* CRC-4 span against a non-CRC-4 far end: LMFA until 400 ms, then the fallback. */
static void test_crc4_interworking(void **state)
{
	(void)state;
	pair_e1(FW_FRAMING_E1_CRC4, FW_FRAMING_E1);
	sh_run2(&ab, &ba, 390);
	assert_int_equal(fw_span_link_alarms(&A), FW_ALARM_LMFA);
	assert_false(fw_e1_crc4_fallback(&A.u.e1));
	sh_run2(&ab, &ba, 20);
	assert_true(fw_e1_crc4_fallback(&A.u.e1));
	assert_int_equal(fw_span_link_alarms(&A), 0);
	assert_int_equal(fw_span_link_alarms(&B), 0);	/* B reads A's CRC-4 frames as basic ones */
	sh_clear_seen(&ba);
	sh_run2(&ab, &ba, 50);
	assert_int_equal(ba.seen, 0);
	assert_int_equal(ba.good, 50 * SH_FRAMES);
	assert_int_equal(ba.bad, 0);
}

/*
 * After the fallback the far end starts CRC-4 (reconfigured, restarted): the
 * receiver takes it up again, checks CRC-4 and stops sending E-bits at 0
 * (before: it stayed fallen back for good, and the far end counted 1000
 * E-bit errors a second).
 */
static void test_crc4_interworking_resumes(void **state)
{
	(void)state;
	pair_e1(FW_FRAMING_E1_CRC4, FW_FRAMING_E1);
	sh_run2(&ab, &ba, 410);
	assert_true(fw_e1_crc4_fallback(&A.u.e1));
	sh_link(&B, FW_SPAN_E1, FW_FRAMING_E1_CRC4, FW_LINECODE_HDB3, FW_SIG_CCS);
	sh_run2(&ab, &ba, 1100);	/* B aligns; A finds B's multiframe; a second closes */
	assert_false(fw_e1_crc4_fallback(&A.u.e1));
	assert_int_equal(fw_span_link_alarms(&A), 0);
	assert_int_equal(fw_span_link_alarms(&B), 0);
	sh_clear_seen(&ab);
	sh_clear_seen(&ba);
	sh_run2(&ab, &ba, 200);
	assert_int_equal(SH_D(&ab, ebit), 0);	/* B hears A's E-bits: no errors */
	assert_int_equal(SH_D(&ba, ebit), 0);
	ba.mangle = sh_drop_mark;
	ba.mangle_arg = 1;
	sh_run2(&ab, &ba, 1);
	ba.mangle = NULL;
	sh_run2(&ab, &ba, 10);
	assert_true(SH_D(&ba, crc) >= 1);	/* A checks CRC-4 again ... */
	assert_int_equal(SH_D(&ab, ebit), SH_D(&ba, crc));	/* ... and tells B, one for one */
}

/* AIS on the cable A -> B: B raises AIS within its integration time, A sees RAI; both clear. */
static void test_ais_and_rai(void **state)
{
	(void)state;
	pair_e1(FW_FRAMING_E1_CRC4, FW_FRAMING_E1_CRC4);
	sh_run2(&ab, &ba, 20);
	assert_int_equal(fw_span_link_alarms(&A) | fw_span_link_alarms(&B), 0);

	fw_cable_set_faults(&ab.cab, FW_CABLE_AIS);
	sh_run2(&ab, &ba, 1);	/* 2 x 512-bit periods is 0.5 ms, with the look-ahead under 3 ms */
	sh_run2(&ab, &ba, 2);
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_AIS);
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_LOF);
	assert_int_equal(fw_span_link_alarms(&B) & FW_ALARM_LOS, 0);
	sh_run2(&ab, &ba, 2);	/* B's A bit: 3 NFAS words at A */
	assert_true(fw_span_link_alarms(&A) & FW_ALARM_RAI);
	assert_int_equal(fw_span_link_alarms(&A) & ~FW_ALARM_RAI, 0);
	sh_run2(&ab, &ba, 100);
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_AIS);

	fw_cable_set_faults(&ab.cab, 0);
	sh_run2(&ab, &ba, 3);
	assert_int_equal(fw_span_link_alarms(&B) & (FW_ALARM_AIS | FW_ALARM_LOF), 0);
	sh_run2(&ab, &ba, 20);
	assert_int_equal(fw_span_link_alarms(&B), 0);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	sh_run2(&ab, &ba, 1000);	/* close the seconds */
	assert_true(fw_span_link_counters(&B)->ais_s >= 1);
	assert_true(fw_span_link_counters(&A)->rai_s >= 1);
	assert_true(fw_span_link_counters(&B)->ses >= 1);
}

/* LOS on the cable: LOS, and RAI from the other side; both go when the signal is back. */
static void test_los_and_rai(void **state)
{
	(void)state;
	pair_e1(FW_FRAMING_E1_CRC4, FW_FRAMING_E1_CRC4);
	sh_run2(&ab, &ba, 20);
	fw_cable_set_faults(&ab.cab, FW_CABLE_LOS);
	sh_run2(&ab, &ba, 1);
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_LOS);
	sh_run2(&ab, &ba, 4);
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_LOF);
	assert_true(fw_span_link_alarms(&A) & FW_ALARM_RAI);
	sh_run2(&ab, &ba, 1000);
	fw_cable_set_faults(&ab.cab, 0);
	sh_run2(&ab, &ba, 20);
	assert_int_equal(fw_span_link_alarms(&B), 0);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	assert_true(fw_span_link_counters(&B)->los_s >= 1);
	assert_true(fw_span_link_counters(&B)->lof_s >= 1);
	assert_true(fw_span_link_counters(&A)->rai_s >= 1);
}

/* Violations put on the line are counted one for one; HDB3 substitutions of a zero payload are not. */
static void test_bpv(void **state)
{
	const struct fw_span_counters *c;

	(void)state;
	loop_e1(FW_FRAMING_E1, FW_SIG_CCS, 9);
	ab.zero_payload = true;
	sh_run(&ab, 10);
	sh_clear_seen(&ab);
	sh_run(&ab, 1000);	/* 1 s of 30 all-zero timeslots: 000V/B00V all the time */
	c = fw_span_link_counters(&A);
	assert_int_equal(c->bpv, 0);
	assert_int_equal(c->exz, 0);
	assert_int_equal(ab.seen, 0);
	assert_true(ab.frames >= 999 * SH_FRAMES);

	loop_e1(FW_FRAMING_E1, FW_SIG_CCS, 9);
	sh_run(&ab, 10);
	sh_clear_seen(&ab);
	ab.mangle = sh_add_bpv;
	ab.mangle_arg = 3;
	sh_run(&ab, 600);
	assert_int_equal(ab.injected, 200);
	assert_int_equal(SH_D(&ab, bpv), ab.injected);
	assert_int_equal(ab.seen & FW_ALARM_LOF, 0);
}

/* Slips on the cable: counted one for one, no LOF, no FAS or CRC error for them. */
static void run_slips(enum fw_framing fr, enum fw_signalling sig)
{
	unsigned i;

	loop_e1(fr, sig, 4);
	sh_run(&ab, 1010);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	sh_clear_seen(&ab);
	for (i = 0; i < 12; i++) {
		fw_cable_slip(&ab.cab, i % 3 ? 1 : -1);
		sh_run(&ab, 40);
	}
	assert_int_equal(ab.cab.repeats + ab.cab.deletions, 12);
	assert_int_equal(SH_D(&ab, slips), 12);
	assert_int_equal(ab.seen, 0);
	assert_int_equal(SH_D(&ab, fas), 0);
	assert_int_equal(SH_D(&ab, crc), 0);
	assert_int_equal(SH_D(&ab, lof_s), 0);
	/*
	 * The cable slips a frame's worth of slots from the start of its block,
	 * which the line encoder's delay puts 3 slots before a frame boundary:
	 * one frame at each slip is spliced from two. The rest arrive whole.
	 */
	assert_true(ab.bad <= 12);
	assert_int_equal(ab.good + ab.bad, 480 * SH_FRAMES + ab.cab.repeats - ab.cab.deletions);
}

static void test_slips_basic(void **state)
{
	(void)state;
	run_slips(FW_FRAMING_E1, FW_SIG_CCS);
}

static void test_slips_crc4(void **state)
{
	(void)state;
	run_slips(FW_FRAMING_E1_CRC4, FW_SIG_CCS);
}

static void test_slips_crc4_cas(void **state)
{
	(void)state;
	run_slips(FW_FRAMING_E1_CRC4, FW_SIG_CAS);
}

/* Slips in consecutive milliseconds, both ways: each one counted. */
static void test_slips_back_to_back(void **state)
{
	(void)state;
	loop_e1(FW_FRAMING_E1_CRC4, FW_SIG_CCS, 4);
	sh_run(&ab, 30);
	sh_clear_seen(&ab);
	fw_cable_slip(&ab.cab, 3);	/* one per call: three 1 ms blocks in a row */
	sh_run(&ab, 10);
	fw_cable_slip(&ab.cab, -3);
	sh_run(&ab, 10);
	assert_int_equal(ab.cab.repeats, 3);
	assert_int_equal(ab.cab.deletions, 3);
	assert_int_equal(SH_D(&ab, slips), 6);
	assert_int_equal(ab.seen, 0);
	assert_int_equal(SH_D(&ab, crc) + SH_D(&ab, fas), 0);
}

/*
 * After a restart, a linked CRC-4 pair settled again: over 200 ms no alarm,
 * no E-bit, CRC, FAS error or slip in either direction, payload exact; and
 * CRC-4 checking runs: a C bit sent in error by each side is one CRC error
 * at the other side and comes back as one E-bit at 0.
 */
static void check_crc4_pair(const char *what, unsigned arg)
{
	struct sh_dir *dir[2] = { &ab, &ba };
	unsigned i;

	sh_run2(&ab, &ba, 100);
	sh_clear_seen(&ab);
	sh_clear_seen(&ba);
	sh_run2(&ab, &ba, 200);
	for (i = 0; i < 2; i++) {
		struct sh_dir *d = dir[i];

		if (d->seen || SH_D(d, ebit) || SH_D(d, crc) || SH_D(d, fas) || SH_D(d, slips) ||
		    d->bad || fw_span_link_alarms(d->rx))
			print_message("%s %u, %s: alarms %#x seen %#x, ebit +%u crc +%u fas +%u "
				      "slips +%u, %u bad frames\n", what, arg, i ? "B -> A" : "A -> B",
				      fw_span_link_alarms(d->rx), d->seen, SH_D(d, ebit),
				      SH_D(d, crc), SH_D(d, fas), SH_D(d, slips), d->bad);
		assert_int_equal(fw_span_link_alarms(d->rx), 0);
		assert_int_equal(d->seen, 0);
		assert_int_equal(SH_D(d, ebit), 0);
		assert_int_equal(SH_D(d, crc), 0);
		assert_int_equal(SH_D(d, fas), 0);
		assert_int_equal(SH_D(d, slips), 0);
		assert_int_equal(d->bad, 0);
		assert_int_equal(d->good, 200 * SH_FRAMES);
	}
	for (i = 0; i < 2; i++) {
		struct sh_dir *d = dir[i], *back = dir[!i];

		sh_clear_seen(&ab);
		sh_clear_seen(&ba);
		assert_int_equal(fw_span_link_inject(d->tx, FW_INJECT_CRC), 0);
		sh_run2(&ab, &ba, 10);
		assert_int_equal(SH_D(d, crc), 1);
		assert_int_equal(SH_D(back, ebit), 1);
		assert_int_equal(SH_D(back, crc), 0);
		assert_int_equal(SH_D(d, ebit), 0);
	}
}

/*
 * Both spans of a CRC-4 pair re-initialised (each end's DAHDI span
 * reconfigured), the second @delay ms after the first, either one first.
 * A span that has found the multiframe again before its far end restarts
 * sees that far end's multiframe start over 8 frames away when the far end
 * had sent an odd number of milliseconds (8 frames) since its own start:
 * FAS and submultiframe boundaries unchanged, no FAS or CRC error, only the
 * MFAS and E-bits elsewhere. It must lose the multiframe and search it
 * again; it used to keep its numbering and read the far end's MFAS bit of
 * frame 5/7 as an E-bit: 500 E-bit errors a second for good.
 */
static void test_crc4_restart_both_ends(void **state)
{
	unsigned delay, first;

	(void)state;
	for (first = 0; first < 2; first++) {
		for (delay = 0; delay <= 16; delay++) {
			pair_e1(FW_FRAMING_E1_CRC4, FW_FRAMING_E1_CRC4);
			sh_run2(&ab, &ba, 50);
			assert_int_equal(fw_span_link_alarms(&A) | fw_span_link_alarms(&B), 0);
			sh_link(first ? &B : &A, FW_SPAN_E1, FW_FRAMING_E1_CRC4, FW_LINECODE_HDB3,
				FW_SIG_CCS);
			sh_run2(&ab, &ba, delay);
			sh_link(first ? &A : &B, FW_SPAN_E1, FW_FRAMING_E1_CRC4, FW_LINECODE_HDB3,
				FW_SIG_CCS);
			check_crc4_pair(first ? "B first, delay" : "A first, delay", delay);
		}
	}
}

/*
 * The far end restarts at any frame of its multiframe (B re-initialised
 * after j frames of a block): the multiframe it sends jumps by 0..15
 * frames. An odd jump is a FAS error (or, for one frame, a slip: the
 * numbering follows), an even one keeps basic alignment; whatever the
 * jump, A's CRC-4 numbering must end up on B's again (before: two or more
 * frames off, CRC errors and E-bit errors at every multiframe).
 */
static void test_crc4_far_end_restart_any_frame(void **state)
{
	unsigned shift;

	(void)state;
	for (shift = 0; shift < 16; shift++) {
		pair_e1(FW_FRAMING_E1_CRC4, FW_FRAMING_E1_CRC4);
		sh_run2(&ab, &ba, shift < 8 ? 50 : 51);	/* B's multiframe at frame 0 or 8 */
		assert_int_equal(fw_span_link_alarms(&A) | fw_span_link_alarms(&B), 0);
		ba.restart = shift % 8 + 1;
		sh_run2(&ab, &ba, 1);
		check_crc4_pair("far end restarted at frame", shift);
	}
}

/* Single MFAS bit errors (one in a multiframe at most) keep the CRC-4 multiframe. */
static void test_crc4_single_mfas_errors_kept(void **state)
{
	unsigned i;

	(void)state;
	loop_e1(FW_FRAMING_E1_CRC4, FW_SIG_CCS, 9);
	sh_run(&ab, 20);
	sh_clear_seen(&ab);
	for (i = 0; i < 40; i++) {
		assert_int_equal(fw_span_link_inject(&A, FW_INJECT_MFAS), 0);
		sh_run(&ab, 5 + i % 3);	/* 2.5 to 3.5 multiframes apart: never two words in a row */
	}
	assert_int_equal(ab.seen, 0);	/* never LMFA */
	assert_int_equal(SH_D(&ab, crc), 40);	/* NFAS bit 1 is in the CRC: one each */
	assert_int_equal(ab.bad, 0);
}

/* CAS: ABCD per channel round trip, and a change follows. */
/* A cut D-channel: exactly the frames asked read idle in TS16; framing and payload untouched. */
static void test_dchan_cut(void **state)
{
	(void)state;
	loop_e1(FW_FRAMING_E1_CRC4, FW_SIG_CCS, 3);
	sh_run(&ab, 20);
	sh_clear_seen(&ab);
	ab.dch_idle = 0;
	sh_run(&ab, 10);
	assert_int_equal(ab.dch_idle, 0);
	fw_span_link_cut_dchan(&A, 100);	/* 12.5 ms */
	sh_run(&ab, 30);
	assert_int_equal(ab.dch_idle, 100);
	assert_int_equal(ab.bad, 0);
	assert_int_equal(ab.seen, 0);
	assert_int_equal(SH_D(&ab, crc), 0);
	assert_int_equal(SH_D(&ab, fas), 0);
	fw_span_link_cut_dchan(&A, 1000);	/* and ended early */
	sh_run(&ab, 2);
	fw_span_link_cut_dchan(&A, 0);
	ab.dch_idle = 0;
	sh_run(&ab, 10);
	assert_int_equal(ab.dch_idle, 0);
}

static void test_cas_abcd(void **state)
{
	unsigned ch;

	(void)state;
	loop_e1(FW_FRAMING_E1_CRC4, FW_SIG_CAS, 7);
	for (ch = 1; ch <= 30; ch++)
		fw_span_link_set_abcd(&A, ch, (uint8_t)(1 + ch % 15));	/* never 0000 */
	sh_run(&ab, 20);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	for (ch = 1; ch <= 30; ch++)
		assert_int_equal(fw_span_link_rx_abcd(&A, ch), 1 + ch % 15);
	for (ch = 1; ch <= 30; ch++)
		fw_span_link_set_abcd(&A, ch, (uint8_t)(15 - ch % 15));
	sh_run(&ab, 6);
	for (ch = 1; ch <= 30; ch++)
		assert_int_equal(fw_span_link_rx_abcd(&A, ch), 15 - ch % 15);
	assert_int_equal(ab.bad, 0);
}

static void test_api(void **state)
{
	struct fw_span_link_config bad = { FW_SPAN_E1, FW_FRAMING_T1_ESF, FW_LINECODE_HDB3,
					   FW_SIG_CCS, 0, 0 };
	union fw_span_frame fr[4];
	uint8_t p[64] = { 0 };

	(void)state;
	assert_int_equal(fw_span_link_init(&A, &bad), -1);
	bad.framing = FW_FRAMING_E1;
	bad.linecode = FW_LINECODE_B8ZS;
	assert_int_equal(fw_span_link_init(&A, &bad), -1);
	bad.linecode = FW_LINECODE_HDB3;
	bad.los_slots = 300;
	assert_int_equal(fw_span_link_init(&A, &bad), -1);
	bad.los_slots = 0;
	assert_int_equal(fw_span_link_init(&A, &bad), 0);
	/* too small an array is refused before anything is taken */
	assert_int_equal(fw_span_link_rx(&A, p, p, 512, fr, 4), -1);
	assert_int_equal(fw_span_link_rx(&A, NULL, p, 8, fr, 100), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_bit_errors_keep_alignment),
		cmocka_unit_test(test_crc4_errors_and_ebits_pair),
		cmocka_unit_test(test_crc4_interworking),
		cmocka_unit_test(test_crc4_interworking_resumes),
		cmocka_unit_test(test_ais_and_rai),
		cmocka_unit_test(test_los_and_rai),
		cmocka_unit_test(test_bpv),
		cmocka_unit_test(test_slips_basic),
		cmocka_unit_test(test_slips_crc4),
		cmocka_unit_test(test_slips_crc4_cas),
		cmocka_unit_test(test_slips_back_to_back),
		cmocka_unit_test(test_crc4_restart_both_ends),
		cmocka_unit_test(test_crc4_far_end_restart_any_frame),
		cmocka_unit_test(test_crc4_single_mfas_errors_kept),
		cmocka_unit_test(test_dchan_cut),
		cmocka_unit_test(test_cas_abcd),
		cmocka_unit_test(test_api),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
