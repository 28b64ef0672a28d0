// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 messages, the fast decoder: a plain message (two-octet call
 * reference, known type, known codeset-0 IEs once each in ascending order,
 * well formed, the mandatory ones present) into exactly the fields
 * q931_decode_generic() (msg_decode.c) fills; anything else is declined and
 * the generic decoder, which reports the conditions, takes the message.
 * test_q931_fast.c holds the two against each other; bench/NOTES.md says why
 * it is shaped as it is.
 */
#include <stddef.h>
#include <string.h>

#include "libtel/tel.h"
#include "q931/msg_int.h"

/* The message table by type octet, one load per message; FAST_KNOWN marks a
 * known type (no IE has that bit, so it never stands in "present & ~allowed"). */
#define FAST_KNOWN	(1u << 31)
_Static_assert(Q931_I_COUNT < 31, "FAST_KNOWN is an IE bit");

struct fast_type {
	uint32_t allowed;		/* as the descriptor's, | FAST_KNOWN; 0: unknown */
	uint32_t mandatory[2];		/* indexed by enum q931_dir */
};

static const struct fast_type fast_type[256] = {
#define FAST_X(t, nm, allow, m_n2u, m_u2n) \
	[t] = { .allowed = (allow) | (m_n2u) | (m_u2n) | FAST_KNOWN, \
		.mandatory = { [Q931_NET_TO_USER] = (m_n2u), [Q931_USER_TO_NET] = (m_u2n) } },
	MSG_LIST(FAST_X)
#undef FAST_X
};

/* The common shapes, each into exactly the fields its ie.c decoder writes; false
 * for any other shape (the IE table's decoder then takes it). @n is in bounds. */

/* Cause, octet 3 with ext: no recommendation. The first cause: ncauses is 0. */
static inline bool fast_cause(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	if (!(b[0] & b[1] & 0x80))
		return false;
	m->cause[0] = (struct q931_cause){
		.coding = (b[0] >> 5) & 3, .location = b[0] & 0x0f,
		.value = b[1] & 0x7f, .diag_len = (uint8_t)(n - 2), .diag = b + 2 };
	m->ncauses = 1;
	return true;
}

/* Channel identification: PRI, no interface identifier, one channel number. */
static inline bool fast_chanid(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	struct q931_chanid *ch = &m->chan;

	if (n != 3 || (b[0] & 0xf0) != 0xa0 || (b[1] & 0x90) != 0x80 || !(b[2] & 0x80))
		return false;
	q931_chanid_clear(ch);
	ch->pri = true;
	ch->exclusive = b[0] & 0x08;
	ch->dchan = b[0] & 0x04;
	ch->sel = b[0] & 0x03;
	ch->has_chans = true;
	ch->coding = (b[1] >> 5) & 3;
	ch->chan_type = b[1] & 0x0f;
	ch->nchans = 1;
	ch->chans[0] = b[2] & 0x7f;
	return true;
}

/* Bearer capability: octets 3, 4 (not multirate) and 5, which ends the IE. */
static inline bool fast_bearer(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	struct q931_bearer *bc = &m->bearer;

	if (n != 3 || !(b[0] & b[1] & 0x80) || (b[1] & 0x1f) == 0x18 || (b[2] & 0xe0) != 0xa0)
		return false;
	/* field by field: a compound literal would clear the padding too */
	bc->coding = (b[0] >> 5) & 3;
	bc->itc = b[0] & 0x1f;
	bc->mode = (b[1] >> 5) & 3;
	bc->rate = b[1] & 0x1f;
	bc->has_mult = false;
	bc->mult = 0;
	bc->has_l1 = true;
	bc->l1 = b[2] & 0x1f;
	bc->l1_cont = false;
	bc->rest = (struct q931_bytes){ b + 3, 0 };
	return true;
}

/* A party number whose octet 3 has ext set: no presentation octet. */
static inline bool fast_number(struct q931_number *num, const uint8_t *b, unsigned int n)
{
	if (!(b[0] & 0x80))
		return false;
	*num = (struct q931_number){ .type = (b[0] >> 4) & 7, .plan = b[0] & 0x0f,
				     .len = (uint8_t)(n - 1), .digits = b + 1 };
	return true;
}

/* Progress indicator (length 2). The first one: nprogress is 0. */
static inline bool fast_progress(struct q931_msg *m, const uint8_t *b)
{
	if (!(b[0] & b[1] & 0x80))
		return false;
	m->progress[0] = (struct q931_progress){
		.coding = (b[0] >> 5) & 3, .location = b[0] & 0x0f, .desc = b[1] & 0x7f };
	m->nprogress = 1;
	return true;
}

/* Display: any contents; a first octet with bit 8 set is the display type. */
static inline void fast_display(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	unsigned int k = b[0] >> 7;

	m->display.has_type = k;
	m->display.type = k ? b[0] : 0;
	m->display.text = (struct q931_bytes){ b + k, (uint16_t)(n - k) };
}

/* User-user within the line's limit (too big: the generic decoder reports it). */
static inline bool fast_uui(const struct q931_codec *c, struct q931_msg *m, const uint8_t *b,
			    unsigned int n)
{
	if (!q931_uui_fits(c, n - 1))
		return false;
	m->uui = (struct q931_uui){ .pd = b[0], .len = (uint16_t)(n - 1), .data = b + 1 };
	return true;
}

/* @n contents octets within the table's bounds of IE @idx (constants folded). */
static inline bool fast_len_ok(unsigned int idx, unsigned int n)
{
	return n >= q931_ie_table[idx].min_len && n <= q931_ie_table[idx].max_len;
}

/*
 * Whether IE @id, in the table at @idx, comes next at @p (p < end) and fits
 * in the message and in the table's bounds: its contents length, or 0 (every
 * IE looked for this way has at least one octet of contents).
 */
static inline unsigned int fast_next(const uint8_t *p, const uint8_t *end, unsigned int id,
				     unsigned int idx)
{
	size_t room;
	unsigned int n;

	/* the identifier alone first: where it differs (most tests) that is all */
	if (p[0] != id)
		return 0;
	room = (size_t)(end - p);
	if (room < 2)
		return 0;
	n = p[1];
	return fast_len_ok(idx, n) && n <= room - 2 ? n : 0;
}

__attribute__((always_inline)) inline bool q931_decode_fast_frame(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
			    size_t len, struct q931_msg *m)
{
	const struct fast_type *ft;
	const uint8_t *p, *end;
	uint32_t present = 0, allowed, mandatory;
	unsigned int last = 0, n;

	/* the protocol discriminator and a two-octet call reference, in one test */
	if (len < 5 || (buf[0] | buf[1] << 8) != (Q931_PD | 2 << 8))
		return false;
	ft = &fast_type[buf[4]];
	allowed = ft->allowed;
	if (!allowed)			/* unknown type */
		return false;
	/* an index, not a branch: any other @dir counts as Q931_NET_TO_USER */
	mandatory = ft->mandatory[dir == Q931_USER_TO_NET];
	q931_msg_init_hdr(m, buf[4], (uint16_t)((buf[2] << 8 | buf[3]) & 0x7fff), buf[2] & 0x80);
	p = buf + 5;
	end = buf + len;

	/*
	 * First the IEs of a call in the order they come in (ascending), each
	 * looked for once, no loop and no dispatch: most messages end here. An
	 * IE that is not the one looked for, or not in its common shape, is
	 * left to the loop below, which takes the rest of the message.
	 */
	if (p < end && (n = fast_next(p, end, Q931_IE_BEARER_CAP, Q931_I_BEARER_CAP)) &&
	    fast_bearer(m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_BEARER_CAP);
		last = Q931_IE_BEARER_CAP;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CAUSE, Q931_I_CAUSE)) &&
	    fast_cause(m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CAUSE);
		last = Q931_IE_CAUSE;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CHANNEL_ID, Q931_I_CHANNEL_ID)) &&
	    fast_chanid(m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CHANNEL_ID);
		last = Q931_IE_CHANNEL_ID;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_PROGRESS, Q931_I_PROGRESS)) &&
	    fast_progress(m, p + 2)) {
		present |= Q931_BIT(Q931_I_PROGRESS);
		last = Q931_IE_PROGRESS;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_DISPLAY, Q931_I_DISPLAY))) {
		fast_display(m, p + 2, n);
		present |= Q931_BIT(Q931_I_DISPLAY);
		last = Q931_IE_DISPLAY;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CALLING_NUM, Q931_I_CALLING_NUM)) &&
	    fast_number(&m->calling, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CALLING_NUM);
		last = Q931_IE_CALLING_NUM;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CALLED_NUM, Q931_I_CALLED_NUM)) &&
	    fast_number(&m->called, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CALLED_NUM);
		last = Q931_IE_CALLED_NUM;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_USER_USER, Q931_I_USER_USER)) &&
	    fast_uui(c, m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_USER_USER);
		last = Q931_IE_USER_USER;
		p += 2 + n;
	}

	/* The rest, any order the generic decoder finds no fault with. */
	while (p < end) {
		unsigned int id = p[0], idx;
		const uint8_t *b;

		if (id & 0x80) {
			/* sending complete, once; shifts and the rest are the generic's */
			if (id != Q931_IE_SENDING_COMPLETE || m->sending_complete)
				return false;
			m->sending_complete = true;
			p++;
			continue;
		}
		/* strictly ascending: no repetition, nothing out of sequence */
		if (id <= last || end - p < 2 || (n = p[1]) > (size_t)(end - p - 2))
			return false;
		last = id;
		b = p + 2;
		p = b + n;
		idx = (unsigned int)q931_ie_index_tab[id] - 1;	/* unknown: huge */
		if (idx >= Q931_I_COUNT || !fast_len_ok(idx, n))
			return false;
		switch (id) {
		case Q931_IE_CAUSE:
			if (fast_cause(m, b, n))
				goto next;
			break;
		case Q931_IE_CHANNEL_ID:
			if (fast_chanid(m, b, n))
				goto next;
			break;
		case Q931_IE_BEARER_CAP:
			if (fast_bearer(m, b, n))
				goto next;
			break;
		case Q931_IE_CALLING_NUM:
			if (fast_number(&m->calling, b, n))
				goto next;
			break;
		case Q931_IE_CALLED_NUM:
			if (fast_number(&m->called, b, n))
				goto next;
			break;
		case Q931_IE_PROGRESS:
			if (fast_progress(m, b))
				goto next;
			return false;
		case Q931_IE_DISPLAY:
			fast_display(m, b, n);
			goto next;
		case Q931_IE_USER_USER:
			if (fast_uui(c, m, b, n))
				goto next;
			return false;
		}
		/* any other known IE, or another shape: the IE table's own decoder */
		if (q931_ie_table[idx].decode(c, m, b, n) != Q931_DEC_OK)
			return false;
next:
		present |= Q931_BIT(idx);
	}
	/* an IE the type does not allow, or a mandatory one missing: the generic's */
	if ((present & ~allowed) | (mandatory & ~present))
		return false;
	m->present = present;
	return true;
}

bool q931_decode_fast(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
		      size_t len, struct q931_msg *m)
{
	return buf && q931_decode_fast_frame(c, dir, buf, len, m);
}
