// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writes the golden traces of tests/golden with our own encoders (LAPD frame,
 * Q.931 message, pcap), and beside each NAME.pcap a NAME.expect listing what
 * was encoded into every Q.931 frame, for the tshark cross-check:
 *   <frame number> <message type> <cause value or -> <UUI pd or -> <UUI hex or ->
 * Usage: gen_golden OUTDIR
 * `make check` regenerates them and compares with the committed files.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lapd/frame.h"
#include "libtel/tel.h"
#include "q931/q931.h"
#include "trace/pcap.h"

struct gen {
	struct pcap_writer pw;
	FILE *pcap, *expect;
	struct q931_codec codec;
	uint64_t t_us;
	unsigned frame_no;
	/* V(S)/V(R) per side: [0] user, [1] network */
	uint8_t vs[2], vr[2];
};

static void die(const char *what)
{
	fprintf(stderr, "gen_golden: %s\n", what);
	exit(1);
}

static void put(struct gen *g, bool by_net, const struct lapd_frame *lf, unsigned dt_ms)
{
	uint8_t buf[LAPD_MAX_FRAME];
	int n = lapd_frame_encode(lf, buf, sizeof(buf));

	if (n < 0)
		die("lapd_frame_encode failed");
	g->t_us += (uint64_t)dt_ms * 1000;
	if (pcap_write_frame(&g->pw, g->t_us, by_net, buf, (size_t)n))
		die("pcap_write_frame failed");
	g->frame_no++;
}

static void lapd_addr(struct lapd_frame *lf, bool by_net, bool command)
{
	memset(lf, 0, sizeof(*lf));
	lf->sapi = LAPD_SAPI_CC;
	lf->tei = 0;
	lf->cr = lapd_cr_bit(by_net, command);
}

static void u_frame(struct gen *g, bool by_net, enum lapd_ftype t, bool command, unsigned dt)
{
	struct lapd_frame lf;

	lapd_addr(&lf, by_net, command);
	lf.type = t;
	lf.pf = true;
	put(g, by_net, &lf, dt);
}

static void rr(struct gen *g, bool by_net, unsigned dt)
{
	struct lapd_frame lf;

	lapd_addr(&lf, by_net, false);
	lf.type = LAPD_RR;
	lf.nr = g->vr[by_net];
	put(g, by_net, &lf, dt);
}

/* Send @m in an I frame from one side; the other side's V(R) advances. */
static void i_frame(struct gen *g, bool by_net, const struct q931_msg *m, unsigned dt)
{
	uint8_t l3[LAPD_N201];
	struct lapd_frame lf;
	int n = q931_encode(&g->codec, by_net ? Q931_NET_TO_USER : Q931_USER_TO_NET, m, l3,
			    sizeof(l3));

	if (n < 0) {
		fprintf(stderr, "gen_golden: q931_encode(%s): %s\n", q931_msg_name(m->type),
			tel_strerror(n));
		exit(1);
	}
	lapd_addr(&lf, by_net, true);
	lf.type = LAPD_I;
	lf.ns = g->vs[by_net];
	lf.nr = g->vr[by_net];
	lf.info = l3;
	lf.info_len = (uint16_t)n;
	g->vs[by_net] = (g->vs[by_net] + 1) & 127;
	g->vr[!by_net] = (g->vr[!by_net] + 1) & 127;
	put(g, by_net, &lf, dt);

	/* What we encoded, for the tshark cross-check. */
	fprintf(g->expect, "%u 0x%02x ", g->frame_no, m->type);
	if (m->ncauses)
		fprintf(g->expect, "%u ", m->cause[0].value);
	else
		fputs("- ", g->expect);
	if (Q931_HAS(m, Q931_I_USER_USER)) {
		fprintf(g->expect, "%u ", m->uui.pd);
		for (unsigned i = 0; i < m->uui.len; i++)
			fprintf(g->expect, "%02x", m->uui.data[i]);
		if (!m->uui.len)
			fputc('-', g->expect);
	} else {
		fputs("- -", g->expect);
	}
	fputc('\n', g->expect);
}

static void set_cause(struct q931_msg *m, unsigned loc, unsigned value)
{
	m->present |= Q931_BIT(Q931_I_CAUSE);
	m->ncauses = 1;
	m->cause[0].coding = 0;
	m->cause[0].location = (uint8_t)loc;
	m->cause[0].value = (uint8_t)value;
}

static void set_uui(struct q931_msg *m, unsigned pd, const void *p, size_t len)
{
	m->present |= Q931_BIT(Q931_I_USER_USER);
	m->uui.pd = (uint8_t)pd;
	m->uui.data = p;
	m->uui.len = (uint16_t)len;
}

static void set_chan(struct q931_msg *m, unsigned b)
{
	m->present |= Q931_BIT(Q931_I_CHANNEL_ID);
	m->chan.pri = true;
	m->chan.exclusive = true;
	m->chan.sel = 1;
	m->chan.has_chans = true;
	m->chan.coding = 0;
	m->chan.map = false;
	m->chan.chan_type = 3;
	m->chan.nchans = 1;
	m->chan.chans[0] = (uint8_t)b;
}

static void set_number(struct q931_msg *m, enum q931_ie_idx idx, struct q931_number *n,
		       const char *digits)
{
	m->present |= Q931_BIT(idx);
	n->type = 0;	/* unknown */
	n->plan = 1;	/* ISDN/telephony E.164 */
	n->has_pres = idx != Q931_I_CALLED_NUM;
	n->digits = (const uint8_t *)digits;
	n->len = (uint8_t)strlen(digits);
}

static void setup(struct q931_msg *m, uint16_t cref, const char *from, const char *to)
{
	q931_msg_init(m, Q931_SETUP, cref, false);
	m->present |= Q931_BIT(Q931_I_BEARER_CAP);
	m->bearer.coding = 0;
	m->bearer.itc = 0;	/* speech */
	m->bearer.mode = 0;	/* circuit */
	m->bearer.rate = 0x10;	/* 64 kbit/s */
	m->bearer.has_l1 = true;
	m->bearer.l1 = 3;	/* G.711 A-law */
	set_chan(m, 1);
	set_number(m, Q931_I_CALLING_NUM, &m->calling, from);
	set_number(m, Q931_I_CALLED_NUM, &m->called, to);
}

static void open_gen(struct gen *g, const char *dir, const char *name, bool capturer_net)
{
	char path[1024];

	memset(g, 0, sizeof(*g));
	q931_codec_init(&g->codec);
	g->t_us = 1700000000000000ull;	/* 2023-11-14, a fixed origin keeps files stable */
	snprintf(path, sizeof(path), "%s/%s.pcap", dir, name);
	g->pcap = fopen(path, "wb");
	snprintf(path, sizeof(path), "%s/%s.expect", dir, name);
	g->expect = fopen(path, "w");
	if (!g->pcap || !g->expect)
		die("cannot open output files");
	if (pcap_writer_init(&g->pw, g->pcap, capturer_net))
		die("pcap_writer_init failed");
}

static void close_gen(struct gen *g)
{
	if (fclose(g->pcap) || fclose(g->expect))
		die("write error");
}

/* A call placed by the user side, answered, then dropped by the user with
 * cause 16 and binary UUI (0x00 octets included) in DISCONNECT. */
static void gen_call_uui(const char *dir)
{
	static const uint8_t drop_uui[] = { 0x00, 0xff, 0x10, 0x20, 0x00, 0x7e, 0x42 };
	static const char setup_uui[] = "order 4711";
	struct gen g;
	struct q931_msg m;
	const bool U = false, N = true;

	open_gen(&g, dir, "call-uui", false);
	u_frame(&g, U, LAPD_SABME, true, 0);
	u_frame(&g, N, LAPD_UA, false, 2);

	setup(&m, 1, "1234", "5678");
	set_uui(&m, 4, setup_uui, strlen(setup_uui));
	i_frame(&g, U, &m, 100);
	rr(&g, N, 3);

	q931_msg_init(&m, Q931_CALL_PROCEEDING, 1, true);
	set_chan(&m, 1);
	i_frame(&g, N, &m, 20);
	rr(&g, U, 2);

	q931_msg_init(&m, Q931_ALERTING, 1, true);
	i_frame(&g, N, &m, 300);
	rr(&g, U, 2);

	q931_msg_init(&m, Q931_CONNECT, 1, true);
	i_frame(&g, N, &m, 2500);
	q931_msg_init(&m, Q931_CONNECT_ACK, 1, false);
	i_frame(&g, U, &m, 5);
	rr(&g, N, 3);

	q931_msg_init(&m, Q931_DISCONNECT, 1, false);
	set_cause(&m, 0, 16);
	set_uui(&m, 0, drop_uui, sizeof(drop_uui));
	i_frame(&g, U, &m, 30000);
	rr(&g, N, 3);

	q931_msg_init(&m, Q931_RELEASE, 1, true);
	i_frame(&g, N, &m, 15);
	q931_msg_init(&m, Q931_RELEASE_COMPLETE, 1, false);
	i_frame(&g, U, &m, 4);
	rr(&g, N, 3);
	close_gen(&g);
}

/* An incoming call rejected by the user side: RELEASE COMPLETE with cause 21
 * and IA5 UUI; then a clear of a second call with two causes; captured at
 * the network side. */
static void gen_reject(const char *dir)
{
	static const char why[] = "busy in a meeting";
	struct gen g;
	struct q931_msg m;
	const bool U = false, N = true;

	open_gen(&g, dir, "reject", true);
	u_frame(&g, N, LAPD_SABME, true, 0);
	u_frame(&g, U, LAPD_UA, false, 1);

	setup(&m, 0x2a, "01711234567", "4930123");
	i_frame(&g, N, &m, 50);
	q931_msg_init(&m, Q931_RELEASE_COMPLETE, 0x2a, true);
	set_cause(&m, 0, 21);
	set_uui(&m, 4, why, strlen(why));
	i_frame(&g, U, &m, 40);
	rr(&g, N, 2);

	setup(&m, 0x2b, "01711234567", "4930124");
	m.chan.chans[0] = 2;
	i_frame(&g, N, &m, 1000);
	q931_msg_init(&m, Q931_RELEASE_COMPLETE, 0x2b, true);
	set_cause(&m, 0, 17);
	m.ncauses = 2;
	m.cause[1].location = 0;
	m.cause[1].value = 31;
	i_frame(&g, U, &m, 30);
	rr(&g, N, 2);
	close_gen(&g);
}

/* A hand-made frame; @expect, if not NULL, is its line for NAME.expect. */
static void raw(struct gen *g, bool by_net, const uint8_t *p, size_t len, const char *expect)
{
	g->t_us += 1000;
	if (pcap_write_frame(&g->pw, g->t_us, by_net, p, len))
		die("pcap_write_frame failed");
	g->frame_no++;
	if (expect)
		fprintf(g->expect, "%u %s\n", g->frame_no, expect);
}

/* Frames a decoder must report, not choke on: each malformed one differently. */
static void gen_errors(const char *dir)
{
	/* LAPD: one octet; address EA bits wrong; undefined control; UA with info */
	static const uint8_t short_frame[] = { 0x00 };
	static const uint8_t bad_ea[] = { 0x01, 0x01, 0x7f };
	static const uint8_t bad_ctl[] = { 0x00, 0x01, 0xff };
	static const uint8_t ua_info[] = { 0x02, 0x01, 0x73, 0x55 };
	/* Q.931 in I frames (user -> network, N(S)=0.., N(R)=0) */
	static const uint8_t bad_pd[] = { 0x00, 0x01, 0x00, 0x00, 0x09, 0x02, 0x00, 0x01, 0x05 };
	static const uint8_t unknown_msg[] = { 0x00, 0x01, 0x02, 0x00, 0x08, 0x02, 0x00, 0x01, 0x7a };
	static const uint8_t no_cause[] = { 0x00, 0x01, 0x04, 0x00, 0x08, 0x02, 0x00, 0x01, 0x45 };
	/* DISCONNECT whose user-user IE comes before the cause: out of sequence */
	static const uint8_t out_of_seq[] = { 0x00, 0x01, 0x06, 0x00, 0x08, 0x02, 0x00, 0x01, 0x45,
					      0x7e, 0x02, 0x04, 0x41, 0x08, 0x02, 0x80, 0x90 };
	/* RELEASE with an unknown comprehension-required IE 0x01, then a codeset-6
	 * IE after a locking shift */
	static const uint8_t unknown_ie[] = { 0x00, 0x01, 0x08, 0x00, 0x08, 0x02, 0x00, 0x01, 0x4d,
					      0x01, 0x01, 0xaa, 0x96, 0x20, 0x02, 0x12, 0x34 };
	/* cause IE whose length runs past the end */
	static const uint8_t trunc_ie[] = { 0x00, 0x01, 0x0a, 0x00, 0x08, 0x02, 0x00, 0x01, 0x45,
					    0x08, 0x05, 0x80, 0x90 };
	uint8_t big[9 + 2 + 1 + 129];
	char line[300];
	struct gen g;
	const bool U = false;

	open_gen(&g, dir, "errors", false);
	char uui_hex[2 * 129 + 1];

	raw(&g, U, short_frame, sizeof(short_frame), NULL);
	raw(&g, U, bad_ea, sizeof(bad_ea), NULL);
	raw(&g, U, bad_ctl, sizeof(bad_ctl), NULL);
	raw(&g, U, ua_info, sizeof(ua_info), NULL);
	raw(&g, U, bad_pd, sizeof(bad_pd), NULL);
	raw(&g, U, unknown_msg, sizeof(unknown_msg), "0x7a - - -");
	raw(&g, U, no_cause, sizeof(no_cause), "0x45 - - -");
	raw(&g, U, out_of_seq, sizeof(out_of_seq), "0x45 16 4 41");
	raw(&g, U, unknown_ie, sizeof(unknown_ie), "0x4d - - -");
	raw(&g, U, trunc_ie, sizeof(trunc_ie), NULL);
	/* RELEASE COMPLETE with 129 octets of user data: one more than allowed */
	memcpy(big, (const uint8_t[]){ 0x00, 0x01, 0x0c, 0x00, 0x08, 0x02, 0x00, 0x01, 0x5a }, 9);
	big[9] = 0x7e;
	big[10] = 130;
	big[11] = 0x00;
	for (unsigned i = 0; i < 129; i++) {
		big[12 + i] = (uint8_t)i;
		snprintf(uui_hex + 2 * i, 3, "%02x", i);
	}
	snprintf(line, sizeof(line), "0x5a - 0 %s", uui_hex);
	raw(&g, U, big, sizeof(big), line);
	close_gen(&g);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_golden OUTDIR\n");
		return 2;
	}
	gen_call_uui(argv[1]);
	gen_reject(argv[1]);
	gen_errors(argv[1]);
	return 0;
}
