// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, the direct encoders: the messages a call sends most,
 * written straight into the data link's send slot without a struct
 * q931_msg, octet for octet what q931_encode() makes of cc_small_msg() and
 * cc_setup_msg() (cc_send.c). What they do not cover they decline (0) and
 * the codec takes, which also gives the error. test_cc_small.c holds them
 * against the codec; bench/NOTES.md says why they exist.
 */
#include <string.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

/* The header on a call reference: two octets, the flag set on the far end's
 * (the key's CC_OURS bit inverted is the flag). */
static inline uint8_t *put_header(uint8_t *o, uint16_t key, uint8_t type)
{
	o[0] = Q931_PD;
	o[1] = 2;
	o[2] = (uint8_t)((key >> 8) ^ 0x80);
	o[3] = (uint8_t)key;
	o[4] = type;
	return o + 5;
}

/* Cause: coding ITU-T, our location, no recommendation octet, no diagnostics. */
static inline uint8_t *put_cause(uint8_t *o, const struct q931_cc *cc, uint8_t cause)
{
	o[0] = Q931_IE_CAUSE;
	o[1] = 2;
	o[2] = 0x80 | cc->loc;
	o[3] = 0x80 | cause;
	return o + 4;
}

/* Channel identification as cc_msg_chan(): PRI, as indicated, one B-channel by number. */
static inline uint8_t *put_chan(uint8_t *o, const struct q931_cc *cc, unsigned int chan,
				bool excl)
{
	o[0] = Q931_IE_CHANNEL_ID;
	o[1] = 3;
	o[2] = (uint8_t)(0x80 | 0x20 | (cc_chan_exclusive(cc, excl) ? 0x08 : 0) | 1);
	o[3] = 0x80 | 3;
	o[4] = (uint8_t)(0x80 | chan);
	return o + 5;
}

/* User-user: protocol discriminator and @len octets (q931_uui_fits() was true). */
static inline uint8_t *put_uui(uint8_t *o, uint8_t pd, const uint8_t *data, uint16_t len)
{
	o[0] = Q931_IE_USER_USER;
	o[1] = (uint8_t)(len + 1);
	o[2] = pd;
	if (len)
		memcpy(o + 3, data, len);
	return o + 3 + len;
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

/* @len octets of an IE's contents within its table bounds. */
static inline bool ie_len_ok(enum q931_ie_idx idx, size_t len)
{
	return len >= q931_ie_table[idx].min_len && len <= q931_ie_table[idx].max_len;
}

/* ---- the small messages: CALL PROCEEDING ... DISCONNECT, RELEASE, RELEASE COMPLETE ---- */

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
	cc_uui_limits_init(cc);
}

/*
 * @s into @buf (CC_TXBUF octets): the length, or 0 when it is the codec's to
 * do. Inlined where @s is a literal (cc_send_cause()), only what it sets is
 * tested.
 */
static inline __attribute__((always_inline)) int small_encode(const struct q931_cc *cc,
							      uint16_t key, uint8_t type,
							      const struct cc_small *s,
							      uint8_t *buf)
{
	unsigned int set = (s->cause ? CC_SM_CAUSE : 0) | (s->chan ? CC_SM_CHAN : 0) |
			   (s->progress8 ? CC_SM_PROG : 0) | (s->has_uui ? CC_SM_UUI : 0);
	uint8_t *o = buf;

	if (!(cc->small_ok[type] & (1u << set)) || ((s->cause | s->chan) & 0x80))
		return 0;
	if (__builtin_expect(s->has_uui, 0)) {
		size_t need = 5 + 3 + (size_t)s->uui_len + (s->cause ? 4 : 0) +
			      (s->chan ? 5 : 0) + (s->progress8 ? 4 : 0);

		if (!q931_uui_fits(&cc->codec, s->uui_len) || (s->uui_len && !s->uui) ||
		    need > CC_TXBUF)
			return 0;
	}
	o = put_header(o, key, type);
	if (s->cause)
		o = put_cause(o, cc, s->cause);
	if (s->chan)
		o = put_chan(o, cc, s->chan, s->excl);
	if (s->progress8) {	/* in-band information is now available */
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

int cc_small_to_buf(const struct q931_cc *cc, uint16_t key, uint8_t type,
		    const struct cc_small *s, uint8_t *buf)
{
	int n = small_encode(cc, key, type, s, buf);

	return n ? n : cc_small_by_codec(cc, key, type, s, buf);
}

/*
 * @s to the data link, every case: no slot (its reason), a slot shorter than
 * CC_TXBUF (the encoders' bound: through a copy), the codec's messages.
 */
static __attribute__((noinline)) int send_small_slow(struct q931_cc *cc, uint16_t key,
						     uint8_t type, const struct cc_small *s)
{
	struct lapd *l = cc->cfg.link;
	uint8_t stack[CC_TXBUF], *buf;
	int n;

	buf = lapd_n201(l) >= CC_TXBUF ? lapd_dl_data_buf_cl(l, cc_msg_class(type)) : stack;
	if (!buf)
		return lapd_dl_data_commit(l, 0);	/* why there is no slot */
	n = cc_small_to_buf(cc, key, type, s, buf);
	if (n < 0)
		return n;
	if (buf != stack)
		return lapd_dl_data_commit(l, (size_t)n);
	return lapd_dl_data_req_cl(l, buf, (size_t)n, cc_msg_class(type));
}

static __attribute__((noinline)) int send_cause_slow(struct q931_cc *cc, uint16_t key,
						     uint8_t type, uint8_t cause)
{
	return send_small_slow(cc, key, type, &(struct cc_small){ .cause = cause });
}

/*
 * @s encoded straight into the data link's send queue slot, the common case;
 * the rest out of line. @cause_only: @s carries a cause at most (a literal
 * that need not be in memory).
 */
static inline __attribute__((always_inline)) int send_small(struct q931_cc *cc, uint16_t key,
							    uint8_t type,
							    const struct cc_small *s,
							    bool cause_only)
{
	struct lapd *l = cc->cfg.link;
	uint8_t *buf;
	int n;

	if (__builtin_expect(lapd_n201(l) >= CC_TXBUF, 1)) {
		buf = lapd_dl_data_buf_cl(l, cc_msg_class(type));
		if (buf && (n = small_encode(cc, key, type, s, buf)) > 0)
			return lapd_dl_data_commit(l, (size_t)n);
	}
	return cause_only ? send_cause_slow(cc, key, type, s->cause) :
			    send_small_slow(cc, key, type, s);
}

int cc_send_small(struct q931_cc *cc, uint16_t key, uint8_t type, const struct cc_small *s)
{
	return send_small(cc, key, type, s, false);
}

/* The commonest small message, with at most a cause: send_small() of a literal. */
int cc_send_cause(struct q931_cc *cc, uint16_t key, uint8_t type, uint8_t cause)
{
	return send_small(cc, key, type, &(struct cc_small){ .cause = cause }, true);
}

/* ---- SETUP -------------------------------------------------------------------------- */

/* SETUP of request @r on B-channel @ch (0: none): as cc_small_encode(). */
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
		if (!q931_uui_fits(&cc->codec, r->uui_len) || !r->uui)
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
	if (ch)
		o = put_chan(o, cc, ch, r->exclusive);
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

int cc_setup_to_buf(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		    unsigned int ch, uint8_t *buf)
{
	int n = cc_setup_encode(cc, key, r, ch, buf);

	return n ? n : cc_setup_by_codec(cc, key, r, ch, buf);
}
