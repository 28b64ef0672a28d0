// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 decoder: the fast path (q931_decode_fast) against the generic
 * decoder (q931_decode_generic). Wherever the fast path takes a message, the
 * generic decoder must decode it with no condition at all and give the very
 * same fields: every field of every present IE, pointers included (both
 * point into the same bytes), not only what q931_msg_equal() compares.
 * Wherever the fast path declines, q931_decode() must give what the generic
 * decoder gives. The inputs: every file of the q931 fuzz corpus, messages
 * composed at random from a pool of IE shapes (good, bad, unusual), every
 * truncation and many one-octet changes of a set of base messages; each in
 * both directions, with the default, a tiny and no codec.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "q931/q931.h"
#include "../testutil.h"

#define CORPUS	"tests/fuzz/corpus/q931"

struct tally {
	unsigned long inputs, fast, clean_declined;
};

static bool bytes_same(const struct q931_bytes *a, const struct q931_bytes *b)
{
	return a->len == b->len && a->p == b->p;
}

static bool number_same(const struct q931_number *a, const struct q931_number *b)
{
	return a->type == b->type && a->plan == b->plan && a->has_pres == b->has_pres &&
	       a->pres == b->pres && a->screen == b->screen && a->has_reason == b->has_reason &&
	       a->reason == b->reason && a->len == b->len && a->digits == b->digits;
}

static bool bearer_same(const struct q931_bearer *a, const struct q931_bearer *b)
{
	return a->coding == b->coding && a->itc == b->itc && a->mode == b->mode &&
	       a->rate == b->rate && a->has_mult == b->has_mult && a->mult == b->mult &&
	       a->has_l1 == b->has_l1 && a->l1 == b->l1 && a->l1_cont == b->l1_cont &&
	       bytes_same(&a->rest, &b->rest);
}

static bool chan_same(const struct q931_chanid *a, const struct q931_chanid *b)
{
	return a->pri == b->pri && a->exclusive == b->exclusive && a->dchan == b->dchan &&
	       a->sel == b->sel && a->has_int_id == b->has_int_id && a->int_id == b->int_id &&
	       a->has_chans == b->has_chans && a->coding == b->coding && a->map == b->map &&
	       a->chan_type == b->chan_type && a->nchans == b->nchans &&
	       a->nchans <= Q931_MAX_CHANS && !memcmp(a->chans, b->chans, a->nchans) &&
	       a->map_octets == b->map_octets && a->slotmap == b->slotmap;
}

static bool cause_same(const struct q931_cause *a, const struct q931_cause *b)
{
	return a->coding == b->coding && a->location == b->location &&
	       a->has_rec == b->has_rec && a->rec == b->rec && a->value == b->value &&
	       a->diag_len == b->diag_len && a->diag == b->diag;
}

/* Every defined field the same: the header, counters, errors, each present IE whole. */
static void assert_same(const struct q931_msg *a, const struct q931_msg *b, const char *what)
{
	unsigned int i;
	bool ok;

	ok = a->pd == b->pd && a->cref_len == b->cref_len && a->cref_flag == b->cref_flag &&
	     a->type == b->type && a->cref == b->cref && a->ncauses == b->ncauses &&
	     a->nprogress == b->nprogress && a->present == b->present &&
	     a->sending_complete == b->sending_complete && a->more_data == b->more_data &&
	     a->has_congestion == b->has_congestion && a->congestion == b->congestion &&
	     a->has_repeat == b->has_repeat && a->repeat == b->repeat && a->nraw == b->nraw &&
	     a->nerr == b->nerr && a->err_overflow == b->err_overflow;
	if (!ok)
		fail_msg("%s: header or counters differ", what);
	for (i = 0; i < a->nerr && i < Q931_MAX_ERRORS; i++)
		if (a->err[i].kind != b->err[i].kind || a->err[i].ie != b->err[i].ie ||
		    a->err[i].codeset != b->err[i].codeset ||
		    a->err[i].mandatory != b->err[i].mandatory)
			fail_msg("%s: error %u differs", what, i);
	for (i = 0; i < a->nraw && i < Q931_MAX_RAW; i++)
		if (a->raw[i].codeset != b->raw[i].codeset || a->raw[i].id != b->raw[i].id ||
		    a->raw[i].single != b->raw[i].single ||
		    a->raw[i].comprehension_required != b->raw[i].comprehension_required ||
		    !bytes_same(&a->raw[i].body, &b->raw[i].body))
			fail_msg("%s: opaque IE %u differs", what, i);
	for (i = 0; i < a->ncauses && i < Q931_MAX_CAUSES; i++)
		if (!cause_same(&a->cause[i], &b->cause[i]))
			fail_msg("%s: cause %u differs", what, i);
	for (i = 0; i < a->nprogress && i < Q931_MAX_PROGRESS; i++)
		if (a->progress[i].coding != b->progress[i].coding ||
		    a->progress[i].location != b->progress[i].location ||
		    a->progress[i].desc != b->progress[i].desc)
			fail_msg("%s: progress %u differs", what, i);
	if (Q931_HAS(a, Q931_I_BEARER_CAP) && !bearer_same(&a->bearer, &b->bearer))
		fail_msg("%s: bearer capability differs", what);
	if (Q931_HAS(a, Q931_I_CALL_STATE) && (a->call_state != b->call_state ||
					       a->call_state_coding != b->call_state_coding))
		fail_msg("%s: call state differs", what);
	if (Q931_HAS(a, Q931_I_CHANNEL_ID) && !chan_same(&a->chan, &b->chan))
		fail_msg("%s: channel identification differs", what);
	if (Q931_HAS(a, Q931_I_FACILITY) && !bytes_same(&a->facility, &b->facility))
		fail_msg("%s: facility differs", what);
	if (Q931_HAS(a, Q931_I_NOTIFY) && (a->notify.desc != b->notify.desc ||
					   !bytes_same(&a->notify.rest, &b->notify.rest)))
		fail_msg("%s: notification differs", what);
	if (Q931_HAS(a, Q931_I_DISPLAY) &&
	    (a->display.has_type != b->display.has_type || a->display.type != b->display.type ||
	     !bytes_same(&a->display.text, &b->display.text)))
		fail_msg("%s: display differs", what);
	if (Q931_HAS(a, Q931_I_KEYPAD) && !bytes_same(&a->keypad, &b->keypad))
		fail_msg("%s: keypad differs", what);
	if (Q931_HAS(a, Q931_I_SIGNAL) && a->signal != b->signal)
		fail_msg("%s: signal differs", what);
	if ((Q931_HAS(a, Q931_I_CONNECTED_NUM) && !number_same(&a->connected, &b->connected)) ||
	    (Q931_HAS(a, Q931_I_CALLING_NUM) && !number_same(&a->calling, &b->calling)) ||
	    (Q931_HAS(a, Q931_I_CALLED_NUM) && !number_same(&a->called, &b->called)) ||
	    (Q931_HAS(a, Q931_I_REDIRECTING_NUM) && !number_same(&a->redirecting, &b->redirecting)))
		fail_msg("%s: a party number differs", what);
	if (Q931_HAS(a, Q931_I_RESTART_IND) && a->restart_class != b->restart_class)
		fail_msg("%s: restart indicator differs", what);
	if ((Q931_HAS(a, Q931_I_LLC) && !bytes_same(&a->llc, &b->llc)) ||
	    (Q931_HAS(a, Q931_I_HLC) && !bytes_same(&a->hlc, &b->hlc)))
		fail_msg("%s: LLC or HLC differs", what);
	if (Q931_HAS(a, Q931_I_USER_USER) &&
	    (a->uui.pd != b->uui.pd || a->uui.len != b->uui.len || a->uui.data != b->uui.data))
		fail_msg("%s: user-user differs", what);
	/* and what q931_msg_equal() thinks, both ways */
	if (!q931_msg_equal(a, b) || !q931_msg_equal(b, a))
		fail_msg("%s: q931_msg_equal() disagrees", what);
}

/* One input, one direction, one codec: the fast path, the generic decoder and q931_decode(). */
static void check_dir(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
		      size_t len, struct tally *t)
{
	static struct q931_msg gen, fast, both;
	char what[96];
	int rg, rb;
	bool taken;

	/* different garbage in each: a field left unwritten shows */
	memset(&gen, 0x5a, sizeof(gen));
	memset(&fast, 0xa5, sizeof(fast));
	memset(&both, 0x3c, sizeof(both));
	rg = q931_decode_generic(c, dir, buf, len, &gen);
	taken = q931_decode_fast(c, dir, buf, len, &fast);
	rb = q931_decode(c, dir, buf, len, &both);
	snprintf(what, sizeof(what), "len %zu type 0x%02x dir %d uui_max %d", len,
		 buf && len > 4 ? buf[4] : 0, dir, c ? c->uui_max : -1);
	t->inputs++;
	assert_int_equal(rb, rg);
	if (rg == 0)
		assert_same(&both, &gen, what);
	if (taken) {
		t->fast++;
		/* the fast path takes only what the generic decoder finds clean */
		if (rg != 0 || gen.nerr || gen.err_overflow)
			fail_msg("%s: fast path took a message with %d conditions", what, gen.nerr);
		assert_same(&fast, &gen, what);
	} else if (rg == 0 && !gen.nerr) {
		t->clean_declined++;
	}
}

static void check_input(const uint8_t *buf, size_t len, struct tally *t)
{
	struct q931_codec def, tiny;

	q931_codec_init(&def);
	q931_codec_init(&tiny);
	tiny.uui_max = 2;
	for (int dir = Q931_NET_TO_USER; dir <= Q931_USER_TO_NET; dir++) {
		check_dir(&def, (enum q931_dir)dir, buf, len, t);
		check_dir(&tiny, (enum q931_dir)dir, buf, len, t);
		check_dir(NULL, (enum q931_dir)dir, buf, len, t);
	}
}

/* Every file of the fuzz corpus (make check runs from the top directory). */
static void test_fast_corpus(void **state)
{
	struct tally t = { 0 };
	static uint8_t buf[65536];
	struct dirent *de;
	unsigned int files = 0;
	DIR *d;

	(void)state;
	d = opendir(CORPUS);
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[512];
		FILE *f;
		size_t n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", CORPUS, de->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		check_input(buf, n, &t);
		files++;
	}
	closedir(d);
	print_message("corpus: %u files, %lu decodes, %lu by the fast path, %lu clean ones "
		      "left to the generic decoder\n", files, t.inputs, t.fast, t.clean_declined);
	assert_true(files >= 100);
	assert_true(t.fast >= 50);
}

/* IE shapes: the common ones, the other shapes of known IEs, bad ones, the odd ones. */
static const char *const ie_pool[] = {
	/* bearer capability: speech A-law, UDI mu-law, no octet 5, 5a follows, multirate, rest */
	"04 03 80 90 a3", "04 03 88 90 a2", "04 02 80 90", "04 04 80 90 23 c1",
	"04 04 80 98 81 a3", "04 05 80 90 a3 c1 d2", "04 03 80 90 23", "04 03 00 90 a3",
	"04 03 80 98 a3", "04 01 80", "04 03 c8 b0 bf",
	/* cause: plain, other coding/location, recommendation, diagnostics, bad */
	"08 02 80 90", "08 02 e2 ff", "08 03 00 85 90", "08 04 80 90 01 02", "08 01 80",
	"08 02 80 10", "08 03 00 05 90", "08 02 00 90",
	/* call state */
	"14 01 0a", "14 02 0a 00",
	/* channel identification: exclusive/preferred, BRI, several, map, interface id, bad */
	"18 03 a9 83 81", "18 03 a1 83 8f", "18 03 e9 83 81", "18 03 ab 83 81", "18 03 ad 83 81",
	"18 01 80", "18 01 89", "18 04 a9 83 01 82", "18 06 a9 93 00 00 00 01",
	"18 05 a9 93 00 00 01", "18 04 e9 81 83 81", "18 03 a9 83 01", "18 03 b9 83 81",
	"18 03 a9 03 81", "18 03 89 83 81", "18 03 a9 93 81", "18 03 a9 e3 81", "18 02 a9 83",
	/* facility, progress, notify, display, keypad, signal */
	"1c 02 91 a1", "1e 02 80 88", "1e 02 82 82", "1e 02 00 88", "1e 02 80 08",
	"1e 03 80 88 00", "27 01 80", "27 02 81 01", "27 01 01", "28 03 b1 41 42", "28 02 41 42",
	"28 01 b1", "28 01 41", "2c 01 31", "34 01 01",
	/* numbers: plain, presentation octet, reason octet, no digits, bad */
	"4c 03 81 31 32", "4c 04 01 83 31 32", "6c 05 81 35 36 37 38", "6c 04 21 80 35 36",
	"6c 01 81", "6c 02 21 80", "6c 01 21", "70 05 81 31 32 33 34", "70 03 01 80 31",
	"70 01 c1", "74 05 01 00 8f 31 32", "74 04 01 80 31 32", "74 03 81 31 32",
	/* restart indicator, LLC, HLC, user-user */
	"79 01 86", "79 01 06", "7c 02 88 90", "7d 02 91 81", "7e 03 04 41 42", "7e 01 04",
	"7e 02 00 00", "7e 04 00 01 02 03",
	/* single octets, shifts, unknown IEs */
	"a1", "a0", "b3", "d1", "96", "9e", "95", "7f 01 00", "01 01 00", "60 00",
};

#define NPOOL	(sizeof(ie_pool) / sizeof(ie_pool[0]))

static const uint8_t types[] = {
	Q931_ALERTING, Q931_CALL_PROCEEDING, Q931_PROGRESS, Q931_SETUP, Q931_CONNECT,
	Q931_SETUP_ACK, Q931_CONNECT_ACK, Q931_USER_INFORMATION, Q931_DISCONNECT, Q931_RESTART,
	Q931_RELEASE, Q931_RESTART_ACK, Q931_RELEASE_COMPLETE, Q931_FACILITY, Q931_NOTIFY,
	Q931_STATUS_ENQUIRY, Q931_INFORMATION, Q931_STATUS, 0x33,
};

struct piece {
	uint8_t b[16];
	size_t n;
	uint8_t id;
};

static struct piece pool[NPOOL];

static uint32_t rnd_state = 1;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* Pieces by identifier, sorted (insertion, stable), single octets anywhere. */
static void sort_pieces(const struct piece **p, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		const struct piece *x = p[i];
		unsigned int j;

		for (j = i; j > 0 && !(x->id & 0x80) && !(p[j - 1]->id & 0x80) &&
			    p[j - 1]->id > x->id; j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
}

static size_t compose(uint8_t *out, uint8_t type, const struct piece **p, unsigned int n)
{
	size_t k = 0;

	out[k++] = Q931_PD;
	out[k++] = 2;
	out[k++] = (uint8_t)(rnd() & 0x80) | (uint8_t)(rnd() & 0x7f);
	out[k++] = (uint8_t)rnd();
	out[k++] = type;
	for (unsigned int i = 0; i < n; i++) {
		memcpy(out + k, p[i]->b, p[i]->n);
		k += p[i]->n;
	}
	return k;
}

/* Random messages of every type: mostly ascending, sometimes repeated or out of order. */
static void test_fast_composed(void **state)
{
	struct tally t = { 0 };
	uint8_t msg[512];

	(void)state;
	for (size_t i = 0; i < NPOOL; i++) {
		pool[i].n = unhex(ie_pool[i], pool[i].b);
		pool[i].id = pool[i].b[0];
	}
	for (size_t ti = 0; ti < sizeof(types); ti++) {
		for (unsigned int round = 0; round < 3000; round++) {
			const struct piece *p[8];
			unsigned int n = rnd() % 6, i;

			for (i = 0; i < n; i++)
				p[i] = &pool[rnd() % NPOOL];
			if (rnd() % 8)
				sort_pieces(p, n);
			check_input(msg, compose(msg, types[ti], p, n), &t);
		}
	}
	print_message("composed: %lu decodes, %lu by the fast path, %lu clean ones left to "
		      "the generic decoder\n", t.inputs, t.fast, t.clean_declined);
	assert_true(t.fast >= t.inputs / 20);
}

/*
 * The messages of a call as this stack sends them, then every truncation and
 * many one-octet changes of each: the fast path must take the originals and
 * agree on, or decline, every variant.
 */
static void test_fast_mutations(void **state)
{
	static const char *const base[] = {
		"08 02 00 65 05 04 03 80 90 a3 6c 05 81 35 36 37 38 70 05 81 31 32 33 34",
		"08 02 00 05 05 04 03 80 90 a3 18 03 a1 83 83 28 02 42 6f 6c 03 81 35 36 "
		"70 05 81 31 32 33 34 a1",
		"08 02 00 05 05 04 03 80 90 a2 28 03 b1 42 6f 6c 03 81 35 36 70 05 81 31 32 "
		"33 34 7e 03 04 41 42",
		"08 02 80 65 07 18 03 a9 83 81",
		"08 02 80 65 02 18 03 a9 83 81",
		"08 02 80 65 01 18 03 a9 83 81 1e 02 82 88",
		"08 02 00 65 0f",
		"08 02 00 65 45 08 02 80 90",
		"08 02 00 65 45 08 02 80 90 1e 02 82 88 7e 02 04 41",
		"08 02 80 65 4d 08 02 82 90",
		"08 02 00 65 5a",
		"08 02 00 65 5a 08 02 80 90 7e 01 04",
		"08 02 00 00 46 79 01 86",
		"08 02 00 65 7d 08 02 80 90 14 01 0a",
	};
	static const uint8_t xors[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff };
	static const uint8_t sets[] = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0x90, 0x96, 0xa1, 0xff };
	struct tally t = { 0 };
	uint8_t msg[256], mut[256];

	(void)state;
	for (size_t bi = 0; bi < sizeof(base) / sizeof(base[0]); bi++) {
		size_t n = unhex(base[bi], msg);
		struct q931_msg m;

		/* the originals are plain: taken by the fast path in the sender's direction */
		for (int dir = Q931_NET_TO_USER; dir <= Q931_USER_TO_NET; dir++)
			if (q931_decode_generic(NULL, (enum q931_dir)dir, msg, n, &m) == 0 &&
			    !m.nerr && !q931_decode_fast(NULL, (enum q931_dir)dir, msg, n, &m))
				fail_msg("base message %zu not taken by the fast path", bi);
		for (size_t cut = 0; cut <= n; cut++)
			check_input(msg, cut, &t);
		for (size_t at = 0; at < n; at++) {
			for (size_t k = 0; k < sizeof(xors); k++) {
				memcpy(mut, msg, n);
				mut[at] ^= xors[k];
				check_input(mut, n, &t);
			}
			for (size_t k = 0; k < sizeof(sets); k++) {
				memcpy(mut, msg, n);
				mut[at] = sets[k];
				check_input(mut, n, &t);
			}
		}
	}
	print_message("mutations: %lu decodes, %lu by the fast path, %lu clean ones left to "
		      "the generic decoder\n", t.inputs, t.fast, t.clean_declined);
	assert_true(t.fast >= t.inputs / 10);
	/* no buffer at all */
	check_input(NULL, 0, &t);
	check_input(NULL, 5, &t);
}

/*
 * Every message type octet, known or not, with IE sets that some types allow
 * or require and others do not: the fast path's table by type (allowed and
 * mandatory IEs per direction) against the generic decoder's descriptors.
 * Every clean decode of these common shapes is the fast path's.
 */
static void test_fast_every_type(void **state)
{
	static const char *const bodies[] = {
		"",
		"08 02 80 90",
		"04 03 80 90 a3",
		"04 03 80 90 a3 18 03 a9 83 81",
		"04 03 80 90 a3 18 03 a9 83 81 6c 02 81 31 70 02 81 32",
		"08 02 80 90 14 01 0a",
		"14 01 0a",
		"1e 02 82 88",
		"18 03 a9 83 81 79 01 80",
		"79 01 86",
		"7e 02 04 41",
		"1c 02 91 a1",
		"27 01 80",
		"28 03 b1 41 42",
		"08 02 80 90 28 02 41 42 7e 02 04 41",
	};
	struct tally t = { 0 };
	uint8_t msg[64];

	(void)state;
	for (unsigned int type = 0; type < 256; type++) {
		for (size_t bi = 0; bi < sizeof(bodies) / sizeof(bodies[0]); bi++) {
			size_t n;

			msg[0] = 0x08;
			msg[1] = 0x02;
			msg[2] = 0x00;
			msg[3] = 0x65;
			msg[4] = (uint8_t)type;
			n = 5 + unhex(bodies[bi], msg + 5);
			check_input(msg, n, &t);
			msg[2] = 0x80;	/* the other side's call reference */
			check_input(msg, n, &t);
		}
	}
	print_message("every type: %lu decodes, %lu by the fast path\n", t.inputs, t.fast);
	assert_int_equal(t.clean_declined, 0);
	assert_true(t.fast > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_corpus),
		cmocka_unit_test(test_fast_composed),
		cmocka_unit_test(test_fast_mutations),
		cmocka_unit_test(test_fast_every_type),
	};

	return cmocka_run_group_tests_name("q931_fast", tests, NULL, NULL);
}
