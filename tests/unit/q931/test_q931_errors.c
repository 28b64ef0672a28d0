// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 codec: conditions of Q.931 §5.8 found while decoding (every kind),
 * the verdict cause, codeset shifts and opaque IEs, and truncation of golden
 * messages at every length (ASan checks the bounds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "q931/q931.h"
#include "../testutil.h"

static uint8_t in[512];
static size_t in_len;

static int dec(enum q931_dir dir, const char *hex, struct q931_msg *m)
{
	in_len = unhex(hex, in);
	return q931_decode(NULL, dir, in, in_len, m);
}

/* Index of the first condition of @kind, or -1. */
static int find(const struct q931_msg *m, int kind)
{
	int i;

	for (i = 0; i < m->nerr; i++)
		if (m->err[i].kind == kind)
			return i;
	return -1;
}

static void test_header_errors(void **state)
{
	struct q931_msg m;

	(void)state;
	assert_int_equal(dec(0, "08 02", &m), TEL_EPROTO);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_TOO_SHORT);
	assert_int_equal(q931_decode(NULL, 0, NULL, 0, &m), TEL_EPROTO);
	assert_int_equal(m.err[0].kind, Q931_ERR_TOO_SHORT);
	/* call reference announced, message type octet missing */
	assert_int_equal(dec(0, "08 02 00 01", &m), TEL_EPROTO);
	assert_int_equal(m.err[0].kind, Q931_ERR_TOO_SHORT);
	assert_int_equal(dec(0, "08 01 01", &m), TEL_EPROTO);
	assert_int_equal(m.err[0].kind, Q931_ERR_TOO_SHORT);
	assert_int_equal(dec(0, "09 02 00 01 05", &m), TEL_EPROTO);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_PD);
	assert_int_equal(m.pd, 0x09);
	assert_int_equal(dec(0, "08 03 00 00 01 05", &m), TEL_EPROTO);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_CREF);
	assert_int_equal(dec(0, "08 12 00 01 05", &m), TEL_EPROTO);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_CREF);
	assert_int_equal(q931_msg_verdict(&m), 0);	/* ignored, not answered */
	/* dummy call reference: length 0 */
	assert_int_equal(dec(0, "08 00 75", &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_int_equal(m.cref_len, 0);
	assert_int_equal(m.type, Q931_STATUS_ENQUIRY);
}

static void test_unknown_msg(void **state)
{
	struct q931_msg m;

	(void)state;
	assert_int_equal(dec(0, "08 02 00 01 7f 08 02 81 90", &m), 0);
	assert_int_equal(m.type, 0x7f);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_UNKNOWN_MSG);
	assert_int_equal(q931_msg_verdict(&m), 97);
	assert_int_equal(m.cause[0].value, 16);	/* IEs still decoded */
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
}

static void test_mandatory_missing(void **state)
{
	struct q931_msg m;

	(void)state;
	assert_int_equal(dec(0, "08 02 80 01 45 7e 02 00 41", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_MANDATORY_MISSING);
	assert_int_equal(m.err[0].ie, Q931_IE_CAUSE);
	assert_true(m.err[0].mandatory);
	assert_int_equal(q931_msg_verdict(&m), 96);
	/* channel id is mandatory in SETUP from the network only */
	assert_int_equal(dec(Q931_NET_TO_USER, "08 02 00 01 05 04 03 80 90 a3", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].ie, Q931_IE_CHANNEL_ID);
	assert_int_equal(dec(Q931_USER_TO_NET, "08 02 00 01 05 04 03 80 90 a3", &m), 0);
	assert_int_equal(m.nerr, 0);
	/* cause is optional in RELEASE and RELEASE COMPLETE */
	assert_int_equal(dec(0, "08 02 00 01 4d", &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_int_equal(dec(1, "08 02 00 01 5a", &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_int_equal(dec(0, "08 02 00 01 7d 08 02 81 9e", &m), 0);
	assert_int_equal(m.err[0].ie, Q931_IE_CALL_STATE);
}

static void test_bad_content_and_truncation(void **state)
{
	struct q931_msg m;

	(void)state;
	/* bad optional IE: 99; bad mandatory IE: 100, not also "missing" */
	assert_int_equal(dec(0, "08 02 00 01 4d 08 01 81", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_CONTENT);
	assert_false(m.err[0].mandatory);
	assert_false(Q931_HAS(&m, Q931_I_CAUSE));
	assert_int_equal(q931_msg_verdict(&m), 99);
	assert_int_equal(dec(0, "08 02 00 01 45 08 01 81", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_true(m.err[0].mandatory);
	assert_int_equal(q931_msg_verdict(&m), 100);
	/* length past the end; identifier without length */
	assert_int_equal(dec(0, "08 02 00 01 45 08 03 81 90", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_IE_TRUNCATED);
	assert_int_equal(m.err[0].ie, Q931_IE_CAUSE);
	assert_true(m.err[0].mandatory);
	assert_int_equal(dec(0, "08 02 00 01 4d 08 02 81 90 7e", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_IE_TRUNCATED);
	assert_int_equal(m.err[0].ie, Q931_IE_USER_USER);
	assert_int_equal(m.cause[0].value, 16);
	assert_int_equal(q931_msg_verdict(&m), 99);
}

static void test_sequence_and_repeats(void **state)
{
	struct q931_msg m;
	int i;

	(void)state;
	/* called (0x70) before calling (0x6C): reported, both decoded */
	assert_int_equal(dec(1, "08 02 00 01 05 04 03 80 90 a3 70 02 81 31 6c 02 81 32", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_OUT_OF_SEQUENCE);
	assert_int_equal(m.err[0].ie, Q931_IE_CALLING_NUM);
	assert_true(Q931_HAS(&m, Q931_I_CALLING_NUM) && Q931_HAS(&m, Q931_I_CALLED_NUM));
	assert_int_equal(q931_msg_verdict(&m), 0);
	/* single-octet IEs anywhere: no sequence error */
	assert_int_equal(dec(1, "08 02 00 01 05 a1 04 03 80 90 a3 d1 70 02 81 31", &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_true(m.sending_complete && m.has_repeat);
	assert_int_equal(m.repeat, 1);
	/* repeated bearer capability: first kept */
	assert_int_equal(dec(1, "08 02 00 01 05 04 03 80 90 a3 04 02 88 90", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_REPEATED_IE);
	assert_int_equal(m.err[0].ie, Q931_IE_BEARER_CAP);
	assert_int_equal(m.bearer.itc, 0);
	/* repeated sending complete */
	assert_int_equal(dec(1, "08 02 00 01 7b a1 a1", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_REPEATED_IE);
	assert_int_equal(m.err[0].ie, 0xa1);
	/* five causes: four kept in order, the fifth reported */
	assert_int_equal(dec(0, "08 02 00 01 5a 08 02 81 81 08 02 81 82 08 02 81 83 "
			     "08 02 81 84 08 02 81 85", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_TOO_MANY);
	assert_int_equal(m.err[0].ie, Q931_IE_CAUSE);
	assert_int_equal(m.ncauses, Q931_MAX_CAUSES);
	for (i = 0; i < Q931_MAX_CAUSES; i++)
		assert_int_equal(m.cause[i].value, i + 1);
}

static void test_unknown_and_unexpected(void **state)
{
	struct q931_msg m, back;
	uint8_t out[64];
	int n;

	(void)state;
	/* 0x29 date/time: not understood, comprehension not required -> 99 */
	assert_int_equal(dec(0, "08 02 00 01 07 29 03 18 01 02", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_UNKNOWN_IE);
	assert_int_equal(m.err[0].ie, 0x29);
	assert_false(m.err[0].mandatory);
	assert_int_equal(q931_msg_verdict(&m), 99);
	assert_int_equal(m.nraw, 1);
	assert_int_equal(m.raw[0].codeset, 0);
	assert_int_equal(m.raw[0].id, 0x29);
	assert_false(m.raw[0].comprehension_required);
	assert_int_equal(m.raw[0].body.len, 3);
	assert_ptr_equal(m.raw[0].body.p, in + 7);
	/* it encodes back in place */
	n = q931_encode(NULL, 0, &m, out, sizeof(out));
	assert_int_equal(n, (int)in_len);
	assert_memory_equal(out, in, in_len);
	/* 0x0b: comprehension required -> mandatory, 96 */
	assert_int_equal(dec(0, "08 02 00 01 07 0b 01 00", &m), 0);
	assert_int_equal(m.err[0].kind, Q931_ERR_UNKNOWN_IE);
	assert_true(m.err[0].mandatory);
	assert_true(m.raw[0].comprehension_required);
	assert_int_equal(q931_msg_verdict(&m), 96);
	/* unknown single-octet IE in codeset 0 */
	assert_int_equal(dec(0, "08 02 00 01 07 e5", &m), 0);
	assert_int_equal(m.err[0].kind, Q931_ERR_UNKNOWN_IE);
	assert_true(m.raw[0].single);
	assert_int_equal(m.raw[0].body.len, 0);
	/* calling number in DISCONNECT: reported, still decoded */
	assert_int_equal(dec(0, "08 02 00 01 45 08 02 81 90 6c 02 81 31", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_UNEXPECTED_IE);
	assert_int_equal(m.err[0].ie, Q931_IE_CALLING_NUM);
	assert_true(Q931_HAS(&m, Q931_I_CALLING_NUM));
	assert_int_equal(m.calling.digits[0], '1');
	assert_int_equal(q931_msg_verdict(&m), 99);
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
	/* opaque IEs the encoder must refuse: known id, shift */
	assert_int_equal(dec(0, "08 02 00 01 07 29 03 18 01 02", &m), 0);
	back = m;
	back.raw[0].id = Q931_IE_DISPLAY;
	assert_int_equal(q931_encode(NULL, 0, &back, out, sizeof(out)), TEL_EINVAL);
	back.raw[0].id = 0x95;
	assert_int_equal(q931_encode(NULL, 0, &back, out, sizeof(out)), TEL_EINVAL);
}

static void test_shifts(void **state)
{
	struct q931_msg m, back;
	uint8_t out[64];
	int n;

	(void)state;
	/* non-locking shift to 7 covers one IE; then codeset 0 again; then
	 * locking shift to 6 for the rest, with a single-octet IE of codeset 6 */
	assert_int_equal(dec(1, "08 02 00 01 05 04 03 80 90 a3 9f 28 02 41 42 70 02 81 31 "
			     "96 01 02 aa bb a3 7b 01 01", &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_true(Q931_HAS(&m, Q931_I_CALLED_NUM));
	assert_false(Q931_HAS(&m, Q931_I_DISPLAY));
	assert_int_equal(m.nraw, 4);
	assert_int_equal(m.raw[0].codeset, 7);
	assert_int_equal(m.raw[0].id, 0x28);
	assert_memory_equal(m.raw[0].body.p, "AB", 2);
	assert_int_equal(m.raw[1].codeset, 6);
	assert_int_equal(m.raw[1].id, 0x01);
	assert_int_equal(m.raw[2].codeset, 6);
	assert_int_equal(m.raw[2].id, 0xa3);
	assert_true(m.raw[2].single);
	assert_int_equal(m.raw[3].codeset, 6);
	assert_int_equal(m.raw[3].id, 0x7b);
	assert_false(m.raw[3].comprehension_required);
	assert_int_equal(q931_msg_verdict(&m), 0);
	/* encoder: codeset 0, then locking shift 6, then locking shift 7 */
	n = q931_encode(NULL, 1, &m, out, sizeof(out));
	assert_int_equal(n, 5 + 5 + 4 + 1 + 4 + 1 + 3 + 1 + 4);
	assert_memory_equal(out + 5, "\x04\x03\x80\x90\xa3\x70\x02\x81\x31"
			    "\x96\x01\x02\xaa\xbb\x7b\x01\x01\xa3\x97\x28\x02\x41\x42", n - 5);
	assert_int_equal(q931_decode(NULL, 1, out, n, &back), 0);
	assert_int_equal(back.nerr, 0);
	assert_true(q931_msg_equal(&m, &back));
	/* locking shift down or to the same codeset */
	assert_int_equal(dec(0, "08 02 00 01 07 96 01 00 95 02 00", &m), 0);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_SHIFT);
	assert_int_equal(m.err[0].ie, 0x95);
	assert_int_equal(m.raw[1].codeset, 6);	/* shift ignored */
	assert_int_equal(q931_msg_verdict(&m), 99);
	assert_int_equal(dec(0, "08 02 00 01 07 90", &m), 0);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_SHIFT);
	/* more opaque IEs than kept */
	assert_int_equal(dec(0, "08 02 00 01 07 96 01 00 01 00 01 00 01 00 01 00 01 00 "
			     "01 00 01 00 02 00", &m), 0);
	assert_int_equal(m.nraw, Q931_MAX_RAW);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].kind, Q931_ERR_TOO_MANY);
	assert_int_equal(m.err[0].ie, 0x02);
	assert_int_equal(m.err[0].codeset, 6);
}

static void test_overflow_keeps_verdict(void **state)
{
	struct q931_msg m;

	(void)state;
	/* DISCONNECT without cause and with ten signals: nine repeats, then missing */
	assert_int_equal(dec(0, "08 02 00 01 45 34 01 01 34 01 01 34 01 01 34 01 01 34 01 01 "
			     "34 01 01 34 01 01 34 01 01 34 01 01 34 01 01", &m), 0);
	assert_int_equal(m.nerr, Q931_MAX_ERRORS);
	assert_true(m.err_overflow);
	assert_int_equal(q931_msg_verdict(&m), 96);
	assert_true(find(&m, Q931_ERR_MANDATORY_MISSING) >= 0);
}

static void test_verdict_priority(void **state)
{
	struct q931_msg m;

	(void)state;
	/* bad mandatory bearer (100) + missing channel id (96) -> 96 */
	assert_int_equal(dec(Q931_NET_TO_USER, "08 02 00 01 05 04 01 80", &m), 0);
	assert_int_equal(m.nerr, 2);
	assert_int_equal(q931_msg_verdict(&m), 96);
	/* bad mandatory (100) + unknown optional (99) -> 100 */
	assert_int_equal(dec(0, "08 02 00 01 45 08 01 81 29 01 00", &m), 0);
	assert_int_equal(m.nerr, 2);
	assert_int_equal(q931_msg_verdict(&m), 100);
	/* unknown message (97) beats an unknown comprehension-required IE (96) */
	assert_int_equal(dec(0, "08 02 00 01 7f 01 01 00", &m), 0);
	assert_int_equal(m.nerr, 2);
	assert_int_equal(q931_msg_verdict(&m), 97);
	/* conditions answered with nothing */
	assert_int_equal(dec(0, "08 02 00 01 5a 7e 01 00", &m), 0);
	assert_int_equal(q931_msg_verdict(&m), 0);
}

/* Every prefix of golden messages decodes without reading past it. */
static void test_every_prefix(void **state)
{
	static const char *const golden[] = {
		"08 02 00 01 05 04 03 80 90 a3 18 03 a9 83 81 6c 06 00 80 31 32 33 34 "
		"70 05 81 35 36 37 38",
		"08 02 80 01 45 08 02 81 90 7e 05 00 01 00 ff 02",
		"08 02 00 01 5a 08 02 81 90 08 04 62 8a 9f 01",
		"08 02 00 02 05 a1 04 03 80 90 a2 18 05 a1 93 00 00 07 70 03 c1 35 36",
		"08 02 00 01 05 04 05 90 90 22 8f c2 18 04 e9 81 83 85 74 05 21 21 8f 39 38 "
		"9f 28 02 41 42 96 01 02 aa bb a3",
	};
	unsigned int g;
	size_t n, k;
	int dir, i;

	(void)state;
	for (g = 0; g < sizeof(golden) / sizeof(golden[0]); g++) {
		n = unhex(golden[g], in);
		for (k = 0; k <= n; k++) {
			uint8_t *p = malloc(k ? k : 1);	/* exact size: ASan sees overreads */
			struct q931_msg m;
			int rc;

			assert_non_null(p);
			memcpy(p, in, k);
			for (dir = 0; dir < 2; dir++) {
				rc = q931_decode(NULL, dir, p, k, &m);
				/* header: PD, length, call reference, type */
				assert_int_equal(rc, k < 3 + (size_t)in[1] ? TEL_EPROTO : 0);
				/* whatever was decoded lies inside the prefix */
				if (Q931_HAS(&m, Q931_I_CALLED_NUM))
					assert_true(m.called.digits + m.called.len <= p + k);
				if (Q931_HAS(&m, Q931_I_USER_USER))
					assert_true(m.uui.data + m.uui.len <= p + k);
				for (i = 0; i < m.nraw; i++)
					assert_true(m.raw[i].body.p + m.raw[i].body.len <= p + k);
				/* a cut inside the last IE is reported */
				if (k == n - 1)
					assert_int_equal(find(&m, Q931_ERR_IE_TRUNCATED) >= 0,
							 in[n - 1] < 0x80);
				if (k == n)
					assert_int_equal(m.nerr, 0);
			}
			free(p);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_unknown_msg),
		cmocka_unit_test(test_mandatory_missing),
		cmocka_unit_test(test_bad_content_and_truncation),
		cmocka_unit_test(test_sequence_and_repeats),
		cmocka_unit_test(test_unknown_and_unexpected),
		cmocka_unit_test(test_shifts),
		cmocka_unit_test(test_overflow_keeps_verdict),
		cmocka_unit_test(test_verdict_priority),
		cmocka_unit_test(test_every_prefix),
	};

	return cmocka_run_group_tests_name("q931_errors", tests, NULL, NULL);
}
