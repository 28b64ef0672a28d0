// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public decoder (<libtel/decode.h>): the LAPD frame codec and the Q.931
 * decoder that call control uses, their results copied into the documented
 * structs. No decoding of its own.
 */
#include <string.h>

#include "lapd/frame.h"
#include "libtel/decode.h"
#include "q931/q931.h"

/* The public enums are the internal ones, value for value. */
#define SAME(a, b) ((int)(a) == (int)(b))
_Static_assert(SAME(TEL_FRAME_I, LAPD_I) && SAME(TEL_FRAME_RR, LAPD_RR) && SAME(TEL_FRAME_REJ, LAPD_REJ) &&
	       SAME(TEL_FRAME_SABME, LAPD_SABME) && SAME(TEL_FRAME_DISC, LAPD_DISC) &&
	       SAME(TEL_FRAME_UI, LAPD_UI) && SAME(TEL_FRAME_UI + 1, LAPD_FTYPE_COUNT),
	       "enum tel_frame_kind follows enum lapd_ftype");
_Static_assert(SAME(TEL_FRAME_OK, LAPD_OK) && SAME(TEL_FRAME_ESHORT, LAPD_ERR_SHORT) &&
	       SAME(TEL_FRAME_EADDR, LAPD_ERR_ADDR_EA) && SAME(TEL_FRAME_ECONTROL, LAPD_ERR_CONTROL) &&
	       SAME(TEL_FRAME_EINFO, LAPD_ERR_INFO_NOT_ALLOWED) &&
	       SAME(TEL_FRAME_ELENGTH, LAPD_ERR_LENGTH) && SAME(TEL_FRAME_ETOOLONG, LAPD_ERR_TOO_LONG) &&
	       SAME(TEL_FRAME_ETOOLONG + 1, LAPD_ERR_COUNT),
	       "enum tel_frame_status follows enum lapd_err");
_Static_assert(SAME(TEL_Q931_TOO_SHORT, Q931_ERR_TOO_SHORT) &&
	       SAME(TEL_Q931_UNKNOWN_MSG, Q931_ERR_UNKNOWN_MSG) &&
	       SAME(TEL_Q931_MANDATORY_MISSING, Q931_ERR_MANDATORY_MISSING) &&
	       SAME(TEL_Q931_UNKNOWN_IE, Q931_ERR_UNKNOWN_IE) &&
	       SAME(TEL_Q931_UUI_TOO_BIG, Q931_ERR_UUI_TOO_BIG) &&
	       SAME(TEL_Q931_TOO_MANY + 1, Q931_ERR_KIND_COUNT),
	       "enum tel_q931_cond_kind follows enum q931_err_kind");
_Static_assert(TEL_DECODE_MAX_CAUSES == Q931_MAX_CAUSES &&
	       TEL_DECODE_MAX_PROGRESS == Q931_MAX_PROGRESS &&
	       TEL_DECODE_MAX_CHANS == Q931_MAX_CHANS && TEL_DECODE_MAX_RAW == Q931_MAX_RAW &&
	       TEL_DECODE_MAX_CONDS == Q931_MAX_ERRORS,
	       "the public bounds are the decoder's");

static struct tel_bytes bytes(const uint8_t *p, size_t len)
{
	return (struct tel_bytes){ len ? p : NULL, (uint32_t)len };
}

static void number(struct tel_q931_number *o, const struct q931_number *n)
{
	*o = (struct tel_q931_number){
		.present = 1, .type = n->type, .plan = n->plan, .has_pres = n->has_pres,
		.pres = n->pres, .screen = n->screen, .has_reason = n->has_reason,
		.reason = n->reason, .digits = bytes(n->digits, n->len),
	};
}

static void opaque(struct tel_q931_opaque *o, const struct q931_bytes *b)
{
	*o = (struct tel_q931_opaque){ .present = 1, .body = bytes(b->p, b->len) };
}

/* The B-channel a channel identification names, or -1 if none / several. */
static int16_t chanid_bchan(const struct q931_chanid *c)
{
	if (!c->has_chans)
		return -1;
	if (!c->map)
		return c->nchans == 1 ? c->chans[0] : -1;
	if (c->slotmap && !(c->slotmap & (c->slotmap - 1)))
		return (int16_t)(__builtin_ctz(c->slotmap) + 1);
	return -1;
}

static void chanid(struct tel_q931_chanid *o, const struct q931_chanid *c)
{
	*o = (struct tel_q931_chanid){
		.present = 1, .pri = c->pri, .exclusive = c->exclusive, .dchan = c->dchan,
		.sel = c->sel, .has_int_id = c->has_int_id, .int_id = c->int_id,
		.has_chans = c->has_chans, .coding = c->coding, .map = c->map,
		.chan_type = c->chan_type, .nchans = c->nchans, .map_octets = c->map_octets,
		.bchan = chanid_bchan(c), .slotmap = c->slotmap,
	};
	if (c->has_chans && !c->map)
		memcpy(o->chans, c->chans, c->nchans <= Q931_MAX_CHANS ? c->nchans : Q931_MAX_CHANS);
}

/* The fields of an IE are defined only when it is present: copy only those. */
static void from_msg(struct tel_q931 *o, const struct q931_msg *m, int rc)
{
	memset(o, 0, sizeof(*o));
	o->status = rc;
	o->nconds = m->nerr;
	o->conds_overflow = m->err_overflow;
	for (unsigned i = 0; i < m->nerr; i++)
		o->conds[i] = (struct tel_q931_cond){ m->err[i].kind, m->err[i].ie,
						      m->err[i].codeset, m->err[i].mandatory };
	if (rc)
		return;
	o->pd = m->pd;
	o->cref_len = m->cref_len;
	o->cref_flag = m->cref_flag;
	o->type = m->type;
	o->cref = m->cref;
	o->name = q931_msg_name(m->type);
	o->sending_complete = m->sending_complete;
	o->more_data = m->more_data;
	o->has_congestion = m->has_congestion;
	o->congestion = m->congestion;
	o->has_repeat = m->has_repeat;
	o->repeat = m->repeat;

	o->ncauses = m->ncauses;
	for (unsigned i = 0; i < m->ncauses; i++) {
		const struct q931_cause *c = &m->cause[i];

		o->causes[i] = (struct tel_q931_cause){
			.coding = c->coding, .location = c->location, .has_rec = c->has_rec,
			.rec = c->rec, .value = c->value, .name = q931_cause_name(c->value),
			.diag = bytes(c->diag, c->diag_len),
		};
	}
	o->nprogress = m->nprogress;
	for (unsigned i = 0; i < m->nprogress; i++)
		o->progress[i] = (struct tel_q931_progress){ m->progress[i].coding,
							     m->progress[i].location,
							     m->progress[i].desc, 0 };
	o->nraw = m->nraw;
	for (unsigned i = 0; i < m->nraw; i++) {
		const struct q931_raw_ie *r = &m->raw[i];

		o->raw[i] = (struct tel_q931_raw){ r->codeset, r->id, r->single,
						   r->comprehension_required,
						   bytes(r->body.p, r->body.len) };
	}
	if (Q931_HAS(m, Q931_I_BEARER_CAP))
		o->bearer = (struct tel_q931_bearer){
			.present = 1, .coding = m->bearer.coding, .itc = m->bearer.itc,
			.mode = m->bearer.mode, .rate = m->bearer.rate,
			.has_mult = m->bearer.has_mult, .mult = m->bearer.mult,
			.has_l1 = m->bearer.has_l1, .l1 = m->bearer.l1,
			.l1_cont = m->bearer.l1_cont,
			.rest = bytes(m->bearer.rest.p, m->bearer.rest.len),
		};
	if (Q931_HAS(m, Q931_I_CALL_STATE)) {
		o->has_call_state = 1;
		o->call_state = m->call_state;
		o->call_state_coding = m->call_state_coding;
	}
	if (Q931_HAS(m, Q931_I_CHANNEL_ID))
		chanid(&o->chan, &m->chan);
	if (Q931_HAS(m, Q931_I_FACILITY))
		opaque(&o->facility, &m->facility);
	if (Q931_HAS(m, Q931_I_NOTIFY)) {
		o->has_notify = 1;
		o->notify = m->notify.desc;
		o->notify_rest = bytes(m->notify.rest.p, m->notify.rest.len);
	}
	if (Q931_HAS(m, Q931_I_DISPLAY))
		o->display = (struct tel_q931_display){
			.present = 1, .has_type = m->display.has_type, .type = m->display.type,
			.text = bytes(m->display.text.p, m->display.text.len),
		};
	if (Q931_HAS(m, Q931_I_KEYPAD))
		opaque(&o->keypad, &m->keypad);
	if (Q931_HAS(m, Q931_I_SIGNAL)) {
		o->has_signal = 1;
		o->signal = m->signal;
	}
	if (Q931_HAS(m, Q931_I_CONNECTED_NUM))
		number(&o->connected, &m->connected);
	if (Q931_HAS(m, Q931_I_CALLING_NUM))
		number(&o->calling, &m->calling);
	if (Q931_HAS(m, Q931_I_CALLED_NUM))
		number(&o->called, &m->called);
	if (Q931_HAS(m, Q931_I_REDIRECTING_NUM))
		number(&o->redirecting, &m->redirecting);
	if (Q931_HAS(m, Q931_I_RESTART_IND)) {
		o->has_restart = 1;
		o->restart_class = m->restart_class;
	}
	if (Q931_HAS(m, Q931_I_LLC))
		opaque(&o->llc, &m->llc);
	if (Q931_HAS(m, Q931_I_HLC))
		opaque(&o->hlc, &m->hlc);
	if (Q931_HAS(m, Q931_I_USER_USER))
		o->uui = (struct tel_q931_uui){ .present = 1, .pd = m->uui.pd,
						.data = bytes(m->uui.data, m->uui.len) };
}

static int start(const struct tel_decode_cfg *cfg, enum tel_side sender, const void *in,
		 size_t len, struct tel_decoded *out, struct q931_codec *codec)
{
	if (!out || (!in && len) || len > 65535 || (cfg && cfg->uui_max > 65535) ||
	    (sender != TEL_SIDE_USER && sender != TEL_SIDE_NETWORK))
		return TEL_EINVAL;
	memset(out, 0, sizeof(*out));
	out->sender = (uint8_t)sender;
	out->len = (uint32_t)len;
	out->data = len ? in : NULL;
	q931_codec_init(codec);
	if (cfg)
		codec->uui_max = (uint16_t)cfg->uui_max;
	return 0;
}

static void decode_q931(const struct q931_codec *codec, struct tel_decoded *out,
			const uint8_t *p, size_t len)
{
	struct q931_msg m;
	int rc = q931_decode(codec, out->sender == TEL_SIDE_NETWORK ? Q931_NET_TO_USER :
			     Q931_USER_TO_NET, p, len, &m);

	out->has_q931 = 1;
	from_msg(&out->q931, &m, rc);
}

int tel_decode_q931(const struct tel_decode_cfg *cfg, enum tel_side sender, const void *msg,
		    size_t len, struct tel_decoded *out)
{
	struct q931_codec codec;
	int rc = start(cfg, sender, msg, len, out, &codec);

	if (rc)
		return rc;
	decode_q931(&codec, out, msg, len);
	return 0;
}

int tel_decode_frame(const struct tel_decode_cfg *cfg, enum tel_side sender, const void *frame,
		     size_t len, struct tel_decoded *out)
{
	struct q931_codec codec;
	struct lapd_frame lf;
	enum lapd_err le;
	struct tel_lapd_frame *o;
	int rc = start(cfg, sender, frame, len, out, &codec);

	if (rc)
		return rc;
	o = &out->frame;
	out->has_frame = 1;
	memset(&lf, 0, sizeof(lf));
	le = lapd_frame_decode(frame, len, &lf);
	o->status = (uint8_t)le;
	/* what lapd_frame_decode() fills for each outcome */
	o->has_addr = le == LAPD_OK || le == LAPD_ERR_TOO_LONG || le == LAPD_ERR_INFO_NOT_ALLOWED ||
		      le == LAPD_ERR_LENGTH || le == LAPD_ERR_CONTROL;
	o->has_control = le == LAPD_OK || le == LAPD_ERR_TOO_LONG;
	if (o->has_addr) {
		bool by_net = sender == TEL_SIDE_NETWORK;

		o->sapi = lf.sapi;
		o->tei = lf.tei;
		o->cr = lf.cr;
		o->command = lapd_is_command(&lf, by_net);
	}
	if (!o->has_control)
		return 0;
	o->kind = (uint8_t)lf.type;
	o->has_ns = lf.type == LAPD_I;
	o->ns = o->has_ns ? lf.ns : 0;
	o->has_nr = lf.type <= LAPD_REJ;
	o->nr = o->has_nr ? lf.nr : 0;
	o->pf = lf.pf;
	o->info = bytes(lf.info, lf.info_len);
	if (lf.sapi == LAPD_SAPI_CC && (lf.type == LAPD_I || lf.type == LAPD_UI) && lf.info_len)
		decode_q931(&codec, out, lf.info, lf.info_len);
	return 0;
}

/* ----------------------------------------------------------------- names --- */

const char *tel_frame_kind_name(unsigned kind)
{
	return lapd_ftype_name(kind < LAPD_FTYPE_COUNT ? (enum lapd_ftype)kind : LAPD_FTYPE_COUNT);
}

const char *tel_frame_status_text(unsigned status)
{
	return lapd_strerror(status < LAPD_ERR_COUNT ? (enum lapd_err)status : LAPD_ERR_COUNT);
}

const char *tel_cause_location_name(unsigned loc)
{
	static const char *const names[16] = {
		[0] = "user",
		[1] = "private network serving the local user",
		[2] = "public network serving the local user",
		[3] = "transit network",
		[4] = "public network serving the remote user",
		[5] = "private network serving the remote user",
		[7] = "international network",
		[10] = "network beyond interworking point",
	};

	return loc < 16 && names[loc] ? names[loc] : "reserved";
}

const char *tel_uui_pd_name(unsigned pd)
{
	switch (pd) {
	case 0x00: return "user-specific";
	case 0x01: return "OSI high layer";
	case 0x02: return "X.244";
	case 0x04: return "IA5 characters";
	case 0x05: return "X.208/X.209";
	case 0x07: return "V.120";
	case 0x08: return "Q.931";
	default: return "other";
	}
}

const char *tel_q931_msg_name(unsigned type)
{
	return type < 256 ? q931_msg_name((uint8_t)type) : NULL;
}

const char *tel_q931_cause_name(unsigned value)
{
	return value < 256 ? q931_cause_name((uint8_t)value) : NULL;
}

const char *tel_q931_ie_name(unsigned id)
{
	return id < 256 ? q931_ie_name((uint8_t)id) : NULL;
}

int tel_decode_cond_text(const struct tel_q931_cond *c, char *buf, size_t len)
{
	const char *kind, *ie;

	if (!c) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	kind = q931_err_name((enum q931_err_kind)c->kind);
	ie = c->ie ? q931_ie_name(c->ie) : NULL;
	if (!c->ie && c->kind != Q931_ERR_UNKNOWN_IE)
		return snprintf(buf, len, "%s", kind);
	if (c->codeset)
		return snprintf(buf, len, "%s: codeset %u IE 0x%02x", kind, c->codeset, c->ie);
	return snprintf(buf, len, "%s: %s%s0x%02x%s%s", kind, ie ? ie : "IE ", ie ? " (" : "",
			c->ie, ie ? ")" : "", c->mandatory ? ", mandatory" : "");
}
