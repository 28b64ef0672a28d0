// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel call / tel answer — place or answer calls on a PRI D-channel through
 * libtel's session layer, printing every link and call state change.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "libtel/tel.h"
#include "tel.h"

#define MAX_UUI 254
#define MAX_PARAMS 16

struct call_opts {
	bool answer_mode;
	int fd;
	struct tel_line_cfg cfg;
	const char *to, *from;
	const char *from_name;	/* calling name for SETUP's Display, NULL: none */
	double hold_s;		/* < 0: hold until the far end clears (answer only) */
	int cause;		/* 0: default */
	bool reject;
	uint8_t uui[MAX_UUI];
	size_t uui_len;
	int uui_pd;		/* -1: default for the kind given */
	long count;		/* calls to handle; -1: answer forever */
	bool json;
	double link_wait_s;
	struct tel_param params[MAX_PARAMS];	/* --param NAME=VALUE (names in argv) */
};

struct run {
	struct call_opts *o;
	tel_ctx *ctx;
	tel_line *line;
	long done;		/* calls that reached IDLE */
	long failed;		/* calls whose drop failed */
	bool link_up, link_seen;
	tel_call *cur;		/* the call being handled (one at a time) */
	double hold_until;	/* seconds, monotonic; 0 = not holding */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_state(struct run *r, tel_call *call, enum tel_call_state st)
{
	struct tel_call_info ci;

	tel_call_info(call, &ci);
	if (r->o->json) {
		struct jw w;

		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_cstr(&w, "event", "state");
		jw_int(&w, "call", tel_call_id(call));
		jw_cstr(&w, "state", tel_call_state_name(st));
		jw_int(&w, "chan", ci.bchan);
		if (st == TEL_CS_OFFERING && ci.from_name[0])
			jw_cstr(&w, "name", ci.from_name);
		if (ci.progress >= 0)
			jw_int(&w, "progress", ci.progress);
		if (ci.cause) {
			jw_obj(&w, "cause");
			jw_int(&w, "value", ci.cause);
			jw_int(&w, "location", ci.cause_location);
			jw_cstr(&w, "from", ci.cause_remote ? "remote" : "local");
			jw_end_obj(&w);
			jw_cstr(&w, "mode", tel_disconnect_mode_name(ci.mode));
		}
		if (ci.uui_rx_pd >= 0) {
			jw_obj(&w, "uui");
			jw_int(&w, "pd", ci.uui_rx_pd);
			jw_hex(&w, "hex", ci.uui_rx, ci.uui_rx_len);
			jw_end_obj(&w);
		}
		jw_end_obj(&w);
		jw_line_end(&w);
	} else {
		printf("call %u: %s", tel_call_id(call), tel_call_state_name(st));
		if (st == TEL_CS_OFFERING)
			printf(" from \"%s\" to \"%s\"", ci.from, ci.to);
		if (st == TEL_CS_OFFERING && ci.from_name[0]) {
			printf(" name ");
			print_text_bytes(stdout, (const uint8_t *)ci.from_name, strlen(ci.from_name));
		}
		if (ci.progress >= 0)
			printf(" progress %d", ci.progress);
		if (ci.bchan)
			printf(" chan %d", ci.bchan);
		if (ci.cause)
			printf(" cause %d (%s, %s) location %d", ci.cause,
			       tel_disconnect_mode_name(ci.mode),
			       ci.cause_remote ? "remote" : "local", ci.cause_location);
		if (ci.uui_rx_pd == 4) {	/* IA5 characters: show them, escaping the rest */
			printf(" uui ");
			print_text_bytes(stdout, ci.uui_rx, ci.uui_rx_len);
		} else if (ci.uui_rx_pd >= 0) {
			printf(" uui pd %d:", ci.uui_rx_pd);
			for (size_t i = 0; i < ci.uui_rx_len; i++)
				printf(" %02x", ci.uui_rx[i]);
		}
		putchar('\n');
	}
	fflush(stdout);
}

static void drop(struct run *r, tel_call *call, int cause)
{
	struct tel_drop_params dp = { .cause = cause };
	int rc;

	/* tel answer's UUI goes in CONNECT, or in the clearing message of a reject */
	if (r->o->uui_len && (!r->o->answer_mode || r->o->reject)) {
		dp.uui = r->o->uui;
		dp.uui_len = r->o->uui_len;
		dp.uui_pd = r->o->uui_pd;
	}
	rc = tel_call_drop(call, &dp);
	if (rc == TEL_ESTATE)
		return;		/* already clearing or idle: nothing to finish */
	if (rc) {
		tel_err("call %u: drop failed: %s", tel_call_id(call), tel_strerror(rc));
		r->failed++;
	}
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct run *r = user;
	struct call_opts *o = r->o;

	switch (ev->type) {
	case TEL_EV_CHAN_STATE:
		break;
	case TEL_EV_LINE_STATE:
		r->link_up = ev->up;
		r->link_seen |= ev->up;
		if (o->json)
			printf("{\"event\":\"link\",\"state\":\"%s\"}\n", ev->up ? "up" : "down");
		else
			printf("link %s\n", ev->up ? "up" : "down");
		fflush(stdout);
		break;
	case TEL_EV_CALL_STATE:
		print_state(r, ev->call, ev->state);
		switch (ev->state) {
		case TEL_CS_OFFERING:
			if (o->reject) {
				drop(r, ev->call, o->cause);
			} else if (r->cur) {
				drop(r, ev->call, 17);	/* one call at a time: busy */
			} else {
				int rc = tel_call_answer(ev->call, o->uui_len ? o->uui : NULL,
							 o->uui_len, o->uui_pd);

				if (rc)
					tel_err("call %u: answer failed: %s", tel_call_id(ev->call),
						tel_strerror(rc));
			}
			if (!r->cur)
				r->cur = ev->call;
			break;
		case TEL_CS_CONNECTED:
			/* tel answer holds only when told to; else the far end clears */
			if (o->hold_s >= 0)
				r->hold_until = now_s() + o->hold_s;
			break;
		case TEL_CS_DISCONNECTED:
			drop(r, ev->call, 0);	/* finish the clearing the far end started */
			break;
		case TEL_CS_IDLE:
			if (ev->call == r->cur) {
				r->cur = NULL;
				r->hold_until = 0;
				r->done++;
			}
			tel_call_dealloc(ev->call);
			break;
		default:
			break;
		}
		break;
	case TEL_EV_DROP_DONE:
		break;
	}
}

static int run_calls(struct call_opts *o)
{
	struct tel_ctx_opts copts = { 0 };
	struct run r = { .o = o };
	double link_deadline, idle_deadline = 0;
	int rc;

	copts.on_event = on_event;
	copts.user = &r;
	rc = tel_ctx_new(&r.ctx, &copts);
	if (rc) {
		tel_err("cannot create context: %s", tel_strerror(rc));
		return EXIT_FAIL;
	}
	if (fcntl(o->fd, F_GETFD) < 0) {
		tel_err("fd:%d: cannot open line: not an open file descriptor "
			"(pass one end of a SOCK_SEQPACKET socketpair)", o->fd);
		tel_ctx_free(r.ctx);
		return EXIT_USAGE;
	}
	rc = tel_line_open_fd(r.ctx, &o->cfg, o->fd, &r.line);
	if (rc) {
		const char *why = tel_ctx_last_error(r.ctx);

		if (rc == TEL_EINVAL && *why)	/* says which parameter and why */
			tel_err("fd:%d: cannot open line: %s", o->fd, why);
		else
			tel_err("fd:%d: cannot open line: %s%s", o->fd, tel_strerror(rc),
				rc == TEL_EIO ? " (can the pcap file be written?)" : "");
		tel_ctx_free(r.ctx);
		return rc == TEL_EINVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	link_deadline = now_s() + o->link_wait_s;

	while (!stop) {
		double t = now_s();

		if (tel_ctx_run(r.ctx, 20) < 0) {
			tel_err("fd:%d: waiting on the line failed", o->fd);
			break;
		}
		if (!r.link_seen) {
			if (t > link_deadline) {
				tel_err("fd:%d: data link did not come up within %.0f s "
					"(is the far end running, on the other side?)", o->fd,
					o->link_wait_s);
				tel_ctx_free(r.ctx);
				return EXIT_FAIL;
			}
			continue;
		}
		if (o->count >= 0 && r.done >= o->count && !r.cur)
			break;
		if (!o->answer_mode && !r.cur && r.link_up) {
			/* the UUI given is for the drop, as in TAPI's lineDrop */
			struct tel_call_params p = { .to = o->to, .from = o->from,
						     .from_name = o->from_name };

			rc = tel_call_make(r.line, &p, &r.cur);
			if (rc) {
				tel_err("call to %s failed: %s", o->to, tel_strerror(rc));
				tel_ctx_free(r.ctx);
				return rc == TEL_EINVAL || rc == TEL_EUUITOOBIG || rc == TEL_ENOTSUP ?
				       EXIT_USAGE : EXIT_FAIL;
			}
		}
		if (r.cur && r.hold_until && t >= r.hold_until) {
			r.hold_until = 0;
			idle_deadline = t + 120;
			drop(&r, r.cur, o->answer_mode ? 0 : o->cause);
		}
		if (idle_deadline && r.cur && t > idle_deadline) {
			tel_err("call %u: not cleared within 120 s", tel_call_id(r.cur));
			r.failed++;
			break;
		}
		if (!r.cur)
			idle_deadline = 0;
	}
	tel_ctx_free(r.ctx);
	if (r.failed || (o->count >= 0 && r.done < o->count))
		return EXIT_FAIL;
	return EXIT_OK;
}

/* ----------------------------------------------------------- arguments --- */

static void call_usage(bool answer)
{
	if (!answer)
		fprintf(stderr,
			"usage: tel call --link fd:N --side user|network --switch euroisdn|ni2 --to NUMBER\n"
			"                [--from NUMBER] [--from-name STR] [--hold SECONDS] [--cause N]\n"
			"                [--uui-text STR | --uui-hex HEX] [--uui-pd N] [--count N]\n"
			"                [--bchans N] [--param NAME=VALUE]... [--json] [--pcap FILE]\n");
	else
		fprintf(stderr,
			"usage: tel answer --link fd:N --side user|network --switch euroisdn|ni2 [--count N]\n"
			"                  [--reject] [--cause N] [--hold SECONDS] [--uui-text STR | --uui-hex HEX]\n"
			"                  [--uui-pd N] [--bchans N] [--param NAME=VALUE]... [--json]\n"
			"                  [--pcap FILE]\n");
	fprintf(stderr, "       --param sets a protocol timer (ms) or counter of the line: T200 T203 N200 k\n"
			"       T301 T303 T305 T306 T308 T309 T310 T313 T316 T322, e.g. --param T309=30000\n");
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int parse_args(int argc, char **argv, struct call_opts *o)
{
	const char *cmd = o->answer_mode ? "answer" : "call";
	bool have_side = false, have_switch = false, have_bchans = false;
	int uui_kinds = 0;
	long v;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool flag = !strcmp(a, "--json") || !strcmp(a, "--reject");

		if (!flag && !val) {
			tel_err("%s: %s needs a value", cmd, a);
			return -1;
		}
		if (!flag)
			i++;
		if (!strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "--reject") && o->answer_mode) {
			o->reject = true;
		} else if (!strcmp(a, "--link")) {
			if (strncmp(val, "fd:", 3) || !parse_long(val + 3, 0, 1 << 20, &v)) {
				tel_err("%s: --link takes fd:N (an open socket carrying LAPD frames), not '%s'",
					cmd, val);
				return -1;
			}
			o->fd = (int)v;
		} else if (!strcmp(a, "--side")) {
			if (!strcmp(val, "user")) {
				o->cfg.side = TEL_SIDE_USER;
			} else if (!strcmp(val, "network") || !strcmp(val, "net")) {
				o->cfg.side = TEL_SIDE_NETWORK;
			} else {
				tel_err("%s: --side takes user or network, not '%s'", cmd, val);
				return -1;
			}
			have_side = true;
		} else if (!strcmp(a, "--switch")) {
			if (!strcmp(val, "euroisdn")) {
				o->cfg.variant = TEL_VARIANT_EUROISDN;
			} else if (!strcmp(val, "ni2")) {
				o->cfg.variant = TEL_VARIANT_NI2;
			} else {
				tel_err("%s: --switch takes euroisdn or ni2, not '%s'", cmd, val);
				return -1;
			}
			have_switch = true;
		} else if (!strcmp(a, "--to") && !o->answer_mode) {
			o->to = val;
		} else if (!strcmp(a, "--from") && !o->answer_mode) {
			o->from = val;
		} else if (!strcmp(a, "--from-name") && !o->answer_mode) {
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
		} else if (!strcmp(a, "--hold")) {
			char *end;

			o->hold_s = strtod(val, &end);
			if (!*val || *end || o->hold_s < 0 || o->hold_s > 86400) {
				tel_err("%s: --hold takes seconds (0..86400), not '%s'", cmd, val);
				return -1;
			}
		} else if (!strcmp(a, "--cause")) {
			if (!parse_long(val, 1, 127, &v)) {
				tel_err("%s: --cause takes a Q.850 cause value 1..127, not '%s'", cmd, val);
				return -1;
			}
			o->cause = (int)v;
		} else if (!strcmp(a, "--uui-text")) {
			size_t n = strlen(val);

			if (n > MAX_UUI) {
				tel_err("%s: --uui-text is %zu octets; a user-user IE holds at most %d",
					cmd, n, MAX_UUI);
				return -1;
			}
			memcpy(o->uui, val, n);
			o->uui_len = n;
			uui_kinds++;
			if (o->uui_pd < 0)
				o->uui_pd = 4;	/* IA5 characters */
		} else if (!strcmp(a, "--uui-hex")) {
			char why[96];
			long n = parse_hex(val, o->uui, sizeof(o->uui), why, sizeof(why));

			if (n < 0) {
				tel_err("%s: --uui-hex: %s", cmd, why);
				return -1;
			}
			o->uui_len = (size_t)n;
			uui_kinds++;
		} else if (!strcmp(a, "--uui-pd")) {
			if (!parse_long(val, 0, 255, &v)) {
				tel_err("%s: --uui-pd takes 0..255, not '%s'", cmd, val);
				return -1;
			}
			o->uui_pd = (int)v;
		} else if (!strcmp(a, "--count")) {
			if (!parse_long(val, 1, 1000000000, &v)) {
				tel_err("%s: --count takes a number of calls >= 1, not '%s'", cmd, val);
				return -1;
			}
			o->count = v;
		} else if (!strcmp(a, "--bchans")) {
			if (!parse_long(val, 1, 30, &v)) {
				tel_err("%s: --bchans takes 1..30, not '%s'", cmd, val);
				return -1;
			}
			o->cfg.bchans = (unsigned)v;
			have_bchans = true;
		} else if (!strcmp(a, "--pcap")) {
			o->cfg.pcap = val;
		} else if (!strcmp(a, "--param")) {
			char *eq = strchr(argv[i], '=');	/* argv[i] is val */

			if (!eq || eq == argv[i] || !parse_long(eq + 1, 0, 3600000, &v)) {
				tel_err("%s: --param takes NAME=VALUE, a value 0..3600000 "
					"(e.g. T309=30000), not '%s'", cmd, val);
				return -1;
			}
			if (o->cfg.nparams == MAX_PARAMS) {
				tel_err("%s: at most %d --param options", cmd, MAX_PARAMS);
				return -1;
			}
			*eq = '\0';	/* the name; the library checks it and the value */
			o->params[o->cfg.nparams++] = (struct tel_param){ argv[i], (unsigned long)v };
			o->cfg.params = o->params;
		} else {
			tel_err("%s: unknown option '%s'", cmd, a);
			return -1;
		}
	}
	if (o->fd < 0 || !have_side || !have_switch) {
		tel_err("%s: --link, --side and --switch are required", cmd);
		return -1;
	}
	if (!o->answer_mode && (!o->to || !*o->to)) {
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
	if (uui_kinds > 1) {
		tel_err("%s: give --uui-text or --uui-hex, not both", cmd);
		return -1;
	}
	if (o->uui_pd < 0)
		o->uui_pd = 0;	/* user-specific */
	if (!have_bchans)
		o->cfg.bchans = o->cfg.variant == TEL_VARIANT_NI2 ? 23 : 30;
	return 0;
}

static int cmd_call_common(int argc, char **argv, bool answer)
{
	struct call_opts o = { 0 };

	o.answer_mode = answer;
	o.fd = -1;
	o.uui_pd = -1;
	o.count = answer ? -1 : 1;
	o.hold_s = answer ? -1 : 0;
	o.link_wait_s = 10;
	if (parse_args(argc, argv, &o)) {
		call_usage(answer);
		return EXIT_USAGE;
	}
	return run_calls(&o);
}

int cmd_call(int argc, char **argv)
{
	return cmd_call_common(argc, argv, false);
}

int cmd_answer(int argc, char **argv)
{
	return cmd_call_common(argc, argv, true);
}
