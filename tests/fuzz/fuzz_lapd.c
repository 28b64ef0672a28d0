// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: LAPD frame decoding. A frame that decodes must re-encode to the
 * very same octets (decoding is canonical); anything else aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libtel/tel.h"
#include "lapd/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[LAPD_MAX_FRAME];
	struct lapd_frame f;
	enum lapd_err e;
	int n;

	e = lapd_frame_decode(data, size, &f);
	if ((unsigned)e >= LAPD_ERR_COUNT || !lapd_strerror(e))
		abort();
	if (f.info && (f.info < data || f.info + f.info_len > data + size))
		abort();
	if (e != LAPD_OK)
		return 0;

	if (!lapd_ftype_name(f.type) || f.sapi > 63 || f.tei > 127 || f.ns > 127 || f.nr > 127)
		abort();
	n = lapd_frame_encode(&f, out, sizeof(out));
	if (n < 0 || (size_t)n != size || memcmp(out, data, size) != 0)
		abort();
	/* One octet less room must be refused, never overrun. */
	if (lapd_frame_encode(&f, out, size - 1) != TEL_ENOSPC)
		abort();
	return 0;
}
