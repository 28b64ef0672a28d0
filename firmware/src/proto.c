// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host<->card protocol codec (fw/proto.h): wire octets <-> struct fw_msg.
 *
 * One table describes every message type (name, body size, whether it is
 * card-wide, and its parse/check/write functions). Decoding reads octets at
 * the offsets of the struct fw_wire_* (so the _Static_asserts of proto.h bind
 * the codec too), never past the length it was given; the same check
 * function runs on a decoded message and on one about to be encoded, so the
 * encoder writes nothing the decoder would refuse.
 *
 * Freestanding: no libc, no allocation, no globals but const tables.
 */
#include "fw/proto.h"
#include "fw/span.h"

/* proto.h restates what fw/span.h defines; they must agree. */
_Static_assert(FW_SPAN_E1 == 0 && FW_SPAN_T1 == 1, "span kinds");
_Static_assert(FW_FRAMING_E1 == 0 && FW_FRAMING_E1_CRC4 == 1 && FW_FRAMING_T1_SF == 2 &&
	       FW_FRAMING_T1_ESF == 3, "framings");
_Static_assert(FW_LINECODE_AMI == 0 && FW_LINECODE_HDB3 == 1 && FW_LINECODE_B8ZS == 2, "line codes");
_Static_assert(FW_SIG_CCS == 0 && FW_SIG_CAS == 1, "signalling");
_Static_assert((FW_ALARM_LOS | FW_ALARM_LOF | FW_ALARM_LMFA | FW_ALARM_AIS | FW_ALARM_RAI |
		FW_ALARM_MFAIS | FW_ALARM_RMAI | FW_ALARM_LOOPBACK) == FW_PROTO_ALARM_KNOWN,
	       "FW_PROTO_ALARM_KNOWN is every FW_ALARM_* bit");
#define SAME_COUNTER(f)                                                                      \
	_Static_assert(offsetof(struct fw_span_counters, f) == offsetof(struct fw_msg_counters, f) && \
		       offsetof(struct fw_wire_counters, f) == offsetof(struct fw_msg_counters, f), \
		       "counter " #f)
SAME_COUNTER(fas);
SAME_COUNTER(crc);
SAME_COUNTER(ebit);
SAME_COUNTER(bpv);
SAME_COUNTER(exz);
SAME_COUNTER(slips);
SAME_COUNTER(los_s);
SAME_COUNTER(lof_s);
SAME_COUNTER(ais_s);
SAME_COUNTER(rai_s);
SAME_COUNTER(es);
SAME_COUNTER(ses);
SAME_COUNTER(blocks);
_Static_assert(sizeof(struct fw_span_counters) == sizeof(struct fw_wire_counters) &&
	       sizeof(struct fw_msg_counters) == sizeof(struct fw_wire_counters),
	       "fw_span_counters has a member the protocol does not carry");

#define AT(s, f) offsetof(struct fw_wire_##s, f)

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static unsigned popcount32(uint32_t x)
{
	unsigned n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static int nonzero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 1;
	return 0;
}

/* --- errors and names ----------------------------------------------------- */

static const char *const err_names[FW_PROTO_ERR_COUNT] = {
	[FW_PROTO_OK] = "FW_PROTO_OK",
	[FW_PROTO_ETRUNC] = "FW_PROTO_ETRUNC",
	[FW_PROTO_EMAGIC] = "FW_PROTO_EMAGIC",
	[FW_PROTO_EVERSION] = "FW_PROTO_EVERSION",
	[FW_PROTO_ETOOBIG] = "FW_PROTO_ETOOBIG",
	[FW_PROTO_ERESERVED] = "FW_PROTO_ERESERVED",
	[FW_PROTO_ETYPE] = "FW_PROTO_ETYPE",
	[FW_PROTO_EINDEX] = "FW_PROTO_EINDEX",
	[FW_PROTO_ELEN] = "FW_PROTO_ELEN",
	[FW_PROTO_EVALUE] = "FW_PROTO_EVALUE",
	[FW_PROTO_ENOSPACE] = "FW_PROTO_ENOSPACE",
};

static const char *const err_texts[FW_PROTO_ERR_COUNT] = {
	[FW_PROTO_OK] = "no error",
	[FW_PROTO_ETRUNC] = "message truncated: fewer octets than the 12-octet header plus its "
			    "length field (read the rest of it, or the transport cut it)",
	[FW_PROTO_EMAGIC] = "not a tel card message: octets 0-1 are not the magic 'T' 'F' "
			    "(out of step with the message boundaries?)",
	[FW_PROTO_EVERSION] = "protocol major version differs: driver and firmware do not match "
			      "(update one of them)",
	[FW_PROTO_ETOOBIG] = "length field larger than any message body of this protocol version",
	[FW_PROTO_ERESERVED] = "a reserved field or bit is set (sent by a newer or broken peer)",
	[FW_PROTO_ETYPE] = "unknown message type (a newer peer's message?)",
	[FW_PROTO_EINDEX] = "a card-wide message carries a span/port index other than 0",
	[FW_PROTO_ELEN] = "body length wrong for the message type (or its data too long)",
	[FW_PROTO_EVALUE] = "a field is out of its range or does not agree with another field",
	[FW_PROTO_ENOSPACE] = "output buffer too small for the message (FW_PROTO_MAX_MSG is enough)",
};

static unsigned err_index(int err)
{
	unsigned e = err < 0 ? 0u - (unsigned)err : (unsigned)err;

	return e < FW_PROTO_ERR_COUNT ? e : FW_PROTO_ERR_COUNT;
}

const char *fw_proto_err_name(int err)
{
	unsigned e = err_index(err);

	return e < FW_PROTO_ERR_COUNT ? err_names[e] : "FW_PROTO_E?";
}

const char *fw_proto_strerror(int err)
{
	unsigned e = err_index(err);

	return e < FW_PROTO_ERR_COUNT ? err_texts[e] : "unknown protocol error code";
}

/* --- counters ------------------------------------------------------------- */

void fw_msg_counters_from_span(struct fw_msg_counters *d, const struct fw_span_counters *s)
{
	d->fas = s->fas;
	d->crc = s->crc;
	d->ebit = s->ebit;
	d->bpv = s->bpv;
	d->exz = s->exz;
	d->slips = s->slips;
	d->los_s = s->los_s;
	d->lof_s = s->lof_s;
	d->ais_s = s->ais_s;
	d->rai_s = s->rai_s;
	d->es = s->es;
	d->ses = s->ses;
	d->blocks = s->blocks;
}

void fw_msg_counters_to_span(struct fw_span_counters *d, const struct fw_msg_counters *s)
{
	d->fas = s->fas;
	d->crc = s->crc;
	d->ebit = s->ebit;
	d->bpv = s->bpv;
	d->exz = s->exz;
	d->slips = s->slips;
	d->los_s = s->los_s;
	d->lof_s = s->lof_s;
	d->ais_s = s->ais_s;
	d->rai_s = s->rai_s;
	d->es = s->es;
	d->ses = s->ses;
	d->blocks = s->blocks;
}

/* --- per message type: parse (wire -> struct, reserved checked), check
 * (ranges, on decode and encode), write (struct -> wire, body pre-zeroed) --- */

#define E(x) (-FW_PROTO_##x)

static int is_print(uint8_t c)
{
	return c >= 0x20 && c <= 0x7E;
}

/* INFO */
static int info_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	struct fw_msg_info *i = &m->u.info;
	const uint8_t *name = b + AT(info, name);
	size_t k, len;

	(void)n;
	if (b[AT(info, reserved0)] || get16(b + AT(info, reserved1)))
		return E(ERESERVED);
	i->fw_major = b[AT(info, fw_major)];
	i->fw_minor = b[AT(info, fw_minor)];
	i->fw_patch = b[AT(info, fw_patch)];
	i->spans = b[AT(info, spans)];
	i->ports = b[AT(info, ports)];
	i->caps = get32(b + AT(info, caps));
	i->build = get32(b + AT(info, build));
	for (len = 0; len < FW_PROTO_NAME_LEN && name[len]; len++)
		;
	if (nonzero(name + len, FW_PROTO_NAME_LEN - len))
		return E(EVALUE);	/* text after the NUL padding */
	for (k = 0; k <= FW_PROTO_NAME_LEN; k++)
		i->name[k] = k < len ? (char)name[k] : 0;
	return 0;
}

static int info_check(const struct fw_msg *m)
{
	const struct fw_msg_info *i = &m->u.info;
	size_t k;

	if (i->caps & ~FW_PROTO_CAP_KNOWN)
		return E(ERESERVED);
	for (k = 0; k <= FW_PROTO_NAME_LEN && i->name[k]; k++)
		if (!is_print((uint8_t)i->name[k]))
			return E(EVALUE);
	return k <= FW_PROTO_NAME_LEN ? 0 : E(EVALUE);	/* no NUL within 16 characters */
}

static void info_write(const struct fw_msg *m, uint8_t *b)
{
	const struct fw_msg_info *i = &m->u.info;
	size_t k;

	b[AT(info, fw_major)] = i->fw_major;
	b[AT(info, fw_minor)] = i->fw_minor;
	b[AT(info, fw_patch)] = i->fw_patch;
	b[AT(info, spans)] = i->spans;
	b[AT(info, ports)] = i->ports;
	put32(b + AT(info, caps), i->caps);
	put32(b + AT(info, build), i->build);
	for (k = 0; k < FW_PROTO_NAME_LEN && i->name[k]; k++)
		b[AT(info, name) + k] = (uint8_t)i->name[k];
}

/* ACK */
static int ack_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	(void)n;
	if (b[AT(ack, reserved)])
		return E(ERESERVED);
	m->u.ack.req_type = b[AT(ack, req_type)];
	m->u.ack.result = b[AT(ack, result)];
	m->u.ack.detail = b[AT(ack, detail)];
	return 0;
}

static int ack_check(const struct fw_msg *m)
{
	const struct fw_msg_ack *a = &m->u.ack;

	if (a->result >= FW_PROTO_R_COUNT)
		return E(EVALUE);
	if (a->result == FW_PROTO_R_PROTO)
		return a->detail >= 1 && a->detail < FW_PROTO_ERR_COUNT ? 0 : E(EVALUE);
	return a->detail ? E(EVALUE) : 0;
}

static void ack_write(const struct fw_msg *m, uint8_t *b)
{
	b[AT(ack, req_type)] = m->u.ack.req_type;
	b[AT(ack, result)] = m->u.ack.result;
	b[AT(ack, detail)] = m->u.ack.detail;
}

/* SPAN_CONFIG */
static int span_config_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	struct fw_msg_span_config *c = &m->u.span_config;

	(void)n;
	if (b[AT(span_config, reserved)])
		return E(ERESERVED);
	c->kind = b[AT(span_config, kind)];
	c->framing = b[AT(span_config, framing)];
	c->linecode = b[AT(span_config, linecode)];
	c->signalling = b[AT(span_config, signalling)];
	c->lbo = b[AT(span_config, lbo)];
	c->clock = b[AT(span_config, clock)];
	c->timing_prio = b[AT(span_config, timing_prio)];
	return 0;
}

static int span_config_check(const struct fw_msg *m)
{
	const struct fw_msg_span_config *c = &m->u.span_config;

	switch (c->kind) {
	case FW_SPAN_E1:
		if (c->framing != FW_FRAMING_E1 && c->framing != FW_FRAMING_E1_CRC4)
			return E(EVALUE);
		if (c->linecode != FW_LINECODE_AMI && c->linecode != FW_LINECODE_HDB3)
			return E(EVALUE);
		if (c->lbo > FW_PROTO_LBO_E1_MAX)
			return E(EVALUE);
		break;
	case FW_SPAN_T1:
		if (c->framing != FW_FRAMING_T1_SF && c->framing != FW_FRAMING_T1_ESF)
			return E(EVALUE);
		if (c->linecode != FW_LINECODE_AMI && c->linecode != FW_LINECODE_B8ZS)
			return E(EVALUE);
		if (c->lbo > FW_PROTO_LBO_T1_MAX)
			return E(EVALUE);
		break;
	default:
		return E(EVALUE);
	}
	if (c->signalling != FW_SIG_CCS && c->signalling != FW_SIG_CAS)
		return E(EVALUE);
	return c->clock < FW_PROTO_CLOCK_COUNT ? 0 : E(EVALUE);
}

static void span_config_write(const struct fw_msg *m, uint8_t *b)
{
	const struct fw_msg_span_config *c = &m->u.span_config;

	b[AT(span_config, kind)] = c->kind;
	b[AT(span_config, framing)] = c->framing;
	b[AT(span_config, linecode)] = c->linecode;
	b[AT(span_config, signalling)] = c->signalling;
	b[AT(span_config, lbo)] = c->lbo;
	b[AT(span_config, clock)] = c->clock;
	b[AT(span_config, timing_prio)] = c->timing_prio;
}

/* SPAN_LOOPBACK */
static int loopback_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	(void)n;
	if (nonzero(b + AT(loopback, reserved), sizeof(((struct fw_wire_loopback *)0)->reserved)))
		return E(ERESERVED);
	m->u.loopback.mode = b[AT(loopback, mode)];
	return 0;
}

static int loopback_check(const struct fw_msg *m)
{
	return m->u.loopback.mode < FW_PROTO_LB_COUNT ? 0 : E(EVALUE);
}

static void loopback_write(const struct fw_msg *m, uint8_t *b)
{
	b[AT(loopback, mode)] = m->u.loopback.mode;
}

/* SPAN_STATUS */
static int status_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	struct fw_msg_span_status *s = &m->u.status;

	(void)n;
	s->alarms = get16(b + AT(span_status, alarms));
	s->loopback = b[AT(span_status, loopback)];
	s->state = b[AT(span_status, state)];
	s->seconds = get32(b + AT(span_status, seconds));
	return 0;
}

static int status_check(const struct fw_msg *m)
{
	const struct fw_msg_span_status *s = &m->u.status;

	if ((s->alarms & ~FW_PROTO_ALARM_KNOWN) || (s->state & ~FW_PROTO_ST_KNOWN))
		return E(ERESERVED);
	if (s->loopback >= FW_PROTO_LB_COUNT)
		return E(EVALUE);
	/* the LOOPBACK alarm bit says whether a loopback is set: they agree */
	if (!(s->alarms & FW_ALARM_LOOPBACK) != (s->loopback == FW_PROTO_LB_OFF))
		return E(EVALUE);
	return 0;
}

static void status_write(const struct fw_msg *m, uint8_t *b)
{
	const struct fw_msg_span_status *s = &m->u.status;

	put16(b + AT(span_status, alarms), s->alarms);
	b[AT(span_status, loopback)] = s->loopback;
	b[AT(span_status, state)] = s->state;
	put32(b + AT(span_status, seconds), s->seconds);
}

/* SPAN_COUNTERS */
static int counters_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	struct fw_msg_counters *c = &m->u.counters;

	(void)n;
	c->fas = get32(b + AT(counters, fas));
	c->crc = get32(b + AT(counters, crc));
	c->ebit = get32(b + AT(counters, ebit));
	c->bpv = get32(b + AT(counters, bpv));
	c->exz = get32(b + AT(counters, exz));
	c->slips = get32(b + AT(counters, slips));
	c->los_s = get32(b + AT(counters, los_s));
	c->lof_s = get32(b + AT(counters, lof_s));
	c->ais_s = get32(b + AT(counters, ais_s));
	c->rai_s = get32(b + AT(counters, rai_s));
	c->es = get32(b + AT(counters, es));
	c->ses = get32(b + AT(counters, ses));
	c->blocks = get32(b + AT(counters, blocks));
	return 0;
}

static void counters_write(const struct fw_msg *m, uint8_t *b)
{
	const struct fw_msg_counters *c = &m->u.counters;

	put32(b + AT(counters, fas), c->fas);
	put32(b + AT(counters, crc), c->crc);
	put32(b + AT(counters, ebit), c->ebit);
	put32(b + AT(counters, bpv), c->bpv);
	put32(b + AT(counters, exz), c->exz);
	put32(b + AT(counters, slips), c->slips);
	put32(b + AT(counters, los_s), c->los_s);
	put32(b + AT(counters, lof_s), c->lof_s);
	put32(b + AT(counters, ais_s), c->ais_s);
	put32(b + AT(counters, rai_s), c->rai_s);
	put32(b + AT(counters, es), c->es);
	put32(b + AT(counters, ses), c->ses);
	put32(b + AT(counters, blocks), c->blocks);
}

/* SPAN_ALARM */
static int alarm_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	(void)n;
	m->u.alarm.alarms = get16(b + AT(alarm, alarms));
	m->u.alarm.changed = get16(b + AT(alarm, changed));
	m->u.alarm.tick = get32(b + AT(alarm, tick));
	return 0;
}

static int alarm_check(const struct fw_msg *m)
{
	return ((m->u.alarm.alarms | m->u.alarm.changed) & ~FW_PROTO_ALARM_KNOWN) ? E(ERESERVED) : 0;
}

static void alarm_write(const struct fw_msg *m, uint8_t *b)
{
	put16(b + AT(alarm, alarms), m->u.alarm.alarms);
	put16(b + AT(alarm, changed), m->u.alarm.changed);
	put32(b + AT(alarm, tick), m->u.alarm.tick);
}

/* PORT_CONFIG */
static int port_config_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	struct fw_msg_port_config *c = &m->u.port_config;

	(void)n;
	if (b[AT(port_config, reserved0)] || get16(b + AT(port_config, reserved1)))
		return E(ERESERVED);
	c->kind = b[AT(port_config, kind)];
	c->debounce_ms = get16(b + AT(port_config, debounce_ms));
	c->flash_min_ms = get16(b + AT(port_config, flash_min_ms));
	c->flash_max_ms = get16(b + AT(port_config, flash_max_ms));
	c->ring_on_ms = get16(b + AT(port_config, ring_on_ms));
	c->ring_off_ms = get16(b + AT(port_config, ring_off_ms));
	c->ring_on2_ms = get16(b + AT(port_config, ring_on2_ms));
	c->ring_off2_ms = get16(b + AT(port_config, ring_off2_ms));
	c->open_loop_ms = get16(b + AT(port_config, open_loop_ms));
	return 0;
}

static int port_config_check(const struct fw_msg *m)
{
	const struct fw_msg_port_config *c = &m->u.port_config;

	if (c->kind >= FW_PROTO_PORT_KIND_COUNT)
		return E(EVALUE);
	if (c->flash_min_ms && c->flash_max_ms && c->flash_min_ms > c->flash_max_ms)
		return E(EVALUE);
	if (!c->ring_on2_ms != !c->ring_off2_ms)	/* the second pair whole or absent */
		return E(EVALUE);
	return 0;
}

static void port_config_write(const struct fw_msg *m, uint8_t *b)
{
	const struct fw_msg_port_config *c = &m->u.port_config;

	b[AT(port_config, kind)] = c->kind;
	put16(b + AT(port_config, debounce_ms), c->debounce_ms);
	put16(b + AT(port_config, flash_min_ms), c->flash_min_ms);
	put16(b + AT(port_config, flash_max_ms), c->flash_max_ms);
	put16(b + AT(port_config, ring_on_ms), c->ring_on_ms);
	put16(b + AT(port_config, ring_off_ms), c->ring_off_ms);
	put16(b + AT(port_config, ring_on2_ms), c->ring_on2_ms);
	put16(b + AT(port_config, ring_off2_ms), c->ring_off2_ms);
	put16(b + AT(port_config, open_loop_ms), c->open_loop_ms);
}

/* PORT_CONTROL: the largest value each op takes */
static const uint16_t op_max[FW_PROTO_OP_COUNT] = {
	[FW_PROTO_OP_HOOK] = 1,
	[FW_PROTO_OP_RING] = 1,
	[FW_PROTO_OP_POLARITY] = 1,
	[FW_PROTO_OP_OPEN_LOOP] = 0xFFFF,
	[FW_PROTO_OP_FLASH] = 0xFFFF,
	[FW_PROTO_OP_DIAL] = 9,
};

static int port_control_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	(void)n;
	if (b[AT(port_control, reserved)])
		return E(ERESERVED);
	m->u.port_control.op = b[AT(port_control, op)];
	m->u.port_control.value = get16(b + AT(port_control, value));
	return 0;
}

static int port_control_check(const struct fw_msg *m)
{
	const struct fw_msg_port_control *c = &m->u.port_control;

	return c->op < FW_PROTO_OP_COUNT && c->value <= op_max[c->op] ? 0 : E(EVALUE);
}

static void port_control_write(const struct fw_msg *m, uint8_t *b)
{
	b[AT(port_control, op)] = m->u.port_control.op;
	put16(b + AT(port_control, value), m->u.port_control.value);
}

/* PORT_EVENT: the largest value each event carries */
static const uint16_t ev_max[FW_PROTO_EV_COUNT] = {
	[FW_PROTO_EV_OFF_HOOK] = 1,
	[FW_PROTO_EV_ON_HOOK] = 0,
	[FW_PROTO_EV_FLASH] = 0xFFFF,
	[FW_PROTO_EV_DIGIT] = 9,
	[FW_PROTO_EV_RING_START] = 0,
	[FW_PROTO_EV_RING_STOP] = 0,
	[FW_PROTO_EV_POLARITY] = 1,
	[FW_PROTO_EV_LOOP] = 1,
};

static int port_event_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	(void)n;
	if (b[AT(port_event, reserved)])
		return E(ERESERVED);
	m->u.port_event.event = b[AT(port_event, event)];
	m->u.port_event.value = get16(b + AT(port_event, value));
	m->u.port_event.tick = get32(b + AT(port_event, tick));
	return 0;
}

static int port_event_check(const struct fw_msg *m)
{
	const struct fw_msg_port_event *e = &m->u.port_event;

	return e->event < FW_PROTO_EV_COUNT && e->value <= ev_max[e->event] ? 0 : E(EVALUE);
}

static void port_event_write(const struct fw_msg *m, uint8_t *b)
{
	b[AT(port_event, event)] = m->u.port_event.event;
	put16(b + AT(port_event, value), m->u.port_event.value);
	put32(b + AT(port_event, tick), m->u.port_event.tick);
}

/* HDLC_TX, HDLC_RX */
static int hdlc_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	if (b[AT(hdlc, reserved)])
		return E(ERESERVED);
	m->u.hdlc.status = b[AT(hdlc, status)];
	m->u.hdlc.len = (uint16_t)(n - sizeof(struct fw_wire_hdlc));	/* n <= FW_PROTO_MAX_BODY */
	m->u.hdlc.data = b + AT(hdlc, data);
	return 0;
}

static int hdlc_check(const struct fw_msg *m)
{
	const struct fw_msg_hdlc *h = &m->u.hdlc;

	if (h->len > FW_PROTO_HDLC_MAX)
		return E(ELEN);
	if (h->status >= FW_PROTO_HDLC_STATUS_COUNT)
		return E(EVALUE);
	if (m->hdr.type == FW_MSG_HDLC_TX && h->status != FW_PROTO_HDLC_OK)
		return E(EVALUE);	/* a frame to send has no receive status */
	if (h->status == FW_PROTO_HDLC_OK && !h->len)
		return E(ELEN);		/* a good frame has at least one octet */
	if (h->len && !h->data)
		return E(EVALUE);
	return 0;
}

static size_t hdlc_len(const struct fw_msg *m)
{
	return sizeof(struct fw_wire_hdlc) + m->u.hdlc.len;
}

static void hdlc_write(const struct fw_msg *m, uint8_t *b)
{
	b[AT(hdlc, status)] = m->u.hdlc.status;
	if (m->u.hdlc.len)
		__builtin_memcpy(b + AT(hdlc, data), m->u.hdlc.data, m->u.hdlc.len);
}

/* HDLC_READY */
static int hdlc_ready_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	(void)n;
	m->u.hdlc_ready.rx_frames = get16(b + AT(hdlc_ready, rx_frames));
	m->u.hdlc_ready.tx_space = get16(b + AT(hdlc_ready, tx_space));
	return 0;
}

static void hdlc_ready_write(const struct fw_msg *m, uint8_t *b)
{
	put16(b + AT(hdlc_ready, rx_frames), m->u.hdlc_ready.rx_frames);
	put16(b + AT(hdlc_ready, tx_space), m->u.hdlc_ready.tx_space);
}

/* TS_BLOCK */
static int ts_parse(const uint8_t *b, size_t n, struct fw_msg *m)
{
	m->u.ts.tick = get32(b + AT(ts_block, tick));
	m->u.ts.ts_mask = get32(b + AT(ts_block, ts_mask));
	m->u.ts.len = (uint16_t)(n - sizeof(struct fw_wire_ts_block));	/* n <= FW_PROTO_MAX_BODY */
	m->u.ts.data = b + AT(ts_block, data);
	return 0;
}

static int ts_check(const struct fw_msg *m)
{
	const struct fw_msg_ts_block *t = &m->u.ts;

	if (!t->ts_mask)
		return E(EVALUE);	/* a block of no timeslots */
	if (t->len != FW_PROTO_TS_FRAMES * popcount32(t->ts_mask))
		return E(ELEN);
	return t->data ? 0 : E(EVALUE);
}

static size_t ts_len(const struct fw_msg *m)
{
	return sizeof(struct fw_wire_ts_block) + m->u.ts.len;
}

static void ts_write(const struct fw_msg *m, uint8_t *b)
{
	put32(b + AT(ts_block, tick), m->u.ts.tick);
	put32(b + AT(ts_block, ts_mask), m->u.ts.ts_mask);
	__builtin_memcpy(b + AT(ts_block, data), m->u.ts.data, m->u.ts.len);
}

/* --- the table ------------------------------------------------------------ */

#define D_WIDE	0x01	/* card-wide: index 0 */

struct msg_desc {
	const char *name;
	uint16_t size;		/* the fixed body, or the fixed part before the data */
	uint8_t flags;
	int (*parse)(const uint8_t *b, size_t n, struct fw_msg *m);	/* NULL: empty body */
	int (*check)(const struct fw_msg *m);				/* NULL: any value */
	void (*write)(const struct fw_msg *m, uint8_t *b);
	size_t (*var_len)(const struct fw_msg *m);			/* NULL: fixed size */
};

#define FIXED(t, nm, wire, fl, p, c, w) \
	[t] = { nm, sizeof(struct fw_wire_##wire), fl, p, c, w, NULL }
#define EMPTY(t, nm, fl) [t] = { nm, 0, fl, NULL, NULL, NULL, NULL }

static const struct msg_desc descs[FW_MSG_TS_BLOCK + 1] = {
	EMPTY(FW_MSG_INFO_REQ, "INFO_REQ", D_WIDE),
	FIXED(FW_MSG_INFO, "INFO", info, D_WIDE, info_parse, info_check, info_write),
	FIXED(FW_MSG_ACK, "ACK", ack, 0, ack_parse, ack_check, ack_write),
	FIXED(FW_MSG_SPAN_CONFIG, "SPAN_CONFIG", span_config, 0, span_config_parse,
	      span_config_check, span_config_write),
	FIXED(FW_MSG_SPAN_LOOPBACK, "SPAN_LOOPBACK", loopback, 0, loopback_parse, loopback_check,
	      loopback_write),
	EMPTY(FW_MSG_SPAN_STATUS_REQ, "SPAN_STATUS_REQ", 0),
	FIXED(FW_MSG_SPAN_STATUS, "SPAN_STATUS", span_status, 0, status_parse, status_check,
	      status_write),
	EMPTY(FW_MSG_SPAN_COUNTERS_REQ, "SPAN_COUNTERS_REQ", 0),
	FIXED(FW_MSG_SPAN_COUNTERS, "SPAN_COUNTERS", counters, 0, counters_parse, NULL,
	      counters_write),
	FIXED(FW_MSG_SPAN_ALARM, "SPAN_ALARM", alarm, 0, alarm_parse, alarm_check, alarm_write),
	FIXED(FW_MSG_PORT_CONFIG, "PORT_CONFIG", port_config, 0, port_config_parse,
	      port_config_check, port_config_write),
	FIXED(FW_MSG_PORT_CONTROL, "PORT_CONTROL", port_control, 0, port_control_parse,
	      port_control_check, port_control_write),
	FIXED(FW_MSG_PORT_EVENT, "PORT_EVENT", port_event, 0, port_event_parse, port_event_check,
	      port_event_write),
	[FW_MSG_HDLC_TX] = { "HDLC_TX", sizeof(struct fw_wire_hdlc), 0, hdlc_parse, hdlc_check,
			     hdlc_write, hdlc_len },
	[FW_MSG_HDLC_RX] = { "HDLC_RX", sizeof(struct fw_wire_hdlc), 0, hdlc_parse, hdlc_check,
			     hdlc_write, hdlc_len },
	FIXED(FW_MSG_HDLC_READY, "HDLC_READY", hdlc_ready, 0, hdlc_ready_parse, NULL,
	      hdlc_ready_write),
	[FW_MSG_TS_BLOCK] = { "TS_BLOCK", sizeof(struct fw_wire_ts_block), 0, ts_parse, ts_check,
			      ts_write, ts_len },
};

static const struct msg_desc *desc_of(unsigned type)
{
	if (type >= sizeof(descs) / sizeof(descs[0]) || !descs[type].name)
		return NULL;
	return &descs[type];
}

const char *fw_msg_type_name(unsigned type)
{
	const struct msg_desc *d = desc_of(type);

	return d ? d->name : NULL;
}

/* --- decode and encode ---------------------------------------------------- */

int fw_proto_decode_hdr(const uint8_t *buf, size_t len, struct fw_msg_hdr *hdr)
{
	if (!buf || len < FW_PROTO_HDR_LEN)
		return E(ETRUNC);
	if (get16(buf + AT(hdr, magic)) != FW_PROTO_MAGIC)
		return E(EMAGIC);
	if (buf[AT(hdr, major)] != FW_PROTO_MAJOR)
		return E(EVERSION);
	hdr->major = buf[AT(hdr, major)];
	hdr->minor = buf[AT(hdr, minor)];
	hdr->type = buf[AT(hdr, type)];
	hdr->flags = buf[AT(hdr, flags)];
	hdr->length = get16(buf + AT(hdr, length));
	hdr->seq = get16(buf + AT(hdr, seq));
	hdr->index = buf[AT(hdr, index)];
	if (hdr->length > FW_PROTO_MAX_BODY)
		return E(ETOOBIG);
	if ((hdr->flags & ~FW_PROTO_F_KNOWN) || buf[AT(hdr, reserved)])
		return E(ERESERVED);
	return 0;
}

int fw_proto_decode(const uint8_t *buf, size_t len, struct fw_msg *m, size_t *used)
{
	const struct msg_desc *d;
	const uint8_t *body;
	size_t n;
	int rc;

	*used = 0;
	rc = fw_proto_decode_hdr(buf, len, &m->hdr);
	if (rc)
		return rc;
	n = m->hdr.length;
	if (len - FW_PROTO_HDR_LEN < n)
		return E(ETRUNC);
	*used = FW_PROTO_HDR_LEN + n;
	body = buf + FW_PROTO_HDR_LEN;

	d = desc_of(m->hdr.type);
	if (!d)
		return E(ETYPE);
	if ((d->flags & D_WIDE) && m->hdr.index)
		return E(EINDEX);
	if (n < d->size)
		return E(ELEN);
	/* a fixed body may grow at its end in a newer minor version: ignore the tail */
	if (!d->var_len && n > d->size && m->hdr.minor <= FW_PROTO_MINOR)
		return E(ELEN);
	if (d->parse) {
		rc = d->parse(body, d->var_len ? n : d->size, m);
		if (rc)
			return rc;
	}
	return d->check ? d->check(m) : 0;
}

int fw_proto_encode(const struct fw_msg *m, uint8_t *buf, size_t cap, size_t *len)
{
	const struct msg_desc *d = desc_of(m->hdr.type);
	size_t n;
	int rc;

	*len = 0;
	if (!d)
		return E(ETYPE);
	if (m->hdr.flags & ~FW_PROTO_F_KNOWN)
		return E(ERESERVED);
	if ((d->flags & D_WIDE) && m->hdr.index)
		return E(EINDEX);
	if (d->check) {
		rc = d->check(m);
		if (rc)
			return rc;
	}
	n = d->var_len ? d->var_len(m) : d->size;
	if (n > FW_PROTO_MAX_BODY)
		return E(ELEN);
	if (!buf || cap < FW_PROTO_HDR_LEN + n)
		return E(ENOSPACE);

	__builtin_memset(buf, 0, FW_PROTO_HDR_LEN + n);	/* reserved fields and padding */
	put16(buf + AT(hdr, magic), FW_PROTO_MAGIC);
	buf[AT(hdr, major)] = FW_PROTO_MAJOR;
	buf[AT(hdr, minor)] = FW_PROTO_MINOR;
	buf[AT(hdr, type)] = m->hdr.type;
	buf[AT(hdr, flags)] = m->hdr.flags;
	put16(buf + AT(hdr, length), (uint16_t)n);
	put16(buf + AT(hdr, seq), m->hdr.seq);
	buf[AT(hdr, index)] = m->hdr.index;
	if (d->write)
		d->write(m, buf + FW_PROTO_HDR_LEN);
	*len = FW_PROTO_HDR_LEN + n;
	return 0;
}
