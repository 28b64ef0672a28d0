// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel decode — LAPD/Q.931 traces (pcap, link type 177) or one Q.931 message
 * given as hex, as readable text or as JSON Lines.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lapd/frame.h"
#include "libtel/tel.h"
#include "q931/q931.h"
#include "tel.h"
#include "trace/pcap.h"

struct decode_opts {
	bool json;
	struct q931_codec codec;
};

/* ---------------------------------------------------------------- names --- */

static const char *location_name(unsigned loc)
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

static const char *uui_pd_name(unsigned pd)
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

static void msg_name(uint8_t type, char *buf, size_t len)
{
	const char *n = q931_msg_name(type);

	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "UNKNOWN(0x%02x)", type);
}

/* The B-channel a channel identification names, or -1 if none / several. */
static int chanid_bchan(const struct q931_chanid *c)
{
	if (!c->has_chans)
		return -1;
	if (!c->map)
		return c->nchans == 1 ? c->chans[0] : -1;
	if (c->slotmap && !(c->slotmap & (c->slotmap - 1)))
		return __builtin_ctz(c->slotmap) + 1;
	return -1;
}

static void err_text(const struct q931_error *e, char *buf, size_t len)
{
	const char *ie = e->ie ? q931_ie_name(e->ie) : NULL;

	if (!e->ie && e->kind != Q931_ERR_UNKNOWN_IE)
		snprintf(buf, len, "%s", q931_err_name(e->kind));
	else if (e->codeset)
		snprintf(buf, len, "%s: codeset %u IE 0x%02x", q931_err_name(e->kind), e->codeset,
			 e->ie);
	else
		snprintf(buf, len, "%s: %s%s0x%02x%s%s", q931_err_name(e->kind), ie ? ie : "IE ",
			 ie ? " (" : "", e->ie, ie ? ")" : "", e->mandatory ? ", mandatory" : "");
}

/* ------------------------------------------------------------ text form --- */

static void print_hex(FILE *f, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%s%02x", i ? " " : "", p[i]);
}

/* An IE shown as it came: as text (keypad) or as hex octets. */
static void print_opaque(FILE *f, const char *what, const struct q931_bytes *b, bool text)
{
	fprintf(f, "    %s: ", what);
	if (text) {
		print_text_bytes(f, b->p, b->len);
	} else {
		fprintf(f, "%u octets: ", b->len);
		print_hex(f, b->p, b->len);
	}
	fputc('\n', f);
}

static void print_number(FILE *f, const char *what, const struct q931_number *n)
{
	fprintf(f, "    %s: ", what);
	print_text_bytes(f, n->digits, n->len);
	fprintf(f, " type %u plan %u", n->type, n->plan);
	if (n->has_pres)
		fprintf(f, " presentation %u screening %u", n->pres, n->screen);
	if (n->has_reason)
		fprintf(f, " reason %u", n->reason);
	fputc('\n', f);
}

static void print_chanid(FILE *f, const struct q931_chanid *c)
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

static void print_q931_text(FILE *f, const struct q931_msg *m)
{
	char e[96];

	for (unsigned i = 0; i < m->ncauses; i++) {
		const struct q931_cause *c = &m->cause[i];
		const char *cn = q931_cause_name(c->value);

		fprintf(f, "    Cause: %u (%s), location %u (%s)", c->value, cn ? cn : "unknown",
			c->location, location_name(c->location));
		if (c->diag_len) {
			fputs(", diagnostics ", f);
			print_hex(f, c->diag, c->diag_len);
		}
		fputc('\n', f);
	}
	if (Q931_HAS(m, Q931_I_BEARER_CAP))
		fprintf(f, "    Bearer capability: itc %u, mode %u, rate 0x%02x%s%s\n",
			m->bearer.itc, m->bearer.mode, m->bearer.rate,
			m->bearer.has_l1 ? (m->bearer.l1 == 3 ? ", A-law" :
					    m->bearer.l1 == 2 ? ", mu-law" : ", layer 1 other") : "",
			m->bearer.itc == 0 ? " (speech)" :
			m->bearer.itc == 16 ? " (3.1 kHz audio)" :
			m->bearer.itc == 8 ? " (unrestricted digital)" : "");
	if (Q931_HAS(m, Q931_I_CHANNEL_ID))
		print_chanid(f, &m->chan);
	if (Q931_HAS(m, Q931_I_CALL_STATE))
		fprintf(f, "    Call state: %u\n", m->call_state);
	for (unsigned i = 0; i < m->nprogress; i++)
		fprintf(f, "    Progress indicator: description %u, location %u\n",
			m->progress[i].desc, m->progress[i].location);
	if (Q931_HAS(m, Q931_I_NOTIFY))
		fprintf(f, "    Notification indicator: %u\n", m->notify.desc);
	if (Q931_HAS(m, Q931_I_DISPLAY)) {
		fputs("    Display: ", f);
		if (m->display.has_type)	/* NI-2: 0xb1 calling party name */
			fprintf(f, "type 0x%02x ", m->display.type);
		print_text_bytes(f, m->display.text.p, m->display.text.len);
		fputc('\n', f);
	}
	if (Q931_HAS(m, Q931_I_KEYPAD))
		print_opaque(f, "Keypad", &m->keypad, true);
	if (Q931_HAS(m, Q931_I_SIGNAL))
		fprintf(f, "    Signal: %u\n", m->signal);
	if (Q931_HAS(m, Q931_I_CONNECTED_NUM))
		print_number(f, "Connected number", &m->connected);
	if (Q931_HAS(m, Q931_I_CALLING_NUM))
		print_number(f, "Calling party number", &m->calling);
	if (Q931_HAS(m, Q931_I_CALLED_NUM))
		print_number(f, "Called party number", &m->called);
	if (Q931_HAS(m, Q931_I_REDIRECTING_NUM))
		print_number(f, "Redirecting number", &m->redirecting);
	if (Q931_HAS(m, Q931_I_RESTART_IND))
		fprintf(f, "    Restart indicator: class %u\n", m->restart_class);
	if (Q931_HAS(m, Q931_I_FACILITY))
		print_opaque(f, "Facility", &m->facility, false);
	if (Q931_HAS(m, Q931_I_LLC))
		print_opaque(f, "Low layer compatibility", &m->llc, false);
	if (Q931_HAS(m, Q931_I_HLC))
		print_opaque(f, "High layer compatibility", &m->hlc, false);
	if (Q931_HAS(m, Q931_I_USER_USER)) {
		fprintf(f, "    User-user: pd %u (%s), %u octets: ", m->uui.pd, uui_pd_name(m->uui.pd),
			m->uui.len);
		if (m->uui.pd == 4)
			print_text_bytes(f, m->uui.data, m->uui.len);
		else
			print_hex(f, m->uui.data, m->uui.len);
		fputc('\n', f);
	}
	if (m->sending_complete)
		fputs("    Sending complete\n", f);
	for (unsigned i = 0; i < m->nraw; i++) {
		const struct q931_raw_ie *r = &m->raw[i];

		fprintf(f, "    IE 0x%02x codeset %u%s: ", r->id, r->codeset,
			r->comprehension_required ? " (comprehension required)" : "");
		print_hex(f, r->body.p, r->body.len);
		fputc('\n', f);
	}
	for (unsigned i = 0; i < m->nerr; i++) {
		err_text(&m->err[i], e, sizeof(e));
		fprintf(f, "    ! %s\n", e);
	}
	if (m->err_overflow)
		fputs("    ! more errors not listed\n", f);
}

/* ------------------------------------------------------------ JSON form --- */

static void json_q931(struct jw *w, const struct q931_msg *m, int rc)
{
	char name[32], e[96];
	int bchan;

	jw_obj(w, "q931");
	if (rc == 0) {
		jw_int(w, "pd", m->pd);
		jw_int(w, "cref", m->cref);
		jw_int(w, "cref_flag", m->cref_flag);
		msg_name(m->type, name, sizeof(name));
		jw_cstr(w, "msg", name);
		if (m->ncauses) {
			const struct q931_cause *c = &m->cause[0];

			jw_obj(w, "cause");
			jw_int(w, "location", c->location);
			jw_int(w, "value", c->value);
			jw_hex(w, "diag", c->diag, c->diag_len);
			jw_end_obj(w);
		}
		if (m->ncauses > 1) {
			jw_arr(w, "causes");
			for (unsigned i = 0; i < m->ncauses; i++) {
				jw_obj(w, NULL);
				jw_int(w, "location", m->cause[i].location);
				jw_int(w, "value", m->cause[i].value);
				jw_hex(w, "diag", m->cause[i].diag, m->cause[i].diag_len);
				jw_end_obj(w);
			}
			jw_end_arr(w);
		}
		if (Q931_HAS(m, Q931_I_USER_USER)) {
			jw_obj(w, "uui");
			jw_int(w, "pd", m->uui.pd);
			jw_hex(w, "hex", m->uui.data, m->uui.len);
			jw_end_obj(w);
		}
		if (Q931_HAS(m, Q931_I_CHANNEL_ID)) {
			bchan = chanid_bchan(&m->chan);
			if (bchan >= 0)
				jw_int(w, "chan", bchan);
			jw_bool(w, "exclusive", m->chan.exclusive);
		}
		if (Q931_HAS(m, Q931_I_CALLED_NUM))
			jw_str(w, "called", m->called.digits, m->called.len);
		if (Q931_HAS(m, Q931_I_CALLING_NUM))
			jw_str(w, "calling", m->calling.digits, m->calling.len);
		if (Q931_HAS(m, Q931_I_CONNECTED_NUM))
			jw_str(w, "connected", m->connected.digits, m->connected.len);
		if (Q931_HAS(m, Q931_I_CALL_STATE))
			jw_int(w, "call_state", m->call_state);
		if (Q931_HAS(m, Q931_I_RESTART_IND))
			jw_int(w, "restart_class", m->restart_class);
		if (m->nprogress)
			jw_int(w, "progress", m->progress[0].desc);
		if (Q931_HAS(m, Q931_I_DISPLAY)) {
			jw_str(w, "display", m->display.text.p, m->display.text.len);
			if (m->display.has_type)
				jw_int(w, "display_type", m->display.type);
		}
	}
	if (m->nerr) {
		jw_arr(w, "errors");
		for (unsigned i = 0; i < m->nerr; i++) {
			err_text(&m->err[i], e, sizeof(e));
			jw_cstr(w, NULL, e);
		}
		if (m->err_overflow)
			jw_cstr(w, NULL, "more errors not listed");
		jw_end_arr(w);
	}
	jw_end_obj(w);
}

/* ----------------------------------------------------------- one frame --- */

static bool is_q931(const struct lapd_frame *lf)
{
	return lf->sapi == LAPD_SAPI_CC && (lf->type == LAPD_I || lf->type == LAPD_UI) &&
	       lf->info_len > 0;
}

static void decode_frame(const struct decode_opts *o, unsigned no, const struct pcap_rec *rec)
{
	struct lapd_frame lf;
	enum lapd_err le = lapd_frame_decode(rec->frame, rec->len, &lf);
	struct q931_msg m;
	bool by_net = rec->sent_by_network;
	bool has_q931 = false;
	int qrc = 0;
	double ts = (double)rec->ts_us / 1e6;

	if ((le == LAPD_OK || le == LAPD_ERR_TOO_LONG) && is_q931(&lf)) {
		has_q931 = true;
		qrc = q931_decode(&o->codec, by_net ? Q931_NET_TO_USER : Q931_USER_TO_NET,
				  lf.info, lf.info_len, &m);
	}

	if (o->json) {
		struct jw w;

		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_double(&w, "ts", ts, 6);
		jw_cstr(&w, "dir", by_net ? "net" : "user");
		jw_int(&w, "len", (long long)rec->len);
		if (le == LAPD_OK || le == LAPD_ERR_TOO_LONG || le == LAPD_ERR_INFO_NOT_ALLOWED ||
		    le == LAPD_ERR_LENGTH || le == LAPD_ERR_CONTROL) {
			jw_int(&w, "sapi", lf.sapi);
			jw_int(&w, "tei", lf.tei);
			jw_int(&w, "cr", lf.cr);
		}
		if (le == LAPD_OK || le == LAPD_ERR_TOO_LONG) {
			jw_cstr(&w, "frame", lapd_ftype_name(lf.type));
			if (lf.type == LAPD_I)
				jw_int(&w, "ns", lf.ns);
			if (lf.type <= LAPD_REJ)
				jw_int(&w, "nr", lf.nr);
			jw_int(&w, "pf", lf.pf);
			jw_cstr(&w, "cmd", lapd_is_command(&lf, by_net) ? "command" : "response");
		}
		if (le != LAPD_OK) {
			jw_arr(&w, "errors");
			jw_cstr(&w, NULL, lapd_strerror(le));
			jw_end_arr(&w);
		}
		if (has_q931)
			json_q931(&w, &m, qrc);
		else if ((le == LAPD_OK) && lf.info_len)
			jw_hex(&w, "info", lf.info, lf.info_len);
		jw_end_obj(&w);
		jw_line_end(&w);
		return;
	}

	printf("#%u %.6f %s ", no, ts, by_net ? "net->user" : "user->net");
	if (le != LAPD_OK && le != LAPD_ERR_TOO_LONG) {
		printf("malformed LAPD frame (%s): ", lapd_strerror(le));
		print_hex(stdout, rec->frame, rec->len);
		putchar('\n');
		return;
	}
	printf("SAPI %u TEI %u %s %s", lf.sapi, lf.tei,
	       lapd_is_command(&lf, by_net) ? "cmd" : "rsp", lapd_ftype_name(lf.type));
	if (lf.type == LAPD_I)
		printf(" N(S)=%u N(R)=%u P=%u", lf.ns, lf.nr, lf.pf);
	else if (lf.type <= LAPD_REJ)
		printf(" N(R)=%u %s=%u", lf.nr, lapd_is_command(&lf, by_net) ? "P" : "F", lf.pf);
	else
		printf(" %s=%u", lapd_is_command(&lf, by_net) ? "P" : "F", lf.pf);
	if (le == LAPD_ERR_TOO_LONG)
		printf(" (! %s)", lapd_strerror(le));
	if (!has_q931) {
		if (lf.info_len) {
			printf(" info ");
			print_hex(stdout, lf.info, lf.info_len);
		}
		putchar('\n');
		return;
	}
	if (qrc) {
		char e[96];

		err_text(&m.err[0], e, sizeof(e));
		printf(" malformed Q.931 (%s): ", e);
		print_hex(stdout, lf.info, lf.info_len);
		putchar('\n');
		return;
	}
	{
		char name[32];

		msg_name(m.type, name, sizeof(name));
		printf(" %s cref %u%s\n", name, m.cref,
		       m.cref_len == 0 ? " (dummy)" : m.cref_flag ? " to originator" :
		       " from originator");
	}
	print_q931_text(stdout, &m);
}

/* --------------------------------------------------------------- inputs --- */

static int decode_pcap(const struct decode_opts *o, const char *path)
{
	struct pcap_reader r;
	struct pcap_rec rec;
	uint8_t *buf;
	size_t len;
	char why[160];
	int rc;
	unsigned n = 0;

	if (read_file(path, &buf, &len, why, sizeof(why))) {
		tel_err("%s: cannot read: %s", path, why);
		return EXIT_USAGE;
	}
	if (pcap_reader_init(&r, buf, len)) {
		tel_err("%s: %s", path, r.err);
		free(buf);
		return EXIT_USAGE;
	}
	while ((rc = pcap_read_next(&r, &rec)) == 1)
		decode_frame(o, ++n, &rec);
	free(buf);
	fflush(stdout);
	if (rc < 0) {
		tel_err("%s: %s", path, r.err);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int decode_hex(const struct decode_opts *o, const char *hex, bool by_net)
{
	uint8_t buf[4096];
	char why[96];
	long n = parse_hex(hex, buf, sizeof(buf), why, sizeof(why));
	struct q931_msg m;
	int rc;

	if (n < 0) {
		tel_err("--hex: %s", why);
		return EXIT_USAGE;
	}
	rc = q931_decode(&o->codec, by_net ? Q931_NET_TO_USER : Q931_USER_TO_NET, buf, (size_t)n,
			 &m);
	if (o->json) {
		struct jw w;

		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_cstr(&w, "dir", by_net ? "net" : "user");
		jw_int(&w, "len", n);
		json_q931(&w, &m, rc);
		jw_end_obj(&w);
		jw_line_end(&w);
	} else if (rc) {
		char e[96];

		err_text(&m.err[0], e, sizeof(e));
		printf("%s malformed Q.931 (%s)\n", by_net ? "net->user" : "user->net", e);
	} else {
		char name[32];

		msg_name(m.type, name, sizeof(name));
		printf("%s %s cref %u%s\n", by_net ? "net->user" : "user->net", name, m.cref,
		       m.cref_len == 0 ? " (dummy)" : m.cref_flag ? " to originator" :
		       " from originator");
		print_q931_text(stdout, &m);
	}
	return EXIT_OK;
}

static void decode_usage(void)
{
	fprintf(stderr,
		"usage: tel decode FILE.pcap [--json] [--uui-max N]\n"
		"       tel decode --hex \"08 02 00 01 05 ...\" [--dir user|net] [--json] [--uui-max N]\n");
}

int cmd_decode(int argc, char **argv)
{
	struct decode_opts o = { 0 };
	const char *file = NULL, *hex = NULL;
	bool by_net = false;

	q931_codec_init(&o.codec);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--json")) {
			o.json = true;
		} else if (!strcmp(a, "--hex") || !strcmp(a, "--dir") || !strcmp(a, "--uui-max")) {
			if (i + 1 >= argc) {
				tel_err("decode: %s needs a value", a);
				decode_usage();
				return EXIT_USAGE;
			}
			const char *v = argv[++i];

			if (!strcmp(a, "--hex")) {
				hex = v;
			} else if (!strcmp(a, "--dir")) {
				if (!strcmp(v, "net") || !strcmp(v, "network")) {
					by_net = true;
				} else if (!strcmp(v, "user")) {
					by_net = false;
				} else {
					tel_err("decode: --dir takes 'user' or 'net', not '%s'", v);
					return EXIT_USAGE;
				}
			} else {
				char *end;
				unsigned long n = strtoul(v, &end, 10);

				if (*v == '\0' || *end || n > 254) {
					tel_err("decode: --uui-max takes 0..254 octets, not '%s'", v);
					return EXIT_USAGE;
				}
				o.codec.uui_max = (uint16_t)n;
			}
		} else if (a[0] == '-' && a[1]) {
			tel_err("decode: unknown option '%s'", a);
			decode_usage();
			return EXIT_USAGE;
		} else if (!file) {
			file = a;
		} else {
			tel_err("decode: one file at a time ('%s' and '%s' given)", file, a);
			return EXIT_USAGE;
		}
	}
	if (!!file == !!hex) {
		tel_err("decode: give either a pcap file or --hex");
		decode_usage();
		return EXIT_USAGE;
	}
	return hex ? decode_hex(&o, hex, by_net) : decode_pcap(&o, file);
}
