// SPDX-License-Identifier: GPL-2.0-only
/* Self-test of the host<->card protocol codec (fw/proto.h) on the card's CPU:
 * a span configuration and a counters reply round trip, a truncated message
 * and a wrong major version are refused with their own errors. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/proto.h>
#include <fw/span.h>

#include "selftest.h"

bool st_proto(struct st_fail *f)
{
	struct fw_msg m = { .hdr = { .type = FW_MSG_SPAN_CONFIG, .index = 1, .seq = 7 } }, d;
	uint8_t buf[128];
	size_t len = 0, used = 0;

	m.u.span_config.kind = FW_SPAN_E1;
	m.u.span_config.framing = FW_FRAMING_E1_CRC4;
	m.u.span_config.linecode = FW_LINECODE_HDB3;
	m.u.span_config.signalling = FW_SIG_CCS;
	m.u.span_config.timing_prio = 1;
	ST_EQ(f, fw_proto_encode(&m, buf, sizeof(buf), &len), 0, "encode SPAN_CONFIG");
	ST_EQ(f, fw_proto_decode(buf, len, &d, &used), 0, "decode SPAN_CONFIG");
	ST_EQ(f, used, len, "octets decoded");
	ST_EQ(f, d.hdr.seq, 7, "seq after the round trip");
	ST_EQ(f, d.u.span_config.framing, FW_FRAMING_E1_CRC4, "framing after the round trip");
	ST_EQ(f, d.u.span_config.timing_prio, 1, "timing priority after the round trip");
	ST_EQ(f, fw_proto_decode(buf, len - 1, &d, &used), (uint32_t)-FW_PROTO_ETRUNC,
	      "a message one octet short");

	m = (struct fw_msg){ .hdr = { .type = FW_MSG_SPAN_COUNTERS, .index = 0 } };
	m.u.counters.crc = 914;
	m.u.counters.ses = UINT32_MAX;
	ST_EQ(f, fw_proto_encode(&m, buf, sizeof(buf), &len), 0, "encode SPAN_COUNTERS");
	buf[2] ^= 0x01;		/* the major version octet */
	ST_EQ(f, fw_proto_decode(buf, len, &d, &used), (uint32_t)-FW_PROTO_EVERSION,
	      "a wrong major version");
	buf[2] ^= 0x01;
	ST_EQ(f, fw_proto_decode(buf, len, &d, &used), 0, "decode SPAN_COUNTERS");
	ST_EQ(f, d.u.counters.crc, 914, "CRC errors after the round trip");
	ST_EQ(f, d.u.counters.ses, UINT32_MAX, "SES after the round trip");
	return true;
}
