// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — the application's record of each call handle it holds: found from
 * the handle through a hash, listed per side for acting on them, reused
 * through a free list.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define HBUCKETS 4096
static struct rec *hash[HBUCKETS];
static struct rec *rec_free;
static unsigned rec_ids;
uint64_t live_total;

static unsigned hslot(const tel_call *h)
{
	uintptr_t x = (uintptr_t)h;

	return (unsigned)((x >> 4) ^ (x >> 16)) % HBUCKETS;
}

struct rec *rec_find(const tel_call *h)
{
	for (struct rec *r = hash[hslot(h)]; r; r = r->hnext)
		if (r->h == h)
			return r;
	return NULL;
}

struct rec *rec_add(struct side *s, tel_call *h, uint32_t serial)
{
	struct rec *r = rec_free;
	unsigned k = hslot(h);

	if (r)
		rec_free = r->hnext;
	else if (!(r = malloc(sizeof(*r)))) {
		fprintf(stderr, "soak: out of memory\n");
		exit(2);
	}
	memset(r, 0, sizeof(*r));
	r->h = h;
	r->side = s->idx;
	r->serial = serial;
	r->id = ++rec_ids & 0xff;
	r->ev_state = -1;
	r->born = now_ms;
	r->next_at = UINT64_MAX;
	r->conf = -1;
	r->hnext = hash[k];
	hash[k] = r;
	if (s->nlive == s->cap) {
		int cap = s->cap ? s->cap * 2 : 64;
		struct rec **n = realloc(s->live, (size_t)cap * sizeof(*n));

		if (!n) {
			fprintf(stderr, "soak: out of memory\n");
			exit(2);
		}
		s->live = n;
		s->cap = cap;
	}
	r->live_idx = s->nlive;
	s->live[s->nlive++] = r;
	s->created++;
	live_total++;
	if (serial) {
		struct lc *l = lc_get(serial);

		if (l) {
			l->seen[s->idx] = true;
			l->live[s->idx]++;
		}
	}
	return r;
}

static void conf_forget(struct side *s, struct rec *r)
{
	struct conf_rec *c;

	if (r->conf < 0)
		return;
	c = &s->confs[r->conf];
	for (int i = 0; i < c->n; i++) {
		if (c->party[i] == r) {
			c->party[i] = c->party[--c->n];
			break;
		}
	}
	r->conf = -1;
}

void rec_del(struct side *s, struct rec *r)
{
	struct rec **pp = &hash[hslot(r->h)];

	while (*pp != r)
		pp = &(*pp)->hnext;
	*pp = r->hnext;
	conf_forget(s, r);
	s->live[r->live_idx] = s->live[--s->nlive];
	s->live[r->live_idx]->live_idx = r->live_idx;
	live_total--;
	r->hnext = rec_free;
	rec_free = r;
}

void rec_free_all(void)
{
	while (rec_free) {
		struct rec *r = rec_free;

		rec_free = r->hnext;
		free(r);
	}
}
