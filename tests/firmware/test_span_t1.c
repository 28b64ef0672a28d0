// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * T1 through the whole pipe (fw/span_link.h): framer transmit -> B8ZS ->
 * cable (fw/cable.h) -> B8ZS decode -> slip detector -> framer receive, SF
 * and ESF, in a loop (one span) and a pair (A -> B, B -> A).
 */
#include "span_harness.h"

static struct fw_span_link A, B;
static struct sh_dir ab, ba;

static void loop_t1(enum fw_framing fr, enum fw_signalling sig, uint32_t seed)
{
	sh_link(&A, FW_SPAN_T1, fr, FW_LINECODE_B8ZS, sig);
	sh_dir_init(&ab, &A, &A, seed);
}

static void pair_t1(enum fw_framing fr)
{
	sh_link(&A, FW_SPAN_T1, fr, FW_LINECODE_B8ZS, FW_SIG_CCS);
	sh_link(&B, FW_SPAN_T1, fr, FW_LINECODE_B8ZS, FW_SIG_CCS);
	sh_dir_init(&ab, &A, &B, 11);
	sh_dir_init(&ba, &B, &A, 22);
}

/* In frame from several start offsets, payload exact, nothing counted. */
static void test_align(void **state)
{
	static const size_t offs[] = { 0, 1, 96, 192 };
	unsigned i, esf;

	(void)state;
	for (esf = 0; esf < 2; esf++) {
		for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
			loop_t1(esf ? FW_FRAMING_T1_ESF : FW_FRAMING_T1_SF, FW_SIG_CCS, 1);
			ab.skip = offs[i];
			sh_run(&ab, esf ? 20 : 10);	/* SF 6.1 ms, ESF up to 14.8 ms, + look-ahead */
			assert_int_equal(fw_span_link_alarms(&A), 0);
			sh_clear_seen(&ab);
			sh_run(&ab, 100);
			assert_int_equal(ab.seen, 0);
			assert_int_equal(ab.bad, 0);
			/* what the look-ahead held at the start may come out too */
			assert_true(ab.good >= 100 * SH_FRAMES - 4 && ab.good <= 100 * SH_FRAMES + 4);
			assert_int_equal(SH_D(&ab, fas), 0);
			assert_int_equal(SH_D(&ab, crc), 0);
			assert_int_equal(SH_D(&ab, bpv), 0);
			assert_int_equal(SH_D(&ab, slips), 0);
		}
	}
}

/* Random bit errors (30 per million slots, 2 s): counted, never out of frame, no false slip. */
static void run_bit_errors(enum fw_framing fr)
{
	loop_t1(fr, FW_SIG_CCS, 5);
	sh_run(&ab, 1010);	/* past the first second, with the start-up LOF in it */
	assert_int_equal(fw_span_link_alarms(&A), 0);
	sh_clear_seen(&ab);
	fw_cable_set_ber(&ab.cab, 30);
	sh_run(&ab, 2000);
	assert_true(ab.cab.errors > 100);
	assert_int_equal(ab.seen & (FW_ALARM_LOF | FW_ALARM_LOS), 0);
	assert_int_equal(SH_D(&ab, lof_s), 0);
	assert_int_equal(SH_D(&ab, slips), 0);
	assert_true(SH_D(&ab, bpv) > 0);
	if (fr == FW_FRAMING_T1_ESF)
		assert_true(SH_D(&ab, crc) > 0 && SH_D(&ab, es) > 0);
}

static void test_bit_errors_sf(void **state)
{
	(void)state;
	run_bit_errors(FW_FRAMING_T1_SF);
}

static void test_bit_errors_esf(void **state)
{
	(void)state;
	run_bit_errors(FW_FRAMING_T1_ESF);
}

/* One dropped pulse every 4 ms (each in its own superframe): CRC-6 errors one for one. */
static void test_crc6_one_for_one(void **state)
{
	(void)state;
	loop_t1(FW_FRAMING_T1_ESF, FW_SIG_CCS, 3);
	sh_run(&ab, 30);
	sh_clear_seen(&ab);
	ab.mangle = sh_drop_mark;
	ab.mangle_arg = 4;
	sh_run(&ab, 1200);
	ab.mangle = NULL;
	sh_run(&ab, 10);
	assert_int_equal(ab.injected, 300);
	assert_int_equal(SH_D(&ab, crc), ab.injected);
	assert_int_equal(SH_D(&ab, fas), 0);
	assert_int_equal(ab.seen, 0);
	assert_true(SH_D(&ab, blocks) > 0);
}

/* AIS on the cable A -> B: AIS (and LOF) at B, yellow from B seen at A; all clear after. */
static void run_ais_yellow(enum fw_framing fr)
{
	unsigned yellow_ms = fr == FW_FRAMING_T1_ESF ? 90 : 5;	/* ESF: 16 x 16 FDL bits */

	pair_t1(fr);
	sh_run2(&ab, &ba, 30);
	assert_int_equal(fw_span_link_alarms(&A) | fw_span_link_alarms(&B), 0);
	fw_cable_set_faults(&ab.cab, FW_CABLE_AIS);
	sh_run2(&ab, &ba, 3);
	assert_int_equal(fw_span_link_alarms(&B) & FW_ALARM_AIS, 0);	/* out of frame first */
	sh_run2(&ab, &ba, 9);	/* OOF within 2 ms (with the look-ahead), then a 3 ms window */
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_AIS);
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_LOF);
	sh_run2(&ab, &ba, yellow_ms);
	assert_int_equal(fw_span_link_alarms(&A), FW_ALARM_RAI);
	fw_cable_set_faults(&ab.cab, 0);
	sh_run2(&ab, &ba, 30);
	assert_int_equal(fw_span_link_alarms(&B), 0);
	sh_run2(&ab, &ba, 20);
	assert_int_equal(fw_span_link_alarms(&A), 0);
}

static void test_ais_yellow_sf(void **state)
{
	(void)state;
	run_ais_yellow(FW_FRAMING_T1_SF);
}

static void test_ais_yellow_esf(void **state)
{
	(void)state;
	run_ais_yellow(FW_FRAMING_T1_ESF);
}

/* LOS on the cable: LOS at B (into the seconds too), yellow at A; both clear. */
static void test_los_yellow(void **state)
{
	(void)state;
	pair_t1(FW_FRAMING_T1_SF);
	sh_run2(&ab, &ba, 1010);
	sh_clear_seen(&ab);
	sh_clear_seen(&ba);
	fw_cable_set_faults(&ab.cab, FW_CABLE_LOS);
	sh_run2(&ab, &ba, 1);
	assert_true(fw_span_link_alarms(&B) & FW_ALARM_LOS);
	sh_run2(&ab, &ba, 10);
	assert_true(fw_span_link_alarms(&A) & FW_ALARM_RAI);
	sh_run2(&ab, &ba, 1000);
	fw_cable_set_faults(&ab.cab, 0);
	sh_run2(&ab, &ba, 30);
	assert_int_equal(fw_span_link_alarms(&B), 0);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	assert_true(SH_D(&ab, los_s) >= 1);
	assert_true(SH_D(&ab, ses) >= 1);
	assert_true(SH_D(&ba, rai_s) >= 1);
}

/* B8ZS substitutions of a zero payload are not BPVs; violations put on the line are, one for one. */
static void test_bpv(void **state)
{
	(void)state;
	loop_t1(FW_FRAMING_T1_ESF, FW_SIG_CCS, 9);
	ab.zero_payload = true;
	sh_run(&ab, 30);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	sh_clear_seen(&ab);
	sh_run(&ab, 1000);
	assert_int_equal(SH_D(&ab, bpv), 0);
	assert_int_equal(SH_D(&ab, exz), 0);
	assert_int_equal(SH_D(&ab, crc), 0);
	assert_int_equal(ab.seen, 0);
	assert_true(ab.frames >= 999 * SH_FRAMES);

	loop_t1(FW_FRAMING_T1_ESF, FW_SIG_CCS, 9);
	sh_run(&ab, 30);
	sh_clear_seen(&ab);
	ab.mangle = sh_add_bpv;
	ab.mangle_arg = 3;
	sh_run(&ab, 600);
	assert_int_equal(ab.injected, 200);
	assert_int_equal(SH_D(&ab, bpv), ab.injected);
	assert_int_equal(ab.seen & FW_ALARM_LOF, 0);
}

/* Slips on the cable: counted one for one, never out of frame, no F-bit error for them. */
static void run_slips(enum fw_framing fr, unsigned gap_ms)
{
	unsigned i;

	loop_t1(fr, FW_SIG_CCS, 4);
	sh_run(&ab, 1010);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	sh_clear_seen(&ab);
	for (i = 0; i < 12; i++) {
		fw_cable_slip(&ab.cab, i % 3 ? 1 : -1);
		sh_run(&ab, gap_ms);
	}
	assert_int_equal(ab.cab.repeats + ab.cab.deletions, 12);
	assert_int_equal(SH_D(&ab, slips), 12);
	assert_int_equal(ab.seen, 0);
	assert_int_equal(SH_D(&ab, fas), 0);
	assert_int_equal(SH_D(&ab, lof_s), 0);
	/* one frame spliced from two at each slip at most (the coder delays) */
	assert_true(ab.bad <= 12);
	assert_int_equal(ab.good + ab.bad, 12 * gap_ms * SH_FRAMES + ab.cab.repeats -
			 ab.cab.deletions);
}

static void test_slips_sf(void **state)
{
	(void)state;
	run_slips(FW_FRAMING_T1_SF, 40);
	assert_int_equal(SH_D(&ab, crc), 0);
}

static void test_slips_esf(void **state)
{
	(void)state;
	run_slips(FW_FRAMING_T1_ESF, 40);
	/* frames between a slip and the first FPS that shows it go unmoved: at most one CRC-6 each */
	assert_true(SH_D(&ab, crc) <= 12);
}

/* Robbed bits per channel: AB in SF, ABCD in ESF, through the pipe; a change follows. */
static void run_rbs(enum fw_framing fr)
{
	uint8_t m = fr == FW_FRAMING_T1_SF ? 0xC : 0xF;	/* SF carries A and B */
	unsigned ch;

	loop_t1(fr, FW_SIG_CAS, 7);
	for (ch = 1; ch <= 24; ch++)
		fw_span_link_set_abcd(&A, ch, (uint8_t)(ch * 5));
	sh_run(&ab, 30);
	assert_int_equal(fw_span_link_alarms(&A), 0);
	/* frames sent while the loop was out of frame carried yellow (SF: bit 2 = 0) */
	sh_clear_seen(&ab);
	for (ch = 1; ch <= 24; ch++) {
		uint8_t want = (uint8_t)(ch * 5 & m);

		if (m == 0xC)	/* SF: C = A, D = B */
			want |= (uint8_t)(want >> 2);
		assert_int_equal(fw_span_link_rx_abcd(&A, ch), want);
	}
	for (ch = 1; ch <= 24; ch++)
		fw_span_link_set_abcd(&A, ch, (uint8_t)(~ch * 3 & 0xF));
	sh_run(&ab, 10);
	for (ch = 1; ch <= 24; ch++) {
		uint8_t want = (uint8_t)(~ch * 3 & m);

		if (m == 0xC)
			want |= (uint8_t)(want >> 2);
		assert_int_equal(fw_span_link_rx_abcd(&A, ch), want);
	}
	assert_int_equal(ab.bad, 0);
	assert_true(ab.good >= 10 * SH_FRAMES - 8);
}

static void test_rbs_sf(void **state)
{
	(void)state;
	run_rbs(FW_FRAMING_T1_SF);
}

static void test_rbs_esf(void **state)
{
	(void)state;
	run_rbs(FW_FRAMING_T1_ESF);
}

/* Seconds close every 1,544,000 bits: 3 s of a clean span are 3 seconds of 333 blocks. */
static void test_seconds(void **state)
{
	(void)state;
	loop_t1(FW_FRAMING_T1_ESF, FW_SIG_CCS, 2);
	sh_run(&ab, 1010);
	sh_clear_seen(&ab);
	sh_run(&ab, 3000);
	assert_int_equal(SH_D(&ab, es), 0);
	assert_int_equal(SH_D(&ab, ses), 0);
	assert_true(SH_D(&ab, blocks) >= 3 * 333 - 1 && SH_D(&ab, blocks) <= 3 * 334);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_bit_errors_sf),
		cmocka_unit_test(test_bit_errors_esf),
		cmocka_unit_test(test_crc6_one_for_one),
		cmocka_unit_test(test_ais_yellow_sf),
		cmocka_unit_test(test_ais_yellow_esf),
		cmocka_unit_test(test_los_yellow),
		cmocka_unit_test(test_bpv),
		cmocka_unit_test(test_slips_sf),
		cmocka_unit_test(test_slips_esf),
		cmocka_unit_test(test_rbs_sf),
		cmocka_unit_test(test_rbs_esf),
		cmocka_unit_test(test_seconds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
