// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 call control: the direct encoder of a call's small messages
 * (cc_small_encode) against the codec. For every message type, both sides,
 * both variants, two UUI limits, several call references, causes, channels,
 * progress #8 and UUI lengths (none, empty, 1 .. 255, NULL data): whenever
 * q931_encode() makes a message that fits the transmit buffer, the direct
 * encoder makes the same octets and writes nothing past them; otherwise it
 * declines (0) and cc_small_to_buf() returns exactly what the codec returns.
 * The same for SETUP (cc_setup_encode).
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
#include "lapd/datalink_int.h"	/* struct lapd: a link that is never used */
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

static void line_open_ch(struct line *l, enum q931_side side, enum q931_variant v,
			 uint16_t uui_max, unsigned int bchans)
{
	struct q931_cc_cfg cfg = {
		.side = side, .variant = v, .bchans = bchans, .uui_max = uui_max,
		.link = &l->link, .timers = &l->ts, .ind = no_ind,
	};

	memset(l, 0, sizeof(*l));
	timers_init(&l->ts);
	assert_int_equal(q931_cc_new(&cfg, &l->cc), 0);
}

static void line_open(struct line *l, enum q931_side side, enum q931_variant v,
		      uint16_t uui_max)
{
	line_open_ch(l, side, v, uui_max, 30);
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

/*
 * The outputs for one message: @ref/@nref from the codec with room to spare,
 * @viacap/@ncap from the codec within CC_TXBUF, @fast/@nf from the direct
 * encoder, @tb/@ntb from the send path (*_to_buf), the last two written into
 * buffers pre-filled with 0xEE. They must agree; @what names the case.
 */
struct outputs {
	uint8_t ref[1024], fast[CC_TXBUF + GUARD], tb[CC_TXBUF + GUARD], viacap[CC_TXBUF];
	int nref, ncap, nf, ntb;
};

static void outputs_agree(const struct outputs *o, const char *what, struct tally *t)
{
	t->combos++;
	if (o->nref > 0 && o->nref <= CC_TXBUF) {
		if (o->nf != o->nref)
			fail_msg("%s: direct %d, codec %d", what, o->nf, o->nref);
		assert_memory_equal(o->fast, o->ref, (size_t)o->nref);
		for (int i = o->nf; i < (int)sizeof(o->fast); i++)
			assert_int_equal(o->fast[i], 0xEE);
		t->fast++;
	} else {
		/* the codec refuses it, or it does not fit: the direct encoder declines */
		if (o->nf != 0)
			fail_msg("%s: direct %d where the codec gives %d", what, o->nf, o->nref);
		t->codec_only++;
	}
	/* the send path's result is the codec's, error or octets */
	assert_int_equal(o->ntb, o->ncap);
	if (o->ntb > 0)
		assert_memory_equal(o->tb, o->viacap, (size_t)o->ntb);
	for (int i = CC_TXBUF; i < (int)sizeof(o->tb); i++)
		assert_int_equal(o->tb[i], 0xEE);
}

/* One combination: the direct encoder, the codec and cc_small_to_buf() agree. */
static void check_one(const struct q931_cc *cc, uint16_t key, uint8_t type,
		      const struct cc_small *s, struct tally *t)
{
	static struct outputs o;
	struct q931_msg m;
	char what[128];

	cc_small_msg(cc, key, type, s, &m);
	o.nref = q931_encode(&cc->codec, cc->txdir, &m, o.ref, sizeof(o.ref));
	o.ncap = q931_encode(&cc->codec, cc->txdir, &m, o.viacap, sizeof(o.viacap));
	memset(o.fast, 0xEE, sizeof(o.fast));
	o.nf = cc_small_encode(cc, key, type, s, o.fast);
	memset(o.tb, 0xEE, sizeof(o.tb));
	o.ntb = cc_small_to_buf(cc, key, type, s, o.tb);
	snprintf(what, sizeof(what), "type 0x%02x key 0x%04x cause %u chan %u excl %d prog %d "
		 "uui %d/%u", type, key, s->cause, s->chan, s->excl, s->progress8, s->has_uui,
		 s->uui_len);
	outputs_agree(&o, what, t);
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

/*
 * The commonest small message, at most a cause (cc_send_cause() sends it
 * through the same direct encoder), against the codec: for every type
 * octet, every cause octet, both sides and variants and two call references,
 * the same octets and length, writing nothing past them, or the direct
 * encoder declines and the send path gives what the codec gives.
 */
static void test_cause_matches_codec(void **state)
{
	static const uint16_t ckeys[] = { 1, CC_OURS | 0x4321 };
	struct tally t = { 0 };

	(void)state;
	for (int side = 0; side < 2; side++)
		for (int v = 0; v < 2; v++) {
			struct line l;

			line_open(&l, (enum q931_side)side, (enum q931_variant)v, 0);
			for (unsigned int type = 0; type < 256; type++)
				for (unsigned int cause = 0; cause < 256; cause++)
					for (size_t k = 0; k < 2; k++) {
						struct cc_small s = { .cause = (uint8_t)cause };

						check_one(l.cc, ckeys[k], (uint8_t)type, &s, &t);
					}
			line_close(&l);
		}
	assert_true(t.fast > 1000);
	assert_true(t.codec_only > 1000);
}

/* ---- SETUP ------------------------------------------------------------------ */

static uint8_t digits[300], name_text[100];

/* One SETUP: the direct encoder, the codec and cc_setup_to_buf() agree. */
static void check_setup(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
			unsigned int ch, struct tally *t)
{
	static struct outputs o;
	struct q931_msg m;
	char what[128];

	cc_setup_msg(cc, key, r, ch, &m);
	o.nref = q931_encode(&cc->codec, cc->txdir, &m, o.ref, sizeof(o.ref));
	o.ncap = q931_encode(&cc->codec, cc->txdir, &m, o.viacap, sizeof(o.viacap));
	memset(o.fast, 0xEE, sizeof(o.fast));
	o.nf = cc_setup_encode(cc, key, r, ch, o.fast);
	memset(o.tb, 0xEE, sizeof(o.tb));
	o.ntb = cc_setup_to_buf(cc, key, r, ch, o.tb);
	snprintf(what, sizeof(what), "SETUP key 0x%04x ch %u excl %d called %u calling %u "
		 "name %u uui %u/%d", key, ch, r->exclusive, r->called_len, r->calling_len,
		 r->name_len, r->uui_len, r->uui != NULL);
	outputs_agree(&o, what, t);
}

/*
 * SETUP as act_setup() sends it, both sides and variants, E1 and T1: channels
 * (none, 1, 16, 23, 31, out of range), exclusive or not, numbers of 0 .. 255
 * digits, names of 0 .. 80 octets (over the limit: left out by both), UUI
 * cases as for the small messages. Whatever the codec makes within the
 * transmit buffer, the direct encoder makes octet for octet, or declines.
 */
static void test_setup_matches_codec(void **state)
{
	static const uint8_t nlen[] = { 0, 1, 20, 120, 200, 254, 255 };
	static const uint8_t names[] = { 0, 1, 30, 79, 80 };
	static const unsigned int chs[] = { 0, 1, 16, 23, 31, 0x80 };
	static const uint16_t skeys[] = { 1, CC_OURS | 0x4321 };
	struct tally t = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(digits); i++)
		digits[i] = (uint8_t)('0' + i % 10);
	for (size_t i = 0; i < sizeof(name_text); i++)
		name_text[i] = (uint8_t)('A' + i % 26);
	for (size_t i = 0; i < sizeof(uui_data); i++)
		uui_data[i] = (uint8_t)(i * 7 + 3);
	for (int side = 0; side < 2; side++)
		for (int v = 0; v < 2; v++)
			for (int e1 = 0; e1 < 2; e1++) {
				struct line l;

				line_open_ch(&l, (enum q931_side)side, (enum q931_variant)v,
					     e1 ? 0 : 254, e1 ? 30 : 23);
				for (size_t k = 0; k < 2; k++)
				for (size_t c = 0; c < sizeof(chs) / sizeof(chs[0]); c++)
				for (int ex = 0; ex < 2; ex++)
				for (size_t a = 0; a < sizeof(nlen); a++)
				for (size_t b = 0; b < sizeof(nlen); b++)
				for (size_t nm = 0; nm < sizeof(names); nm++)
				for (size_t u = 0; u < sizeof(uui_cases) / sizeof(uui_cases[0]);
				     u += 2) {
					const struct uui_case *uc = &uui_cases[u];
					struct cc_setup_req r = {
						.called = digits, .called_len = nlen[a],
						.calling = digits + 7, .calling_len = nlen[b],
						.exclusive = ex,
						.name = name_text, .name_len = names[nm],
						.uui = uc->has && !uc->null_data ? uui_data : NULL,
						.uui_len = uc->has ? uc->len : 0,
						.uui_pd = (uint8_t)(u * 37),
					};

					check_setup(l.cc, skeys[k], &r, chs[c], &t);
				}
				line_close(&l);
			}
	assert_true(t.fast > 10000);
	assert_true(t.codec_only > 10000);
}

/* The octets of a plain SETUP, both variants. */
static void test_setup_golden(void **state)
{
	uint8_t buf[CC_TXBUF], want[64];
	struct cc_setup_req r = { .called = (const uint8_t *)"1234", .called_len = 4,
				  .calling = (const uint8_t *)"56", .calling_len = 2,
				  .name = (const uint8_t *)"Bo", .name_len = 2 };
	struct line l;
	size_t n;

	(void)state;
	/* EuroISDN network, E1 channel 3 preferred, name as plain text */
	line_open(&l, Q931_SIDE_NETWORK, Q931_V_EUROISDN, 0);
	n = unhex("08 02 00 05 05 04 03 80 90 a3 18 03 a1 83 83 28 02 42 6f "
		  "6c 03 81 35 36 70 05 81 31 32 33 34", want);
	assert_int_equal(cc_setup_encode(l.cc, CC_OURS | 5, &r, 3, buf), (int)n);
	assert_memory_equal(buf, want, n);
	line_close(&l);
	/* NI-2 user on T1, no channel named: mu-law, display type 0xB1 */
	line_open_ch(&l, Q931_SIDE_USER, Q931_V_NI2, 0, 23);
	n = unhex("08 02 00 05 05 04 03 80 90 a2 28 03 b1 42 6f "
		  "6c 03 81 35 36 70 05 81 31 32 33 34", want);
	assert_int_equal(cc_setup_encode(l.cc, CC_OURS | 5, &r, 0, buf), (int)n);
	assert_memory_equal(buf, want, n);
	line_close(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_matches_codec),
		cmocka_unit_test(test_small_every_type),
		cmocka_unit_test(test_small_golden),
		cmocka_unit_test(test_cause_matches_codec),
		cmocka_unit_test(test_setup_matches_codec),
		cmocka_unit_test(test_setup_golden),
	};

	return cmocka_run_group_tests_name("cc_small", tests, NULL, NULL);
}
