// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 codec: whole messages. Golden vectors decoded field by field and
 * encoded back to the same bytes, every message type round-tripped, IE
 * order, call reference forms, ENOSPC at every short capacity, names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "q931/q931.h"
#include "../testutil.h"

static const char setup_hex[] =
	"08 02 00 01 05 04 03 80 90 a3 18 03 a9 83 81 6c 06 00 80 31 32 33 34 70 05 81 35 36 37 38";
static const char disc_hex[] = "08 02 80 01 45 08 02 81 90 7e 05 00 01 00 ff 02";

static void test_golden_setup_decode(void **state)
{
	struct q931_codec c;
	struct q931_msg m;
	uint8_t b[64];
	size_t n = unhex(setup_hex, b);

	(void)state;
	q931_codec_init(&c);
	assert_int_equal(q931_decode(&c, Q931_NET_TO_USER, b, n, &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_int_equal(m.pd, 0x08);
	assert_int_equal(m.cref_len, 2);
	assert_false(m.cref_flag);
	assert_int_equal(m.cref, 1);
	assert_int_equal(m.type, Q931_SETUP);
	assert_int_equal(m.present, Q931_BIT(Q931_I_BEARER_CAP) | Q931_BIT(Q931_I_CHANNEL_ID) |
			 Q931_BIT(Q931_I_CALLING_NUM) | Q931_BIT(Q931_I_CALLED_NUM));
	assert_false(m.sending_complete);
	/* bearer capability: speech, circuit 64 kbit/s, A-law */
	assert_int_equal(m.bearer.coding, 0);
	assert_int_equal(m.bearer.itc, 0);
	assert_int_equal(m.bearer.mode, 0);
	assert_int_equal(m.bearer.rate, 0x10);
	assert_false(m.bearer.has_mult);
	assert_true(m.bearer.has_l1);
	assert_int_equal(m.bearer.l1, 3);
	assert_false(m.bearer.l1_cont);
	assert_int_equal(m.bearer.rest.len, 0);
	/* channel id: PRI, exclusive, B-channel 1 by number */
	assert_true(m.chan.pri);
	assert_true(m.chan.exclusive);
	assert_false(m.chan.dchan);
	assert_int_equal(m.chan.sel, 1);
	assert_false(m.chan.has_int_id);
	assert_true(m.chan.has_chans);
	assert_int_equal(m.chan.coding, 0);
	assert_false(m.chan.map);
	assert_int_equal(m.chan.chan_type, 3);
	assert_int_equal(m.chan.nchans, 1);
	assert_int_equal(m.chan.chans[0], 1);
	/* calling: unknown/unknown, octet 3a presentation allowed, user-provided */
	assert_int_equal(m.calling.type, 0);
	assert_int_equal(m.calling.plan, 0);
	assert_true(m.calling.has_pres);
	assert_int_equal(m.calling.pres, 0);
	assert_int_equal(m.calling.screen, 0);
	assert_false(m.calling.has_reason);
	assert_int_equal(m.calling.len, 4);
	assert_memory_equal(m.calling.digits, "1234", 4);
	assert_ptr_equal(m.calling.digits, b + 19);	/* points into the input */
	/* called: ISDN plan */
	assert_int_equal(m.called.type, 0);
	assert_int_equal(m.called.plan, 1);
	assert_false(m.called.has_pres);
	assert_int_equal(m.called.len, 4);
	assert_memory_equal(m.called.digits, "5678", 4);
	assert_int_equal(m.nraw, 0);
	assert_int_equal(q931_msg_verdict(&m), 0);
}

static void test_golden_setup_encode(void **state)
{
	struct q931_msg m;
	uint8_t want[64], out[64];
	size_t n = unhex(setup_hex, want);

	(void)state;
	q931_msg_init(&m, Q931_SETUP, 1, false);
	m.present = Q931_BIT(Q931_I_BEARER_CAP) | Q931_BIT(Q931_I_CHANNEL_ID) |
		    Q931_BIT(Q931_I_CALLING_NUM) | Q931_BIT(Q931_I_CALLED_NUM);
	m.bearer.rate = 0x10;
	m.bearer.has_l1 = true;
	m.bearer.l1 = 3;
	m.chan.pri = true;
	m.chan.exclusive = true;
	m.chan.sel = 1;
	m.chan.has_chans = true;
	m.chan.chan_type = 3;
	m.chan.nchans = 1;
	m.chan.chans[0] = 1;
	m.calling.has_pres = true;
	m.calling.len = 4;
	m.calling.digits = (const uint8_t *)"1234";
	m.called.plan = 1;
	m.called.len = 4;
	m.called.digits = (const uint8_t *)"5678";
	assert_int_equal(q931_encode(NULL, Q931_NET_TO_USER, &m, out, sizeof(out)), (int)n);
	assert_memory_equal(out, want, n);
}

static void test_golden_disconnect(void **state)
{
	struct q931_codec c;
	struct q931_msg m;
	uint8_t b[32], out[32];
	size_t n = unhex(disc_hex, b);
	static const uint8_t data[] = { 0x01, 0x00, 0xff, 0x02 };

	(void)state;
	q931_codec_init(&c);
	assert_int_equal(q931_decode(&c, Q931_USER_TO_NET, b, n, &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_true(m.cref_flag);
	assert_int_equal(m.cref, 1);
	assert_int_equal(m.type, Q931_DISCONNECT);
	assert_int_equal(m.ncauses, 1);
	assert_int_equal(m.cause[0].coding, 0);
	assert_int_equal(m.cause[0].location, 1);
	assert_false(m.cause[0].has_rec);
	assert_int_equal(m.cause[0].value, 16);
	assert_int_equal(m.cause[0].diag_len, 0);
	assert_true(Q931_HAS(&m, Q931_I_USER_USER));
	assert_int_equal(m.uui.pd, 0);
	assert_int_equal(m.uui.len, 4);
	assert_memory_equal(m.uui.data, data, 4);
	/* and back, byte for byte, in both directions */
	assert_int_equal(q931_encode(&c, Q931_USER_TO_NET, &m, out, sizeof(out)), (int)n);
	assert_memory_equal(out, b, n);
	assert_int_equal(q931_encode(&c, Q931_NET_TO_USER, &m, out, sizeof(out)), (int)n);
	assert_memory_equal(out, b, n);
}

static void test_release_complete_two_causes(void **state)
{
	uint8_t b[32], out[32];
	size_t n = unhex("08 02 00 01 5a 08 02 81 90 08 04 62 8a 9f 01", b);
	struct q931_msg m;

	(void)state;
	assert_int_equal(q931_decode(NULL, Q931_NET_TO_USER, b, n, &m), 0);
	assert_int_equal(m.nerr, 0);
	assert_int_equal(m.ncauses, 2);
	assert_int_equal(m.cause[0].location, 1);
	assert_int_equal(m.cause[0].value, 16);
	assert_int_equal(m.cause[1].coding, 3);
	assert_int_equal(m.cause[1].location, 2);
	assert_true(m.cause[1].has_rec);
	assert_int_equal(m.cause[1].rec, 0x0a);
	assert_int_equal(m.cause[1].value, 31);
	assert_int_equal(m.cause[1].diag_len, 1);
	assert_int_equal(m.cause[1].diag[0], 0x01);
	assert_int_equal(q931_encode(NULL, Q931_NET_TO_USER, &m, out, sizeof(out)), (int)n);
	assert_memory_equal(out, b, n);
}

/* Sample contents for every IE, so any allowed set can be built. */
static void fill_ie(struct q931_msg *m, int idx)
{
	static const uint8_t fac[] = { 0x91, 0xa1, 0x03, 0x02, 0x01, 0x05 };
	static const uint8_t uu[] = { 0x00, 0x41, 0x00, 0x42 };

	m->present |= Q931_BIT(idx);
	switch (idx) {
	case Q931_I_BEARER_CAP:
		m->bearer.itc = 8;
		m->bearer.rate = 0x18;
		m->bearer.has_mult = true;
		m->bearer.mult = 2;
		break;
	case Q931_I_CAUSE:
		m->ncauses = 1;
		m->cause[0].location = 2;
		m->cause[0].value = 17;
		break;
	case Q931_I_CALL_STATE:
		m->call_state = 10;
		break;
	case Q931_I_CHANNEL_ID:
		m->chan.pri = true;
		m->chan.sel = 1;
		m->chan.has_chans = true;
		m->chan.chan_type = 3;
		m->chan.nchans = 2;
		m->chan.chans[0] = 5;
		m->chan.chans[1] = 6;
		break;
	case Q931_I_FACILITY:
		m->facility.p = fac;
		m->facility.len = sizeof(fac);
		break;
	case Q931_I_PROGRESS:
		m->nprogress = 2;
		m->progress[0].location = 2;
		m->progress[0].desc = 8;
		m->progress[1].desc = 1;
		break;
	case Q931_I_NOTIFY:
		m->notify.desc = 0x71;
		break;
	case Q931_I_DISPLAY:
		m->display.text.p = (const uint8_t *)"Hello";
		m->display.text.len = 5;
		break;
	case Q931_I_KEYPAD:
		m->keypad.p = (const uint8_t *)"*21#";
		m->keypad.len = 4;
		break;
	case Q931_I_SIGNAL:
		m->signal = 0x3f;
		break;
	case Q931_I_CONNECTED_NUM:
		m->connected.type = 2;
		m->connected.plan = 1;
		m->connected.len = 2;
		m->connected.digits = (const uint8_t *)"42";
		break;
	case Q931_I_CALLING_NUM:
		m->calling.has_pres = true;
		m->calling.pres = 1;
		m->calling.screen = 3;
		m->calling.len = 3;
		m->calling.digits = (const uint8_t *)"100";
		break;
	case Q931_I_CALLED_NUM:
		m->called.type = 4;
		m->called.plan = 1;
		m->called.len = 3;
		m->called.digits = (const uint8_t *)"200";
		break;
	case Q931_I_REDIRECTING_NUM:
		m->redirecting.has_pres = true;
		m->redirecting.has_reason = true;
		m->redirecting.reason = 15;
		m->redirecting.len = 1;
		m->redirecting.digits = (const uint8_t *)"9";
		break;
	case Q931_I_RESTART_IND:
		m->restart_class = 7;
		break;
	case Q931_I_LLC:
		m->llc.p = (const uint8_t *)"\x88\x90";
		m->llc.len = 2;
		break;
	case Q931_I_HLC:
		m->hlc.p = (const uint8_t *)"\x91\x81";
		m->hlc.len = 2;
		break;
	case Q931_I_USER_USER:
		m->uui.pd = 4;
		m->uui.len = sizeof(uu);
		m->uui.data = uu;
		break;
	}
}

static const uint8_t all_types[] = {
	Q931_ALERTING, Q931_CALL_PROCEEDING, Q931_PROGRESS, Q931_SETUP, Q931_CONNECT,
	Q931_SETUP_ACK, Q931_CONNECT_ACK, Q931_USER_INFORMATION, Q931_DISCONNECT, Q931_RESTART,
	Q931_RELEASE, Q931_RESTART_ACK, Q931_RELEASE_COMPLETE, Q931_FACILITY, Q931_NOTIFY,
	Q931_STATUS_ENQUIRY, Q931_INFORMATION, Q931_STATUS,
};

static void test_every_type_round_trip(void **state)
{
	unsigned int t, dir;
	int idx;

	(void)state;
	for (t = 0; t < sizeof(all_types); t++) {
		const struct q931_msg_desc *d = q931_msg_desc(all_types[t]);

		assert_non_null(d);
		assert_true(q931_msg_known(all_types[t]));
		assert_non_null(q931_msg_name(all_types[t]));
		for (dir = 0; dir < 2; dir++) {
			struct q931_msg m, bare, back;
			uint8_t out[512];
			int n;

			/* only the mandatory IEs, then everything allowed */
			q931_msg_init(&bare, all_types[t], 0x1234, dir);
			for (idx = 0; idx < Q931_I_COUNT; idx++)
				if (d->mandatory[dir] & Q931_BIT(idx))
					fill_ie(&bare, idx);
			n = q931_encode(NULL, dir, &bare, out, sizeof(out));
			assert_true(n > 0);
			assert_int_equal(q931_decode(NULL, dir, out, n, &back), 0);
			assert_int_equal(back.nerr, 0);
			assert_true(q931_msg_equal(&bare, &back));

			q931_msg_init(&m, all_types[t], 0x1234, dir);
			for (idx = 0; idx < Q931_I_COUNT; idx++)
				if (d->allowed & Q931_BIT(idx))
					fill_ie(&m, idx);
			m.sending_complete = true;
			n = q931_encode(NULL, dir, &m, out, sizeof(out));
			assert_true(n > 0);
			assert_int_equal(q931_decode(NULL, dir, out, n, &back), 0);
			assert_int_equal(back.nerr, 0);
			assert_int_equal(back.type, all_types[t]);
			assert_int_equal(back.cref, 0x1234);
			assert_int_equal(back.cref_flag, dir);
			assert_int_equal(back.present, d->allowed);
			assert_true(q931_msg_equal(&m, &back));
			/* missing one mandatory IE is refused */
			for (idx = 0; idx < Q931_I_COUNT; idx++) {
				if (!(d->mandatory[dir] & Q931_BIT(idx)))
					continue;
				back = m;
				back.present &= ~Q931_BIT(idx);
				assert_int_equal(q931_encode(NULL, dir, &back, out, sizeof(out)),
						 TEL_EINVAL);
			}
			/* an IE the message may not carry is refused */
			for (idx = 0; idx < Q931_I_COUNT; idx++) {
				if (d->allowed & Q931_BIT(idx))
					continue;
				back = m;
				fill_ie(&back, idx);
				assert_int_equal(q931_encode(NULL, dir, &back, out, sizeof(out)),
						 TEL_EINVAL);
			}
		}
	}
}

static void test_mandatory_table(void **state)
{
	const struct q931_msg_desc *d;

	(void)state;
	d = q931_msg_desc(Q931_SETUP);
	assert_int_equal(d->mandatory[Q931_NET_TO_USER],
			 Q931_BIT(Q931_I_BEARER_CAP) | Q931_BIT(Q931_I_CHANNEL_ID));
	assert_int_equal(d->mandatory[Q931_USER_TO_NET], Q931_BIT(Q931_I_BEARER_CAP));
	assert_int_equal(q931_msg_desc(Q931_DISCONNECT)->mandatory[0], Q931_BIT(Q931_I_CAUSE));
	assert_int_equal(q931_msg_desc(Q931_RELEASE)->mandatory[0], 0);
	assert_int_equal(q931_msg_desc(Q931_RELEASE_COMPLETE)->mandatory[1], 0);
	assert_int_equal(q931_msg_desc(Q931_STATUS)->mandatory[1],
			 Q931_BIT(Q931_I_CAUSE) | Q931_BIT(Q931_I_CALL_STATE));
	assert_int_equal(q931_msg_desc(Q931_USER_INFORMATION)->mandatory[0],
			 Q931_BIT(Q931_I_USER_USER));
	assert_int_equal(q931_msg_desc(Q931_RESTART_ACK)->mandatory[1],
			 Q931_BIT(Q931_I_RESTART_IND));
	assert_int_equal(q931_msg_desc(Q931_NOTIFY)->mandatory[0], Q931_BIT(Q931_I_NOTIFY));
	assert_int_equal(q931_msg_desc(Q931_FACILITY)->mandatory[1], Q931_BIT(Q931_I_FACILITY));
	assert_int_equal(q931_msg_desc(Q931_PROGRESS)->mandatory[1], Q931_BIT(Q931_I_PROGRESS));
	/* user-user exactly where the brief puts it */
	assert_true(q931_msg_desc(Q931_CONNECT)->allowed & Q931_BIT(Q931_I_USER_USER));
	assert_false(q931_msg_desc(Q931_CALL_PROCEEDING)->allowed & Q931_BIT(Q931_I_USER_USER));
	assert_null(q931_msg_desc(0x7f));
	assert_false(q931_msg_known(0x00));
}

/* Identifier octets of codeset 0 come out in ascending order. */
static void test_ascending_order(void **state)
{
	const struct q931_msg_desc *d = q931_msg_desc(Q931_SETUP);
	struct q931_msg m;
	uint8_t out[512];
	int n, i, ies = 0;
	unsigned int last = 0;

	(void)state;
	q931_msg_init(&m, Q931_SETUP, 5, false);
	for (i = Q931_I_COUNT - 1; i >= 0; i--)
		if (d->allowed & Q931_BIT(i))
			fill_ie(&m, i);
	m.sending_complete = true;
	m.has_repeat = true;
	m.repeat = 1;
	m.nraw = 1;
	m.raw[0].id = 0x29;	/* date/time, kept opaque */
	m.raw[0].body.p = (const uint8_t *)"\x18\x01\x02";
	m.raw[0].body.len = 3;
	n = q931_encode(NULL, Q931_NET_TO_USER, &m, out, sizeof(out));
	assert_true(n > 0);
	for (i = 5; i < n;) {
		assert_true(out[i] > last || (out[i] == last && last == Q931_IE_PROGRESS));
		last = out[i];
		ies++;
		i += out[i] & 0x80 ? 1 : 2 + out[i + 1];
	}
	assert_int_equal(i, n);
	/* every allowed IE, progress twice, date/time, sending complete, repeat */
	assert_int_equal(ies, __builtin_popcount(d->allowed) + 1 + 1 + 2);
	assert_int_equal(out[n - 2], 0xa1);	/* sending complete by its value: after 0x7E */
	assert_int_equal(out[n - 1], 0xd1);
}

static void test_cref_forms(void **state)
{
	struct q931_msg m, back;
	uint8_t out[16];

	(void)state;
	q931_msg_init(&m, Q931_CONNECT_ACK, 0x7fff, true);
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), 5);
	assert_memory_equal(out, "\x08\x02\xff\xff\x0f", 5);
	m.cref_len = 1;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
	m.cref = 0x45;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), 4);
	assert_memory_equal(out, "\x08\x01\xc5\x0f", 4);
	assert_int_equal(q931_decode(NULL, 0, out, 4, &back), 0);
	assert_int_equal(back.cref_len, 1);
	assert_true(back.cref_flag);
	assert_int_equal(back.cref, 0x45);
	q931_msg_init(&m, Q931_STATUS_ENQUIRY, 0, false);
	m.cref_len = 0;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), 3);
	assert_memory_equal(out, "\x08\x00\x75", 3);
	assert_int_equal(q931_decode(NULL, 0, out, 3, &back), 0);
	assert_int_equal(back.cref_len, 0);
	assert_int_equal(back.cref, 0);
	m.cref = 1;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
	m.cref_len = 3;
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), TEL_EINVAL);
	/* global call reference: length 2, value 0 */
	q931_msg_init(&m, Q931_RESTART, 0, false);
	fill_ie(&m, Q931_I_RESTART_IND);
	assert_int_equal(q931_encode(NULL, 0, &m, out, sizeof(out)), 8);
	assert_memory_equal(out, "\x08\x02\x00\x00\x46\x79\x01\x87", 8);
}

static void test_enospc_every_cap(void **state)
{
	const struct q931_msg_desc *d = q931_msg_desc(Q931_SETUP);
	struct q931_msg m;
	uint8_t full[512], out[520];
	int n, cap;

	(void)state;
	q931_msg_init(&m, Q931_SETUP, 5, false);
	for (n = 0; n < Q931_I_COUNT; n++)
		if (d->allowed & Q931_BIT(n))
			fill_ie(&m, n);
	m.sending_complete = true;
	m.nraw = 1;
	m.raw[0].codeset = 6;
	m.raw[0].id = 0x01;
	m.raw[0].body.p = (const uint8_t *)"ab";
	m.raw[0].body.len = 2;
	n = q931_encode(NULL, 0, &m, full, sizeof(full));
	assert_true(n > 20);
	for (cap = 0; cap < n; cap++) {
		memset(out, 0xee, sizeof(out));
		assert_int_equal(q931_encode(NULL, 0, &m, out, cap), TEL_ENOSPC);
		assert_memory_equal(out, full, cap);	/* what fits is written ... */
		assert_int_equal(out[cap], 0xee);	/* ... and not one octet more */
	}
	assert_int_equal(q931_encode(NULL, 0, &m, out, n), n);
	assert_memory_equal(out, full, n);
	assert_int_equal(q931_encode(NULL, 0, &m, NULL, 0), TEL_ENOSPC);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(q931_msg_name(Q931_SETUP), "SETUP");
	assert_string_equal(q931_msg_name(Q931_RELEASE_COMPLETE), "RELEASE COMPLETE");
	assert_null(q931_msg_name(0x00));
	assert_string_equal(q931_ie_name(Q931_IE_CAUSE), "Cause");
	assert_string_equal(q931_ie_name(Q931_IE_USER_USER), "User-user");
	assert_string_equal(q931_ie_name(0xa1), "Sending complete");
	assert_string_equal(q931_ie_name(0x96), "Locking shift");
	assert_string_equal(q931_ie_name(0x9e), "Non-locking shift");
	assert_string_equal(q931_ie_name(0xd2), "Repeat indicator");
	assert_null(q931_ie_name(0x29));
	assert_string_equal(q931_cause_name(16), "Normal call clearing");
	assert_string_equal(q931_cause_name(17), "User busy");
	assert_string_equal(q931_cause_name(102), "Recovery on timer expiry");
	assert_non_null(q931_cause_name(1));
	assert_non_null(q931_cause_name(127));
	assert_null(q931_cause_name(10));
	assert_null(q931_cause_name(200));
	assert_string_equal(q931_err_name(Q931_ERR_MANDATORY_MISSING), "missing mandatory IE");
	for (int k = 0; k < Q931_ERR_KIND_COUNT; k++)
		assert_non_null(q931_err_name(k));
	for (int i = 0; i < Q931_I_COUNT; i++) {
		assert_int_equal(q931_ie_index(q931_ie_table[i].id), i);
		assert_string_equal(q931_ie_name(q931_ie_table[i].id), q931_ie_table[i].name);
		if (i)	/* table in ascending identifier order */
			assert_true(q931_ie_table[i].id > q931_ie_table[i - 1].id);
	}
}

/*
 * The decoder does not clear the whole struct (only the header, counters and
 * each decoded IE): whatever the struct held before, the same message comes
 * out, and it encodes to the same octets. Also after a decode of another
 * message into the same struct, and with a BRI (one-octet) call reference.
 */
static void test_decode_over_garbage(void **state)
{
	static const char *const vec[] = {
		setup_hex, disc_hex,
		"08 01 05 05 04 03 80 90 a3 18 01 81 70 03 81 35 36 a1",	/* BRI cref */
		"08 02 00 07 7d 08 02 80 90 14 01 0a",			/* STATUS */
		"08 02 00 07 07 18 05 e1 81 83 05 87 4c 04 00 81 31 32",
		"08 02 80 01 46 18 03 a9 83 85 79 01 80",		/* RESTART */
	};
	uint8_t b[64], out1[128], out2[128];
	unsigned int v, fill;

	(void)state;
	for (v = 0; v < sizeof(vec) / sizeof(vec[0]); v++) {
		size_t n = unhex(vec[v], b);
		struct q931_msg clean, dirty;
		int n1, n2;

		memset(&clean, 0, sizeof(clean));
		assert_int_equal(q931_decode(NULL, Q931_NET_TO_USER, b, n, &clean), 0);
		assert_int_equal(clean.nerr, 0);
		n1 = q931_encode(NULL, Q931_NET_TO_USER, &clean, out1, sizeof(out1));
		assert_int_equal(n1, (int)n);
		assert_memory_equal(out1, b, n);
		for (fill = 0; fill < 3; fill++) {
			if (fill < 2) {
				memset(&dirty, fill ? 0xff : 0xa5, sizeof(dirty));
			} else {	/* what another message left behind */
				size_t k = unhex(vec[(v + 1) % 6], out2);

				assert_int_equal(q931_decode(NULL, Q931_NET_TO_USER, out2, k,
							     &dirty), 0);
			}
			assert_int_equal(q931_decode(NULL, Q931_NET_TO_USER, b, n, &dirty), 0);
			assert_int_equal(dirty.nerr, 0);
			assert_false(dirty.err_overflow);
			assert_true(q931_msg_equal(&clean, &dirty));
			assert_true(q931_msg_equal(&dirty, &clean));
			assert_int_equal(dirty.ncauses, clean.ncauses);
			assert_int_equal(dirty.nprogress, clean.nprogress);
			assert_int_equal(dirty.nraw, clean.nraw);
			n2 = q931_encode(NULL, Q931_NET_TO_USER, &dirty, out2, sizeof(out2));
			assert_int_equal(n2, n1);
			assert_memory_equal(out2, out1, (size_t)n1);
		}
	}
}

/* q931_msg_init_hdr() over garbage, IEs written whole: the same octets as q931_msg_init(). */
static void test_init_hdr_over_garbage(void **state)
{
	static const uint8_t digits[] = "5678";
	struct q931_msg a, b;
	uint8_t oa[64], ob[64];
	int na, nb;

	(void)state;
	q931_msg_init(&a, Q931_DISCONNECT, 0x1234, true);
	a.cause[0].location = 2;
	a.cause[0].value = 16;
	a.ncauses = 1;
	a.present |= Q931_BIT(Q931_I_CAUSE);
	a.called.plan = 1;
	a.called.len = 4;
	a.called.digits = digits;
	memset(&b, 0x5a, sizeof(b));
	q931_msg_init_hdr(&b, Q931_DISCONNECT, 0x1234, true);
	b.cause[0] = (struct q931_cause){ .location = 2, .value = 16 };
	b.ncauses = 1;
	b.present |= Q931_BIT(Q931_I_CAUSE);
	na = q931_encode(NULL, Q931_NET_TO_USER, &a, oa, sizeof(oa));
	nb = q931_encode(NULL, Q931_NET_TO_USER, &b, ob, sizeof(ob));
	assert_true(na > 5);
	assert_int_equal(na, nb);
	assert_memory_equal(oa, ob, (size_t)na);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_setup_decode),
		cmocka_unit_test(test_golden_setup_encode),
		cmocka_unit_test(test_golden_disconnect),
		cmocka_unit_test(test_release_complete_two_causes),
		cmocka_unit_test(test_every_type_round_trip),
		cmocka_unit_test(test_mandatory_table),
		cmocka_unit_test(test_ascending_order),
		cmocka_unit_test(test_cref_forms),
		cmocka_unit_test(test_enospc_every_cap),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_decode_over_garbage),
		cmocka_unit_test(test_init_hdr_over_garbage),
	};

	return cmocka_run_group_tests_name("q931_msgs", tests, NULL, NULL);
}
