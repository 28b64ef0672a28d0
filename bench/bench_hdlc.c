// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HDLC decode speed: tel's firmware decoder against DAHDI's fasthdlc.h and
 * libosmocore's osmo_isdnhdlc, on the same line bits: random frames (3..260
 * octets of random data, FCS, a closing and an opening flag between frames)
 * as one timeslot would carry them. Each decoder gets the stream in the form
 * it takes: tel's hdlc_rx_bits() packed LSB first (fw/hdlc.h), the others and
 * tel's hdlc_ts_rx() as timeslot octets, first line bit = MSB (fw/span.h;
 * fasthdlc's order; osmo_isdnhdlc with OSMO_HDLC_F_BITREVERSE). Each must
 * find every frame with a good FCS, or the run fails.
 *
 * fasthdlc is used as DAHDI's dahdi-base.c uses it: per octet one
 * fasthdlc_rx_load_nocheck() and one fasthdlc_rx_run(), the FCS computed per
 * data octet with PPP_FCS (the same CRC table as ours).
 *
 *   bench_hdlc [--time SECONDS]            the table, best of runs, ratios
 *   bench_hdlc --one NAME --reps N         N passes of one decoder (callgrind)
 *   names: tel, tel_ts, tel_ref, fasthdlc, osmo
 *
 * fasthdlc.h comes from the installed dahdi-source (see bench/hdlc.sh); it is
 * GPL-2.0 and used here at bench time only, never in the product.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <osmocom/core/isdnhdlc.h>

#include <fw/hdlc.h>
#include <fw/hdlc_ts.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#define FAST_HDLC_NEED_TABLES
#include <dahdi/fasthdlc.h>
#pragma GCC diagnostic pop

#define NFRAMES		4000
#define MAXF		260

/* The stream, in both packings, and what a decoder must find in it. */
static uint8_t *lsb, *msb;
static size_t nbytes;
static uint32_t want_frames;
static uint64_t want_octets;

struct result {
	uint32_t frames, bad;
	uint64_t octets;
};

static uint32_t rng(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static uint8_t rev(uint8_t v)
{
	uint8_t r = 0;
	int i;

	for (i = 0; i < 8; i++)
		r = (uint8_t)(r | ((v >> i) & 1) << (7 - i));
	return r;
}

static void make_stream(void)
{
	size_t cap = (size_t)NFRAMES * (hdlc_tx_worst_bits(MAXF) / 8 + 2) + 16;
	struct hdlc_bitbuf out;
	struct hdlc_tx tx;
	uint8_t f[MAXF];
	uint32_t seed = 2024;
	size_t i, j;

	lsb = malloc(cap);
	msb = malloc(cap);
	if (!lsb || !msb)
		exit(2);
	out.buf = lsb;
	out.cap = cap;
	out.nbits = 0;
	hdlc_tx_init(&tx);
	hdlc_tx_flags(&tx, &out, 2);
	for (i = 0; i < NFRAMES; i++) {
		size_t len = 3 + rng(&seed) % (MAXF - 2);

		for (j = 0; j < len; j++)
			f[j] = (uint8_t)rng(&seed);
		if (hdlc_tx_frame(&tx, &out, f, len))
			exit(2);
		want_frames++;
		want_octets += len;
	}
	/* then idle 1s (8 or more) up to a whole octet: an abort after a flag counts nowhere */
	for (j = 0; j < 8 || out.nbits % 8; j++) {
		lsb[out.nbits / 8] |= (uint8_t)(1u << (out.nbits % 8));
		out.nbits++;
	}
	nbytes = out.nbits / 8;
	for (i = 0; i < nbytes; i++)
		msb[i] = rev(lsb[i]);
}

/* --- tel ------------------------------------------------------------------ */

static void tel_cb(void *ctx, const uint8_t *p, size_t len)
{
	struct result *r = ctx;

	(void)p;
	r->frames++;
	r->octets += len;
}

static void run_tel(struct result *r, int ref)
{
	static uint8_t buf[266];
	struct hdlc_rx rx;

	hdlc_rx_init(&rx, buf, 5, sizeof(buf), tel_cb, r);
	if (ref)
		hdlc_rx_bits_ref(&rx, lsb, nbytes * 8);
	else
		hdlc_rx_bits(&rx, lsb, nbytes * 8);
	r->bad += rx.stats.crc_errors + rx.stats.aborts + rx.stats.misaligned +
		  rx.stats.too_long + rx.stats.too_short;
}

static void run_tel_ts(struct result *r)
{
	static struct hdlc_ts ts;
	struct hdlc_ts_counters c;
	size_t i, k, len;

	hdlc_ts_init(&ts, HDLC_TS_64K, 0, 0);
	for (i = 0; i < nbytes; i += k) {
		k = nbytes - i < 32 ? nbytes - i : 32;
		hdlc_ts_rx(&ts, msb + i, k);
		while (hdlc_ts_rx_peek(&ts, &len, NULL)) {
			r->frames++;
			r->octets += len;
			hdlc_ts_rx_pop(&ts);
		}
	}
	hdlc_ts_get_counters(&ts, &c);
	r->bad += c.rx_bad_fcs + c.rx_aborts + c.rx_misaligned + c.rx_too_long +
		  c.rx_too_short + c.rx_overrun;
}

/* --- DAHDI fasthdlc, as dahdi-base.c drives it ------------------------------ */

static uint16_t fcstab[256];

static void run_fasthdlc(struct result *r)
{
	static uint8_t buf[1024];
	struct fasthdlc_state h;
	uint16_t fcs = 0xffff;
	size_t i, idx = 0;

	fasthdlc_init(&h, FASTHDLC_MODE_64);
	for (i = 0; i < nbytes; i++) {
		int res;

		fasthdlc_rx_load_nocheck(&h, msb[i]);
		res = fasthdlc_rx_run(&h);
		if (res & RETURN_EMPTY_FLAG)
			continue;
		if (res & RETURN_COMPLETE_FLAG) {
			if (idx) {
				if (fcs != 0xf0b8 || idx < 5) {
					r->bad++;
				} else {
					r->frames++;
					r->octets += idx - 2;
				}
			}
			idx = 0;
			fcs = 0xffff;
		} else if (res & RETURN_DISCARD_FLAG) {
			if (idx)
				r->bad++;
			idx = 0;
			fcs = 0xffff;
		} else {
			uint8_t c = (uint8_t)res;

			fcs = (uint16_t)((fcs >> 8) ^ fcstab[(fcs ^ c) & 0xff]);
			buf[idx++] = c;
			if (idx >= sizeof(buf)) {
				r->bad++;
				h.state = 0;
				h.bits = 0;
				idx = 0;
			}
		}
	}
}

/* --- libosmocore ---------------------------------------------------------- */

static void run_osmo(struct result *r)
{
	struct osmo_isdnhdlc_vars h;
	static uint8_t dst[1024];
	const uint8_t *src = msb;
	int left = (int)nbytes;

	osmo_isdnhdlc_rcv_init(&h, OSMO_HDLC_F_BITREVERSE);
	while (left > 0) {
		int count = 0;
		int res = osmo_isdnhdlc_decode(&h, src, left, &count, dst, sizeof(dst));

		src += count;
		left -= count;
		if (res > 0) {
			r->frames++;
			r->octets += (uint64_t)res;
		} else if (res < 0) {
			r->bad++;
		}
	}
}

/* --- driver --------------------------------------------------------------- */

static const char *const names[] = { "tel", "tel_ts", "tel_ref", "fasthdlc", "osmo" };
static const char *const titles[] = {
	"tel hdlc_rx_bits (octet table)",
	"tel hdlc_ts_rx (64k timeslot, queue)",
	"tel hdlc_rx_bits_ref (bit-serial)",
	"DAHDI fasthdlc.h",
	"libosmocore osmo_isdnhdlc",
};
#define NIMPL	(int)(sizeof(names) / sizeof(names[0]))

static void run(int impl, struct result *r)
{
	switch (impl) {
	case 0: run_tel(r, 0); break;
	case 1: run_tel_ts(r); break;
	case 2: run_tel(r, 1); break;
	case 3: run_fasthdlc(r); break;
	default: run_osmo(r); break;
	}
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* One pass, checked: every frame found, nothing bad. */
static void pass(int impl)
{
	struct result r = { 0, 0, 0 };

	run(impl, &r);
	if (r.frames != want_frames || r.bad || r.octets != want_octets) {
		fprintf(stderr, "bench_hdlc: %s decoded %u frames (%llu octets), %u bad; want %u (%llu)\n",
			names[impl], r.frames, (unsigned long long)r.octets, r.bad, want_frames,
			(unsigned long long)want_octets);
		exit(1);
	}
}

/* Passes of @impl that take at least 50 ms. */
static int calibrate(int impl)
{
	int reps = 1;

	for (;;) {
		double t0 = now();
		int i;

		for (i = 0; i < reps; i++)
			pass(impl);
		if (now() - t0 >= 0.05)
			return reps;
		reps *= 2;
	}
}

/*
 * Best Mbit/s of each decoder over rounds that run every decoder once, for
 * @budget seconds in all: a busy machine slows all of them alike.
 */
static void measure(double budget, double *mbps)
{
	int reps[16], i;
	double start;

	for (i = 0; i < NIMPL; i++) {
		reps[i] = calibrate(i);
		mbps[i] = 0;
	}
	start = now();
	do {
		for (i = 0; i < NIMPL; i++) {
			double t0 = now(), v;
			int k;

			for (k = 0; k < reps[i]; k++)
				pass(i);
			v = (double)nbytes * 8 * reps[i] / (now() - t0) / 1e6;
			if (v > mbps[i])
				mbps[i] = v;
		}
	} while (now() - start < budget);
}

int main(int argc, char **argv)
{
	double budget = 3, mbps[16];
	const char *one = NULL;
	int reps = 1, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--time") && i + 1 < argc)
			budget = atof(argv[++i]);
		else if (!strcmp(argv[i], "--one") && i + 1 < argc)
			one = argv[++i];
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_hdlc [--time S] [--one NAME --reps N]\n");
			return 2;
		}
	}
	for (i = 0; i < 256; i++) {
		uint16_t v = (uint16_t)i;
		int b;

		for (b = 0; b < 8; b++)
			v = (v & 1) ? (uint16_t)((v >> 1) ^ 0x8408) : (uint16_t)(v >> 1);
		fcstab[i] = v;
	}
	fasthdlc_precalc();
	make_stream();

	if (one) {
		for (i = 0; i < NIMPL && strcmp(names[i], one); i++)
			;
		if (i == NIMPL) {
			fprintf(stderr, "bench_hdlc: no decoder %s (tel, tel_ts, tel_ref, fasthdlc, osmo)\n", one);
			return 2;
		}
		while (reps-- > 0)
			pass(i);
		printf("%s: %zu line octets, %u frames, %llu data octets per pass\n", one, nbytes,
		       want_frames, (unsigned long long)want_octets);
		return 0;
	}

	printf("HDLC decode: %u random frames (3..%d octets), %zu line octets per pass, "
	       "best of interleaved runs over %.1f s\n", want_frames, MAXF, nbytes, budget);
	measure(budget, mbps);
	{
		double ref = mbps[3] > mbps[4] ? mbps[3] : mbps[4];

		printf("%-40s %10s %10s\n", "decoder", "Mbit/s", "x best ref");
		for (i = 0; i < NIMPL; i++)
			printf("%-40s %10.1f %10.2f\n", titles[i], mbps[i], mbps[i] / ref);
		printf("target: tel at least 2x the faster reference (%s): %s\n",
		       mbps[3] > mbps[4] ? "fasthdlc" : "osmo_isdnhdlc",
		       mbps[0] >= 2 * ref ? "met" : "NOT MET");
	}
	return 0;
}
