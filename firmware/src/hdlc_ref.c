// SPDX-License-Identifier: GPL-2.0-only
/*
 * The HDLC decoder one bit at a time: the reference the octet-at-a-time fast
 * path of hdlc.c must equal (tests/firmware/test_hdlc_fast.c), and that fast
 * path's slow path for the octets that hold a flag, an abort or idle.
 *
 * Freestanding, like hdlc.c: no libc, no allocation, caller-owned state.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/hdlc.h>

/*
 * Where the 1s counter stops: past fifteen (idle) the exact count no longer
 * matters, and a line left idle for days must not wrap it back to a flag.
 */
#define RX_ONES_MAX	16

/*
 * How the decoder finds frame boundaries without looking ahead: every data
 * bit, and every 1 up to the fifth of a run, goes into the octet being
 * assembled as it arrives.  A sixth 1 is held back, because only the next bit
 * tells a flag (0) from an abort (1).  So when a flag is recognised, its
 * leading 0 and five 1s have already been collected: a frame of whole octets
 * then leaves exactly six bits in the shift register, and every octet stored
 * in @buf is frame data, never flag bits.
 */
#define RX_FLAG_BITS_SEEN	6

/* Counters saturate: a D-channel up for years must not wrap one to 0. */
static void stat_inc(uint32_t *c)
{
	if (*c != UINT32_MAX)
		(*c)++;
}

static void rx_start(struct hdlc_rx *rx)
{
	rx->in_frame = true;
	rx->overflow = false;
	rx->shreg = 0;
	rx->nbits = 0;
	rx->len = 0;
}

/* The octet being assembled holds its first bit lowest (shreg, nbits bits). */
static void rx_push(struct hdlc_rx *rx, unsigned int bit)
{
	rx->shreg = (uint8_t)(rx->shreg | bit << rx->nbits);
	if (++rx->nbits < 8)
		return;
	/* Past max_len the frame is only measured, never stored. */
	if (rx->len < rx->max_len)
		rx->buf[rx->len++] = rx->shreg;
	else
		rx->overflow = true;
	rx->shreg = 0;
	rx->nbits = 0;
}

/* A flag ended the frame in progress: judge it and deliver it if good. */
static void rx_close(struct hdlc_rx *rx)
{
	if (rx->overflow) {
		stat_inc(&rx->stats.too_long);
	} else if (rx->len == 0 && rx->nbits <= RX_FLAG_BITS_SEEN) {
		/*
		 * Flag after flag is fill, not a frame.  Fewer than six bits
		 * means the two flags shared their 0 (0111111011111110).
		 */
	} else if (rx->nbits != RX_FLAG_BITS_SEEN) {
		stat_inc(&rx->stats.misaligned);
	} else if (rx->len < rx->min_len) {
		stat_inc(&rx->stats.too_short);
	} else if (hdlc_fcs_update(HDLC_FCS_INIT, rx->buf, rx->len) != HDLC_FCS_GOOD) {
		stat_inc(&rx->stats.crc_errors);
	} else {
		stat_inc(&rx->stats.frames);
		rx->cb(rx->cb_ctx, rx->buf, rx->len - 2);
	}
}

void hdlc_rx_flag(struct hdlc_rx *rx)
{
	/* A flag closes the frame in progress and opens the next. */
	if (rx->in_frame)
		rx_close(rx);
	rx_start(rx);
	rx->idle = false;
	rx->ones = 0;
}

void hdlc_rx_bit(struct hdlc_rx *rx, unsigned int bit)
{
	unsigned int ones;

	if (bit) {
		if (rx->ones < RX_ONES_MAX)
			rx->ones++;
		if (rx->ones <= 5) {
			if (rx->in_frame)
				rx_push(rx, 1);
		} else if (rx->ones == 7) {
			/*
			 * Abort.  Five of its 1s are already collected; only
			 * bits before them make it a frame that was cut off.
			 */
			if (rx->in_frame && (rx->overflow || rx->len > 0 || rx->nbits > 5))
				stat_inc(&rx->stats.aborts);
			rx->in_frame = false;
		} else if (rx->ones == 15 && !rx->idle) {
			rx->idle = true;
			stat_inc(&rx->stats.idles);
		}
		return;
	}

	ones = rx->ones;
	rx->ones = 0;
	if (ones == 6) {
		hdlc_rx_flag(rx);
	} else if (ones < 5 && rx->in_frame) {
		rx_push(rx, 0);
	}
	/*
	 * ones == 5: a stuffed 0, dropped.  ones > 6: the 0 ending an abort or
	 * idle; nothing is collected until the next flag.
	 */
}

void hdlc_rx_bits_ref(struct hdlc_rx *rx, const uint8_t *p, size_t nbits)
{
	size_t i;

	if (!rx || !p)
		return;
	for (i = 0; i < nbits; i++)
		hdlc_rx_bit(rx, (p[i >> 3] >> (i & 7)) & 1u);
}
