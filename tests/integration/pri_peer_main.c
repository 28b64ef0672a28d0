// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pri_peer_main — libpri as the far end of an inherited D-channel socket, for
 * the CLI interop checks (tests/checks/interop_cli.sh).
 *
 *   pri_peer_main --fd N --side network|user --switch euroisdn|ni2 [--bchans N]
 *                 [--answer | --alert | --reject CAUSE | --call N --to NUMBER [--from NUMBER]]
 *                 [--name TEXT] [--uui TEXT] [--hangup-uui TEXT] [--hold MS] [--count N]
 *                 [--timeout S]
 *
 * --answer (default) answers incoming calls (ALERTING, CONNECT; --uui goes in
 * ALERTING); --reject CAUSE clears them with CAUSE (--uui in the DISCONNECT);
 * --call N places N calls one after another (--uui in SETUP) and clears each
 * after --hold MS connected (0: waits for the far end to clear), with
 * --hangup-uui in its DISCONNECT, and --name as the calling name (with --from:
 * libpri sends a name only with a number). Exits 0 once --count calls (default 1, or N)
 * have ended, 1 on timeout (default 10 s) or error.
 *
 * Prints JSON lines: {"event":"link","state":"up"|"down"}, one "rx" line per
 * Q.931 message the far end sent (type, cause, UUI and Display as hex), and one
 * "end" line per call with what libpri reported (calling_name: the ring's name).
 */
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpri.h>

#include "pri_peer.h"

struct opts {
	int fd;
	struct pri_peer_cfg cfg;
	int ncalls;		/* --call N; 0: answer/reject mode */
	const char *to, *from, *uui, *hangup_uui;
	long hold_ms;
	int count;
	double timeout_s;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pri_peer_main --fd N --side network|user --switch euroisdn|ni2 [--bchans N]\n"
		"         [--answer | --alert | --reject CAUSE | --call N --to NUMBER [--from NUMBER]]\n"
		"         [--name TEXT] [--uui TEXT] [--hangup-uui TEXT] [--hold MS] [--count N]\n"
		"         [--timeout S]\n");
}

static void json_str(const char *k, const char *v)
{
	printf(",\"%s\":\"", k);
	for (; *v; v++) {
		unsigned char ch = (unsigned char)*v;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch > 0x7e)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void print_msg(const struct pp_msg *m)
{
	printf("{\"event\":\"rx\"");
	json_str("msg", pp_msg_name(m->type));
	printf(",\"cref\":%u", m->cref);
	if (m->cause >= 0)
		printf(",\"cause\":%d,\"location\":%d", m->cause, m->cause_location);
	if (m->chan >= 0)
		printf(",\"chan\":%d", m->chan);
	if (m->uui_pd >= 0) {
		printf(",\"uui_pd\":%d,\"uui_hex\":\"", m->uui_pd);
		for (size_t i = 0; i < m->uui_len; i++)
			printf("%02x", m->uui[i]);
		putchar('"');
	}
	if (m->has_display) {
		printf(",\"display_hex\":\"");
		for (size_t i = 0; i < m->display_len; i++)
			printf("%02x", m->display[i]);
		putchar('"');
	}
	printf("}\n");
}

static void print_end(const struct pp_call *c)
{
	printf("{\"event\":\"end\",\"call\":%d,\"dir\":\"%s\",\"chan\":%d,\"answered\":%s,"
	       "\"cause\":%d,\"local_cause\":%d,\"restarted\":%s",
	       c->id, c->outgoing ? "out" : "in", c->chan, c->answered ? "true" : "false",
	       c->cause, c->local_cause, c->restarted ? "true" : "false");
	json_str("called", c->called);
	json_str("calling", c->calling);
	json_str("calling_name", c->calling_name);
	json_str("uui_ring", c->uui_ring);
	json_str("uui_ringing", c->uui_ringing);
	json_str("uui_answer", c->uui_answer);
	json_str("uui_hangup", c->uui_hangup);
	printf("}\n");
}

static int parse(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool flag = !strcmp(a, "--answer") || !strcmp(a, "--alert");

		if (!flag && !v) {
			fprintf(stderr, "pri_peer_main: %s needs a value\n", a);
			return -1;
		}
		if (!flag)
			i++;
		if (!strcmp(a, "--fd")) {
			o->fd = atoi(v);
		} else if (!strcmp(a, "--side")) {
			if (!strcmp(v, "network"))
				o->cfg.node = PRI_NETWORK;
			else if (!strcmp(v, "user"))
				o->cfg.node = PRI_CPE;
			else
				return -1;
		} else if (!strcmp(a, "--switch")) {
			if (!strcmp(v, "euroisdn"))
				o->cfg.switchtype = PRI_SWITCH_EUROISDN_E1;
			else if (!strcmp(v, "ni2"))
				o->cfg.switchtype = PRI_SWITCH_NI2;
			else
				return -1;
		} else if (!strcmp(a, "--bchans")) {
			o->cfg.bchans = (unsigned)atoi(v);
		} else if (!strcmp(a, "--answer")) {
			o->cfg.on_ring = PP_ANSWER;
		} else if (!strcmp(a, "--alert")) {
			o->cfg.on_ring = PP_ALERT;
		} else if (!strcmp(a, "--reject")) {
			o->cfg.reject_cause = atoi(v);
			o->cfg.on_ring = o->cfg.reject_cause == 17 ? PP_BUSY : PP_REJECT;
		} else if (!strcmp(a, "--call")) {
			o->ncalls = atoi(v);
		} else if (!strcmp(a, "--to")) {
			o->to = v;
		} else if (!strcmp(a, "--from")) {
			o->from = v;
		} else if (!strcmp(a, "--name")) {
			o->cfg.caller_name = v;
		} else if (!strcmp(a, "--uui")) {
			o->uui = v;
		} else if (!strcmp(a, "--hangup-uui")) {
			o->hangup_uui = v;
		} else if (!strcmp(a, "--hold")) {
			o->hold_ms = atol(v);
		} else if (!strcmp(a, "--count")) {
			o->count = atoi(v);
		} else if (!strcmp(a, "--timeout")) {
			o->timeout_s = atof(v);
		} else {
			fprintf(stderr, "pri_peer_main: unknown option '%s'\n", a);
			return -1;
		}
	}
	if (o->fd < 0 || !o->cfg.node || !o->cfg.switchtype || (o->ncalls && !o->to))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .fd = -1, .timeout_s = 10, .count = 0 };
	struct pri_peer *p;
	double deadline, hang_at = 0;
	int placed = 0, ended = 0, msgs = 0, cur = 0, want;
	bool up = false, ok = false;
	bool *reported = NULL;
	int nreported = 0;

	o.cfg.on_ring = PP_ANSWER;
	o.cfg.alert = true;
	o.cfg.name = "pri_peer_main";
	if (parse(argc, argv, &o)) {
		usage();
		return 2;
	}
	if (!o.ncalls) {
		if (o.cfg.on_ring == PP_REJECT || o.cfg.on_ring == PP_BUSY)
			o.cfg.uui_reject = o.uui;
		else
			o.cfg.uui_alert = o.uui;
	}
	want = o.count ? o.count : o.ncalls ? o.ncalls : 1;
	p = pri_peer_new(o.fd, &o.cfg);
	if (!p) {
		fprintf(stderr, "pri_peer_main: fd %d: cannot start libpri\n", o.fd);
		return 1;
	}
	deadline = now_s() + o.timeout_s;
	while (now_s() < deadline) {
		struct pollfd pfd = { .fd = o.fd, .events = POLLIN };
		int t = pri_peer_next_timeout_ms(p);
		const struct pp_call *c;

		poll(&pfd, 1, t < 0 || t > 20 ? 20 : t);
		pri_peer_service(p);
		if (pri_peer_up(p) != up) {
			up = pri_peer_up(p);
			printf("{\"event\":\"link\",\"state\":\"%s\"}\n", up ? "up" : "down");
		}
		for (; msgs < pri_peer_nmsgs(p); msgs++)
			if (pri_peer_msg(p, msgs)->rx)
				print_msg(pri_peer_msg(p, msgs));
		if (pri_peer_ncalls(p) > nreported) {
			bool *n = realloc(reported, (size_t)pri_peer_ncalls(p) * sizeof(*n));

			if (!n)
				break;
			reported = n;
			while (nreported < pri_peer_ncalls(p))
				reported[nreported++] = false;
		}
		for (int id = 1; id <= pri_peer_ncalls(p); id++) {
			c = pri_peer_get_call(p, id);
			if (c->state == PP_CS_IDLE && !reported[id - 1]) {
				reported[id - 1] = true;
				print_end(c);
				ended++;
			}
		}
		fflush(stdout);
		if (ended >= want) {
			ok = true;
			break;
		}
		if (o.ncalls) {
			c = cur ? pri_peer_get_call(p, cur) : NULL;
			if (up && placed < o.ncalls && (!c || c->state == PP_CS_IDLE)) {
				cur = pri_peer_call(p, o.to, o.from, o.uui);
				if (cur < 0) {
					fprintf(stderr, "pri_peer_main: cannot place call %d\n",
						placed + 1);
					break;
				}
				placed++;
				hang_at = 0;
			} else if (c && c->state == PP_CS_ACTIVE && o.hold_ms > 0) {
				if (!hang_at)
					hang_at = now_s() + (double)o.hold_ms / 1000;
				else if (now_s() >= hang_at) {
					pri_peer_hangup(p, cur, 16, o.hangup_uui);
					hang_at = 1e300;
				}
			}
		}
		if (pri_peer_eof(p))
			break;	/* the far end is gone: nothing more can happen */
	}
	if (!ok)
		fprintf(stderr, "pri_peer_main: %d of %d calls ended%s\n", ended, want,
			pri_peer_eof(p) ? " (far end closed the socket)" : " before the timeout");
	free(reported);
	pri_peer_free(p);
	return ok ? 0 : 1;
}
