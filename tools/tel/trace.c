// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel trace — a live D-channel trace: every LAPD/Q.931 frame of a span in
 * both directions as it happens, printed as `tel decode` prints it and
 * written as pcap (link type 177, LINKTYPE_LINUX_LAPD, with its direction)
 * to a file, a FIFO or standard output. Runs until SIGINT/SIGTERM, which
 * end it cleanly with the pcap complete (it is flushed after every frame).
 *
 * Sources: the D-channel tap of tel's DAHDI driver (debugfs
 * tel_core/<span>/dchan, records of <tel/tap.h>), found from a span number
 * (DAHDI_SPANSTAT) or a channel (DAHDI_GET_PARAMS); or --follow FILE: a
 * pcap a libtel application writes, read like tail -f.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <dahdi/user.h>
#include <libtel/decode.h>
#include <libtel/tel.h>

#include "../../kernel/include/tel/tap.h"
#include "opts.h"
#include "tel.h"

#define DEBUGFS		"/sys/kernel/debug"
#define DEBUGFS_MAGIC	0x64626720
#define DAHDI_CTL	"/dev/dahdi/ctl"
#define FOLLOW_POLL_MS	100

#define PCAP_MAGIC_US		0xa1b2c3d4u
#define PCAP_MAGIC_NS		0xa1b23c4du
#define PCAP_GHDR_LEN		24
#define PCAP_RHDR_LEN		16
#define PCAP_LAPD_HDR_LEN	16
#define PCAP_SNAPLEN		65535
#define PCAP_LINKTYPE_LAPD	177
#define LAPD_PKTTYPE_HOST	0	/* received by the capturing side */
#define LAPD_PKTTYPE_OUTGOING	4	/* sent by the capturing side */

struct trace {
	unsigned flags;			/* TEL_DECODE_JSON */
	bool show;			/* decode to stdout (not with --pcap -) */
	int side;			/* the span's side: -1 not known yet, 0 user, 1 network */
	bool side_fixed;		/* --side: never learned from the frames */
	struct tel_decode_cfg cfg;
	FILE *pcap;
	const char *pcap_name;
	bool pcap_stdout;
	uint32_t recno;
	unsigned long sent, received, lost, dropped;
};

static volatile sig_atomic_t stop_sig;

static void on_signal(int sig)
{
	stop_sig = sig;
}

/* ------------------------------------------------------------------ pcap --- */

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, (uint16_t)v);
	le16(p + 2, (uint16_t)(v >> 16));
}

static void be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* 0, or -1 after a message (EPIPE on standard output: -2, the reader left). */
static int pcap_flush(struct trace *t, size_t n, size_t want)
{
	if (n == want && fflush(t->pcap) == 0)
		return 0;
	if (errno == EPIPE)
		return -2;
	tel_err("trace: %s: cannot write: %s", t->pcap_name, strerror(errno));
	return -1;
}

static int pcap_header(struct trace *t)
{
	uint8_t h[PCAP_GHDR_LEN] = { 0 };

	le32(h, PCAP_MAGIC_US);
	le16(h + 4, 2);
	le16(h + 6, 4);
	le32(h + 16, PCAP_SNAPLEN);
	le32(h + 20, PCAP_LINKTYPE_LAPD);
	return pcap_flush(t, fwrite(h, 1, sizeof(h), t->pcap), sizeof(h));
}

/* A record as libtel writes it: the LAPD pseudo-header says who captured and which way. */
static int pcap_frame(struct trace *t, uint64_t ts_us, bool by_net, bool cap_net,
		      const uint8_t *p, size_t len)
{
	uint8_t h[PCAP_RHDR_LEN + PCAP_LAPD_HDR_LEN] = { 0 };
	uint32_t caplen = (uint32_t)(PCAP_LAPD_HDR_LEN + len);
	size_t n;

	le32(h, (uint32_t)(ts_us / 1000000));
	le32(h + 4, (uint32_t)(ts_us % 1000000));
	le32(h + 8, caplen);
	le32(h + 12, caplen);
	be16(h + 16, by_net == cap_net ? LAPD_PKTTYPE_OUTGOING : LAPD_PKTTYPE_HOST);
	be16(h + 18, 0x20FD);		/* ARPHRD_LAPD */
	be16(h + 20, 1);		/* halen */
	h[22] = cap_net;		/* addr[0]: the capturer is the network side */
	be16(h + 30, 0x0030);		/* ETH_P_LAPD */
	n = fwrite(h, 1, sizeof(h), t->pcap);
	if (n == sizeof(h) && len)
		n += fwrite(p, 1, len, t->pcap);
	return pcap_flush(t, n, sizeof(h) + len);
}

/* --------------------------------------------------------------- frames --- */

/*
 * Which side sent a frame, from its C/R bit when its type says command or
 * response (Q.921 §3.3.4: a command from the network has C/R 1, from the
 * user 0; responses the other way): 1 network, 0 user, -1 cannot tell
 * (S and XID frames, which are either).
 */
static int frame_sender(const uint8_t *p, size_t len)
{
	int cr, cmd;
	uint8_t c;

	if (len < 3 || (p[0] & 1) || !(p[1] & 1))
		return -1;
	cr = (p[0] >> 1) & 1;
	c = p[2];
	if (!(c & 1)) {
		cmd = 1;			/* I */
	} else if ((c & 3) == 1) {
		return -1;			/* RR, RNR, REJ */
	} else {
		switch (c & 0xef) {
		case 0x6f: case 0x43: case 0x03:	/* SABME, DISC, UI */
			cmd = 1;
			break;
		case 0x63: case 0x0f: case 0x87:	/* UA, DM, FRMR */
			cmd = 0;
			break;
		default:
			return -1;
		}
	}
	return cr == cmd;
}

/* 0, 1 to stop (the pcap's reader left), -1 after a write error. */
static int emit(struct trace *t, uint64_t ts_us, bool by_net, bool cap_net, const uint8_t *p,
		size_t len)
{
	struct tel_pcap_rec rec = { 0 };
	struct tel_decoded d;
	int rc;

	rec.recno = ++t->recno;
	rec.sent_by_network = by_net;
	rec.capturer_is_network = cap_net;
	rec.ts_us = ts_us;
	rec.frame = p;
	rec.len = rec.orig_len = (uint32_t)len;
	if (by_net == cap_net)
		t->sent++;
	else
		t->received++;
	if (t->pcap) {
		rc = pcap_frame(t, ts_us, by_net, cap_net, p, len);
		if (rc)
			return rc == -2 ? 1 : -1;
	}
	if (t->show) {
		tel_decode_frame(&t->cfg, by_net ? TEL_SIDE_NETWORK : TEL_SIDE_USER, p, len, &d);
		if (tel_decode_print(stdout, &d, &rec, t->flags) || fflush(stdout))
			return errno == EPIPE ? 1 : -1;
	}
	return 0;
}

static const char *lost_words(unsigned flags)
{
	if (flags & TEL_TAP_BADFCS)
		return "bad_fcs";
	if (flags & TEL_TAP_ABORT)
		return "abort";
	if (flags & TEL_TAP_OVERRUN)
		return "overrun";
	return "unknown";
}

/* One record of the tap; as emit(). */
static int tap_record(struct trace *t, const struct tel_tap_rec *r, const uint8_t *p)
{
	uint64_t ts_us = r->ts_ns / 1000;
	bool tx = r->dir == TEL_TAP_TX;
	bool by_net;
	int by;

	if (r->dropped) {
		t->dropped += r->dropped;
		tel_err("trace: %" PRIu32 " frames dropped by the tap before the next one "
			"(this reader was too slow; a terminal or pipe that keeps up loses none)",
			r->dropped);
	}
	if (!t->side_fixed && t->side < 0 && !r->flags) {
		by = frame_sender(p, r->len);
		if (by >= 0)
			t->side = tx ? by : !by;
	}
	/* the span's side: user until a frame says otherwise */
	by_net = tx ? t->side == 1 : t->side != 1;
	if (r->flags) {
		t->lost++;
		if (!t->show)
			return 0;
		if (t->flags & TEL_DECODE_JSON)
			printf("{\"ts\":%" PRIu64 ".%06" PRIu64 ",\"dir\":\"%s\",\"lost\":\"%s\"}\n",
			       ts_us / 1000000, ts_us % 1000000, by_net ? "net" : "user",
			       lost_words(r->flags));
		else
			printf("#- %" PRIu64 ".%06" PRIu64 " %s frame lost on the line: %s\n",
			       ts_us / 1000000, ts_us % 1000000, by_net ? "net->user" : "user->net",
			       lost_words(r->flags));
		return fflush(stdout) ? (errno == EPIPE ? 1 : -1) : 0;
	}
	return emit(t, ts_us, by_net, t->side == 1, p, r->len);
}

/*
 * Records from @fd (the tap, or a saved stream of its records) until the
 * end, a signal or a failure. Exit status.
 */
static int run_tap(struct trace *t, int fd, const char *name)
{
	static uint8_t buf[65536];
	size_t have = 0, off;
	sigset_t none;
	int rc;

	sigemptyset(&none);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (stop_sig)
			return EXIT_OK;
		if (ppoll(&pfd, 1, NULL, &none) < 0) {
			if (errno == EINTR)
				continue;
			tel_err("trace: %s: poll: %s", name, strerror(errno));
			return EXIT_FAIL;
		}
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0 && errno == EIO) {
			n = 0;	/* debugfs: the span's tap was removed */
		} else if (n < 0) {
			tel_err("trace: %s: cannot read: %s", name, strerror(errno));
			return EXIT_FAIL;
		}
		if (n == 0) {
			if (have)
				tel_err("trace: %s: ends inside a record (%zu octets left over)", name, have);
			return have ? EXIT_FAIL : EXIT_OK;
		}
		have += (size_t)n;
		for (off = 0; have - off >= sizeof(struct tel_tap_rec);) {
			struct tel_tap_rec r;

			memcpy(&r, buf + off, sizeof(r));
			if (r.len > TEL_TAP_FRAME_MAX || r.dir > TEL_TAP_TX) {
				tel_err("trace: %s: not a tap record at offset %zu (length %u, direction %u)",
					name, off, r.len, r.dir);
				return EXIT_FAIL;
			}
			if (have - off < sizeof(r) + r.len)
				break;
			rc = tap_record(t, &r, buf + off + sizeof(r));
			if (rc)
				return rc > 0 ? EXIT_OK : EXIT_FAIL;
			off += sizeof(r) + r.len;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
	}
}

/* ---------------------------------------------------------------- follow --- */

struct pcapin {
	bool swapped, nsec;
	uint32_t snaplen;
};

static uint32_t rd32(const struct pcapin *in, const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		     (uint32_t)p[3] << 24;

	return in->swapped ? __builtin_bswap32(v) : v;
}

/* The global header: 0, or -1 after a message. */
static int follow_header(struct pcapin *in, const uint8_t *h, const char *name)
{
	uint32_t magic = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 |
			 (uint32_t)h[3] << 24;
	uint32_t lt;

	in->swapped = magic == __builtin_bswap32(PCAP_MAGIC_US) ||
		      magic == __builtin_bswap32(PCAP_MAGIC_NS);
	if (in->swapped)
		magic = __builtin_bswap32(magic);
	if (magic != PCAP_MAGIC_US && magic != PCAP_MAGIC_NS) {
		tel_err("trace: %s: not a pcap file (magic %02x %02x %02x %02x)", name, h[0], h[1],
			h[2], h[3]);
		return -1;
	}
	in->nsec = magic == PCAP_MAGIC_NS;
	in->snaplen = rd32(in, h + 16);
	lt = rd32(in, h + 20) & 0xffff;
	if (lt != PCAP_LINKTYPE_LAPD) {
		tel_err("trace: %s: link type %" PRIu32 " (not LAPD; expected %d)", name, lt,
			PCAP_LINKTYPE_LAPD);
		return -1;
	}
	return 0;
}

static bool sleep_ms(int ms)
{
	sigset_t none;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = ms * 1000000L };

	sigemptyset(&none);
	ppoll(NULL, 0, &ts, &none);
	return !stop_sig;
}

/*
 * Follow the pcap at @path: every record in it, then each one appended,
 * until a signal. A file cut shorter (rewritten by a new run) is followed
 * from its start again.
 */
static int run_follow(struct trace *t, const char *path)
{
	static uint8_t buf[PCAP_RHDR_LEN + 262144];
	struct pcapin in = { 0 };
	bool header = false;
	size_t have = 0;
	off_t pos = 0;
	int fd, rc = EXIT_OK;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		tel_err("trace: %s: cannot read: %s%s", path, strerror(errno),
			errno == ENOENT ? " (start the libtel application with --pcap FILE first)" : "");
		return EXIT_FAIL;
	}
	while (!stop_sig) {
		size_t need = !header ? PCAP_GHDR_LEN : PCAP_RHDR_LEN;
		struct stat st;
		ssize_t n;

		if (header && have >= PCAP_RHDR_LEN) {
			uint32_t caplen = rd32(&in, buf + 8);
			uint32_t max = in.snaplen && in.snaplen < 262144 ? in.snaplen : 262144;

			if (caplen > max || caplen < PCAP_LAPD_HDR_LEN) {
				tel_err("trace: %s: record at offset %lld: captured length %" PRIu32
					" (not %u..%" PRIu32 ")", path,
					(long long)(pos - (off_t)have), caplen, PCAP_LAPD_HDR_LEN, max);
				rc = EXIT_FAIL;
				break;
			}
			need = PCAP_RHDR_LEN + caplen;
		}
		if (have >= need) {
			if (!header) {
				if (follow_header(&in, buf, path)) {
					rc = EXIT_FAIL;
					break;
				}
				header = true;
			} else {
				const uint8_t *ph = buf + PCAP_RHDR_LEN;
				uint32_t frac = rd32(&in, buf + 4);
				uint64_t ts = (uint64_t)rd32(&in, buf) * 1000000 +
					      (in.nsec ? frac / 1000 : frac);
				bool cap_net = ph[6] != 0;
				bool out = (ph[0] << 8 | ph[1]) == LAPD_PKTTYPE_OUTGOING;

				rc = emit(t, ts, out == cap_net, cap_net, ph + PCAP_LAPD_HDR_LEN,
					  need - PCAP_RHDR_LEN - PCAP_LAPD_HDR_LEN);
				if (rc) {
					rc = rc > 0 ? EXIT_OK : EXIT_FAIL;
					break;
				}
			}
			memmove(buf, buf + need, have - need);
			have -= need;
			continue;
		}
		n = read(fd, buf + have, need - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			tel_err("trace: %s: cannot read: %s", path, strerror(errno));
			rc = EXIT_FAIL;
			break;
		}
		if (n > 0) {
			have += (size_t)n;
			pos += n;
			continue;
		}
		/* at the end: wait for more, or notice the file was rewritten */
		if (fstat(fd, &st) == 0 && st.st_size < pos) {
			tel_err("trace: %s: cut to %lld octets: following it from its start again",
				path, (long long)st.st_size);
			lseek(fd, 0, SEEK_SET);
			pos = 0;
			have = 0;
			header = false;
			continue;
		}
		if (!sleep_ms(FOLLOW_POLL_MS))
			break;
	}
	close(fd);
	return rc;
}

/* ------------------------------------------------------------ find a tap --- */

/* The span's name (DAHDI_SPANSTAT): 0, or -1 after a message. */
static int span_name(int ctl, int spanno, char *name, size_t len)
{
	struct dahdi_spaninfo si;

	memset(&si, 0, sizeof(si));
	si.spanno = spanno;
	if (ioctl(ctl, DAHDI_SPANSTAT, &si) < 0) {
		if (errno == EINVAL || errno == ENXIO)
			tel_err("trace: span %d: no such span (dahdi_scan lists the spans)", spanno);
		else
			tel_err("trace: span %d: DAHDI_SPANSTAT: %s", spanno, strerror(errno));
		return -1;
	}
	snprintf(name, len, "%.*s", (int)sizeof(si.name), si.name);
	return 0;
}

/* The span of the DAHDI channel device @path (its minor is the channel number). */
static int chan_span(int ctl, const char *path)
{
	struct dahdi_params p;
	struct stat st;

	if (stat(path, &st) < 0) {
		tel_err("trace: %s: %s (give a channel such as /dev/dahdi/chan/001/016)", path,
			strerror(errno));
		return -1;
	}
	if (!S_ISCHR(st.st_mode)) {
		tel_err("trace: %s: not a DAHDI channel device (give one such as "
			"/dev/dahdi/chan/001/016)", path);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.channo = (int)minor(st.st_rdev);
	if (ioctl(ctl, DAHDI_GET_PARAMS, &p) < 0 || p.spanno <= 0) {
		tel_err("trace: %s: not a DAHDI channel on a span (DAHDI_GET_PARAMS: %s)", path,
			strerror(errno ? errno : ENXIO));
		return -1;
	}
	if (p.sigtype != DAHDI_SIG_HARDHDLC)
		tel_err("trace: %s: not a hardhdlc D-channel; tracing the D-channel of its span %d",
			path, p.spanno);
	return p.spanno;
}

/* Open the tap of span @spanno (or of @chan's span): an fd, or -1 after a message. */
static int open_tap(int spanno, const char *chan, char *path, size_t plen)
{
	char name[64], *c;
	struct statfs sf;
	int ctl, fd;

	ctl = open(DAHDI_CTL, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		tel_err("trace: %s: %s (is DAHDI loaded? modprobe dahdi)", DAHDI_CTL, strerror(errno));
		return -1;
	}
	if (chan)
		spanno = chan_span(ctl, chan);
	if (spanno < 0 || span_name(ctl, spanno, name, sizeof(name))) {
		close(ctl);
		return -1;
	}
	close(ctl);
	for (c = name; *c; c++)
		if (*c == '/')
			*c = '_';
	snprintf(path, plen, DEBUGFS "/tel_core/%s/dchan", name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0)
		return fd;
	if (errno == EACCES || errno == EPERM) {
		tel_err("trace: %s: %s (the tap is root's: run tel trace as root)", path,
			strerror(errno));
	} else if (statfs(DEBUGFS, &sf) < 0 || sf.f_type != DEBUGFS_MAGIC) {
		tel_err("trace: span %d: debugfs is not mounted, where tel's driver offers the "
			"D-channel tap (mount -t debugfs none " DEBUGFS ")", spanno);
	} else if (errno == ENOENT) {
		tel_err("trace: span %d (%s): its driver offers no D-channel tap (tel's driver "
			"does, on E1/T1 spans); follow the pcap a libtel application writes "
			"instead: tel trace --follow FILE (tel call|answer ... --pcap FILE)",
			spanno, name);
	} else {
		tel_err("trace: %s: %s", path, strerror(errno));
	}
	return -1;
}

/* ------------------------------------------------------------------ main --- */

void trace_usage(FILE *f)
{
	fprintf(f,
		"usage: tel trace --span N|--chan PATH [--pcap FILE|-] [--json] [--side user|network]\n"
		"       tel trace --follow FILE [--pcap FILE|-] [--json]\n"
		"       tel trace --tap FILE [--pcap FILE|-] [--json] [--side user|network]\n"
		"  Every LAPD/Q.931 frame of a D-channel in both directions as it happens,\n"
		"  decoded as tel decode prints it, until SIGINT or SIGTERM.\n"
		"  --span N         the D-channel of DAHDI span N, from the tap of tel's driver\n"
		"                   (debugfs tel_core/<span name, '/' as '_'>/dchan; root)\n"
		"  --chan PATH      the span of this DAHDI channel (e.g. /dev/dahdi/chan/001/016)\n"
		"  --follow FILE    a pcap a libtel application writes (tel call ... --pcap FILE):\n"
		"                   its frames from the start, then each appended one (drivers\n"
		"                   without a tap); a file cut shorter is followed from its start\n"
		"  --tap FILE       read tap records (<tel/tap.h>) from FILE: the debugfs file\n"
		"                   itself, or a saved stream of them\n"
		"  --pcap FILE|-    also write the frames as pcap (link type 177, LINKTYPE_LINUX_LAPD,\n"
		"                   direction in its pseudo-header) to FILE, a FIFO, or '-': standard\n"
		"                   output (then nothing else goes there:\n"
		"                   tel trace --span 1 --pcap - | wireshark -k -i -); flushed per frame\n"
		"  --json           JSON Lines: one object per frame with the fields of\n"
		"                   tel decode --json (ts, dir, len, sapi, tei, cr, frame, ns, nr,\n"
		"                   pf, cmd, q931 ...); a frame the card lost on the line is\n"
		"                   {\"ts\":S,\"dir\":\"user\"|\"net\",\"lost\":\"bad_fcs\"|\"abort\"|\"overrun\"}\n"
		"  --side user|network  the span's side (who sends which C/R); default: learned\n"
		"                   from the first command or response that tells, user until then\n"
		"  --uui-max N      user-user octets over which the decode flags the message\n"
		"  Frames the tap drops because tel trace read too slowly are counted on stderr.\n"
		"  Exit status: 0 ended by a signal or the end of the input, 1 a failure (no tap,\n"
		"  no such span, write error), 2 bad usage.\n");
}

enum { T_SPAN, T_CHAN, T_FOLLOW, T_TAP, T_PCAP, T_JSON, T_SIDE, T_UUI_MAX, T_COUNT };

static const struct opt_desc trace_opts_desc[T_COUNT] = {
	[T_SPAN] = { "--span", OPT_WORD, false, 1 },
	[T_CHAN] = { "--chan", OPT_WORD, false, 1 },
	[T_FOLLOW] = { "--follow", OPT_WORD, false, 1 },
	[T_TAP] = { "--tap", OPT_WORD, false, 1 },
	[T_PCAP] = { "--pcap", OPT_TEXT, false, 1 },
	[T_JSON] = { "--json", OPT_NONE, false, 1 },
	[T_SIDE] = { "--side", OPT_WORD, false, 1 },
	[T_UUI_MAX] = { "--uui-max", OPT_WORD, false, 1 },
};

struct trace_args {
	int span;
	const char *chan, *follow, *tap, *pcap;
	int nsrc;
};

static int parse_trace_args(int argc, char **argv, struct trace *t, struct trace_args *a)
{
	struct opts p = { .cmd = "trace", .desc = trace_opts_desc, .ndesc = T_COUNT,
			  .where = 1, .unknown_hint = "", .usage = trace_usage };
	unsigned long n;
	char *v, *end;
	int id;

	if (opts_init(&p, argc, argv))
		return -1;
	while ((id = opts_next(&p, &v)) != OPT_END) {
		switch (id) {
		case OPT_ERR:
			return -1;
		case OPT_ARG:
			tel_err("trace: unexpected argument '%s' (give --span N, --chan PATH or "
				"--follow FILE)", v);
			return -1;
		case T_SPAN:
			n = strtoul(v, &end, 10);
			if (*v < '0' || *v > '9' || *end || n < 1 || n > DAHDI_MAX_SPANS) {
				tel_err("trace: --span takes a DAHDI span number 1..%d, not '%s'",
					DAHDI_MAX_SPANS, v);
				return -1;
			}
			a->span = (int)n;
			a->nsrc++;
			break;
		case T_CHAN:
			a->chan = v;
			a->nsrc++;
			break;
		case T_FOLLOW:
			a->follow = v;
			a->nsrc++;
			break;
		case T_TAP:
			a->tap = v;
			a->nsrc++;
			break;
		case T_PCAP:
			a->pcap = v;
			break;
		case T_JSON:
			t->flags |= TEL_DECODE_JSON;
			break;
		case T_SIDE:
			if (!strcmp(v, "user")) {
				t->side = 0;
			} else if (!strcmp(v, "network") || !strcmp(v, "net")) {
				t->side = 1;
			} else {
				tel_err("trace: --side takes 'user' or 'network', not '%s'", v);
				return -1;
			}
			t->side_fixed = true;
			break;
		case T_UUI_MAX:
			n = strtoul(v, &end, 10);
			if (*v < '0' || *v > '9' || *end || n > 254) {
				tel_err("trace: --uui-max takes 0..254 octets, not '%s'", v);
				return -1;
			}
			t->cfg.uui_max = (uint32_t)n;
			break;
		}
	}
	if (a->nsrc != 1) {
		tel_err("trace: give one of --span N, --chan PATH, --follow FILE or --tap FILE");
		return -1;
	}
	if (a->follow && t->side_fixed) {
		tel_err("trace: --side does not go with --follow (the pcap says who sent each frame)");
		return -1;
	}
	if (a->pcap && !strcmp(a->pcap, "-") && (t->flags & TEL_DECODE_JSON)) {
		tel_err("trace: --json and --pcap - both want standard output; give --pcap FILE");
		return -1;
	}
	return 0;
}

static int open_pcap(struct trace *t, const char *path)
{
	int fd;

	t->pcap_name = path;
	if (!strcmp(path, "-")) {
		t->pcap_name = "stdout";
		t->pcap_stdout = true;
		t->show = false;
		t->pcap = stdout;
	} else {
		/* a FIFO: open() waits for its reader, as a writer of a FIFO does */
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 && errno == EINTR && stop_sig)
			return -1;	/* a signal while waiting for a FIFO's reader */
		if (fd < 0) {
			tel_err("trace: %s: cannot write: %s", path, strerror(errno));
			return -1;
		}
		t->pcap = fdopen(fd, "wb");
		if (!t->pcap) {
			tel_err("trace: %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	}
	return pcap_header(t) ? -1 : 0;
}

int cmd_trace(int argc, char **argv)
{
	struct trace t = { .show = true, .side = -1, .cfg = TEL_DECODE_CFG_DEFAULT };
	struct trace_args a = { 0 };
	char path[256];
	struct sigaction sa;
	sigset_t block;
	int fd = -1, rc;

	if (parse_trace_args(argc, argv, &t, &a))
		return EXIT_USAGE;
	/* SIGINT/SIGTERM only while waiting (ppoll): a frame is written whole */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (a.span || a.chan) {
		fd = open_tap(a.span, a.chan, path, sizeof(path));
		if (fd < 0)
			return EXIT_FAIL;
	} else if (a.tap) {
		snprintf(path, sizeof(path), "%s", a.tap);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0) {
			tel_err("trace: %s: cannot read: %s", path, strerror(errno));
			return EXIT_FAIL;
		}
	}
	if (a.pcap && open_pcap(&t, a.pcap)) {
		if (fd >= 0)
			close(fd);
		return stop_sig ? EXIT_OK : EXIT_FAIL;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	rc = a.follow ? run_follow(&t, a.follow) : run_tap(&t, fd, path);
	if (fd >= 0)
		close(fd);
	if (t.pcap && !t.pcap_stdout && fclose(t.pcap) && rc == EXIT_OK) {
		tel_err("trace: %s: cannot write: %s", t.pcap_name, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (t.lost || t.dropped)
		tel_err("trace: %lu frames (%lu sent, %lu received); %lu lost on the line, "
			"%lu dropped by the tap", t.sent + t.received, t.sent, t.received, t.lost,
			t.dropped);
	return rc;
}
