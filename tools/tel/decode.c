// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel decode — LAPD/Q.931 traces (pcap, link type 177) or one Q.931 message
 * given as hex, as readable text or as JSON Lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "lapd/frame.h"
#include "libtel/tel.h"
#include "q931/q931.h"
#include "tel.h"
#include "trace/pcap.h"

struct decode_opts {
	bool json;
	double wait_s;		/* a FIFO: how long to wait for a writer */
	struct q931_codec codec;
};

/* ---------------------------------------------------------------- names --- */

static const char *location_name(unsigned loc)
{
	static const char *const names[16] = {
		[0] = "user",
		[1] = "private network serving the local user",
		[2] = "public network serving the local user",
		[3] = "transit network",
		[4] = "public network serving the remote user",
		[5] = "private network serving the remote user",
		[7] = "international network",
		[10] = "network beyond interworking point",
	};

	return loc < 16 && names[loc] ? names[loc] : "reserved";
}

static const char *uui_pd_name(unsigned pd)
{
	switch (pd) {
	case 0x00: return "user-specific";
	case 0x01: return "OSI high layer";
	case 0x02: return "X.244";
	case 0x04: return "IA5 characters";
	case 0x05: return "X.208/X.209";
	case 0x07: return "V.120";
	case 0x08: return "Q.931";
	default: return "other";
	}
}

static void msg_name(uint8_t type, char *buf, size_t len)
{
	const char *n = q931_msg_name(type);

	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "UNKNOWN(0x%02x)", type);
}

/* The B-channel a channel identification names, or -1 if none / several. */
static int chanid_bchan(const struct q931_chanid *c)
{
	if (!c->has_chans)
		return -1;
	if (!c->map)
		return c->nchans == 1 ? c->chans[0] : -1;
	if (c->slotmap && !(c->slotmap & (c->slotmap - 1)))
		return __builtin_ctz(c->slotmap) + 1;
	return -1;
}

static void err_text(const struct q931_error *e, char *buf, size_t len)
{
	const char *ie = e->ie ? q931_ie_name(e->ie) : NULL;

	if (!e->ie && e->kind != Q931_ERR_UNKNOWN_IE)
		snprintf(buf, len, "%s", q931_err_name(e->kind));
	else if (e->codeset)
		snprintf(buf, len, "%s: codeset %u IE 0x%02x", q931_err_name(e->kind), e->codeset,
			 e->ie);
	else
		snprintf(buf, len, "%s: %s%s0x%02x%s%s", q931_err_name(e->kind), ie ? ie : "IE ",
			 ie ? " (" : "", e->ie, ie ? ")" : "", e->mandatory ? ", mandatory" : "");
}

/* ------------------------------------------------------------ text form --- */

static void print_hex(FILE *f, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%s%02x", i ? " " : "", p[i]);
}

/* An IE shown as it came: as text (keypad) or as hex octets. */
static void print_opaque(FILE *f, const char *what, const struct q931_bytes *b, bool text)
{
	fprintf(f, "    %s: ", what);
	if (text) {
		print_text_bytes(f, b->p, b->len);
	} else {
		fprintf(f, "%u octets: ", b->len);
		print_hex(f, b->p, b->len);
	}
	fputc('\n', f);
}

static void print_number(FILE *f, const char *what, const struct q931_number *n)
{
	fprintf(f, "    %s: ", what);
	print_text_bytes(f, n->digits, n->len);
	fprintf(f, " type %u plan %u", n->type, n->plan);
	if (n->has_pres)
		fprintf(f, " presentation %u screening %u", n->pres, n->screen);
	if (n->has_reason)
		fprintf(f, " reason %u", n->reason);
	fputc('\n', f);
}

static void print_chanid(FILE *f, const struct q931_chanid *c)
{
	fprintf(f, "    Channel identification: %s, %s", c->pri ? "PRI" : "BRI",
		c->exclusive ? "exclusive" : "preferred");
	if (c->dchan)
		fputs(", D-channel", f);
	if (c->has_int_id)
		fprintf(f, ", interface %u", c->int_id);
	if (c->has_chans && !c->map) {
		fputs(c->nchans > 1 ? ", channels" : ", channel", f);
		for (unsigned i = 0; i < c->nchans; i++)
			fprintf(f, " %u", c->chans[i]);
	} else if (c->has_chans) {
		fprintf(f, ", slot map 0x%0*x", c->map_octets * 2, c->slotmap);
	} else {
		fprintf(f, ", selection %u%s", c->sel, c->sel == 3 ? " (any)" : "");
	}
	fputc('\n', f);
}

static void print_q931_text(FILE *f, const struct q931_msg *m)
{
	char e[96];

	for (unsigned i = 0; i < m->ncauses; i++) {
		const struct q931_cause *c = &m->cause[i];
		const char *cn = q931_cause_name(c->value);

		fprintf(f, "    Cause: %u (%s), location %u (%s)", c->value, cn ? cn : "unknown",
			c->location, location_name(c->location));
		if (c->diag_len) {
			fputs(", diagnostics ", f);
			print_hex(f, c->diag, c->diag_len);
		}
		fputc('\n', f);
	}
	if (Q931_HAS(m, Q931_I_BEARER_CAP))
		fprintf(f, "    Bearer capability: itc %u, mode %u, rate 0x%02x%s%s\n",
			m->bearer.itc, m->bearer.mode, m->bearer.rate,
			m->bearer.has_l1 ? (m->bearer.l1 == 3 ? ", A-law" :
					    m->bearer.l1 == 2 ? ", mu-law" : ", layer 1 other") : "",
			m->bearer.itc == 0 ? " (speech)" :
			m->bearer.itc == 16 ? " (3.1 kHz audio)" :
			m->bearer.itc == 8 ? " (unrestricted digital)" : "");
	if (Q931_HAS(m, Q931_I_CHANNEL_ID))
		print_chanid(f, &m->chan);
	if (Q931_HAS(m, Q931_I_CALL_STATE))
		fprintf(f, "    Call state: %u\n", m->call_state);
	for (unsigned i = 0; i < m->nprogress; i++)
		fprintf(f, "    Progress indicator: description %u, location %u\n",
			m->progress[i].desc, m->progress[i].location);
	if (Q931_HAS(m, Q931_I_NOTIFY))
		fprintf(f, "    Notification indicator: %u\n", m->notify.desc);
	if (Q931_HAS(m, Q931_I_DISPLAY)) {
		fputs("    Display: ", f);
		if (m->display.has_type)	/* NI-2: 0xb1 calling party name */
			fprintf(f, "type 0x%02x ", m->display.type);
		print_text_bytes(f, m->display.text.p, m->display.text.len);
		fputc('\n', f);
	}
	if (Q931_HAS(m, Q931_I_KEYPAD))
		print_opaque(f, "Keypad", &m->keypad, true);
	if (Q931_HAS(m, Q931_I_SIGNAL))
		fprintf(f, "    Signal: %u\n", m->signal);
	if (Q931_HAS(m, Q931_I_CONNECTED_NUM))
		print_number(f, "Connected number", &m->connected);
	if (Q931_HAS(m, Q931_I_CALLING_NUM))
		print_number(f, "Calling party number", &m->calling);
	if (Q931_HAS(m, Q931_I_CALLED_NUM))
		print_number(f, "Called party number", &m->called);
	if (Q931_HAS(m, Q931_I_REDIRECTING_NUM))
		print_number(f, "Redirecting number", &m->redirecting);
	if (Q931_HAS(m, Q931_I_RESTART_IND))
		fprintf(f, "    Restart indicator: class %u\n", m->restart_class);
	if (Q931_HAS(m, Q931_I_FACILITY))
		print_opaque(f, "Facility", &m->facility, false);
	if (Q931_HAS(m, Q931_I_LLC))
		print_opaque(f, "Low layer compatibility", &m->llc, false);
	if (Q931_HAS(m, Q931_I_HLC))
		print_opaque(f, "High layer compatibility", &m->hlc, false);
	if (Q931_HAS(m, Q931_I_USER_USER)) {
		fprintf(f, "    User-user: pd %u (%s), %u octets: ", m->uui.pd, uui_pd_name(m->uui.pd),
			m->uui.len);
		if (m->uui.pd == 4)
			print_text_bytes(f, m->uui.data, m->uui.len);
		else
			print_hex(f, m->uui.data, m->uui.len);
		fputc('\n', f);
	}
	if (m->sending_complete)
		fputs("    Sending complete\n", f);
	for (unsigned i = 0; i < m->nraw; i++) {
		const struct q931_raw_ie *r = &m->raw[i];

		fprintf(f, "    IE 0x%02x codeset %u%s: ", r->id, r->codeset,
			r->comprehension_required ? " (comprehension required)" : "");
		print_hex(f, r->body.p, r->body.len);
		fputc('\n', f);
	}
	for (unsigned i = 0; i < m->nerr; i++) {
		err_text(&m->err[i], e, sizeof(e));
		fprintf(f, "    ! %s\n", e);
	}
	if (m->err_overflow)
		fputs("    ! more errors not listed\n", f);
}

/* ------------------------------------------------------------ JSON form --- */

static void json_q931(struct jw *w, const struct q931_msg *m, int rc)
{
	char name[32], e[96];
	int bchan;

	jw_obj(w, "q931");
	if (rc == 0) {
		jw_int(w, "pd", m->pd);
		jw_int(w, "cref", m->cref);
		jw_int(w, "cref_flag", m->cref_flag);
		msg_name(m->type, name, sizeof(name));
		jw_cstr(w, "msg", name);
		if (m->ncauses) {
			const struct q931_cause *c = &m->cause[0];

			jw_obj(w, "cause");
			jw_int(w, "location", c->location);
			jw_int(w, "value", c->value);
			jw_hex(w, "diag", c->diag, c->diag_len);
			jw_end_obj(w);
		}
		if (m->ncauses > 1) {
			jw_arr(w, "causes");
			for (unsigned i = 0; i < m->ncauses; i++) {
				jw_obj(w, NULL);
				jw_int(w, "location", m->cause[i].location);
				jw_int(w, "value", m->cause[i].value);
				jw_hex(w, "diag", m->cause[i].diag, m->cause[i].diag_len);
				jw_end_obj(w);
			}
			jw_end_arr(w);
		}
		if (Q931_HAS(m, Q931_I_USER_USER)) {
			jw_obj(w, "uui");
			jw_int(w, "pd", m->uui.pd);
			jw_hex(w, "hex", m->uui.data, m->uui.len);
			jw_end_obj(w);
		}
		if (Q931_HAS(m, Q931_I_CHANNEL_ID)) {
			bchan = chanid_bchan(&m->chan);
			if (bchan >= 0)
				jw_int(w, "chan", bchan);
			jw_bool(w, "exclusive", m->chan.exclusive);
		}
		if (Q931_HAS(m, Q931_I_CALLED_NUM))
			jw_str(w, "called", m->called.digits, m->called.len);
		if (Q931_HAS(m, Q931_I_CALLING_NUM))
			jw_str(w, "calling", m->calling.digits, m->calling.len);
		if (Q931_HAS(m, Q931_I_CONNECTED_NUM))
			jw_str(w, "connected", m->connected.digits, m->connected.len);
		if (Q931_HAS(m, Q931_I_CALL_STATE))
			jw_int(w, "call_state", m->call_state);
		if (Q931_HAS(m, Q931_I_RESTART_IND))
			jw_int(w, "restart_class", m->restart_class);
		if (m->nprogress)
			jw_int(w, "progress", m->progress[0].desc);
		if (Q931_HAS(m, Q931_I_DISPLAY)) {
			jw_str(w, "display", m->display.text.p, m->display.text.len);
			if (m->display.has_type)
				jw_int(w, "display_type", m->display.type);
		}
	}
	if (m->nerr) {
		jw_arr(w, "errors");
		for (unsigned i = 0; i < m->nerr; i++) {
			err_text(&m->err[i], e, sizeof(e));
			jw_cstr(w, NULL, e);
		}
		if (m->err_overflow)
			jw_cstr(w, NULL, "more errors not listed");
		jw_end_arr(w);
	}
	jw_end_obj(w);
}

/* ----------------------------------------------------------- one frame --- */

static bool is_q931(const struct lapd_frame *lf)
{
	return lf->sapi == LAPD_SAPI_CC && (lf->type == LAPD_I || lf->type == LAPD_UI) &&
	       lf->info_len > 0;
}

static void decode_frame(const struct decode_opts *o, unsigned no, const struct pcap_rec *rec)
{
	struct lapd_frame lf;
	enum lapd_err le = lapd_frame_decode(rec->frame, rec->len, &lf);
	struct q931_msg m;
	bool by_net = rec->sent_by_network;
	bool has_q931 = false;
	int qrc = 0;
	double ts = (double)rec->ts_us / 1e6;

	if ((le == LAPD_OK || le == LAPD_ERR_TOO_LONG) && is_q931(&lf)) {
		has_q931 = true;
		qrc = q931_decode(&o->codec, by_net ? Q931_NET_TO_USER : Q931_USER_TO_NET,
				  lf.info, lf.info_len, &m);
	}

	if (o->json) {
		struct jw w;

		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_double(&w, "ts", ts, 6);
		jw_cstr(&w, "dir", by_net ? "net" : "user");
		jw_int(&w, "len", (long long)rec->len);
		if (le == LAPD_OK || le == LAPD_ERR_TOO_LONG || le == LAPD_ERR_INFO_NOT_ALLOWED ||
		    le == LAPD_ERR_LENGTH || le == LAPD_ERR_CONTROL) {
			jw_int(&w, "sapi", lf.sapi);
			jw_int(&w, "tei", lf.tei);
			jw_int(&w, "cr", lf.cr);
		}
		if (le == LAPD_OK || le == LAPD_ERR_TOO_LONG) {
			jw_cstr(&w, "frame", lapd_ftype_name(lf.type));
			if (lf.type == LAPD_I)
				jw_int(&w, "ns", lf.ns);
			if (lf.type <= LAPD_REJ)
				jw_int(&w, "nr", lf.nr);
			jw_int(&w, "pf", lf.pf);
			jw_cstr(&w, "cmd", lapd_is_command(&lf, by_net) ? "command" : "response");
		}
		if (le != LAPD_OK) {
			jw_arr(&w, "errors");
			jw_cstr(&w, NULL, lapd_strerror(le));
			jw_end_arr(&w);
		}
		if (has_q931)
			json_q931(&w, &m, qrc);
		else if ((le == LAPD_OK) && lf.info_len)
			jw_hex(&w, "info", lf.info, lf.info_len);
		jw_end_obj(&w);
		jw_line_end(&w);
		return;
	}

	printf("#%u %.6f %s ", no, ts, by_net ? "net->user" : "user->net");
	if (le != LAPD_OK && le != LAPD_ERR_TOO_LONG) {
		printf("malformed LAPD frame (%s): ", lapd_strerror(le));
		print_hex(stdout, rec->frame, rec->len);
		putchar('\n');
		return;
	}
	printf("SAPI %u TEI %u %s %s", lf.sapi, lf.tei,
	       lapd_is_command(&lf, by_net) ? "cmd" : "rsp", lapd_ftype_name(lf.type));
	if (lf.type == LAPD_I)
		printf(" N(S)=%u N(R)=%u P=%u", lf.ns, lf.nr, lf.pf);
	else if (lf.type <= LAPD_REJ)
		printf(" N(R)=%u %s=%u", lf.nr, lapd_is_command(&lf, by_net) ? "P" : "F", lf.pf);
	else
		printf(" %s=%u", lapd_is_command(&lf, by_net) ? "P" : "F", lf.pf);
	if (le == LAPD_ERR_TOO_LONG)
		printf(" (! %s)", lapd_strerror(le));
	if (!has_q931) {
		if (lf.info_len) {
			printf(" info ");
			print_hex(stdout, lf.info, lf.info_len);
		}
		putchar('\n');
		return;
	}
	if (qrc) {
		char e[96];

		err_text(&m.err[0], e, sizeof(e));
		printf(" malformed Q.931 (%s): ", e);
		print_hex(stdout, lf.info, lf.info_len);
		putchar('\n');
		return;
	}
	{
		char name[32];

		msg_name(m.type, name, sizeof(name));
		printf(" %s cref %u%s\n", name, m.cref,
		       m.cref_len == 0 ? " (dummy)" : m.cref_flag ? " to originator" :
		       " from originator");
	}
	print_q931_text(stdout, &m);
}

/* --------------------------------------------------------------- inputs --- */

/*
 * A pcap read as a stream, record by record: a pipe, a FIFO or a file of any
 * size costs one record of memory, and a bad record is reported as soon as it
 * is read. The library's reader checks the global header and decodes each
 * record, handed over one at a time (buf: global header, record header, data).
 */
#define GHDR_LEN	24
#define RHDR_LEN	16
#define MAX_CAPLEN	262144u	/* as the library's reader: the most libpcap and Wireshark take */

struct pcap_stream {
	int fd;
	const char *name;
	unsigned long long off;	/* file offset of the next record */
	struct pcap_reader r;
	uint8_t *buf;		/* GHDR_LEN + RHDR_LEN + MAX_CAPLEN */
};

/* Read up to @n octets (fewer only at end of file). -1 with errno on error. */
static ssize_t read_full(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, p + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static uint32_t rd32(const struct pcap_reader *r, const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		     (uint32_t)p[3] << 24;

	return r->swapped ? __builtin_bswap32(v) : v;
}

/*
 * A FIFO opened without blocking: wait up to @wait_s for a writer. Data that
 * arrives meanwhile is kept in @hdr (at most GHDR_LEN octets, count in @got).
 * Returns 0 (a writer is there, or came and went: read on, blocking), or -1
 * after a message.
 */
static int fifo_wait(int fd, const char *name, double wait_s, uint8_t *hdr, size_t *got)
{
	struct timespec ts;
	double deadline;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + wait_s;
	*got = 0;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n = read(fd, hdr, GHDR_LEN);
		double t;
		int left_ms;

		if (n > 0) {
			*got = (size_t)n;
			return 0;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;	/* a writer has it open: wait for its data */
		if (n < 0 && errno != EINTR) {
			tel_err("%s: cannot read: %s", name, strerror(errno));
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		if (t >= deadline) {
			tel_err("%s: a FIFO with no writer (waited %g s for one); start the writer "
				"first, or give --wait SECONDS", name, wait_s);
			return -1;
		}
		/* POLLHUP: a writer came and went without writing: an empty stream */
		left_ms = (int)((deadline - t) * 1000) + 1;
		if (poll(&p, 1, left_ms < 100 ? left_ms : 100) > 0 && (p.revents & POLLHUP) &&
		    !(p.revents & POLLIN))
			return 0;
	}
}

/* Open @path ("-": standard input). 0, or -1 after a message. */
static int stream_open(struct pcap_stream *s, const char *path, double wait_s, uint8_t *hdr,
		       size_t *got)
{
	struct stat st;
	int flags;

	*got = 0;
	s->name = path;
	if (!strcmp(path, "-")) {
		s->name = "stdin";
		s->fd = STDIN_FILENO;
		if (isatty(s->fd)) {
			tel_err("stdin: a terminal, not a pcap; pipe a trace in (tel decode - < x.pcap)");
			return -1;
		}
		return 0;
	}
	/* not blocking in open(): a FIFO without a writer must not hang us */
	s->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fd < 0) {
		tel_err("%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(s->fd, &st)) {
		tel_err("%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		tel_err("%s: cannot read: %s (give a pcap file)", path, strerror(EISDIR));
		return -1;
	}
	if (S_ISFIFO(st.st_mode) && fifo_wait(s->fd, path, wait_s, hdr, got))
		return -1;
	flags = fcntl(s->fd, F_GETFL);
	if (flags < 0 || fcntl(s->fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		tel_err("%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The next record: 1, 0 at a clean end, -1 after a message. */
static int stream_next(struct pcap_stream *s, struct pcap_rec *rec)
{
	uint8_t *h = s->buf + GHDR_LEN;
	unsigned n = s->r.recno + 1;
	uint32_t caplen, maxcap;
	ssize_t got = read_full(s->fd, h, RHDR_LEN);

	if (got < 0) {
		tel_err("%s: record %u at offset %llu: cannot read: %s", s->name, n, s->off,
			strerror(errno));
		return -1;
	}
	if (got == 0)
		return 0;
	if (got < RHDR_LEN) {
		tel_err("%s: record %u at offset %llu: truncated record header: needs %d bytes, "
			"%zd left", s->name, n, s->off, RHDR_LEN, got);
		return -1;
	}
	caplen = rd32(&s->r, h + 8);
	/* A snaplen of 0 (seen in some writers) means no limit beyond ours. */
	maxcap = s->r.snaplen && s->r.snaplen < MAX_CAPLEN ? s->r.snaplen : MAX_CAPLEN;
	if (caplen > maxcap) {
		tel_err("%s: record %u at offset %llu: captured length %u exceeds the maximum %u",
			s->name, n, s->off, caplen, maxcap);
		return -1;
	}
	if (caplen < PCAP_LAPD_HDR_LEN) {
		tel_err("%s: record %u at offset %llu: captured length %u shorter than the %d-byte "
			"LAPD pseudo-header", s->name, n, s->off, caplen, PCAP_LAPD_HDR_LEN);
		return -1;
	}
	got = read_full(s->fd, h + RHDR_LEN, caplen);
	if (got < 0) {
		tel_err("%s: record %u at offset %llu: cannot read: %s", s->name, n, s->off,
			strerror(errno));
		return -1;
	}
	if ((size_t)got < caplen) {
		tel_err("%s: record %u at offset %llu: truncated: needs %u bytes, %zd left",
			s->name, n, s->off, caplen, got);
		return -1;
	}
	s->r.buf = s->buf;
	s->r.len = GHDR_LEN + RHDR_LEN + caplen;
	s->r.off = GHDR_LEN;
	s->r.recno = n - 1;
	if (pcap_read_next(&s->r, rec) != 1) {
		tel_err("%s: record %u at offset %llu: %s", s->name, n, s->off, s->r.err);
		return -1;
	}
	s->off += RHDR_LEN + caplen;
	return 1;
}

static int decode_pcap(const struct decode_opts *o, const char *path)
{
	struct pcap_stream s = { .fd = -1 };
	struct pcap_rec rec;
	size_t have = 0;
	ssize_t got;
	int rc = EXIT_USAGE;
	unsigned n = 0;

	s.buf = malloc(GHDR_LEN + RHDR_LEN + MAX_CAPLEN);
	if (!s.buf) {
		tel_err("%s: out of memory", path);
		return EXIT_FAIL;
	}
	if (stream_open(&s, path, o->wait_s, s.buf, &have))
		goto out;
	got = read_full(s.fd, s.buf + have, GHDR_LEN - have);
	if (got < 0) {
		tel_err("%s: cannot read: %s", s.name, strerror(errno));
		goto out;
	}
	have += (size_t)got;
	if (pcap_reader_init(&s.r, s.buf, have)) {
		tel_err("%s: %s", s.name, s.r.err);
		goto out;
	}
	s.off = GHDR_LEN;
	while ((rc = stream_next(&s, &rec)) == 1) {
		decode_frame(o, ++n, &rec);
		if (ferror(stdout))
			break;
	}
	rc = rc < 0 ? EXIT_USAGE : EXIT_OK;
out:
	fflush(stdout);
	if (s.fd > STDIN_FILENO)
		close(s.fd);
	free(s.buf);
	return rc;
}

static int decode_hex(const struct decode_opts *o, const char *hex, bool by_net)
{
	uint8_t buf[4096];
	char why[96];
	long n = parse_hex(hex, buf, sizeof(buf), why, sizeof(why));
	struct q931_msg m;
	int rc;

	if (n < 0) {
		tel_err("--hex: %s", why);
		return EXIT_USAGE;
	}
	rc = q931_decode(&o->codec, by_net ? Q931_NET_TO_USER : Q931_USER_TO_NET, buf, (size_t)n,
			 &m);
	if (o->json) {
		struct jw w;

		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_cstr(&w, "dir", by_net ? "net" : "user");
		jw_int(&w, "len", n);
		json_q931(&w, &m, rc);
		jw_end_obj(&w);
		jw_line_end(&w);
	} else if (rc) {
		char e[96];

		err_text(&m.err[0], e, sizeof(e));
		printf("%s malformed Q.931 (%s)\n", by_net ? "net->user" : "user->net", e);
	} else {
		char name[32];

		msg_name(m.type, name, sizeof(name));
		printf("%s %s cref %u%s\n", by_net ? "net->user" : "user->net", name, m.cref,
		       m.cref_len == 0 ? " (dummy)" : m.cref_flag ? " to originator" :
		       " from originator");
		print_q931_text(stdout, &m);
	}
	return EXIT_OK;
}

void decode_usage(FILE *f)
{
	fprintf(f,
		"usage: tel decode FILE.pcap|- [--json] [--uui-max N] [--wait SECONDS]\n"
		"       tel decode --hex \"08 02 00 01 05 ...\" [--dir user|net] [--json] [--uui-max N]\n"
		"       FILE may be a pipe or FIFO ('-': standard input); it is read record by\n"
		"       record. A FIFO with no writer is waited for --wait SECONDS (default 2).\n");
}

int cmd_decode(int argc, char **argv)
{
	static const char *const valued[] = { "--hex", "--dir", "--uui-max", "--wait" };
	struct decode_opts o = { .wait_s = 2 };
	const char *file = NULL, *hex = NULL;
	bool by_net = false, seen[5] = { false };

	q931_codec_init(&o.codec);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		int k;

		if (!strcmp(a, "--json")) {
			if (seen[4]) {
				tel_err("decode: --json given twice; give it once");
				return EXIT_USAGE;
			}
			seen[4] = true;
			o.json = true;
			continue;
		}
		for (k = 0; k < 4 && strcmp(a, valued[k]); k++)
			;
		if (k == 4) {
			if (a[0] == '-' && a[1]) {
				tel_err("decode: unknown option '%s'", a);
				decode_usage(stderr);
				return EXIT_USAGE;
			}
			if (file) {
				tel_err("decode: one file at a time ('%s' and '%s' given)", file, a);
				return EXIT_USAGE;
			}
			file = a;
			continue;
		}
		if (seen[k]) {
			tel_err("decode: %s given twice; give it once", a);
			return EXIT_USAGE;
		}
		seen[k] = true;
		if (i + 1 >= argc) {
			tel_err("decode: %s needs a value (it is the last argument)", a);
			decode_usage(stderr);
			return EXIT_USAGE;
		}
		v = argv[++i];
		if (k == 0) {
			hex = v;
		} else if (k == 1) {
			if (!strcmp(v, "net") || !strcmp(v, "network")) {
				by_net = true;
			} else if (!strcmp(v, "user")) {
				by_net = false;
			} else {
				tel_err("decode: --dir takes 'user' or 'net', not '%s'", v);
				return EXIT_USAGE;
			}
		} else if (k == 2) {
			char *end;
			unsigned long n = strtoul(v, &end, 10);

			if (*v < '0' || *v > '9' || *end || n > 254) {
				tel_err("decode: --uui-max takes 0..254 octets, not '%s'", v);
				return EXIT_USAGE;
			}
			o.codec.uui_max = (uint16_t)n;
		} else {
			char *end;
			double w = strtod(v, &end);

			if (*v < '0' || *v > '9' || *end || !(w >= 0 && w <= 86400)) {
				tel_err("decode: --wait takes seconds 0..86400 (e.g. 10 or 0.5), not '%s'", v);
				return EXIT_USAGE;
			}
			o.wait_s = w;
		}
	}
	if (!!file == !!hex) {
		tel_err("decode: give either a pcap file or --hex");
		decode_usage(stderr);
		return EXIT_USAGE;
	}
	return hex ? decode_hex(&o, hex, by_net) : decode_pcap(&o, file);
}
