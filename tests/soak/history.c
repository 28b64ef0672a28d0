// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — logical calls and their histories. A logical call is one call the
 * soak made (its serial is in the called number), followed across both
 * sides: its Q.931 frames (the relay's hook decodes them), the events and
 * the API calls made on it, kept in a ring of the last HIST entries that a
 * violation prints. Beside them, the last GLOG frames and line happenings.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *const op_names[] = {
	"make", "answer", "drop", "drop again", "drop with UUI max+1", "drop with cause 128",
	"share", "conf add", "conf drop", "dealloc", "restart", "make with UUI max+1",
};

#define LC_SLOTS 16384
static struct lc *lcs;
static uint32_t crefmap[2][32768];	/* [side that allocated][cref] -> serial */

/* The last frames and line happenings, for context. */
#define GLOG	40
static struct glog {
	uint64_t t;
	uint8_t kind, dir, fault, len;
	uint8_t f[12];
	uint64_t x;
} glog[GLOG];
static unsigned glog_n;

struct lc *lc_get(uint32_t serial)
{
	struct lc *l;

	if (!serial)
		return NULL;
	l = &lcs[serial % LC_SLOTS];
	return l->serial == serial ? l : NULL;
}

int lc_table_new(void)
{
	lcs = calloc(LC_SLOTS, sizeof(*lcs));
	return lcs ? 0 : -1;
}

void lc_table_free(void)
{
	free(lcs);
}

static struct lc *lc_new(uint32_t serial)
{
	struct lc *l = &lcs[serial % LC_SLOTS];

	memset(l, 0, sizeof(*l));
	l->serial = serial;
	return l;
}

static uint32_t next_serial;

uint32_t lc_alloc(void)
{
	uint32_t serial = ++next_serial;

	lc_new(serial);
	return serial;
}

void lc_far_seen(uint32_t serial, int side, int delta)
{
	struct lc *l = lc_get(serial);

	if (!l)
		return;
	l->seen[side] = true;
	l->live[side] += delta;
	if (delta < 0 && l->live[side] == 0)
		l->idle_at[side] = now_ms;
}

void hist_add(uint32_t serial, uint8_t kind, uint8_t side, uint8_t a, uint8_t b, int c, int d)
{
	hist_add5(serial, kind, side, a, b, c, d, 0);
}

void hist_add5(uint32_t serial, uint8_t kind, uint8_t side, uint8_t a, uint8_t b, int c, int d,
	       int e)
{
	struct lc *l = lc_get(serial);
	struct hist *h;

	if (!l)
		return;
	h = &l->h[(l->head + l->nhist) % HIST];
	if (l->nhist < HIST)
		l->nhist++;
	else
		l->head = (uint8_t)((l->head + 1) % HIST);
	h->t = now_ms;
	h->kind = kind;
	h->side = side;
	h->a = a;
	h->b = b;
	h->c = (int16_t)c;
	h->d = (int16_t)d;
	h->e = (int16_t)e;
}

const char *side_name(int s)
{
	return s ? far_name() : "user";
}

static const char *fault_name(int f)
{
	static const char *const n[] = { "", " LOST", " DUPLICATED", " HELD BACK", " CORRUPTED",
					 " CUT", " (released)", " OVERFLOW" };

	return f >= 0 && f < 8 ? n[f] : " ?";
}

void print_history(uint32_t serial)
{
	struct lc *l = lc_get(serial);

	if (!l) {
		fprintf(stderr, "  (no history for serial %u)\n", serial);
		return;
	}
	fprintf(stderr, "  history of call %u (to 1%07u)%s, last %u entries:\n", serial,
		serial % 10000000, l->corrupted ? " [a corrupted frame touched it]" : "",
		l->nhist);
	for (unsigned i = 0; i < l->nhist; i++) {
		const struct hist *h = &l->h[(l->head + i) % HIST];

		fprintf(stderr, "    %10" PRIu64 " ms  ", h->t);
		switch (h->kind) {
		case H_FRAME:
			fprintf(stderr, "frame %s -> %s  %s", side_name(h->side), side_name(!h->side),
				soak_msg_name(h->a));
			if (h->c >= 0)
				fprintf(stderr, " cause %d", h->c);
			if (h->d >= 0)
				fprintf(stderr, " chan %d", h->d);
			if (h->e >= 0)
				fprintf(stderr, " uui %d", h->e);
			fprintf(stderr, "%s\n", fault_name(h->b));
			break;
		case H_EVENT:
			if (h->a == 0xff)
				fprintf(stderr, "event %s #%u DROP_DONE result %d\n", side_name(h->side),
					h->b, h->c);
			else
				fprintf(stderr, "event %s #%u -> %s (cause %d, bchan %d)\n",
					side_name(h->side), h->b,
					tel_call_state_name((enum tel_call_state)h->a), h->c, h->d);
			break;
		case H_API:
			fprintf(stderr, "api   %s #%u %s", side_name(h->side), h->b,
				h->a < sizeof(op_names) / sizeof(op_names[0]) ? op_names[h->a] : "?");
			if (h->d)
				fprintf(stderr, " cause %d", h->d);
			if (h->e)
				fprintf(stderr, " uui %d", h->e);
			fprintf(stderr, " -> %d%s%s\n", h->c, h->c ? " " : "",
				h->c ? tel_strerror(h->c) : "");
			break;
		default:
			fprintf(stderr, "?\n");
		}
	}
}

void glog_add(uint8_t kind, uint8_t dir, uint8_t fault, const uint8_t *f, size_t len,
	      uint64_t x)
{
	struct glog *g = &glog[glog_n++ % GLOG];

	g->t = now_ms;
	g->kind = kind;
	g->dir = dir;
	g->fault = fault;
	g->len = (uint8_t)(len > 255 ? 255 : len);
	g->x = x;
	memset(g->f, 0, sizeof(g->f));
	if (f)
		memcpy(g->f, f, len < sizeof(g->f) ? len : sizeof(g->f));
}

void print_glog(void)
{
	unsigned n = glog_n < GLOG ? glog_n : GLOG;

	fprintf(stderr, "  last %u frames and line happenings:\n", n);
	for (unsigned i = glog_n - n; i < glog_n; i++) {
		const struct glog *g = &glog[i % GLOG];
		char d[64];

		fprintf(stderr, "    %10" PRIu64 " ms  ", g->t);
		if (g->kind == H_CUT) {
			if (g->x)
				fprintf(stderr, "CUT for %" PRIu64 " ms\n", g->x);
			else
				fprintf(stderr, "cut ends (faults off)\n");
		} else if (g->kind == H_LINK) {
			fprintf(stderr, "%s line %s (reason %d)\n", side_name(g->dir),
				g->fault ? "UP" : "DOWN", (int)g->x);
		} else {
			struct soak_q931_view v;

			soak_lapd_describe(g->f, g->len, d, sizeof(d));
			soak_q931_view(g->f, g->len < sizeof(g->f) ? g->len : sizeof(g->f), &v);
			fprintf(stderr, "%s -> %s %s", side_name(g->dir), side_name(!g->dir), d);
			if (v.is_q931)
				fprintf(stderr, "  %s cref %s%u", soak_msg_name(v.type),
					v.cref_flag ? "0x8000|" : "", v.cref);
			fprintf(stderr, "%s\n", fault_name(g->fault));
		}
	}
}

/* ------------------------------------------------- frames in the relay --- */

/* A serial from a called number "1" + 7 digits; 0 when it is not ours. */
uint32_t serial_of(const char *to)
{
	uint32_t s = 0;

	if (strlen(to) != 8 || to[0] != '1')
		return 0;
	for (int i = 1; i < 8; i++) {
		if (to[i] < '0' || to[i] > '9')
			return 0;
		s = s * 10 + (uint32_t)(to[i] - '0');
	}
	return s;
}

void on_frame(void *user, int dir, const uint8_t *f, size_t len, enum fault what)
{
	struct soak_q931_view v;
	int orig;
	uint32_t serial;

	(void)user;
	if (what != F_NONE || !opt.quiet_log)
		glog_add(H_FRAME, (uint8_t)dir, (uint8_t)what, f, len, 0);
	soak_q931_view(f, len, &v);
	if (!v.is_q931 || v.cref == 0)
		return;
	orig = v.cref_flag ? !dir : dir;
	if (v.type == 0x05 && what != F_CORRUPT) {
		serial = serial_of(v.called);
		if (serial && lc_get(serial))
			crefmap[orig][v.cref & 0x7fff] = serial;
	}
	serial = crefmap[orig][v.cref & 0x7fff];
	if (!serial)
		return;
	if (what == F_CORRUPT) {
		struct lc *l = lc_get(serial);

		if (l)
			l->corrupted = true;
	}
	hist_add5(serial, H_FRAME, (uint8_t)dir, v.type, (uint8_t)what, v.cause, v.chan,
		  v.uui_len);
}

void on_cut(void *user, uint64_t dur)
{
	(void)user;
	glog_add(H_CUT, 0, 0, NULL, 0, dur);
	if (opt.verbose)
		fprintf(stderr, "soak: %" PRIu64 " ms: cut for %" PRIu64 " ms\n", now_ms, dur);
}
