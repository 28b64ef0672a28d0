// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel call / tel answer — place or answer calls on a PRI D-channel through
 * libtel's session layer, printing every link and call state change.
 *
 * A run goes through three phases: RUN (calls are made or answered), CLEAR
 * (a signal came: every call still up is dropped and the run waits for them
 * to clear) and SHUTDOWN (tel_line_shutdown(): the data link is released
 * with DISC/UA once every frame is acknowledged). Each wait is bounded.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "call.h"
#include "json.h"
#include "tel.h"

#define CLEAR_WAIT_S	10	/* after a signal: for the calls to clear */
#define RELEASE_WAIT_S	10	/* after the last call: for the data link's release */
#define IDLE_WAIT_S	120	/* after a drop: for the call to reach IDLE */

enum phase { PH_RUN, PH_CLEAR, PH_SHUTDOWN };

struct run {
	struct call_opts *o;
	tel_ctx *ctx;
	tel_line *line;
	enum phase phase;
	long done;		/* calls handled (placed, answered or rejected) that reached IDLE */
	long failed;		/* calls that did not end as asked, and other failures */
	bool link_up, link_seen;
	bool closed;		/* the far end closed the transport (TEL_LR_CLOSED) */
	bool released;		/* the link went down after tel_line_shutdown() */
	enum tel_line_reason down_reason;
	double down_since;	/* when the link was last seen going down (or the start) */
	double deadline;	/* PH_CLEAR, PH_SHUTDOWN: when to stop waiting */
	tel_call **live;	/* every handle not yet IDLE */
	size_t nlive, caplive;
	/* the call being handled (one at a time) */
	tel_call *cur;
	int cur_asked;		/* the cause our drop asked for; 0: we did not drop it */
	bool cur_fail;		/* failed whatever its cause (ring timeout, answer failed) */
	bool cur_drop_again;	/* the drop was refused for now (TEL_EBUSY): retry */
	double hold_until;	/* 0: not holding */
	double ring_until;	/* tel call: 0 once connected */
	double idle_deadline;	/* 0: no drop under way */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	static const char msg[] = "tel: second signal: ending at once (exit 1)\n";

	(void)sig;
	if (stop) {
		if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
			/* nothing more to do about it */
		}
		_exit(EXIT_FAIL);
	}
	stop = sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *reason_name(enum tel_line_reason r)
{
	switch (r) {
	case TEL_LR_NONE: return "no reason given";
	case TEL_LR_LOST: return "no answer from the far end";
	case TEL_LR_REFUSED: return "the far end refused it";
	case TEL_LR_RELEASED: return "the far end released it";
	case TEL_LR_CLOSED: return "the far end closed the connection";
	case TEL_LR_ALARM: return "layer 1 alarm";
	case TEL_LR_SHUTDOWN: return "released";
	}
	return "unknown reason";
}

static const char *reason_word(enum tel_line_reason r)
{
	switch (r) {
	case TEL_LR_NONE: return "none";
	case TEL_LR_LOST: return "lost";
	case TEL_LR_REFUSED: return "refused";
	case TEL_LR_RELEASED: return "released";
	case TEL_LR_CLOSED: return "closed";
	case TEL_LR_ALARM: return "alarm";
	case TEL_LR_SHUTDOWN: return "shutdown";
	}
	return "unknown";
}

/* ------------------------------------------------------------- output --- */

/*
 * A number from tel_call_info, escaped. tel_call_info holds at most
 * sizeof(to) - 1 digits: a number that fills it may have been longer on the
 * wire, and that is said rather than hidden.
 */
static void print_number(const char *what, const char *n, size_t len)
{
	printf(" %s ", what);
	print_text_bytes(stdout, (const uint8_t *)n, len);
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
		if (st == TEL_CS_OFFERING) {
			jw_str(&w, "from", ci.from, ci.from_len);
			jw_str(&w, "to", ci.to, ci.to_len);
		}
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
		if (st == TEL_CS_OFFERING) {
			print_number("from", ci.from, ci.from_len);
			print_number("to", ci.to, ci.to_len);
		}
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

static void print_link(struct run *r, const struct tel_event *ev)
{
	if (r->o->json) {
		struct jw w;

		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_cstr(&w, "event", "link");
		jw_cstr(&w, "state", ev->up ? "up" : "down");
		if (!ev->up)
			jw_cstr(&w, "reason", reason_word(ev->reason));
		jw_end_obj(&w);
		jw_line_end(&w);
	} else if (ev->up) {
		printf("link up\n");
	} else {
		printf("link down (%s)\n", reason_name(ev->reason));
	}
	fflush(stdout);
}

/* --------------------------------------------------------------- calls --- */

static void live_add(struct run *r, tel_call *call)
{
	if (r->nlive == r->caplive) {
		size_t n = r->caplive ? 2 * r->caplive : 8;
		tel_call **p = realloc(r->live, n * sizeof(*p));

		if (!p) {
			tel_err("out of memory");
			exit(EXIT_FAIL);
		}
		r->live = p;
		r->caplive = n;
	}
	r->live[r->nlive++] = call;
}

static void live_remove(struct run *r, tel_call *call)
{
	for (size_t i = 0; i < r->nlive; i++) {
		if (r->live[i] == call) {
			r->live[i] = r->live[--r->nlive];
			return;
		}
	}
}

/* The UUI given goes in the drop of the call handled (tel call: as TAPI's
 * lineDrop; tel answer --reject: in the rejection); tel answer's goes in CONNECT. */
static bool drop_has_uui(const struct run *r, tel_call *call)
{
	return r->o->uui_len && call == r->cur && (!r->o->answer_mode || r->o->reject);
}

/*
 * Drop @call with @cause (0: the library's default, 21 when offering, else
 * 16). @asked: the drop ends the call as the tool means to, so its cause is
 * the one the call must clear with.
 */
static void drop(struct run *r, tel_call *call, int cause, bool asked)
{
	struct tel_drop_params dp = { .cause = cause };
	struct tel_call_info ci;
	int rc;

	tel_call_info(call, &ci);
	if (drop_has_uui(r, call)) {
		dp.uui = r->o->uui;
		dp.uui_len = r->o->uui_len;
		dp.uui_pd = r->o->uui_pd;
	}
	rc = tel_call_drop(call, &dp);
	if (rc && rc != TEL_ESTATE && rc != TEL_EBUSY && dp.uui_len) {
		/* never leave the far end's call up for the sake of the UUI */
		tel_err("call %u: drop with %zu octets of UUI failed: %s; dropping it without UUI",
			tel_call_id(call), dp.uui_len, tel_strerror(rc));
		if (call == r->cur)
			r->cur_fail = true;
		else
			r->failed++;
		dp.uui = NULL;
		dp.uui_len = 0;
		rc = tel_call_drop(call, &dp);
	}
	if (call == r->cur)
		r->cur_drop_again = rc == TEL_EBUSY;
	if (rc == TEL_ESTATE || rc == TEL_EBUSY)
		return;		/* already clearing or idle / retried from the loop */
	if (rc) {
		tel_err("call %u: drop failed: %s", tel_call_id(call), tel_strerror(rc));
		r->failed++;
		return;
	}
	if (asked && call == r->cur)
		r->cur_asked = cause ? cause : ci.state == TEL_CS_OFFERING ? 21 : 16;
}

/* Did the call handled end as asked? Says why not. */
static void judge(struct run *r, tel_call *call)
{
	struct tel_call_info ci;
	bool ok;

	tel_call_info(call, &ci);
	if (ci.cause_remote)
		ok = ci.cause == 16 || ci.cause == 31;	/* normal clearing by the far end */
	else
		ok = r->cur_asked && ci.cause == r->cur_asked;
	if (r->cur_fail) {
		r->failed++;	/* the reason was said when it happened */
	} else if (!ok) {
		r->failed++;
		tel_err("call %u: ended with cause %d (%s) from the %s end, not as asked%s",
			tel_call_id(call), ci.cause, tel_disconnect_mode_name(ci.mode),
			ci.cause_remote ? "far" : "near",
			r->cur_asked ? "" : " (the tool did not clear it)");
	}
}

static void on_offering(struct run *r, tel_call *call)
{
	struct call_opts *o = r->o;
	int rc;

	live_add(r, call);
	if (!o->answer_mode) {
		tel_err("call %u: an incoming call: rejected (cause 21) and not counted; "
			"tel call places calls, tel answer takes them", tel_call_id(call));
		drop(r, call, 21, false);
		return;
	}
	if (r->cur || r->phase != PH_RUN || (o->count >= 0 && r->done >= o->count)) {
		drop(r, call, 17, false);	/* one call at a time: busy */
		return;
	}
	r->cur = call;
	r->cur_asked = 0;
	r->cur_fail = false;
	if (o->reject) {
		drop(r, call, o->cause ? o->cause : 21, true);
		return;
	}
	rc = tel_call_answer(call, o->uui_len ? o->uui : NULL, o->uui_len, o->uui_pd);
	if (rc) {
		tel_err("call %u: answer failed: %s; rejecting it (cause 41)", tel_call_id(call),
			tel_strerror(rc));
		r->cur_fail = true;
		drop(r, call, 41, true);
	}
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct run *r = user;

	switch (ev->type) {
	case TEL_EV_LINE_STATE:
		r->link_up = ev->up;
		r->link_seen |= ev->up;
		if (!ev->up) {
			r->down_since = now_s();
			r->down_reason = ev->reason;
			if (ev->reason == TEL_LR_CLOSED)
				r->closed = true;
			if (r->phase == PH_SHUTDOWN)
				r->released = true;
		}
		print_link(r, ev);
		break;
	case TEL_EV_CALL_STATE:
		print_state(r, ev->call, ev->state);
		switch (ev->state) {
		case TEL_CS_OFFERING:
			on_offering(r, ev->call);
			break;
		case TEL_CS_CONNECTED:
			if (ev->call != r->cur)
				break;
			r->ring_until = 0;
			/* tel answer holds only when told to; else the far end clears */
			if (r->o->hold_s >= 0 && r->phase == PH_RUN)
				r->hold_until = now_s() + r->o->hold_s;
			break;
		case TEL_CS_DISCONNECTED:
			drop(r, ev->call, 0, false);	/* finish the clearing the far end started */
			break;
		case TEL_CS_IDLE:
			if (ev->call == r->cur) {
				judge(r, ev->call);
				r->cur = NULL;
				r->hold_until = r->ring_until = r->idle_deadline = 0;
				r->cur_drop_again = false;
				r->done++;
			}
			live_remove(r, ev->call);
			tel_call_dealloc(ev->call);
			break;
		default:
			break;
		}
		break;
	case TEL_EV_DROP_DONE:
	case TEL_EV_CHAN_STATE:
		break;
	}
}

/* ---------------------------------------------------------------- run --- */

/* Before any call: the UUI given must fit what the line says it carries. */
static int check_caps(struct run *r)
{
	struct call_opts *o = r->o;
	struct tel_line_caps caps;
	bool in_connect = o->answer_mode && !o->reject;
	size_t max;

	if (!o->uui_len)
		return 0;
	if (tel_line_caps(r->line, &caps))
		return 0;	/* nothing known: the drop itself will say */
	max = in_connect ? caps.uui_answer_max : caps.uui_drop_max;
	if (o->uui_len <= max)
		return 0;
	if (!max)
		tel_err("%s: this line carries no user-user information; leave out the UUI",
			o->answer_mode ? "answer" : "call");
	else
		tel_err("%s: the UUI is %zu octets; this line carries at most %zu in %s",
			o->answer_mode ? "answer" : "call", o->uui_len, max,
			in_connect ? "CONNECT" : o->answer_mode ? "the rejection" : "the drop");
	return -1;
}

/*
 * --chan without --side/--switch: fine on an analog port, not on a
 * D-channel. The channel's signalling says which (DAHDI_GET_PARAMS); a
 * channel that cannot be asked is left to tel_line_open_dahdi() to explain.
 */
static int check_chan_side(const struct call_opts *o)
{
	struct dahdi_params p;
	int fd, rc;

	if (o->side_given)
		return 0;
	fd = open(o->chan, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	memset(&p, 0, sizeof(p));
	rc = ioctl(fd, DAHDI_GET_PARAMS, &p);
	close(fd);
	if (rc < 0 || (p.sigtype != DAHDI_SIG_HDLCFCS && p.sigtype != DAHDI_SIG_HARDHDLC))
		return 0;
	tel_err("%s: a PRI D-channel: give --side user|network and --switch euroisdn|ni2 "
		"(only an analog port goes without them)", o->chan);
	return -1;
}

/* Whatever the library said about a refused line, naming it. */
static void open_failed(const struct call_opts *o, tel_ctx *ctx, int rc)
{
	const char *why = tel_ctx_last_error(ctx);

	if (o->chan && *why)	/* the library's sentence names the channel */
		tel_err("%s", why);
	else if (*why)		/* says which parameter, or file, and why */
		tel_err("%s: cannot open line: %s", o->where, why);
	else if (rc == TEL_EIO && o->cfg.pcap)
		tel_err("%s: cannot open line: %s (writing the trace %s?)", o->where,
			tel_strerror(rc), o->cfg.pcap);
	else
		tel_err("%s: cannot open line: %s", o->where, tel_strerror(rc));
}

static int open_line(struct run *r)
{
	struct call_opts *o = r->o;
	struct tel_ctx_opts copts = { 0 };
	int rc;

	copts.on_event = on_event;
	copts.user = r;
	rc = tel_ctx_new(&r->ctx, &copts);
	if (rc) {
		tel_err("cannot create context: %s", tel_strerror(rc));
		return EXIT_FAIL;
	}
	if (!o->chan && fcntl(o->fd, F_GETFD) < 0) {
		tel_err("fd:%d: cannot open line: not an open file descriptor "
			"(pass one end of a SOCK_SEQPACKET socketpair)", o->fd);
		return EXIT_USAGE;
	}
	if (o->chan && check_chan_side(o))
		return EXIT_USAGE;
	if (o->cfg.pcap) {
		/* the library says only TEL_EIO: find out which file and why */
		FILE *f = fopen(o->cfg.pcap, "ab");

		if (!f) {
			tel_err("--pcap %s: cannot write the trace: %s", o->cfg.pcap, strerror(errno));
			return EXIT_USAGE;
		}
		fclose(f);
	}
	if (o->chan)
		rc = tel_line_open_dahdi(r->ctx, &o->cfg, o->chan, &r->line);
	else
		rc = tel_line_open_fd(r->ctx, &o->cfg, o->fd, &r->line);
	if (rc) {
		open_failed(o, r->ctx, rc);
		return rc == TEL_EINVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	if (tel_line_up(r->line))	/* an analog port without alarm: up from the start */
		r->link_up = r->link_seen = true;
	if (check_caps(r))
		return EXIT_USAGE;
	return EXIT_OK;
}

/* After the last call, or after a signal: release the data link. */
static bool begin_shutdown(struct run *r, double t)
{
	int rc;

	if (!r->link_up) {
		if (r->link_seen)
			tel_err("%s: data link down at the end (%s): nothing to release", r->o->where,
				reason_name(r->down_reason));
		return false;
	}
	rc = tel_line_shutdown(r->line);
	if (rc) {
		if (rc != TEL_ENOTSUP)
			tel_err("%s: cannot release the data link: %s", r->o->where,
				tel_strerror(rc));
		return false;
	}
	r->phase = PH_SHUTDOWN;
	r->deadline = t + RELEASE_WAIT_S;
	return true;
}

static bool begin_clear(struct run *r, double t)
{
	size_t n = r->nlive;

	r->phase = PH_CLEAR;
	r->deadline = t + CLEAR_WAIT_S;
	r->hold_until = r->ring_until = 0;
	if (n)
		tel_err("%s: dropping %zu call%s (cause 16)", stop == SIGTERM ? "SIGTERM" : "SIGINT",
			n, n == 1 ? "" : "s");
	/* a drop may end a call at once (IDLE from inside tel_ctx_run only) */
	for (size_t i = 0; i < r->nlive; i++)
		drop(r, r->live[i], 16, true);
	return n == 0 ? begin_shutdown(r, t) : true;
}

/* One step of PH_RUN; false when the run is over. */
static bool run_step(struct run *r, double t)
{
	struct call_opts *o = r->o;

	if (!r->link_up && t - r->down_since > o->link_timeout_s) {
		if (!r->link_seen)
			tel_err("%s: data link did not come up within %g s "
				"(is the far end running, on the other side? --link-timeout)", o->where,
				o->link_timeout_s);
		else
			tel_err("%s: data link down for %g s (%s); giving up (--link-timeout)",
				o->where, o->link_timeout_s, reason_name(r->down_reason));
		r->failed++;
		return false;
	}
	if (!r->link_seen)
		return true;
	if (o->count >= 0 && r->done >= o->count && !r->cur)
		return begin_shutdown(r, t);
	if (!o->answer_mode && !r->cur && r->link_up) {
		/* the UUI given is for the drop, as in TAPI's lineDrop */
		struct tel_call_params p = { .to = o->to, .from = o->from,
					     .from_name = o->from_name };
		int rc = tel_call_make(r->line, &p, &r->cur);

		if (rc) {
			r->cur = NULL;
			tel_err("call to %s failed: %s", o->to, tel_strerror(rc));
			r->failed++;
			return false;
		}
		live_add(r, r->cur);
		r->cur_asked = 0;
		r->cur_fail = false;
		r->ring_until = t + o->ring_timeout_s;
	}
	if (r->cur && r->ring_until && t >= r->ring_until) {
		tel_err("call %u: not answered within %g s (--ring-timeout); dropping it (cause 19)",
			tel_call_id(r->cur), o->ring_timeout_s);
		r->ring_until = 0;
		r->cur_fail = true;
		r->idle_deadline = t + IDLE_WAIT_S;
		drop(r, r->cur, 19, true);
	}
	if (r->cur && r->hold_until && t >= r->hold_until) {
		r->hold_until = 0;
		r->idle_deadline = t + IDLE_WAIT_S;
		drop(r, r->cur, o->answer_mode ? 0 : o->cause, true);
	}
	if (r->cur && r->cur_drop_again)
		drop(r, r->cur, r->cur_asked ? r->cur_asked : o->cause, true);
	if (r->idle_deadline && r->cur && t > r->idle_deadline) {
		tel_err("call %u: not cleared within %d s", tel_call_id(r->cur), IDLE_WAIT_S);
		r->failed++;
		return false;
	}
	return true;
}

int call_run(struct call_opts *o)
{
	struct run r = { .o = o };
	struct sigaction sa;
	int rc;

	rc = open_line(&r);
	if (rc) {
		if (r.ctx)
			tel_ctx_free(r.ctx);
		return rc;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r.down_since = now_s();

	for (;;) {
		double t;

		if (tel_ctx_run(r.ctx, 20) < 0) {
			tel_err("%s: waiting on the line failed", o->where);
			r.failed++;
			break;
		}
		t = now_s();
		if (r.closed && r.phase != PH_SHUTDOWN) {
			/* after the last call (or a signal's clearing) nothing is lost */
			bool over = !r.nlive && (r.phase == PH_CLEAR ||
						 (o->count >= 0 && r.done >= o->count));

			if (!over || r.failed)	/* said when it cut short or went with a failure */
				tel_err("%s: the far end closed the connection%s", o->where,
					r.nlive ? " with calls up" : "");
			if (!over)
				r.failed++;
			break;
		}
		if (stop && r.phase == PH_RUN && !begin_clear(&r, t))
			break;
		if (r.phase == PH_RUN) {
			if (!run_step(&r, t))
				break;
		} else if (r.phase == PH_CLEAR) {
			if (!r.nlive) {
				if (!begin_shutdown(&r, t))
					break;
			} else if (t > r.deadline) {
				tel_err("%zu call%s not cleared within %d s", r.nlive,
					r.nlive == 1 ? "" : "s", CLEAR_WAIT_S);
				r.failed++;
				if (!begin_shutdown(&r, t))
					break;
			}
		} else {
			if (r.released)
				break;
			if (t > r.deadline) {
				tel_err("%s: data link not released within %d s", o->where,
					RELEASE_WAIT_S);
				r.failed++;
				break;
			}
		}
	}
	tel_ctx_free(r.ctx);
	free(r.live);
	if (r.failed)
		return EXIT_FAIL;
	if (!stop && o->count >= 0 && r.done < o->count)
		return EXIT_FAIL;
	return EXIT_OK;
}

/* ----------------------------------------------------------- commands --- */

static int cmd_call_common(int argc, char **argv, bool answer)
{
	struct call_opts o = { 0 };

	o.answer_mode = answer;
	o.fd = -1;
	o.uui_pd = -1;
	o.count = answer ? -1 : 1;
	o.hold_s = answer ? -1 : 0;
	o.ring_timeout_s = 60;
	o.link_timeout_s = 30;
	if (call_parse_args(argc, argv, &o)) {
		call_usage(stderr, answer, false);
		return EXIT_USAGE;
	}
	if (o.chan)
		snprintf(o.where, sizeof(o.where), "%s", o.chan);
	else
		snprintf(o.where, sizeof(o.where), "fd:%d", o.fd);
	return call_run(&o);
}

int cmd_call(int argc, char **argv)
{
	return cmd_call_common(argc, argv, false);
}

int cmd_answer(int argc, char **argv)
{
	return cmd_call_common(argc, argv, true);
}
