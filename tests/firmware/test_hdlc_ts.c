// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HDLC on a timeslot (firmware/src/hdlc_ts.c): frames through a 64k and a
 * 56k timeslot byte-exact, back to back and with idle between; the line bit
 * order (timeslot octets MSB first, HDLC LSB first); queues full and empty
 * (overrun counted, nothing corrupted); bit errors at known places give
 * bad-FCS counts and never a false frame; aborts and underruns counted.
 * Expected line bits come from hdlc_tx_frame() (tested in test_hdlc.c
 * against a bitwise reference) and a bit-at-a-time mapping written here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fw/hdlc.h>
#include <fw/hdlc_ts.h>

static uint32_t rng(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static struct hdlc_ts *ts_new(enum hdlc_ts_rate rate, unsigned int flags, unsigned int tx_start)
{
	struct hdlc_ts *ts = malloc(sizeof(*ts));

	assert_non_null(ts);
	memset(ts, 0x5A, sizeof(*ts));	/* init must not rely on a clean struct */
	assert_int_equal(hdlc_ts_init(ts, rate, flags, tx_start), HDLC_TS_OK);
	return ts;
}

static void counters(const struct hdlc_ts *ts, struct hdlc_ts_counters *c)
{
	memset(c, 0xEE, sizeof(*c));
	hdlc_ts_get_counters(ts, c);
}

static void random_frame(uint8_t *f, size_t len, uint32_t *seed)
{
	unsigned int kind = rng(seed) % 4;
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t r = (uint8_t)rng(seed);

		f[i] = kind == 0 ? 0xFF : kind == 1 ? (uint8_t)(r | 0x7E) : r;
	}
}

/* Pull the next received frame and check it is @want. */
static void expect_frame(struct hdlc_ts *ts, const uint8_t *want, size_t len, unsigned int status)
{
	uint8_t buf[HDLC_TS_FRAME_MAX + 2];
	unsigned int st = 0xFF;
	int n = hdlc_ts_rx_frame(ts, buf, sizeof(buf), &st);

	assert_int_equal(n, (int)len);
	assert_memory_equal(buf, want, len);
	assert_int_equal(st, status);
}

/* --- line bit order --------------------------------------------------------- */

static void test_bit_order_64k(void **state)
{
	static const uint8_t ua[] = { 0x00, 0x01, 0x73 };	/* golden: 7E 00 01 73 08 9E 7E, LSB first */
	struct hdlc_ts *ts = ts_new(HDLC_TS_64K, 0, 0);
	uint8_t line[16];
	size_t i;

	(void)state;
	hdlc_ts_tx(ts, line, 2);		/* idle: flags */
	assert_int_equal(line[0], 0x7E);
	assert_int_equal(line[1], 0x7E);
	assert_int_equal(hdlc_ts_tx_frame(ts, ua, 3), HDLC_TS_OK);
	hdlc_ts_tx(ts, line, 9);
	/*
	 * The frame's octets went LSB first; on the timeslot they are MSB
	 * first, so each shows bit-reversed: 00 80 CE 10 79, after the
	 * opening flag, then the closing flag and idle flags.
	 */
	{
		static const uint8_t want[] = { 0x7E, 0x00, 0x80, 0xCE, 0x10, 0x79, 0x7E, 0x7E, 0x7E };

		for (i = 0; i < sizeof(want); i++)
			assert_int_equal(line[i], want[i]);
	}
	free(ts);
}

/* The line bits of @n timeslot octets, in line order, one per byte. */
static size_t line_bits(const uint8_t *oct, size_t n, enum hdlc_ts_rate rate, uint8_t *bits)
{
	size_t i, k = 0;
	int b;

	for (i = 0; i < n; i++)
		for (b = 7; b >= (rate == HDLC_TS_64K ? 0 : 1); b--)
			bits[k++] = (oct[i] >> b) & 1;
	return k;
}

static void test_bit_order_56k(void **state)
{
	uint32_t seed = 56;
	struct hdlc_ts *ts = ts_new(HDLC_TS_56K, 0, 0);
	uint8_t f[40], oct[80], bits[640], want[1024];
	uint8_t enc[64];
	struct hdlc_bitbuf out = { enc, sizeof(enc), 0 };
	struct hdlc_tx tx;
	size_t nb, i, j;

	(void)state;
	random_frame(f, sizeof(f), &seed);
	hdlc_tx_init(&tx);
	assert_int_equal(hdlc_tx_frame(&tx, &out, f, sizeof(f)), 0);
	for (i = 0; i < out.nbits; i++)
		want[i] = (enc[i / 8] >> (i % 8)) & 1;
	assert_int_equal(hdlc_ts_tx_frame(ts, f, sizeof(f)), HDLC_TS_OK);
	hdlc_ts_tx(ts, oct, sizeof(oct));
	/* bit 8 of every octet is 1 at 56k */
	for (i = 0; i < sizeof(oct); i++)
		assert_int_equal(oct[i] & 1, 1);
	/* the frame's bits (flags included) appear whole in bits 1..7 */
	nb = line_bits(oct, sizeof(oct), HDLC_TS_56K, bits);
	for (j = 0; j + out.nbits <= nb; j++)
		if (!memcmp(bits + j, want, out.nbits))
			break;
	assert_true(j + out.nbits <= nb);
	free(ts);
}

/* --- round trips -------------------------------------------------------------- */

/*
 * @nframes random frames from @a to @b over the timeslot, in blocks of 1..16
 * octets, queued as room allows and read as they come; with @gaps, idle
 * stretches between frames. @junk puts random bits in bit 8 at 56k.
 */
static void round_trip(enum hdlc_ts_rate rate, unsigned int nframes, bool gaps, bool junk,
		       uint32_t seed)
{
	struct hdlc_ts *a = ts_new(rate, 0, 0), *b = ts_new(rate, 0, 0);
	static uint8_t frames[64][HDLC_TS_FRAME_MAX];
	static size_t lens[64];
	unsigned int sent = 0, got = 0, idle = 0;
	unsigned long octets = 0;
	struct hdlc_ts_counters c;
	size_t i;

	while (got < nframes) {
		/* a frame takes at most ~400 octets of line here: never hang */
		assert_true(octets < 400ul * (nframes + 10));
		uint8_t oct[16];
		size_t n = 1 + rng(&seed) % 16;

		if (sent < nframes && !idle) {
			unsigned int k = sent % 64;

			lens[k] = sent < HDLC_TS_FRAME_MAX - 2 ? 3 + sent :
				  3 + rng(&seed) % (HDLC_TS_FRAME_MAX - 2);
			random_frame(frames[k], lens[k], &seed);
			if (hdlc_ts_tx_frame(a, frames[k], lens[k]) == HDLC_TS_OK) {
				sent++;
				if (gaps && rng(&seed) % 2)
					idle = 1 + rng(&seed) % 40;
			}
		} else if (idle && !hdlc_ts_tx_queued(a)) {
			idle--;
		}
		hdlc_ts_tx(a, oct, n);
		octets += n;
		if (junk)
			for (i = 0; i < n; i++)
				oct[i] = (uint8_t)((oct[i] & 0xFE) | (rng(&seed) & 1));
		hdlc_ts_rx(b, oct, n);
		while (hdlc_ts_rx_pending(b)) {
			assert_true(got < sent);
			expect_frame(b, frames[got % 64], lens[got % 64], 0);
			got++;
		}
	}
	counters(b, &c);
	assert_int_equal(c.rx_frames, nframes);
	assert_int_equal(c.rx_bad_fcs + c.rx_aborts + c.rx_too_short + c.rx_too_long +
			 c.rx_misaligned + c.rx_overrun, 0);
	counters(a, &c);
	assert_int_equal(c.tx_frames, nframes);
	assert_int_equal(c.tx_underrun, 0);
	free(a);
	free(b);
}

static void test_round_trip_64k(void **state)
{
	(void)state;
	round_trip(HDLC_TS_64K, 400, false, false, 1);	/* back to back, every length */
	round_trip(HDLC_TS_64K, 200, true, false, 2);	/* idle flags between */
}

static void test_round_trip_56k(void **state)
{
	(void)state;
	round_trip(HDLC_TS_56K, 400, false, false, 3);
	round_trip(HDLC_TS_56K, 200, true, true, 4);	/* bit 8 carries junk */
}

static void test_fcs_option(void **state)
{
	static const uint8_t sabme[] = { 0x00, 0x01, 0x7F };
	struct hdlc_ts *a = ts_new(HDLC_TS_64K, 0, 0), *b = ts_new(HDLC_TS_64K, HDLC_TS_F_RX_FCS, 0);
	uint8_t oct[32], want[5] = { 0x00, 0x01, 0x7F, 0x64, 0x54 };	/* golden FCS 64 54 */

	(void)state;
	assert_int_equal(hdlc_ts_tx_frame(a, sabme, 3), HDLC_TS_OK);
	hdlc_ts_tx(a, oct, sizeof(oct));
	hdlc_ts_rx(b, oct, sizeof(oct));
	expect_frame(b, want, 5, 0);
	free(a);
	free(b);
}

/* --- queues ------------------------------------------------------------------- */

static void test_tx_queue_full_and_errors(void **state)
{
	uint8_t f[HDLC_TS_FRAME_MAX + 1] = { 1, 2, 3 };
	struct hdlc_ts *a = ts_new(HDLC_TS_64K, 0, 0);
	struct hdlc_ts x;
	unsigned int i;

	(void)state;
	for (i = 0; i < HDLC_TS_TX_FRAMES; i++)
		assert_int_equal(hdlc_ts_tx_frame(a, f, 3 + i), HDLC_TS_OK);
	assert_int_equal(hdlc_ts_tx_frame(a, f, 3), HDLC_TS_EFULL);
	assert_int_equal(hdlc_ts_tx_begin(a), HDLC_TS_EFULL);
	assert_int_equal(hdlc_ts_tx_queued(a), HDLC_TS_TX_FRAMES);
	free(a);

	a = ts_new(HDLC_TS_64K, 0, 0);
	assert_int_equal(hdlc_ts_tx_frame(a, f, HDLC_TS_FRAME_MAX + 1), HDLC_TS_ETOOLONG);
	assert_int_equal(hdlc_ts_tx_frame(a, f, 2), HDLC_TS_ETOOSHORT);
	assert_int_equal(hdlc_ts_tx_frame(a, NULL, 3), HDLC_TS_EARG);
	assert_int_equal(hdlc_ts_tx_append(a, f, 3), HDLC_TS_ESTATE);
	assert_int_equal(hdlc_ts_tx_end(a), HDLC_TS_ESTATE);
	assert_int_equal(hdlc_ts_tx_begin(a), HDLC_TS_OK);
	assert_int_equal(hdlc_ts_tx_begin(a), HDLC_TS_ESTATE);
	assert_int_equal(hdlc_ts_tx_frame(a, f, 3), HDLC_TS_ESTATE);
	assert_int_equal(hdlc_ts_tx_append(a, f, HDLC_TS_FRAME_MAX + 1), HDLC_TS_ETOOLONG);
	assert_int_equal(hdlc_ts_tx_append(a, f, 2), HDLC_TS_OK);
	assert_int_equal(hdlc_ts_tx_end(a), HDLC_TS_ETOOSHORT);	/* dropped, not sent */
	assert_int_equal(hdlc_ts_tx_queued(a), 0);
	assert_int_equal(hdlc_ts_tx_queued(a), 0);
	free(a);

	assert_int_equal(hdlc_ts_init(NULL, HDLC_TS_64K, 0, 0), HDLC_TS_EARG);
	assert_int_equal(hdlc_ts_init(&x, (enum hdlc_ts_rate)7, 0, 0), HDLC_TS_EARG);
	assert_int_equal(hdlc_ts_init(&x, HDLC_TS_64K, 0x80, 0), HDLC_TS_EARG);
	assert_int_equal(hdlc_ts_init(&x, HDLC_TS_64K, 0, 2), HDLC_TS_EARG);
	assert_int_equal(hdlc_ts_init(&x, HDLC_TS_64K, 0, HDLC_TS_FRAME_MAX + 1), HDLC_TS_EARG);
	/* every error has its sentence */
	for (i = 0; i <= 8; i++)
		assert_non_null(strstr(hdlc_ts_strerror(-(int)i), i ? "hdlc_ts" : "success"));
	assert_non_null(strstr(hdlc_ts_strerror(-99), "unknown"));
}

static void test_rx_overrun_and_empty(void **state)
{
	struct hdlc_ts *a = ts_new(HDLC_TS_64K, 0, 0), *b = ts_new(HDLC_TS_64K, 0, 0);
	static uint8_t frames[8][60];
	uint8_t oct[64], small[4];
	struct hdlc_ts_counters c;
	uint32_t seed = 9;
	unsigned int st;
	size_t len;
	unsigned int i;

	(void)state;
	assert_int_equal(hdlc_ts_rx_frame(b, small, sizeof(small), &st), HDLC_TS_EEMPTY);
	assert_null(hdlc_ts_rx_peek(b, &len, &st));
	assert_int_equal(hdlc_ts_rx_pop(b), HDLC_TS_EEMPTY);

	/* six frames to a queue of four, nobody reading */
	for (i = 0; i < 6; i++) {
		random_frame(frames[i], 40 + i, &seed);
		while (hdlc_ts_tx_frame(a, frames[i], 40 + i) == HDLC_TS_EFULL) {
			hdlc_ts_tx(a, oct, 8);
			hdlc_ts_rx(b, oct, 8);
		}
	}
	for (i = 0; i < 20; i++) {
		hdlc_ts_tx(a, oct, sizeof(oct));
		hdlc_ts_rx(b, oct, sizeof(oct));
	}
	counters(b, &c);
	assert_int_equal(c.rx_frames, 6);
	assert_int_equal(c.rx_overrun, 6 - HDLC_TS_RX_FRAMES);
	assert_int_equal(hdlc_ts_rx_pending(b), HDLC_TS_RX_FRAMES);
	/* the queued ones intact; a too-small buffer leaves the frame queued */
	assert_int_equal(hdlc_ts_rx_frame(b, small, sizeof(small), &st), HDLC_TS_ENOSPACE);
	for (i = 0; i < HDLC_TS_RX_FRAMES; i++)
		expect_frame(b, frames[i], 40 + i, 0);
	assert_int_equal(hdlc_ts_rx_pending(b), 0);

	/* the next frame that gets through says frames were lost before it */
	assert_int_equal(hdlc_ts_tx_frame(a, frames[0], 40), HDLC_TS_OK);
	for (i = 0; i < 4; i++) {
		hdlc_ts_tx(a, oct, sizeof(oct));
		hdlc_ts_rx(b, oct, sizeof(oct));
	}
	expect_frame(b, frames[0], 40, HDLC_TS_RX_LOST_OVERRUN);
	free(a);
	free(b);
}

/* --- errors on the line ------------------------------------------------------- */

/*
 * Random frames, flags between, as an LSB-first stream; bits flipped inside
 * the chosen frames only (between their flags); then onto a timeslot of
 * @rate and into the receiver. Every untouched frame must come out exactly,
 * no damaged frame may come out, and the damage must show in the counters.
 */
static void bit_errors(enum hdlc_ts_rate rate, uint32_t seed)
{
	enum { N = 600 };
	static uint8_t frames[N][HDLC_TS_FRAME_MAX];
	static size_t lens[N];
	static bool damaged[N];
	static uint8_t line[N * 340];
	struct hdlc_bitbuf out = { line, sizeof(line), 0 };
	struct hdlc_ts *b = ts_new(rate, 0, 0);
	struct hdlc_ts_counters c;
	struct hdlc_tx tx;
	unsigned int i, ndamaged = 0, got = 0, next = 0;
	size_t pos, bitsper = rate == HDLC_TS_64K ? 8 : 7;

	memset(line, 0, sizeof(line));
	hdlc_tx_init(&tx);
	assert_int_equal(hdlc_tx_flags(&tx, &out, 1), 0);
	for (i = 0; i < N; i++) {
		size_t start;

		lens[i] = 3 + rng(&seed) % 120;
		random_frame(frames[i], lens[i], &seed);
		start = out.nbits;
		assert_int_equal(hdlc_tx_frame(&tx, &out, frames[i], lens[i]), 0);
		damaged[i] = rng(&seed) % 3 == 0;
		if (damaged[i]) {
			/* 1..3 flips between the opening and the closing flag */
			unsigned int k, nflips = 1 + rng(&seed) % 3;
			size_t inner = out.nbits - start - 16;

			for (k = 0; k < nflips; k++) {
				size_t bit = start + 8 + rng(&seed) % inner;

				line[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			}
			ndamaged++;
		}
	}
	assert_int_equal(hdlc_tx_flags(&tx, &out, 2), 0);

	/* onto the timeslot: each octet carries the next 8 (7) bits, first MSB */
	for (pos = 0; pos < out.nbits; pos += bitsper) {
		uint8_t o = rate == HDLC_TS_64K ? 0 : 1;
		size_t k;

		for (k = 0; k < bitsper; k++) {
			size_t bit = pos + k;
			unsigned int v = bit < out.nbits ? (line[bit / 8] >> (bit % 8)) & 1 : 1;

			o = (uint8_t)(o | v << (7 - k));
		}
		hdlc_ts_rx(b, &o, 1);
		while (hdlc_ts_rx_pending(b)) {
			uint8_t buf[HDLC_TS_FRAME_MAX + 2];
			int n = hdlc_ts_rx_frame(b, buf, sizeof(buf), NULL);

			/* the next untouched frame, never a damaged one */
			while (next < N && damaged[next])
				next++;
			assert_true(next < N);
			assert_int_equal(n, (int)lens[next]);
			assert_memory_equal(buf, frames[next], lens[next]);
			next++;
			got++;
		}
	}
	counters(b, &c);
	assert_int_equal(got, N - ndamaged);
	assert_int_equal(c.rx_frames, N - ndamaged);
	assert_true(c.rx_bad_fcs > 0);
	assert_true(c.rx_bad_fcs + c.rx_aborts + c.rx_misaligned + c.rx_too_short +
		    c.rx_too_long >= ndamaged);
	assert_int_equal(c.rx_overrun, 0);
	free(b);
}

static void test_bit_errors_64k(void **state)
{
	(void)state;
	bit_errors(HDLC_TS_64K, 11);
	bit_errors(HDLC_TS_64K, 12);
}

static void test_bit_errors_56k(void **state)
{
	(void)state;
	bit_errors(HDLC_TS_56K, 13);
}

/* --- aborts and underruns ----------------------------------------------------- */

static void test_abort_and_underrun(void **state)
{
	struct hdlc_ts *a = ts_new(HDLC_TS_64K, 0, 8), *b = ts_new(HDLC_TS_64K, 0, 0);
	uint8_t f[64], oct[64];
	struct hdlc_ts_counters c;
	uint32_t seed = 77;
	unsigned int i;

	(void)state;
	random_frame(f, sizeof(f), &seed);
	f[9] = 0x00;	/* the last octet before the line runs dry ends in 0s */
	/* streamed: 8 octets start it; the writer stalls; the line runs dry */
	assert_int_equal(hdlc_ts_tx_begin(a), HDLC_TS_OK);
	assert_int_equal(hdlc_ts_tx_append(a, f, 7), HDLC_TS_OK);
	hdlc_ts_tx(a, oct, 4);				/* not started: flags */
	hdlc_ts_rx(b, oct, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(oct[i], 0x7E);
	assert_int_equal(hdlc_ts_tx_append(a, f + 7, 3), HDLC_TS_OK);
	hdlc_ts_tx(a, oct, 32);
	hdlc_ts_rx(b, oct, 32);
	counters(a, &c);
	assert_int_equal(c.tx_underrun, 1);
	assert_int_equal(hdlc_ts_tx_append(a, f + 10, 10), HDLC_TS_EUNDERRUN);
	assert_int_equal(hdlc_ts_tx_end(a), HDLC_TS_EUNDERRUN);
	assert_int_equal(hdlc_ts_tx_queued(a), 0);
	counters(b, &c);
	assert_int_equal(c.rx_aborts, 1);
	assert_int_equal(c.rx_frames, 0);

	/* streamed and kept up with: goes through whole */
	assert_int_equal(hdlc_ts_tx_begin(a), HDLC_TS_OK);
	assert_int_equal(hdlc_ts_tx_append(a, f, 20), HDLC_TS_OK);
	hdlc_ts_tx(a, oct, 4);
	hdlc_ts_rx(b, oct, 4);
	assert_int_equal(hdlc_ts_tx_append(a, f + 20, sizeof(f) - 20), HDLC_TS_OK);
	assert_int_equal(hdlc_ts_tx_end(a), HDLC_TS_OK);
	hdlc_ts_tx(a, oct, sizeof(oct));
	hdlc_ts_rx(b, oct, sizeof(oct));
	hdlc_ts_tx(a, oct, 16);
	hdlc_ts_rx(b, oct, 16);
	expect_frame(b, f, sizeof(f), HDLC_TS_RX_LOST_ABORT);
	counters(a, &c);
	assert_int_equal(c.tx_frames, 1);
	assert_int_equal(c.tx_underrun, 1);

	/* an abort and idle on the line from elsewhere: counted, then a frame */
	{
		static const uint8_t cut[] = { 0x7E, 0x12, 0x34, 0x56, 0xFF, 0xFF, 0xFF };

		hdlc_ts_rx(b, cut, sizeof(cut));
		counters(b, &c);
		assert_int_equal(c.rx_aborts, 2);
		assert_int_equal(c.rx_idles, 1);
	}
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_order_64k),
		cmocka_unit_test(test_bit_order_56k),
		cmocka_unit_test(test_round_trip_64k),
		cmocka_unit_test(test_round_trip_56k),
		cmocka_unit_test(test_fcs_option),
		cmocka_unit_test(test_tx_queue_full_and_errors),
		cmocka_unit_test(test_rx_overrun_and_empty),
		cmocka_unit_test(test_bit_errors_64k),
		cmocka_unit_test(test_bit_errors_56k),
		cmocka_unit_test(test_abort_and_underrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
