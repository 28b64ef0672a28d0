/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between the line decoder (linecode.c) and its fast path (linecode_fast.c):
 * both work on struct fw_lc_dec as linecode.c defines its fields.
 */
#ifndef FW_LINECODE_INT_H
#define FW_LINECODE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <fw/linecode.h>
#include <fw/span.h>

/* struct fw_lc_dec.last */
enum { POL_NONE, POL_POS, POL_NEG };

/* One whole octet the general way (linecode.c); returns its 8 decoded bits. */
unsigned fw_lc_dec_octet(struct fw_lc_dec *d, unsigned p, unsigned n, struct fw_span_counters *c);

/* @noct whole octets, fast where it can, else by fw_lc_dec_octet() (linecode_fast.c). */
void fw_lc_dec_octets(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t noct,
		      uint8_t *nrz, struct fw_span_counters *c);

#endif /* FW_LINECODE_INT_H */
