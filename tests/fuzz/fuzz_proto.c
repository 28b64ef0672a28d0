// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the host<->card protocol codec (firmware/src/proto.c).
 *
 * The input is a stream of octets that should be messages; each is decoded
 * in turn (as a driver reading a mailbox would, skipping a refused message
 * by the size its header gives, stopping when no size is known). Checks:
 *  - decoding never reads past the input (ASan: the input is an exact-size
 *    heap copy) and returns 0 or a known -FW_PROTO_E*;
 *  - *used is 0 or exactly header + length, never past the input;
 *  - a decoded message encodes; in our own minor version the octets come
 *    back identical (every field is carried, reserved ones are 0); the
 *    encoded octets decode to the same message and encode the same again.
 * Any failure calls abort() so libFuzzer (or tests/fuzz/replay.c) reports it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fw/proto.h>

static int decode_zeroed(const uint8_t *p, size_t n, struct fw_msg *m, size_t *used)
{
	memset(m, 0, sizeof(*m));
	return fw_proto_decode(p, n, m, used);
}

/* Same message: header fields, body fields, data by content. */
static int same(const struct fw_msg *a, const struct fw_msg *b)
{
	struct fw_msg x = *a, y = *b;

	x.hdr.major = y.hdr.major = x.hdr.minor = y.hdr.minor = 0;
	x.hdr.length = y.hdr.length = 0;
	if (x.hdr.type == FW_MSG_HDLC_TX || x.hdr.type == FW_MSG_HDLC_RX) {
		if (x.u.hdlc.len != y.u.hdlc.len ||
		    (x.u.hdlc.len && memcmp(x.u.hdlc.data, y.u.hdlc.data, x.u.hdlc.len)))
			return 0;
		x.u.hdlc.data = y.u.hdlc.data = NULL;
	}
	if (x.hdr.type == FW_MSG_TS_BLOCK) {
		if (x.u.ts.len != y.u.ts.len || memcmp(x.u.ts.data, y.u.ts.data, x.u.ts.len))
			return 0;
		x.u.ts.data = y.u.ts.data = NULL;
	}
	return !memcmp(&x, &y, sizeof(x));
}

static void check_one(const uint8_t *p, size_t n, size_t *used)
{
	struct fw_msg m, m2;
	struct fw_msg_hdr h;
	uint8_t out[FW_PROTO_MAX_MSG], out2[FW_PROTO_MAX_MSG];
	size_t len = 0, len2 = 0, used2 = 0;
	int rc = decode_zeroed(p, n, &m, used);

	if (rc > 0 || rc <= -FW_PROTO_ERR_COUNT || rc == -FW_PROTO_ENOSPACE)
		abort();
	if (*used > n)
		abort();
	if (*used) {
		/* the size the header gives, and a header that decodes alone */
		if (fw_proto_decode_hdr(p, n, &h) || *used != FW_PROTO_HDR_LEN + (size_t)h.length)
			abort();
	} else if (rc == 0) {
		abort();
	}
	if (rc)
		return;

	if (fw_proto_encode(&m, out, sizeof(out), &len))
		abort();
	if (p[3] == FW_PROTO_MINOR && (len != *used || memcmp(out, p, len)))
		abort();
	if (decode_zeroed(out, len, &m2, &used2) || used2 != len || !same(&m, &m2))
		abort();
	if (fw_proto_encode(&m2, out2, sizeof(out2), &len2) || len2 != len || memcmp(out, out2, len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0, used;

	do {
		check_one(data + off, size - off, &used);
		off += used;
	} while (used && off < size);
	return 0;
}
