/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host<->card protocol: the messages the host (the kernel driver, or a
 * tool) and the card's firmware exchange, their layout on the wire, and a
 * codec between wire octets and C structs (firmware/src/proto.c).
 *
 * Every message is a 12-octet header followed by a body of `length` octets.
 * Every multi-octet field is little-endian, fields are at the offsets the
 * struct fw_wire_* below give (checked by _Static_assert: no padding, the
 * same on the card, the host and in the kernel). The codec never casts a
 * buffer to these structs: it reads and writes octets at their offsets, so
 * neither alignment nor the host's byte order matters.
 *
 * Versions. The magic (octets 0-1) and the major/minor version (octets 2-3)
 * stay where they are in every version. A receiver refuses a message of
 * another major version (FW_PROTO_EVERSION). A new minor version may add
 * message types (an older receiver answers FW_PROTO_ETYPE) and append fields
 * at the end of a fixed-size body (an older receiver accepts the longer body
 * and ignores the tail, only when the sender's minor is newer than its own).
 * Reserved fields and bits are sent as 0 and refused otherwise.
 *
 * Who sends what: the host sends requests and commands; the card answers
 * each command with FW_MSG_ACK (same seq) and each *_REQ with its reply
 * (same seq), and sends events on its own (seq counting up from 0, the
 * card's own sequence). The header's index names the span (0 = first) or
 * the analog port (0 = first) a message is about; card-wide messages carry
 * index 0.
 *
 * Included unchanged by the kernel driver and by tools/: fixed-width types
 * only, no libc.
 */
#ifndef FW_PROTO_H
#define FW_PROTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/stddef.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

#define FW_PROTO_MAGIC		0x4654u	/* octets 'T' 'F' */
#define FW_PROTO_MAJOR		1
#define FW_PROTO_MINOR		0

#define FW_PROTO_HDR_LEN	12
#define FW_PROTO_HDLC_MAX	512	/* octets of one D-channel frame, FCS excluded */
#define FW_PROTO_TS_FRAMES	8	/* frames in a 1 ms timeslot block (125 us each) */
#define FW_PROTO_TS_MAX		32	/* timeslots in a block (E1: 0..31, T1: 0..23) */
#define FW_PROTO_NAME_LEN	16	/* octets of the card's name in FW_MSG_INFO */
/* The largest body of any message of major version 1 (FW_MSG_HDLC_*). */
#define FW_PROTO_MAX_BODY	(2 + FW_PROTO_HDLC_MAX)
#define FW_PROTO_MAX_MSG	(FW_PROTO_HDR_LEN + FW_PROTO_MAX_BODY)

/* --- Errors of the codec ---------------------------------------------------
 * Functions return 0 or one of these negated; fw_proto_err_name() and
 * fw_proto_strerror() take either sign. */
enum fw_proto_err {
	FW_PROTO_OK,
	FW_PROTO_ETRUNC,	/* fewer octets than the header, or than header + length */
	FW_PROTO_EMAGIC,	/* octets 0-1 are not FW_PROTO_MAGIC */
	FW_PROTO_EVERSION,	/* major version is not FW_PROTO_MAJOR */
	FW_PROTO_ETOOBIG,	/* length field beyond FW_PROTO_MAX_BODY */
	FW_PROTO_ERESERVED,	/* a reserved field or bit is not 0 */
	FW_PROTO_ETYPE,		/* unknown message type */
	FW_PROTO_EINDEX,	/* a card-wide message with an index other than 0 */
	FW_PROTO_ELEN,		/* body length wrong for the type (or data too long) */
	FW_PROTO_EVALUE,	/* a field out of its range or not matching another */
	FW_PROTO_ENOSPACE,	/* encode: the output buffer is too small */
	FW_PROTO_ERR_COUNT
};

/* "FW_PROTO_ETRUNC" etc.; "FW_PROTO_E?" for a code not in the enum. */
const char *fw_proto_err_name(int err);
/* What went wrong and what to look at, in words. */
const char *fw_proto_strerror(int err);

/* --- Message types ------------------------------------------------------- */
enum fw_msg_type {
	/* card-wide (index 0) */
	FW_MSG_INFO_REQ		= 0x01,	/* host -> card: which firmware are you? */
	FW_MSG_INFO		= 0x02,	/* card -> host: reply to INFO_REQ */
	FW_MSG_ACK		= 0x03,	/* card -> host: result of a command (index of the command) */
	/* spans (index = span) */
	FW_MSG_SPAN_CONFIG	= 0x10,	/* host -> card: configure a span; ACK */
	FW_MSG_SPAN_LOOPBACK	= 0x11,	/* host -> card: set a loopback; ACK */
	FW_MSG_SPAN_STATUS_REQ	= 0x12,	/* host -> card: read alarms and state */
	FW_MSG_SPAN_STATUS	= 0x13,	/* card -> host: reply to SPAN_STATUS_REQ */
	FW_MSG_SPAN_COUNTERS_REQ = 0x14, /* host -> card: read the counters */
	FW_MSG_SPAN_COUNTERS	= 0x15,	/* card -> host: reply to SPAN_COUNTERS_REQ */
	FW_MSG_SPAN_ALARM	= 0x16,	/* card -> host event: the span's alarms changed */
	/* analog ports (index = port) */
	FW_MSG_PORT_CONFIG	= 0x20,	/* host -> card: port kind and timings; ACK */
	FW_MSG_PORT_CONTROL	= 0x21,	/* host -> card: hook, ring, polarity, dial...; ACK */
	FW_MSG_PORT_EVENT	= 0x22,	/* card -> host event: hook, flash, digit, ring... */
	/* D-channel (index = span) */
	FW_MSG_HDLC_TX		= 0x30,	/* host -> card: one frame to send */
	FW_MSG_HDLC_RX		= 0x31,	/* card -> host: one frame received, with its status */
	FW_MSG_HDLC_READY	= 0x32,	/* card -> host event: FIFO levels of the D-channel */
	/* bearer timeslots (index = span) */
	FW_MSG_TS_BLOCK		= 0x40,	/* both ways: 1 ms of timeslot octets */
};

/* "SPAN_CONFIG" etc., or NULL for a type this version does not know. */
const char *fw_msg_type_name(unsigned type);

/* --- Header --------------------------------------------------------------- */
#define FW_PROTO_F_ACKREQ	0x01u	/* answer this message with FW_MSG_ACK even if it
					 * gets none otherwise (HDLC_TX, TS_BLOCK, events) */
#define FW_PROTO_F_KNOWN	FW_PROTO_F_ACKREQ

struct fw_wire_hdr {
	uint16_t magic;		/* FW_PROTO_MAGIC */
	uint8_t major, minor;	/* the sender's protocol version */
	uint8_t type;		/* enum fw_msg_type */
	uint8_t flags;		/* FW_PROTO_F_* */
	uint16_t length;	/* octets of the body after this header */
	uint16_t seq;		/* sender's sequence number; a reply carries the request's */
	uint8_t index;		/* span or port; 0 for card-wide messages */
	uint8_t reserved;
};

/* The header as the codec gives it (host byte order). */
struct fw_msg_hdr {
	uint8_t type, flags, index;
	uint8_t major, minor;	/* decode: the sender's; encode writes ours (ignored) */
	uint16_t seq;
	uint16_t length;	/* decode: the body's; encode: set to what was written */
};

/* --- FW_MSG_INFO_REQ: empty body. FW_MSG_INFO, card -> host: --------------- */
#define FW_PROTO_CAP_E1		0x0001u	/* spans can be E1 */
#define FW_PROTO_CAP_T1		0x0002u	/* spans can be T1 */
#define FW_PROTO_CAP_FXS	0x0004u	/* has FXS ports */
#define FW_PROTO_CAP_FXO	0x0008u	/* has FXO ports */
#define FW_PROTO_CAP_CAS	0x0010u	/* CAS / robbed-bit signalling */
#define FW_PROTO_CAP_HDLC	0x0020u	/* D-channel HDLC in the firmware (HDLC_TX/RX) */
#define FW_PROTO_CAP_TS_BLOCK	0x0040u	/* bearer timeslots as TS_BLOCK messages */
#define FW_PROTO_CAP_KNOWN	0x007Fu

struct fw_wire_info {
	uint8_t fw_major, fw_minor, fw_patch;	/* firmware version (not the protocol's) */
	uint8_t reserved0;
	uint8_t spans;		/* number of E1/T1 spans */
	uint8_t ports;		/* number of analog ports */
	uint16_t reserved1;
	uint32_t caps;		/* FW_PROTO_CAP_* */
	uint32_t build;		/* build identifier (e.g. the image's CRC-32), opaque */
	uint8_t name[FW_PROTO_NAME_LEN];	/* ASCII 0x20..0x7E, NUL-padded */
};

struct fw_msg_info {
	uint8_t fw_major, fw_minor, fw_patch;
	uint8_t spans, ports;
	uint32_t caps, build;
	char name[FW_PROTO_NAME_LEN + 1];	/* NUL-terminated */
};

/* --- FW_MSG_ACK, card -> host: the result of a command. --------------------
 * Sent for SPAN_CONFIG, SPAN_LOOPBACK, PORT_CONFIG, PORT_CONTROL, for any
 * message with FW_PROTO_F_ACKREQ, and for a message the card could not
 * decode (result FW_PROTO_R_PROTO, detail = the fw_proto_err, positive;
 * seq/index of the bad message when its header could be read, else 0). */
enum fw_proto_result {
	FW_PROTO_R_OK,		/* done */
	FW_PROTO_R_PROTO,	/* the message was refused by the codec (detail) */
	FW_PROTO_R_UNSUPPORTED,	/* understood, but this card cannot (e.g. T1 on an E1 card) */
	FW_PROTO_R_INDEX,	/* no such span or port */
	FW_PROTO_R_CONFIG,	/* this combination is refused by the card */
	FW_PROTO_R_BUSY,	/* no room now (a FIFO is full): send again later */
	FW_PROTO_R_STATE,	/* not in this state (e.g. the span is not configured) */
	FW_PROTO_R_COUNT
};

struct fw_wire_ack {
	uint8_t req_type;	/* type of the message answered (any value) */
	uint8_t result;		/* enum fw_proto_result */
	uint8_t detail;		/* R_PROTO: enum fw_proto_err (1..); otherwise 0 */
	uint8_t reserved;
};

struct fw_msg_ack {
	uint8_t req_type, result, detail;
};

/* --- FW_MSG_SPAN_CONFIG, host -> card: configure a span (index). ----------
 * kind/framing/linecode/signalling take the values of fw/span.h's enums;
 * they must agree: E1 with FW_FRAMING_E1 or FW_FRAMING_E1_CRC4 (CRC-4 is the
 * framing) and AMI or HDB3; T1 with SF or ESF and AMI or B8ZS. */
enum fw_proto_lbo {		/* line build-out */
	FW_PROTO_LBO_E1_120 = 0,	/* E1: 120 ohm twisted pair (3.0 V pulses) */
	FW_PROTO_LBO_E1_75 = 1,		/* E1: 75 ohm coax (2.37 V pulses) */
	/* T1, DSX-1 cable lengths then CSU attenuation (DAHDI's lbo= numbers): */
	FW_PROTO_LBO_T1_0DB = 0,	/* 0..133 ft / 0 dB */
	FW_PROTO_LBO_T1_133FT = 1,	/* 133..266 ft */
	FW_PROTO_LBO_T1_266FT = 2,	/* 266..399 ft */
	FW_PROTO_LBO_T1_399FT = 3,	/* 399..533 ft */
	FW_PROTO_LBO_T1_533FT = 4,	/* 533..655 ft */
	FW_PROTO_LBO_T1_M7_5DB = 5,	/* -7.5 dB */
	FW_PROTO_LBO_T1_M15DB = 6,	/* -15 dB */
	FW_PROTO_LBO_T1_M22_5DB = 7,	/* -22.5 dB */
};
#define FW_PROTO_LBO_E1_MAX	1
#define FW_PROTO_LBO_T1_MAX	7

enum fw_proto_clock {		/* which clock the span transmits on */
	FW_PROTO_CLOCK_SYSTEM,	/* the card's clock (itself locked to the best timing source) */
	FW_PROTO_CLOCK_LOOP,	/* this span's own receive clock (loop timing) */
	FW_PROTO_CLOCK_COUNT
};

struct fw_wire_span_config {
	uint8_t kind;		/* enum fw_span_kind */
	uint8_t framing;	/* enum fw_framing */
	uint8_t linecode;	/* enum fw_linecode */
	uint8_t signalling;	/* enum fw_signalling */
	uint8_t lbo;		/* enum fw_proto_lbo, by kind */
	uint8_t clock;		/* enum fw_proto_clock */
	uint8_t timing_prio;	/* 0: never the card's timing source; 1 first choice, 2.. next */
	uint8_t reserved;
};

struct fw_msg_span_config {
	uint8_t kind, framing, linecode, signalling, lbo, clock, timing_prio;
};

/* --- FW_MSG_SPAN_LOOPBACK, host -> card (index = span). ------------------- */
enum fw_proto_loopback {
	FW_PROTO_LB_OFF,	/* no loopback */
	FW_PROTO_LB_LOCAL,	/* the card's transmit looped to its own receive, inside the card */
	FW_PROTO_LB_LINE,	/* network line: the received signal sent back to the line as
				 * received, before the framer (the far end sees its own bits) */
	FW_PROTO_LB_PAYLOAD,	/* network payload: the received timeslots sent back with the
				 * card's own framing (fresh FAS/CRC) */
	FW_PROTO_LB_COUNT
};

struct fw_wire_loopback {
	uint8_t mode;		/* enum fw_proto_loopback */
	uint8_t reserved[3];
};

struct fw_msg_loopback {
	uint8_t mode;
};

/* --- FW_MSG_SPAN_STATUS_REQ: empty. FW_MSG_SPAN_STATUS, card -> host: ----- */
#define FW_PROTO_ALARM_KNOWN	0x00FFu	/* the FW_ALARM_* bits of fw/span.h */

#define FW_PROTO_ST_CONFIGURED	0x01u	/* SPAN_CONFIG accepted; the span runs */
#define FW_PROTO_ST_CLOCK_SRC	0x02u	/* the card's clock is locked to this span now */
#define FW_PROTO_ST_CRC4_OFF	0x04u	/* E1 CRC-4 configured, but the far end has none:
					 * running without (G.706 4.3 interworking) */
#define FW_PROTO_ST_KNOWN	0x07u

struct fw_wire_span_status {
	uint16_t alarms;	/* FW_ALARM_* present now */
	uint8_t loopback;	/* enum fw_proto_loopback in force */
	uint8_t state;		/* FW_PROTO_ST_* */
	uint32_t seconds;	/* seconds closed into the counters since SPAN_CONFIG */
};

struct fw_msg_span_status {
	uint16_t alarms;
	uint8_t loopback, state;
	uint32_t seconds;
};

/* --- FW_MSG_SPAN_COUNTERS_REQ: empty. FW_MSG_SPAN_COUNTERS, card -> host:
 * struct fw_span_counters (fw/span.h), member for member, each a saturating
 * count since SPAN_CONFIG (never cleared by reading: take differences). */
struct fw_wire_counters {
	uint32_t fas, crc, ebit, bpv, exz, slips;	/* events */
	uint32_t los_s, lof_s, ais_s, rai_s;		/* seconds with the alarm */
	uint32_t es, ses;				/* G.826 seconds */
	uint32_t blocks;				/* blocks received */
};

struct fw_msg_counters {	/* the same members, in the same order, as fw_span_counters */
	uint32_t fas, crc, ebit, bpv, exz, slips;
	uint32_t los_s, lof_s, ais_s, rai_s;
	uint32_t es, ses;
	uint32_t blocks;
};

struct fw_span_counters;	/* fw/span.h */
void fw_msg_counters_from_span(struct fw_msg_counters *dst, const struct fw_span_counters *src);
void fw_msg_counters_to_span(struct fw_span_counters *dst, const struct fw_msg_counters *src);

/* --- FW_MSG_SPAN_ALARM, card -> host event (index = span), sent when the
 * alarms of a span change (after the framer's integration times). */
struct fw_wire_alarm {
	uint16_t alarms;	/* FW_ALARM_* present now */
	uint16_t changed;	/* FW_ALARM_* that changed since the last SPAN_ALARM */
	uint32_t tick;		/* the card's 1 ms tick at the change (wraps at 2^32 ms) */
};

struct fw_msg_alarm {
	uint16_t alarms, changed;
	uint32_t tick;
};

/* --- FW_MSG_PORT_CONFIG, host -> card (index = port). Times in ms; 0 keeps
 * the card's default for that field. ring_on2/ring_off2: a second on/off
 * pair of the cadence (e.g. UK 400/200/400/2000), 0/0 for a single pair. */
enum fw_proto_port_kind {
	FW_PROTO_PORT_FXS,	/* the port drives a telephone */
	FW_PROTO_PORT_FXO,	/* the port is a telephone to a CO line */
	FW_PROTO_PORT_KIND_COUNT
};

struct fw_wire_port_config {
	uint8_t kind;		/* enum fw_proto_port_kind */
	uint8_t reserved0;
	uint16_t debounce_ms;	/* hook/loop-current state held this long before it counts */
	uint16_t flash_min_ms;	/* FXS: on hook shorter than this is ignored (a bounce) */
	uint16_t flash_max_ms;	/* FXS: on hook longer than this is a disconnect */
	uint16_t ring_on_ms, ring_off_ms;	/* ringing cadence (FXS sends, FXO detects) */
	uint16_t ring_on2_ms, ring_off2_ms;
	uint16_t open_loop_ms;	/* FXS: default open-loop disconnect time */
	uint16_t reserved1;
};

struct fw_msg_port_config {
	uint8_t kind;
	uint16_t debounce_ms, flash_min_ms, flash_max_ms;
	uint16_t ring_on_ms, ring_off_ms, ring_on2_ms, ring_off2_ms;
	uint16_t open_loop_ms;
};

/* --- FW_MSG_PORT_CONTROL, host -> card (index = port): one action. -------- */
enum fw_proto_port_op {		/* value: */
	FW_PROTO_OP_HOOK,	/* FXO: 0 on hook, 1 off hook (seize/answer) */
	FW_PROTO_OP_RING,	/* FXS: 0 stop ringing, 1 ring with the configured cadence */
	FW_PROTO_OP_POLARITY,	/* FXS: 0 normal battery, 1 reversed (battery reversal) */
	FW_PROTO_OP_OPEN_LOOP,	/* FXS: remove battery for value ms (0: configured time) */
	FW_PROTO_OP_FLASH,	/* FXO: on hook for value ms, then off hook (0: default) */
	FW_PROTO_OP_DIAL,	/* FXO: dial the digit value 0..9 as pulses (0 = ten) */
	FW_PROTO_OP_COUNT
};

struct fw_wire_port_control {
	uint8_t op;		/* enum fw_proto_port_op */
	uint8_t reserved;
	uint16_t value;		/* by op */
};

struct fw_msg_port_control {
	uint8_t op;
	uint16_t value;
};

/* --- FW_MSG_PORT_EVENT, card -> host event (index = port). ---------------- */
enum fw_proto_port_ev {		/* value: */
	FW_PROTO_EV_OFF_HOOK,	/* FXS: loop closed (debounced); 1 if it tripped ringing, else 0 */
	FW_PROTO_EV_ON_HOOK,	/* FXS: loop open longer than flash_max (disconnect); 0 */
	FW_PROTO_EV_FLASH,	/* FXS: hook flash; value = its length in ms */
	FW_PROTO_EV_DIGIT,	/* FXS: pulse digit collected; value 0..9 */
	FW_PROTO_EV_RING_START,	/* FXO: ringing detected (by cadence); 0 */
	FW_PROTO_EV_RING_STOP,	/* FXO: ringing ended; 0 */
	FW_PROTO_EV_POLARITY,	/* FXO: line polarity now; 0 normal, 1 reversed */
	FW_PROTO_EV_LOOP,	/* FXO: loop current now; 0 gone (open loop), 1 present */
	FW_PROTO_EV_COUNT
};

struct fw_wire_port_event {
	uint8_t event;		/* enum fw_proto_port_ev */
	uint8_t reserved;
	uint16_t value;		/* by event */
	uint32_t tick;		/* the card's 1 ms tick at the event (wraps at 2^32 ms) */
};

struct fw_msg_port_event {
	uint8_t event;
	uint16_t value;
	uint32_t tick;
};

/* --- FW_MSG_HDLC_TX (host -> card) and FW_MSG_HDLC_RX (card -> host), index =
 * span: one D-channel frame, address to last information octet; the card
 * adds (TX) or checks and removes (RX) the FCS, flags and bit stuffing.
 * Body: status, reserved, then the frame (body length - 2 octets).
 * TX: status FW_PROTO_HDLC_OK, 1..FW_PROTO_HDLC_MAX octets.
 * RX: OK with 1..HDLC_MAX octets; an error status with the octets received
 * before the error (0..HDLC_MAX, possibly none) for the host's trace. */
enum fw_proto_hdlc_status {
	FW_PROTO_HDLC_OK,
	FW_PROTO_HDLC_BAD_FCS,	/* the frame check sequence did not match */
	FW_PROTO_HDLC_ABORT,	/* seven or more 1s inside the frame */
	FW_PROTO_HDLC_OVERRUN,	/* did not fit: longer than the buffer, or the FIFO was full */
	FW_PROTO_HDLC_STATUS_COUNT
};

struct fw_wire_hdlc {
	uint8_t status;		/* enum fw_proto_hdlc_status */
	uint8_t reserved;
	uint8_t data[];		/* the frame */
};

struct fw_msg_hdlc {
	uint8_t status;
	uint16_t len;
	const uint8_t *data;	/* decode: points into the decoded buffer */
};

/* --- FW_MSG_HDLC_READY, card -> host event (index = span): sent when a frame
 * enters an empty receive FIFO, and when a full transmit FIFO gets room. */
struct fw_wire_hdlc_ready {
	uint16_t rx_frames;	/* frames waiting in the receive FIFO */
	uint16_t tx_space;	/* frames the transmit FIFO can take now */
};

struct fw_msg_hdlc_ready {
	uint16_t rx_frames, tx_space;
};

/* --- FW_MSG_TS_BLOCK, both ways (index = span): 1 ms of bearer timeslots.
 * Host -> card: octets to transmit; card -> host: octets received. The
 * timeslots carried are the bits of ts_mask (bit n = timeslot n; E1 0..31,
 * T1 0..23 for channels 1..24), at least one. Data: FW_PROTO_TS_FRAMES
 * frames, each the octets of the carried timeslots in ascending order
 * (frame 0's, then frame 1's...): 8 x popcount(ts_mask) octets. */
struct fw_wire_ts_block {
	uint32_t tick;		/* the card's 1 ms tick of the block (wraps at 2^32 ms) */
	uint32_t ts_mask;
	uint8_t data[];
};

struct fw_msg_ts_block {
	uint32_t tick, ts_mask;
	uint16_t len;		/* 8 x popcount(ts_mask); decode fills it, encode checks it */
	const uint8_t *data;	/* decode: points into the decoded buffer */
};

/* --- A whole message, as the codec gives it. ------------------------------ */
struct fw_msg {
	struct fw_msg_hdr hdr;
	union {
		struct fw_msg_info info;
		struct fw_msg_ack ack;
		struct fw_msg_span_config span_config;
		struct fw_msg_loopback loopback;
		struct fw_msg_span_status status;
		struct fw_msg_counters counters;
		struct fw_msg_alarm alarm;
		struct fw_msg_port_config port_config;
		struct fw_msg_port_control port_control;
		struct fw_msg_port_event port_event;
		struct fw_msg_hdlc hdlc;		/* HDLC_TX, HDLC_RX */
		struct fw_msg_hdlc_ready hdlc_ready;
		struct fw_msg_ts_block ts;
	} u;
};

/*
 * fw_proto_decode_hdr() - read the header at @buf (@len octets available):
 * magic, version, length bound, reserved flags. Enough for a stream reader to
 * know the message's size (FW_PROTO_HDR_LEN + hdr->length) before it is all
 * there. 0 or -FW_PROTO_ETRUNC/EMAGIC/EVERSION/ETOOBIG/ERESERVED.
 */
int fw_proto_decode_hdr(const uint8_t *buf, size_t len, struct fw_msg_hdr *hdr);

/*
 * fw_proto_decode() - decode one message from @buf (@len octets; octets after
 * the message are left alone). Every field is checked; a message is accepted
 * whole or refused with the first error found. On success and on a refused
 * body, *@used is the message's size (to skip it) and m->hdr is valid (to
 * answer it); when the header is bad or the message incomplete, *@used is 0.
 * HDLC and TS data point into @buf. Returns 0 or -FW_PROTO_E*.
 */
int fw_proto_decode(const uint8_t *buf, size_t len, struct fw_msg *m, size_t *used);

/*
 * fw_proto_encode() - write @m (type, flags, seq, index of m->hdr and the
 * body) into @buf (@cap octets) with our version; *@len = octets written.
 * The same checks as the decoder: what it writes, fw_proto_decode() accepts.
 * Nothing is written past @cap. Returns 0 or -FW_PROTO_E*.
 */
int fw_proto_encode(const struct fw_msg *m, uint8_t *buf, size_t cap, size_t *len);

/* --- Layout checks -------------------------------------------------------- */
#define FW_WIRE_SIZE(s, n) _Static_assert(sizeof(struct fw_wire_##s) == (n), "fw_wire_" #s " size")
#define FW_WIRE_AT(s, f, n) \
	_Static_assert(offsetof(struct fw_wire_##s, f) == (n), "fw_wire_" #s "." #f " offset")

FW_WIRE_SIZE(hdr, FW_PROTO_HDR_LEN);
FW_WIRE_AT(hdr, magic, 0);
FW_WIRE_AT(hdr, major, 2);
FW_WIRE_AT(hdr, minor, 3);
FW_WIRE_AT(hdr, type, 4);
FW_WIRE_AT(hdr, flags, 5);
FW_WIRE_AT(hdr, length, 6);
FW_WIRE_AT(hdr, seq, 8);
FW_WIRE_AT(hdr, index, 10);
FW_WIRE_AT(hdr, reserved, 11);

FW_WIRE_SIZE(info, 32);
FW_WIRE_AT(info, fw_major, 0);
FW_WIRE_AT(info, fw_minor, 1);
FW_WIRE_AT(info, fw_patch, 2);
FW_WIRE_AT(info, reserved0, 3);
FW_WIRE_AT(info, spans, 4);
FW_WIRE_AT(info, ports, 5);
FW_WIRE_AT(info, reserved1, 6);
FW_WIRE_AT(info, caps, 8);
FW_WIRE_AT(info, build, 12);
FW_WIRE_AT(info, name, 16);

FW_WIRE_SIZE(ack, 4);
FW_WIRE_AT(ack, req_type, 0);
FW_WIRE_AT(ack, result, 1);
FW_WIRE_AT(ack, detail, 2);
FW_WIRE_AT(ack, reserved, 3);

FW_WIRE_SIZE(span_config, 8);
FW_WIRE_AT(span_config, kind, 0);
FW_WIRE_AT(span_config, framing, 1);
FW_WIRE_AT(span_config, linecode, 2);
FW_WIRE_AT(span_config, signalling, 3);
FW_WIRE_AT(span_config, lbo, 4);
FW_WIRE_AT(span_config, clock, 5);
FW_WIRE_AT(span_config, timing_prio, 6);
FW_WIRE_AT(span_config, reserved, 7);

FW_WIRE_SIZE(loopback, 4);
FW_WIRE_AT(loopback, mode, 0);
FW_WIRE_AT(loopback, reserved, 1);

FW_WIRE_SIZE(span_status, 8);
FW_WIRE_AT(span_status, alarms, 0);
FW_WIRE_AT(span_status, loopback, 2);
FW_WIRE_AT(span_status, state, 3);
FW_WIRE_AT(span_status, seconds, 4);

FW_WIRE_SIZE(counters, 52);
FW_WIRE_AT(counters, fas, 0);
FW_WIRE_AT(counters, crc, 4);
FW_WIRE_AT(counters, ebit, 8);
FW_WIRE_AT(counters, bpv, 12);
FW_WIRE_AT(counters, exz, 16);
FW_WIRE_AT(counters, slips, 20);
FW_WIRE_AT(counters, los_s, 24);
FW_WIRE_AT(counters, lof_s, 28);
FW_WIRE_AT(counters, ais_s, 32);
FW_WIRE_AT(counters, rai_s, 36);
FW_WIRE_AT(counters, es, 40);
FW_WIRE_AT(counters, ses, 44);
FW_WIRE_AT(counters, blocks, 48);

FW_WIRE_SIZE(alarm, 8);
FW_WIRE_AT(alarm, alarms, 0);
FW_WIRE_AT(alarm, changed, 2);
FW_WIRE_AT(alarm, tick, 4);

FW_WIRE_SIZE(port_config, 20);
FW_WIRE_AT(port_config, kind, 0);
FW_WIRE_AT(port_config, reserved0, 1);
FW_WIRE_AT(port_config, debounce_ms, 2);
FW_WIRE_AT(port_config, flash_min_ms, 4);
FW_WIRE_AT(port_config, flash_max_ms, 6);
FW_WIRE_AT(port_config, ring_on_ms, 8);
FW_WIRE_AT(port_config, ring_off_ms, 10);
FW_WIRE_AT(port_config, ring_on2_ms, 12);
FW_WIRE_AT(port_config, ring_off2_ms, 14);
FW_WIRE_AT(port_config, open_loop_ms, 16);
FW_WIRE_AT(port_config, reserved1, 18);

FW_WIRE_SIZE(port_control, 4);
FW_WIRE_AT(port_control, op, 0);
FW_WIRE_AT(port_control, reserved, 1);
FW_WIRE_AT(port_control, value, 2);

FW_WIRE_SIZE(port_event, 8);
FW_WIRE_AT(port_event, event, 0);
FW_WIRE_AT(port_event, reserved, 1);
FW_WIRE_AT(port_event, value, 2);
FW_WIRE_AT(port_event, tick, 4);

FW_WIRE_SIZE(hdlc, 2);
FW_WIRE_AT(hdlc, status, 0);
FW_WIRE_AT(hdlc, reserved, 1);
FW_WIRE_AT(hdlc, data, 2);

FW_WIRE_SIZE(hdlc_ready, 4);
FW_WIRE_AT(hdlc_ready, rx_frames, 0);
FW_WIRE_AT(hdlc_ready, tx_space, 2);

FW_WIRE_SIZE(ts_block, 8);
FW_WIRE_AT(ts_block, tick, 0);
FW_WIRE_AT(ts_block, ts_mask, 4);
FW_WIRE_AT(ts_block, data, 8);

#endif /* FW_PROTO_H */
