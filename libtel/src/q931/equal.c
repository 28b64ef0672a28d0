// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Field-by-field comparison of decoded Q.931 messages, for round-trip
 * checks (tests, fuzzing) and tools. Byte fields compare by content.
 */
#include <string.h>

#include "q931/q931.h"

static bool mem_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	return n == 0 || (a && b && memcmp(a, b, n) == 0);
}

static bool bytes_eq(const struct q931_bytes *a, const struct q931_bytes *b)
{
	return a->len == b->len && mem_eq(a->p, b->p, a->len);
}

static bool number_eq(const struct q931_number *a, const struct q931_number *b)
{
	return a->type == b->type && a->plan == b->plan && a->has_pres == b->has_pres &&
	       (!a->has_pres || (a->pres == b->pres && a->screen == b->screen)) &&
	       a->has_reason == b->has_reason && (!a->has_reason || a->reason == b->reason) &&
	       a->len == b->len && mem_eq(a->digits, b->digits, a->len);
}

static bool bearer_eq(const struct q931_bearer *a, const struct q931_bearer *b)
{
	return a->coding == b->coding && a->itc == b->itc && a->mode == b->mode &&
	       a->rate == b->rate && a->has_mult == b->has_mult &&
	       (!a->has_mult || a->mult == b->mult) && a->has_l1 == b->has_l1 &&
	       (!a->has_l1 || (a->l1 == b->l1 && a->l1_cont == b->l1_cont)) &&
	       bytes_eq(&a->rest, &b->rest);
}

static bool chan_eq(const struct q931_chanid *a, const struct q931_chanid *b)
{
	if (a->pri != b->pri || a->exclusive != b->exclusive || a->dchan != b->dchan ||
	    a->sel != b->sel || a->has_int_id != b->has_int_id ||
	    (a->has_int_id && a->int_id != b->int_id) || a->has_chans != b->has_chans)
		return false;
	if (!a->has_chans)
		return true;
	if (a->coding != b->coding || a->map != b->map || a->chan_type != b->chan_type)
		return false;
	if (a->map)
		return a->map_octets == b->map_octets && a->slotmap == b->slotmap;
	return a->nchans == b->nchans && a->nchans <= Q931_MAX_CHANS &&
	       memcmp(a->chans, b->chans, a->nchans) == 0;
}

static bool cause_eq(const struct q931_cause *a, const struct q931_cause *b)
{
	return a->coding == b->coding && a->location == b->location &&
	       a->has_rec == b->has_rec && (!a->has_rec || a->rec == b->rec) &&
	       a->value == b->value && a->diag_len == b->diag_len &&
	       mem_eq(a->diag, b->diag, a->diag_len);
}

static bool raw_after(const struct q931_raw_ie *a, const struct q931_raw_ie *b)
{
	return a->codeset > b->codeset || (a->codeset == b->codeset && a->id > b->id);
}

/* Opaque IEs in encoder order: by codeset, then identifier, stable. */
static unsigned int raw_order(const struct q931_msg *m, const struct q931_raw_ie **out)
{
	unsigned int n = m->nraw < Q931_MAX_RAW ? m->nraw : Q931_MAX_RAW, i, j;

	for (i = 0; i < n; i++) {
		const struct q931_raw_ie *x = &m->raw[i];

		for (j = i; j > 0 && raw_after(out[j - 1], x); j--)
			out[j] = out[j - 1];
		out[j] = x;
	}
	return n;
}

static bool raw_eq(const struct q931_msg *a, const struct q931_msg *b)
{
	const struct q931_raw_ie *ra[Q931_MAX_RAW], *rb[Q931_MAX_RAW];
	unsigned int n = raw_order(a, ra), i;

	if (n != raw_order(b, rb))
		return false;
	for (i = 0; i < n; i++)
		if (ra[i]->codeset != rb[i]->codeset || ra[i]->id != rb[i]->id ||
		    ra[i]->single != rb[i]->single ||
		    ra[i]->comprehension_required != rb[i]->comprehension_required ||
		    !bytes_eq(&ra[i]->body, &rb[i]->body))
			return false;
	return true;
}

bool q931_msg_equal(const struct q931_msg *a, const struct q931_msg *b)
{
	unsigned int i;

	if (a->pd != b->pd || a->cref_len != b->cref_len || a->cref_flag != b->cref_flag ||
	    a->cref != b->cref || a->type != b->type || a->present != b->present ||
	    a->sending_complete != b->sending_complete || a->more_data != b->more_data ||
	    a->has_congestion != b->has_congestion || a->has_repeat != b->has_repeat ||
	    (a->has_congestion && a->congestion != b->congestion) ||
	    (a->has_repeat && a->repeat != b->repeat))
		return false;
	if (Q931_HAS(a, Q931_I_BEARER_CAP) && !bearer_eq(&a->bearer, &b->bearer))
		return false;
	if (Q931_HAS(a, Q931_I_CAUSE)) {
		if (a->ncauses != b->ncauses || a->ncauses > Q931_MAX_CAUSES)
			return false;
		for (i = 0; i < a->ncauses; i++)
			if (!cause_eq(&a->cause[i], &b->cause[i]))
				return false;
	}
	if (Q931_HAS(a, Q931_I_CALL_STATE) && (a->call_state != b->call_state ||
					       a->call_state_coding != b->call_state_coding))
		return false;
	if (Q931_HAS(a, Q931_I_CHANNEL_ID) && !chan_eq(&a->chan, &b->chan))
		return false;
	if (Q931_HAS(a, Q931_I_FACILITY) && !bytes_eq(&a->facility, &b->facility))
		return false;
	if (Q931_HAS(a, Q931_I_PROGRESS)) {
		if (a->nprogress != b->nprogress || a->nprogress > Q931_MAX_PROGRESS)
			return false;
		for (i = 0; i < a->nprogress; i++)
			if (a->progress[i].coding != b->progress[i].coding ||
			    a->progress[i].location != b->progress[i].location ||
			    a->progress[i].desc != b->progress[i].desc)
				return false;
	}
	if (Q931_HAS(a, Q931_I_NOTIFY) && (a->notify.desc != b->notify.desc ||
					   !bytes_eq(&a->notify.rest, &b->notify.rest)))
		return false;
	if ((Q931_HAS(a, Q931_I_DISPLAY) &&
	     (a->display.has_type != b->display.has_type || a->display.type != b->display.type ||
	      !bytes_eq(&a->display.text, &b->display.text))) ||
	    (Q931_HAS(a, Q931_I_KEYPAD) && !bytes_eq(&a->keypad, &b->keypad)) ||
	    (Q931_HAS(a, Q931_I_SIGNAL) && a->signal != b->signal) ||
	    (Q931_HAS(a, Q931_I_CONNECTED_NUM) && !number_eq(&a->connected, &b->connected)) ||
	    (Q931_HAS(a, Q931_I_CALLING_NUM) && !number_eq(&a->calling, &b->calling)) ||
	    (Q931_HAS(a, Q931_I_CALLED_NUM) && !number_eq(&a->called, &b->called)) ||
	    (Q931_HAS(a, Q931_I_REDIRECTING_NUM) &&
	     !number_eq(&a->redirecting, &b->redirecting)) ||
	    (Q931_HAS(a, Q931_I_RESTART_IND) && a->restart_class != b->restart_class) ||
	    (Q931_HAS(a, Q931_I_LLC) && !bytes_eq(&a->llc, &b->llc)) ||
	    (Q931_HAS(a, Q931_I_HLC) && !bytes_eq(&a->hlc, &b->hlc)))
		return false;
	if (Q931_HAS(a, Q931_I_USER_USER) &&
	    (a->uui.pd != b->uui.pd || a->uui.len != b->uui.len ||
	     !mem_eq(a->uui.data, b->uui.data, a->uui.len)))
		return false;
	return raw_eq(a, b);
}
