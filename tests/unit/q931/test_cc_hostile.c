// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 call control against a far end that sends what it should not (issue
 * 13, "found by a hostile far end"): clearing messages without a Cause or with
 * a malformed one (Q.931 5.8.6.1), user-user information over the line's
 * maximum (5.8.7.2: STATUS 43, not passed up), a user-user IE that is only a
 * protocol discriminator, and INFORMATION, which we do not implement (97).
 */
#include "cc_pair.h"

/* Raw message octets from the network on call @c of the user side (flag set). */
static size_t msg_on(const struct q931_call *c, uint8_t type, uint8_t *b)
{
	uint16_t cref = q931_call_cref(c);

	b[0] = Q931_PD;
	b[1] = 2;
	b[2] = (uint8_t)(0x80 | cref >> 8);
	b[3] = (uint8_t)cref;
	b[4] = type;
	return 5;
}

/* @n octets of IE contents @ie (identifier, length, contents) at @b. */
static size_t put(uint8_t *b, uint8_t id, const uint8_t *ie, size_t n)
{
	b[0] = id;
	b[1] = (uint8_t)n;
	memcpy(b + 2, ie, n);
	return 2 + n;
}

/* An active call placed by the user side, its network end answered. */
static struct pair *active(struct q931_call **uc, struct q931_call **nc)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);

	call_active(p, U, uc, nc);
	return p;
}

/* The user side clears after a DISCONNECT from @raw: its RELEASE carries @cause. */
static void disc_then_release(const uint8_t *ies, size_t n, int release_cause)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_ind *i;
	uint8_t b[64];
	size_t len;

	drop_rx(p, N, Q931_RELEASE, true);	/* the network end stays as it is */
	len = msg_on(c, Q931_DISCONNECT, b);
	if (n)
		memcpy(b + len, ies, n);
	len += n;
	inject_raw(p, N, b, len);
	wire(p, N, Q931_DISCONNECT);
	i = ind(p, U, CC_DISCONNECT_IND);
	/* handled as a DISCONNECT with cause 31 (5.8.6.1) */
	assert_cause(&i->cause, 31, CC_CAUSE_REMOTE);
	assert_int_equal(q931_call_state(c), Q931_S12_DISC_IND);
	/* the application answers as usual, with its own cause ... */
	assert_int_equal(q931_disconnect_req(c, 16, NULL, 0, 0), 0);
	pump(p);
	/* ... but the RELEASE on the interface says what was wrong */
	assert_int_equal(wire(p, U, Q931_RELEASE)->cause, release_cause);
	wire_empty(p);
	pair_free(p);
}

static void test_disconnect_without_cause_release_96(void **state)
{
	(void)state;
	disc_then_release(NULL, 0, 96);
}

static void test_disconnect_bad_cause_release_100(void **state)
{
	static const uint8_t short_cause[] = { 0x08, 0x01, 0x80 };
	static const uint8_t no_ext[] = { 0x08, 0x02, 0x80, 0x10 };	/* value octet: ext 0 */

	(void)state;
	disc_then_release(short_cause, sizeof(short_cause), 100);
	disc_then_release(no_ext, sizeof(no_ext), 100);
}

static void test_good_disconnect_release_own_cause(void **state)
{
	static const uint8_t cause17[] = { 0x08, 0x02, 0x82, 0x91 };
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	uint8_t b[64];
	size_t len;

	(void)state;
	drop_rx(p, N, Q931_RELEASE, true);
	len = msg_on(c, Q931_DISCONNECT, b);
	memcpy(b + len, cause17, sizeof(cause17));
	inject_raw(p, N, b, len + sizeof(cause17));
	wire(p, N, Q931_DISCONNECT);
	assert_cause(&ind(p, U, CC_DISCONNECT_IND)->cause, 17, CC_CAUSE_REMOTE);
	assert_int_equal(q931_disconnect_req(c, 16, NULL, 0, 0), 0);
	pump(p);
	assert_int_equal(wire(p, U, Q931_RELEASE)->cause, 16);
	pair_free(p);
}

/* A RELEASE that starts the clearing: RELEASE COMPLETE with @rc_cause (0: none). */
static void first_release(const uint8_t *ies, size_t n, int rc_cause, int final_cause)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_msg *m;
	struct pair_ind *i;
	uint8_t b[64];
	size_t len;

	drop_rx(p, N, Q931_RELEASE_COMPLETE, true);
	len = msg_on(c, Q931_RELEASE, b);
	if (n)
		memcpy(b + len, ies, n);
	inject_raw(p, N, b, len + n);
	wire(p, N, Q931_RELEASE);
	m = wire(p, U, Q931_RELEASE_COMPLETE);
	if (rc_cause) {
		assert_int_equal(m->ncauses, 1);
		assert_int_equal(m->cause, rc_cause);
	} else {
		assert_int_equal(m->ncauses, 0);
	}
	i = ind(p, U, CC_RELEASE_IND);
	assert_cause(&i->cause, final_cause, CC_CAUSE_REMOTE);
	pair_free(p);
}

static void test_first_release_without_cause_rc_96(void **state)
{
	(void)state;
	first_release(NULL, 0, 96, 31);
}

static void test_first_release_bad_cause_rc_100(void **state)
{
	static const uint8_t short_cause[] = { 0x08, 0x01, 0x80 };

	(void)state;
	first_release(short_cause, sizeof(short_cause), 100, 31);
}

static void test_first_release_with_cause_plain_rc(void **state)
{
	static const uint8_t cause16[] = { 0x08, 0x02, 0x82, 0x90 };

	(void)state;
	first_release(cause16, sizeof(cause16), 0, 16);
}

/* A RELEASE answering our DISCONNECT need not carry a Cause: no complaint. */
static void test_release_after_our_disconnect_no_cause(void **state)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_msg *m;
	uint8_t b[16];

	(void)state;
	drop_rx(p, N, Q931_DISCONNECT, true);
	drop_rx(p, N, Q931_RELEASE_COMPLETE, true);
	assert_int_equal(q931_disconnect_req(c, 16, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_DISCONNECT);
	inject_raw(p, N, b, msg_on(c, Q931_RELEASE, b));
	wire(p, N, Q931_RELEASE);
	m = wire(p, U, Q931_RELEASE_COMPLETE);
	assert_int_equal(m->ncauses, 0);
	assert_cause(&ind(p, U, CC_RELEASE_IND)->cause, 16, CC_CAUSE_LOCAL);
	pair_free(p);
}

/* A user-user IE of @n data octets, protocol discriminator 4, in a DISCONNECT. */
static size_t disc_with_uui(const struct q931_call *c, uint8_t *b, size_t n)
{
	static const uint8_t cause16[] = { 0x82, 0x90 };
	uint8_t uui[256];
	size_t len = msg_on(c, Q931_DISCONNECT, b);

	len += put(b + len, Q931_IE_CAUSE, cause16, sizeof(cause16));
	uui[0] = 4;
	for (size_t k = 0; k < n; k++)
		uui[1 + k] = (uint8_t)('a' + k % 26);
	len += put(b + len, Q931_IE_USER_USER, uui, n + 1);
	return len;
}

static void test_uui_over_max_status_43_not_passed_up(void **state)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_msg *m;
	struct pair_ind *i;
	uint8_t b[300];

	(void)state;
	/* the user side's maximum is the default, 128 data octets; one more */
	inject_raw(p, N, b, disc_with_uui(c, b, Q931_UUI_MAX_DEFAULT + 1));
	wire(p, N, Q931_DISCONNECT);
	i = ind(p, U, CC_DISCONNECT_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_REMOTE);	/* the message is acted on ... */
	assert_false(i->has_uui);			/* ... without the user-user IE */
	assert_int_equal(i->uui_len, 0);
	m = wire(p, U, Q931_STATUS);		/* and the far end is told (5.8.7.2) */
	assert_int_equal(m->cause, 43);		/* access information discarded */
	assert_int_equal(m->diag_len, 1);
	assert_int_equal(m->diag[0], Q931_IE_USER_USER);
	assert_true(m->has_state);
	assert_int_equal(m->state, Q931_S12_DISC_IND);
	wire_empty(p);
	pair_free(p);
}

static void test_uui_at_max_passed_up(void **state)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_ind *i;
	uint8_t b[300];

	(void)state;
	inject_raw(p, N, b, disc_with_uui(c, b, Q931_UUI_MAX_DEFAULT));
	wire(p, N, Q931_DISCONNECT);
	i = ind(p, U, CC_DISCONNECT_IND);
	assert_true(i->has_uui);
	assert_int_equal(i->uui_len, Q931_UUI_MAX_DEFAULT);
	assert_int_equal(i->uui[0], 'a');
	wire_empty(p);
	pair_free(p);
}

/* USER INFORMATION whose only content is too big: no indication, STATUS 43. */
static void test_user_info_over_max_status_43(void **state)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_msg *m;
	uint8_t b[300], uui[200];
	size_t len;

	(void)state;
	memset(uui, 'x', sizeof(uui));
	uui[0] = 4;
	len = msg_on(c, Q931_USER_INFORMATION, b);
	len += put(b + len, Q931_IE_USER_USER, uui, sizeof(uui));
	inject_raw(p, N, b, len);
	wire(p, N, Q931_USER_INFORMATION);
	ind_empty(p, U);
	m = wire(p, U, Q931_STATUS);
	assert_int_equal(m->cause, 43);
	assert_int_equal(m->diag[0], Q931_IE_USER_USER);
	assert_int_equal(q931_call_state(c), Q931_S10_ACTIVE);
	pair_free(p);
}

/* 7E 01 04: a protocol discriminator and no data is valid, reported as such. */
static void test_empty_uui_ie_reported(void **state)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_ind *i;
	uint8_t b[64];

	(void)state;
	inject_raw(p, N, b, disc_with_uui(c, b, 0));
	wire(p, N, Q931_DISCONNECT);
	i = ind(p, U, CC_DISCONNECT_IND);
	assert_true(i->has_uui);
	assert_int_equal(i->uui_len, 0);
	assert_int_equal(i->uui_pd, 4);
	wire_empty(p);		/* nothing to complain about */
	pair_free(p);
}

/* Both decoders take 7E 01 04 the same way: present, the pd, no data octets. */
static void test_empty_uui_ie_decoders_agree(void **state)
{
	static const uint8_t msg[] = { 0x08, 0x02, 0x80, 0x01, 0x45,
				       0x08, 0x02, 0x82, 0x90, 0x7e, 0x01, 0x04 };
	struct q931_msg a, b;

	(void)state;
	assert_true(q931_decode_fast(NULL, Q931_NET_TO_USER, msg, sizeof(msg), &a));
	assert_int_equal(q931_decode_generic(NULL, Q931_NET_TO_USER, msg, sizeof(msg), &b), 0);
	assert_int_equal(b.nerr, 0);
	assert_true(Q931_HAS(&a, Q931_I_USER_USER));
	assert_int_equal(a.uui.pd, 4);
	assert_int_equal(a.uui.len, 0);
	assert_true(q931_msg_equal(&a, &b));
}

/* A request with a non-NULL UUI of no octets sends the discriminator alone. */
static void test_empty_uui_request_sent(void **state)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	struct pair_msg *m;
	struct pair_ind *i;

	(void)state;
	assert_int_equal(q931_disconnect_req(c, 16, (const uint8_t *)"", 0, 4), 0);
	pump(p);
	m = wire(p, U, Q931_DISCONNECT);
	assert_true(m->has_uui);
	assert_int_equal(m->uui_len, 0);
	assert_int_equal(m->uui_pd, 4);
	i = ind(p, N, CC_DISCONNECT_IND);
	assert_true(i->has_uui);
	assert_int_equal(i->uui_len, 0);
	assert_int_equal(i->uui_pd, 4);
	pair_free(p);
}

/* INFORMATION is valid in the active state but not implemented: STATUS 97, not 98. */
static void test_information_active_status_97(void **state)
{
	static const uint8_t keypad[] = { '1' };
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	uint8_t b[64];
	size_t len;

	(void)state;
	len = msg_on(c, Q931_INFORMATION, b);
	len += put(b + len, Q931_IE_KEYPAD, keypad, sizeof(keypad));
	inject_raw(p, N, b, len);
	wire(p, N, Q931_INFORMATION);
	assert_int_equal(wire(p, U, Q931_STATUS)->cause, 97);
	assert_int_equal(q931_call_state(c), Q931_S10_ACTIVE);
	ind_empty(p, U);
	pair_free(p);
}

/* A message type we do not know stays 97, one not valid in the state 98. */
static void test_unknown_and_wrong_state_unchanged(void **state)
{
	struct q931_call *c, *nc;
	struct pair *p = active(&c, &nc);
	uint8_t b[16];

	(void)state;
	inject_raw(p, N, b, msg_on(c, 0x7f, b));
	wire(p, N, 0x7f);
	assert_int_equal(wire(p, U, Q931_STATUS)->cause, 97);
	inject_raw(p, N, b, msg_on(c, Q931_CALL_PROCEEDING, b));
	wire(p, N, Q931_CALL_PROCEEDING);
	assert_int_equal(wire(p, U, Q931_STATUS)->cause, 98);
	pair_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disconnect_without_cause_release_96),
		cmocka_unit_test(test_disconnect_bad_cause_release_100),
		cmocka_unit_test(test_good_disconnect_release_own_cause),
		cmocka_unit_test(test_first_release_without_cause_rc_96),
		cmocka_unit_test(test_first_release_bad_cause_rc_100),
		cmocka_unit_test(test_first_release_with_cause_plain_rc),
		cmocka_unit_test(test_release_after_our_disconnect_no_cause),
		cmocka_unit_test(test_uui_over_max_status_43_not_passed_up),
		cmocka_unit_test(test_uui_at_max_passed_up),
		cmocka_unit_test(test_user_info_over_max_status_43),
		cmocka_unit_test(test_empty_uui_ie_reported),
		cmocka_unit_test(test_empty_uui_ie_decoders_agree),
		cmocka_unit_test(test_empty_uui_request_sent),
		cmocka_unit_test(test_information_active_status_97),
		cmocka_unit_test(test_unknown_and_wrong_state_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
