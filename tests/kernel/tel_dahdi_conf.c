// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel_dahdi_conf — two PRI calls joined in a DAHDI conference, heard through
 * the real core (run by test_tel_dahdi.sh inside the VM).
 *
 *   tel_dahdi_conf DCHAN_A DCHAN_B
 *
 * DCHAN_A and DCHAN_B are the D-channels of two spans wired to each other
 * (/dev/dahdi/chan/SSS/CCC). A line on each (A the user side, B the network
 * side, EuroISDN, one context); two calls A -> B, answered; the two A-side
 * calls into one conference with tel_conf_add(). Then the audio: B-channel
 * x of span B is the far end of B-channel x of span A, so a byte pattern
 * written into span B's B-channel of call 1 reaches span A's B-channel of
 * call 1, is mixed into the conference and leaves on span A's B-channel of
 * call 2, arriving on span B's B-channel of call 2. The program counts that
 * pattern there before the conference (must be absent), in it (must be
 * there) and after tel_conf_drop() (absent again). Prints one line per step
 * and exits 0 when all held, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "libtel/tel.h"

#define PATTERN	0x2a	/* a loud sample in either law; silence is 0xff/0x7f or 0xd5/0x55 */

struct w {
	tel_call *offered[4];
	int noffered;
};

static void on_event(const struct tel_event *ev, void *user)
{
	struct w *w = user;

	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_DISCONNECTED)
		tel_call_drop(ev->call, NULL);	/* the far end cleared: release */
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_OFFERING && w->noffered < 4) {
		w->offered[w->noffered++] = ev->call;
		if (tel_call_answer(ev->call, NULL, 0, 0))
			fprintf(stderr, "tel_dahdi_conf: answer failed\n");
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int state_of(tel_call *c)
{
	struct tel_call_info i;

	return tel_call_info(c, &i) ? -1 : (int)i.state;
}

/* Run @ctx until @done(@arg) or @secs pass; false on timeout. */
static bool run_until(tel_ctx *ctx, double secs, bool (*done)(void *), void *arg)
{
	double end = now_s() + secs;

	while (!done(arg)) {
		if (now_s() > end)
			return false;
		tel_ctx_run(ctx, 20);
	}
	return true;
}

static tel_line *ln[2];
static tel_call *calls[2];

static bool both_up(void *arg)
{
	(void)arg;
	return tel_line_up(ln[0]) && tel_line_up(ln[1]);
}

static bool both_connected(void *arg)
{
	(void)arg;
	return state_of(calls[0]) == TEL_CS_CONNECTED && state_of(calls[1]) == TEL_CS_CONNECTED;
}

static bool both_idle(void *arg)
{
	struct w *w = arg;

	for (int i = 0; i < w->noffered; i++)
		if (state_of(w->offered[i]) != TEL_CS_IDLE)
			return false;
	return state_of(calls[0]) == TEL_CS_IDLE && state_of(calls[1]) == TEL_CS_IDLE;
}

/* Open B-channel @b of the span of D-channel @dpath in audio mode. */
static int open_b(const char *dpath, int b)
{
	const char *slash = strrchr(dpath, '/');
	char path[80];
	int fd, on = 1;

	snprintf(path, sizeof(path), "%.*s%03d", (int)(slash - dpath) + 1, dpath, b);
	fd = open(path, O_RDWR | O_NONBLOCK);
	if (fd < 0 || ioctl(fd, DAHDI_AUDIOMODE, &on) < 0) {
		fprintf(stderr, "tel_dahdi_conf: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

/*
 * For @secs: write the pattern into @tx, read @rx; the share of PATTERN
 * octets among those read (the first 0.2 s skipped: buffers in flight).
 */
static double listen(tel_ctx *ctx, int tx, int rx, double secs)
{
	uint8_t out[160], in[1024];
	double t0 = now_s();
	long got = 0, hits = 0;

	memset(out, PATTERN, sizeof(out));
	while (now_s() - t0 < secs) {
		ssize_t n;

		while (write(tx, out, sizeof(out)) > 0)
			;
		while ((n = read(rx, in, sizeof(in))) > 0) {
			if (now_s() - t0 < 0.2)
				continue;
			got += n;
			for (ssize_t i = 0; i < n; i++)
				hits += in[i] == PATTERN;
		}
		tel_ctx_run(ctx, 10);
	}
	return got ? (double)hits / (double)got : -1;
}

int main(int argc, char **argv)
{
	struct w w = { 0 };
	struct tel_ctx_opts o = { .on_event = on_event, .user = &w };
	struct tel_line_cfg cfg[2] = {
		{ .side = TEL_SIDE_USER, .variant = TEL_VARIANT_EUROISDN, .bchans = 30 },
		{ .side = TEL_SIDE_NETWORK, .variant = TEL_VARIANT_EUROISDN, .bchans = 30 },
	};
	struct tel_call_params p = { .to = "300" };
	struct tel_call_info ci[2];
	double before, during, after;
	int fails = 0, txb, rxb;
	tel_conf *cf;
	tel_ctx *ctx;

	if (argc != 3) {
		fprintf(stderr, "usage: tel_dahdi_conf DCHAN_A DCHAN_B\n");
		return 2;
	}
	if (tel_ctx_new(&ctx, &o))
		return 1;
	for (int i = 0; i < 2; i++) {
		if (tel_line_open_dahdi(ctx, &cfg[i], argv[1 + i], &ln[i])) {
			fprintf(stderr, "tel_dahdi_conf: %s\n", tel_ctx_last_error(ctx));
			return 1;
		}
	}
	if (!run_until(ctx, 15, both_up, NULL)) {
		fprintf(stderr, "tel_dahdi_conf: data links not up within 15 s\n");
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		if (tel_call_make(ln[0], &p, &calls[i])) {
			fprintf(stderr, "tel_dahdi_conf: call %d: make failed\n", i);
			return 1;
		}
	}
	if (!run_until(ctx, 15, both_connected, NULL)) {
		fprintf(stderr, "tel_dahdi_conf: calls not connected within 15 s\n");
		return 1;
	}
	tel_call_info(calls[0], &ci[0]);
	tel_call_info(calls[1], &ci[1]);
	printf("two calls connected on B-channels %d and %d\n", ci[0].bchan, ci[1].bchan);
	txb = open_b(argv[2], ci[0].bchan);	/* the far end of call 1 speaks */
	rxb = open_b(argv[2], ci[1].bchan);	/* the far end of call 2 listens */

	before = listen(ctx, txb, rxb, 1.0);
	printf("before the conference: %.0f%% of what call 2 hears is call 1's pattern\n",
	       100 * before);
	fails += !(before >= 0 && before < 0.1);

	if (tel_conf_new(ctx, &cf) || tel_conf_add(cf, calls[0]) || tel_conf_add(cf, calls[1])) {
		printf("FAIL tel_conf_add: %s\n", tel_ctx_last_error(ctx));
		return 1;
	}
	during = listen(ctx, txb, rxb, 1.0);
	printf("in the conference: %.0f%% of what call 2 hears is call 1's pattern\n",
	       100 * during);
	fails += !(during > 0.9);

	if (tel_conf_drop(cf, NULL)) {
		printf("FAIL tel_conf_drop\n");
		return 1;
	}
	if (!run_until(ctx, 15, both_idle, &w)) {
		printf("FAIL the calls did not clear within 15 s\n");
		return 1;
	}
	after = listen(ctx, txb, rxb, 1.0);
	printf("after the conference was dropped: %.0f%%\n", 100 * after);
	fails += !(after >= 0 && after < 0.1);
	tel_conf_free(cf);
	for (int i = 0; i < 2; i++)
		tel_call_dealloc(calls[i]);
	for (int i = 0; i < w.noffered; i++)
		tel_call_dealloc(w.offered[i]);
	close(txb);
	close(rxb);
	tel_ctx_free(ctx);
	printf("%s\n", fails ? "FAIL" : "ok");
	return fails ? 1 : 0;
}
