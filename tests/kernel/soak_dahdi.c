// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak_dahdi — PRI calls between two D-channels of real DAHDI spans (the
 * simulated card's linked E1 spans in the test VM), while the line is
 * damaged through the card's debugfs knobs: bit error bursts, D-channel
 * cuts shorter than T309, frame slips. Uses only libtel's public API, as an
 * application would.
 *
 *   soak_dahdi --net CHAN --user CHAN [--calls N] [--parallel P] [--seed S]
 *              [--knobs DIR[,DIR]] [--final B] [--progress SECONDS]
 *
 * Calls go both ways (3 in 4 from the network side). The called side
 * answers 9 in 10 (else rejects, cause 21); a connected call is held 0-300
 * ms and dropped by either side with cause 16 and UUI. Every call must end
 * IDLE with a cause on the side that placed it, within 120 s. Faults, one
 * every 1-3 s, picked at random: ber (20-200 errors per million for 0.2-2
 * s), dchan_cut_ms (100-2000 ms), slips (1-3), on one span's receive.
 * After N calls: faults off, a quiet period until both links are up and no
 * call is left, then a final batch of B calls at once from the network
 * side, which must all connect on distinct B-channels (all 30 of an E1),
 * then be dropped. Prints the figures; exits 0 when every check held.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libtel/tel.h>

#define MAXCALLS	256
#define CALL_LIMIT_MS	120000

enum { NET, USR };

struct slot {
	tel_call *call[2];	/* placing side's and answering side's handles */
	int from;		/* side that placed it */
	uint64_t start, hold_until;
	bool used, dropping[2], answered;
	uint32_t serial;
};

static tel_ctx *ctx;
static tel_line *line[2];
static int line_up[2];
static struct slot slots[MAXCALLS];
static uint32_t rng = 2463534242u;
static unsigned long placed, ended, ended_cause[128], ended_nocause, rejected, connected;
static unsigned long make_fail, stuck, failures;
static const char *proc_files;		/* --proc: /proc/dahdi/N,... to check for channels in use */
static bool final_mode;		/* the final batch: every call answered */
static const char *knob_dir[2];
static int nknobs;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	failures++;
}

static int side_of(const tel_line *l)
{
	return l == line[NET] ? NET : USR;
}

static struct slot *slot_of(tel_call *c, int *side)
{
	int i, s;

	for (i = 0; i < MAXCALLS; i++)
		for (s = 0; s < 2; s++)
			if (slots[i].used && slots[i].call[s] == c) {
				*side = s;
				return &slots[i];
			}
	return NULL;
}

/* The handle of @sp belonging to line side @ls (placing side's or answering). */
static int role(const struct slot *sp, int ls)
{
	return ls == sp->from ? 0 : 1;
}

static void knob(int which, const char *name, long v)
{
	char path[256];
	FILE *f;

	if (!nknobs)
		return;
	snprintf(path, sizeof(path), "%s/%s", knob_dir[which % nknobs], name);
	f = fopen(path, "w");
	if (!f) {
		fail("%s: %s", path, strerror(errno));
		return;
	}
	fprintf(f, "%ld\n", v);
	fclose(f);
}

static void slot_free_if_done(struct slot *sp)
{
	int r;

	for (r = 0; r < 2; r++)
		if (sp->call[r])
			return;
	sp->used = false;
}

static void drop(struct slot *sp, int r, int cause)
{
	char uui[32];
	struct tel_drop_params dp = { .cause = cause, .uui = uui, .uui_pd = 4 };
	int rc;

	if (!sp->call[r] || sp->dropping[r])
		return;
	dp.uui_len = (size_t)snprintf(uui, sizeof(uui), "soak %" PRIu32, sp->serial);
	rc = tel_call_drop(sp->call[r], &dp);
	if (rc == 0 || rc == TEL_ESTATE)
		sp->dropping[r] = true;
	else if (rc != TEL_EBUSY)
		fail("call %" PRIu32 ": drop: %s", sp->serial, tel_strerror(rc));
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct tel_call_info ci;
	struct slot *sp;
	int ls, r, s, i;

	(void)user;
	if (ev->type == TEL_EV_LINE_STATE) {
		line_up[side_of(ev->line)] = ev->up;
		return;
	}
	if (ev->type != TEL_EV_CALL_STATE && ev->type != TEL_EV_DROP_DONE)
		return;
	ls = side_of(ev->line);
	sp = slot_of(ev->call, &s);
	if (!sp) {
		if (ev->type != TEL_EV_CALL_STATE || ev->state != TEL_CS_OFFERING)
			return;
		/* a new incoming call: its number is the serial of the call placed */
		i = MAXCALLS;
		if (tel_call_info(ev->call, &ci) == 0) {
			unsigned long serial = strtoul(ci.to, NULL, 10);

			for (i = 0; i < MAXCALLS; i++)
				if (slots[i].used && slots[i].serial == serial &&
				    slots[i].from != ls && !slots[i].answered)
					break;
		}
		if (i == MAXCALLS) {
			/* not one of ours (cannot happen), or its placing side gave up already */
			tel_call_drop(ev->call, NULL);
			return;
		}
		sp = &slots[i];
		sp->call[1] = ev->call;
		sp->answered = true;
		if (!final_mode && rnd() % 10 == 0) {
			rejected++;
			drop(sp, 1, 21);
		} else if (tel_call_answer(ev->call, "ok", 2, 4) != 0) {
			drop(sp, 1, 0);
		}
		return;
	}
	r = role(sp, ls);
	(void)s;
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_CONNECTED && r == 0) {
		connected++;
		sp->hold_until = now_ms() + rnd() % 300;
	}
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_DISCONNECTED)
		drop(sp, r, 0);
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_IDLE) {
		if (tel_call_info(ev->call, &ci) == 0 && r == 0) {
			ended++;
			if (ci.cause > 0 && ci.cause < 128)
				ended_cause[ci.cause]++;
			else
				ended_nocause++;
		}
		tel_call_dealloc(ev->call);
		sp->call[r] = NULL;
		sp->dropping[r] = false;
		/* the other side's handle clears by itself (or its drop is under way) */
		slot_free_if_done(sp);
	}
}

static void place(int from)
{
	struct tel_call_params p = { .from = "2000" };
	struct slot *sp = NULL;
	char to[16];
	int i, rc;

	for (i = 0; i < MAXCALLS; i++)
		if (!slots[i].used) {
			sp = &slots[i];
			break;
		}
	if (!sp)
		return;
	memset(sp, 0, sizeof(*sp));
	snprintf(to, sizeof(to), "%lu", placed + 1);
	p.to = to;
	rc = tel_call_make(line[from], &p, &sp->call[0]);
	if (rc) {
		if (!make_fail++ || rc != TEL_EBUSY)
			printf("call %lu from the %s side not placed: %s\n", placed + 1,
			       from == NET ? "network" : "user", tel_strerror(rc));
		return;
	}
	sp->used = true;
	sp->from = from;
	sp->start = now_ms();
	sp->serial = (uint32_t)++placed;
}

static unsigned in_flight(void)
{
	unsigned n = 0, i;

	for (i = 0; i < MAXCALLS; i++)
		n += slots[i].used;
	return n;
}

static void run_for(int ms)
{
	uint64_t until = now_ms() + (uint64_t)ms;
	struct pollfd p = { .fd = tel_ctx_fd(ctx), .events = POLLIN };

	do {
		int t = tel_ctx_timeout(ctx);

		if (t < 0 || t > 20)
			t = 20;
		poll(&p, 1, t);
		tel_ctx_run(ctx, 0);
	} while (now_ms() < until);
}

/* Hold over: drop connected calls whose time is up; give up on stuck ones. */
static void tend(void)
{
	uint64_t t = now_ms();
	struct tel_call_info ci;
	int i;

	for (i = 0; i < MAXCALLS; i++) {
		struct slot *sp = &slots[i];

		if (!sp->used)
			continue;
		if (t - sp->start > CALL_LIMIT_MS) {
			stuck++;
			fail("call %" PRIu32 " not ended after %d s", sp->serial, CALL_LIMIT_MS / 1000);
			sp->start = UINT64_MAX / 2;	/* report once */
			continue;
		}
		if (sp->hold_until && t >= sp->hold_until && sp->call[0] &&
		    tel_call_info(sp->call[0], &ci) == 0 && ci.state == TEL_CS_CONNECTED) {
			drop(sp, rnd() % 2 && sp->call[1] ? 1 : 0, 16);
			sp->hold_until = 0;
		}
	}
}

static void fault(void)
{
	int w = (int)(rnd() % 2);

	switch (rnd() % 3) {
	case 0:
		knob(w, "ber", 20 + rnd() % 180);
		run_for(200 + (int)(rnd() % 1800));
		knob(w, "ber", 0);
		break;
	case 1:
		knob(w, "dchan_cut_ms", 100 + rnd() % 1900);
		break;
	default:
		knob(w, "slips", 1 + rnd() % 3);
		break;
	}
}

static int open_line(int side, const char *path)
{
	struct tel_line_cfg cfg = {
		.side = side == NET ? TEL_SIDE_NETWORK : TEL_SIDE_USER,
		.variant = TEL_VARIANT_EUROISDN,
		.bchans = 30,
	};
	int rc = tel_line_open_dahdi(ctx, &cfg, path, &line[side]);

	if (rc)
		printf("FAIL: %s: %s (%s)\n", path, tel_strerror(rc), tel_ctx_last_error(ctx));
	return rc;
}

static bool wait_quiet(int ms)
{
	uint64_t until = now_ms() + (uint64_t)ms;

	while (now_ms() < until) {
		run_for(100);
		tend();
		if (line_up[NET] && line_up[USR] && !in_flight())
			return true;
	}
	return false;
}

static void final_batch(unsigned n)
{
	bool seen[32] = { 0 };
	struct tel_call_info ci;
	unsigned i, up = 0, distinct = 0;
	uint64_t until;

	final_mode = true;
	for (i = 0; i < n; i++)
		place(NET);
	until = now_ms() + 20000;
	for (;;) {
		run_for(50);
		up = 0;
		for (i = 0; i < MAXCALLS; i++)
			if (slots[i].used && slots[i].call[0] &&
			    tel_call_info(slots[i].call[0], &ci) == 0 &&
			    ci.state == TEL_CS_CONNECTED)
				up++;
		if (up == n || now_ms() > until)
			break;
	}
	for (i = 0; i < MAXCALLS; i++) {
		if (!slots[i].used || !slots[i].call[0] || tel_call_info(slots[i].call[0], &ci) != 0)
			continue;
		if (ci.state != TEL_CS_CONNECTED) {
			printf("final batch: call %" PRIu32 " %s, cause %d, B-channel %d\n",
			       slots[i].serial, tel_call_state_name(ci.state), ci.cause, ci.bchan);
			drop(&slots[i], 0, 16);
			continue;
		}
		if (ci.bchan >= 1 && ci.bchan <= 31 && !seen[ci.bchan]) {
			seen[ci.bchan] = true;
			distinct++;
		}
		slots[i].hold_until = 0;
		drop(&slots[i], 0, 16);
	}
	printf("final batch: %u of %u calls connected on %u distinct B-channels\n", up, n, distinct);
	if (up != n || distinct != n)
		fail("final batch: %u connected, %u distinct B-channels, want %u", up, distinct, n);
	if (!wait_quiet(30000))
		fail("final batch: calls left after 30 s");
}

/*
 * With every call over and the lines still open, DAHDI's channels in use
 * are the two D-channels: no B-channel left open by a call.
 */
static void check_in_use(void)
{
	char buf[512], files[256], *f, *save = NULL;
	unsigned n = 0;

	snprintf(files, sizeof(files), "%s", proc_files);
	for (f = strtok_r(files, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		FILE *fp = fopen(f, "r");

		if (!fp) {
			fail("%s: %s", f, strerror(errno));
			continue;
		}
		while (fgets(buf, sizeof(buf), fp))
			if (strstr(buf, "In use")) {
				n++;
				printf("in use: %s", buf);
			}
		fclose(fp);
	}
	printf("DAHDI channels in use with every call over: %u (the 2 D-channels)\n", n);
	if (n != 2)
		fail("%u DAHDI channels in use, want the 2 D-channels", n);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "net", required_argument, NULL, 'n' }, { "user", required_argument, NULL, 'u' },
		{ "calls", required_argument, NULL, 'c' }, { "parallel", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' }, { "knobs", required_argument, NULL, 'k' },
		{ "final", required_argument, NULL, 'f' }, { "progress", required_argument, NULL, 'P' },
		{ "proc", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct tel_ctx_opts co = { .on_event = on_event };
	const char *path[2] = { NULL, NULL };
	unsigned long calls = 1000, par = 30, final = 30, progress = 30;
	uint64_t t0, next_fault, next_progress;
	char *knobs = NULL, *comma;
	int o, i;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'n': path[NET] = optarg; break;
		case 'u': path[USR] = optarg; break;
		case 'c': calls = strtoul(optarg, NULL, 0); break;
		case 'p': par = strtoul(optarg, NULL, 0); break;
		case 's': rng = (uint32_t)strtoul(optarg, NULL, 0) | 1; break;
		case 'k': knobs = optarg; break;
		case 'f': final = strtoul(optarg, NULL, 0); break;
		case 'P': progress = strtoul(optarg, NULL, 0); break;
		case 'r': proc_files = optarg; break;
		default:
			fprintf(stderr, "usage: soak_dahdi --net CHAN --user CHAN [--calls N] [--parallel P] [--seed S] [--knobs DIR[,DIR]] [--final B]\n");
			return 2;
		}
	}
	if (!path[NET] || !path[USR] || !par || par > 60 || final > 30) {
		fprintf(stderr, "soak_dahdi: --net and --user are required; --parallel 1..60; --final 0..30\n");
		return 2;
	}
	if (knobs) {
		knob_dir[nknobs++] = knobs;
		comma = strchr(knobs, ',');
		if (comma) {
			*comma = '\0';
			knob_dir[nknobs++] = comma + 1;
		}
	}
	if (tel_ctx_new(&ctx, &co) || open_line(NET, path[NET]) || open_line(USR, path[USR]))
		return 1;
	if (!wait_quiet(15000)) {
		printf("FAIL: links not up within 15 s\n");
		return 1;
	}
	t0 = now_ms();
	next_fault = t0 + 1000 + rnd() % 2000;
	next_progress = t0 + progress * 1000;
	while (placed < calls) {
		while (in_flight() < par && placed < calls && line_up[NET] && line_up[USR])
			place(rnd() % 4 ? NET : USR);
		run_for(10);
		tend();
		if (nknobs && now_ms() >= next_fault) {
			fault();
			next_fault = now_ms() + 1000 + rnd() % 2000;
		}
		if (now_ms() >= next_progress) {
			printf("%lu calls placed, %lu ended, %u in flight, %.0f s\n", placed, ended,
			       in_flight(), (double)(now_ms() - t0) / 1000);
			fflush(stdout);
			next_progress += progress * 1000;
		}
	}
	for (i = 0; i < nknobs; i++) {
		knob(i, "ber", 0);
		knob(i, "dchan_cut_ms", 0);
	}
	if (!wait_quiet(CALL_LIMIT_MS))
		fail("%u calls left %d s after the last was placed", in_flight(), CALL_LIMIT_MS / 1000);
	printf("%lu calls in %.1f s (%.1f calls/s): %lu connected, %lu rejected, %lu ended (",
	       placed, (double)(now_ms() - t0) / 1000, placed * 1000.0 / (double)(now_ms() - t0),
	       connected, rejected, ended);
	for (i = 1; i < 128; i++)
		if (ended_cause[i])
			printf(" cause %d: %lu", i, ended_cause[i]);
	printf(" ), %lu without a cause, %lu attempts refused (link busy or no free B-channel"
	       " yet: made again), %lu stuck\n", ended_nocause, make_fail, stuck);
	if (ended_nocause)
		fail("%lu calls ended without a cause", ended_nocause);
	if (ended != placed)
		fail("%lu calls placed, %lu ended", placed, ended);
	if (final)
		final_batch((unsigned)final);
	if (proc_files)
		check_in_use();
	tel_ctx_free(ctx);
	printf(failures ? "soak: %lu FAILURES\n" : "soak: all checks held\n", failures);
	return failures ? 1 : 0;
}
