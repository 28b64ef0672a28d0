// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host<->card protocol codec (fw/proto.h): golden octets, a round trip
 * for every message type over its value ranges, and every error the decoder
 * and encoder give.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fw/proto.h"
#include "fw/span.h"

#define BODY(s, f) (FW_PROTO_HDR_LEN + offsetof(struct fw_wire_##s, f))

static const uint8_t hdlc_frame[] = { 0x00, 0x01, 0x7E, 0x7D, 0xFF, 0x08, 0x02, 0x81 };
static uint8_t big_frame[FW_PROTO_HDLC_MAX];
static uint8_t ts_data[FW_PROTO_TS_FRAMES * FW_PROTO_TS_MAX];

static const uint8_t all_types[] = {
	FW_MSG_INFO_REQ, FW_MSG_INFO, FW_MSG_ACK, FW_MSG_SPAN_CONFIG, FW_MSG_SPAN_LOOPBACK,
	FW_MSG_SPAN_STATUS_REQ, FW_MSG_SPAN_STATUS, FW_MSG_SPAN_COUNTERS_REQ, FW_MSG_SPAN_COUNTERS,
	FW_MSG_SPAN_ALARM, FW_MSG_PORT_CONFIG, FW_MSG_PORT_CONTROL, FW_MSG_PORT_EVENT,
	FW_MSG_HDLC_TX, FW_MSG_HDLC_RX, FW_MSG_HDLC_READY, FW_MSG_TS_BLOCK,
};
#define NTYPES (sizeof(all_types) / sizeof(all_types[0]))

static int known_type(unsigned t)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (all_types[i] == t)
			return 1;
	return 0;
}

/* A typical message of each type, every field set to something not 0. */
static void sample(uint8_t type, struct fw_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->hdr.type = type;
	m->hdr.seq = 0xBEEF;
	m->hdr.index = (type == FW_MSG_INFO_REQ || type == FW_MSG_INFO) ? 0 : 3;
	switch (type) {
	case FW_MSG_INFO:
		m->u.info = (struct fw_msg_info){ 1, 2, 3, 4, 8, FW_PROTO_CAP_KNOWN, 0xDEADBEEF,
						  "tel card E1x4" };
		break;
	case FW_MSG_ACK:
		m->u.ack = (struct fw_msg_ack){ FW_MSG_SPAN_CONFIG, FW_PROTO_R_PROTO, FW_PROTO_EVALUE };
		break;
	case FW_MSG_SPAN_CONFIG:
		m->u.span_config = (struct fw_msg_span_config){ FW_SPAN_T1, FW_FRAMING_T1_ESF,
			FW_LINECODE_B8ZS, FW_SIG_CAS, FW_PROTO_LBO_T1_M7_5DB, FW_PROTO_CLOCK_LOOP, 2 };
		break;
	case FW_MSG_SPAN_LOOPBACK:
		m->u.loopback.mode = FW_PROTO_LB_PAYLOAD;
		break;
	case FW_MSG_SPAN_STATUS:
		m->u.status = (struct fw_msg_span_status){ FW_ALARM_RAI | FW_ALARM_LOOPBACK,
			FW_PROTO_LB_LINE, FW_PROTO_ST_CONFIGURED | FW_PROTO_ST_CLOCK_SRC, 86400 };
		break;
	case FW_MSG_SPAN_COUNTERS:
		m->u.counters = (struct fw_msg_counters){ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
							  0xFFFFFFFF };
		break;
	case FW_MSG_SPAN_ALARM:
		m->u.alarm = (struct fw_msg_alarm){ FW_ALARM_LOF | FW_ALARM_LOS, FW_ALARM_LOF,
						    0x89ABCDEF };
		break;
	case FW_MSG_PORT_CONFIG:
		m->u.port_config = (struct fw_msg_port_config){ FW_PROTO_PORT_FXO, 30, 80, 800,
								400, 200, 200, 250, 750 };
		break;
	case FW_MSG_PORT_CONTROL:
		m->u.port_control = (struct fw_msg_port_control){ FW_PROTO_OP_DIAL, 7 };
		break;
	case FW_MSG_PORT_EVENT:
		m->u.port_event = (struct fw_msg_port_event){ FW_PROTO_EV_FLASH, 420, 123456 };
		break;
	case FW_MSG_HDLC_TX:
	case FW_MSG_HDLC_RX:
		m->u.hdlc = (struct fw_msg_hdlc){ FW_PROTO_HDLC_OK, sizeof(hdlc_frame), hdlc_frame };
		break;
	case FW_MSG_HDLC_READY:
		m->u.hdlc_ready = (struct fw_msg_hdlc_ready){ 5, 0x0102 };
		break;
	case FW_MSG_TS_BLOCK:
		m->u.ts = (struct fw_msg_ts_block){ 1000, 0x00010005, 3 * FW_PROTO_TS_FRAMES, ts_data };
		break;
	}
}

static const char *ename(int rc)
{
	return fw_proto_err_name(rc);
}

#define assert_rc(got, want) do {                                                        \
		int g_ = (got), w_ = (want);                                               \
		if (g_ != w_)                                                              \
			fail_msg("got %s (%d), want %s (%d)", ename(g_), g_, ename(w_), w_); \
	} while (0)

static size_t enc(const struct fw_msg *m, uint8_t *buf)
{
	size_t n = 0;

	assert_rc(fw_proto_encode(m, buf, FW_PROTO_MAX_MSG, &n), 0);
	return n;
}

/* Decodes into a zeroed struct, so that two decodes compare with memcmp. */
static int dec(const uint8_t *buf, size_t n, struct fw_msg *m, size_t *used)
{
	memset(m, 0, sizeof(*m));
	return fw_proto_decode(buf, n, m, used);
}

static int dec_rc(const uint8_t *buf, size_t n)
{
	struct fw_msg m;
	size_t used;

	return dec(buf, n, &m, &used);
}

/* Equal in every field the message carries (data compared by content). */
static void assert_same(const struct fw_msg *a, const struct fw_msg *b)
{
	struct fw_msg x = *a, y = *b;

	assert_int_equal(x.hdr.type, y.hdr.type);
	assert_int_equal(x.hdr.flags, y.hdr.flags);
	assert_int_equal(x.hdr.seq, y.hdr.seq);
	assert_int_equal(x.hdr.index, y.hdr.index);
	x.hdr.major = y.hdr.major = x.hdr.minor = y.hdr.minor = 0;
	x.hdr.length = y.hdr.length = 0;
	if (x.hdr.type == FW_MSG_HDLC_TX || x.hdr.type == FW_MSG_HDLC_RX) {
		assert_int_equal(x.u.hdlc.len, y.u.hdlc.len);
		if (x.u.hdlc.len)
			assert_memory_equal(x.u.hdlc.data, y.u.hdlc.data, x.u.hdlc.len);
		x.u.hdlc.data = y.u.hdlc.data = NULL;
	}
	if (x.hdr.type == FW_MSG_TS_BLOCK) {
		assert_int_equal(x.u.ts.len, y.u.ts.len);
		assert_memory_equal(x.u.ts.data, y.u.ts.data, x.u.ts.len);
		x.u.ts.data = y.u.ts.data = NULL;
	}
	assert_memory_equal(&x, &y, sizeof(x));
}

/* encode -> decode -> same struct; encode again -> same octets; @body octets of body */
static void round_trip(const struct fw_msg *m, size_t body)
{
	uint8_t b1[FW_PROTO_MAX_MSG], b2[FW_PROTO_MAX_MSG];
	struct fw_msg d;
	size_t n1, n2, used = 0;

	n1 = enc(m, b1);
	assert_int_equal(n1, FW_PROTO_HDR_LEN + body);
	assert_rc(dec(b1, n1, &d, &used), 0);
	assert_int_equal(used, n1);
	assert_int_equal(d.hdr.major, FW_PROTO_MAJOR);
	assert_int_equal(d.hdr.minor, FW_PROTO_MINOR);
	assert_int_equal(d.hdr.length, body);
	assert_same(m, &d);
	n2 = enc(&d, b2);
	assert_int_equal(n2, n1);
	assert_memory_equal(b1, b2, n1);
}

static size_t body_len(const struct fw_msg *m)
{
	switch (m->hdr.type) {
	case FW_MSG_INFO: return 32;
	case FW_MSG_ACK: case FW_MSG_SPAN_LOOPBACK: case FW_MSG_PORT_CONTROL:
	case FW_MSG_HDLC_READY: return 4;
	case FW_MSG_SPAN_CONFIG: case FW_MSG_SPAN_STATUS: case FW_MSG_SPAN_ALARM:
	case FW_MSG_PORT_EVENT: return 8;
	case FW_MSG_SPAN_COUNTERS: return 52;
	case FW_MSG_PORT_CONFIG: return 20;
	case FW_MSG_HDLC_TX: case FW_MSG_HDLC_RX: return 2 + m->u.hdlc.len;
	case FW_MSG_TS_BLOCK: return 8 + m->u.ts.len;
	default: return 0;
	}
}

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(big_frame); i++)
		big_frame[i] = (uint8_t)(i * 7 + 1);
	for (size_t i = 0; i < sizeof(ts_data); i++)
		ts_data[i] = (uint8_t)(i ^ 0x55);
	return 0;
}

/* --- golden octets: the layout and byte order on the wire ---------------- */

static void test_golden_span_config(void **state)
{
	static const uint8_t want[] = {
		0x54, 0x46, 0x01, 0x00, 0x10, 0x01, 0x08, 0x00, 0x34, 0x12, 0x02, 0x00,
		0x00, 0x01, 0x01, 0x00, 0x01, 0x01, 0x01, 0x00,
	};
	struct fw_msg m = { .hdr = { .type = FW_MSG_SPAN_CONFIG, .flags = FW_PROTO_F_ACKREQ,
				     .seq = 0x1234, .index = 2 } };
	uint8_t buf[FW_PROTO_MAX_MSG];

	(void)state;
	m.u.span_config = (struct fw_msg_span_config){ FW_SPAN_E1, FW_FRAMING_E1_CRC4,
		FW_LINECODE_HDB3, FW_SIG_CCS, FW_PROTO_LBO_E1_75, FW_PROTO_CLOCK_LOOP, 1 };
	assert_int_equal(enc(&m, buf), sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
}

static void test_golden_counters(void **state)
{
	struct fw_msg m;
	uint8_t buf[FW_PROTO_MAX_MSG];

	(void)state;
	sample(FW_MSG_SPAN_COUNTERS, &m);
	m.u.counters.fas = 0x01020304;
	m.u.counters.blocks = 0xA0B0C0D0;
	assert_int_equal(enc(&m, buf), 12 + 52);
	assert_int_equal(buf[6], 52);		/* length, little-endian */
	assert_int_equal(buf[7], 0);
	assert_int_equal(buf[8], 0xEF);		/* seq 0xBEEF */
	assert_int_equal(buf[9], 0xBE);
	static const uint8_t fas[] = { 0x04, 0x03, 0x02, 0x01 };
	static const uint8_t blocks[] = { 0xD0, 0xC0, 0xB0, 0xA0 };
	static const uint8_t ses[] = { 12, 0, 0, 0 };
	assert_memory_equal(buf + 12, fas, 4);
	assert_memory_equal(buf + 12 + 44, ses, 4);
	assert_memory_equal(buf + 12 + 48, blocks, 4);
}

static void test_golden_ts_block(void **state)
{
	static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct fw_msg m = { .hdr = { .type = FW_MSG_TS_BLOCK, .index = 1 } };
	uint8_t buf[FW_PROTO_MAX_MSG];
	static const uint8_t want[] = {
		0x54, 0x46, 0x01, 0x00, 0x40, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00,
		0x78, 0x56, 0x34, 0x12, 0x00, 0x00, 0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8,
	};

	(void)state;
	m.u.ts = (struct fw_msg_ts_block){ 0x12345678, 1u << 16, 8, data };	/* TS16 alone */
	assert_int_equal(enc(&m, buf), sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
}

/* --- round trips ----------------------------------------------------------- */

static void test_round_trip_every_type(void **state)
{
	struct fw_msg m;

	(void)state;
	for (size_t i = 0; i < NTYPES; i++) {
		sample(all_types[i], &m);
		round_trip(&m, body_len(&m));
		m.hdr.flags = FW_PROTO_F_ACKREQ;
		m.hdr.seq = 0;
		round_trip(&m, body_len(&m));
		assert_non_null(fw_msg_type_name(all_types[i]));
	}
}

/* Every valid span configuration, and a few of each other enum's range. */
static void test_round_trip_span_config_all(void **state)
{
	struct fw_msg m;
	unsigned n = 0;

	(void)state;
	sample(FW_MSG_SPAN_CONFIG, &m);
	for (unsigned k = 0; k < 2; k++)
		for (unsigned f = 0; f < 4; f++)
			for (unsigned lc = 0; lc < 3; lc++)
				for (unsigned lbo = 0; lbo < 8; lbo++)
					for (unsigned s = 0; s < 2; s++) {
						int ok = (k == FW_SPAN_E1) ?
							 f <= FW_FRAMING_E1_CRC4 && lc != FW_LINECODE_B8ZS && lbo <= 1 :
							 f >= FW_FRAMING_T1_SF && lc != FW_LINECODE_HDB3;
						if (!ok)
							continue;
						m.u.span_config = (struct fw_msg_span_config){
							(uint8_t)k, (uint8_t)f, (uint8_t)lc, (uint8_t)s,
							(uint8_t)lbo, (uint8_t)(n % 2), (uint8_t)(n * 37) };
						round_trip(&m, 8);
						n++;
					}
	assert_int_equal(n, 2 * 2 * 2 * 2 + 2 * 2 * 8 * 2);	/* E1: 16, T1: 64 */
}

static void test_round_trip_ranges(void **state)
{
	static const uint16_t op_max[] = { 1, 1, 1, 0xFFFF, 0xFFFF, 9 };
	static const uint16_t ev_max[] = { 1, 0, 0xFFFF, 9, 0, 0, 1, 1 };
	struct fw_msg m;

	(void)state;
	sample(FW_MSG_PORT_CONTROL, &m);
	for (unsigned op = 0; op < FW_PROTO_OP_COUNT; op++)
		for (unsigned v = 0; v <= op_max[op]; v += op_max[op] > 9 ? 4681 : 1) {
			m.u.port_control = (struct fw_msg_port_control){ (uint8_t)op, (uint16_t)v };
			round_trip(&m, 4);
		}
	sample(FW_MSG_PORT_EVENT, &m);
	for (unsigned ev = 0; ev < FW_PROTO_EV_COUNT; ev++)
		for (unsigned v = 0; v <= ev_max[ev]; v += ev_max[ev] > 9 ? 4681 : 1) {
			m.u.port_event = (struct fw_msg_port_event){ (uint8_t)ev, (uint16_t)v, v * 3u };
			round_trip(&m, 8);
		}
	sample(FW_MSG_SPAN_LOOPBACK, &m);
	for (unsigned lb = 0; lb < FW_PROTO_LB_COUNT; lb++) {
		m.u.loopback.mode = (uint8_t)lb;
		round_trip(&m, 4);
	}
	sample(FW_MSG_SPAN_STATUS, &m);
	for (unsigned lb = 0; lb < FW_PROTO_LB_COUNT; lb++) {
		m.u.status.loopback = (uint8_t)lb;
		m.u.status.alarms = lb ? FW_PROTO_ALARM_KNOWN : FW_PROTO_ALARM_KNOWN & ~FW_ALARM_LOOPBACK;
		m.u.status.state = FW_PROTO_ST_KNOWN;
		round_trip(&m, 8);
	}
	sample(FW_MSG_ACK, &m);
	for (unsigned r = 0; r < FW_PROTO_R_COUNT; r++) {
		m.u.ack.result = (uint8_t)r;
		m.u.ack.detail = r == FW_PROTO_R_PROTO ? FW_PROTO_ERR_COUNT - 1 : 0;
		m.u.ack.req_type = (uint8_t)(0xF0 + r);	/* any type, even unknown */
		round_trip(&m, 4);
	}
	sample(FW_MSG_PORT_CONFIG, &m);
	m.u.port_config = (struct fw_msg_port_config){ FW_PROTO_PORT_FXS };	/* all defaults */
	round_trip(&m, 20);
	sample(FW_MSG_INFO, &m);
	memcpy(m.u.info.name, "0123456789ABCDEF", 17);			/* 16 characters, no padding */
	round_trip(&m, 32);
	memset(m.u.info.name, 0, sizeof(m.u.info.name));		/* no name */
	round_trip(&m, 32);
}

static void test_round_trip_hdlc_and_ts(void **state)
{
	struct fw_msg m;

	(void)state;
	for (int t = FW_MSG_HDLC_TX; t <= FW_MSG_HDLC_RX; t++) {
		sample((uint8_t)t, &m);
		for (unsigned len = 1; len <= FW_PROTO_HDLC_MAX; len += len < 8 ? 1 : 101) {
			m.u.hdlc = (struct fw_msg_hdlc){ FW_PROTO_HDLC_OK, (uint16_t)len, big_frame };
			round_trip(&m, 2 + len);
		}
		m.u.hdlc.len = FW_PROTO_HDLC_MAX;
		round_trip(&m, FW_PROTO_MAX_BODY);
	}
	sample(FW_MSG_HDLC_RX, &m);
	for (unsigned st = FW_PROTO_HDLC_BAD_FCS; st < FW_PROTO_HDLC_STATUS_COUNT; st++) {
		m.u.hdlc = (struct fw_msg_hdlc){ (uint8_t)st, 0, NULL };	/* nothing received */
		round_trip(&m, 2);
		m.u.hdlc = (struct fw_msg_hdlc){ (uint8_t)st, 3, big_frame };	/* a part */
		round_trip(&m, 5);
	}
	sample(FW_MSG_TS_BLOCK, &m);
	for (unsigned ts = 0; ts < 32; ts++) {
		m.u.ts = (struct fw_msg_ts_block){ ts, 1u << ts, FW_PROTO_TS_FRAMES, ts_data };
		round_trip(&m, 8 + 8);
	}
	m.u.ts = (struct fw_msg_ts_block){ 0xFFFFFFFF, 0xFFFFFFFF, sizeof(ts_data), ts_data };
	round_trip(&m, 8 + 256);				/* all of E1 */
	m.u.ts = (struct fw_msg_ts_block){ 7, 0x00FFFFFF, 24 * 8, ts_data };
	round_trip(&m, 8 + 192);				/* all of T1 */
}

/* The card's counters go through the protocol and come out equal. */
static void test_counters_from_span(void **state)
{
	struct fw_span_counters c, back;
	struct fw_msg m, d;
	uint8_t buf[FW_PROTO_MAX_MSG];
	size_t n, used;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / 4; i++)
		((uint32_t *)&c)[i] = 0x11111111u * (uint32_t)(i + 1) + (uint32_t)i;
	sample(FW_MSG_SPAN_COUNTERS, &m);
	fw_msg_counters_from_span(&m.u.counters, &c);
	n = enc(&m, buf);
	assert_rc(dec(buf, n, &d, &used), 0);
	memset(&back, 0, sizeof(back));
	fw_msg_counters_to_span(&back, &d.u.counters);
	assert_memory_equal(&c, &back, sizeof(c));
	assert_int_equal(buf[12 + 4 * 5], 0x66 + 5);	/* slips: the 6th member, 6th word */
}

/* --- errors ---------------------------------------------------------------- */

/* Every cut of every message: ETRUNC, and nothing consumed. */
static void test_truncated(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG];
	struct fw_msg m, d;
	size_t used;

	(void)state;
	for (size_t i = 0; i < NTYPES; i++) {
		sample(all_types[i], &m);
		size_t n = enc(&m, buf);

		for (size_t cut = 0; cut < n; cut++) {
			used = 99;
			assert_rc(dec(buf, cut, &d, &used), -FW_PROTO_ETRUNC);
			assert_int_equal(used, 0);
		}
		/* the header alone is enough to learn the size */
		if (n > FW_PROTO_HDR_LEN) {
			struct fw_msg_hdr h;

			assert_rc(fw_proto_decode_hdr(buf, FW_PROTO_HDR_LEN, &h), 0);
			assert_int_equal(FW_PROTO_HDR_LEN + h.length, n);
		}
	}
	assert_rc(dec(NULL, 0, &d, &used), -FW_PROTO_ETRUNC);
}

static void test_magic_and_version(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG];
	struct fw_msg m, d;
	size_t n, used;

	(void)state;
	sample(FW_MSG_SPAN_CONFIG, &m);
	n = enc(&m, buf);
	buf[0] ^= 0x01;
	assert_rc(dec_rc(buf, n), -FW_PROTO_EMAGIC);
	buf[0] ^= 0x01;
	buf[1] = 0x54;				/* byte-swapped magic */
	buf[0] = 0x46;
	assert_rc(dec_rc(buf, n), -FW_PROTO_EMAGIC);
	buf[0] = 0x54;
	buf[1] = 0x46;
	for (unsigned major = 0; major < 256; major++) {
		buf[2] = (uint8_t)major;
		assert_rc(dec_rc(buf, n), major == FW_PROTO_MAJOR ? 0 : -FW_PROTO_EVERSION);
	}
	buf[2] = FW_PROTO_MAJOR;
	/* another major is refused before its header is read any further */
	buf[2] = FW_PROTO_MAJOR + 1;
	buf[6] = buf[7] = 0xFF;
	buf[11] = 0xFF;
	assert_rc(dec(buf, n, &d, &used), -FW_PROTO_EVERSION);
	assert_int_equal(used, 0);
	n = enc(&m, buf);
	for (unsigned minor = 0; minor < 256; minor++) {	/* any minor of our major */
		buf[3] = (uint8_t)minor;
		assert_rc(dec(buf, n, &d, &used), 0);
		assert_int_equal(d.hdr.minor, minor);
	}
}

/* A newer minor version may append fields to a fixed body; ours may not. */
static void test_minor_tail(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG];
	struct fw_msg m, d;
	size_t n, used;

	(void)state;
	for (size_t i = 0; i < NTYPES; i++) {
		uint8_t t = all_types[i];

		sample(t, &m);
		n = enc(&m, buf);
		if (t == FW_MSG_HDLC_TX || t == FW_MSG_HDLC_RX || t == FW_MSG_TS_BLOCK)
			continue;	/* their tail is data */
		buf[n] = 0xAB;
		buf[n + 1] = 0xCD;
		buf[6] = (uint8_t)(n - FW_PROTO_HDR_LEN + 2);
		assert_rc(dec(buf, n + 2, &d, &used), -FW_PROTO_ELEN);
		assert_int_equal(used, n + 2);
		buf[3] = FW_PROTO_MINOR + 1;
		assert_rc(dec(buf, n + 2, &d, &used), 0);
		assert_int_equal(used, n + 2);
		assert_same(&m, &d);
	}
}

static void test_too_big(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG + 16];
	struct fw_msg m;

	(void)state;
	sample(FW_MSG_HDLC_RX, &m);
	m.u.hdlc = (struct fw_msg_hdlc){ FW_PROTO_HDLC_OK, FW_PROTO_HDLC_MAX, big_frame };
	size_t n = enc(&m, buf);

	assert_int_equal(n, FW_PROTO_MAX_MSG);
	buf[n] = 0x11;				/* one more octet of frame */
	buf[6] = (uint8_t)(FW_PROTO_MAX_BODY + 1);
	buf[7] = (uint8_t)((FW_PROTO_MAX_BODY + 1) >> 8);
	assert_rc(dec_rc(buf, n + 1), -FW_PROTO_ETOOBIG);
	buf[6] = buf[7] = 0xFF;			/* and before waiting for 64 KiB */
	assert_rc(dec_rc(buf, FW_PROTO_HDR_LEN), -FW_PROTO_ETOOBIG);
	/* the encoder refuses a frame longer than FW_PROTO_HDLC_MAX */
	m.u.hdlc.len = FW_PROTO_HDLC_MAX + 1;
	size_t len = 1;

	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_ELEN);
	assert_int_equal(len, 0);
}

static void test_unknown_type(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG];
	struct fw_msg m, d;
	size_t n, used, len;
	unsigned unknown = 0;

	(void)state;
	sample(FW_MSG_SPAN_ALARM, &m);
	n = enc(&m, buf);
	for (unsigned t = 0; t < 256; t++) {
		buf[4] = (uint8_t)t;
		int rc = dec(buf, n, &d, &used);

		if (known_type(t)) {
			assert_true(rc != -FW_PROTO_ETYPE);
			continue;
		}
		unknown++;
		assert_rc(rc, -FW_PROTO_ETYPE);
		assert_int_equal(used, n);	/* skippable, and answerable: */
		assert_int_equal(d.hdr.type, t);
		assert_int_equal(d.hdr.seq, 0xBEEF);
		assert_null(fw_msg_type_name(t));
		m.hdr.type = (uint8_t)t;
		assert_rc(fw_proto_encode(&m, buf + 300, 200, &len), -FW_PROTO_ETYPE);
	}
	assert_int_equal(unknown, 256 - NTYPES);
}

static void test_reserved(void **state)
{
	/* body offsets of the reserved octets, by type */
	static const struct { uint8_t type; size_t off; } res[] = {
		{ FW_MSG_INFO, BODY(info, reserved0) },
		{ FW_MSG_INFO, BODY(info, reserved1) },
		{ FW_MSG_INFO, BODY(info, reserved1) + 1 },
		{ FW_MSG_ACK, BODY(ack, reserved) },
		{ FW_MSG_SPAN_CONFIG, BODY(span_config, reserved) },
		{ FW_MSG_SPAN_LOOPBACK, BODY(loopback, reserved) },
		{ FW_MSG_SPAN_LOOPBACK, BODY(loopback, reserved) + 1 },
		{ FW_MSG_SPAN_LOOPBACK, BODY(loopback, reserved) + 2 },
		{ FW_MSG_PORT_CONFIG, BODY(port_config, reserved0) },
		{ FW_MSG_PORT_CONFIG, BODY(port_config, reserved1) },
		{ FW_MSG_PORT_CONFIG, BODY(port_config, reserved1) + 1 },
		{ FW_MSG_PORT_CONTROL, BODY(port_control, reserved) },
		{ FW_MSG_PORT_EVENT, BODY(port_event, reserved) },
		{ FW_MSG_HDLC_TX, BODY(hdlc, reserved) },
		{ FW_MSG_HDLC_RX, BODY(hdlc, reserved) },
	};
	/* unknown bits of bit fields */
	static const struct { uint8_t type; size_t off; uint8_t bit; } bits[] = {
		{ FW_MSG_INFO, BODY(info, caps), 0x80 },
		{ FW_MSG_INFO, BODY(info, caps) + 3, 0x80 },
		{ FW_MSG_SPAN_STATUS, BODY(span_status, alarms) + 1, 0x01 },
		{ FW_MSG_SPAN_STATUS, BODY(span_status, state), 0x08 },
		{ FW_MSG_SPAN_STATUS, BODY(span_status, state), 0x80 },
		{ FW_MSG_SPAN_ALARM, BODY(alarm, alarms) + 1, 0x80 },
		{ FW_MSG_SPAN_ALARM, BODY(alarm, changed) + 1, 0x01 },
	};
	uint8_t buf[FW_PROTO_MAX_MSG];
	struct fw_msg m, d;
	size_t n, used;

	(void)state;
	for (size_t i = 0; i < NTYPES; i++) {	/* the header's, in every type */
		sample(all_types[i], &m);
		n = enc(&m, buf);
		for (unsigned bit = 0x02; bit < 0x100; bit <<= 1) {
			buf[5] = (uint8_t)(FW_PROTO_F_ACKREQ | bit);
			assert_rc(dec_rc(buf, n), -FW_PROTO_ERESERVED);
		}
		buf[5] = 0;
		buf[11] = 0x40;
		assert_rc(dec_rc(buf, n), -FW_PROTO_ERESERVED);
		buf[11] = 0;
		assert_rc(dec_rc(buf, n), 0);
		m.hdr.flags = 0x04;
		assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &used), -FW_PROTO_ERESERVED);
	}
	for (size_t i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
		sample(res[i].type, &m);
		n = enc(&m, buf);
		assert_rc(dec_rc(buf, n), 0);
		buf[res[i].off] = 0x01;
		assert_rc(dec(buf, n, &d, &used), -FW_PROTO_ERESERVED);
		assert_int_equal(used, n);
	}
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		sample(bits[i].type, &m);
		n = enc(&m, buf);
		buf[bits[i].off] |= bits[i].bit;
		assert_rc(dec_rc(buf, n), -FW_PROTO_ERESERVED);
	}
	sample(FW_MSG_INFO, &m);
	m.u.info.caps |= 0x100;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &n), -FW_PROTO_ERESERVED);
	sample(FW_MSG_SPAN_ALARM, &m);
	m.u.alarm.changed = 0x8000;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &n), -FW_PROTO_ERESERVED);
}

static void test_index(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG];
	struct fw_msg m;
	size_t n;

	(void)state;
	for (int t = FW_MSG_INFO_REQ; t <= FW_MSG_INFO; t++) {	/* card-wide */
		sample((uint8_t)t, &m);
		n = enc(&m, buf);
		buf[10] = 1;
		assert_rc(dec_rc(buf, n), -FW_PROTO_EINDEX);
		m.hdr.index = 255;
		assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &n), -FW_PROTO_EINDEX);
	}
	for (size_t i = 0; i < NTYPES; i++) {	/* the others take any index */
		if (all_types[i] == FW_MSG_INFO_REQ || all_types[i] == FW_MSG_INFO)
			continue;
		sample(all_types[i], &m);
		n = enc(&m, buf);
		buf[10] = 255;
		assert_rc(dec_rc(buf, n), 0);
	}
}

/* A body one octet short or long (same minor): ELEN, for every type. */
static void test_bad_length(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG + 1] = { 0 };
	struct fw_msg m, d;
	size_t n, used;

	(void)state;
	for (size_t i = 0; i < NTYPES; i++) {
		uint8_t t = all_types[i];

		sample(t, &m);
		n = enc(&m, buf);
		if (t == FW_MSG_HDLC_TX || t == FW_MSG_HDLC_RX)
			continue;	/* their length is the frame's */
		buf[n] = 0;
		buf[6]++;
		assert_rc(dec(buf, n + 1, &d, &used), -FW_PROTO_ELEN);
		assert_int_equal(used, n + 1);
		buf[6] -= 2;
		if (n == FW_PROTO_HDR_LEN)
			continue;	/* empty body: nothing shorter */
		assert_rc(dec(buf, n - 1, &d, &used), -FW_PROTO_ELEN);
		assert_int_equal(used, n - 1);
	}
	/* HDLC: no room for status; an empty frame to send, or received "ok" */
	sample(FW_MSG_HDLC_TX, &m);
	n = enc(&m, buf);
	buf[6] = 1;
	assert_rc(dec_rc(buf, FW_PROTO_HDR_LEN + 1), -FW_PROTO_ELEN);
	buf[6] = 2;
	assert_rc(dec_rc(buf, FW_PROTO_HDR_LEN + 2), -FW_PROTO_ELEN);
	buf[4] = FW_MSG_HDLC_RX;
	assert_rc(dec_rc(buf, FW_PROTO_HDR_LEN + 2), -FW_PROTO_ELEN);
	buf[12] = FW_PROTO_HDLC_ABORT;
	assert_rc(dec_rc(buf, FW_PROTO_HDR_LEN + 2), 0);
	m.u.hdlc.len = 0;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &n), -FW_PROTO_ELEN);
	/* TS_BLOCK: data not 8 octets per timeslot of the mask */
	sample(FW_MSG_TS_BLOCK, &m);
	for (unsigned len = 0; len < 40; len++) {
		m.u.ts.len = (uint16_t)len;
		assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &n), len == 24 ? 0 : -FW_PROTO_ELEN);
		if (len == 24)
			continue;
		/* the same from the wire: a correct block with its length changed */
		m.u.ts.len = 24;
		n = enc(&m, buf);
		buf[6] = (uint8_t)(8 + len);
		assert_rc(dec_rc(buf, FW_PROTO_HDR_LEN + 8 + len), -FW_PROTO_ELEN);
	}
}

/* One bad value at a time: decoder and encoder both refuse it with EVALUE. */
struct bad {
	uint8_t type;
	size_t off;		/* octet in the message */
	uint8_t val;
	const char *what;
};

static const struct bad bads[] = {
	{ FW_MSG_ACK, BODY(ack, result), FW_PROTO_R_COUNT, "result" },
	{ FW_MSG_ACK, BODY(ack, detail), 0, "R_PROTO without error" },
	{ FW_MSG_ACK, BODY(ack, detail), FW_PROTO_ERR_COUNT, "R_PROTO unknown error" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, kind), 2, "kind" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, framing), FW_FRAMING_E1, "T1 with E1 framing" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, framing), 4, "framing" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, linecode), FW_LINECODE_HDB3, "T1 with HDB3" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, linecode), 3, "line code" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, signalling), 2, "signalling" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, lbo), 8, "T1 LBO" },
	{ FW_MSG_SPAN_CONFIG, BODY(span_config, clock), FW_PROTO_CLOCK_COUNT, "clock" },
	{ FW_MSG_SPAN_LOOPBACK, BODY(loopback, mode), FW_PROTO_LB_COUNT, "loopback" },
	{ FW_MSG_SPAN_STATUS, BODY(span_status, loopback), FW_PROTO_LB_COUNT, "status loopback" },
	{ FW_MSG_SPAN_STATUS, BODY(span_status, loopback), FW_PROTO_LB_OFF, "LOOPBACK alarm, no mode" },
	{ FW_MSG_PORT_CONFIG, BODY(port_config, kind), FW_PROTO_PORT_KIND_COUNT, "port kind" },
	{ FW_MSG_PORT_CONFIG, BODY(port_config, flash_min_ms) + 1, 0x7F, "flash min > max" },
	{ FW_MSG_PORT_CONFIG, BODY(port_config, ring_off2_ms), 0, "second cadence pair: no off" },
	{ FW_MSG_PORT_CONFIG, BODY(port_config, ring_on2_ms), 0, "second cadence pair: no on" },
	{ FW_MSG_PORT_CONTROL, BODY(port_control, op), FW_PROTO_OP_COUNT, "op" },
	{ FW_MSG_PORT_CONTROL, BODY(port_control, value), 10, "dial digit" },
	{ FW_MSG_PORT_CONTROL, BODY(port_control, value) + 1, 1, "dial digit 256+" },
	{ FW_MSG_PORT_EVENT, BODY(port_event, event), FW_PROTO_EV_COUNT, "event" },
	{ FW_MSG_HDLC_RX, BODY(hdlc, status), FW_PROTO_HDLC_STATUS_COUNT, "rx status" },
	{ FW_MSG_HDLC_TX, BODY(hdlc, status), FW_PROTO_HDLC_BAD_FCS, "tx with a receive status" },
	{ FW_MSG_TS_BLOCK, BODY(ts_block, ts_mask), 0, "no timeslots (with 24 octets)" },
	{ FW_MSG_INFO, BODY(info, name) + 3, 0x07, "control character in the name" },
	{ FW_MSG_INFO, BODY(info, name) + 14, 'x', "text after the NUL padding" },
	{ FW_MSG_INFO, BODY(info, name) + 0, 0x80, "non-ASCII name" },
};

static void test_bad_values(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG];
	struct fw_msg m, d;
	size_t n, used, len;

	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		int rc;

		sample(b->type, &m);
		n = enc(&m, buf);
		assert_rc(dec_rc(buf, n), 0);
		buf[b->off] = b->val;
		if (b->type == FW_MSG_TS_BLOCK)
			buf[b->off + 2] = 0;	/* whole mask 0 */
		rc = dec(buf, n, &d, &used);
		if (rc != -FW_PROTO_EVALUE)
			fail_msg("%s: %s", b->what, ename(rc));
		assert_int_equal(used, n);
		/* the struct with the bad value does not encode either */
		{
			struct fw_msg x = m;

			switch (b->type) {
			case FW_MSG_ACK: x.u.ack = (struct fw_msg_ack){ buf[12], buf[13], buf[14] }; break;
			case FW_MSG_SPAN_CONFIG:
				x.u.span_config = (struct fw_msg_span_config){ buf[12], buf[13], buf[14],
					buf[15], buf[16], buf[17], buf[18] };
				break;
			case FW_MSG_SPAN_LOOPBACK: x.u.loopback.mode = buf[12]; break;
			case FW_MSG_SPAN_STATUS: x.u.status.loopback = buf[14]; break;
			case FW_MSG_PORT_CONFIG:
				x.u.port_config.kind = buf[12];
				x.u.port_config.flash_min_ms = (uint16_t)(buf[16] | buf[17] << 8);
				x.u.port_config.ring_on2_ms = (uint16_t)(buf[24] | buf[25] << 8);
				x.u.port_config.ring_off2_ms = (uint16_t)(buf[26] | buf[27] << 8);
				break;
			case FW_MSG_PORT_CONTROL:
				x.u.port_control = (struct fw_msg_port_control){ buf[12],
					(uint16_t)(buf[14] | buf[15] << 8) };
				break;
			case FW_MSG_PORT_EVENT: x.u.port_event.event = buf[12]; break;
			case FW_MSG_HDLC_TX: case FW_MSG_HDLC_RX: x.u.hdlc.status = buf[12]; break;
			case FW_MSG_TS_BLOCK: x.u.ts.ts_mask = 0; break;
			case FW_MSG_INFO:
				if (b->off == BODY(info, name) + 14)
					continue;	/* a C string cannot hold text after its NUL */
				memcpy(x.u.info.name, buf + 28, 16);
				x.u.info.name[16] = 0;
				break;
			}
			rc = fw_proto_encode(&x, buf, sizeof(buf), &len);
			if (rc != -FW_PROTO_EVALUE)
				fail_msg("encode %s: %s", b->what, ename(rc));
		}
	}
	/* E1 limits that T1 does not have, and the other way round */
	sample(FW_MSG_SPAN_CONFIG, &m);
	m.u.span_config = (struct fw_msg_span_config){ FW_SPAN_E1, FW_FRAMING_E1, FW_LINECODE_HDB3,
		FW_SIG_CAS, 2, 0, 0 };
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);	/* E1 LBO 2 */
	m.u.span_config.lbo = FW_PROTO_LBO_E1_75;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), 0);
	m.u.span_config.linecode = FW_LINECODE_B8ZS;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
	m.u.span_config.linecode = FW_LINECODE_AMI;
	m.u.span_config.framing = FW_FRAMING_T1_SF;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
	/* each port event's and op's value limit */
	static const uint16_t ev_max[] = { 1, 0, 0xFFFF, 9, 0, 0, 1, 1 };
	sample(FW_MSG_PORT_EVENT, &m);
	for (unsigned ev = 0; ev < FW_PROTO_EV_COUNT; ev++) {
		if (ev_max[ev] == 0xFFFF)
			continue;
		m.u.port_event = (struct fw_msg_port_event){ (uint8_t)ev, (uint16_t)(ev_max[ev] + 1), 0 };
		assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
		m.u.port_event.value = ev_max[ev];
		n = enc(&m, buf);
		buf[BODY(port_event, value)]++;
		assert_rc(dec_rc(buf, n), -FW_PROTO_EVALUE);
	}
	static const uint16_t op_max[] = { 1, 1, 1, 0xFFFF, 0xFFFF, 9 };
	sample(FW_MSG_PORT_CONTROL, &m);
	for (unsigned op = 0; op < FW_PROTO_OP_COUNT; op++) {
		if (op_max[op] == 0xFFFF)
			continue;
		m.u.port_control = (struct fw_msg_port_control){ (uint8_t)op, (uint16_t)(op_max[op] + 1) };
		assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
	}
	/* a status with a loopback mode but no LOOPBACK alarm */
	sample(FW_MSG_SPAN_STATUS, &m);
	m.u.status.alarms &= (uint16_t)~FW_ALARM_LOOPBACK;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
	/* an OK ack with a detail; data missing */
	sample(FW_MSG_ACK, &m);
	m.u.ack.result = FW_PROTO_R_OK;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
	sample(FW_MSG_HDLC_TX, &m);
	m.u.hdlc.data = NULL;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
	sample(FW_MSG_TS_BLOCK, &m);
	m.u.ts.data = NULL;
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
	sample(FW_MSG_INFO, &m);
	memset(m.u.info.name, 'A', sizeof(m.u.info.name));	/* no NUL at all */
	assert_rc(fw_proto_encode(&m, buf, sizeof(buf), &len), -FW_PROTO_EVALUE);
}

/* Too small an output buffer: ENOSPACE, and not one octet written. */
static void test_no_space(void **state)
{
	uint8_t buf[FW_PROTO_MAX_MSG + 8];
	struct fw_msg m;
	size_t need, len;

	(void)state;
	for (size_t i = 0; i < NTYPES; i++) {
		sample(all_types[i], &m);
		need = enc(&m, buf);
		for (size_t cap = 0; cap < need; cap++) {
			memset(buf, 0xA5, sizeof(buf));
			len = 7;
			assert_rc(fw_proto_encode(&m, buf, cap, &len), -FW_PROTO_ENOSPACE);
			assert_int_equal(len, 0);
			for (size_t k = 0; k < sizeof(buf); k++)
				assert_int_equal(buf[k], 0xA5);
		}
		memset(buf, 0xA5, sizeof(buf));
		assert_rc(fw_proto_encode(&m, buf, need, &len), 0);
		assert_int_equal(len, need);
		assert_int_equal(buf[need], 0xA5);
	}
	sample(FW_MSG_INFO_REQ, &m);
	assert_rc(fw_proto_encode(&m, NULL, 100, &len), -FW_PROTO_ENOSPACE);
}

/* Messages back to back in a stream: each decode takes one; a refused body is skipped. */
static void test_stream(void **state)
{
	uint8_t buf[3 * FW_PROTO_MAX_MSG];
	struct fw_msg m, d;
	size_t n = 0, off = 0, used;
	int count = 0;

	(void)state;
	for (size_t i = 0; i < NTYPES; i++) {
		sample(all_types[i], &m);
		m.hdr.seq = (uint16_t)i;
		n += enc(&m, buf + n);
		if (i == 4)
			buf[n - 4] = 0x77;	/* SPAN_LOOPBACK's mode: a bad value */
		if (n > sizeof(buf) - FW_PROTO_MAX_MSG)
			break;
	}
	while (off < n) {
		int rc = dec(buf + off, n - off, &d, &used);

		assert_int_equal(d.hdr.seq, count);
		assert_rc(rc, count == 4 ? -FW_PROTO_EVALUE : 0);
		assert_true(used > 0);
		off += used;
		count++;
	}
	assert_int_equal(off, n);
	assert_int_equal(count, NTYPES);
}

static void test_names(void **state)
{
	(void)state;
	for (int e = 0; e < FW_PROTO_ERR_COUNT; e++) {
		const char *a = fw_proto_err_name(e);

		assert_non_null(a);
		assert_int_equal(strncmp(a, "FW_PROTO_", 9), 0);
		assert_string_equal(a, fw_proto_err_name(-e));
		assert_true(strlen(fw_proto_strerror(-e)) >= 8);
		for (int f = 0; f < e; f++) {
			assert_string_not_equal(a, fw_proto_err_name(f));
			assert_string_not_equal(fw_proto_strerror(e), fw_proto_strerror(f));
		}
	}
	assert_string_equal(fw_proto_err_name(-FW_PROTO_ETRUNC), "FW_PROTO_ETRUNC");
	assert_string_equal(fw_proto_err_name(FW_PROTO_ERR_COUNT), "FW_PROTO_E?");
	assert_string_equal(fw_proto_err_name(-1000), "FW_PROTO_E?");
	assert_string_equal(fw_proto_err_name(-2147483647 - 1), "FW_PROTO_E?");
	assert_non_null(fw_proto_strerror(12345));
	assert_string_equal(fw_msg_type_name(FW_MSG_SPAN_CONFIG), "SPAN_CONFIG");
	assert_string_equal(fw_msg_type_name(FW_MSG_TS_BLOCK), "TS_BLOCK");
	assert_null(fw_msg_type_name(0));
	assert_null(fw_msg_type_name(0x1000));
	for (size_t i = 0; i < NTYPES; i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(fw_msg_type_name(all_types[i]),
						fw_msg_type_name(all_types[j]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_span_config),
		cmocka_unit_test(test_golden_counters),
		cmocka_unit_test(test_golden_ts_block),
		cmocka_unit_test(test_round_trip_every_type),
		cmocka_unit_test(test_round_trip_span_config_all),
		cmocka_unit_test(test_round_trip_ranges),
		cmocka_unit_test(test_round_trip_hdlc_and_ts),
		cmocka_unit_test(test_counters_from_span),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_magic_and_version),
		cmocka_unit_test(test_minor_tail),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_bad_length),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_no_space),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
