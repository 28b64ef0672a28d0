// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — violations: the first of each invariant prints the seed, the
 * invariant, the call's history and the last frames, then exits 1 (with
 * --keep-going: counts, and prints the next few briefly). Invariants that
 * known library defects break (--known FILE) are reported but do not fail
 * the run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define NINV 32
static struct {
	const char *name;
	unsigned n;
} inv[NINV];
static unsigned ninv_kinds, violations;

/* Invariants broken by known library defects (--known FILE): reported, not failed. */
#define NKNOWN 32
static char *known[NKNOWN];
static unsigned nknown;

static bool is_known(const char *invariant)
{
	for (unsigned i = 0; i < nknown; i++)
		if (strstr(invariant, known[i]))
			return true;
	return false;
}

int read_known(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];

	if (!f) {
		fprintf(stderr, "soak: --known %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) && nknown < NKNOWN) {
		size_t n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (!n || line[0] == '#')
			continue;
		known[nknown++] = strdup(line);
	}
	fclose(f);
	return 0;
}

void violation(uint32_t serial, const char *invariant, const char *fmt, ...)
{
	va_list ap;
	unsigned k;

	for (k = 0; k < ninv_kinds; k++)
		if (!strcmp(inv[k].name, invariant))
			break;
	if (k == ninv_kinds && k < NINV)
		inv[ninv_kinds++].name = invariant;
	if (k < NINV)
		inv[k].n++;
	violations++;
	if (k < NINV && inv[k].n > (opt.keep_going ? 3u : 1u)) {
		if (inv[k].n <= 20) {
			fprintf(stderr, "soak: VIOLATION seed=%" PRIu64 " t=%" PRIu64 " ms call %u: %s: ",
				opt.seed, now_ms, serial, invariant);
			va_start(ap, fmt);
			vfprintf(stderr, fmt, ap);
			va_end(ap);
			fputc('\n', stderr);
		}
		return;
	}
	fprintf(stderr, "\nsoak: VIOLATION seed=%" PRIu64 " variant=%s t=%" PRIu64
		" ms (fake) call %u\n  invariant: %s\n  ", opt.seed, opt.ni2 ? "ni2" : "euroisdn",
		now_ms, serial, invariant);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (serial)
		print_history(serial);
	print_glog();
	fprintf(stderr, "  replay: soak --seed %" PRIu64 " --calls %" PRIu64 "%s%s%s\n", opt.seed,
		opt.target, opt.ni2 ? " --variant ni2" : "", opt.faults ? "" : " --no-faults",
		opt.restart ? " --restart" : "");
	if (!opt.keep_going) {
		fflush(stderr);
		exit(1);
	}
}

unsigned violation_count(void)
{
	return violations;
}

unsigned print_verdict(void)
{
	unsigned unknown = 0;

	if (violations) {
		printf("  final: %u VIOLATIONS:\n", violations);
		for (unsigned k = 0; k < ninv_kinds; k++) {
			bool kn = is_known(inv[k].name);

			printf("    %6u  %s%s\n", inv[k].n, inv[k].name, kn ? "  [known defect]" : "");
			if (!kn)
				unknown += inv[k].n;
		}
	} else {
		printf("  final: links up, all calls IDLE with a cause and deallocated, every "
		       "B-channel carried a call, DROP_DONEs matched: every invariant held\n");
	}
	return unknown;
}

void known_print_unseen(void)
{
	for (unsigned i = 0; i < nknown; i++) {
		bool seen = false;

		for (unsigned k = 0; k < ninv_kinds; k++)
			seen |= strstr(inv[k].name, known[i]) != NULL;
		if (!seen)
			printf("  known defect not seen in this run: \"%s\"\n", known[i]);
		free(known[i]);
	}
}
