// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * <libtel/decode.h> as an application uses it: only the public headers,
 * linked with libtel.a. Real frames: a SETUP with numbers, channel and UUI,
 * a DISCONNECT with cause and diagnostics, RR and SABME, malformed frames and
 * messages; their printed text and JSON; pcap records read from a pipe.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <libtel/decode.h>

/* I frame, SAPI 0 TEI 0, user command (C/R 0), N(S) 0 N(R) 0, P 0: SETUP cref 1 with
 * bearer (speech, A-law), channel 1 exclusive, calling "100" (national, E.164,
 * presentation allowed), called "5678", UUI pd 4 "hi!". */
static const uint8_t setup[] = {
	0x00, 0x01, 0x00, 0x00,
	0x08, 0x02, 0x00, 0x01, 0x05,
	0x04, 0x03, 0x80, 0x90, 0xa3,
	0x18, 0x03, 0xa9, 0x83, 0x81,
	0x6c, 0x05, 0x21, 0x80, '1', '0', '0',
	0x70, 0x05, 0xa1, '5', '6', '7', '8',
	0x7e, 0x04, 0x04, 'h', 'i', '!',
};

/* I frame from the network (command: C/R 1), N(S) 3 N(R) 5: DISCONNECT cref 1 (flag:
 * to the originator), cause 102 at location 1 with diagnostics "303" (T303),
 * progress 8 (in-band information). */
static const uint8_t disc[] = {
	0x02, 0x01, 0x06, 0x0a,
	0x08, 0x02, 0x80, 0x01, 0x45,
	0x08, 0x05, 0x81, 0xe6, '3', '0', '3',
	0x1e, 0x02, 0x81, 0x88,
};

static void decode(const void *frame, size_t len, enum tel_side sender, struct tel_decoded *d)
{
	memset(d, 0xa5, sizeof(*d));	/* everything not written would show */
	assert_int_equal(tel_decode_frame(NULL, sender, frame, len, d), 0);
}

static char *print(const struct tel_decoded *d, const struct tel_pcap_rec *rec, unsigned flags)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(tel_decode_print(f, d, rec, flags), 0);
	fclose(f);
	return buf;
}

static void test_setup(void **state)
{
	struct tel_decoded d;
	const struct tel_q931 *m = &d.q931;
	char *s;

	(void)state;
	decode(setup, sizeof(setup), TEL_SIDE_USER, &d);
	assert_true(d.has_frame && d.has_q931);
	assert_int_equal(d.len, sizeof(setup));
	assert_ptr_equal(d.data, setup);
	assert_int_equal(d.frame.status, TEL_FRAME_OK);
	assert_true(d.frame.has_addr && d.frame.has_control);
	assert_int_equal(d.frame.sapi, 0);
	assert_int_equal(d.frame.tei, 0);
	assert_int_equal(d.frame.cr, 0);
	assert_int_equal(d.frame.command, 1);	/* C/R 0 from the user: a command */
	assert_int_equal(d.frame.kind, TEL_FRAME_I);
	assert_true(d.frame.has_ns && d.frame.has_nr);
	assert_int_equal(d.frame.ns, 0);
	assert_int_equal(d.frame.pf, 0);
	assert_ptr_equal(d.frame.info.p, setup + 4);
	assert_int_equal(d.frame.info.len, sizeof(setup) - 4);

	assert_int_equal(m->status, 0);
	assert_int_equal(m->pd, 0x08);
	assert_int_equal(m->cref_len, 2);
	assert_int_equal(m->cref, 1);
	assert_int_equal(m->cref_flag, 0);
	assert_int_equal(m->type, 0x05);
	assert_string_equal(m->name, "SETUP");
	assert_int_equal(m->nconds, 0);
	assert_int_equal(m->ncauses, 0);
	assert_true(m->bearer.present);
	assert_int_equal(m->bearer.itc, 0);
	assert_int_equal(m->bearer.l1, 3);
	assert_true(m->chan.present && m->chan.pri && m->chan.exclusive);
	assert_int_equal(m->chan.nchans, 1);
	assert_int_equal(m->chan.chans[0], 1);
	assert_int_equal(m->chan.bchan, 1);
	assert_true(m->calling.present && m->calling.has_pres);
	assert_int_equal(m->calling.type, 2);
	assert_int_equal(m->calling.plan, 1);
	assert_int_equal(m->calling.pres, 0);
	assert_int_equal(m->calling.digits.len, 3);
	assert_memory_equal(m->calling.digits.p, "100", 3);
	assert_ptr_equal(m->calling.digits.p, setup + 23);	/* into the input, no copy */
	assert_true(m->called.present && !m->called.has_pres);
	assert_int_equal(m->called.digits.len, 4);
	assert_memory_equal(m->called.digits.p, "5678", 4);
	assert_false(m->connected.present || m->redirecting.present || m->display.present);
	assert_true(m->uui.present);
	assert_int_equal(m->uui.pd, 4);
	assert_int_equal(m->uui.data.len, 3);
	assert_memory_equal(m->uui.data.p, "hi!", 3);

	s = print(&d, NULL, 0);
	assert_string_equal(s,
		"user->net SAPI 0 TEI 0 cmd I N(S)=0 N(R)=0 P=0 SETUP cref 1 from originator\n"
		"    Bearer capability: itc 0, mode 0, rate 0x10, A-law (speech)\n"
		"    Channel identification: PRI, exclusive, channel 1\n"
		"    Calling party number: \"100\" type 2 plan 1 presentation 0 screening 0\n"
		"    Called party number: \"5678\" type 2 plan 1\n"
		"    User-user: pd 4 (IA5 characters), 3 octets: \"hi!\"\n");
	free(s);
	s = print(&d, NULL, TEL_DECODE_JSON);
	assert_string_equal(s,
		"{\"dir\":\"user\",\"len\":39,\"sapi\":0,\"tei\":0,\"cr\":0,\"frame\":\"I\",\"ns\":0,"
		"\"nr\":0,\"pf\":0,\"cmd\":\"command\",\"q931\":{\"pd\":8,\"cref\":1,\"cref_flag\":0,"
		"\"msg\":\"SETUP\",\"uui\":{\"pd\":4,\"hex\":\"686921\"},\"chan\":1,"
		"\"exclusive\":true,\"called\":\"5678\",\"calling\":\"100\"}}\n");
	free(s);
}

static void test_disconnect_cause_diag(void **state)
{
	struct tel_decoded d;
	const struct tel_q931 *m = &d.q931;
	struct tel_pcap_rec rec = { .recno = 7, .ts_us = 1500000, .sent_by_network = 1 };
	char *s;

	(void)state;
	decode(disc, sizeof(disc), TEL_SIDE_NETWORK, &d);
	assert_int_equal(d.frame.cr, 1);
	assert_int_equal(d.frame.command, 1);
	assert_int_equal(d.frame.ns, 3);
	assert_int_equal(d.frame.nr, 5);
	assert_string_equal(m->name, "DISCONNECT");
	assert_int_equal(m->cref_flag, 1);
	assert_int_equal(m->ncauses, 1);
	assert_int_equal(m->causes[0].location, 1);
	assert_int_equal(m->causes[0].value, 102);
	assert_string_equal(m->causes[0].name, "Recovery on timer expiry");
	assert_int_equal(m->causes[0].diag.len, 3);
	assert_memory_equal(m->causes[0].diag.p, "303", 3);
	assert_int_equal(m->nprogress, 1);
	assert_int_equal(m->progress[0].desc, 8);
	assert_false(m->uui.present || m->chan.present || m->called.present);

	s = print(&d, &rec, 0);
	assert_string_equal(s,
		"#7 1.500000 net->user SAPI 0 TEI 0 cmd I N(S)=3 N(R)=5 P=0 DISCONNECT cref 1 to "
		"originator\n"
		"    Cause: 102 (Recovery on timer expiry), location 1 (private network serving the "
		"local user), diagnostics 33 30 33\n"
		"    Progress indicator: description 8, location 1\n");
	free(s);
	s = print(&d, &rec, TEL_DECODE_JSON);
	assert_string_equal(s,
		"{\"ts\":1.500000,\"dir\":\"net\",\"len\":20,\"sapi\":0,\"tei\":0,\"cr\":1,"
		"\"frame\":\"I\",\"ns\":3,\"nr\":5,\"pf\":0,\"cmd\":\"command\",\"q931\":{\"pd\":8,"
		"\"cref\":1,\"cref_flag\":1,\"msg\":\"DISCONNECT\",\"cause\":{\"location\":1,"
		"\"value\":102,\"diag\":\"333033\"},\"progress\":8}}\n");
	free(s);
}

static void test_rr_sabme(void **state)
{
	/* RR command from the network, N(R) 2, P 1; SABME from the user, P 1 */
	static const uint8_t rr[] = { 0x02, 0x01, 0x01, 0x05 };
	static const uint8_t sabme[] = { 0x00, 0x01, 0x7f };
	/* UA response from the network: C/R 0, F 1 */
	static const uint8_t ua[] = { 0x00, 0x01, 0x73 };
	struct tel_decoded d;
	char *s;

	(void)state;
	decode(rr, sizeof(rr), TEL_SIDE_NETWORK, &d);
	assert_int_equal(d.frame.kind, TEL_FRAME_RR);
	assert_false(d.frame.has_ns);
	assert_true(d.frame.has_nr);
	assert_int_equal(d.frame.nr, 2);
	assert_int_equal(d.frame.pf, 1);
	assert_int_equal(d.frame.command, 1);
	assert_false(d.has_q931);
	assert_int_equal(d.frame.info.len, 0);
	s = print(&d, NULL, 0);
	assert_string_equal(s, "net->user SAPI 0 TEI 0 cmd RR N(R)=2 P=1\n");
	free(s);

	decode(sabme, sizeof(sabme), TEL_SIDE_USER, &d);
	assert_int_equal(d.frame.kind, TEL_FRAME_SABME);
	assert_false(d.frame.has_ns || d.frame.has_nr);
	assert_int_equal(d.frame.pf, 1);
	assert_int_equal(d.frame.command, 1);
	assert_string_equal(tel_frame_kind_name(d.frame.kind), "SABME");
	s = print(&d, NULL, TEL_DECODE_JSON);
	assert_string_equal(s, "{\"dir\":\"user\",\"len\":3,\"sapi\":0,\"tei\":0,\"cr\":0,"
			       "\"frame\":\"SABME\",\"pf\":1,\"cmd\":\"command\"}\n");
	free(s);

	decode(ua, sizeof(ua), TEL_SIDE_NETWORK, &d);
	assert_int_equal(d.frame.kind, TEL_FRAME_UA);
	assert_int_equal(d.frame.command, 0);
	s = print(&d, NULL, 0);
	assert_string_equal(s, "net->user SAPI 0 TEI 0 rsp UA F=1\n");
	free(s);
}

static void test_malformed_message(void **state)
{
	/* DISCONNECT whose cause is one octet short (content error in a mandatory IE), an
	 * unrecognised IE 0x20, then UUI */
	static const uint8_t bad[] = { 0x00, 0x01, 0x00, 0x00, 0x08, 0x02, 0x00, 0x01, 0x45,
				       0x08, 0x01, 0x81, 0x20, 0x01, 0x00, 0x7e, 0x02, 0x04, 'A' };
	/* DISCONNECT without its cause */
	static const uint8_t nocause[] = { 0x08, 0x02, 0x00, 0x01, 0x45 };
	struct tel_decoded d;
	const struct tel_q931 *m = &d.q931;
	char e[128], *s;

	(void)state;
	decode(bad, sizeof(bad), TEL_SIDE_USER, &d);
	assert_int_equal(m->status, 0);		/* conditions are data, not a failure */
	assert_int_equal(m->ncauses, 0);
	assert_int_equal(m->nconds, 2);
	assert_int_equal(m->conds[0].kind, TEL_Q931_BAD_CONTENT);
	assert_int_equal(m->conds[0].ie, 0x08);
	assert_int_equal(m->conds[0].mandatory, 1);
	assert_int_equal(m->conds[1].kind, TEL_Q931_UNKNOWN_IE);
	assert_int_equal(m->conds[1].ie, 0x20);
	assert_int_equal(m->nraw, 1);
	assert_int_equal(m->raw[0].id, 0x20);
	assert_true(m->uui.present);
	tel_decode_cond_text(&m->conds[0], e, sizeof(e));
	assert_string_equal(e, "invalid IE contents: Cause (0x08), mandatory");
	s = print(&d, NULL, 0);
	assert_string_equal(s,
		"user->net SAPI 0 TEI 0 cmd I N(S)=0 N(R)=0 P=0 DISCONNECT cref 1 from originator\n"
		"    User-user: pd 4 (IA5 characters), 1 octets: \"A\"\n"
		"    IE 0x20 codeset 0: 00\n"
		"    ! invalid IE contents: Cause (0x08), mandatory\n"
		"    ! unknown IE: IE 0x20\n");
	free(s);

	assert_int_equal(tel_decode_q931(NULL, TEL_SIDE_USER, nocause, sizeof(nocause), &d), 0);
	assert_false(d.has_frame);
	assert_int_equal(m->nconds, 1);
	assert_int_equal(m->conds[0].kind, TEL_Q931_MANDATORY_MISSING);
	assert_int_equal(m->conds[0].ie, 0x08);
	s = print(&d, NULL, TEL_DECODE_JSON);
	assert_string_equal(s, "{\"dir\":\"user\",\"len\":5,\"q931\":{\"pd\":8,\"cref\":1,"
			       "\"cref_flag\":0,\"msg\":\"DISCONNECT\",\"errors\":[\"missing "
			       "mandatory IE: Cause (0x08), mandatory\"]}}\n");
	free(s);

	/* a header that cannot be read: the message is to be ignored */
	assert_int_equal(tel_decode_q931(NULL, TEL_SIDE_NETWORK, nocause, 2, &d), 0);
	assert_int_equal(m->status, TEL_EPROTO);
	assert_int_equal(m->conds[0].kind, TEL_Q931_TOO_SHORT);
	s = print(&d, NULL, 0);
	assert_string_equal(s, "net->user malformed Q.931 (message too short)\n");
	free(s);
}

static void test_uui_max(void **state)
{
	struct tel_decode_cfg cfg = TEL_DECODE_CFG_DEFAULT;
	struct tel_decoded d;

	(void)state;
	assert_int_equal(cfg.uui_max, 128);
	cfg.uui_max = 2;	/* the SETUP's UUI is 3 octets: reported, never cut */
	assert_int_equal(tel_decode_frame(&cfg, TEL_SIDE_USER, setup, sizeof(setup), &d), 0);
	assert_int_equal(d.q931.uui.data.len, 3);
	assert_int_equal(d.q931.nconds, 1);
	assert_int_equal(d.q931.conds[0].kind, TEL_Q931_UUI_TOO_BIG);
	cfg.uui_max = 70000;
	assert_int_equal(tel_decode_frame(&cfg, TEL_SIDE_USER, setup, sizeof(setup), &d),
			 TEL_EINVAL);
}

static void test_malformed_frames(void **state)
{
	static const uint8_t one[] = { 0x00 };
	static const uint8_t ctl[] = { 0x00, 0x01, 0xff };	/* no such control field */
	/* UI frame of SAPI 63 (TEI management): no Q.931, its info shown */
	static const uint8_t tei[] = { 0xfc, 0xff, 0x03, 0x0f, 0x12, 0x34, 0x01, 0xff };
	struct tel_decoded d;
	char *s;

	(void)state;
	decode(one, sizeof(one), TEL_SIDE_USER, &d);
	assert_int_equal(d.frame.status, TEL_FRAME_ESHORT);
	assert_false(d.frame.has_addr || d.frame.has_control || d.has_q931);
	s = print(&d, NULL, 0);
	assert_string_equal(s, "user->net malformed LAPD frame (frame too short for address "
			       "and control field): 00\n");
	free(s);

	decode(ctl, sizeof(ctl), TEL_SIDE_USER, &d);
	assert_int_equal(d.frame.status, TEL_FRAME_ECONTROL);
	assert_true(d.frame.has_addr);
	assert_false(d.frame.has_control);
	s = print(&d, NULL, TEL_DECODE_JSON);
	assert_non_null(strstr(s, "\"sapi\":0,\"tei\":0,\"cr\":0,\"errors\":["));
	free(s);

	decode(tei, sizeof(tei), TEL_SIDE_NETWORK, &d);
	assert_int_equal(d.frame.sapi, 63);
	assert_int_equal(d.frame.tei, 127);
	assert_int_equal(d.frame.kind, TEL_FRAME_UI);
	assert_false(d.has_q931);
	assert_int_equal(d.frame.info.len, 5);
	s = print(&d, NULL, TEL_DECODE_JSON);
	assert_non_null(strstr(s, "\"info\":\"0f123401ff\"}"));
	free(s);

	assert_int_equal(tel_decode_frame(NULL, TEL_SIDE_USER, NULL, 3, &d), TEL_EINVAL);
	assert_int_equal(tel_decode_frame(NULL, TEL_SIDE_USER, one, 1, NULL), TEL_EINVAL);
	assert_int_equal(tel_decode_print(NULL, &d, NULL, 0), TEL_EINVAL);
}

/* A pcap of two records (SETUP from the user, DISCONNECT from the network) captured
 * at the user side, written into a pipe, read back record by record. */
static size_t put_rec(uint8_t *p, uint32_t sec, int outgoing, const uint8_t *f, size_t len)
{
	uint32_t cap = (uint32_t)(16 + len);
	uint32_t h[4] = { sec, 250, cap, cap };

	memcpy(p, h, 16);
	memset(p + 16, 0, 16);
	p[17] = outgoing ? 4 : 0;	/* pkttype, big-endian: 4 sent by the capturer */
	p[18] = 0x20, p[19] = 0xfd, p[21] = 1, p[31] = 0x30;
	memcpy(p + 32, f, len);
	return 32 + len;
}

static void test_pcap_pipe(void **state)
{
	static const uint32_t ghdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 177 };
	uint8_t buf[512];
	size_t n = 0;
	int fds[2];
	tel_pcap *r;
	struct tel_pcap_rec rec;
	struct tel_decoded d;
	char why[160], pre[5];

	(void)state;
	memcpy(buf, ghdr, sizeof(ghdr));
	n = sizeof(ghdr);
	n += put_rec(buf + n, 10, 1, setup, sizeof(setup));
	n += put_rec(buf + n, 11, 0, disc, sizeof(disc));
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], buf, n), (ssize_t)n);
	assert_int_equal(write(fds[1], buf, 10), 10);	/* then a cut record header */
	close(fds[1]);

	/* the first 5 octets read already (as a FIFO waiter does) */
	assert_int_equal(read(fds[0], pre, 5), 5);
	assert_int_equal(tel_pcap_open(fds[0], pre, 5, &r, why, sizeof(why)), 0);
	assert_int_equal(tel_pcap_next(r, &rec), 1);
	assert_int_equal(rec.recno, 1);
	assert_int_equal(rec.ts_us, 10000250);
	assert_int_equal(rec.offset, 24);
	assert_false(rec.sent_by_network);
	assert_int_equal(rec.len, sizeof(setup));
	assert_memory_equal(rec.frame, setup, sizeof(setup));
	assert_int_equal(tel_decode_frame(NULL, TEL_SIDE_USER, rec.frame, rec.len, &d), 0);
	assert_string_equal(d.q931.name, "SETUP");
	assert_int_equal(tel_pcap_next(r, &rec), 1);
	assert_int_equal(rec.recno, 2);
	assert_int_equal(rec.offset, 24 + 32 + sizeof(setup));
	assert_true(rec.sent_by_network);
	assert_memory_equal(rec.frame, disc, sizeof(disc));
	assert_int_equal(tel_pcap_next(r, &rec), TEL_EPROTO);
	assert_string_equal(tel_pcap_error(r), "record 3 at offset 147: truncated record header: "
					       "needs 16 bytes, 10 left");
	tel_pcap_close(r);
	close(fds[0]);

	/* not a pcap */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "hello world, not a pcap!", 24), 24);
	close(fds[1]);
	assert_int_equal(tel_pcap_open(fds[0], NULL, 0, &r, why, sizeof(why)), TEL_EPROTO);
	assert_null(r);
	assert_string_equal(why, "not a pcap file (magic 68 65 6c 6c)");
	close(fds[0]);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(tel_q931_msg_name(0x5a), "RELEASE COMPLETE");
	assert_null(tel_q931_msg_name(0x99));
	assert_string_equal(tel_q931_cause_name(16), "Normal call clearing");
	assert_string_equal(tel_q931_ie_name(0x7e), "User-user");
	assert_string_equal(tel_cause_location_name(10), "network beyond interworking point");
	assert_string_equal(tel_cause_location_name(6), "reserved");
	assert_string_equal(tel_uui_pd_name(4), "IA5 characters");
	assert_string_equal(tel_frame_kind_name(TEL_FRAME_UI), "UI");
	assert_string_equal(tel_frame_kind_name(99), "?");
}

/* The layout is ABI: a change of these sizes breaks programs built against an older header. */
static void test_abi_sizes(void **state)
{
	(void)state;
#if UINTPTR_MAX == 0xffffffffffffffffu
	assert_int_equal(sizeof(struct tel_decoded), 944);
	assert_int_equal(sizeof(struct tel_lapd_frame), 48);
	assert_int_equal(sizeof(struct tel_q931), 816);
	assert_int_equal(offsetof(struct tel_decoded, q931), 64);
	assert_int_equal(sizeof(struct tel_pcap_rec), 56);
#endif
	assert_int_equal(sizeof(struct tel_decode_cfg), 32);
	assert_int_equal(sizeof(struct tel_q931_cond), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup),
		cmocka_unit_test(test_disconnect_cause_diag),
		cmocka_unit_test(test_rr_sabme),
		cmocka_unit_test(test_malformed_message),
		cmocka_unit_test(test_uui_max),
		cmocka_unit_test(test_malformed_frames),
		cmocka_unit_test(test_pcap_pipe),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_abi_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
