// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 codec: information elements one by one. Golden octets decoded into
 * fields and encoded back to the same octets; range checks of the encoder;
 * user-user size limits.
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

static uint8_t in[512];
static size_t in_len;

/* Decode "08 02 00 01 <type> <ies>" (net -> user); return the decode result. */
static int dec(uint8_t type, const char *ies, struct q931_msg *m)
{
	const struct q931_codec c = { .uui_max = Q931_UUI_MAX_DEFAULT };
	unsigned int v;

	in_len = 0;
	in[in_len++] = 0x08;
	in[in_len++] = 0x02;
	in[in_len++] = 0x00;
	in[in_len++] = 0x01;
	in[in_len++] = type;
	while (*ies) {
		if (*ies == ' ') {
			ies++;
			continue;
		}
		assert_int_equal(sscanf(ies, "%2x", &v), 1);
		in[in_len++] = (uint8_t)v;
		ies += 2;
	}
	return q931_decode(&c, Q931_NET_TO_USER, in, in_len, m);
}

/* The decoded message encodes back to exactly the input. */
static void same_back(const struct q931_msg *m)
{
	uint8_t out[512];

	assert_int_equal(q931_encode(NULL, Q931_NET_TO_USER, m, out, sizeof(out)), (int)in_len);
	assert_memory_equal(out, in, in_len);
}

static void no_err(const struct q931_msg *m)
{
	assert_int_equal(m->nerr, 0);
}

static void one_err(const struct q931_msg *m, int kind, uint8_t ie, bool mandatory)
{
	assert_int_equal(m->nerr, 1);
	assert_int_equal(m->err[0].kind, kind);
	assert_int_equal(m->err[0].ie, ie);
	assert_int_equal(m->err[0].mandatory, mandatory);
}

static void test_bearer(void **state)
{
	struct q931_msg m;

	(void)state;
	/* unrestricted digital, multirate x6, no octet 5 */
	assert_int_equal(dec(Q931_CONNECT, "04 03 88 98 86", &m), 0);
	no_err(&m);
	assert_int_equal(m.bearer.itc, 8);
	assert_int_equal(m.bearer.rate, 0x18);
	assert_true(m.bearer.has_mult);
	assert_int_equal(m.bearer.mult, 6);
	assert_false(m.bearer.has_l1);
	same_back(&m);
	/* 3.1 kHz audio, mu-law, octet 5 extended by 5a, then layer 2 octet 6 kept */
	assert_int_equal(dec(Q931_CONNECT, "04 05 90 90 22 8f c2", &m), 0);
	no_err(&m);
	assert_int_equal(m.bearer.itc, 16);
	assert_true(m.bearer.has_l1);
	assert_int_equal(m.bearer.l1, 2);
	assert_true(m.bearer.l1_cont);
	assert_int_equal(m.bearer.rest.len, 2);
	assert_int_equal(m.bearer.rest.p[0], 0x8f);
	same_back(&m);
	/* no octet 5, layer 2 octet kept opaque */
	assert_int_equal(dec(Q931_CONNECT, "04 03 88 90 c2", &m), 0);
	no_err(&m);
	assert_false(m.bearer.has_l1);
	assert_int_equal(m.bearer.rest.len, 1);
	same_back(&m);
	/* bad: octet 3 ext 0; multirate without 4.1; 5a announced but absent; too short */
	assert_int_equal(dec(Q931_CONNECT, "04 02 08 90", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x04, false);
	assert_false(Q931_HAS(&m, Q931_I_BEARER_CAP));
	assert_int_equal(dec(Q931_CONNECT, "04 02 88 98", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x04, false);
	assert_int_equal(dec(Q931_CONNECT, "04 03 80 90 23", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x04, false);
	assert_int_equal(dec(Q931_CONNECT, "04 01 80", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x04, false);
	/* encoder ranges */
	assert_int_equal(dec(Q931_CONNECT, "04 03 80 90 a3", &m), 0);
	m.bearer.itc = 32;
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
	m.bearer.itc = 0;
	m.bearer.has_mult = true;	/* multiplier without multirate */
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
}

static void test_chanid_e1_numbers(void **state)
{
	struct q931_msg m;

	(void)state;
	/* exclusive, channels 1, 2 and 31 by number */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 05 a9 83 01 02 9f", &m), 0);
	no_err(&m);
	assert_true(m.chan.pri && m.chan.exclusive && !m.chan.map);
	assert_int_equal(m.chan.nchans, 3);
	assert_int_equal(m.chan.chans[0], 1);
	assert_int_equal(m.chan.chans[1], 2);
	assert_int_equal(m.chan.chans[2], 31);
	same_back(&m);
	/* explicit interface identifier 1, channel 5, preferred */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 04 e1 81 83 85", &m), 0);
	no_err(&m);
	assert_false(m.chan.exclusive);
	assert_true(m.chan.has_int_id);
	assert_int_equal(m.chan.int_id, 1);
	assert_int_equal(m.chan.chans[0], 5);
	same_back(&m);
	/* last number without ext = 1, number after the last, spare bit set */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 03 a9 83 01", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x18, false);
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 04 a9 83 81 82", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x18, false);
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 03 b9 83 81", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x18, false);
	/* D-channel indicated, no 3.2/3.3 */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 01 ac", &m), 0);
	no_err(&m);
	assert_true(m.chan.dchan);
	assert_int_equal(m.chan.sel, 0);
	assert_false(m.chan.has_chans);
	same_back(&m);
}

static void test_chanid_slot_maps(void **state)
{
	struct q931_msg m;

	(void)state;
	/* E1: 4-octet map, channels 2, 3 and 17 */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 06 a9 93 00 01 00 06", &m), 0);
	no_err(&m);
	assert_true(m.chan.map);
	assert_int_equal(m.chan.map_octets, 4);
	assert_int_equal(m.chan.slotmap, 0x00010006);
	assert_int_equal(m.chan.nchans, 0);
	same_back(&m);
	/* T1: 3-octet map, channels 1..3 and 24, preferred */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 05 a1 93 80 00 07", &m), 0);
	no_err(&m);
	assert_false(m.chan.exclusive);
	assert_int_equal(m.chan.map_octets, 3);
	assert_int_equal(m.chan.slotmap, 0x800007);
	same_back(&m);
	/* map of 2 or 5 octets is not a T1/E1 map */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 04 a9 93 00 06", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x18, false);
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 07 a9 93 00 00 00 00 06", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x18, false);
	/* encoder: T1 map with a bit past 24, odd map size */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 05 a1 93 80 00 07", &m), 0);
	m.chan.slotmap = 0x1000000;
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
	m.chan.slotmap = 1;
	m.chan.map_octets = 2;
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
}

static void test_chanid_bri(void **state)
{
	struct q931_msg m;

	(void)state;
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 01 8a", &m), 0);
	no_err(&m);
	assert_false(m.chan.pri);
	assert_true(m.chan.exclusive);
	assert_int_equal(m.chan.sel, 2);
	same_back(&m);
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 01 83", &m), 0);
	assert_int_equal(m.chan.sel, 3);	/* any channel */
	same_back(&m);
	/* BRI coding has no octets 3.2/3.3 */
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 03 89 83 81", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x18, false);
	assert_int_equal(dec(Q931_CALL_PROCEEDING, "18 01 8a", &m), 0);
	m.chan.has_chans = true;
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
}

static void test_numbers(void **state)
{
	struct q931_msg m;

	(void)state;
	/* redirecting with 3a and 3b: reason 15 (unconditional) */
	assert_int_equal(dec(Q931_SETUP, "04 03 80 90 a3 18 01 89 74 05 21 21 8f 39 38", &m), 0);
	no_err(&m);
	assert_int_equal(m.redirecting.type, 2);
	assert_int_equal(m.redirecting.plan, 1);
	assert_true(m.redirecting.has_pres && m.redirecting.has_reason);
	assert_int_equal(m.redirecting.pres, 1);
	assert_int_equal(m.redirecting.screen, 1);
	assert_int_equal(m.redirecting.reason, 15);
	assert_int_equal(m.redirecting.len, 2);
	assert_memory_equal(m.redirecting.digits, "98", 2);
	same_back(&m);
	/* connected number without digits, 3a restricted/network provided */
	assert_int_equal(dec(Q931_CONNECT, "4c 02 41 a3", &m), 0);
	no_err(&m);
	assert_int_equal(m.connected.type, 4);
	assert_int_equal(m.connected.pres, 1);
	assert_int_equal(m.connected.screen, 3);
	assert_int_equal(m.connected.len, 0);
	same_back(&m);
	/* called number has no octet 3a; calling has no 3b */
	assert_int_equal(dec(Q931_INFORMATION, "70 03 01 80 31", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x70, false);
	assert_int_equal(dec(Q931_FACILITY, "1c 01 91 6c 03 01 00 80", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x6c, false);
	/* digits are bytes: a 0x00 digit is kept */
	assert_int_equal(dec(Q931_INFORMATION, "70 03 81 00 31", &m), 0);
	no_err(&m);
	assert_int_equal(m.called.len, 2);
	assert_int_equal(m.called.digits[0], 0);
	same_back(&m);
	m.called.type = 8;
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
	m.called.type = 0;
	m.called.has_pres = true;
	assert_int_equal(q931_encode(NULL, 0, &m, in, sizeof(in)), TEL_EINVAL);
}

static void test_cause(void **state)
{
	struct q931_msg m;
	uint8_t out[64];

	(void)state;
	/* public network local user, 34 no circuit, diagnostics kept */
	assert_int_equal(dec(Q931_DISCONNECT, "08 05 82 a2 01 02 03", &m), 0);
	no_err(&m);
	assert_int_equal(m.cause[0].location, 2);
	assert_int_equal(m.cause[0].value, 34);
	assert_int_equal(m.cause[0].diag_len, 3);
	assert_memory_equal(m.cause[0].diag, "\x01\x02\x03", 3);
	same_back(&m);
	/* value octet without ext; octet 3a without value */
	assert_int_equal(dec(Q931_DISCONNECT, "08 02 81 10", &m), 0);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_CONTENT);
	assert_true(m.err[0].mandatory);
	assert_int_equal(m.nerr, 1);
	assert_int_equal(q931_msg_verdict(&m), 100);
	assert_int_equal(dec(Q931_DISCONNECT, "08 02 01 80", &m), 0);
	assert_int_equal(m.err[0].kind, Q931_ERR_BAD_CONTENT);
	/* encoder ranges */
	assert_int_equal(dec(Q931_DISCONNECT, "08 02 81 90", &m), 0);
	m.cause[0].value = 128;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
	m.cause[0].value = 16;
	m.cause[0].location = 16;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
	m.cause[0].location = 10;
	m.cause[0].diag_len = 29;	/* contents 31 > 30 */
	m.cause[0].diag = in;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
	m.ncauses = 0;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
}

static void test_small_ies(void **state)
{
	struct q931_msg m;

	(void)state;
	assert_int_equal(dec(Q931_STATUS, "08 02 80 e5 14 01 4a", &m), 0);
	no_err(&m);
	assert_int_equal(m.cause[0].value, 101);
	assert_int_equal(m.call_state_coding, 1);
	assert_int_equal(m.call_state, 10);
	same_back(&m);
	assert_int_equal(dec(Q931_RESTART, "79 01 86", &m), 0);
	no_err(&m);
	assert_int_equal(m.restart_class, 6);
	same_back(&m);
	assert_int_equal(dec(Q931_NOTIFY, "27 03 f9 01 02", &m), 0);
	no_err(&m);
	assert_int_equal(m.notify.desc, 0x79);
	assert_int_equal(m.notify.rest.len, 2);
	same_back(&m);
	assert_int_equal(dec(Q931_ALERTING, "1e 02 81 88 1e 02 80 82 28 03 41 42 43 34 01 01",
			     &m), 0);
	no_err(&m);
	assert_int_equal(m.nprogress, 2);
	assert_int_equal(m.progress[0].location, 1);
	assert_int_equal(m.progress[0].desc, 8);
	assert_int_equal(m.progress[1].desc, 2);
	assert_int_equal(m.display.text.len, 3);
	assert_memory_equal(m.display.text.p, "ABC", 3);
	assert_int_equal(m.signal, 1);
	same_back(&m);
	assert_int_equal(dec(Q931_SETUP, "04 02 88 90 18 01 89 2c 02 2a 31 "
			     "7c 02 88 90 7d 02 91 81", &m), 0);
	no_err(&m);
	assert_int_equal(m.keypad.len, 2);
	assert_int_equal(m.llc.len, 2);
	assert_int_equal(m.hlc.len, 2);
	assert_int_equal(m.hlc.p[1], 0x81);
	same_back(&m);
	/* fixed-length IEs of the wrong length */
	assert_int_equal(dec(Q931_RESTART, "79 02 86 00", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x79, true);
	assert_int_equal(dec(Q931_ALERTING, "1e 01 81", &m), 0);
	one_err(&m, Q931_ERR_BAD_CONTENT, 0x1e, false);
	/* a third progress indicator is not kept, and said so */
	assert_int_equal(dec(Q931_ALERTING, "1e 02 81 88 1e 02 81 88 1e 02 81 82", &m), 0);
	one_err(&m, Q931_ERR_TOO_MANY, 0x1e, false);
	assert_int_equal(m.nprogress, 2);
}

static void test_uui_zero_bytes(void **state)
{
	struct q931_msg m;

	(void)state;
	assert_int_equal(dec(Q931_RELEASE, "7e 06 00 00 00 41 00 00", &m), 0);
	no_err(&m);
	assert_int_equal(m.uui.pd, 0);
	assert_int_equal(m.uui.len, 5);
	assert_memory_equal(m.uui.data, "\0\0A\0\0", 5);
	same_back(&m);
	/* PD only, no data */
	assert_int_equal(dec(Q931_RELEASE, "7e 01 04", &m), 0);
	no_err(&m);
	assert_int_equal(m.uui.pd, 4);
	assert_int_equal(m.uui.len, 0);
	same_back(&m);
}

static void uui_msg(struct q931_msg *m, const uint8_t *data, uint16_t len)
{
	q931_msg_init(m, Q931_USER_INFORMATION, 3, true);
	m->present = Q931_BIT(Q931_I_USER_USER);
	m->uui.pd = 0;
	m->uui.data = data;
	m->uui.len = len;
}

static void test_uui_limits(void **state)
{
	uint8_t data[300], out[320];
	struct q931_codec c;
	struct q931_msg m, back;
	int n, i;

	(void)state;
	for (i = 0; i < (int)sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	q931_codec_init(&c);
	assert_int_equal(c.uui_max, 128);
	/* exactly 128: fine both ways */
	uui_msg(&m, data, 128);
	n = q931_encode(&c, Q931_USER_TO_NET, &m, out, sizeof(out));
	assert_int_equal(n, 5 + 2 + 1 + 128);
	assert_int_equal(q931_decode(&c, Q931_USER_TO_NET, out, n, &back), 0);
	assert_int_equal(back.nerr, 0);
	assert_int_equal(back.uui.len, 128);
	assert_memory_equal(back.uui.data, data, 128);
	/* 129: refused on encode, nothing written past what the caller asked */
	uui_msg(&m, data, 129);
	assert_int_equal(q931_encode(&c, Q931_USER_TO_NET, &m, out, sizeof(out)),
			 TEL_EUUITOOBIG);
	assert_int_equal(q931_encode(NULL, Q931_USER_TO_NET, &m, out, sizeof(out)),
			 TEL_EUUITOOBIG);
	/* ... and on decode reported, with all 129 octets still visible */
	c.uui_max = 254;
	n = q931_encode(&c, Q931_USER_TO_NET, &m, out, sizeof(out));
	assert_int_equal(n, 5 + 2 + 1 + 129);
	c.uui_max = 128;
	assert_int_equal(q931_decode(&c, Q931_USER_TO_NET, out, n, &back), 0);
	assert_int_equal(back.nerr, 1);
	assert_int_equal(back.err[0].kind, Q931_ERR_UUI_TOO_BIG);
	assert_int_equal(back.err[0].ie, Q931_IE_USER_USER);
	assert_true(Q931_HAS(&back, Q931_I_USER_USER));
	assert_int_equal(back.uui.len, 129);
	assert_memory_equal(back.uui.data, data, 129);
	/* custom limit 32 (interim networks) */
	c.uui_max = 32;
	uui_msg(&m, data, 32);
	n = q931_encode(&c, Q931_NET_TO_USER, &m, out, sizeof(out));
	assert_int_equal(n, 5 + 2 + 1 + 32);
	assert_int_equal(q931_decode(&c, Q931_NET_TO_USER, out, n, &back), 0);
	assert_int_equal(back.nerr, 0);
	uui_msg(&m, data, 33);
	assert_int_equal(q931_encode(&c, Q931_NET_TO_USER, &m, out, sizeof(out)),
			 TEL_EUUITOOBIG);
	c.uui_max = 128;
	n = q931_encode(&c, Q931_NET_TO_USER, &m, out, sizeof(out));
	c.uui_max = 32;
	assert_int_equal(q931_decode(&c, Q931_NET_TO_USER, out, n, &back), 0);
	assert_int_equal(back.err[0].kind, Q931_ERR_UUI_TOO_BIG);
	assert_int_equal(back.uui.len, 33);
	/* more than one length octet can say: too big whatever the line allows */
	c.uui_max = 300;
	uui_msg(&m, data, 255);
	assert_int_equal(q931_encode(&c, Q931_NET_TO_USER, &m, out, sizeof(out)),
			 TEL_EUUITOOBIG);
	uui_msg(&m, data, 254);
	assert_int_equal(q931_encode(&c, Q931_NET_TO_USER, &m, out, sizeof(out)), 5 + 2 + 255);
	/* too big wins over too small a buffer: the caller learns the real problem */
	c.uui_max = 128;
	uui_msg(&m, data, 129);
	assert_int_equal(q931_encode(&c, Q931_NET_TO_USER, &m, out, 4), TEL_EUUITOOBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bearer),
		cmocka_unit_test(test_chanid_e1_numbers),
		cmocka_unit_test(test_chanid_slot_maps),
		cmocka_unit_test(test_chanid_bri),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_cause),
		cmocka_unit_test(test_small_ies),
		cmocka_unit_test(test_uui_zero_bytes),
		cmocka_unit_test(test_uui_limits),
	};

	return cmocka_run_group_tests_name("q931_ies", tests, NULL, NULL);
}
