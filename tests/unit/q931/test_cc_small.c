// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 call control: the direct encoder of a call's small messages
 * (cc_small_encode) against the codec. For every message type, both sides,
 * both variants, two UUI limits, several call references, causes, channels,
 * progress #8 and UUI lengths (none, empty, 1 .. 255, NULL data): whenever
 * q931_encode() makes a message that fits the transmit buffer, the direct
 * encoder makes the same octets and writes nothing past them; otherwise it
 * declines (0) and cc_small_to_buf() returns exactly what the codec returns.
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
#include "core/timer.h"
#include "lapd/datalink.h"
#include "q931/cc_int.h"
#include "q931/q931.h"
#include "../testutil.h"

#define GUARD	32

static void no_ind(void *upper, const struct cc_ind *ind)
{
	(void)upper;
	(void)ind;
}

struct line {
	struct tel_timers ts;
	struct lapd link;	/* never used: the encoders do not send */
	struct q931_cc *cc;
};

static void line_open(struct line *l, enum q931_side side, enum q931_variant v,
		      uint16_t uui_max)
{
	struct q931_cc_cfg cfg = {
		.side = side, .variant = v, .bchans = 30, .uui_max = uui_max,
		.link = &l->link, .timers = &l->ts, .ind = no_ind,
	};

	memset(l, 0, sizeof(*l));
	timers_init(&l->ts);
	assert_int_equal(q931_cc_new(&cfg, &l->cc), 0);
}

static void line_close(struct line *l)
{
	q931_cc_free(l->cc);
	timers_fini(&l->ts);
}

static uint8_t uui_data[300];

struct tally {
	unsigned long fast, codec_only, combos;
};

/* One combination: the direct encoder, the codec and cc_small_to_buf() agree. */
static void check_one(const struct q931_cc *cc, uint16_t key, uint8_t type,
		      const struct cc_small *s, struct tally *t)
{
	uint8_t ref[1024], fast[CC_TXBUF + GUARD], tb[CC_TXBUF + GUARD], viacap[CC_TXBUF];
	struct q931_msg m;
	int nref, ncap, nf, ntb, i;

	cc_small_msg(cc, key, type, s, &m);
	nref = q931_encode(&cc->codec, cc->txdir, &m, ref, sizeof(ref));
	ncap = q931_encode(&cc->codec, cc->txdir, &m, viacap, sizeof(viacap));
	memset(fast, 0xEE, sizeof(fast));
	nf = cc_small_encode(cc, key, type, s, fast);
	t->combos++;
	if (nref > 0 && nref <= CC_TXBUF) {
		if (nf != nref)
			fail_msg("type 0x%02x key 0x%04x cause %u chan %u excl %d prog %d uui %d/%u: "
				 "direct %d, codec %d", type, key, s->cause, s->chan, s->excl,
				 s->progress8, s->has_uui, s->uui_len, nf, nref);
		assert_memory_equal(fast, ref, (size_t)nref);
		for (i = nf; i < (int)sizeof(fast); i++)
			assert_int_equal(fast[i], 0xEE);
		t->fast++;
	} else {
		/* the codec refuses it, or it does not fit: the direct encoder declines */
		assert_int_equal(nf, 0);
		t->codec_only++;
	}
	/* the send path's result is the codec's, error or octets */
	memset(tb, 0xEE, sizeof(tb));
	ntb = cc_small_to_buf(cc, key, type, s, tb);
	assert_int_equal(ntb, ncap);
	if (ntb > 0)
		assert_memory_equal(tb, viacap, (size_t)ntb);
	for (i = CC_TXBUF; i < (int)sizeof(tb); i++)
		assert_int_equal(tb[i], 0xEE);
}

struct uui_case {
	bool has;
	bool null_data;
	uint16_t len;
};

static const struct uui_case uui_cases[] = {
	{ false, false, 0 }, { true, false, 0 }, { true, false, 1 }, { true, false, 128 },
	{ true, false, 129 }, { true, false, 200 }, { true, false, 240 }, { true, false, 241 },
	{ true, false, 254 }, { true, false, 255 }, { true, true, 5 },
};

static const uint16_t keys[] = { 1, 0x00ff, 0x1234, 0x7fff, CC_OURS | 1, CC_OURS | 0x4321 };
static const uint8_t causes[] = { 0, 1, 16, 31, 102, 127, 128 };

struct chan_case {
	uint8_t chan;
	bool excl;
};

static const struct chan_case chans[] = { { 0, false }, { 1, false }, { 1, true },
					  { 16, false }, { 31, true }, { 0x80, true } };

static void sweep(const struct q931_cc *cc, uint8_t type, bool full, struct tally *t)
{
	size_t nk = full ? sizeof(keys) / sizeof(keys[0]) : 2;

	for (size_t k = 0; k < nk; k++)
		for (size_t ci = 0; ci < sizeof(causes); ci++)
			for (size_t ch = 0; ch < sizeof(chans) / sizeof(chans[0]); ch++)
				for (int prog = 0; prog < 2; prog++)
					for (size_t u = 0; u < sizeof(uui_cases) /
							       sizeof(uui_cases[0]); u++) {
						const struct uui_case *uc = &uui_cases[u];
						struct cc_small s = {
							.cause = causes[ci],
							.chan = chans[ch].chan,
							.excl = chans[ch].excl,
							.progress8 = prog,
							.has_uui = uc->has,
							.uui_pd = (uint8_t)(u * 37),
							.uui_len = uc->len,
							.uui = uc->null_data ? NULL : uui_data,
						};

						check_one(cc, keys[k], type, &s, t);
					}
}

/* Every message the call control sends this way, every option, both sides and variants. */
static void test_small_matches_codec(void **state)
{
	static const uint8_t types[] = {
		Q931_ALERTING, Q931_CALL_PROCEEDING, Q931_CONNECT, Q931_CONNECT_ACK,
		Q931_DISCONNECT, Q931_RELEASE, Q931_RELEASE_COMPLETE, Q931_USER_INFORMATION,
		Q931_STATUS_ENQUIRY, Q931_PROGRESS,
	};
	struct tally t = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(uui_data); i++)
		uui_data[i] = (uint8_t)(i * 7 + 3);
	for (int side = 0; side < 2; side++)
		for (int v = 0; v < 2; v++)
			for (int um = 0; um < 2; um++) {
				struct line l;

				line_open(&l, (enum q931_side)side, (enum q931_variant)v,
					  um ? 254 : 0);
				for (size_t i = 0; i < sizeof(types); i++)
					sweep(l.cc, types[i], true, &t);
				line_close(&l);
			}
	/* both outcomes were exercised, the direct path for most */
	assert_true(t.fast > 10000);
	assert_true(t.codec_only > 10000);
}

/* Every other message type octet, known or not: the direct encoder never differs. */
static void test_small_every_type(void **state)
{
	struct tally t = { 0 };
	struct line l;

	(void)state;
	line_open(&l, Q931_SIDE_NETWORK, Q931_V_EUROISDN, 0);
	for (unsigned int type = 0; type < 256; type++)
		sweep(l.cc, (uint8_t)type, false, &t);
	line_close(&l);
	line_open(&l, Q931_SIDE_USER, Q931_V_NI2, 254);
	for (unsigned int type = 0; type < 256; type++)
		sweep(l.cc, (uint8_t)type, false, &t);
	line_close(&l);
	assert_true(t.fast > 1000);
}

/* The octets themselves, for the messages of a normal call. */
static void test_small_golden(void **state)
{
	uint8_t buf[CC_TXBUF], want[64];
	struct cc_small s = { .cause = 16 };
	struct line l;
	size_t n;

	(void)state;
	line_open(&l, Q931_SIDE_NETWORK, Q931_V_EUROISDN, 0);
	/* DISCONNECT on the user's call reference 1: flag set, location 2 */
	n = unhex("08 02 80 01 45 08 02 82 90", want);
	assert_int_equal(cc_small_encode(l.cc, 1, Q931_DISCONNECT, &s, buf), (int)n);
	assert_memory_equal(buf, want, n);
	/* CALL PROCEEDING on our call 0x1234 naming channel 5 exclusively */
	s = (struct cc_small){ .chan = 5, .excl = true };
	n = unhex("08 02 12 34 02 18 03 a9 83 85", want);
	assert_int_equal(cc_small_encode(l.cc, CC_OURS | 0x1234, Q931_CALL_PROCEEDING, &s, buf),
			 (int)n);
	assert_memory_equal(buf, want, n);
	/* DISCONNECT, in-band tones, UUI "hi" with PD 4 */
	s = (struct cc_small){ .cause = 16, .progress8 = true, .has_uui = true, .uui_pd = 4,
			       .uui_len = 2, .uui = (const uint8_t *)"hi" };
	n = unhex("08 02 80 07 45 08 02 82 90 1e 02 82 88 7e 03 04 68 69", want);
	assert_int_equal(cc_small_encode(l.cc, 7, Q931_DISCONNECT, &s, buf), (int)n);
	assert_memory_equal(buf, want, n);
	/* DISCONNECT without its mandatory cause is the codec's (which refuses it) */
	s = (struct cc_small){ .cause = 0 };
	assert_int_equal(cc_small_encode(l.cc, 7, Q931_DISCONNECT, &s, buf), 0);
	assert_int_equal(cc_small_to_buf(l.cc, 7, Q931_DISCONNECT, &s, buf), TEL_EINVAL);
	line_close(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_matches_codec),
		cmocka_unit_test(test_small_every_type),
		cmocka_unit_test(test_small_golden),
	};

	return cmocka_run_group_tests_name("cc_small", tests, NULL, NULL);
}
