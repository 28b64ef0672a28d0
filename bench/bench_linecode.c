// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The line decoder (firmware/src/linecode.c, linecode_fast.c) on E1 HDB3
 * pulse streams: M slots/s and E1 spans per core (one span = 2.048 Mslots/s
 * of line decoding alone), decoded one E1 frame (256 slots) per call as the
 * receive path does.
 *
 * Streams (NRZ, then through the HDB3 encoder):
 *   random   random octets
 *   e1       E1 frames: TS0 FAS/NFAS (CRC-4 bits random), TS16 HDLC (idle
 *            flags 0x7E and, now and then, a bit-stuffed frame), TS1-15
 *            idle 0xD5 (A-law silence), TS17-31 random (speech)
 *   e1idle   the same with every voice timeslot idle 0xD5
 *   e1busy   the same with every voice timeslot random
 *
 *   bench_linecode [--mode M] [--frames N] [--time S] [--slow] [--once]
 *
 * --once decodes the stream once and exits (for callgrind: run under
 * `valgrind --tool=callgrind --toggle-collect=fw_lc_decode`, divide the
 * instructions by the octets printed; bench/linecode.sh does this).
 * --slow forces the bit-by-bit decoder (struct fw_lc_dec.slow).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fw/linecode.h>
#include <fw/span.h>

static uint64_t rs = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint32_t)(rs >> 16);
}

/* An HDLC bit source for TS16: flags, and a stuffed frame every so often. */
struct hdlc_src {
	uint8_t frame[64];
	unsigned len, pos, bit, ones, idle;
	bool in_frame;
	uint32_t pend;		/* bits waiting, oldest highest */
	unsigned npend;
};

static void hdlc_refill(struct hdlc_src *h)
{
	if (!h->in_frame) {
		if (h->idle) {
			h->idle--;
			h->pend = 0x7E;
			h->npend = 8;
			return;
		}
		h->len = 6 + rnd() % 40;	/* address, control, I field, FCS */
		for (unsigned i = 0; i < h->len; i++)
			h->frame[i] = (uint8_t)rnd();
		h->pos = h->bit = h->ones = 0;
		h->in_frame = true;
	}
	if (h->pos == h->len) {		/* the closing flag, then idle for a while */
		h->in_frame = false;
		h->idle = 8 + rnd() % 200;
		h->pend = 0x7E;
		h->npend = 8;
		return;
	}
	unsigned b = (h->frame[h->pos] >> h->bit) & 1u;	/* LSB first */

	if (++h->bit == 8) {
		h->bit = 0;
		h->pos++;
	}
	h->pend = b;
	h->npend = 1;
	if (b && ++h->ones == 5) {	/* stuff a 0 */
		h->pend = 2;
		h->npend = 2;
		h->ones = 0;
	} else if (!b) {
		h->ones = 0;
	}
}

static uint8_t hdlc_octet(struct hdlc_src *h)
{
	unsigned o = 0;

	for (int i = 0; i < 8; i++) {
		if (!h->npend)
			hdlc_refill(h);
		h->npend--;
		o = o << 1 | ((h->pend >> h->npend) & 1u);
	}
	return (uint8_t)o;
}

static void make_nrz(const char *mode, uint8_t *nrz, size_t frames)
{
	struct hdlc_src h = { .idle = 4 };

	for (size_t f = 0; f < frames; f++) {
		uint8_t *fr = nrz + f * 32;

		if (!strcmp(mode, "random")) {
			for (int t = 0; t < 32; t++)
				fr[t] = (uint8_t)rnd();
			continue;
		}
		/* TS0: FAS C0011011 in even frames, NFAS E1ASSSSS (A = 0, Sa = 1) in odd ones */
		fr[0] = (uint8_t)(f & 1 ? 0x5F | (rnd() & 1) << 7 : 0x1B | (rnd() & 1) << 7);
		fr[16] = hdlc_octet(&h);
		for (int t = 1; t < 32; t++) {
			bool busy;

			if (t == 16)
				continue;
			busy = !strcmp(mode, "e1busy") || (!strcmp(mode, "e1") && t > 16);
			fr[t] = busy ? (uint8_t)rnd() : 0xD5;
		}
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *mode = "e1";
	size_t frames = 8000, done = 0;
	double secs = 1.0, t0, t;
	bool slow = false, once = false;
	struct fw_span_counters c = { 0 };
	struct fw_lc_enc e;
	struct fw_lc_dec d;
	uint8_t *nrz, *tp, *tn, *out;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			mode = argv[++i];
		else if (!strcmp(argv[i], "--frames") && i + 1 < argc)
			frames = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--time") && i + 1 < argc)
			secs = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--slow"))
			slow = true;
		else if (!strcmp(argv[i], "--once"))
			once = true;
		else {
			fprintf(stderr, "usage: %s [--mode random|e1|e1idle|e1busy] [--frames N] "
				"[--time S] [--slow] [--once]\n", argv[0]);
			return 2;
		}
	}
	if (strcmp(mode, "random") && strcmp(mode, "e1") && strcmp(mode, "e1idle") &&
	    strcmp(mode, "e1busy")) {
		fprintf(stderr, "bench_linecode: unknown mode '%s' (random, e1, e1idle, e1busy)\n",
			mode);
		return 2;
	}
	if (!frames) {
		fprintf(stderr, "bench_linecode: --frames must be at least 1\n");
		return 2;
	}
	nrz = malloc(frames * 32);
	tp = malloc(frames * 32);
	tn = malloc(frames * 32);
	out = malloc(frames * 32);
	if (!nrz || !tp || !tn || !out) {
		fprintf(stderr, "bench_linecode: out of memory for %zu frames\n", frames);
		return 1;
	}
	make_nrz(mode, nrz, frames);
	fw_lc_enc_init(&e, FW_LINECODE_HDB3);
	fw_lc_encode(&e, nrz, frames * 256, tp, tn);
	fw_lc_dec_init(&d, FW_SPAN_E1, FW_LINECODE_HDB3, 0);
	d.slow = slow;

	if (once) {
		for (size_t f = 0; f < frames; f++)
			fw_lc_decode(&d, tp + f * 32, tn + f * 32, 256, out + f * 32, &c);
		printf("octets %zu bpv %u exz %u\n", frames * 32, c.bpv, c.exz);
		return 0;
	}
	t0 = now();
	do {
		for (size_t f = 0; f < frames; f++)
			fw_lc_decode(&d, tp + f * 32, tn + f * 32, 256, out + f * 32, &c);
		done += frames;
		t = now() - t0;
	} while (t < secs);
	/* the data comes back 2 * 3 slots late (the first frame follows the wrap of the last pass) */
	for (size_t i = 32; i + 1 < frames * 32; i++)
		if ((uint8_t)(out[i] << 6 | out[i + 1] >> 2) != nrz[i]) {
			fprintf(stderr, "bench_linecode: octet %zu decoded wrong\n", i);
			return 1;
		}
	printf("%-7s %-4s %8.1f Mslots/s  %6.0f E1 spans/core (line decode alone)  bpv %u exz %u\n",
	       mode, slow ? "slow" : "fast", done * 256.0 / t / 1e6, done * 256.0 / t / 2.048e6,
	       c.bpv, c.exz);
	return 0;
}
