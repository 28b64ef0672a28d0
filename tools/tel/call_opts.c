// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel call / tel answer options: every value is checked here, before the line
 * is opened, so that a mistake costs no call on the far end (exit 2 with one
 * line naming the option and what it takes).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "opts.h"
#include "tel.h"

enum opt_id {
	O_LINK, O_CHAN, O_SIDE, O_SWITCH, O_TO, O_FROM, O_FROM_NAME, O_HOLD, O_CAUSE, O_REJECT,
	O_UUI_TEXT, O_UUI_HEX, O_UUI_PD, O_UUI_MAX, O_COUNT, O_BCHANS, O_RING_TIMEOUT,
	O_LINK_TIMEOUT, O_PARAM, O_PCAP, O_JSON, O_COUNT_OF
};

enum { W_CALL = 1, W_ANSWER = 2, W_BOTH = 3 };	/* which command takes an option */

static const struct opt_desc opts[O_COUNT_OF] = {
	[O_LINK] = { "--link", OPT_WORD, false, W_BOTH },
	[O_CHAN] = { "--chan", OPT_TEXT, false, W_BOTH },
	[O_SIDE] = { "--side", OPT_WORD, false, W_BOTH },
	[O_SWITCH] = { "--switch", OPT_WORD, false, W_BOTH },
	[O_TO] = { "--to", OPT_WORD, false, W_CALL },
	[O_FROM] = { "--from", OPT_WORD, false, W_CALL },
	[O_FROM_NAME] = { "--from-name", OPT_TEXT, false, W_CALL },
	[O_HOLD] = { "--hold", OPT_WORD, false, W_BOTH },
	[O_CAUSE] = { "--cause", OPT_WORD, false, W_BOTH },
	[O_REJECT] = { "--reject", OPT_NONE, false, W_ANSWER },
	[O_UUI_TEXT] = { "--uui-text", OPT_TEXT, false, W_BOTH },
	[O_UUI_HEX] = { "--uui-hex", OPT_WORD, false, W_BOTH },
	[O_UUI_PD] = { "--uui-pd", OPT_WORD, false, W_BOTH },
	[O_UUI_MAX] = { "--uui-max", OPT_WORD, false, W_BOTH },
	[O_COUNT] = { "--count", OPT_WORD, false, W_BOTH },
	[O_BCHANS] = { "--bchans", OPT_WORD, false, W_BOTH },
	[O_RING_TIMEOUT] = { "--ring-timeout", OPT_WORD, false, W_CALL },
	[O_LINK_TIMEOUT] = { "--link-timeout", OPT_WORD, false, W_BOTH },
	[O_PARAM] = { "--param", OPT_WORD, true, W_BOTH },
	[O_PCAP] = { "--pcap", OPT_TEXT, false, W_BOTH },
	[O_JSON] = { "--json", OPT_NONE, false, W_BOTH },
};

void call_usage(FILE *f, bool answer, bool full)
{
	if (!answer)
		fprintf(f,
			"usage: tel call --link fd:N --side user|network --switch euroisdn|ni2 --to NUMBER\n"
			"       tel call --chan PATH [--side ... --switch ...] --to NUMBER\n"
			"                [--from NUMBER] [--from-name STR] [--hold SECONDS] [--cause N]\n"
			"                [--uui-text STR | --uui-hex HEX] [--uui-pd N] [--uui-max N]\n"
			"                [--count N] [--ring-timeout SECONDS] [--link-timeout SECONDS]\n"
			"                [--bchans N] [--param NAME=VALUE]... [--json] [--pcap FILE]\n");
	else
		fprintf(f,
			"usage: tel answer --link fd:N --side user|network --switch euroisdn|ni2 [--count N]\n"
			"       tel answer --chan PATH [--side ... --switch ...] [--count N]\n"
			"                  [--reject] [--cause N] [--hold SECONDS] [--uui-text STR | --uui-hex HEX]\n"
			"                  [--uui-pd N] [--uui-max N] [--link-timeout SECONDS] [--bchans N]\n"
			"                  [--param NAME=VALUE]... [--json] [--pcap FILE]\n");
	if (!full) {
		fprintf(f, "       (tel help %s: what each option does, and the exit status)\n",
			answer ? "answer" : "call");
		return;
	}
	if (!answer)
		fprintf(f, "\n"
			"Places --count calls (default 1) one after the other, holds each --hold seconds\n"
			"(default 0) once connected and drops it with --cause (default 16) and the UUI given.\n"
			"  --to, --from     digits 0-9, * and #, at most 31\n"
			"  --from-name      calling name (IA5, at most 79 octets; not from a EuroISDN user side)\n"
			"  --ring-timeout   a call not connected SECONDS after its SETUP (default 60) is dropped\n"
			"                   with cause 19 (no answer) and counts as failed\n"
			"  Incoming calls are rejected with cause 21 and not counted (use tel answer).\n");
	else
		fprintf(f, "\n"
			"Answers incoming calls one at a time (others get cause 17, busy), or rejects them\n"
			"(--reject, with --cause, default 21); --count N stops after N calls (default: run\n"
			"until SIGINT/SIGTERM). --hold drops a call SECONDS after it connected; without it\n"
			"the far end clears. The UUI goes in CONNECT, or in the rejecting message.\n");
	fprintf(f,
		"  --link fd:N      an inherited socket carrying one LAPD frame per message\n"
		"  --chan PATH      a DAHDI channel, e.g. /dev/dahdi/chan/001/016 (what it is follows\n"
		"                   from its signalling in system.conf): a PRI D-channel (dchan= or\n"
		"                   hardhdlc=; --side and --switch required), or an analog port\n"
		"                   (fxoks=, fxsks=, ...; --side and --switch ignored, no UUI):\n"
		"                   tel call on an FXS port rings its phone, tel answer on an FXO\n"
		"                   port answers the line's ringing\n"
		"  --uui-text STR / --uui-hex HEX  user-user information, at most --uui-max octets\n"
		"                   (default 128, up to 254) and what the line says it carries\n"
		"  --uui-pd N       its protocol discriminator (default 4 for text, 0 for hex)\n"
		"  --link-timeout   give up when the data link is not up for SECONDS (default 30),\n"
		"                   at start or after losing it; a far end that closes the socket\n"
		"                   ends the run at once\n"
		"  --param NAME=VALUE  a protocol timer (ms) or counter of the line: T200 T203 N200 k\n"
		"                   T301 T303 T305 T306 T308 T309 T310 T313 T316 T322, e.g. T309=30000\n"
		"  --pcap FILE      write every frame to FILE (tel decode, Wireshark read it)\n"
		"\n"
		"After the last call the data link is released (DISC/UA) before the program ends.\n"
		"SIGINT/SIGTERM: calls still up are dropped (cause 16), the program waits up to\n"
		"10 s for them to clear and releases the link; a second signal ends it at once (1).\n"
		"\n"
		"Exit status: 0 when every call ended as asked: cleared by the tool with the cause\n"
		"it asked for, or cleared by the far end with cause 16 or 31 (normal clearing).\n"
		"1 when a call ended otherwise (e.g. 102 timer expiry, 27 or 41 link failure,\n"
		"17 busy, 21 rejected%s), the data link failed or was closed,\n"
		"or fewer calls than --count were made. 2 for bad usage.\n"
		"The cause asked for: %s.\n",
		answer ? "" : ", 19 after --ring-timeout",
		answer ? "--cause, else 21, with --reject; 16 for a drop after --hold" :
			 "--cause, else 16");
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi || *s == ' ' || *s == '+')
		return false;
	*out = v;
	return true;
}

/* Seconds as plain decimal digits with an optional fraction: no sign, no
 * exponent, no "nan" or "inf"; within lo..hi (lo excluded when @lo_open). */
static bool parse_seconds(const char *s, double lo, bool lo_open, double hi, double *out)
{
	const char *p = s;
	double v;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s)
		return false;
	if (*p == '.') {
		const char *frac = ++p;

		while (*p >= '0' && *p <= '9')
			p++;
		if (p == frac)
			return false;
	}
	if (*p)
		return false;
	v = strtod(s, NULL);
	if (!isfinite(v) || v < lo || (lo_open && v == lo) || v > hi)
		return false;
	*out = v;
	return true;
}

/* A number for a Called/Calling party number IE: IA5 digits 0-9, * and #. */
static int check_number(const char *cmd, const char *opt, const char *v)
{
	size_t n = strlen(v);

	if (!n) {
		tel_err("%s: %s takes digits (0-9, * and #), not an empty string", cmd, opt);
		return -1;
	}
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)v[k];

		if ((c >= '0' && c <= '9') || c == '*' || c == '#')
			continue;
		if (c > 0x20 && c < 0x7f)
			tel_err("%s: %s takes digits 0-9, * and #; '%c' at column %zu is not one",
				cmd, opt, c, k + 1);
		else
			tel_err("%s: %s takes digits 0-9, * and #; octet 0x%02x at column %zu is not one",
				cmd, opt, c, k + 1);
		return -1;
	}
	if (n > NUMBER_MAX) {
		tel_err("%s: %s is %zu digits; a number here holds at most %d", cmd, opt, n,
			NUMBER_MAX);
		return -1;
	}
	return 0;
}

int call_parse_args(int argc, char **argv, struct call_opts *o)
{
	const char *cmd = o->answer_mode ? "answer" : "call";
	unsigned where = o->answer_mode ? W_ANSWER : W_CALL;
	struct opts p = { .cmd = cmd, .desc = opts, .ndesc = O_COUNT_OF, .where = where };
	char hint[48], *val;
	const bool *seen = p.seen;
	long v;
	int id;

	snprintf(hint, sizeof(hint), " (tel help %s lists them)", cmd);
	p.unknown_hint = hint;
	if (opts_init(&p, argc, argv))
		return -1;
	while ((id = opts_next(&p, &val)) != OPT_END) {
		const char *a = opts[id >= 0 ? id : 0].name;

		if (id == OPT_ERR)
			return -1;
		if (id == OPT_ARG) {
			tel_err("%s: unknown option '%s'%s", cmd, val, hint);
			return -1;
		}
		switch (id) {
		case O_JSON:
			o->json = true;
			break;
		case O_REJECT:
			o->reject = true;
			break;
		case O_LINK:
			if (strncmp(val, "fd:", 3) || !parse_long(val + 3, 0, 1 << 20, &v)) {
				tel_err("%s: --link takes fd:N (an open socket carrying LAPD frames), not '%s'",
					cmd, val);
				return -1;
			}
			o->fd = (int)v;
			break;
		case O_CHAN:
			if (!*val) {
				tel_err("%s: --chan takes a DAHDI channel path, e.g. /dev/dahdi/chan/001/016",
					cmd);
				return -1;
			}
			o->chan = val;
			break;
		case O_SIDE:
			if (!strcmp(val, "user")) {
				o->cfg.side = TEL_SIDE_USER;
			} else if (!strcmp(val, "network") || !strcmp(val, "net")) {
				o->cfg.side = TEL_SIDE_NETWORK;
			} else {
				tel_err("%s: --side takes user or network, not '%s'", cmd, val);
				return -1;
			}
			break;
		case O_SWITCH:
			if (!strcmp(val, "euroisdn")) {
				o->cfg.variant = TEL_VARIANT_EUROISDN;
			} else if (!strcmp(val, "ni2")) {
				o->cfg.variant = TEL_VARIANT_NI2;
			} else {
				tel_err("%s: --switch takes euroisdn or ni2, not '%s'", cmd, val);
				return -1;
			}
			break;
		case O_TO:
		case O_FROM:
			if (check_number(cmd, a, val))
				return -1;
			*(id == O_TO ? &o->to : &o->from) = val;
			break;
		case O_FROM_NAME: {
			size_t n = strlen(val);

			if (n > TEL_NAME_MAX) {
				tel_err("call: --from-name is %zu octets; a calling name holds at most %d",
					n, TEL_NAME_MAX);
				return -1;
			}
			for (size_t k = 0; k < n; k++) {
				if ((unsigned char)val[k] & 0x80) {
					tel_err("call: --from-name takes IA5 (7-bit ASCII) text; octet 0x%02x "
						"at column %zu is not", (unsigned char)val[k], k + 1);
					return -1;
				}
			}
			o->from_name = val;
			break;
		}
		case O_HOLD:
			if (!parse_seconds(val, 0, false, 86400, &o->hold_s)) {
				tel_err("%s: --hold takes seconds (0..86400, e.g. 2 or 0.5), not '%s'", cmd,
					val);
				return -1;
			}
			break;
		case O_RING_TIMEOUT:
		case O_LINK_TIMEOUT:
			if (!parse_seconds(val, 0, true, 86400,
					   id == O_RING_TIMEOUT ? &o->ring_timeout_s : &o->link_timeout_s)) {
				tel_err("%s: %s takes seconds (more than 0, at most 86400, e.g. 60 or 0.5), "
					"not '%s'", cmd, a, val);
				return -1;
			}
			break;
		case O_CAUSE:
			if (!parse_long(val, 1, 127, &v)) {
				tel_err("%s: --cause takes a Q.850 cause value 1..127, not '%s'", cmd, val);
				return -1;
			}
			o->cause = (int)v;
			break;
		case O_UUI_TEXT: {
			size_t n = strlen(val);

			if (n > MAX_UUI) {
				tel_err("%s: --uui-text is %zu octets; a user-user IE holds at most %d",
					cmd, n, MAX_UUI);
				return -1;
			}
			memcpy(o->uui, val, n);
			o->uui_len = n;
			if (o->uui_pd < 0)
				o->uui_pd = 4;	/* IA5 characters */
			break;
		}
		case O_UUI_HEX: {
			char why[96];
			long n = parse_hex(val, o->uui, sizeof(o->uui), why, sizeof(why));

			if (n < 0) {
				tel_err("%s: --uui-hex: %s", cmd, why);
				return -1;
			}
			o->uui_len = (size_t)n;
			break;
		}
		case O_UUI_PD:
			if (!parse_long(val, 0, 255, &v)) {
				tel_err("%s: --uui-pd takes 0..255, not '%s'", cmd, val);
				return -1;
			}
			o->uui_pd = (int)v;
			break;
		case O_UUI_MAX:
			if (!parse_long(val, 1, MAX_UUI, &v)) {
				tel_err("%s: --uui-max takes 1..%d octets, not '%s'", cmd, MAX_UUI, val);
				return -1;
			}
			o->cfg.uui_max = (size_t)v;
			break;
		case O_COUNT:
			if (!parse_long(val, 1, 1000000000, &v)) {
				tel_err("%s: --count takes a number of calls >= 1, not '%s'", cmd, val);
				return -1;
			}
			o->count = v;
			break;
		case O_BCHANS:
			/* the range is the library's to check, when the line is opened */
			if (!parse_long(val, 0, UINT_MAX, &v)) {
				tel_err("%s: --bchans takes a number of B-channels (1..30), not '%s'", cmd,
					val);
				return -1;
			}
			o->cfg.bchans = (unsigned)v;
			break;
		case O_PCAP:
			o->cfg.pcap = val;
			break;
		case O_PARAM: {
			/* the name and the range are the library's to check (its sentence
			 * is shown when the line is opened); here only NAME=NUMBER */
			char *eq = strchr(val, '=');

			if (!eq || eq == val || !parse_long(eq + 1, 0, LONG_MAX, &v)) {
				tel_err("%s: --param takes NAME=VALUE, a value 0..3600000 "
					"(e.g. T309=30000), not '%s'", cmd, val);
				return -1;
			}
			if (o->cfg.nparams == MAX_PARAMS) {
				tel_err("%s: at most %d --param options", cmd, MAX_PARAMS);
				return -1;
			}
			*eq = '\0';	/* the name */
			o->params[o->cfg.nparams++] = (struct tel_param){ val, (unsigned long)v };
			o->cfg.params = o->params;
			break;
		}
		}
	}
	if (seen[O_LINK] && seen[O_CHAN]) {
		tel_err("%s: give --link or --chan, not both", cmd);
		return -1;
	}
	/* on a DAHDI channel they are needed only for a D-channel: call.c checks */
	o->side_given = seen[O_SIDE] && seen[O_SWITCH];
	if (!seen[O_CHAN] && (!seen[O_LINK] || !o->side_given)) {
		tel_err("%s: --link, --side and --switch are required (or --chan PATH, a DAHDI "
			"channel, instead of --link)", cmd);
		return -1;
	}
	if (!o->answer_mode && !o->to) {
		tel_err("call: --to NUMBER is required");
		return -1;
	}
	if (o->from_name && *o->from_name && o->cfg.variant == TEL_VARIANT_EUROISDN &&
	    o->cfg.side == TEL_SIDE_USER) {
		tel_err("call: --from-name: a EuroISDN user side sends no calling name (EN 300 403: "
			"the Display IE goes from the network to the user only); "
			"use --side network, or --switch ni2");
		return -1;
	}
	if (seen[O_UUI_TEXT] && seen[O_UUI_HEX]) {
		tel_err("%s: give --uui-text or --uui-hex, not both", cmd);
		return -1;
	}
	{
		/* the line's own limit: what the library was configured to carry */
		size_t max = o->cfg.uui_max ? o->cfg.uui_max : 128;

		if (o->uui_len > max) {
			tel_err("%s: %s is %zu octets; the line carries at most %zu (--uui-max%s)",
				cmd, seen[O_UUI_TEXT] ? "--uui-text" : "--uui-hex", o->uui_len, max,
				o->cfg.uui_max ? "" : ", default 128, raises it up to 254");
			return -1;
		}
	}
	if (o->uui_pd < 0)
		o->uui_pd = 0;	/* user-specific */
	if (!seen[O_BCHANS])
		o->cfg.bchans = o->cfg.variant == TEL_VARIANT_NI2 ? 23 : 30;
	return 0;
}
