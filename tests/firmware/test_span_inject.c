// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fw_span_link_inject(): each one-shot error a test set (dahdi_maint -i)
 * asks for shows at the far end as exactly that error, once; and
 * fw_span_link_set_rbs(): T1 robbed bits only on the channels given.
 */
#include "span_harness.h"

static struct fw_span_link A;
static struct sh_dir ab;

static void loop(enum fw_span_kind kind, enum fw_framing fr, enum fw_signalling sig)
{
	sh_link(&A, kind, fr, kind == FW_SPAN_T1 ? FW_LINECODE_B8ZS : FW_LINECODE_HDB3, sig);
	sh_dir_init(&ab, &A, &A, 3);
	sh_run(&ab, 1010);	/* aligned, past the first second */
	assert_int_equal(fw_span_link_alarms(&A), 0);
}

/* Inject @what once, 50 ms later: the counters' growth. */
static void inject(unsigned what)
{
	sh_clear_seen(&ab);
	assert_int_equal(fw_span_link_inject(&A, what), 0);
	sh_run(&ab, 50);
	assert_int_equal(ab.seen, 0);	/* one error raises no alarm */
}

static void test_e1_crc4(void **state)
{
	(void)state;
	loop(FW_SPAN_E1, FW_FRAMING_E1_CRC4, FW_SIG_CCS);
	inject(FW_INJECT_FAS);
	assert_int_equal(SH_D(&ab, fas), 1);
	assert_int_equal(SH_D(&ab, bpv), 0);
	assert_true(SH_D(&ab, crc) <= 1);	/* CRC-4 covers the FAS bits too */
	inject(FW_INJECT_CRC);
	assert_int_equal(SH_D(&ab, crc), 1);
	assert_int_equal(SH_D(&ab, fas), 0);
	assert_int_equal(SH_D(&ab, bpv), 0);
	inject(FW_INJECT_BPV);
	assert_int_equal(SH_D(&ab, bpv), 1);
	assert_int_equal(SH_D(&ab, fas), 0);
	inject(FW_INJECT_MFAS);
	assert_int_equal(SH_D(&ab, fas), 0);
	assert_int_equal(SH_D(&ab, bpv), 0);
	/* nothing pending is made again */
	sh_clear_seen(&ab);
	sh_run(&ab, 50);
	assert_int_equal(SH_D(&ab, fas) + SH_D(&ab, crc) + SH_D(&ab, bpv), 0);
	/* no CAS multiframe on a CCS span */
	assert_int_equal(fw_span_link_inject(&A, FW_INJECT_CAS), -1);
	assert_int_equal(fw_span_link_inject(&A, 0x80), -1);
}

static void test_e1_basic(void **state)
{
	(void)state;
	loop(FW_SPAN_E1, FW_FRAMING_E1, FW_SIG_CCS);
	assert_int_equal(fw_span_link_inject(&A, FW_INJECT_CRC), -1);
	assert_int_equal(fw_span_link_inject(&A, FW_INJECT_MFAS), -1);
	inject(FW_INJECT_FAS);
	assert_int_equal(SH_D(&ab, fas), 1);
}

static void test_t1(void **state)
{
	(void)state;
	loop(FW_SPAN_T1, FW_FRAMING_T1_ESF, FW_SIG_CCS);
	inject(FW_INJECT_FAS);
	assert_int_equal(SH_D(&ab, fas), 1);
	assert_int_equal(SH_D(&ab, crc), 0);	/* CRC-6 covers the payload only */
	inject(FW_INJECT_CRC);
	assert_int_equal(SH_D(&ab, crc), 1);
	assert_int_equal(SH_D(&ab, fas), 0);
	inject(FW_INJECT_BPV);
	assert_int_equal(SH_D(&ab, bpv), 1);
	assert_int_equal(fw_span_link_inject(&A, FW_INJECT_MFAS), -1);

	loop(FW_SPAN_T1, FW_FRAMING_T1_SF, FW_SIG_CCS);
	assert_int_equal(fw_span_link_inject(&A, FW_INJECT_CRC), -1);
	inject(FW_INJECT_FAS);
	assert_int_equal(SH_D(&ab, fas), 1);
	inject(FW_INJECT_MFAS);
	assert_int_equal(SH_D(&ab, fas), 1);	/* an Fs bit is a framing bit */
}

/* T1 CAS with channel 24 left out: its bit 8 is never robbed; the others' are. */
static void test_t1_rbs_mask(void **state)
{
	static uint8_t ts[8 * FW_T1_TIMESLOTS], tp[FW_T1_FRAME_BITS], tn[FW_T1_FRAME_BITS];
	static union fw_span_frame fr[FW_SPAN_RX_FRAMES_MAX(8 * FW_T1_FRAME_BITS)];
	struct fw_span_link_config c = { FW_SPAN_T1, FW_FRAMING_T1_ESF, FW_LINECODE_B8ZS,
					 FW_SIG_CAS, 0, 0 };
	unsigned ms, ch, robbed = 0;
	ptrdiff_t n, i;

	(void)state;
	assert_int_equal(fw_span_link_init(&A, &c), 0);
	for (ch = 1; ch <= 24; ch++)
		fw_span_link_set_abcd(&A, ch, 0xF);
	fw_span_link_set_rbs(&A, 0x7FFFFF);
	for (ms = 0; ms < 100; ms++) {
		memset(ts, 0x40, sizeof(ts));
		fw_span_link_tx(&A, ts, 8, tp, tn);
		n = fw_span_link_rx(&A, tp, tn, 8 * FW_T1_FRAME_BITS, fr, sizeof(fr) / sizeof(fr[0]));
		assert_true(n >= 0);
		for (i = 0; i < n && ms > 20; i++) {
			assert_int_equal(fr[i].t1.ts[23], 0x40);
			robbed += fr[i].t1.ts[0] == 0x41;
		}
	}
	assert_true(robbed > 100);	/* 1 frame in 6 on channel 1 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e1_crc4),
		cmocka_unit_test(test_e1_basic),
		cmocka_unit_test(test_t1),
		cmocka_unit_test(test_t1_rbs_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
