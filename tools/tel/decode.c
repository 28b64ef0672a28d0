// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel decode — LAPD/Q.931 traces (pcap, link type 177) or one Q.931 message
 * given as hex, as readable text or as JSON Lines. Only libtel's public
 * headers: the decoding and printing are <libtel/decode.h>'s.
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

#include <libtel/decode.h>
#include <libtel/tel.h>

#include "opts.h"
#include "tel.h"

#define GHDR_LEN	24	/* a pcap's global header */

struct decode_opts {
	unsigned flags;		/* TEL_DECODE_JSON */
	double wait_s;		/* a FIFO: how long to wait for a writer */
	struct tel_decode_cfg cfg;
};

struct stream {
	int fd;
	const char *name;
};

/* --------------------------------------------------------------- inputs --- */

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
static int stream_open(struct stream *s, const char *path, double wait_s, uint8_t *hdr,
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

static int decode_pcap(const struct decode_opts *o, const char *path)
{
	struct stream s = { .fd = -1 };
	struct tel_pcap_rec rec;
	struct tel_decoded d;
	tel_pcap *r = NULL;
	uint8_t hdr[GHDR_LEN];
	char why[160];
	size_t have = 0;
	int rc = EXIT_USAGE;

	if (stream_open(&s, path, o->wait_s, hdr, &have))
		goto out;
	if (tel_pcap_open(s.fd, hdr, have, &r, why, sizeof(why))) {
		tel_err("%s: %s", s.name, why);
		rc = EXIT_USAGE;
		goto out;
	}
	while ((rc = tel_pcap_next(r, &rec)) == 1) {
		tel_decode_frame(&o->cfg, rec.sent_by_network ? TEL_SIDE_NETWORK : TEL_SIDE_USER,
				 rec.frame, rec.len, &d);
		if (tel_decode_print(stdout, &d, &rec, o->flags))
			break;
	}
	if (rc < 0)
		tel_err("%s: %s", s.name, tel_pcap_error(r));
	rc = rc < 0 ? EXIT_USAGE : EXIT_OK;
out:
	fflush(stdout);
	tel_pcap_close(r);
	if (s.fd > STDIN_FILENO)
		close(s.fd);
	return rc;
}

static int decode_hex(const struct decode_opts *o, const char *hex, bool by_net)
{
	uint8_t buf[4096];
	char why[96];
	long n = parse_hex(hex, buf, sizeof(buf), why, sizeof(why));
	struct tel_decoded d;

	if (n < 0) {
		tel_err("--hex: %s", why);
		return EXIT_USAGE;
	}
	tel_decode_q931(&o->cfg, by_net ? TEL_SIDE_NETWORK : TEL_SIDE_USER, buf, (size_t)n, &d);
	tel_decode_print(stdout, &d, NULL, o->flags);
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

enum { D_HEX, D_DIR, D_UUI_MAX, D_WAIT, D_JSON, D_COUNT };

static const struct opt_desc decode_opts_desc[D_COUNT] = {
	[D_HEX] = { "--hex", OPT_WORD, false, 1 },
	[D_DIR] = { "--dir", OPT_WORD, false, 1 },
	[D_UUI_MAX] = { "--uui-max", OPT_WORD, false, 1 },
	[D_WAIT] = { "--wait", OPT_WORD, false, 1 },
	[D_JSON] = { "--json", OPT_NONE, false, 1 },
};

/* Seconds as plain decimal digits, optionally with a fraction. */
static bool parse_wait(const char *v, double *out)
{
	char *end;
	double w = strtod(v, &end);

	if (*v < '0' || *v > '9' || *end || !(w >= 0 && w <= 86400))
		return false;
	*out = w;
	return true;
}

static int parse_decode_args(int argc, char **argv, struct decode_opts *o, const char **file,
			     const char **hex, bool *by_net)
{
	struct opts p = { .cmd = "decode", .desc = decode_opts_desc, .ndesc = D_COUNT,
			  .where = 1, .unknown_hint = "", .usage = decode_usage };
	char *v;
	int id;

	if (opts_init(&p, argc, argv))
		return -1;
	while ((id = opts_next(&p, &v)) != OPT_END) {
		switch (id) {
		case OPT_ERR:
			return -1;
		case OPT_ARG:
			if (*file) {
				tel_err("decode: one file at a time ('%s' and '%s' given)", *file, v);
				return -1;
			}
			*file = v;
			break;
		case D_JSON:
			o->flags |= TEL_DECODE_JSON;
			break;
		case D_HEX:
			*hex = v;
			break;
		case D_DIR:
			if (!strcmp(v, "net") || !strcmp(v, "network")) {
				*by_net = true;
			} else if (!strcmp(v, "user")) {
				*by_net = false;
			} else {
				tel_err("decode: --dir takes 'user' or 'net', not '%s'", v);
				return -1;
			}
			break;
		case D_UUI_MAX: {
			char *end;
			unsigned long n = strtoul(v, &end, 10);

			if (*v < '0' || *v > '9' || *end || n > 254) {
				tel_err("decode: --uui-max takes 0..254 octets, not '%s'", v);
				return -1;
			}
			o->cfg.uui_max = (uint32_t)n;
			break;
		}
		case D_WAIT:
			if (!parse_wait(v, &o->wait_s)) {
				tel_err("decode: --wait takes seconds 0..86400 (e.g. 10 or 0.5), not '%s'", v);
				return -1;
			}
			break;
		}
	}
	return 0;
}

int cmd_decode(int argc, char **argv)
{
	struct decode_opts o = { .wait_s = 2, .cfg = TEL_DECODE_CFG_DEFAULT };
	const char *file = NULL, *hex = NULL;
	bool by_net = false;

	if (parse_decode_args(argc, argv, &o, &file, &hex, &by_net))
		return EXIT_USAGE;
	if (!!file == !!hex) {
		tel_err("decode: give either a pcap file or --hex");
		decode_usage(stderr);
		return EXIT_USAGE;
	}
	return hex ? decode_hex(&o, hex, by_net) : decode_pcap(&o, file);
}
