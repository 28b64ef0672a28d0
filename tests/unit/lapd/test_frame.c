// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the Q.921 LAPD frame codec (lapd/frame.c). */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "lapd/frame.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t frmr_info[5] = { 0x7f, 0x01, 0x0a, 0x06, 0x01 };
static const uint8_t tei_req[] = { 0x0f, 0x12, 0x34, 0x01, 0xff };	/* TEI identity request */
static const uint8_t setup[] = {
	0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x03, 0x80, 0x90, 0xa3, 0x18, 0x03,
	0xa9, 0x83, 0x81, 0x70, 0x05, 0x81, 0x31, 0x32, 0x33, 0x34,
};
static const uint8_t xid_info[] = { 0x82, 0x80, 0x00 };

struct golden {
	const char *what;
	struct lapd_frame f;
	uint8_t bytes[8];	/* address + control (+ info prefix; info compared separately) */
	size_t hlen;		/* address + control octets */
};

/*
 * C/R: network commands and user responses carry 1, user commands and network responses 0.
 */
static const struct golden goldens[] = {
	{ "SABME cmd from user, P=1",
	  { .sapi = 0, .tei = 0, .cr = false, .type = LAPD_SABME, .pf = true },
	  { 0x00, 0x01, 0x7f }, 3 },
	{ "UA resp from network, F=1",
	  { .sapi = 0, .tei = 0, .cr = false, .type = LAPD_UA, .pf = true },
	  { 0x00, 0x01, 0x73 }, 3 },
	{ "SABME cmd from network, P=1",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_SABME, .pf = true },
	  { 0x02, 0x01, 0x7f }, 3 },
	{ "UA resp from user, F=0",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_UA, .pf = false },
	  { 0x02, 0x01, 0x63 }, 3 },
	{ "DM resp from user, F=1",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_DM, .pf = true },
	  { 0x02, 0x01, 0x1f }, 3 },
	{ "DM F=0",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_DM, .pf = false },
	  { 0x02, 0x01, 0x0f }, 3 },
	{ "DISC cmd from network, P=1",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_DISC, .pf = true },
	  { 0x02, 0x01, 0x53 }, 3 },
	{ "I cmd from user N(S)=5 N(R)=3 P=0 with SETUP",
	  { .sapi = 0, .tei = 0, .cr = false, .type = LAPD_I, .ns = 5, .nr = 3,
	    .info = setup, .info_len = sizeof(setup) },
	  { 0x00, 0x01, 0x0a, 0x06 }, 4 },
	{ "I cmd from network N(S)=127 N(R)=127 P=1, tei 64",
	  { .sapi = 0, .tei = 64, .cr = true, .type = LAPD_I, .ns = 127, .nr = 127, .pf = true,
	    .info = setup, .info_len = 1 },
	  { 0x02, 0x81, 0xfe, 0xff }, 4 },
	{ "RR resp from network N(R)=1 F=1",
	  { .sapi = 0, .tei = 0, .cr = false, .type = LAPD_RR, .nr = 1, .pf = true },
	  { 0x00, 0x01, 0x01, 0x03 }, 4 },
	{ "RNR cmd from user N(R)=127 P=1",
	  { .sapi = 0, .tei = 0, .cr = false, .type = LAPD_RNR, .nr = 127, .pf = true },
	  { 0x00, 0x01, 0x05, 0xff }, 4 },
	{ "REJ cmd from network N(R)=7 P=0",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_REJ, .nr = 7 },
	  { 0x02, 0x01, 0x09, 0x0e }, 4 },
	{ "FRMR resp F=1",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_FRMR, .pf = true,
	    .info = frmr_info, .info_len = sizeof(frmr_info) },
	  { 0x02, 0x01, 0x97 }, 3 },
	{ "XID cmd P=0",
	  { .sapi = 0, .tei = 0, .cr = true, .type = LAPD_XID,
	    .info = xid_info, .info_len = sizeof(xid_info) },
	  { 0x02, 0x01, 0xaf }, 3 },
	{ "XID P=1 empty",
	  { .sapi = 0, .tei = 0, .cr = false, .type = LAPD_XID, .pf = true },
	  { 0x00, 0x01, 0xbf }, 3 },
	{ "UI TEI identity request, SAPI 63 TEI 127",
	  { .sapi = 63, .tei = 127, .cr = false, .type = LAPD_UI,
	    .info = tei_req, .info_len = sizeof(tei_req) },
	  { 0xfc, 0xff, 0x03 }, 3 },
	{ "UI from network, P=1, SAPI 63 TEI 127",
	  { .sapi = 63, .tei = 127, .cr = true, .type = LAPD_UI, .pf = true,
	    .info = tei_req, .info_len = sizeof(tei_req) },
	  { 0xfe, 0xff, 0x13 }, 3 },
};

static void assert_frame_eq(const struct lapd_frame *a, const struct lapd_frame *b)
{
	assert_int_equal(a->sapi, b->sapi);
	assert_int_equal(a->tei, b->tei);
	assert_int_equal(a->cr, b->cr);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->pf, b->pf);
	if (a->type == LAPD_I)
		assert_int_equal(a->ns, b->ns);
	if (a->type == LAPD_I || a->type == LAPD_RR || a->type == LAPD_RNR ||
	    a->type == LAPD_REJ)
		assert_int_equal(a->nr, b->nr);
	assert_int_equal(a->info_len, b->info_len);
	if (a->info_len)
		assert_memory_equal(a->info, b->info, a->info_len);
}

static void test_golden_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(goldens); i++) {
		const struct golden *g = &goldens[i];
		uint8_t buf[LAPD_MAX_FRAME];
		int n;

		n = lapd_frame_encode(&g->f, buf, sizeof(buf));
		assert_int_equal(n, (int)(g->hlen + g->f.info_len));
		assert_memory_equal(buf, g->bytes, g->hlen);
		if (g->f.info_len)
			assert_memory_equal(buf + g->hlen, g->f.info, g->f.info_len);
		/* Exactly enough room works, one octet less does not. */
		assert_int_equal(lapd_frame_encode(&g->f, buf, (size_t)n), n);
		assert_int_equal(lapd_frame_encode(&g->f, buf, (size_t)n - 1), TEL_ENOSPC);
	}
}

static void test_golden_decode(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(goldens); i++) {
		const struct golden *g = &goldens[i];
		uint8_t buf[LAPD_MAX_FRAME];
		struct lapd_frame f;
		size_t len = g->hlen + g->f.info_len;

		memcpy(buf, g->bytes, g->hlen);
		if (g->f.info_len)
			memcpy(buf + g->hlen, g->f.info, g->f.info_len);
		assert_int_equal(lapd_frame_decode(buf, len, &f), LAPD_OK);
		assert_frame_eq(&f, &g->f);
		/* Zero copy: the information field points into the buffer. */
		if (g->f.info_len)
			assert_ptr_equal(f.info, buf + g->hlen);
		else
			assert_int_equal(f.info_len, 0);
	}
}

/* The SETUP example as a whole frame, byte for byte. */
static void test_golden_i_frame_whole(void **state)
{
	static const uint8_t want[] = {
		0x00, 0x01, 0x00, 0x00,
		0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x03, 0x80, 0x90, 0xa3, 0x18, 0x03,
		0xa9, 0x83, 0x81, 0x70, 0x05, 0x81, 0x31, 0x32, 0x33, 0x34,
	};
	struct lapd_frame f = {
		.cr = lapd_cr_bit(false, true), .type = LAPD_I,
		.info = setup, .info_len = sizeof(setup),
	};
	uint8_t buf[64];

	(void)state;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
}

static const uint8_t sample_vals[] = { 0, 1, 2, 63, 64, 100, 126, 127 };

static void test_round_trip(void **state)
{
	static uint8_t info[LAPD_N201];
	static const uint16_t info_lens[] = { 0, 1, 2, 5, 128, 259, 260 };
	unsigned count = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(info); i++)
		info[i] = (uint8_t)(i * 7 + 3);

	for (unsigned t = 0; t < LAPD_FTYPE_COUNT; t++)
	for (unsigned sapi = 0; sapi < 64; sapi++)
	for (size_t ti = 0; ti < ARRAY_SIZE(sample_vals); ti++)
	for (size_t ni = 0; ni < ARRAY_SIZE(sample_vals); ni++)
	for (size_t ri = 0; ri < ARRAY_SIZE(sample_vals); ri++)
	for (unsigned bits = 0; bits < 4; bits++)
	for (size_t li = 0; li < ARRAY_SIZE(info_lens); li++) {
		struct lapd_frame f = {
			.sapi = (uint8_t)sapi, .tei = sample_vals[ti], .cr = bits & 1,
			.type = (enum lapd_ftype)t, .pf = bits & 2,
		};
		struct lapd_frame d;
		uint8_t buf[LAPD_MAX_FRAME], buf2[LAPD_MAX_FRAME];
		int n;

		switch (f.type) {
		case LAPD_I:
			f.ns = sample_vals[ni];
			f.nr = sample_vals[ri];
			f.info_len = info_lens[li];
			break;
		case LAPD_RR: case LAPD_RNR: case LAPD_REJ:
			if (ni || li)
				continue;
			f.nr = sample_vals[ri];
			break;
		case LAPD_FRMR:
			if (ni || ri || li)
				continue;
			f.info_len = 5;
			break;
		case LAPD_UI: case LAPD_XID:
			if (ni || ri)
				continue;
			f.info_len = info_lens[li];
			break;
		default:
			if (ni || ri || li)
				continue;
			break;
		}
		f.info = f.info_len ? info : NULL;

		n = lapd_frame_encode(&f, buf, sizeof(buf));
		assert_true(n > 0);
		assert_int_equal(lapd_frame_decode(buf, (size_t)n, &d), LAPD_OK);
		assert_frame_eq(&d, &f);
		assert_int_equal(lapd_frame_encode(&d, buf2, sizeof(buf2)), n);
		assert_memory_equal(buf, buf2, (size_t)n);
		count++;
	}
	assert_true(count > 10000);
}

/*
 * Canonical decoding: every 4-octet frame (all control octets, address variants) either
 * fails or re-encodes to exactly the same octets; the same for 3-octet frames.
 */
static void test_decode_canonical_exhaustive(void **state)
{
	static const uint8_t addrs[][2] = {
		{ 0x00, 0x01 }, { 0x02, 0x01 }, { 0xfc, 0xff }, { 0xfe, 0x81 }, { 0x44, 0x03 },
	};
	unsigned ok3 = 0, ok4 = 0;

	(void)state;
	for (size_t a = 0; a < ARRAY_SIZE(addrs); a++) {
		for (unsigned c = 0; c < 0x10000; c++) {
			uint8_t in[4] = { addrs[a][0], addrs[a][1], (uint8_t)(c >> 8), (uint8_t)c };
			uint8_t out[8];
			struct lapd_frame f;

			if (lapd_frame_decode(in, 4, &f) == LAPD_OK) {
				assert_int_equal(lapd_frame_encode(&f, out, sizeof(out)), 4);
				assert_memory_equal(in, out, 4);
				ok4++;
			}
			if ((c & 0xff) == 0 && lapd_frame_decode(in, 3, &f) == LAPD_OK) {
				assert_int_equal(lapd_frame_encode(&f, out, sizeof(out)), 3);
				assert_memory_equal(in, out, 3);
				ok3++;
			}
		}
	}
	/*
	 * Per address, 4 octets: 128*256 I frames (N(S) x N(R)/P), 3*256 S frames, and UI and
	 * XID with P/F clear or set and any one info octet (4*256); 3 octets: SABME, UA, DM,
	 * DISC, XID, UI, each with P/F clear or set.
	 */
	assert_int_equal(ok4, ARRAY_SIZE(addrs) * (128 * 256 + 3 * 256 + 4 * 256));
	assert_int_equal(ok3, ARRAY_SIZE(addrs) * 12);

	/* All address octet pairs: only EA 0 then 1 decodes. */
	for (unsigned a = 0; a < 0x10000; a++) {
		uint8_t in[3] = { (uint8_t)(a >> 8), (uint8_t)a, 0x7f };
		struct lapd_frame f;
		enum lapd_err e = lapd_frame_decode(in, 3, &f);

		if ((in[0] & 1) == 0 && (in[1] & 1) == 1) {
			assert_int_equal(e, LAPD_OK);
			assert_int_equal(f.sapi, in[0] >> 2);
			assert_int_equal(f.cr, (in[0] >> 1) & 1);
			assert_int_equal(f.tei, in[1] >> 1);
		} else {
			assert_int_equal(e, LAPD_ERR_ADDR_EA);
		}
	}
}

struct bad {
	const char *what;
	uint8_t bytes[12];
	size_t len;
	enum lapd_err err;
};

static const struct bad bads[] = {
	{ "empty", { 0 }, 0, LAPD_ERR_SHORT },
	{ "1 octet", { 0x00 }, 1, LAPD_ERR_SHORT },
	{ "address only", { 0x00, 0x01 }, 2, LAPD_ERR_SHORT },
	{ "I frame, 1 control octet", { 0x00, 0x01, 0x00 }, 3, LAPD_ERR_SHORT },
	{ "RR, 1 control octet", { 0x00, 0x01, 0x01 }, 3, LAPD_ERR_SHORT },
	{ "REJ, 1 control octet", { 0x02, 0x01, 0x09 }, 3, LAPD_ERR_SHORT },
	{ "EA0 set", { 0x01, 0x01, 0x7f }, 3, LAPD_ERR_ADDR_EA },
	{ "EA1 clear", { 0x00, 0x00, 0x7f }, 3, LAPD_ERR_ADDR_EA },
	{ "EA both wrong", { 0x01, 0x00, 0x7f }, 3, LAPD_ERR_ADDR_EA },
	{ "EA wrong, 2 octets", { 0x01, 0x01 }, 2, LAPD_ERR_ADDR_EA },
	{ "S frame SS=11", { 0x00, 0x01, 0x0d, 0x00 }, 4, LAPD_ERR_CONTROL },
	{ "S frame reserved bit", { 0x00, 0x01, 0x11, 0x00 }, 4, LAPD_ERR_CONTROL },
	{ "S frame reserved bit 0x81", { 0x00, 0x01, 0x81, 0x00 }, 4, LAPD_ERR_CONTROL },
	{ "SABM (modulo 8)", { 0x00, 0x01, 0x2f }, 3, LAPD_ERR_CONTROL },
	{ "U 0xff", { 0x00, 0x01, 0xff }, 3, LAPD_ERR_CONTROL },
	{ "U 0x07", { 0x00, 0x01, 0x07 }, 3, LAPD_ERR_CONTROL },
	{ "U 0xe3", { 0x00, 0x01, 0xe3 }, 3, LAPD_ERR_CONTROL },
	{ "SABME with info", { 0x00, 0x01, 0x7f, 0x00 }, 4, LAPD_ERR_INFO_NOT_ALLOWED },
	{ "UA with info", { 0x00, 0x01, 0x73, 0x08, 0x01 }, 5, LAPD_ERR_INFO_NOT_ALLOWED },
	{ "DM with info", { 0x02, 0x01, 0x1f, 0x00 }, 4, LAPD_ERR_INFO_NOT_ALLOWED },
	{ "DISC with info", { 0x02, 0x01, 0x53, 0xaa }, 4, LAPD_ERR_INFO_NOT_ALLOWED },
	{ "RR with info", { 0x00, 0x01, 0x01, 0x03, 0x00 }, 5, LAPD_ERR_INFO_NOT_ALLOWED },
	{ "RNR with info", { 0x00, 0x01, 0x05, 0x03, 0x00, 0x00 }, 6, LAPD_ERR_INFO_NOT_ALLOWED },
	{ "REJ with info", { 0x00, 0x01, 0x09, 0x03, 0x00 }, 5, LAPD_ERR_INFO_NOT_ALLOWED },
	{ "FRMR without info", { 0x02, 0x01, 0x97 }, 3, LAPD_ERR_LENGTH },
	{ "FRMR 3 octets (modulo 8 form)", { 0x02, 0x01, 0x87, 1, 2, 3 }, 6, LAPD_ERR_LENGTH },
	{ "FRMR 4 octets", { 0x02, 0x01, 0x87, 1, 2, 3, 4 }, 7, LAPD_ERR_LENGTH },
	{ "FRMR 6 octets", { 0x02, 0x01, 0x87, 1, 2, 3, 4, 5, 6 }, 9, LAPD_ERR_LENGTH },
};

static void test_malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bads); i++) {
		const struct bad *b = &bads[i];
		/* Exactly sized copy, so that ASan sees any overread. */
		uint8_t *copy = malloc(b->len ? b->len : 1);
		struct lapd_frame f;

		memcpy(copy, b->bytes, b->len);
		assert_int_equal(lapd_frame_decode(copy, b->len, &f), b->err);
		/* Address fields are reported when the address itself was valid. */
		if (b->len >= 2 && b->err != LAPD_ERR_ADDR_EA) {
			assert_int_equal(f.sapi, b->bytes[0] >> 2);
			assert_int_equal(f.tei, b->bytes[1] >> 1);
		}
		free(copy);
	}
}

static void test_too_long(void **state)
{
	static const uint8_t ctl[][2] = { { 0x00, 0x00 }, { 0x03, 0 }, { 0xaf, 0 } };
	static const enum lapd_ftype types[] = { LAPD_I, LAPD_UI, LAPD_XID };
	static const size_t hlen[] = { 4, 3, 3 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		for (size_t info = LAPD_N201; info <= LAPD_N201 + 2; info++) {
			size_t len = hlen[i] + info;
			uint8_t *buf = calloc(1, len);
			struct lapd_frame f;
			uint8_t out[LAPD_MAX_FRAME + 8];

			buf[0] = 0x00;
			buf[1] = 0x01;
			memcpy(buf + 2, ctl[i], hlen[i] - 2);
			assert_int_equal(lapd_frame_decode(buf, len, &f),
					 info > LAPD_N201 ? LAPD_ERR_TOO_LONG : LAPD_OK);
			/* Still filled for a decoder tool. */
			assert_int_equal(f.type, types[i]);
			assert_int_equal(f.info_len, info);
			assert_ptr_equal(f.info, buf + hlen[i]);
			/* The encoder refuses what is too long. */
			assert_int_equal(lapd_frame_encode(&f, out, sizeof(out)),
					 info > LAPD_N201 ? TEL_EINVAL : (int)len);
			free(buf);
		}
	}
}

static bool two_octet_control(enum lapd_ftype t)
{
	return t == LAPD_I || t == LAPD_RR || t == LAPD_RNR || t == LAPD_REJ;
}

/* Decode every prefix of valid frames from an exactly sized buffer: never reads past it. */
static void test_every_prefix(void **state)
{
	uint8_t full[LAPD_MAX_FRAME];
	struct lapd_frame src = { .type = LAPD_I, .ns = 9, .nr = 17, .info = full };

	(void)state;
	for (size_t i = 0; i < sizeof(full); i++)
		full[i] = (uint8_t)i;

	for (size_t g = 0; g <= ARRAY_SIZE(goldens); g++) {
		uint8_t frame[LAPD_MAX_FRAME];
		const struct lapd_frame *fr = g < ARRAY_SIZE(goldens) ? &goldens[g].f : &src;
		struct lapd_frame tmp = *fr;
		int n;

		if (g == ARRAY_SIZE(goldens))
			tmp.info_len = LAPD_N201;
		n = lapd_frame_encode(&tmp, frame, sizeof(frame));
		assert_true(n > 0);
		for (size_t len = 0; len <= (size_t)n; len++) {
			uint8_t *copy = malloc(len ? len : 1);
			struct lapd_frame f;
			enum lapd_err e;

			memcpy(copy, frame, len);
			e = lapd_frame_decode(copy, len, &f);
			if (len == (size_t)n)
				assert_int_equal(e, LAPD_OK);
			else if (len < 3 || (len < 4 && two_octet_control(tmp.type)))
				assert_int_equal(e, LAPD_ERR_SHORT);
			else if (tmp.type == LAPD_FRMR)
				assert_int_equal(e, LAPD_ERR_LENGTH);
			else
				assert_int_equal(e, LAPD_OK);	/* shorter I/UI/XID info */
			if (e == LAPD_OK && f.info_len)
				assert_true(f.info + f.info_len <= copy + len);
			free(copy);
		}
	}
}

static void test_encode_errors(void **state)
{
	uint8_t buf[LAPD_MAX_FRAME];
	uint8_t info[LAPD_N201 + 1] = { 0 };
	struct lapd_frame f;

	(void)state;
#define RESET(t) (f = (struct lapd_frame){ .type = (t) })
	RESET(LAPD_SABME);
	f.sapi = 64;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	RESET(LAPD_SABME);
	f.tei = 128;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	RESET(LAPD_I);
	f.ns = 128;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	RESET(LAPD_I);
	f.nr = 128;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	RESET(LAPD_RR);
	f.nr = 200;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	RESET(LAPD_FTYPE_COUNT);
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	RESET((enum lapd_ftype)-1);
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);

	/* Information field where none is allowed, or of the wrong size. */
	for (unsigned t = LAPD_RR; t <= LAPD_DISC; t++) {
		RESET((enum lapd_ftype)t);
		f.info = info;
		f.info_len = 1;
		assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	}
	RESET(LAPD_FRMR);
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	f.info = info;
	f.info_len = 4;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	f.info_len = 5;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), 8);
	RESET(LAPD_UI);
	f.info = info;
	f.info_len = LAPD_N201 + 1;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	f.info_len = LAPD_N201;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), 3 + LAPD_N201);
	assert_int_equal(lapd_frame_encode(&f, buf, 3 + LAPD_N201 - 1), TEL_ENOSPC);
	/* Length without a pointer. */
	RESET(LAPD_I);
	f.info_len = 3;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), TEL_EINVAL);
	/* NULL arguments. */
	RESET(LAPD_UA);
	assert_int_equal(lapd_frame_encode(NULL, buf, sizeof(buf)), TEL_EINVAL);
	assert_int_equal(lapd_frame_encode(&f, NULL, sizeof(buf)), TEL_EINVAL);
	assert_int_equal(lapd_frame_encode(&f, buf, 0), TEL_ENOSPC);
	/* Fields a type does not use are ignored. */
	RESET(LAPD_UA);
	f.ns = 200;
	f.nr = 200;
	assert_int_equal(lapd_frame_encode(&f, buf, sizeof(buf)), 3);
#undef RESET
}

static void test_cr_truth_table(void **state)
{
	struct lapd_frame f = { .type = LAPD_SABME };

	(void)state;
	/* sender_is_network, command -> C/R */
	assert_true(lapd_cr_bit(true, true));	/* network command: 1 */
	assert_false(lapd_cr_bit(true, false));	/* network response: 0 */
	assert_false(lapd_cr_bit(false, true));	/* user command: 0 */
	assert_true(lapd_cr_bit(false, false));	/* user response: 1 */

	f.cr = true;
	assert_true(lapd_is_command(&f, true));
	assert_false(lapd_is_command(&f, false));
	f.cr = false;
	assert_false(lapd_is_command(&f, true));
	assert_true(lapd_is_command(&f, false));

	/* Inverse of each other. */
	for (int net = 0; net < 2; net++) {
		for (int cmd = 0; cmd < 2; cmd++) {
			f.cr = lapd_cr_bit(net, cmd);
			assert_int_equal(lapd_is_command(&f, net), cmd);
		}
	}
}

static void test_names(void **state)
{
	static const char *const want[] = {
		"I", "RR", "RNR", "REJ", "SABME", "UA", "DM", "DISC", "FRMR", "XID", "UI",
	};

	(void)state;
	assert_int_equal(ARRAY_SIZE(want), LAPD_FTYPE_COUNT);
	for (unsigned t = 0; t < LAPD_FTYPE_COUNT; t++)
		assert_string_equal(lapd_ftype_name((enum lapd_ftype)t), want[t]);
	assert_string_equal(lapd_ftype_name(LAPD_FTYPE_COUNT), "?");
	assert_string_equal(lapd_ftype_name((enum lapd_ftype)-1), "?");

	assert_string_equal(lapd_strerror(LAPD_OK), "success");
	for (unsigned e = 1; e < LAPD_ERR_COUNT; e++) {
		const char *s = lapd_strerror((enum lapd_err)e);

		assert_non_null(s);
		assert_true(strlen(s) > 5);
		for (unsigned o = 1; o < e; o++)
			assert_string_not_equal(s, lapd_strerror((enum lapd_err)o));
	}
	assert_non_null(strstr(lapd_strerror(LAPD_ERR_TOO_LONG), "N201"));
	assert_non_null(lapd_strerror(LAPD_ERR_COUNT));
	assert_non_null(lapd_strerror((enum lapd_err)1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_encode),
		cmocka_unit_test(test_golden_decode),
		cmocka_unit_test(test_golden_i_frame_whole),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_decode_canonical_exhaustive),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_cr_truth_table),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
