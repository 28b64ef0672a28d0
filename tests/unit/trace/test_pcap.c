// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the LAPD pcap writer and reader (trace/pcap.c). */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "trace/pcap.h"

#define LAPD_LEN_MAX 264	/* address, control and N201 octets of information */

/* A file being built by hand, in either byte order. */
struct fbuf {
	uint8_t b[4096];
	size_t len;
	bool be;
};

static void put8(struct fbuf *f, uint8_t v)
{
	assert_true(f->len < sizeof(f->b));
	f->b[f->len++] = v;
}

static void put16(struct fbuf *f, uint16_t v)
{
	if (f->be) {
		put8(f, (uint8_t)(v >> 8));
		put8(f, (uint8_t)v);
	} else {
		put8(f, (uint8_t)v);
		put8(f, (uint8_t)(v >> 8));
	}
}

static void put32(struct fbuf *f, uint32_t v)
{
	if (f->be) {
		put16(f, (uint16_t)(v >> 16));
		put16(f, (uint16_t)v);
	} else {
		put16(f, (uint16_t)v);
		put16(f, (uint16_t)(v >> 16));
	}
}

static void put_ghdr(struct fbuf *f, uint32_t magic, uint32_t snaplen, uint32_t linktype)
{
	put32(f, magic);
	put16(f, 2);
	put16(f, 4);
	put32(f, 0);
	put32(f, 0);
	put32(f, snaplen);
	put32(f, linktype);
}

/* Record header plus pseudo-header (always big-endian) plus frame. */
static void put_rec(struct fbuf *f, uint32_t sec, uint32_t frac, uint16_t pkttype, bool we_net,
		    const uint8_t *frame, uint32_t len)
{
	bool be = f->be;

	put32(f, sec);
	put32(f, frac);
	put32(f, 16 + len);
	put32(f, 16 + len);
	f->be = true;
	put16(f, pkttype);
	put16(f, 0x20fd);
	put16(f, 1);
	put8(f, we_net);
	for (int i = 0; i < 7; i++)
		put8(f, 0);
	put16(f, 0x0030);
	f->be = be;
	for (uint32_t i = 0; i < len; i++)
		put8(f, frame[i]);
}

static const uint8_t sabme[] = { 0x00, 0x01, 0x7f };
static const uint8_t ua[] = { 0x00, 0x01, 0x73 };

/* Write with the writer into memory; returns the bytes (free them). */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static void mem_close(struct mem *m)
{
	assert_int_equal(fclose(m->f), 0);
	m->f = NULL;
}

static void test_golden_header(void **state)
{
	static const uint8_t want[] = {
		/* global header */
		0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0xff, 0xff, 0x00, 0x00, 0xb1, 0x00, 0x00, 0x00,
		/* record header: 1700000000.123456, 19 and 19 octets */
		0x00, 0xf1, 0x53, 0x65, 0x40, 0xe2, 0x01, 0x00,
		0x13, 0x00, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00,
		/* pseudo-header: sent by us (4), ARPHRD_LAPD, halen 1, we are user, ETH_P_LAPD */
		0x00, 0x04, 0x20, 0xfd, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x30,
		/* SABME */
		0x00, 0x01, 0x7f,
	};
	struct pcap_writer w;
	struct mem m;

	(void)state;
	mem_open(&m);
	assert_int_equal(pcap_writer_init(&w, m.f, false), 0);
	assert_int_equal(pcap_write_frame(&w, 1700000000123456ull, false, sabme, 3), 0);
	mem_close(&m);
	assert_int_equal(m.len, sizeof(want));
	assert_memory_equal(m.buf, want, sizeof(want));
	free(m.buf);
}

/* Pseudo-header octets 0-1 (pkttype) and 6 (addr[0]) for each capturer and sender. */
static void test_pseudo_header_direction(void **state)
{
	(void)state;
	for (int cap_net = 0; cap_net < 2; cap_net++) {
		for (int sent_net = 0; sent_net < 2; sent_net++) {
			struct pcap_writer w;
			struct mem m;
			const uint8_t *ph;

			mem_open(&m);
			assert_int_equal(pcap_writer_init(&w, m.f, cap_net), 0);
			assert_int_equal(pcap_write_frame(&w, 0, sent_net, ua, 3), 0);
			mem_close(&m);
			assert_int_equal(m.len, 24 + 16 + 16 + 3);
			ph = (const uint8_t *)m.buf + 40;
			assert_int_equal(ph[0], 0);
			assert_int_equal(ph[1], cap_net == sent_net ? 4 : 0);
			assert_int_equal(ph[6], cap_net);
			free(m.buf);
		}
	}
}

static void test_write_read_back(void **state)
{
	uint8_t frame[LAPD_LEN_MAX];
	(void)state;

	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i ^ 0x5a);

	for (int cap_net = 0; cap_net < 2; cap_net++) {
		struct pcap_writer w;
		struct pcap_reader r;
		struct pcap_rec rec;
		struct mem m;

		mem_open(&m);
		assert_int_equal(pcap_writer_init(&w, m.f, cap_net), 0);
		for (size_t len = 0; len <= LAPD_LEN_MAX; len++) {
			uint64_t ts = 1000000ull * len * 1000 + len * 3 + (len == 7 ? 999999 : 0);

			assert_int_equal(pcap_write_frame(&w, ts, len & 1, frame, len), 0);
		}
		mem_close(&m);

		assert_int_equal(pcap_reader_init(&r, (const uint8_t *)m.buf, m.len), 0);
		assert_false(r.swapped);
		assert_false(r.nsec);
		assert_int_equal(r.linktype, 177);
		assert_int_equal(r.snaplen, 65535);
		for (size_t len = 0; len <= LAPD_LEN_MAX; len++) {
			uint64_t ts = 1000000ull * len * 1000 + len * 3 + (len == 7 ? 999999 : 0);

			assert_int_equal(pcap_read_next(&r, &rec), 1);
			assert_int_equal(r.recno, len + 1);
			assert_int_equal(rec.ts_us, ts);
			assert_int_equal(rec.sent_by_network, (len & 1) != 0);
			assert_int_equal(rec.capturer_is_network, cap_net);
			assert_int_equal(rec.len, len);
			assert_int_equal(rec.orig_len, len);
			if (len)
				assert_memory_equal(rec.frame, frame, len);
			assert_true(rec.frame + rec.len <= (const uint8_t *)m.buf + m.len);
		}
		assert_int_equal(pcap_read_next(&r, &rec), 0);
		assert_int_equal(pcap_read_next(&r, &rec), 0);
		free(m.buf);
	}
}

static void test_empty_file(void **state)
{
	struct pcap_writer w;
	struct pcap_reader r;
	struct pcap_rec rec;
	struct mem m;

	(void)state;
	mem_open(&m);
	assert_int_equal(pcap_writer_init(&w, m.f, true), 0);
	mem_close(&m);
	assert_int_equal(m.len, 24);
	assert_int_equal(pcap_reader_init(&r, (const uint8_t *)m.buf, m.len), 0);
	assert_int_equal(pcap_read_next(&r, &rec), 0);
	free(m.buf);
}

static void test_big_endian_file(void **state)
{
	struct fbuf f = { .be = true };
	struct pcap_reader r;
	struct pcap_rec rec;

	(void)state;
	put_ghdr(&f, 0xa1b2c3d4, 65535, 177);
	put_rec(&f, 1700000000, 123456, 4, false, sabme, 3);	/* user sent it */
	put_rec(&f, 1700000001, 5, 0, false, ua, 3);		/* user received it */
	assert_memory_equal(f.b, "\xa1\xb2\xc3\xd4\x00\x02\x00\x04", 8);

	assert_int_equal(pcap_reader_init(&r, f.b, f.len), 0);
	assert_true(r.swapped);
	assert_false(r.nsec);
	assert_int_equal(r.snaplen, 65535);
	assert_int_equal(pcap_read_next(&r, &rec), 1);
	assert_int_equal(rec.ts_us, 1700000000123456ull);
	assert_false(rec.sent_by_network);
	assert_false(rec.capturer_is_network);
	assert_int_equal(rec.len, 3);
	assert_memory_equal(rec.frame, sabme, 3);
	assert_int_equal(pcap_read_next(&r, &rec), 1);
	assert_int_equal(rec.ts_us, 1700000001000005ull);
	assert_true(rec.sent_by_network);
	assert_memory_equal(rec.frame, ua, 3);
	assert_int_equal(pcap_read_next(&r, &rec), 0);
}

static void test_nanosecond_files(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		struct fbuf f = { .be = be };
		struct pcap_reader r;
		struct pcap_rec rec;

		put_ghdr(&f, 0xa1b23c4d, 262144, 177);
		put_rec(&f, 1700000000, 123456789, 0, true, sabme, 3);	/* network received */
		put_rec(&f, 2, 999999999, 4, true, ua, 3);		/* network sent */
		assert_memory_equal(f.b, be ? "\xa1\xb2\x3c\x4d" : "\x4d\x3c\xb2\xa1", 4);

		assert_int_equal(pcap_reader_init(&r, f.b, f.len), 0);
		assert_int_equal(r.swapped, be);
		assert_true(r.nsec);
		assert_int_equal(pcap_read_next(&r, &rec), 1);
		assert_int_equal(rec.ts_us, 1700000000123456ull);
		assert_false(rec.sent_by_network);
		assert_true(rec.capturer_is_network);
		assert_int_equal(pcap_read_next(&r, &rec), 1);
		assert_int_equal(rec.ts_us, 2999999ull);
		assert_true(rec.sent_by_network);
		assert_int_equal(pcap_read_next(&r, &rec), 0);
	}
}

/* Other pkttypes count as received; hatype and protocol are not checked. */
static void test_lenient_pseudo_header(void **state)
{
	struct fbuf f = { 0 };
	struct pcap_reader r;
	struct pcap_rec rec;

	(void)state;
	put_ghdr(&f, 0xa1b2c3d4, 65535, 177);
	put_rec(&f, 0, 0, 3, true, sabme, 3);
	f.b[24 + 16 + 2] = 0x12;	/* hatype */
	f.b[24 + 16 + 14] = 0x99;	/* protocol */
	assert_int_equal(pcap_reader_init(&r, f.b, f.len), 0);
	assert_int_equal(pcap_read_next(&r, &rec), 1);
	assert_true(rec.capturer_is_network);
	assert_false(rec.sent_by_network);
}

/* orig_len larger than caplen: the frame was cut by the snaplen. */
static void test_orig_len(void **state)
{
	struct fbuf f = { 0 };
	struct pcap_reader r;
	struct pcap_rec rec;

	(void)state;
	put_ghdr(&f, 0xa1b2c3d4, 19, 177);
	put_rec(&f, 0, 0, 0, false, sabme, 3);
	f.b[24 + 12] = 16 + 200;
	assert_int_equal(pcap_reader_init(&r, f.b, f.len), 0);
	assert_int_equal(pcap_read_next(&r, &rec), 1);
	assert_int_equal(rec.len, 3);
	assert_int_equal(rec.orig_len, 200);
}

static void expect_init_error(const uint8_t *buf, size_t len, const char *msg)
{
	struct pcap_reader r;
	uint8_t *copy = malloc(len ? len : 1);	/* exact size: ASan sees overreads */

	if (len)
		memcpy(copy, buf, len);
	assert_int_equal(pcap_reader_init(&r, copy, len), TEL_EPROTO);
	assert_string_equal(r.err, msg);
	free(copy);
}

static void test_init_errors(void **state)
{
	struct fbuf f = { 0 };

	(void)state;
	expect_init_error(NULL, 0, "truncated global header: 0 of 24 bytes");

	put_ghdr(&f, 0xa1b2c3d4, 65535, 177);
	expect_init_error(f.b, 23, "truncated global header: 23 of 24 bytes");
	expect_init_error(f.b, 4, "truncated global header: 4 of 24 bytes");

	f.len = 0;
	put_ghdr(&f, 0x0a0d0d0a, 65535, 177);	/* pcapng */
	expect_init_error(f.b, f.len, "not a pcap file (magic 0a 0d 0d 0a)");

	f.len = 0;
	put_ghdr(&f, 0xa1b2c3d4, 65535, 1);
	expect_init_error(f.b, f.len, "link type 1 (not LAPD; expected 177)");

	f.len = 0;
	f.be = true;
	put_ghdr(&f, 0xa1b2c3d4, 65535, 203);
	expect_init_error(f.b, f.len, "link type 203 (not LAPD; expected 177)");

	f.len = 0;
	f.be = false;
	put_ghdr(&f, 0xa1b2c3d4, 65535, 177);
	f.b[4] = 1;
	expect_init_error(f.b, f.len, "unsupported pcap version 1.4");
}

static void test_init_bad_args(void **state)
{
	struct pcap_reader r;
	uint8_t b[24] = { 0 };

	(void)state;
	assert_int_equal(pcap_reader_init(NULL, b, sizeof(b)), TEL_EINVAL);
	assert_int_equal(pcap_reader_init(&r, NULL, 24), TEL_EINVAL);
}

/* @f: two good records and a bad third one that must fail with @msg. */
static void expect_record_error(struct fbuf *f, const char *msg)
{
	struct pcap_reader r;
	struct pcap_rec rec;
	uint8_t *copy = malloc(f->len);

	memcpy(copy, f->b, f->len);
	assert_int_equal(pcap_reader_init(&r, copy, f->len), 0);
	assert_int_equal(pcap_read_next(&r, &rec), 1);
	assert_int_equal(pcap_read_next(&r, &rec), 1);
	assert_int_equal(pcap_read_next(&r, &rec), TEL_EPROTO);
	assert_string_equal(r.err, msg);
	assert_int_equal(r.recno, 2);
	/* The error stays: the reader does not skip past it. */
	assert_int_equal(pcap_read_next(&r, &rec), TEL_EPROTO);
	assert_string_equal(r.err, msg);
	free(copy);
}

/* Global header, SABME record (35 octets), UA record: the third record starts at 94. */
static void two_records(struct fbuf *f, uint32_t snaplen)
{
	*f = (struct fbuf){ 0 };
	put_ghdr(f, 0xa1b2c3d4, snaplen, 177);
	put_rec(f, 1, 0, 4, false, sabme, 3);
	put_rec(f, 2, 0, 0, false, ua, 3);
	assert_int_equal(f->len, 94);
}

static void test_record_errors(void **state)
{
	static const uint8_t i_frame[44] = { 0x00, 0x01, 0x00, 0x00, 0x08 };
	struct fbuf f;
	size_t start;

	(void)state;
	/* Truncated record header. */
	two_records(&f, 65535);
	put32(&f, 3);
	put32(&f, 0);
	put32(&f, 60);
	expect_record_error(&f, "record 3 at offset 94: truncated record header: "
			    "needs 16 bytes, 12 left");

	/* Truncated data: 60 octets announced, 12 present. */
	two_records(&f, 65535);
	start = f.len;
	put_rec(&f, 3, 0, 0, false, i_frame, sizeof(i_frame));
	f.len = start + 16 + 12;
	expect_record_error(&f, "record 3 at offset 94: truncated: needs 60 bytes, 12 left");

	/* Captured length over the file's snaplen. */
	two_records(&f, 40);
	put_rec(&f, 3, 0, 0, false, i_frame, sizeof(i_frame));
	expect_record_error(&f, "record 3 at offset 94: captured length 60 exceeds the maximum 40");

	/* Over the absolute limit, with a snaplen that claims more. */
	two_records(&f, 0x7fffffff);
	put32(&f, 3);
	put32(&f, 0);
	put32(&f, 262145);
	put32(&f, 262145);
	expect_record_error(&f, "record 3 at offset 94: captured length 262145 exceeds "
			    "the maximum 262144");

	/* Huge caplen, snaplen 0 (no limit stated): still bounded, no overflow. */
	two_records(&f, 0);
	put32(&f, 3);
	put32(&f, 0);
	put32(&f, 0xffffffff);
	put32(&f, 0xffffffff);
	expect_record_error(&f, "record 3 at offset 94: captured length 4294967295 exceeds "
			    "the maximum 262144");

	/* Shorter than the pseudo-header. */
	two_records(&f, 65535);
	put32(&f, 3);
	put32(&f, 0);
	put32(&f, 15);
	put32(&f, 15);
	for (int i = 0; i < 15; i++)
		put8(&f, 0);
	expect_record_error(&f, "record 3 at offset 94: captured length 15 shorter than the "
			    "16-byte LAPD pseudo-header");

	two_records(&f, 65535);
	put32(&f, 3);
	put32(&f, 0);
	put32(&f, 0);
	put32(&f, 0);
	expect_record_error(&f, "record 3 at offset 94: captured length 0 shorter than the "
			    "16-byte LAPD pseudo-header");
}

/* Every prefix of a valid file: a clean end only on a record boundary, else an error. */
static void test_every_prefix(void **state)
{
	struct fbuf f;
	(void)state;

	two_records(&f, 65535);
	for (size_t len = 0; len <= f.len; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		struct pcap_reader r;
		struct pcap_rec rec;
		int rc, n = 0;

		if (len)
			memcpy(copy, f.b, len);
		rc = pcap_reader_init(&r, copy, len);
		if (len < 24) {
			assert_int_equal(rc, TEL_EPROTO);
			free(copy);
			continue;
		}
		assert_int_equal(rc, 0);
		while ((rc = pcap_read_next(&r, &rec)) == 1)
			n++;
		if (len == 24 || len == 59 || len == 94) {
			assert_int_equal(rc, 0);
			assert_int_equal(n, (int)(len - 24) / 35);
		} else {
			assert_int_equal(rc, TEL_EPROTO);
			assert_non_null(strstr(r.err, "truncated"));
		}
		free(copy);
	}
}

static void test_writer_errors(void **state)
{
	static uint8_t big[65536];
	struct pcap_writer w;
	struct mem m;
	FILE *ro;

	(void)state;
	assert_int_equal(pcap_writer_init(NULL, stdout, false), TEL_EINVAL);
	assert_int_equal(pcap_writer_init(&w, NULL, false), TEL_EINVAL);

	mem_open(&m);
	assert_int_equal(pcap_writer_init(&w, m.f, false), 0);
	assert_int_equal(pcap_write_frame(&w, 0, false, big, 65535 - 16 + 1), TEL_EINVAL);
	assert_int_equal(pcap_write_frame(&w, 0, false, NULL, 3), TEL_EINVAL);
	/* Seconds beyond 32 bits do not fit the record header. */
	assert_int_equal(pcap_write_frame(&w, (UINT32_MAX + 1ull) * 1000000, false, sabme, 3),
			 TEL_EINVAL);
	assert_int_equal(pcap_write_frame(&w, UINT32_MAX * 1000000ull + 999999, false, sabme, 3),
			 0);
	assert_int_equal(pcap_write_frame(&w, 0, false, big, 65535 - 16), 0);
	mem_close(&m);
	assert_int_equal(m.len, 24 + (16 + 16 + 3) + (16 + 65535));
	free(m.buf);

	/* A stream that cannot be written. */
	ro = fopen("/dev/null", "r");
	assert_non_null(ro);
	assert_int_equal(pcap_writer_init(&w, ro, false), TEL_EIO);
	w.f = ro;
	assert_int_equal(pcap_write_frame(&w, 0, false, sabme, 3), TEL_EIO);
	fclose(ro);
}

static void test_read_bad_args(void **state)
{
	struct fbuf f;
	struct pcap_reader r;
	struct pcap_rec rec;

	(void)state;
	two_records(&f, 65535);
	assert_int_equal(pcap_reader_init(&r, f.b, f.len), 0);
	assert_int_equal(pcap_read_next(NULL, &rec), TEL_EINVAL);
	assert_int_equal(pcap_read_next(&r, NULL), TEL_EINVAL);
	r.off = f.len + 1;
	assert_int_equal(pcap_read_next(&r, &rec), TEL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_header),
		cmocka_unit_test(test_pseudo_header_direction),
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_big_endian_file),
		cmocka_unit_test(test_nanosecond_files),
		cmocka_unit_test(test_lenient_pseudo_header),
		cmocka_unit_test(test_orig_len),
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_init_bad_args),
		cmocka_unit_test(test_record_errors),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_read_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
