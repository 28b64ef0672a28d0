// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 information elements: one decode and one encode function per
 * codeset-0 IE this codec understands, and the IE descriptor table.
 *
 * Decoders see only the IE's contents (identifier and length octets already
 * consumed, length already checked against the descriptor's min/max) and
 * point into the message's bytes: nothing is copied. The message is not
 * cleared before decoding (q931_decode), so each decoder writes or clears
 * every field of its IE.
 *
 * Encoders validate, gather their fixed octets in a small local array and
 * finish with put_ie(), which knows the whole length before writing: the
 * contents go straight into the transmit buffer with no check per octet,
 * or, when they do not fit, nothing is written and the length is still
 * returned (q931_encode then reports TEL_ENOSPC).
 *
 * Extension bits (bit 8) that Q.931 fixes at 1 are checked on decode: a 0
 * where no further octet is defined is a content error.
 */
#include <stddef.h>
#include <string.h>

#include "libtel/tel.h"
#include "q931/q931.h"

#define EXT	0x80

/*
 * The end of every encoder: @k fixed octets at @o, then @len octets at @p,
 * written to @out only if all of them fit in @room. Returns the contents
 * length, or TEL_EINVAL when it is more than an IE can carry.
 */
static int put_ie(uint8_t *out, size_t room, const uint8_t *o, size_t k, const uint8_t *p,
		  size_t len)
{
	size_t n = k + len, i;

	if (n > Q931_IE_MAX)
		return TEL_EINVAL;
	if (n <= room) {
		for (i = 0; i < k; i++)
			out[i] = o[i];
		if (len)
			memcpy(out + k, p, len);
	}
	return (int)n;
}

static struct q931_bytes bytes(const uint8_t *p, size_t len)
{
	struct q931_bytes b = { p, (uint16_t)len };

	return b;
}

/* ---- Bearer capability (0x04) ------------------------------------------ */

static int dec_bearer(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		      size_t len)
{
	struct q931_bearer *b = &m->bearer;
	size_t i = 2;

	(void)c;
	memset(b, 0, sizeof(*b));
	if (!(p[0] & EXT) || !(p[1] & EXT))	/* octets 3a, 4a/4b are not defined */
		return Q931_DEC_BAD;
	b->coding = (p[0] >> 5) & 3;
	b->itc = p[0] & 0x1f;
	b->mode = (p[1] >> 5) & 3;
	b->rate = p[1] & 0x1f;
	if (b->rate == 0x18) {			/* multirate: octet 4.1 */
		if (len < 3 || !(p[2] & EXT))
			return Q931_DEC_BAD;
		b->has_mult = true;
		b->mult = p[2] & 0x7f;
		i = 3;
	}
	if (i < len && (p[i] & 0x60) == 0x20) {	/* layer 1 identification: octet 5 */
		b->has_l1 = true;
		b->l1 = p[i] & 0x1f;
		b->l1_cont = !(p[i] & EXT);
		i++;
		if (b->l1_cont && i == len)	/* octet 5a announced, missing */
			return Q931_DEC_BAD;
	}
	b->rest = bytes(p + i, len - i);
	return Q931_DEC_OK;
}

static int enc_bearer(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		      uint8_t *out, size_t room)
{
	const struct q931_bearer *b = &m->bearer;
	uint8_t o[4];
	size_t n = 0;

	(void)c;
	(void)rep;
	if (b->coding > 3 || b->itc > 0x1f || b->mode > 3 || b->rate > 0x1f)
		return TEL_EINVAL;
	if (b->has_mult != (b->rate == 0x18) || b->mult > 0x7f)
		return TEL_EINVAL;
	if (b->has_l1 && (b->l1 > 0x1f || (b->l1_cont && !b->rest.len)))
		return TEL_EINVAL;
	/* without octet 5, @rest must not start with something read as octet 5 */
	if (!b->has_l1 && b->rest.len && (b->rest.p[0] & 0x60) == 0x20)
		return TEL_EINVAL;
	o[n++] = EXT | b->coding << 5 | b->itc;
	o[n++] = EXT | b->mode << 5 | b->rate;
	if (b->has_mult)
		o[n++] = EXT | b->mult;
	if (b->has_l1)
		o[n++] = (b->l1_cont ? 0 : EXT) | 0x20 | b->l1;
	return put_ie(out, room, o, n, b->rest.p, b->rest.len);
}

/* ---- Cause (0x08), Q.850 ------------------------------------------------ */

static int dec_cause(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		     size_t len)
{
	struct q931_cause *k = &m->cause[m->ncauses];
	size_t i = 1;

	(void)c;
	memset(k, 0, sizeof(*k));
	k->coding = (p[0] >> 5) & 3;
	k->location = p[0] & 0x0f;
	if (!(p[0] & EXT)) {			/* octet 3a: recommendation */
		if (!(p[1] & EXT))
			return Q931_DEC_BAD;
		k->has_rec = true;
		k->rec = p[1] & 0x7f;
		i = 2;
	}
	if (i >= len || !(p[i] & EXT))
		return Q931_DEC_BAD;
	k->value = p[i] & 0x7f;
	i++;
	k->diag_len = (uint8_t)(len - i);
	k->diag = p + i;
	m->ncauses++;
	return Q931_DEC_OK;
}

static int enc_cause(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		     uint8_t *out, size_t room)
{
	const struct q931_cause *k = &m->cause[rep];
	uint8_t o[3];
	size_t n = 0;

	(void)c;
	if (k->coding > 3 || k->location > 15 || k->rec > 0x7f || k->value > 0x7f)
		return TEL_EINVAL;
	if (k->diag_len && !k->diag)
		return TEL_EINVAL;
	o[n++] = (k->has_rec ? 0 : EXT) | k->coding << 5 | k->location;
	if (k->has_rec)
		o[n++] = EXT | k->rec;
	o[n++] = EXT | k->value;
	return put_ie(out, room, o, n, k->diag, k->diag_len);
}

/* ---- Call state (0x14) --------------------------------------------------- */

static int dec_call_state(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
			  size_t len)
{
	(void)c;
	(void)len;
	m->call_state_coding = p[0] >> 6;
	m->call_state = p[0] & 0x3f;
	return Q931_DEC_OK;
}

static int enc_call_state(const struct q931_codec *c, const struct q931_msg *m,
			  unsigned int rep, uint8_t *out, size_t room)
{
	uint8_t o;

	(void)c;
	(void)rep;
	if (m->call_state > 0x3f || m->call_state_coding > 3)
		return TEL_EINVAL;
	o = (uint8_t)(m->call_state_coding << 6 | m->call_state);
	return put_ie(out, room, &o, 1, NULL, 0);
}

/* ---- Channel identification (0x18) --------------------------------------- */

/*
 * Octet 3: ext | int id present | int type (1 = PRI) | spare | excl | D | sel.
 * Octet 3.1 (interface identifier) only when bit 7 is set; a single octet is
 * supported. On PRI, octets 3.2 (coding, number/map, channel type) and 3.3
 * (channel numbers, each with ext bit, last with ext = 1; or a 3/4-octet
 * slot map) follow if there are more octets. BRI has no 3.2/3.3.
 */
static int dec_chanid(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		      size_t len)
{
	struct q931_chanid *ch = &m->chan;
	size_t i = 1, j;

	(void)c;
	q931_chanid_clear(ch);
	if (!(p[0] & EXT) || (p[0] & 0x10))
		return Q931_DEC_BAD;
	ch->pri = p[0] & 0x20;
	ch->exclusive = p[0] & 0x08;
	ch->dchan = p[0] & 0x04;
	ch->sel = p[0] & 0x03;
	if (p[0] & 0x40) {
		if (i >= len || !(p[i] & EXT))
			return Q931_DEC_BAD;
		ch->has_int_id = true;
		ch->int_id = p[i++] & 0x7f;
	}
	if (i == len)
		return Q931_DEC_OK;
	if (!ch->pri || !(p[i] & EXT))
		return Q931_DEC_BAD;
	ch->has_chans = true;
	ch->coding = (p[i] >> 5) & 3;
	ch->map = p[i] & 0x10;
	ch->chan_type = p[i] & 0x0f;
	i++;
	if (ch->map) {
		if (len - i != 3 && len - i != 4)
			return Q931_DEC_BAD;
		ch->map_octets = (uint8_t)(len - i);
		for (; i < len; i++)
			ch->slotmap = ch->slotmap << 8 | p[i];
		return Q931_DEC_OK;
	}
	for (j = i; j < len; j++) {
		if (ch->nchans == Q931_MAX_CHANS)
			return Q931_DEC_BAD;
		ch->chans[ch->nchans++] = p[j] & 0x7f;
		if (p[j] & EXT)
			break;
	}
	/* the last number carries ext = 1 and ends the IE */
	if (j < len ? j + 1 != len : ch->nchans > 0)
		return Q931_DEC_BAD;
	return Q931_DEC_OK;
}

static int enc_chanid(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		      uint8_t *out, size_t room)
{
	const struct q931_chanid *ch = &m->chan;
	uint8_t o[3 + Q931_MAX_CHANS];
	size_t n = 0;
	unsigned int i;

	(void)c;
	(void)rep;
	if (ch->sel > 3 || ch->int_id > 0x7f)
		return TEL_EINVAL;
	o[n++] = EXT | ch->has_int_id << 6 | ch->pri << 5 | ch->exclusive << 3 |
		 ch->dchan << 2 | ch->sel;
	if (ch->has_int_id)
		o[n++] = EXT | ch->int_id;
	if (!ch->has_chans)
		goto out;
	if (!ch->pri || ch->coding > 3 || ch->chan_type > 15)
		return TEL_EINVAL;
	o[n++] = EXT | ch->coding << 5 | ch->map << 4 | ch->chan_type;
	if (ch->map) {
		if (ch->map_octets != 3 && ch->map_octets != 4)
			return TEL_EINVAL;
		if (ch->map_octets == 3 && ch->slotmap >> 24)
			return TEL_EINVAL;
		for (i = ch->map_octets; i > 0; i--)
			o[n++] = (uint8_t)(ch->slotmap >> (8 * (i - 1)));
		goto out;
	}
	if (ch->nchans > Q931_MAX_CHANS)
		return TEL_EINVAL;
	for (i = 0; i < ch->nchans; i++) {
		if (ch->chans[i] > 0x7f)
			return TEL_EINVAL;
		o[n++] = (i + 1 == ch->nchans ? EXT : 0) | ch->chans[i];
	}
out:
	return put_ie(out, room, o, n, NULL, 0);
}

/* ---- Opaque octet strings: facility, keypad, LLC, HLC --------------------- */

#define OPAQUE_IE(name, field)							\
static int dec_##name(const struct q931_codec *c, struct q931_msg *m,		\
		      const uint8_t *p, size_t len)				\
{										\
	(void)c;								\
	m->field = bytes(p, len);						\
	return Q931_DEC_OK;							\
}										\
static int enc_##name(const struct q931_codec *c, const struct q931_msg *m,	\
		      unsigned int rep, uint8_t *out, size_t room)		\
{										\
	(void)c;								\
	(void)rep;								\
	if (m->field.len && !m->field.p)					\
		return TEL_EINVAL;						\
	return put_ie(out, room, NULL, 0, m->field.p, m->field.len);		\
}

OPAQUE_IE(facility, facility)
OPAQUE_IE(keypad, keypad)
OPAQUE_IE(llc, llc)
OPAQUE_IE(hlc, hlc)

/* ---- Display (0x28) ------------------------------------------------------ */

/* A first octet with bit 8 set is the display type (NI-2); the rest is text. */
static int dec_display(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		       size_t len)
{
	struct q931_display *d = &m->display;
	size_t k = (p[0] & EXT) ? 1 : 0;

	(void)c;
	d->has_type = k != 0;
	d->type = k ? p[0] : 0;
	d->text = bytes(p + k, len - k);
	return Q931_DEC_OK;
}

static int enc_display(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		       uint8_t *out, size_t room)
{
	const struct q931_display *d = &m->display;

	(void)c;
	(void)rep;
	if (d->text.len && !d->text.p)
		return TEL_EINVAL;
	/* a type octet has bit 8 set; text without one must not open with such an octet */
	if (d->has_type ? !(d->type & EXT) : d->text.len && (d->text.p[0] & EXT))
		return TEL_EINVAL;
	return put_ie(out, room, &d->type, d->has_type, d->text.p, d->text.len);
}

/* ---- Progress indicator (0x1E) ------------------------------------------- */

static int dec_progress(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
			size_t len)
{
	struct q931_progress *pi = &m->progress[m->nprogress];

	(void)c;
	(void)len;
	if (!(p[0] & EXT) || !(p[1] & EXT))
		return Q931_DEC_BAD;
	pi->coding = (p[0] >> 5) & 3;
	pi->location = p[0] & 0x0f;
	pi->desc = p[1] & 0x7f;
	m->nprogress++;
	return Q931_DEC_OK;
}

static int enc_progress(const struct q931_codec *c, const struct q931_msg *m,
			unsigned int rep, uint8_t *out, size_t room)
{
	const struct q931_progress *pi = &m->progress[rep];
	uint8_t o[2];

	(void)c;
	if (pi->coding > 3 || pi->location > 15 || pi->desc > 0x7f)
		return TEL_EINVAL;
	o[0] = EXT | pi->coding << 5 | pi->location;
	o[1] = EXT | pi->desc;
	return put_ie(out, room, o, 2, NULL, 0);
}

/* ---- Notification indicator (0x27) --------------------------------------- */

static int dec_notify(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		      size_t len)
{
	(void)c;
	if (!(p[0] & EXT))
		return Q931_DEC_BAD;
	m->notify.desc = p[0] & 0x7f;
	m->notify.rest = bytes(p + 1, len - 1);
	return Q931_DEC_OK;
}

static int enc_notify(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		      uint8_t *out, size_t room)
{
	uint8_t o;

	(void)c;
	(void)rep;
	if (m->notify.desc > 0x7f || (m->notify.rest.len && !m->notify.rest.p))
		return TEL_EINVAL;
	o = EXT | m->notify.desc;
	return put_ie(out, room, &o, 1, m->notify.rest.p, m->notify.rest.len);
}

/* ---- Signal (0x34) ------------------------------------------------------- */

static int dec_signal(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		      size_t len)
{
	(void)c;
	(void)len;
	m->signal = p[0];
	return Q931_DEC_OK;
}

static int enc_signal(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		      uint8_t *out, size_t room)
{
	(void)c;
	(void)rep;
	return put_ie(out, room, &m->signal, 1, NULL, 0);
}

/* ---- Party numbers (0x4C, 0x6C, 0x70, 0x74) ------------------------------ */

/* @octets: how many of octets 3, 3a, 3b the IE may have (1 called, 2, 3 redirecting). */
static int dec_number(struct q931_number *n, unsigned int octets, const uint8_t *p,
		      size_t len)
{
	size_t i = 1;

	memset(n, 0, sizeof(*n));
	n->type = (p[0] >> 4) & 7;
	n->plan = p[0] & 0x0f;
	if (!(p[0] & EXT)) {
		if (octets < 2 || i >= len)
			return Q931_DEC_BAD;
		n->has_pres = true;
		n->pres = (p[i] >> 5) & 3;
		n->screen = p[i] & 3;
		if (!(p[i++] & EXT)) {
			if (octets < 3 || i >= len || !(p[i] & EXT))
				return Q931_DEC_BAD;
			n->has_reason = true;
			n->reason = p[i++] & 0x0f;
		}
	}
	n->len = (uint8_t)(len - i);
	n->digits = p + i;
	return Q931_DEC_OK;
}

static int enc_number(const struct q931_number *n, unsigned int octets, uint8_t *out,
		      size_t room)
{
	uint8_t o[3];
	size_t k = 0;

	if (n->type > 7 || n->plan > 15 || n->pres > 3 || n->screen > 3 || n->reason > 15)
		return TEL_EINVAL;
	if ((n->has_pres && octets < 2) || (n->has_reason && (octets < 3 || !n->has_pres)))
		return TEL_EINVAL;
	if (n->len && !n->digits)
		return TEL_EINVAL;
	o[k++] = (n->has_pres ? 0 : EXT) | n->type << 4 | n->plan;
	if (n->has_pres)
		o[k++] = (n->has_reason ? 0 : EXT) | n->pres << 5 | n->screen;
	if (n->has_reason)
		o[k++] = EXT | n->reason;
	return put_ie(out, room, o, k, n->digits, n->len);
}

#define NUMBER_IE(name, octets)							\
static int dec_##name(const struct q931_codec *c, struct q931_msg *m,		\
		      const uint8_t *p, size_t len)				\
{										\
	(void)c;								\
	return dec_number(&m->name, octets, p, len);				\
}										\
static int enc_##name(const struct q931_codec *c, const struct q931_msg *m,	\
		      unsigned int rep, uint8_t *out, size_t room)		\
{										\
	(void)c;								\
	(void)rep;								\
	return enc_number(&m->name, octets, out, room);				\
}

NUMBER_IE(connected, 2)
NUMBER_IE(calling, 2)
NUMBER_IE(called, 1)
NUMBER_IE(redirecting, 3)

/* ---- Restart indicator (0x79) -------------------------------------------- */

static int dec_restart(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		       size_t len)
{
	(void)c;
	(void)len;
	if (!(p[0] & EXT))
		return Q931_DEC_BAD;
	m->restart_class = p[0] & 0x07;
	return Q931_DEC_OK;
}

static int enc_restart(const struct q931_codec *c, const struct q931_msg *m,
		       unsigned int rep, uint8_t *out, size_t room)
{
	uint8_t o;

	(void)c;
	(void)rep;
	if (m->restart_class > 7)
		return TEL_EINVAL;
	o = EXT | m->restart_class;
	return put_ie(out, room, &o, 1, NULL, 0);
}

/* ---- User-user (0x7E) ---------------------------------------------------- */

/* Too big for the line is reported, never cut: @data covers every octet. */
static int dec_uui(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		   size_t len)
{
	m->uui.pd = p[0];
	m->uui.len = (uint16_t)(len - 1);
	m->uui.data = p + 1;
	return q931_uui_fits(c, m->uui.len) ? Q931_DEC_OK : Q931_DEC_UUI_BIG;
}

static int enc_uui(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		   uint8_t *out, size_t room)
{
	(void)rep;
	if (!q931_uui_fits(c, m->uui.len))
		return TEL_EUUITOOBIG;
	if (m->uui.len && !m->uui.data)
		return TEL_EINVAL;
	return put_ie(out, room, &m->uui.pd, 1, m->uui.data, m->uui.len);
}

/* ---- Tables -------------------------------------------------------------- */

#define IE(idx, ident, nm, mn, mx, dec, enc) \
	[idx] = { .id = ident, .name = nm, .min_len = mn, .max_len = mx, .max_rep = 1, \
		  .decode = dec, .encode = enc }
#define IE_REP(idx, ident, nm, mn, mx, rep, cnt, dec, enc) \
	[idx] = { .id = ident, .name = nm, .min_len = mn, .max_len = mx, .max_rep = rep, \
		  .count_off = offsetof(struct q931_msg, cnt), .decode = dec, .encode = enc }

/*
 * Lengths are of the contents; maxima follow Q.931 where it sets one and are
 * generous (255) where it says "network dependent". The user-user maximum is
 * the line's uui_max, checked by the IE's functions, not here.
 */
const struct q931_ie_desc q931_ie_table[Q931_I_COUNT] = {
	IE(Q931_I_BEARER_CAP, Q931_IE_BEARER_CAP, "Bearer capability", 2, 12,
	   dec_bearer, enc_bearer),
	IE_REP(Q931_I_CAUSE, Q931_IE_CAUSE, "Cause", 2, 30, Q931_MAX_CAUSES, ncauses,
	       dec_cause, enc_cause),
	IE(Q931_I_CALL_STATE, Q931_IE_CALL_STATE, "Call state", 1, 1,
	   dec_call_state, enc_call_state),
	IE(Q931_I_CHANNEL_ID, Q931_IE_CHANNEL_ID, "Channel identification", 1, 255,
	   dec_chanid, enc_chanid),
	IE(Q931_I_FACILITY, Q931_IE_FACILITY, "Facility", 1, 255, dec_facility, enc_facility),
	IE_REP(Q931_I_PROGRESS, Q931_IE_PROGRESS, "Progress indicator", 2, 2,
	       Q931_MAX_PROGRESS, nprogress, dec_progress, enc_progress),
	IE(Q931_I_NOTIFY, Q931_IE_NOTIFY, "Notification indicator", 1, 255,
	   dec_notify, enc_notify),
	IE(Q931_I_DISPLAY, Q931_IE_DISPLAY, "Display", 1, 82, dec_display, enc_display),
	IE(Q931_I_KEYPAD, Q931_IE_KEYPAD, "Keypad facility", 1, 32, dec_keypad, enc_keypad),
	IE(Q931_I_SIGNAL, Q931_IE_SIGNAL, "Signal", 1, 1, dec_signal, enc_signal),
	IE(Q931_I_CONNECTED_NUM, Q931_IE_CONNECTED_NUM, "Connected number", 1, 255,
	   dec_connected, enc_connected),
	IE(Q931_I_CALLING_NUM, Q931_IE_CALLING_NUM, "Calling party number", 1, 255,
	   dec_calling, enc_calling),
	IE(Q931_I_CALLED_NUM, Q931_IE_CALLED_NUM, "Called party number", 1, 255,
	   dec_called, enc_called),
	IE(Q931_I_REDIRECTING_NUM, Q931_IE_REDIRECTING_NUM, "Redirecting number", 1, 255,
	   dec_redirecting, enc_redirecting),
	IE(Q931_I_RESTART_IND, Q931_IE_RESTART_IND, "Restart indicator", 1, 1,
	   dec_restart, enc_restart),
	IE(Q931_I_LLC, Q931_IE_LLC, "Low layer compatibility", 1, 16, dec_llc, enc_llc),
	IE(Q931_I_HLC, Q931_IE_HLC, "High layer compatibility", 1, 4, dec_hlc, enc_hlc),
	IE(Q931_I_USER_USER, Q931_IE_USER_USER, "User-user", 1, 255, dec_uui, enc_uui),
};

/* IE identifier -> Q931_I_* + 1 (0: not understood). */
const uint8_t q931_ie_index_tab[256] = {
	[Q931_IE_BEARER_CAP] = Q931_I_BEARER_CAP + 1,
	[Q931_IE_CAUSE] = Q931_I_CAUSE + 1,
	[Q931_IE_CALL_STATE] = Q931_I_CALL_STATE + 1,
	[Q931_IE_CHANNEL_ID] = Q931_I_CHANNEL_ID + 1,
	[Q931_IE_FACILITY] = Q931_I_FACILITY + 1,
	[Q931_IE_PROGRESS] = Q931_I_PROGRESS + 1,
	[Q931_IE_NOTIFY] = Q931_I_NOTIFY + 1,
	[Q931_IE_DISPLAY] = Q931_I_DISPLAY + 1,
	[Q931_IE_KEYPAD] = Q931_I_KEYPAD + 1,
	[Q931_IE_SIGNAL] = Q931_I_SIGNAL + 1,
	[Q931_IE_CONNECTED_NUM] = Q931_I_CONNECTED_NUM + 1,
	[Q931_IE_CALLING_NUM] = Q931_I_CALLING_NUM + 1,
	[Q931_IE_CALLED_NUM] = Q931_I_CALLED_NUM + 1,
	[Q931_IE_REDIRECTING_NUM] = Q931_I_REDIRECTING_NUM + 1,
	[Q931_IE_RESTART_IND] = Q931_I_RESTART_IND + 1,
	[Q931_IE_LLC] = Q931_I_LLC + 1,
	[Q931_IE_HLC] = Q931_I_HLC + 1,
	[Q931_IE_USER_USER] = Q931_I_USER_USER + 1,
};

int q931_ie_index(uint8_t id)
{
	return (int)q931_ie_index_tab[id] - 1;
}
