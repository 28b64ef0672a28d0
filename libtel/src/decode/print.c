// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tel_decode_print(): a decoded frame or message as text, or as one JSON
 * object per line. Reads only the public struct, so what it prints is what
 * an application can see.
 */
#include <stdbool.h>
#include <string.h>

#include "libtel/decode.h"

/* ------------------------------------------------------------ JSON writer --- */

#define JW_MAX_DEPTH 8

struct jw {
	FILE *f;
	int depth;
	bool first[JW_MAX_DEPTH];
};

static void jw_escape(FILE *f, const uint8_t *p, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		uint8_t c = p[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Comma and key before a value at the current level. */
static void jw_key(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth])
			fputc(',', w->f);
		w->first[w->depth] = false;
	}
	if (key) {
		jw_escape(w->f, (const uint8_t *)key, strlen(key));
		fputc(':', w->f);
	}
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_key(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	fputc(c, w->f);
	if (w->depth > 0)
		w->depth--;
}

static void jw_int(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	fprintf(w->f, "%lld", v);
}

static void jw_str(struct jw *w, const char *key, const void *p, size_t len)
{
	jw_key(w, key);
	jw_escape(w->f, p, len);
}

static void jw_cstr(struct jw *w, const char *key, const char *s)
{
	jw_str(w, key, s, strlen(s));
}

static void jw_hex(struct jw *w, const char *key, const struct tel_bytes *b)
{
	jw_key(w, key);
	fputc('"', w->f);
	for (size_t i = 0; i < b->len; i++)
		fprintf(w->f, "%02x", b->p[i]);
	fputc('"', w->f);
}

/* ----------------------------------------------------------------- text --- */

#define COND_TEXT 128	/* longer than any condition's sentence */

static void print_hex(FILE *f, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%s%02x", i ? " " : "", p[i]);
}

/* Octets as a quoted string: printable ASCII as is, the rest as \xNN. */
static void print_text_bytes(FILE *f, const struct tel_bytes *b)
{
	fputc('"', f);
	for (size_t i = 0; i < b->len; i++) {
		uint8_t c = b->p[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	fputc('"', f);
}

/* An IE shown as it came: as text (keypad) or as hex octets. */
static void print_opaque(FILE *f, const char *what, const struct tel_q931_opaque *o, bool text)
{
	fprintf(f, "    %s: ", what);
	if (text) {
		print_text_bytes(f, &o->body);
	} else {
		fprintf(f, "%u octets: ", o->body.len);
		print_hex(f, o->body.p, o->body.len);
	}
	fputc('\n', f);
}

static void print_number(FILE *f, const char *what, const struct tel_q931_number *n)
{
	fprintf(f, "    %s: ", what);
	print_text_bytes(f, &n->digits);
	fprintf(f, " type %u plan %u", n->type, n->plan);
	if (n->has_pres)
		fprintf(f, " presentation %u screening %u", n->pres, n->screen);
	if (n->has_reason)
		fprintf(f, " reason %u", n->reason);
	fputc('\n', f);
}

static void print_chanid(FILE *f, const struct tel_q931_chanid *c)
{
	fprintf(f, "    Channel identification: %s, %s", c->pri ? "PRI" : "BRI",
		c->exclusive ? "exclusive" : "preferred");
	if (c->dchan)
		fputs(", D-channel", f);
	if (c->has_int_id)
		fprintf(f, ", interface %u", c->int_id);
	if (c->has_chans && !c->map) {
		fputs(c->nchans > 1 ? ", channels" : ", channel", f);
		for (unsigned i = 0; i < c->nchans; i++)
			fprintf(f, " %u", c->chans[i]);
	} else if (c->has_chans) {
		fprintf(f, ", slot map 0x%0*x", c->map_octets * 2, c->slotmap);
	} else {
		fprintf(f, ", selection %u%s", c->sel, c->sel == 3 ? " (any)" : "");
	}
	fputc('\n', f);
}

static void print_bearer(FILE *f, const struct tel_q931_bearer *b)
{
	fprintf(f, "    Bearer capability: itc %u, mode %u, rate 0x%02x%s%s\n", b->itc, b->mode,
		b->rate,
		b->has_l1 ? (b->l1 == 3 ? ", A-law" : b->l1 == 2 ? ", mu-law" :
			     ", layer 1 other") : "",
		b->itc == 0 ? " (speech)" : b->itc == 16 ? " (3.1 kHz audio)" :
		b->itc == 8 ? " (unrestricted digital)" : "");
}

/* The information elements and conditions, one indented line each. */
static void print_q931_ies(FILE *f, const struct tel_q931 *m)
{
	char e[COND_TEXT];

	for (unsigned i = 0; i < m->ncauses; i++) {
		const struct tel_q931_cause *c = &m->causes[i];

		fprintf(f, "    Cause: %u (%s), location %u (%s)", c->value,
			c->name ? c->name : "unknown", c->location,
			tel_cause_location_name(c->location));
		if (c->diag.len) {
			fputs(", diagnostics ", f);
			print_hex(f, c->diag.p, c->diag.len);
		}
		fputc('\n', f);
	}
	if (m->bearer.present)
		print_bearer(f, &m->bearer);
	if (m->chan.present)
		print_chanid(f, &m->chan);
	if (m->has_call_state)
		fprintf(f, "    Call state: %u\n", m->call_state);
	for (unsigned i = 0; i < m->nprogress; i++)
		fprintf(f, "    Progress indicator: description %u, location %u\n",
			m->progress[i].desc, m->progress[i].location);
	if (m->has_notify)
		fprintf(f, "    Notification indicator: %u\n", m->notify);
	if (m->display.present) {
		fputs("    Display: ", f);
		if (m->display.has_type)	/* NI-2: 0xb1 calling party name */
			fprintf(f, "type 0x%02x ", m->display.type);
		print_text_bytes(f, &m->display.text);
		fputc('\n', f);
	}
	if (m->keypad.present)
		print_opaque(f, "Keypad", &m->keypad, true);
	if (m->has_signal)
		fprintf(f, "    Signal: %u\n", m->signal);
	if (m->connected.present)
		print_number(f, "Connected number", &m->connected);
	if (m->calling.present)
		print_number(f, "Calling party number", &m->calling);
	if (m->called.present)
		print_number(f, "Called party number", &m->called);
	if (m->redirecting.present)
		print_number(f, "Redirecting number", &m->redirecting);
	if (m->has_restart)
		fprintf(f, "    Restart indicator: class %u\n", m->restart_class);
	if (m->facility.present)
		print_opaque(f, "Facility", &m->facility, false);
	if (m->llc.present)
		print_opaque(f, "Low layer compatibility", &m->llc, false);
	if (m->hlc.present)
		print_opaque(f, "High layer compatibility", &m->hlc, false);
	if (m->uui.present) {
		fprintf(f, "    User-user: pd %u (%s), %u octets: ", m->uui.pd,
			tel_uui_pd_name(m->uui.pd), m->uui.data.len);
		if (m->uui.pd == 4)
			print_text_bytes(f, &m->uui.data);
		else
			print_hex(f, m->uui.data.p, m->uui.data.len);
		fputc('\n', f);
	}
	if (m->sending_complete)
		fputs("    Sending complete\n", f);
	for (unsigned i = 0; i < m->nraw; i++) {
		const struct tel_q931_raw *r = &m->raw[i];

		fprintf(f, "    IE 0x%02x codeset %u%s: ", r->id, r->codeset,
			r->comprehension_required ? " (comprehension required)" : "");
		print_hex(f, r->body.p, r->body.len);
		fputc('\n', f);
	}
	for (unsigned i = 0; i < m->nconds; i++) {
		tel_decode_cond_text(&m->conds[i], e, sizeof(e));
		fprintf(f, "    ! %s\n", e);
	}
	if (m->conds_overflow)
		fputs("    ! more errors not listed\n", f);
}

/* "SETUP cref 5 from originator" (or "UNKNOWN(0x..)"), no newline. */
static void print_msg_head(FILE *f, const struct tel_q931 *m)
{
	if (m->name)
		fputs(m->name, f);
	else
		fprintf(f, "UNKNOWN(0x%02x)", m->type);
	fprintf(f, " cref %u%s\n", m->cref,
		m->cref_len == 0 ? " (dummy)" : m->cref_flag ? " to originator" :
		" from originator");
}

static void print_text(FILE *f, const struct tel_decoded *d, const struct tel_pcap_rec *rec)
{
	const char *dir = d->sender == TEL_SIDE_NETWORK ? "net->user" : "user->net";
	const struct tel_lapd_frame *lf = &d->frame;
	const struct tel_q931 *m = &d->q931;
	const char *pf;
	char e[COND_TEXT];

	if (rec)
		fprintf(f, "#%u %.6f ", rec->recno, (double)rec->ts_us / 1e6);
	fprintf(f, "%s", dir);
	if (!d->has_frame && !d->has_q931) {	/* nothing was decoded */
		fputc('\n', f);
		return;
	}
	if (!d->has_frame) {
		/* a message alone */
		if (m->status) {
			tel_decode_cond_text(&m->conds[0], e, sizeof(e));
			fprintf(f, " malformed Q.931 (%s)\n", e);
			return;
		}
		fputc(' ', f);
		print_msg_head(f, m);
		print_q931_ies(f, m);
		return;
	}
	if (!lf->has_control) {
		fprintf(f, " malformed LAPD frame (%s): ", tel_frame_status_text(lf->status));
		print_hex(f, d->data, d->len);
		fputc('\n', f);
		return;
	}
	pf = lf->command ? "P" : "F";
	fprintf(f, " SAPI %u TEI %u %s %s", lf->sapi, lf->tei, lf->command ? "cmd" : "rsp",
		tel_frame_kind_name(lf->kind));
	if (lf->kind == TEL_FRAME_I)
		fprintf(f, " N(S)=%u N(R)=%u P=%u", lf->ns, lf->nr, lf->pf);
	else if (lf->has_nr)
		fprintf(f, " N(R)=%u %s=%u", lf->nr, pf, lf->pf);
	else
		fprintf(f, " %s=%u", pf, lf->pf);
	if (lf->status != TEL_FRAME_OK)
		fprintf(f, " (! %s)", tel_frame_status_text(lf->status));
	if (!d->has_q931) {
		if (lf->info.len) {
			fputs(" info ", f);
			print_hex(f, lf->info.p, lf->info.len);
		}
		fputc('\n', f);
		return;
	}
	if (m->status) {
		tel_decode_cond_text(&m->conds[0], e, sizeof(e));
		fprintf(f, " malformed Q.931 (%s): ", e);
		print_hex(f, lf->info.p, lf->info.len);
		fputc('\n', f);
		return;
	}
	fputc(' ', f);
	print_msg_head(f, m);
	print_q931_ies(f, m);
}

/* ----------------------------------------------------------------- JSON --- */

static void json_cause(struct jw *w, const char *key, const struct tel_q931_cause *c)
{
	jw_open(w, key, '{');
	jw_int(w, "location", c->location);
	jw_int(w, "value", c->value);
	jw_hex(w, "diag", &c->diag);
	jw_close(w, '}');
}

static void json_q931(struct jw *w, const struct tel_q931 *m)
{
	char e[COND_TEXT];

	jw_open(w, "q931", '{');
	if (m->status == 0) {
		jw_int(w, "pd", m->pd);
		jw_int(w, "cref", m->cref);
		jw_int(w, "cref_flag", m->cref_flag);
		if (m->name) {
			jw_cstr(w, "msg", m->name);
		} else {
			snprintf(e, sizeof(e), "UNKNOWN(0x%02x)", m->type);
			jw_cstr(w, "msg", e);
		}
		if (m->ncauses)
			json_cause(w, "cause", &m->causes[0]);
		if (m->ncauses > 1) {
			jw_open(w, "causes", '[');
			for (unsigned i = 0; i < m->ncauses; i++)
				json_cause(w, NULL, &m->causes[i]);
			jw_close(w, ']');
		}
		if (m->uui.present) {
			jw_open(w, "uui", '{');
			jw_int(w, "pd", m->uui.pd);
			jw_hex(w, "hex", &m->uui.data);
			jw_close(w, '}');
		}
		if (m->chan.present) {
			if (m->chan.bchan >= 0)
				jw_int(w, "chan", m->chan.bchan);
			jw_key(w, "exclusive");
			fputs(m->chan.exclusive ? "true" : "false", w->f);
		}
		if (m->called.present)
			jw_str(w, "called", m->called.digits.p, m->called.digits.len);
		if (m->calling.present)
			jw_str(w, "calling", m->calling.digits.p, m->calling.digits.len);
		if (m->connected.present)
			jw_str(w, "connected", m->connected.digits.p, m->connected.digits.len);
		if (m->has_call_state)
			jw_int(w, "call_state", m->call_state);
		if (m->has_restart)
			jw_int(w, "restart_class", m->restart_class);
		if (m->nprogress)
			jw_int(w, "progress", m->progress[0].desc);
		if (m->display.present) {
			jw_str(w, "display", m->display.text.p, m->display.text.len);
			if (m->display.has_type)
				jw_int(w, "display_type", m->display.type);
		}
	}
	if (m->nconds) {
		jw_open(w, "errors", '[');
		for (unsigned i = 0; i < m->nconds; i++) {
			tel_decode_cond_text(&m->conds[i], e, sizeof(e));
			jw_cstr(w, NULL, e);
		}
		if (m->conds_overflow)
			jw_cstr(w, NULL, "more errors not listed");
		jw_close(w, ']');
	}
	jw_close(w, '}');
}

static void print_json(FILE *f, const struct tel_decoded *d, const struct tel_pcap_rec *rec)
{
	const struct tel_lapd_frame *lf = &d->frame;
	struct jw w = { .f = f, .first = { true } };

	jw_open(&w, NULL, '{');
	if (rec) {
		jw_key(&w, "ts");
		fprintf(f, "%.6f", (double)rec->ts_us / 1e6);
	}
	jw_cstr(&w, "dir", d->sender == TEL_SIDE_NETWORK ? "net" : "user");
	jw_int(&w, "len", d->len);
	if (d->has_frame) {
		if (lf->has_addr) {
			jw_int(&w, "sapi", lf->sapi);
			jw_int(&w, "tei", lf->tei);
			jw_int(&w, "cr", lf->cr);
		}
		if (lf->has_control) {
			jw_cstr(&w, "frame", tel_frame_kind_name(lf->kind));
			if (lf->has_ns)
				jw_int(&w, "ns", lf->ns);
			if (lf->has_nr)
				jw_int(&w, "nr", lf->nr);
			jw_int(&w, "pf", lf->pf);
			jw_cstr(&w, "cmd", lf->command ? "command" : "response");
		}
		if (lf->status != TEL_FRAME_OK) {
			jw_open(&w, "errors", '[');
			jw_cstr(&w, NULL, tel_frame_status_text(lf->status));
			jw_close(&w, ']');
		}
	}
	if (d->has_q931)
		json_q931(&w, &d->q931);
	else if (d->has_frame && lf->status == TEL_FRAME_OK && lf->info.len)
		jw_hex(&w, "info", &lf->info);
	jw_close(&w, '}');
	fputc('\n', f);
}

int tel_decode_print(FILE *f, const struct tel_decoded *d, const struct tel_pcap_rec *rec,
		     unsigned flags)
{
	if (!f || !d)
		return TEL_EINVAL;
	if (flags & TEL_DECODE_JSON)
		print_json(f, d, rec);
	else
		print_text(f, d, rec);
	return ferror(f) ? TEL_EIO : 0;
}
