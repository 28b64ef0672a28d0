// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 call control: what differs between EuroISDN and NI-2 beyond channel
 * identification (libtel/src/q931/cc_variant.c). The calling name goes in
 * SETUP's Display IE: on NI-2 from either side behind the display type 0xB1,
 * on EuroISDN from the network side only, as plain text; a EuroISDN user side
 * never sends a Display. Received names and progress indicators reach the
 * indications.
 */
#include "cc_pair.h"

static int setup_named(struct pair *p, int from, const void *name, size_t len,
		       struct q931_call **out)
{
	struct cc_setup_req r = {
		.called = (const uint8_t *)"456", .called_len = 3,
		.calling = (const uint8_t *)"123", .calling_len = 3,
		.name = name, .name_len = (uint8_t)len,
	};

	*out = NULL;
	return q931_setup_req(p->s[from].cc, &r, NULL, out);
}

static void assert_display(const struct pair_msg *m, bool has_type, const char *text)
{
	assert_true(m->has_display);
	assert_int_equal(m->display.has_type, has_type);
	assert_int_equal(m->display.type, has_type ? Q931_DISPLAY_CALLING_NAME : 0);
	assert_int_equal(m->display.text.len, strlen(text));
	assert_memory_equal(m->display.text.p, text, strlen(text));
}

static void assert_name(const struct pair_ind *i, uint8_t type, const char *text)
{
	assert_int_equal(i->name_type, type);
	assert_int_equal(i->name_len, strlen(text));
	assert_memory_equal(i->name, text, strlen(text));
}

/* One call from @from with a name, and one without. @has_type: NI-2's coding. */
static void name_crosses(enum q931_variant v, unsigned int bchans, int from, bool has_type)
{
	struct pair *p = pair_new(v, bchans);
	struct q931_call *c;
	struct pair_ind *i;

	assert_int_equal(setup_named(p, from, "Alice Smith", 11, &c), 0);
	pump(p);
	assert_display(wire(p, from, Q931_SETUP), has_type, "Alice Smith");
	i = ind(p, !from, CC_SETUP_IND);
	assert_name(i, has_type ? Q931_DISPLAY_CALLING_NAME : 0, "Alice Smith");
	assert_int_equal(i->calling_len, 3);
	assert_int_equal(i->progress, -1);

	assert_int_equal(setup_named(p, from, NULL, 0, &c), 0);
	pump(p);
	assert_false(wire(p, from, Q931_SETUP)->has_display);
	i = ind(p, !from, CC_SETUP_IND);
	assert_int_equal(i->name_len, 0);
	assert_int_equal(i->name_type, 0);
	pair_free(p);
}

static void test_name_ni2_user_to_network(void **state)
{
	(void)state;
	name_crosses(Q931_V_NI2, 23, U, true);
}

static void test_name_ni2_network_to_user(void **state)
{
	(void)state;
	name_crosses(Q931_V_NI2, 23, N, true);
}

static void test_name_euroisdn_network_to_user(void **state)
{
	(void)state;
	name_crosses(Q931_V_EUROISDN, 30, N, false);
}

/* A name given on a EuroISDN user side is refused; nothing is sent, no call kept. */
static void test_name_euroisdn_user_refused(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c;

	(void)state;
	for (int k = 0; k < 200; k++) {		/* more than the pool: none leaks */
		assert_int_equal(setup_named(p, U, "Alice", 5, &c), TEL_ENOTSUP);
		assert_null(c);
	}
	pump(p);
	wire_empty(p);
	ind_empty(p, N);
	assert_int_equal(setup_named(p, U, NULL, 0, &c), 0);
	pump(p);
	assert_false(wire(p, U, Q931_SETUP)->has_display);
	pair_free(p);
}

/* Past everything logged and delivered so far. */
static void skip_all(struct pair *p)
{
	p->rlog = p->nlog;
	p->s[U].rind = p->s[U].nind;
	p->s[N].rind = p->s[N].nind;
}

/*
 * The rule, over whole calls: a EuroISDN user side sends no Display in any
 * message, whatever it does (calls out with UUI, answers, clears, rejects).
 */
static void test_euroisdn_user_never_sends_display(void **state)
{
	static const uint8_t uui[] = "x";
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *out, *in;
	struct pair_ind *i;
	int k;

	(void)state;
	p->s[U].auto_release = p->s[N].auto_release = true;
	call_active(p, U, &out, &in);
	assert_int_equal(q931_disconnect_req(out, 16, uui, 1, 4), 0);
	pump(p);
	skip_all(p);
	call_active(p, N, &out, &in);
	assert_int_equal(q931_user_info_req(in, uui, 1, 4), 0);
	assert_int_equal(q931_disconnect_req(in, 16, NULL, 0, 0), 0);
	pump(p);
	skip_all(p);
	/* the network names the caller; the user rejects the call */
	assert_int_equal(setup_named(p, N, "Bob", 3, &out), 0);
	pump(p);
	for (i = NULL; p->s[U].rind < p->s[U].nind;) {
		struct pair_ind *r = &p->s[U].ind[p->s[U].rind++];

		if (r->prim == CC_SETUP_IND)
			i = r;
	}
	assert_non_null(i);
	assert_name(i, 0, "Bob");
	assert_int_equal(q931_alerting_req(i->call, NULL, 0, 0), 0);
	assert_int_equal(q931_disconnect_req(i->call, 21, NULL, 0, 0), 0);
	pump(p);
	for (k = 0; k < p->nlog; k++)
		if (p->log[k].from == U)
			assert_false(p->log[k].has_display);
	pair_free(p);
}

/* Names: at most CC_NAME_MAX octets of IA5 text; nothing is cut, nothing sent on error. */
static void test_name_limits(void **state)
{
	uint8_t name[CC_NAME_MAX + 2];
	const enum q931_variant vs[] = { Q931_V_NI2, Q931_V_EUROISDN };
	struct q931_call *c;

	(void)state;
	memset(name, 'n', sizeof(name));
	for (unsigned int v = 0; v < 2; v++) {
		struct pair *p = pair_new(vs[v], vs[v] == Q931_V_NI2 ? 23 : 30);
		struct pair_msg *m;
		int from = vs[v] == Q931_V_NI2 ? U : N;

		assert_int_equal(setup_named(p, from, name, CC_NAME_MAX + 1, &c), TEL_EINVAL);
		assert_int_equal(setup_named(p, from, NULL, 3, &c), TEL_EINVAL);
		name[5] = 0x80;
		assert_int_equal(setup_named(p, from, name, 10, &c), TEL_EINVAL);
		name[5] = 0x00;
		assert_int_equal(setup_named(p, from, name, 10, &c), TEL_EINVAL);
		name[5] = 'n';
		pump(p);
		wire_empty(p);
		ind_empty(p, !from);

		assert_int_equal(setup_named(p, from, name, CC_NAME_MAX, &c), 0);
		pump(p);
		m = wire(p, from, Q931_SETUP);
		assert_true(m->has_display);
		assert_int_equal(m->display.text.len, CC_NAME_MAX);
		/* NI-2: 80 octets of contents with the type, Q.931's limit */
		assert_int_equal(m->display.has_type, vs[v] == Q931_V_NI2);
		assert_int_equal(ind(p, !from, CC_SETUP_IND)->name_len, CC_NAME_MAX);
		/* an empty name is no name */
		assert_int_equal(setup_named(p, from, name, 0, &c), 0);
		pump(p);
		assert_false(wire(p, from, Q931_SETUP)->has_display);
		pair_free(p);
	}
}

/* SETUP resent on T303 still names the caller. */
static void test_name_in_t303_resend(void **state)
{
	struct pair *p = pair_new(Q931_V_NI2, 23);
	struct q931_call *c;

	(void)state;
	drop_rx(p, N, Q931_SETUP, true);
	assert_int_equal(setup_named(p, U, "Carol", 5, &c), 0);
	pump(p);
	assert_display(wire(p, U, Q931_SETUP), true, "Carol");
	drop_rx(p, N, Q931_SETUP, false);
	advance(p, 4000);
	assert_display(wire(p, U, Q931_SETUP), true, "Carol");
	assert_name(ind(p, N, CC_SETUP_IND), Q931_DISPLAY_CALLING_NAME, "Carol");
	pair_free(p);
}

/* A raw SETUP from @from: bearer capability, channel @chan exclusive, then @ies. */
static void inject_setup(struct pair *p, int from, uint16_t cref, uint8_t chan,
			 const uint8_t *ies, size_t n)
{
	uint8_t b[128] = { 0x08, 0x02, (uint8_t)(cref >> 8), (uint8_t)cref, Q931_SETUP,
			   0x04, 0x03, 0x80, 0x90, 0xa3, 0x18, 0x03, 0xa9, 0x83,
			   (uint8_t)(0x80 | chan) };

	memcpy(b + 15, ies, n);
	inject_raw(p, from, b, 15 + n);
}

/*
 * Received: any variant, any side takes a SETUP's Display as the calling name
 * (as libpri does): other type octets, and a Display a EuroISDN user should
 * not have sent. The octets go up as they came (a NUL too: the session decides).
 */
static void test_name_received(void **state)
{
	static const uint8_t typed[] = { 0x28, 0x04, 0xb2, 'D', 'a', 'n' };
	static const uint8_t plain[] = { 0x28, 0x03, 'E', 'v', 'a' };
	static const uint8_t nul[] = { 0x28, 0x03, 'A', 0x00, 'B' };
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct pair_ind *i;

	(void)state;
	inject_setup(p, U, 0x21, 1, typed, sizeof(typed));
	assert_name(ind(p, N, CC_SETUP_IND), 0xb2, "Dan");
	inject_setup(p, N, 0x22, 2, plain, sizeof(plain));
	assert_name(ind(p, U, CC_SETUP_IND), 0, "Eva");
	inject_setup(p, U, 0x23, 3, nul, sizeof(nul));
	i = ind(p, N, CC_SETUP_IND);
	assert_int_equal(i->name_len, 3);
	assert_memory_equal(i->name, "A\0B", 3);
	pair_free(p);
}

/* A raw message of the network's on the user's call reference @cref. */
static void inject_net(struct pair *p, uint16_t cref, uint8_t type, const uint8_t *ies,
		       size_t n)
{
	uint8_t b[64] = { 0x08, 0x02, (uint8_t)(0x80 | cref >> 8), (uint8_t)cref, type };

	memcpy(b + 5, ies, n);
	inject_raw(p, N, b, 5 + n);
}

/* Progress indicators the far end sends reach every kind of indication; the last wins. */
static void test_progress_indications(void **state)
{
	static const uint8_t proc[] = { 0x18, 0x03, 0xa9, 0x83, 0x81, 0x1e, 0x02, 0x82, 0x81 };
	static const uint8_t prog[] = { 0x1e, 0x02, 0x82, 0x88 };
	static const uint8_t alert[] = { 0x1e, 0x02, 0x82, 0x81, 0x1e, 0x02, 0x82, 0x88 };
	static const uint8_t conn[] = { 0x1e, 0x02, 0x82, 0x82 };
	static const uint8_t disc[] = { 0x08, 0x02, 0x82, 0x90, 0x1e, 0x02, 0x82, 0x88 };
	static const uint8_t setup3[] = { 0x1e, 0x02, 0x80, 0x83 };
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c;
	uint16_t cref;

	(void)state;
	c = call_out(p, U, 0, false, NULL);
	cref = q931_call_cref(c);
	pump(p);
	wire(p, U, Q931_SETUP);
	assert_int_equal(ind(p, N, CC_SETUP_IND)->progress, -1);
	/* the network's messages, written by hand (its call control never sees them) */
	inject_net(p, cref, Q931_CALL_PROCEEDING, proc, sizeof(proc));
	assert_int_equal(ind(p, U, CC_PROCEEDING_IND)->progress, 1);
	inject_net(p, cref, Q931_PROGRESS, prog, sizeof(prog));
	assert_int_equal(ind(p, U, CC_PROGRESS_IND)->progress, 8);
	inject_net(p, cref, Q931_ALERTING, alert, sizeof(alert));
	assert_int_equal(ind(p, U, CC_ALERTING_IND)->progress, 8);
	/* its call control, still in N1, would answer our CONNECT ACK with STATUS */
	drop_rx(p, N, Q931_CONNECT_ACK, true);
	inject_net(p, cref, Q931_CONNECT, conn, sizeof(conn));
	assert_int_equal(ind(p, U, CC_SETUP_CONF)->progress, 2);
	inject_net(p, cref, Q931_DISCONNECT, disc, sizeof(disc));
	assert_int_equal(ind(p, U, CC_DISCONNECT_IND)->progress, 8);
	assert_int_equal(q931_call_state(c), Q931_S12_DISC_IND);

	/* origin not ISDN, in a SETUP from the user */
	inject_setup(p, U, 0x31, 5, setup3, sizeof(setup3));
	assert_int_equal(ind(p, N, CC_SETUP_IND)->progress, 3);
	pair_free(p);
}

/* Our own sending is the same on both variants: #8 only in a network's DISCONNECT
 * with in-band tones (cfg.disc_inband), and it reaches the user's indication. */
static void test_progress_sent_only_with_disc_inband(void **state)
{
	const enum q931_variant vs[] = { Q931_V_EUROISDN, Q931_V_NI2 };

	(void)state;
	for (unsigned int v = 0; v < 2; v++) {
		struct q931_cc_cfg cfg = { .variant = vs[v], .bchans = v ? 23 : 30,
					   .disc_inband = true };
		struct pair *p = pair_new_cfg(&cfg);
		struct q931_call *out, *in;
		struct pair_msg *m;

		call_active(p, U, &out, &in);
		for (int k = 0; k < p->nlog; k++)
			assert_false(p->log[k].has_progress);
		assert_int_equal(q931_disconnect_req(in, 16, NULL, 0, 0), 0);
		pump(p);
		m = wire(p, N, Q931_DISCONNECT);
		assert_int_equal(m->nprogress, 1);
		assert_int_equal(m->progress, 8);
		assert_int_equal(ind(p, U, CC_DISCONNECT_IND)->progress, 8);
		pair_free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_ni2_user_to_network),
		cmocka_unit_test(test_name_ni2_network_to_user),
		cmocka_unit_test(test_name_euroisdn_network_to_user),
		cmocka_unit_test(test_name_euroisdn_user_refused),
		cmocka_unit_test(test_euroisdn_user_never_sends_display),
		cmocka_unit_test(test_name_limits),
		cmocka_unit_test(test_name_in_t303_resend),
		cmocka_unit_test(test_name_received),
		cmocka_unit_test(test_progress_indications),
		cmocka_unit_test(test_progress_sent_only_with_disc_inband),
	};

	return cmocka_run_group_tests_name("cc_variant", tests, NULL, NULL);
}
