// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 codec: the Display IE (0x28) in both codings. EuroISDN carries IA5
 * text only; NI-2 puts a display type octet with bit 8 set (0xB1, calling
 * party name) before the text. The decoder gives the text without that octet
 * and the octet apart; the encoder writes either form back octet for octet,
 * refuses what would not decode the same, and keeps to the IE's length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "q931/q931.h"

/* SETUP net -> user, cref 1: bearer capability (speech, 64k, mu-law), channel 1
 * exclusive, then @ies */
static size_t setup(uint8_t *buf, const uint8_t *ies, size_t n)
{
	static const uint8_t head[] = { 0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x03, 0x80, 0x90, 0xa2,
					0x18, 0x03, 0xa9, 0x83, 0x81 };

	memcpy(buf, head, sizeof(head));
	memcpy(buf + sizeof(head), ies, n);
	return sizeof(head) + n;
}

static void dec_ok(const uint8_t *buf, size_t len, struct q931_msg *m)
{
	assert_int_equal(q931_decode(NULL, Q931_NET_TO_USER, buf, len, m), 0);
	assert_int_equal(m->nerr, 0);
	assert_true(Q931_HAS(m, Q931_I_DISPLAY));
}

static void same_back(const struct q931_msg *m, const uint8_t *buf, size_t len)
{
	uint8_t out[300];

	assert_int_equal(q931_encode(NULL, Q931_NET_TO_USER, m, out, sizeof(out)), (int)len);
	assert_memory_equal(out, buf, len);
}

static void test_euroisdn_text_only(void **state)
{
	static const uint8_t ies[] = { 0x28, 0x05, 'A', 'l', 'i', 'c', 'e' };
	uint8_t buf[64];
	size_t len = setup(buf, ies, sizeof(ies));
	struct q931_msg m;

	(void)state;
	dec_ok(buf, len, &m);
	assert_false(m.display.has_type);
	assert_int_equal(m.display.type, 0);
	assert_int_equal(m.display.text.len, 5);
	assert_memory_equal(m.display.text.p, "Alice", 5);
	same_back(&m, buf, len);
}

static void test_ni2_type_octet(void **state)
{
	static const uint8_t ies[] = { 0x28, 0x04, 0xb1, 'B', 'o', 'b' };
	uint8_t buf[64];
	size_t len = setup(buf, ies, sizeof(ies));
	struct q931_msg m;

	(void)state;
	dec_ok(buf, len, &m);
	assert_true(m.display.has_type);
	assert_int_equal(m.display.type, Q931_DISPLAY_CALLING_NAME);
	assert_int_equal(m.display.text.len, 3);
	assert_memory_equal(m.display.text.p, "Bob", 3);
	same_back(&m, buf, len);
}

/* Only the first octet can be the type; later octets with bit 8 set are text
 * (libpri sends ISO 8859-1). A type octet alone leaves empty text. */
static void test_type_edges(void **state)
{
	static const uint8_t latin[] = { 0x28, 0x04, 0xb1, 'J', 0xf6, 'e' };
	static const uint8_t only[] = { 0x28, 0x01, 0xb2 };
	uint8_t buf[64];
	size_t len;
	struct q931_msg m;

	(void)state;
	len = setup(buf, latin, sizeof(latin));
	dec_ok(buf, len, &m);
	assert_int_equal(m.display.type, 0xb1);
	assert_int_equal(m.display.text.len, 3);
	assert_int_equal(m.display.text.p[1], 0xf6);
	same_back(&m, buf, len);

	len = setup(buf, only, sizeof(only));
	dec_ok(buf, len, &m);
	assert_true(m.display.has_type);
	assert_int_equal(m.display.type, 0xb2);
	assert_int_equal(m.display.text.len, 0);
	same_back(&m, buf, len);
}

/* Built by hand: both codings, and what the encoder refuses. */
static void test_encode(void **state)
{
	static const uint8_t want_ni2[] = { 0x28, 0x04, 0xb1, 'E', 'v', 'e' };
	static const uint8_t want_euro[] = { 0x28, 0x03, 'E', 'v', 'e' };
	static const uint8_t high[] = { 0xc3, 0xa9 };
	struct q931_msg m, back;
	uint8_t out[300];
	int n;

	(void)state;
	q931_msg_init(&m, Q931_SETUP, 1, false);
	m.present = Q931_BIT(Q931_I_BEARER_CAP) | Q931_BIT(Q931_I_DISPLAY);
	m.bearer = (struct q931_bearer){ .rate = 0x10, .has_l1 = true, .l1 = 2 };
	m.display = (struct q931_display){ .has_type = true, .type = 0xb1,
					   .text = { (const uint8_t *)"Eve", 3 } };
	n = q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out));
	assert_int_equal(n, 10 + (int)sizeof(want_ni2));
	assert_memory_equal(out + 10, want_ni2, sizeof(want_ni2));
	assert_int_equal(q931_decode(NULL, Q931_USER_TO_NET, out, (size_t)n, &back), 0);
	assert_true(q931_msg_equal(&m, &back));

	m.display = (struct q931_display){ .text = { (const uint8_t *)"Eve", 3 } };
	n = q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out));
	assert_int_equal(n, 10 + (int)sizeof(want_euro));
	assert_memory_equal(out + 10, want_euro, sizeof(want_euro));
	assert_int_equal(q931_decode(NULL, Q931_USER_TO_NET, out, (size_t)n, &back), 0);
	assert_true(q931_msg_equal(&m, &back));
	/* the type octet is part of what is compared */
	back.display.has_type = true;
	back.display.type = 0xb1;
	assert_false(q931_msg_equal(&m, &back));

	/* a type octet must have bit 8 set */
	m.display = (struct q931_display){ .has_type = true, .type = 0x31,
					   .text = { (const uint8_t *)"Eve", 3 } };
	assert_int_equal(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)), TEL_EINVAL);
	/* text without a type must not open with an octet read back as one */
	m.display = (struct q931_display){ .text = { high, sizeof(high) } };
	assert_int_equal(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)), TEL_EINVAL);
	/* ... behind a type octet it may */
	m.display = (struct q931_display){ .has_type = true, .type = 0xb1,
					   .text = { high, sizeof(high) } };
	assert_true(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)) > 0);
	/* text with no octets behind it */
	m.display = (struct q931_display){ .text = { NULL, 3 } };
	assert_int_equal(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)), TEL_EINVAL);
	/* no contents at all: below the IE's minimum of one octet */
	m.display = (struct q931_display){ .text = { NULL, 0 } };
	assert_int_equal(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)), TEL_EINVAL);
}

/* The IE holds at most 82 octets of contents here (the codec is generous: Q.931
 * counts 82 with identifier and length); one more is refused, never cut. */
static void test_too_long(void **state)
{
	uint8_t text[90], out[300];
	struct q931_msg m;

	(void)state;
	memset(text, 'x', sizeof(text));
	q931_msg_init(&m, Q931_SETUP, 1, false);
	m.present = Q931_BIT(Q931_I_BEARER_CAP) | Q931_BIT(Q931_I_DISPLAY);
	m.bearer = (struct q931_bearer){ .rate = 0x10, .has_l1 = true, .l1 = 2 };
	m.display = (struct q931_display){ .text = { text, 82 } };
	assert_true(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)) > 0);
	m.display = (struct q931_display){ .text = { text, 83 } };
	assert_int_equal(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)), TEL_EINVAL);
	m.display = (struct q931_display){ .has_type = true, .type = 0xb1, .text = { text, 81 } };
	assert_true(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)) > 0);
	m.display = (struct q931_display){ .has_type = true, .type = 0xb1, .text = { text, 82 } };
	assert_int_equal(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)), TEL_EINVAL);
}

/* Received too long: a content error on an optional IE, the IE not kept. */
static void test_too_long_received(void **state)
{
	uint8_t ies[2 + 83], buf[128];
	size_t len;
	struct q931_msg m;

	(void)state;
	ies[0] = 0x28;
	ies[1] = 83;
	memset(ies + 2, 'y', 83);
	len = setup(buf, ies, sizeof(ies));
	assert_int_equal(q931_decode(NULL, Q931_NET_TO_USER, buf, len, &m), 0);
	assert_false(Q931_HAS(&m, Q931_I_DISPLAY));
	assert_int_equal(m.nerr, 1);
	assert_int_equal(m.err[0].ie, Q931_IE_DISPLAY);
	assert_int_equal(q931_msg_verdict(&m), 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_euroisdn_text_only),
		cmocka_unit_test(test_ni2_type_octet),
		cmocka_unit_test(test_type_edges),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_too_long_received),
	};

	return cmocka_run_group_tests_name("q931_display", tests, NULL, NULL);
}
