// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 messages, the generic decoder: walks a message's IEs through the IE
 * table (ie.c) and reports every §5.8 condition in m->err[]; and
 * q931_decode(), which tries the fast decoder (msg_fast.c) first.
 *
 * Decisions worth knowing (see also q931.h):
 * - A known IE that the message type does not allow is reported as
 *   Q931_ERR_UNEXPECTED_IE and still decoded and marked present, so call
 *   control and tools see what was sent (the encoder refuses such IEs).
 * - A message of unknown type is reported (Q931_ERR_UNKNOWN_MSG, decode
 *   returns 0) and its IEs are still decoded, all allowed, none mandatory.
 * - A bad or truncated IE that is mandatory is reported with mandatory set
 *   and not as missing, so the verdict is 100, not 96.
 * - Single-octet IEs of codeset 0 are accepted in any message and at any
 *   position.
 */
#include <stddef.h>
#include <string.h>

#include "libtel/tel.h"
#include "q931/msg_int.h"

/* ---- Conditions and verdict ---------------------------------------------- */

/* Q.850 cause a condition asks for (0: none). */
static int err_cause(const struct q931_error *e)
{
	switch (e->kind) {
	case Q931_ERR_UNKNOWN_MSG:
		return 97;
	case Q931_ERR_MANDATORY_MISSING:
		return 96;
	case Q931_ERR_UNKNOWN_IE:
		return e->mandatory ? 96 : 99;
	case Q931_ERR_BAD_CONTENT:
	case Q931_ERR_IE_TRUNCATED:
		return e->mandatory ? 100 : 99;
	case Q931_ERR_UNEXPECTED_IE:
	case Q931_ERR_BAD_SHIFT:
		return 99;
	default:	/* message ignored, or handled by ignoring the extra octets */
		return 0;
	}
}

/* Priority of a cause for the verdict: 97 > 96 > 100 > 99 > none. */
static int cause_rank(int cause)
{
	switch (cause) {
	case 97:
		return 4;
	case 96:
		return 3;
	case 100:
		return 2;
	case 99:
		return 1;
	default:
		return 0;
	}
}

int q931_msg_verdict(const struct q931_msg *m)
{
	int best = 0;
	unsigned int i;

	for (i = 0; i < m->nerr && i < Q931_MAX_ERRORS; i++) {
		int c = err_cause(&m->err[i]);

		if (cause_rank(c) > cause_rank(best))
			best = c;
	}
	return best;
}

/*
 * Record a condition. When the list is full, err_overflow is set and the new
 * condition replaces the least important one kept if it matters more, so
 * the verdict stays right.
 */
static void add_err(struct q931_msg *m, enum q931_err_kind kind, uint8_t ie, uint8_t codeset,
		    bool mandatory)
{
	struct q931_error e = { kind, ie, codeset, mandatory };
	unsigned int i, low = 0;

	if (m->nerr < Q931_MAX_ERRORS) {
		m->err[m->nerr++] = e;
		return;
	}
	m->err_overflow = true;
	for (i = 1; i < Q931_MAX_ERRORS; i++)
		if (cause_rank(err_cause(&m->err[i])) < cause_rank(err_cause(&m->err[low])))
			low = i;
	if (cause_rank(err_cause(&e)) > cause_rank(err_cause(&m->err[low])))
		m->err[low] = e;
}

/* ---- Decoding ------------------------------------------------------------ */

struct dec_state {
	const struct q931_codec *c;
	struct q931_msg *m;
	uint32_t allowed;
	uint32_t mandatory;
	uint32_t seen;			/* known IEs met, well-formed or not */
	/*
	 * Occurrences met per known IE, defined only where @seen has the bit
	 * (set with it), so not cleared per message. A truncated IE sets the
	 * bit without a count, but ends the decoding.
	 */
	uint8_t count[Q931_I_COUNT];
};

static void keep_raw(struct dec_state *s, uint8_t codeset, uint8_t id, const uint8_t *body,
		     size_t len)
{
	struct q931_msg *m = s->m;
	struct q931_raw_ie *r;

	if (m->nraw == Q931_MAX_RAW) {
		add_err(m, Q931_ERR_TOO_MANY, id, codeset, false);
		return;
	}
	r = &m->raw[m->nraw++];
	r->codeset = codeset;
	r->id = id;
	r->single = id & 0x80;
	r->comprehension_required = codeset == 0 && (id & 0xf0) == 0;
	r->body.p = body;
	r->body.len = (uint16_t)len;
}

/* A single-octet IE of codeset 0 other than shift. */
static void dec_single(struct dec_state *s, uint8_t id, const uint8_t *at)
{
	struct q931_msg *m = s->m;
	bool *flag;

	switch (id & 0xf0) {
	case 0xa0:
		if (id == Q931_IE_MORE_DATA)
			flag = &m->more_data;
		else if (id == Q931_IE_SENDING_COMPLETE)
			flag = &m->sending_complete;
		else
			goto unknown;
		break;
	case Q931_IE_CONGESTION:
		flag = &m->has_congestion;
		break;
	case Q931_IE_REPEAT:
		flag = &m->has_repeat;
		break;
	default:
		goto unknown;
	}
	if (*flag) {
		add_err(m, Q931_ERR_REPEATED_IE, id, 0, false);
		return;
	}
	*flag = true;
	if ((id & 0xf0) == Q931_IE_CONGESTION)
		m->congestion = id & 0x0f;
	else if ((id & 0xf0) == Q931_IE_REPEAT)
		m->repeat = id & 0x0f;
	return;
unknown:
	add_err(m, Q931_ERR_UNKNOWN_IE, id, 0, false);
	keep_raw(s, 0, id, at + 1, 0);
}

/* A variable-length IE of codeset 0. */
static void dec_var(struct dec_state *s, uint8_t id, const uint8_t *body, size_t len)
{
	struct q931_msg *m = s->m;
	const struct q931_ie_desc *d;
	int idx = (int)q931_ie_index_tab[id] - 1;
	uint32_t bit;
	int rc;

	if (idx < 0) {
		bool cr = (id & 0xf0) == 0;

		add_err(m, Q931_ERR_UNKNOWN_IE, id, 0, cr);
		keep_raw(s, 0, id, body, len);
		return;
	}
	d = &q931_ie_table[idx];
	bit = Q931_BIT(idx);
	if (!(s->seen & bit)) {
		/* the first occurrence (max_rep >= 1): count[idx] starts here */
		s->seen |= bit;
		s->count[idx] = 1;
	} else if (s->count[idx] >= d->max_rep) {
		add_err(m, d->max_rep == 1 ? Q931_ERR_REPEATED_IE : Q931_ERR_TOO_MANY, id, 0,
			false);
		return;
	} else {
		s->count[idx]++;
	}
	if (__builtin_expect(!(s->allowed & bit), 0))
		add_err(m, Q931_ERR_UNEXPECTED_IE, id, 0, false);
	/* min_len <= len <= max_len, one unsigned comparison */
	if (__builtin_expect(len - d->min_len > (size_t)(d->max_len - d->min_len), 0)) {
		add_err(m, Q931_ERR_BAD_CONTENT, id, 0, s->mandatory & bit);
		return;
	}
	rc = d->decode(s->c, m, body, len);
	if (__builtin_expect(rc != Q931_DEC_OK, 0)) {
		if (rc == Q931_DEC_BAD) {
			add_err(m, Q931_ERR_BAD_CONTENT, id, 0, s->mandatory & bit);
			return;
		}
		if (rc == Q931_DEC_UUI_BIG)
			add_err(m, Q931_ERR_UUI_TOO_BIG, id, 0, s->mandatory & bit);
	}
	m->present |= bit;
}

static int dec_header(struct q931_msg *m, const uint8_t *buf, size_t len, size_t *pos)
{
	unsigned int crl;

	if (len < 3) {
		add_err(m, Q931_ERR_TOO_SHORT, 0, 0, false);
		return TEL_EPROTO;
	}
	m->pd = buf[0];
	if (buf[0] != Q931_PD) {
		add_err(m, Q931_ERR_BAD_PD, 0, 0, false);
		return TEL_EPROTO;
	}
	crl = buf[1] & 0x0f;
	if ((buf[1] & 0xf0) || crl > 2) {
		add_err(m, Q931_ERR_BAD_CREF, 0, 0, false);
		return TEL_EPROTO;
	}
	if (len < 3 + crl) {
		add_err(m, Q931_ERR_TOO_SHORT, 0, 0, false);
		return TEL_EPROTO;
	}
	m->cref_len = (uint8_t)crl;
	if (crl) {
		m->cref_flag = buf[2] & 0x80;
		m->cref = buf[2] & 0x7f;
		if (crl == 2)
			m->cref = (uint16_t)(m->cref << 8 | buf[3]);
	}
	m->type = buf[2 + crl];
	*pos = 3 + crl;
	return 0;
}

/* Out of line: the rare path behind the fast decoder (bench/NOTES.md). */
__attribute__((noinline)) int q931_decode_generic(const struct q931_codec *c, enum q931_dir dir,
						  const uint8_t *buf, size_t len,
						  struct q931_msg *m)
{
	struct dec_state s;
	const struct q931_msg_desc *md;
	uint8_t last[8] = { 0 };	/* highest variable-length id so far, per codeset */
	unsigned int locked = 0, cs;
	int shifted = -1;		/* codeset of a pending non-locking shift */
	uint32_t missing;
	size_t i;
	int idx;

	/*
	 * Not a memset of the whole message (632 octets, per frame): the header,
	 * the counters and the single-octet IEs are cleared here, and each IE
	 * decoder clears its own fields before filling them, so every field of
	 * a present IE is defined; the others are not read.
	 */
	if (buf && len >= 5 && buf[0] == Q931_PD && buf[1] == 2) {
		/* the usual header: two-octet call reference */
		q931_msg_init_hdr(m, buf[4], (uint16_t)((buf[2] & 0x7f) << 8 | buf[3]),
				  buf[2] & 0x80);
		i = 5;
	} else {
		q931_msg_init_hdr(m, 0, 0, false);
		m->pd = 0;
		m->cref_len = 0;
		if (!buf)
			len = 0;
		if (dec_header(m, buf, len, &i) < 0)
			return TEL_EPROTO;
	}
	md = q931_msg_desc_inline(m->type);
	s.c = c;
	s.m = m;
	s.seen = 0;
	if (md) {
		s.allowed = md->allowed;
		s.mandatory = md->mandatory[dir == Q931_USER_TO_NET];
	} else {
		add_err(m, Q931_ERR_UNKNOWN_MSG, 0, 0, false);
		s.allowed = ALL_IES;
		s.mandatory = 0;
	}
	while (i < len) {
		uint8_t id = buf[i];
		size_t ielen;

		cs = shifted >= 0 ? (unsigned int)shifted : locked;
		if ((id & 0xf0) == Q931_IE_SHIFT) {
			i++;
			shifted = -1;
			if (id & 0x08) {
				shifted = id & 7;
			} else if ((id & 7) <= locked) {
				add_err(m, Q931_ERR_BAD_SHIFT, id, (uint8_t)locked, false);
			} else {
				locked = id & 7;
			}
			continue;
		}
		shifted = -1;
		if (id & 0x80) {		/* single octet: exempt from ordering */
			if (cs == 0)
				dec_single(&s, id, buf + i);
			else
				keep_raw(&s, (uint8_t)cs, id, buf + i + 1, 0);
			i++;
			continue;
		}
		if (len - i < 2 || len - i - 2 < buf[i + 1]) {
			idx = cs == 0 ? (int)q931_ie_index_tab[id] - 1 : -1;
			add_err(m, Q931_ERR_IE_TRUNCATED, id, (uint8_t)cs,
				idx >= 0 && (s.mandatory & Q931_BIT(idx)));
			if (idx >= 0)
				s.seen |= Q931_BIT(idx);
			break;
		}
		ielen = buf[i + 1];
		if (id < last[cs])
			add_err(m, Q931_ERR_OUT_OF_SEQUENCE, id, (uint8_t)cs, false);
		else
			last[cs] = id;
		if (cs == 0)
			dec_var(&s, id, buf + i + 2, ielen);
		else
			keep_raw(&s, (uint8_t)cs, id, buf + i + 2, ielen);
		i += 2 + ielen;
	}
	/* only the missing ones are visited, lowest index (= identifier) first */
	for (missing = s.mandatory & ~s.seen; missing; missing &= missing - 1)
		add_err(m, Q931_ERR_MANDATORY_MISSING,
			q931_ie_table[__builtin_ctz(missing)].id, 0, true);
	return 0;
}

int q931_decode(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf, size_t len,
		struct q931_msg *m)
{
	if (q931_decode_fast(c, dir, buf, len, m))
		return 0;
	return q931_decode_generic(c, dir, buf, len, m);
}
