// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the E1 framer's receive path (firmware/src/framer_e1.c).
 *
 * Input: data[0] = options (bits 0-5: FW_E1_* options; bit 6: framed mode),
 * data[1] % 8 + 1 = n, then n chunk sizes (each % 200 + 1 bits), then the
 * payload. Raw mode: the payload is the bit stream. Framed mode: each 33
 * payload octets are one frame's 32 timeslots for the transmitter plus an
 * octet that, when not 0, flips that bit of the frame (errors reach every
 * state: alignment, CRC-4 and CAS multiframes, alarms).
 *
 * Checks: no crash or out-of-bounds access (output arrays are heap blocks of
 * exactly FW_E1_RX_FRAMES_MAX(nbits) frames, so ASan sees any overrun), no
 * call returns more frames than that, frame numbers in range, and the
 * stream fed in one call or in chunks of the given sizes ends in the same
 * frames, alarms and counters. Any failure calls abort().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fw/e1.h>

#define MAX_FRAMES 256

static void check_frames(const struct fw_e1_frame *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((f[i].crc_fn > 15 && f[i].crc_fn != FW_E1_NOT_ALIGNED) ||
		    (f[i].cas_fn > 15 && f[i].cas_fn != FW_E1_NOT_ALIGNED))
			abort();
}

static size_t rx_call(struct fw_e1 *e, const uint8_t *bits, size_t nbits, struct fw_e1_frame *log,
		      size_t nlog, size_t cap)
{
	size_t max = FW_E1_RX_FRAMES_MAX(nbits);
	struct fw_e1_frame *out = malloc(max * sizeof(*out));
	ptrdiff_t n;

	if (!out)
		abort();
	n = fw_e1_rx(e, bits, nbits, out, max);
	if (n < 0 || (size_t)n > max || nlog + (size_t)n > cap)
		abort();
	check_frames(out, (size_t)n);
	memcpy(log + nlog, out, (size_t)n * sizeof(*out));
	free(out);
	return (size_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t whole = 200;
	const uint8_t *sz = &whole, *pay;
	size_t nsz = 1, n, nbits, pos = 0, k = 0, n1, n2 = 0, i;
	unsigned opts;
	uint8_t *bits;
	struct fw_e1 r1, r2;
	struct fw_e1_frame *l1, *l2;

	if (size < 2)
		return 0;
	opts = data[0] & 0x3F;
	nsz = data[1] % 8 + 1;
	if (size < 2 + nsz)
		return 0;
	sz = data + 2;
	pay = data + 2 + nsz;
	n = size - 2 - nsz;

	if (data[0] & 0x40) {		/* framed */
		struct fw_e1 tx;
		size_t nf = n / 33;

		if (nf > MAX_FRAMES - 1)
			nf = MAX_FRAMES - 1;
		bits = malloc(nf * FW_E1_TIMESLOTS + 1);
		if (!bits)
			abort();
		fw_e1_init(&tx, opts);
		for (i = 0; i < nf; i++) {
			uint8_t *f = bits + i * FW_E1_TIMESLOTS, e = pay[i * 33 + 32];

			fw_e1_tx_set_abcd(&tx, 1 + i % 31, pay[i * 33 + 1]);
			fw_e1_tx_frame(&tx, pay + i * 33, f);
			if (e)
				f[e >> 3] ^= (uint8_t)(0x80 >> (e & 7));
		}
		nbits = nf * FW_E1_FRAME_BITS;
	} else {
		if (n > MAX_FRAMES * FW_E1_TIMESLOTS - FW_E1_TIMESLOTS)
			n = MAX_FRAMES * FW_E1_TIMESLOTS - FW_E1_TIMESLOTS;
		bits = malloc(n + 1);
		if (!bits)
			abort();
		memcpy(bits, pay, n);
		nbits = n * 8;
	}
	l1 = malloc(MAX_FRAMES * sizeof(*l1));
	l2 = malloc(MAX_FRAMES * sizeof(*l2));
	if (!l1 || !l2)
		abort();

	fw_e1_init(&r1, opts);
	fw_e1_init(&r2, opts);
	n1 = rx_call(&r1, bits, nbits, l1, 0, MAX_FRAMES);
	while (pos < nbits) {
		size_t c = sz[k++ % nsz] % 200 + 1, j;
		uint8_t *tmp;

		if (c > nbits - pos)
			c = nbits - pos;
		tmp = malloc((c + 7) / 8);	/* exact: ASan sees a read past the last bit's octet */
		if (!tmp)
			abort();
		memset(tmp, 0xC3, (c + 7) / 8);
		for (j = 0; j < c; j++) {
			size_t b = pos + j;
			uint8_t m = (uint8_t)(0x80 >> (j & 7));

			if ((bits[b >> 3] << (b & 7)) & 0x80)
				tmp[j >> 3] |= m;
			else
				tmp[j >> 3] &= (uint8_t)~m;
		}
		n2 += rx_call(&r2, tmp, c, l2, n2, MAX_FRAMES);
		free(tmp);
		pos += c;
	}
	if (n1 != n2 || memcmp(l1, l2, n1 * sizeof(*l1)) || r1.alarms != r2.alarms ||
	    memcmp(&r1.cnt, &r2.cnt, sizeof(r1.cnt)))
		abort();
	/* the whole receive state too, but for stale octets past the frame in progress */
	memset(r1.rx.fb + r1.rx.fi, 0, sizeof(r1.rx.fb) - r1.rx.fi);
	memset(r2.rx.fb + r2.rx.fi, 0, sizeof(r2.rx.fb) - r2.rx.fi);
	if (memcmp(&r1.rx, &r2.rx, sizeof(r1.rx)))
		abort();
	free(l1);
	free(l2);
	free(bits);
	return 0;
}
