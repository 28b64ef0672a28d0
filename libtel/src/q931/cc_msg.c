// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, messages: building and sending (encoded on the stack,
 * copied once by lapd_dl_data_req, or in place; clearing messages in the data
 * link's reserve: cc_msg_flow_init()), the receive path (decode on the stack,
 * call reference lookup, §5.8 error handling, unknown call references);
 * RESTART / RESTART ACKNOWLEDGE on the global call reference are in
 * cc_restart.c.
 */
#include <string.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

/* ---- building ------------------------------------------------------------- */

/*
 * Messages are started with q931_msg_init_hdr(), not q931_msg_init(): no
 * clearing of the whole struct per message. So every IE set here is written
 * whole (compound literals), never field by field over old contents.
 */

/* Our messages carry flag = 1 on call references the far end allocated. */
void cc_msg_begin(const struct q931_call *c, struct q931_msg *m, uint8_t type)
{
	q931_msg_init_hdr(m, type, c->key & 0x7fff, !(c->key & CC_OURS));
}

void cc_msg_cause(const struct q931_cc *cc, struct q931_msg *m, uint8_t value)
{
	m->cause[0] = (struct q931_cause){ .location = cc->loc, .value = value };
	m->ncauses = 1;
	m->present |= Q931_BIT(Q931_I_CAUSE);
}

/* A request's UUI: 1 to send it, 0 for none (NULL and 0), or TEL_EINVAL/TEL_EUUITOOBIG. */
int cc_uui_check(const struct q931_cc *cc, const uint8_t *uui, uint16_t len)
{
	if (!uui && !len)
		return 0;
	if (!uui)
		return TEL_EINVAL;
	if (len > cc->cfg.uui_max)
		return TEL_EUUITOOBIG;
	return 1;
}

/* Channel identification, PRI coding, one B-channel by number. NI-2: always exclusive. */
void cc_msg_chan(const struct q931_cc *cc, struct q931_msg *m, unsigned int chan, bool excl)
{
	struct q931_chanid *ch = &m->chan;

	q931_chanid_clear(ch);
	ch->pri = true;
	ch->exclusive = excl || cc->cfg.variant == Q931_V_NI2;
	ch->sel = 1;
	ch->has_chans = true;
	ch->chan_type = 3;
	ch->nchans = 1;
	ch->chans[0] = (uint8_t)chan;
	m->present |= Q931_BIT(Q931_I_CHANNEL_ID);
}

/*
 * The one B-channel a received channel identification names; 0 when none is
 * named. Declared inline: the receive actions (cc_fsm.c) call it once per
 * call, and inlined (link-time optimisation) its results need not go
 * through memory.
 */
inline int cc_msg_chan_get(const struct q931_cc *cc, const struct q931_msg *m,
			   unsigned int *chan, bool *excl)
{
	const struct q931_chanid *ch = &m->chan;
	unsigned int n = 0;

	*chan = 0;
	*excl = false;
	if (!Q931_HAS(m, Q931_I_CHANNEL_ID))
		return 0;
	*excl = ch->exclusive;
	if (!ch->has_chans || ch->sel != 1)
		return 0;
	if (ch->map)
		n = ch->slotmap ? (unsigned int)__builtin_ctz(ch->slotmap) + 1 : 0;
	else if (ch->nchans)
		n = ch->chans[0];
	if (n >= 32 || !(cc->chan_valid & (1u << n)))
		return TEL_EINVAL;
	*chan = n;
	return 0;
}

/* ---- flow control --------------------------------------------------------------- */

void cc_msg_flow_init(struct q931_cc *cc)
{
	lapd_set_flow(cc->cfg.link, CC_CLEAR_RESERVE * cc->cfg.max_calls);
}

/*
 * The data link class of message @type: the call clearing messages (Q.931
 * Table 4-2, bits 8-6 010: DISCONNECT, RELEASE, RELEASE COMPLETE, and
 * RESTART, RESTART ACKNOWLEDGE) may use the reserve.
 */
static inline enum lapd_data_class msg_class(uint8_t type)
{
	return (type & 0xe0) == 0x40 ? LAPD_DATA_CLEARING : LAPD_DATA_NORMAL;
}

int cc_send(struct q931_cc *cc, const struct q931_msg *m)
{
	uint8_t buf[CC_TXBUF];
	int n = q931_encode(&cc->codec, cc->txdir, m, buf, sizeof(buf));

	if (n < 0)
		return n;
	return lapd_dl_data_req_cl(cc->cfg.link, buf, (size_t)n, msg_class(m->type));
}

/* ---- the small messages of a call: a direct encoder ------------------------------- */

/*
 * The messages a call sends most (CALL PROCEEDING, ALERTING, CONNECT, CONNECT
 * ACK, DISCONNECT, RELEASE, RELEASE COMPLETE ...) carry at most a cause, one
 * B-channel, progress #8 and user-user. cc_small_encode() writes them without
 * building a struct q931_msg, octet for octet what q931_encode() makes of
 * cc_small_msg(); anything it does not cover (an IE the message may not carry,
 * a missing mandatory IE, UUI too long or not fitting) it leaves to the codec,
 * which then also gives the error. test_cc_small.c compares the two.
 */

/* User-user: protocol discriminator and @len octets (the caller checked the limit). */
static inline uint8_t *put_uui(uint8_t *o, uint8_t pd, const uint8_t *data, uint16_t len)
{
	o[0] = Q931_IE_USER_USER;
	o[1] = (uint8_t)(len + 1);
	o[2] = pd;
	if (len)
		memcpy(o + 3, data, len);
	return o + 3 + len;
}

/* The struct q931_msg of @s: what the generic encoder gets. */
void cc_small_msg(const struct q931_cc *cc, uint16_t key, uint8_t type, const struct cc_small *s,
		  struct q931_msg *m)
{
	q931_msg_init_hdr(m, type, key & 0x7fff, !(key & CC_OURS));
	if (s->cause)
		cc_msg_cause(cc, m, s->cause);
	if (s->chan)
		cc_msg_chan(cc, m, s->chan, s->excl);
	if (s->progress8) {
		m->progress[0] = (struct q931_progress){ .location = cc->loc, .desc = 8 };
		m->nprogress = 1;
		m->present |= Q931_BIT(Q931_I_PROGRESS);
	}
	if (s->has_uui) {
		m->uui = (struct q931_uui){ .pd = s->uui_pd, .len = s->uui_len, .data = s->uui };
		m->present |= Q931_BIT(Q931_I_USER_USER);
	}
}

/* The room an encoded message of @n octets (its user-user IE holding only the
 * discriminator) leaves for user-user data, within the line's maximum. */
static uint16_t uui_room(const struct q931_cc *cc, int n)
{
	int room = n < 0 ? 0 : CC_TXBUF - n;

	if (room > cc->cfg.uui_max)
		room = cc->cfg.uui_max;
	if (room > Q931_IE_MAX - 1)	/* the IE's length octet counts the discriminator */
		room = Q931_IE_MAX - 1;
	return (uint16_t)(room < 0 ? 0 : room);
}

static uint16_t min16(uint16_t a, uint16_t b)
{
	return a < b ? a : b;
}

static int setup_by_codec(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
			  unsigned int ch, uint8_t *buf);
static int small_by_codec(const struct q931_cc *cc, uint16_t key, uint8_t type,
			  const struct cc_small *s, uint8_t *buf);

/*
 * What tel_line_caps() reports and the requests enforce: each message encoded
 * once with the longest other contents its request may give it and a UUI of
 * no octets; what is left of N201 is the room. Through the codec, whose
 * octets the direct encoders match (test_cc_small.c), so that these calls do
 * not keep the direct encoders from being inlined into the send paths.
 */
static void uui_limits_init(struct q931_cc *cc)
{
	static const uint8_t digits[CC_DIGITS_MAX] = {
		'1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1',
		'1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1',
	};
	uint8_t name[CC_NAME_MAX], buf[CC_TXBUF];
	unsigned int ch = (unsigned int)__builtin_ctz(cc->chan_valid);
	uint16_t key = 1 | CC_OURS;
	struct cc_setup_req r = {
		.called = digits, .called_len = CC_DIGITS_MAX,
		.calling = digits, .calling_len = CC_DIGITS_MAX,
		.exclusive = true, .uui = digits, .uui_len = 0,
	};
	struct cc_small s = { .chan = (uint8_t)ch, .excl = true, .has_uui = true, .uui = digits };
	uint16_t lim;

	memset(name, 'A', sizeof(name));
	if (cc_sends_display(cc)) {
		r.name = name;
		r.name_len = CC_NAME_MAX;
	}
	cc->uui_lim[CC_UUI_SETUP] = uui_room(cc, setup_by_codec(cc, key, &r, ch, buf));
	/* ALERTING, CONNECT: the channel in our first response */
	lim = uui_room(cc, small_by_codec(cc, key, Q931_ALERTING, &s, buf));
	cc->uui_lim[CC_UUI_ANSWER] = min16(lim, uui_room(cc, small_by_codec(cc, key, Q931_CONNECT,
									     &s, buf)));
	/* DISCONNECT (with progress #8 where the line plays tones), RELEASE, RELEASE COMPLETE */
	s.chan = 0;
	s.cause = 127;
	s.progress8 = cc->cfg.disc_inband && cc->cfg.side == Q931_SIDE_NETWORK;
	lim = uui_room(cc, small_by_codec(cc, key, Q931_DISCONNECT, &s, buf));
	s.progress8 = false;
	lim = min16(lim, uui_room(cc, small_by_codec(cc, key, Q931_RELEASE, &s, buf)));
	cc->uui_lim[CC_UUI_CLEAR] = min16(lim, uui_room(cc, small_by_codec(cc, key,
									    Q931_RELEASE_COMPLETE,
									    &s, buf)));
	s.cause = 0;
	cc->uui_lim[CC_UUI_INFO] = uui_room(cc, small_by_codec(cc, key, Q931_USER_INFORMATION,
								&s, buf));
}

uint16_t q931_cc_uui_max(const struct q931_cc *cc, enum cc_uui_kind k)
{
	return (unsigned int)k < CC_UUI_KINDS ? cc->uui_lim[k] : 0;
}

/*
 * Which IE sets each message type may carry in our direction: what the codec
 * checks per message (allowed and mandatory IEs, and that our cause location
 * fits its field), worked out once per line, so small_encode() tests one bit.
 */
void cc_small_init(struct q931_cc *cc)
{
	static const uint8_t ie[4] = {
		Q931_I_CAUSE, Q931_I_CHANNEL_ID, Q931_I_PROGRESS, Q931_I_USER_USER,
	};
	unsigned int type, set, i;

	for (type = 0; type < 256; type++) {
		const struct q931_msg_desc *md = q931_msg_desc_inline((uint8_t)type);
		uint16_t ok = 0;

		for (set = 0; md && cc->loc <= 15 && set < 16; set++) {
			uint32_t present = 0, mand = md->mandatory[cc->txdir == Q931_USER_TO_NET];

			for (i = 0; i < 4; i++)
				if (set & (1u << i))
					present |= Q931_BIT(ie[i]);
			if (!(present & ~md->allowed) && (mand & present) == mand)
				ok |= (uint16_t)(1u << set);
		}
		cc->small_ok[type] = ok;
	}
	uui_limits_init(cc);
}

/*
 * The header on a call reference: two octets, the flag set on the far end's
 * (the key's CC_OURS bit inverted is the flag).
 */
static inline uint8_t *put_header(uint8_t *o, uint16_t key, uint8_t type)
{
	o[0] = Q931_PD;
	o[1] = 2;
	o[2] = (uint8_t)((key >> 8) ^ 0x80);
	o[3] = (uint8_t)key;
	o[4] = type;
	return o + 5;
}

/* @s encoded into @buf (CC_TXBUF octets): the length, or 0 when it is the codec's to do. */
static inline int small_encode(const struct q931_cc *cc, uint16_t key, uint8_t type,
			       const struct cc_small *s, uint8_t *buf)
{
	unsigned int set = (s->cause ? CC_SM_CAUSE : 0) | (s->chan ? CC_SM_CHAN : 0) |
			   (s->progress8 ? CC_SM_PROG : 0) | (s->has_uui ? CC_SM_UUI : 0);
	uint8_t *o = buf;

	if (!(cc->small_ok[type] & (1u << set)) || ((s->cause | s->chan) & 0x80))
		return 0;
	if (__builtin_expect(s->has_uui, 0)) {
		size_t need = 5 + 3 + (size_t)s->uui_len + (s->cause ? 4 : 0) +
			      (s->chan ? 5 : 0) + (s->progress8 ? 4 : 0);

		if (s->uui_len > cc->codec.uui_max || s->uui_len > 254 ||
		    (s->uui_len && !s->uui) || need > CC_TXBUF)
			return 0;
	}

	o = put_header(o, key, type);
	if (s->cause) {		/* coding ITU-T, no recommendation octet, no diagnostics */
		o[0] = Q931_IE_CAUSE;
		o[1] = 2;
		o[2] = 0x80 | cc->loc;
		o[3] = 0x80 | s->cause;
		o += 4;
	}
	if (s->chan) {		/* PRI, as indicated, channel number in B-channel units */
		bool excl = s->excl || cc->cfg.variant == Q931_V_NI2;

		o[0] = Q931_IE_CHANNEL_ID;
		o[1] = 3;
		o[2] = (uint8_t)(0x80 | 0x20 | (excl ? 0x08 : 0) | 1);
		o[3] = 0x80 | 3;
		o[4] = 0x80 | s->chan;
		o += 5;
	}
	if (s->progress8) {
		o[0] = Q931_IE_PROGRESS;
		o[1] = 2;
		o[2] = 0x80 | cc->loc;
		o[3] = 0x80 | 8;
		o += 4;
	}
	if (s->has_uui)
		o = put_uui(o, s->uui_pd, s->uui, s->uui_len);
	return (int)(o - buf);
}

int cc_small_encode(const struct q931_cc *cc, uint16_t key, uint8_t type,
		    const struct cc_small *s, uint8_t *buf)
{
	return small_encode(cc, key, type, s, buf);
}

/* What the direct encoder leaves: through the codec, which also gives the error. */
static __attribute__((noinline)) int small_by_codec(const struct q931_cc *cc, uint16_t key,
						   uint8_t type, const struct cc_small *s,
						   uint8_t *buf)
{
	struct q931_msg m;

	cc_small_msg(cc, key, type, s, &m);
	return q931_encode(&cc->codec, cc->txdir, &m, buf, CC_TXBUF);
}

/* @s into @buf (CC_TXBUF octets), directly or through the codec: as q931_encode(). */
int cc_small_to_buf(const struct q931_cc *cc, uint16_t key, uint8_t type,
		    const struct cc_small *s, uint8_t *buf)
{
	int n = small_encode(cc, key, type, s, buf);

	return n ? n : small_by_codec(cc, key, type, s, buf);
}

int cc_send_small(struct q931_cc *cc, uint16_t key, uint8_t type, const struct cc_small *s)
{
	struct lapd *l = cc->cfg.link;
	uint8_t stack[CC_TXBUF], *buf;
	int n;

	/* Encode straight into the data link's send queue slot when it holds a
	 * whole CC_TXBUF (the encoders' bound); else through a copy. */
	buf = lapd_n201(l) >= CC_TXBUF ? lapd_dl_data_buf_cl(l, msg_class(type)) : stack;
	if (!buf)
		return lapd_dl_data_commit(l, 0);	/* why there is no slot */
	n = small_encode(cc, key, type, s, buf);
	if (!n)
		n = small_by_codec(cc, key, type, s, buf);
	if (n < 0)
		return n;
	if (buf != stack)
		return lapd_dl_data_commit(l, (size_t)n);
	return lapd_dl_data_req_cl(l, buf, (size_t)n, msg_class(type));
}

/*
 * The commonest small message carries at most a cause (CONNECT ACK, RELEASE,
 * RELEASE COMPLETE, most DISCONNECTs): small_encode() of { .cause = @cause }
 * without a struct to fill and take apart again. The same small_ok bit
 * decides; cause_ok() false: the general path's to do (and to refuse).
 */
static inline bool cause_ok(const struct q931_cc *cc, uint8_t type, uint8_t cause)
{
	return (cc->small_ok[type] & (cause ? 1u << CC_SM_CAUSE : 1u)) && !(cause & 0x80);
}

/* @buf: 9 octets at least; cause_ok() was true. */
static inline int put_cause_msg(const struct q931_cc *cc, uint16_t key, uint8_t type,
				uint8_t cause, uint8_t *buf)
{
	uint8_t *o = put_header(buf, key, type);

	if (!cause)
		return 5;
	o[0] = Q931_IE_CAUSE;
	o[1] = 2;
	o[2] = 0x80 | cc->loc;
	o[3] = 0x80 | cause;
	return 9;
}

int cc_cause_encode(const struct q931_cc *cc, uint16_t key, uint8_t type, uint8_t cause,
		    uint8_t *buf)
{
	return cause_ok(cc, type, cause) ? put_cause_msg(cc, key, type, cause, buf) : 0;
}

int cc_send_cause(struct q931_cc *cc, uint16_t key, uint8_t type, uint8_t cause)
{
	struct lapd *l = cc->cfg.link;
	uint8_t stack[16], *buf;
	int n;

	if (!cause_ok(cc, type, cause))
		return cc_send_small(cc, key, type, &(struct cc_small){ .cause = cause });
	/* as cc_send_small(): in place when the slot holds CC_TXBUF */
	buf = lapd_n201(l) >= CC_TXBUF ? lapd_dl_data_buf_cl(l, msg_class(type)) : stack;
	if (!buf)
		return lapd_dl_data_commit(l, 0);	/* why there is no slot */
	n = put_cause_msg(cc, key, type, cause, buf);
	if (buf != stack)
		return lapd_dl_data_commit(l, (size_t)n);
	return lapd_dl_data_req_cl(l, buf, (size_t)n, msg_class(type));
}

/* ---- SETUP: a direct encoder too ---------------------------------------------------- */

void cc_setup_msg(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		  unsigned int ch, struct q931_msg *m)
{
	q931_msg_init_hdr(m, Q931_SETUP, key & 0x7fff, !(key & CC_OURS));
	m->present |= Q931_BIT(Q931_I_BEARER_CAP);
	m->bearer = (struct q931_bearer){
		.itc = 0,		/* speech */
		.rate = 0x10,		/* 64 kbit/s circuit mode */
		.has_l1 = true,
		.l1 = cc->cfg.bchans == 30 ? 3 : 2,	/* G.711 A-law on E1, mu-law on T1 */
	};
	if (ch)
		cc_msg_chan(cc, m, ch, r->exclusive);
	if (r->called_len) {
		m->called = (struct q931_number){
			.plan = 1, .len = r->called_len, .digits = r->called };
		m->present |= Q931_BIT(Q931_I_CALLED_NUM);
	}
	if (r->calling_len) {
		m->calling = (struct q931_number){
			.plan = 1, .len = r->calling_len, .digits = r->calling };
		m->present |= Q931_BIT(Q931_I_CALLING_NUM);
	}
	if (r->name_len)
		cc_msg_name(cc, m, r->name, r->name_len);
	if (r->uui || r->uui_len) {
		m->uui = (struct q931_uui){ .pd = r->uui_pd, .len = r->uui_len, .data = r->uui };
		m->present |= Q931_BIT(Q931_I_USER_USER);
	}
}

/* @len octets of an IE's contents within its table bounds. */
static inline bool ie_len_ok(enum q931_ie_idx idx, size_t len)
{
	return len >= q931_ie_table[idx].min_len && len <= q931_ie_table[idx].max_len;
}

/* A number IE as cc_setup_msg() makes it: type unknown, ISDN plan, no octet 3a. */
static inline uint8_t *put_number(uint8_t *o, uint8_t id, const uint8_t *digits, uint8_t len)
{
	o[0] = id;
	o[1] = (uint8_t)(len + 1);
	o[2] = 0x80 | 1;
	memcpy(o + 3, digits, len);
	return o + 3 + len;
}

int cc_setup_encode(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		    unsigned int ch, uint8_t *buf)
{
	const struct q931_msg_desc *md = q931_msg_desc_inline(Q931_SETUP);
	bool ni2 = cc->cfg.variant == Q931_V_NI2;
	bool name = r->name_len != 0;
	bool uui = r->uui || r->uui_len;
	uint32_t present = Q931_BIT(Q931_I_BEARER_CAP), mand;
	size_t need = 5 + 5;
	uint8_t *o = buf;

	if (ch) {
		present |= Q931_BIT(Q931_I_CHANNEL_ID);
		need += 5;
	}
	if (name) {
		present |= Q931_BIT(Q931_I_DISPLAY);
		need += 2 + (size_t)ni2 + r->name_len;
	}
	if (r->calling_len) {
		present |= Q931_BIT(Q931_I_CALLING_NUM);
		need += 3 + (size_t)r->calling_len;
	}
	if (r->called_len) {
		present |= Q931_BIT(Q931_I_CALLED_NUM);
		need += 3 + (size_t)r->called_len;
	}
	if (uui) {
		present |= Q931_BIT(Q931_I_USER_USER);
		need += 3 + (size_t)r->uui_len;
		/* the codec's to refuse, as it would */
		if (r->uui_len > cc->codec.uui_max || r->uui_len > 254 || !r->uui)
			return 0;
	}
	if (!md || (present & ~md->allowed) || need > CC_TXBUF || ch > 0x7f)
		return 0;
	mand = md->mandatory[cc->txdir == Q931_USER_TO_NET];
	if ((mand & present) != mand ||
	    (r->calling_len && !ie_len_ok(Q931_I_CALLING_NUM, 1u + r->calling_len)) ||
	    (r->called_len && !ie_len_ok(Q931_I_CALLED_NUM, 1u + r->called_len)) ||
	    (name && !ie_len_ok(Q931_I_DISPLAY, (size_t)ni2 + r->name_len)))
		return 0;

	o = put_header(o, key, Q931_SETUP);
	/* speech, 64 kbit/s circuit mode, G.711 A-law (E1) or mu-law (T1) */
	o[0] = Q931_IE_BEARER_CAP;
	o[1] = 3;
	o[2] = 0x80;
	o[3] = 0x80 | 0x10;
	o[4] = (uint8_t)(0x80 | 0x20 | (cc->cfg.bchans == 30 ? 3 : 2));
	o += 5;
	if (ch) {		/* as cc_msg_chan(): PRI, as indicated, one B-channel */
		bool excl = r->exclusive || ni2;

		o[0] = Q931_IE_CHANNEL_ID;
		o[1] = 3;
		o[2] = (uint8_t)(0x80 | 0x20 | (excl ? 0x08 : 0) | 1);
		o[3] = 0x80 | 3;
		o[4] = (uint8_t)(0x80 | ch);
		o += 5;
	}
	if (name) {		/* NI-2: the display type first (cc_msg_name()) */
		o[0] = Q931_IE_DISPLAY;
		o[1] = (uint8_t)(ni2 + r->name_len);
		o += 2;
		if (ni2)
			*o++ = Q931_DISPLAY_CALLING_NAME;
		memcpy(o, r->name, r->name_len);
		o += r->name_len;
	}
	if (r->calling_len)
		o = put_number(o, Q931_IE_CALLING_NUM, r->calling, r->calling_len);
	if (r->called_len)
		o = put_number(o, Q931_IE_CALLED_NUM, r->called, r->called_len);
	if (uui)
		o = put_uui(o, r->uui_pd, r->uui, r->uui_len);
	return (int)(o - buf);
}

/*
 * What cc_setup_encode() leaves to the codec. Out of line: its struct
 * q931_msg (700 octets) and its registers would otherwise be set up on
 * every SETUP for the rare request the direct encoder declines.
 */
static __attribute__((noinline)) int setup_by_codec(const struct q931_cc *cc, uint16_t key,
						    const struct cc_setup_req *r,
						    unsigned int ch, uint8_t *buf)
{
	struct q931_msg m;

	cc_setup_msg(cc, key, r, ch, &m);
	return q931_encode(&cc->codec, cc->txdir, &m, buf, CC_TXBUF);
}

int cc_setup_to_buf(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		    unsigned int ch, uint8_t *buf)
{
	int n = cc_setup_encode(cc, key, r, ch, buf);

	return n ? n : setup_by_codec(cc, key, r, ch, buf);
}

/* UUI of a request into @s: no UUI when @uui is NULL and @len 0. */
int cc_small_uui(const struct q931_cc *cc, struct cc_small *s, const uint8_t *uui, uint16_t len,
		 uint8_t pd)
{
	int rc = cc_uui_check(cc, uui, len);

	if (rc <= 0)
		return rc;
	s->has_uui = true;
	s->uui = uui;
	s->uui_len = len;
	s->uui_pd = pd;
	return 0;
}

/* A message with at most a cause (0: none); errors are counted, not returned up. */
int cc_send_simple(struct q931_call *c, uint8_t type, uint8_t cause)
{
	int rc = cc_send_cause(c->cc, c->key, type, cause);

	if (rc < 0)
		c->cc->cnt.tx_errors++;
	return rc;
}

/* STATUS with @cause and, when @diag_ie is not 0, that IE identifier as its diagnostic. */
static int send_status_diag(struct q931_call *c, uint8_t cause, const uint8_t *diag_ie)
{
	struct q931_msg m;
	int rc;

	cc_msg_begin(c, &m, Q931_STATUS);
	cc_msg_cause(c->cc, &m, cause);
	if (diag_ie) {
		m.cause[0].diag = diag_ie;
		m.cause[0].diag_len = 1;
	}
	m.call_state = c->state;
	m.call_state_coding = 0;
	m.present |= Q931_BIT(Q931_I_CALL_STATE);
	rc = cc_send(c->cc, &m);
	if (rc < 0)
		c->cc->cnt.tx_errors++;
	return rc;
}

int cc_send_status(struct q931_call *c, uint8_t cause)
{
	return send_status_diag(c, cause, NULL);
}

uint8_t cc_cause_fault_none(const struct q931_msg *m)
{
	unsigned int i;

	for (i = 0; i < m->nerr && i < Q931_MAX_ERRORS; i++) {
		const struct q931_error *e = &m->err[i];

		if (e->ie == Q931_IE_CAUSE && e->codeset == 0 &&
		    (e->kind == Q931_ERR_BAD_CONTENT || e->kind == Q931_ERR_IE_TRUNCATED))
			return 100;	/* invalid information element contents */
	}
	return 96;			/* mandatory information element is missing */
}

/* An answer on a call reference we have no call for (echoes it, flag inverted). */
static void send_on_cref(struct q931_cc *cc, const struct q931_msg *rx, uint8_t type,
			 uint8_t cause, bool with_state)
{
	struct q931_msg m;

	q931_msg_init_hdr(&m, type, rx->cref, !rx->cref_flag);
	cc_msg_cause(cc, &m, cause);
	if (with_state) {
		m.call_state = Q931_S0_NULL;
		m.call_state_coding = 0;
		m.present |= Q931_BIT(Q931_I_CALL_STATE);
	}
	if (cc_send(cc, &m) < 0)
		cc->cnt.tx_errors++;
}

/* ---- receive path ---------------------------------------------------------------- */

static const uint8_t rx_event[256] = {
	[Q931_SETUP] = EV_RX_SETUP + 1,
	[Q931_CALL_PROCEEDING] = EV_RX_CALL_PROC + 1,
	[Q931_ALERTING] = EV_RX_ALERTING + 1,
	[Q931_PROGRESS] = EV_RX_PROGRESS + 1,
	[Q931_CONNECT] = EV_RX_CONNECT + 1,
	[Q931_CONNECT_ACK] = EV_RX_CONNECT_ACK + 1,
	[Q931_DISCONNECT] = EV_RX_DISCONNECT + 1,
	[Q931_RELEASE] = EV_RX_RELEASE + 1,
	[Q931_RELEASE_COMPLETE] = EV_RX_REL_COMP + 1,
	[Q931_USER_INFORMATION] = EV_RX_USER_INFO + 1,
};

/* Q.931 5.8.11: the far end's state in STATUS must fit ours, else clear with 101. */
static bool state_compatible(uint8_t ours, uint8_t peer)
{
	bool out_o = ours >= 1 && ours <= 4, out_p = peer >= 1 && peer <= 4;
	bool in_o = (ours >= 6 && ours <= 9) || ours == 25;
	bool in_p = (peer >= 6 && peer <= 9) || peer == 25;

	return !((out_o && in_p) || (in_o && out_p));
}

/*
 * One side active, the other still setting the call up: a CONNECT went
 * missing (a data link reset discards what was in flight). Messages keep
 * their order, so a STATUS reflects everything its sender sent before it:
 * this is no crossing. (U8 against N10 is, and is taken as CONNECT
 * ACKNOWLEDGE by rx_status(); N10 against U8 waits for the user's move.)
 */
static bool active_mismatch(uint8_t ours, uint8_t peer)
{
	bool est_o = (ours >= 1 && ours <= 9) || ours == 25;
	bool est_p = (peer >= 1 && peer <= 9) || peer == 25;

	if (ours == Q931_S10_ACTIVE && peer == Q931_S8_CONNECT_REQ)
		return false;
	return (ours == Q931_S10_ACTIVE && est_p) || (est_o && peer == Q931_S10_ACTIVE);
}

static void rx_status(struct q931_call *c, const struct q931_msg *m)
{
	/* the answer to an enquiry we made in the state we are in now */
	bool answer = timer_armed(&c->t322) && c->enq_state == c->state;

	timer_cancel_lazy(c->cc->cfg.timers, &c->t322);
	c->t322_n = 0;
	if (!Q931_HAS(m, Q931_I_CALL_STATE))
		return;
	if (m->call_state == Q931_S0_NULL) {	/* the far end has no call: release ours */
		cc_set_cause(c, 101, CC_CAUSE_PROTOCOL, -1);
		cc_release_now(c);
		return;
	}
	if (c->state == Q931_S8_CONNECT_REQ && m->call_state == Q931_S10_ACTIVE) {
		/* our CONNECT was taken, its CONNECT ACKNOWLEDGE lost (a link reset) */
		cc_fsm_event(c, EV_STATUS_ACTIVE, &(struct cc_ev){ 0 });
		return;
	}
	if (c->state == Q931_S10_ACTIVE && m->call_state == Q931_S8_CONNECT_REQ &&
	    c->cc->cfg.side == Q931_SIDE_NETWORK) {
		cc_send_simple(c, Q931_CONNECT_ACK, 0);	/* ours was lost */
		return;
	}
	if (c->state == Q931_S12_DISC_IND) {
		/*
		 * The far end's DISCONNECT came before this STATUS, so it must be
		 * clearing too (N11/N12/N19, or U11/U12/U19); any other state
		 * means it lost the call's clearing (a reset): finish it. No
		 * timer runs in U12/N12 to do so otherwise.
		 */
		uint8_t p = m->call_state;

		if (p != Q931_S11_DISC_REQ && p != Q931_S12_DISC_IND && p != Q931_S19_REL_REQ)
			cc_clear_release(c, 101, CC_CAUSE_PROTOCOL, -1);
		return;
	}
	if (c->state == Q931_S19_REL_REQ || c->state == Q931_S11_DISC_REQ)
		return;		/* clearing (a STATUS may cross our message): T305/T308 finish it */
	if (!state_compatible(c->state, m->call_state)) {
		cc_clear_release(c, 101, CC_CAUSE_PROTOCOL, -1);
		return;
	}
	if (!active_mismatch(c->state, m->call_state))
		return;
	/*
	 * The network goes N10 when it sends CONNECT: a STATUS the user sent
	 * before that CONNECT reached it shows U1-U4 and crosses it. Only the
	 * answer to an enquiry made since tells a lost CONNECT for sure.
	 */
	if (c->state == Q931_S10_ACTIVE && c->cc->cfg.side == Q931_SIDE_NETWORK && !answer) {
		c->t322_n = 0;
		if (cc_enquire(c) < 0)
			c->cc->cnt.tx_errors++;
		return;
	}
	cc_clear_release(c, 101, CC_CAUSE_PROTOCOL, -1);
}

static void rx_unknown_cref(struct q931_cc *cc, const struct q931_msg *m)
{
	switch (m->type) {
	case Q931_SETUP:	/* a SETUP with the flag set names a call of ours: ignore */
		if (m->cref_flag)
			cc->cnt.rx_ignored++;
		else
			cc_rx_setup(cc, m);
		break;
	case Q931_RELEASE_COMPLETE:
		cc->cnt.rx_ignored++;
		break;
	case Q931_STATUS:
		if (Q931_HAS(m, Q931_I_CALL_STATE) && m->call_state != 0)
			send_on_cref(cc, m, Q931_RELEASE_COMPLETE, 101, false);
		break;
	case Q931_STATUS_ENQUIRY:
		send_on_cref(cc, m, Q931_STATUS, 30, true);
		break;
	default:		/* RELEASE and every other message: cause 81 */
		send_on_cref(cc, m, Q931_RELEASE_COMPLETE, 81, false);
		break;
	}
}

/*
 * A message the decoder's fast path declined: the generic decoder, which
 * reports its conditions. The verdict (§5.8) they ask for, or -1 when the
 * message is to be ignored. Out of line: the fast path is the common case.
 */
static __attribute__((noinline)) int rx_decode_generic(struct q931_cc *cc, const uint8_t *buf,
						       size_t len, struct q931_msg *m)
{
	if (q931_decode_generic(&cc->codec, cc->rxdir, buf, len, m) < 0 || m->cref_len != 2)
		return -1;
	/* the verdict only ever comes from conditions: none, no verdict */
	return m->nerr ? q931_msg_verdict(m) : 0;
}

/*
 * A decoded message with the verdict its conditions ask for (§5.8). Inlined
 * into both of cc_rx()'s paths, so that for the fast decoder's messages the
 * verdict is the constant 0 and its tests go away.
 */
static inline __attribute__((always_inline)) void rx_msg(struct q931_cc *cc,
							 const struct q931_msg *m, int verdict,
							 uint16_t key)
{
	struct q931_call *c;
	int ev;

	if (!(key & 0x7fff)) {	/* m->cref == 0 */
		if (m->type == Q931_RESTART)
			cc_rx_restart(cc, m);
		else if (m->type == Q931_RESTART_ACK)
			cc_rx_restart_ack(cc, m);
		else
			cc->cnt.rx_ignored++;
		return;
	}
	c = cc_lookup(cc, key);
	if (!c) {
		rx_unknown_cref(cc, m);
		return;
	}
	ev = rx_event[m->type] - 1;
	if (ev <= EV_RX_SETUP) {
		switch (m->type) {
		case Q931_SETUP:	/* a SETUP again (T303 resend): already have it */
			cc->cnt.rx_ignored++;
			return;
		case Q931_STATUS_ENQUIRY:
			cc_send_status(c, 30);
			return;
		case Q931_INFORMATION:	/* valid in most states, but not implemented */
			cc_send_status(c, 97);
			return;
		case Q931_FACILITY:	/* supplementary services (Q.932), e.g. NI-2 names */
		case Q931_NOTIFY:	/* information for the user, no state change */
			/* Not acted on, and not answered: a STATUS for every FACILITY an
			 * NI-2 switch sends would be noise; the call goes on. */
			return;
		case Q931_STATUS:
			if (verdict == 96 || verdict == 100)
				cc_send_status(c, (uint8_t)verdict);
			else
				rx_status(c, m);
			return;
		}
		/* unknown, or not handled here: §5.8.4 */
		cc_send_status(c, !q931_msg_known(m->type) ? 97 : 98);
		return;
	}
	/*
	 * §5.8.6: a missing or bad mandatory IE makes the message void (STATUS with
	 * the cause), except in clearing messages, which still clear.
	 */
	if ((verdict == 96 || verdict == 100) && ev != EV_RX_DISCONNECT &&
	    ev != EV_RX_RELEASE && ev != EV_RX_REL_COMP) {
		cc_send_status(c, (uint8_t)verdict);
		return;
	}
	if (cc_fsm_event(c, (enum cc_event)ev, &(struct cc_ev){ .m = m }) == TEL_ESTATE)
		cc_send_status(c, 98);	/* message not compatible with the call state */
}

static bool uui_too_big(const struct q931_msg *m)
{
	unsigned int i;

	for (i = 0; i < m->nerr && i < Q931_MAX_ERRORS; i++)
		if (m->err[i].kind == Q931_ERR_UUI_TOO_BIG)
			return true;
	return false;
}

/*
 * User-user information longer than the line's maximum (the decoder keeps it
 * whole): Q.931 5.8.7.2 treats an IE over its maximum length as a content
 * error in a non-mandatory IE, and for access information such as user-user
 * the STATUS says 43 "access information discarded", with the IE identifier
 * as diagnostic. The message is acted on without the IE, which is not passed
 * up, neither whole nor cut; a USER INFORMATION, which carries nothing else,
 * not at all. The STATUS follows the handling, with the state it left the
 * call in, unless the message released the call.
 */
static __attribute__((noinline)) void rx_uui_too_big(struct q931_cc *cc, struct q931_msg *m,
						     int verdict, uint16_t key)
{
	static const uint8_t uui_ie = Q931_IE_USER_USER;
	struct q931_call *c;

	m->present &= ~Q931_BIT(Q931_I_USER_USER);
	if (m->type != Q931_USER_INFORMATION || !(key & 0x7fff) || !cc_lookup(cc, key))
		rx_msg(cc, m, verdict, key);
	c = (key & 0x7fff) ? cc_lookup(cc, key) : NULL;
	if (c && !c->released)
		send_status_diag(c, 43, &uui_ie);
}

void cc_rx(struct q931_cc *cc, const uint8_t *buf, size_t len)
{
	struct q931_msg m;
	int verdict;

	/*
	 * q931_decode() by its halves: a plain message has a two-octet call
	 * reference and no conditions, so no verdict to work out. Both halves
	 * take only a two-octet call reference, octets 2-3, whose flag bit is
	 * where CC_OURS is: the call's key is those octets as they are, read
	 * from the frame rather than put together again from m->cref and
	 * m->cref_flag. A frame is never NULL (q931_decode_fast_frame()).
	 */
	if (q931_decode_fast_frame(&cc->codec, cc->rxdir, buf, len, &m)) {
		rx_msg(cc, &m, 0, (uint16_t)(buf[2] << 8 | buf[3]));
		return;
	}
	verdict = rx_decode_generic(cc, buf, len, &m);
	if (verdict < 0) {
		cc->cnt.rx_ignored++;
		return;
	}
	if (__builtin_expect(m.nerr != 0, 0) && uui_too_big(&m)) {
		rx_uui_too_big(cc, &m, verdict, (uint16_t)(buf[2] << 8 | buf[3]));
		return;
	}
	rx_msg(cc, &m, verdict, (uint16_t)(buf[2] << 8 | buf[3]));
}
