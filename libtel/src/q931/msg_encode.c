// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 messages, the encoder: checks a struct q931_msg against its type's
 * descriptor and writes its IEs through the IE table (ie.c).
 *
 * Order on the wire (see also q931.h):
 * - Single-octet IEs of codeset 0 are written at the place of their octet
 *   value in ascending order, i.e. after the variable-length IEs of codeset 0
 *   (the sending complete 0xA1 comes after user-user 0x7E), before any shift.
 * - Opaque IEs (unknown codeset-0, other codesets) are written in ascending
 *   identifier order within their codeset; codesets 1..7 each follow one
 *   locking shift, in ascending codeset order.
 */
#include <stddef.h>
#include <string.h>

#include "libtel/tel.h"
#include "q931/msg_int.h"

/* Encoder output: nothing is written past @cap; @len keeps counting, so
 * len > cap after the fact means "too small". */
struct q931_wbuf {
	uint8_t *p;
	size_t len;
	size_t cap;
};

/* @n octets at @p; those that do not fit are counted, not written. */
static inline void put_bytes(struct q931_wbuf *w, const uint8_t *p, size_t n)
{
	size_t room = w->len < w->cap ? w->cap - w->len : 0;

	if (n < room ? n : room)
		memcpy(w->p + w->len, p, n < room ? n : room);
	w->len += n;
}

/* One IE to write in codeset 0: known (index), opaque (raw index) or single octet. */
struct enc_item {
	uint8_t key;		/* identifier octet: the sort key */
	uint8_t kind;
	uint8_t n;
};

enum { IT_KNOWN, IT_RAW, IT_SINGLE };

static void sort_items(struct enc_item *it, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {		/* insertion sort: stable, n <= 30 */
		struct enc_item x = it[i];

		for (j = i; j > 0 && it[j - 1].key > x.key; j--)
			it[j] = it[j - 1];
		it[j] = x;
	}
}

/* An opaque variable-length IE: identifier, length, contents (check_raw() bounds them). */
static void enc_raw(const struct q931_raw_ie *raw, struct q931_wbuf *w)
{
	uint8_t hdr[2] = { raw->id, (uint8_t)raw->body.len };

	put_bytes(w, hdr, 2);
	put_bytes(w, raw->body.p, raw->body.len);
}

/*
 * An IE of @n contents octets that did not fit: encoded once more aside, so
 * that every octet that fits is written all the same. Only on the way to
 * TEL_ENOSPC, kept out of line so that enc_ie() needs no 257-octet frame.
 */
static __attribute__((noinline)) void enc_ie_cut(const struct q931_codec *c,
						 const struct q931_msg *m,
						 const struct q931_ie_desc *d, unsigned int rep,
						 size_t n, struct q931_wbuf *w)
{
	uint8_t tmp[2 + Q931_IE_MAX];

	tmp[0] = d->id;
	tmp[1] = (uint8_t)n;
	d->encode(c, m, rep, tmp + 2, Q931_IE_MAX);
	put_bytes(w, tmp, n + 2);
}

/*
 * Occurrence @rep of known IE @d: identifier, length, contents. The encoder
 * writes straight into the buffer, with no check per octet, when the whole
 * IE fits.
 */
static int enc_ie(const struct q931_codec *c, const struct q931_msg *m,
		  const struct q931_ie_desc *d, unsigned int rep, struct q931_wbuf *w)
{
	size_t room = w->len < w->cap ? w->cap - w->len : 0;
	uint8_t *o = room >= 2 ? w->p + w->len : NULL;
	int n;

	n = d->encode(c, m, rep, o ? o + 2 : NULL, o ? room - 2 : 0);
	if (n < 0)
		return n;
	if (n < d->min_len || n > d->max_len)
		return TEL_EINVAL;
	if ((size_t)n + 2 > room) {
		enc_ie_cut(c, m, d, rep, (size_t)n, w);
		return 0;
	}
	o[0] = d->id;
	o[1] = (uint8_t)n;
	w->len += (size_t)n + 2;
	return 0;
}

static int check_raw(const struct q931_msg *m)
{
	unsigned int i;

	if (m->nraw > Q931_MAX_RAW)
		return TEL_EINVAL;
	for (i = 0; i < m->nraw; i++) {
		const struct q931_raw_ie *r = &m->raw[i];
		bool single = r->id & 0x80;

		if (r->codeset > 7 || (r->id & 0xf0) == Q931_IE_SHIFT || r->single != single)
			return TEL_EINVAL;
		if (single ? r->body.len != 0 : r->body.len > 255 || (r->body.len && !r->body.p))
			return TEL_EINVAL;
		/* an opaque codeset-0 IE must not be one the decoder understands */
		if (r->codeset == 0 && (q931_ie_index(r->id) >= 0 ||
					r->id == Q931_IE_MORE_DATA ||
					r->id == Q931_IE_SENDING_COMPLETE ||
					(r->id & 0xf0) == Q931_IE_CONGESTION ||
					(r->id & 0xf0) == Q931_IE_REPEAT))
			return TEL_EINVAL;
	}
	return 0;
}

static int check_msg(enum q931_dir dir, const struct q931_msg *m,
		     const struct q931_msg_desc *md)
{
	if (!md || (m->present & ~ALL_IES) || (m->present & ~md->allowed))
		return TEL_EINVAL;
	if ((md->mandatory[dir == Q931_USER_TO_NET] & m->present) !=
	    md->mandatory[dir == Q931_USER_TO_NET])
		return TEL_EINVAL;
	if (m->cref_len > 2 || (m->cref_len == 0 && (m->cref || m->cref_flag)) ||
	    (m->cref_len == 1 && m->cref > 0x7f) || m->cref > 0x7fff)
		return TEL_EINVAL;
	if ((Q931_HAS(m, Q931_I_CAUSE) && (!m->ncauses || m->ncauses > Q931_MAX_CAUSES)) ||
	    (Q931_HAS(m, Q931_I_PROGRESS) &&
	     (!m->nprogress || m->nprogress > Q931_MAX_PROGRESS)))
		return TEL_EINVAL;
	if (m->congestion > 15 || m->repeat > 15)
		return TEL_EINVAL;
	return check_raw(m);
}

/* Every occurrence of known IE @idx (repeatable ones: as many as their count). */
static int enc_known(const struct q931_codec *c, const struct q931_msg *m, unsigned int idx,
		     struct q931_wbuf *w)
{
	const struct q931_ie_desc *d = &q931_ie_table[idx];
	unsigned int count = 1, rep;
	int rc;

	if (d->count_off)
		count = *((const uint8_t *)m + d->count_off);
	for (rep = 0; rep < count; rep++) {
		rc = enc_ie(c, m, d, rep, w);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The single-octet IEs of codeset 0, in ascending order of their octets. */
static void enc_singles(const struct q931_msg *m, struct q931_wbuf *w)
{
	uint8_t o[4];
	size_t n = 0;

	if (!(m->more_data | m->sending_complete | m->has_congestion | m->has_repeat))
		return;		/* the usual case: one test */
	if (m->more_data)
		o[n++] = Q931_IE_MORE_DATA;
	if (m->sending_complete)
		o[n++] = Q931_IE_SENDING_COMPLETE;
	if (m->has_congestion)
		o[n++] = Q931_IE_CONGESTION | m->congestion;
	if (m->has_repeat)
		o[n++] = Q931_IE_REPEAT | m->repeat;
	if (n)
		put_bytes(w, o, n);
}

/*
 * The common case, no opaque IEs: nothing to sort. Known IEs in index order
 * are in identifier order, and every single-octet IE (0xA0..0xDF) sorts
 * after them; only the present ones are visited.
 */
static int enc_plain(const struct q931_codec *c, const struct q931_msg *m,
		     struct q931_wbuf *w)
{
	uint32_t bits;
	int rc;

	for (bits = m->present; bits; bits &= bits - 1) {
		rc = enc_known(c, m, (unsigned int)__builtin_ctz(bits), w);
		if (rc < 0)
			return rc;
	}
	enc_singles(m, w);
	return 0;
}

/* With opaque IEs: codeset 0 merged by identifier, then one locking shift per codeset. */
static int enc_with_raw(const struct q931_codec *c, const struct q931_msg *m,
			struct q931_wbuf *w)
{
	struct enc_item it[Q931_I_COUNT + 4 + Q931_MAX_RAW];
	unsigned int n = 0, i, cs;
	uint8_t shift;
	uint32_t bits;
	int rc;

	for (bits = m->present; bits; bits &= bits - 1) {
		i = (unsigned int)__builtin_ctz(bits);
		it[n++] = (struct enc_item){ q931_ie_table[i].id, IT_KNOWN, (uint8_t)i };
	}
	if (m->more_data)
		it[n++] = (struct enc_item){ Q931_IE_MORE_DATA, IT_SINGLE, 0 };
	if (m->sending_complete)
		it[n++] = (struct enc_item){ Q931_IE_SENDING_COMPLETE, IT_SINGLE, 0 };
	if (m->has_congestion)
		it[n++] = (struct enc_item){ Q931_IE_CONGESTION | m->congestion, IT_SINGLE, 0 };
	if (m->has_repeat)
		it[n++] = (struct enc_item){ Q931_IE_REPEAT | m->repeat, IT_SINGLE, 0 };
	for (i = 0; i < m->nraw; i++)
		if (m->raw[i].codeset == 0)
			it[n++] = (struct enc_item){ m->raw[i].id, IT_RAW, (uint8_t)i };
	sort_items(it, n);

	for (i = 0; i < n; i++) {
		switch (it[i].kind) {
		case IT_SINGLE:
			put_bytes(w, &it[i].key, 1);
			break;
		case IT_RAW:
			if (m->raw[it[i].n].single)
				put_bytes(w, &it[i].key, 1);
			else
				enc_raw(&m->raw[it[i].n], w);
			break;
		default:
			rc = enc_known(c, m, it[i].n, w);
			if (rc < 0)
				return rc;
		}
	}

	for (cs = 1; cs < 8; cs++) {
		n = 0;
		for (i = 0; i < m->nraw; i++)
			if (m->raw[i].codeset == cs)
				it[n++] = (struct enc_item){ m->raw[i].id, IT_RAW, (uint8_t)i };
		if (!n)
			continue;
		sort_items(it, n);
		shift = (uint8_t)(Q931_IE_SHIFT | cs);
		put_bytes(w, &shift, 1);
		for (i = 0; i < n; i++) {
			if (m->raw[it[i].n].single)
				put_bytes(w, &it[i].key, 1);
			else
				enc_raw(&m->raw[it[i].n], w);
		}
	}
	return 0;
}

int q931_encode(const struct q931_codec *c, enum q931_dir dir, const struct q931_msg *m,
		uint8_t *buf, size_t cap)
{
	const struct q931_msg_desc *md = q931_msg_desc_inline(m->type);
	struct q931_wbuf w = { buf, 0, buf ? cap : 0 };
	uint8_t hdr[5], *o = cap >= sizeof(hdr) && buf ? buf : hdr;
	size_t n = 0;
	int rc;

	rc = check_msg(dir, m, md);
	if (rc < 0)
		return rc;
	/* the header straight into @buf when it surely fits, else through @hdr */
	o[n++] = Q931_PD;
	o[n++] = m->cref_len;
	if (m->cref_len == 1)
		o[n++] = (m->cref_flag ? 0x80 : 0) | m->cref;
	if (m->cref_len == 2) {
		o[n++] = (m->cref_flag ? 0x80 : 0) | m->cref >> 8;
		o[n++] = m->cref & 0xff;
	}
	o[n++] = m->type;
	if (o == hdr)
		put_bytes(&w, hdr, n);
	else
		w.len = n;

	rc = m->nraw ? enc_with_raw(c, m, &w) : enc_plain(c, m, &w);
	if (rc < 0)
		return rc;
	if (w.len > w.cap)
		return TEL_ENOSPC;
	return (int)w.len;
}
