// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 call control: the allocator of our call references
 * (cc_call_new_ours). Every call of the pool gets a distinct 15-bit
 * reference, never 0; when every reference it tries is taken it gives no
 * call (q931_setup_req(): TEL_ECALLS) rather than a second call on a key the
 * table already holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "core/timer.h"
#include "lapd/datalink_int.h"	/* a struct lapd to name, never used */
#include "q931/cc_int.h"
#include "q931/q931.h"

static void no_ind(void *upper, const struct cc_ind *ind)
{
	(void)upper;
	(void)ind;
}

struct line {
	struct tel_timers ts;
	struct lapd link;	/* never used: nothing is sent */
	struct q931_cc *cc;
};

static void line_open(struct line *l)
{
	struct q931_cc_cfg cfg = {
		.side = Q931_SIDE_NETWORK, .variant = Q931_V_EUROISDN, .bchans = 30,
		.link = &l->link, .timers = &l->ts, .ind = no_ind,
	};

	memset(l, 0, sizeof(*l));
	timers_init(&l->ts);
	assert_int_equal(q931_cc_new(&cfg, &l->cc), 0);
}

static void line_close(struct line *l)
{
	q931_cc_free(l->cc);
	timers_fini(&l->ts);
}

/* How many calls of the table hold @key. */
static unsigned int holders(const struct q931_cc *cc, uint16_t key)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i <= cc->hmask; i++)
		if (cc->htab[i] && cc->calls[cc->htab[i] - 1]->key == key)
			n++;
	return n;
}

/* The whole pool from the allocator: distinct references of ours, then none. */
static void test_cref_distinct(void **state)
{
	struct line l;
	unsigned int i, n;

	(void)state;
	line_open(&l);
	n = l.cc->cfg.max_calls;
	for (i = 0; i < n; i++) {
		struct q931_call *c = cc_call_new_ours(l.cc);

		assert_non_null(c);
		assert_true(c->key & CC_OURS);
		assert_true(c->key & 0x7fff);
		assert_int_equal(holders(l.cc, c->key), 1);
	}
	assert_null(cc_call_new_ours(l.cc));
	line_close(&l);
}

/*
 * Every reference taken: the table is swapped for one that holds a call on
 * each of the 32767 references of ours, with one call left in the pool.
 * Every try collides; the allocator must give no call, and q931_setup_req()
 * must say TEL_ECALLS.
 */
static void test_cref_all_taken(void **state)
{
	enum { NREF = 0x7fff, NCALLS = NREF + 1, NSLOTS = 0x10000 };
	struct q931_call *objs = calloc(NCALLS, sizeof(*objs));
	struct q931_call **calls = calloc(NCALLS, sizeof(*calls));
	uint16_t *free_stk = calloc(NCALLS, sizeof(*free_stk));
	uint16_t *htab = calloc(NSLOTS, sizeof(*htab));
	struct q931_call **keep_calls, *c, *out = NULL;
	uint16_t *keep_free, *keep_htab;
	uint32_t keep_hmask;
	uint8_t keep_hshift;
	unsigned int keep_nfree, keep_ncalls, i;
	struct cc_setup_req r = { .called = (const uint8_t *)"1", .called_len = 1 };
	struct line l;

	(void)state;
	assert_non_null(objs);
	assert_non_null(calls);
	assert_non_null(free_stk);
	assert_non_null(htab);
	line_open(&l);
	keep_calls = l.cc->calls;
	keep_free = l.cc->free_stk;
	keep_htab = l.cc->htab;
	keep_hmask = l.cc->hmask;
	keep_hshift = l.cc->hshift;
	keep_nfree = l.cc->nfree;
	keep_ncalls = l.cc->ncalls;

	for (i = 0; i < NCALLS; i++) {
		objs[i].cc = l.cc;
		objs[i].idx = (uint16_t)i;
		calls[i] = &objs[i];
		free_stk[i] = (uint16_t)(NCALLS - 1 - i);
	}
	l.cc->calls = calls;
	l.cc->free_stk = free_stk;
	l.cc->nfree = NCALLS;
	l.cc->ncalls = NCALLS;
	l.cc->htab = htab;
	l.cc->hmask = NSLOTS - 1;
	l.cc->hshift = 16;
	for (i = 1; i <= NREF; i++)
		assert_non_null(cc_call_new(l.cc, (uint16_t)(i | CC_OURS)));
	assert_int_equal(l.cc->nfree, 1);

	c = cc_call_new_ours(l.cc);
	if (c)
		fail_msg("a call on key 0x%04x, which %u calls of the table hold", c->key,
			 holders(l.cc, c->key));
	assert_int_equal(l.cc->nfree, 1);	/* the pool's last call is still free */
	l.cc->link_up = true;
	assert_int_equal(q931_setup_req(l.cc, &r, NULL, &out), TEL_ECALLS);
	assert_null(out);

	l.cc->calls = keep_calls;
	l.cc->free_stk = keep_free;
	l.cc->nfree = keep_nfree;
	l.cc->ncalls = keep_ncalls;
	l.cc->htab = keep_htab;
	l.cc->hmask = keep_hmask;
	l.cc->hshift = keep_hshift;
	line_close(&l);
	free(calls);
	free(objs);
	free(free_stk);
	free(htab);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cref_distinct),
		cmocka_unit_test(test_cref_all_taken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
