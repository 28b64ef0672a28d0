// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel sim — the simulated card's knobs (kernel/sim: telsim.ko) with checked
 * arguments and readable errors:
 *
 *   /sys/bus/telsim/{new_device,del_device,link,unlink}        (telsim.c)
 *   /sys/kernel/debug/telsim/ID/spanS/{los,ais,lof,ber,slips,dchan_cut_ms,
 *                                      bad_fcs,status}          (debugfs.c)
 *   /sys/kernel/debug/telsim/ID/clock_ppm                      (debugfs.c)
 *   /sys/kernel/debug/telsim/ID/portP/{phone,co}               (analog.c)
 *   /sys/bus/telsim/devices/telsimID/firmware_version          (fwload.c)
 *
 * Every argument is checked before anything is written (exit 2 naming the
 * argument and its range). A write the kernel refuses exits 1 with the
 * kernel's own line (telsim logs one for every refusal; read from
 * /dev/kmsg, past where it stood before the write) or what the errno means.
 * TEL_SIM_SYS and TEL_SIM_DEBUG replace the two roots (for tests).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "tel.h"

/* kernel/include/tel/card.h: TEL_MAX_SPANS, TEL_MAX_PORTS */
#define SIM_MAX_SPANS	8
#define SIM_MAX_PORTS	24
#define SIM_DIGITS_MAX	32	/* firmware/include/fw/analog_sim.h: FW_PHONE_DIGITS_MAX */

static const char *sys_root(void)
{
	const char *s = getenv("TEL_SIM_SYS");

	return s && *s ? s : "/sys/bus/telsim";
}

static const char *dbg_root(void)
{
	const char *s = getenv("TEL_SIM_DEBUG");

	return s && *s ? s : "/sys/kernel/debug/telsim";
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* ------------------------------------------------------------ arguments --- */

/* A whole decimal number in [lo, hi], else a message naming @what. */
static int parse_num(const char *what, const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	if (!*s || *end || errno || *v < lo || *v > hi) {
		tel_err("sim: %s '%s': want a whole number %lld..%lld", what, s, lo, hi);
		return -1;
	}
	return 0;
}

#define ID_MAX	4294967295LL	/* the kernel's %u */

static int parse_id(const char *s, unsigned int *id)
{
	long long v;

	if (parse_num("device ID", s, 0, ID_MAX, &v))
		return -1;
	*id = (unsigned int)v;
	return 0;
}

/* "ID:S" (@what: "span" or "port", or "span or port"); S from 1 */
static int parse_end(const char *s, const char *what, unsigned int *id, unsigned int *n)
{
	const char *colon = strchr(s, ':');
	char idpart[24];
	long long v;

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(idpart)) {
		tel_err("sim: '%s': want ID:%c (device ID, %s number from 1), e.g. 1:1", s,
			what[0] == 'p' ? 'P' : 'S', what);
		return -1;
	}
	memcpy(idpart, s, (size_t)(colon - s));
	idpart[colon - s] = '\0';
	if (parse_id(idpart, id))
		return -1;
	if (parse_num(what, colon + 1, 1, SIM_MAX_PORTS, &v))
		return -1;
	*n = (unsigned int)v;
	return 0;
}

/* --------------------------------------------------------------- kernel --- */

/* "telsim is not loaded" or "debugfs is not mounted", when that is why @path is missing. */
static int explain_missing_root(bool debugfs)
{
	char p[PATH_MAX];

	if (!is_dir(sys_root())) {
		tel_err("sim: the simulated card's driver is not loaded (no %s): modprobe telsim, "
			"or from the build tree: insmod build/modules/dahdi.ko auto_assign_spans=1; "
			"insmod build/modules/tel_core.ko; insmod build/modules/telsim.ko", sys_root());
		return -1;
	}
	if (debugfs && !is_dir(dbg_root())) {
		snprintf(p, sizeof(p), "%s", dbg_root());
		tel_err("sim: %s is not there: debugfs is not mounted (mount -t debugfs none "
			"/sys/kernel/debug) or not readable (run as root)", p);
		return -1;
	}
	return 0;
}

/* /dev/kmsg opened at its end (or -1): the kernel's lines from now on. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * The last telsim line the kernel logged since kmsg_open(), into @out
 * ("" if none); closes @fd.
 */
static void kmsg_last(int fd, char *out, size_t cap)
{
	char rec[1024];
	ssize_t n;

	out[0] = '\0';
	if (fd < 0)
		return;
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg, *nl, *t;

		if (n <= 0)
			continue;	/* EPIPE: records were overwritten; read on */
		rec[n] = '\0';
		msg = strchr(rec, ';');	/* "prio,seq,usec,flags;text\n" */
		if (!msg)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		t = strstr(msg, "telsim");
		if (t == msg)
			snprintf(out, cap, "%s", msg);
	}
	close(fd);
}

/*
 * Writes @text to @path. 0, or -1 after a message: @what names the action
 * ("link 1:1 2:1"), @hint is added for an errno the action knows better
 * (NULL: none).
 */
static int sim_write(const char *path, const char *text, const char *what,
		     const char *(*hint)(int err, void *ctx), void *ctx)
{
	char kline[512];
	size_t len = strlen(text);
	const char *h;
	int fd, kfd, err = 0;
	ssize_t n;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		tel_err("sim: %s: cannot open %s: %s%s", what, path, strerror(errno),
			errno == EACCES ? " (run as root)" : "");
		return -1;
	}
	kfd = kmsg_open();
	n = write(fd, text, len);
	if (n < 0)
		err = errno;
	close(fd);
	if (!err && (size_t)n == len) {
		if (kfd >= 0)
			close(kfd);
		return 0;
	}
	kmsg_last(kfd, kline, sizeof(kline));
	h = hint && err ? hint(err, ctx) : NULL;
	tel_err("sim: %s: %s%s%s%s", what, h ? h : err ? strerror(err) : "short write",
		kline[0] ? " (kernel: " : "", kline, kline[0] ? ")" : "");
	return -1;
}

/* A small text file's contents without the trailing newline. 0, or -1 (errno). */
static int read_text(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (got + 1 < cap && (n = read(fd, buf + got, cap - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	while (got && buf[got - 1] == '\n')
		buf[--got] = '\0';
	return 0;
}

/* ---------------------------------------------------------------- cards --- */

enum kind { K_NONE, K_E1, K_T1, K_FXS, K_FXO };
static const char *const kind_name[] = { "?", "E1", "T1", "FXS", "FXO" };

struct card {
	unsigned int id;
	enum kind kind;
	unsigned int count;	/* spans or ports seen in debugfs */
};

static bool dev_exists(unsigned int id)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/devices/telsim%u", sys_root(), id);
	return is_dir(p);
}

/* What debugfs shows of card @id: its kind and its spans or ports. -1: no such dir. */
static int card_read(unsigned int id, struct card *c)
{
	char p[PATH_MAX], buf[256];
	unsigned int i;

	c->id = id;
	c->kind = K_NONE;
	c->count = 0;
	for (i = 1; i <= SIM_MAX_PORTS; i++) {
		snprintf(p, sizeof(p), "%s/%u/span%u/status", dbg_root(), id, i);
		if (!read_text(p, buf, sizeof(buf))) {
			c->kind = !strncmp(buf, "kind T1", 7) ? K_T1 : K_E1;
			c->count = i;
			continue;
		}
		snprintf(p, sizeof(p), "%s/%u/port%u/phone", dbg_root(), id, i);
		if (!access(p, F_OK)) {
			c->kind = K_FXS;
			c->count = i;
			continue;
		}
		snprintf(p, sizeof(p), "%s/%u/port%u/co", dbg_root(), id, i);
		if (!access(p, F_OK)) {
			c->kind = K_FXO;
			c->count = i;
			continue;
		}
		break;
	}
	snprintf(p, sizeof(p), "%s/%u", dbg_root(), id);
	return is_dir(p) ? 0 : -1;
}

/*
 * Card @id with debugfs, and span or port @n of it of the kinds @want
 * (bit mask of 1 << kind; @use says what for). 0, or -1 after a message.
 */
static int card_need(unsigned int id, unsigned int n, unsigned int want, const char *use,
		     struct card *c)
{
	if (explain_missing_root(true))
		return -1;
	if (card_read(id, c)) {
		tel_err("sim: device %u does not exist (tel sim new %u e1 1)", id, id);
		return -1;
	}
	if (!(want & (1u << c->kind))) {
		tel_err("sim: device %u is an %s card: %s", id, kind_name[c->kind], use);
		return -1;
	}
	if (n && n > c->count) {
		tel_err("sim: device %u has %s 1..%u, not %u", id,
			c->kind == K_FXS || c->kind == K_FXO ? "ports" : "spans", c->count, n);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- commands --- */

static const char *new_hint(int err, void *ctx)
{
	static char h[160];
	unsigned int id = *(unsigned int *)ctx;

	if (err == EBUSY || err == EEXIST) {
		snprintf(h, sizeof(h), "device %u exists already (tel sim del %u first)", id, id);
		return h;
	}
	if (err == ENOENT || err == ENOEXEC)
		return "the card's firmware could not be loaded (make modules builds "
		       "build/modules/firmware/tel/telcard.fw; boot with firmware_class.path="
		       "<tree>/build/modules/firmware or install it as /lib/firmware/tel/telcard.fw)";
	return NULL;
}

static int sim_new(int argc, char **argv)
{
	static const struct { const char *name; unsigned int max; } types[] = {
		{ "e1", SIM_MAX_SPANS }, { "t1", SIM_MAX_SPANS },
		{ "fxs", SIM_MAX_PORTS }, { "fxo", SIM_MAX_PORTS },
	};
	char p[PATH_MAX], text[64], what[64];
	unsigned int id, t;
	long long n;

	if (argc != 4) {
		tel_err("sim new: want ID e1|t1|fxs|fxo N (e.g. tel sim new 1 e1 1)");
		return EXIT_USAGE;
	}
	if (parse_id(argv[1], &id))
		return EXIT_USAGE;
	for (t = 0; t < 4; t++)
		if (!strcmp(argv[2], types[t].name))
			break;
	if (t == 4) {
		tel_err("sim new: TYPE '%s': want e1, t1, fxs or fxo", argv[2]);
		return EXIT_USAGE;
	}
	snprintf(what, sizeof(what), "N (%s for a %s card)", t < 2 ? "spans" : "ports",
		 types[t].name);
	if (parse_num(what, argv[3], 1, types[t].max, &n))
		return EXIT_USAGE;
	if (explain_missing_root(false))
		return EXIT_FAIL;
	if (dev_exists(id)) {
		tel_err("sim new: device %u exists already (tel sim del %u first)", id, id);
		return EXIT_FAIL;
	}
	snprintf(p, sizeof(p), "%s/new_device", sys_root());
	snprintf(text, sizeof(text), "%u %s %lld\n", id, types[t].name, n);
	snprintf(what, sizeof(what), "new %u %s %lld", id, types[t].name, n);
	return sim_write(p, text, what, new_hint, &id) ? EXIT_FAIL : EXIT_OK;
}

static const char *del_hint(int err, void *ctx)
{
	static char h[96];
	unsigned int id = *(unsigned int *)ctx;

	if (err != ENOENT)
		return NULL;
	snprintf(h, sizeof(h), "device %u does not exist (tel sim new %u e1 1)", id, id);
	return h;
}

static int sim_del(int argc, char **argv)
{
	char p[PATH_MAX], text[32], what[32];
	unsigned int id;

	if (argc != 2) {
		tel_err("sim del: want ID (e.g. tel sim del 1)");
		return EXIT_USAGE;
	}
	if (parse_id(argv[1], &id))
		return EXIT_USAGE;
	if (explain_missing_root(false))
		return EXIT_FAIL;
	if (!dev_exists(id)) {
		tel_err("sim del: device %u does not exist (tel sim status lists them)", id);
		return EXIT_FAIL;
	}
	snprintf(p, sizeof(p), "%s/del_device", sys_root());
	snprintf(text, sizeof(text), "%u\n", id);
	snprintf(what, sizeof(what), "del %u", id);
	return sim_write(p, text, what, del_hint, &id) ? EXIT_FAIL : EXIT_OK;
}

static const char *link_hint(int err, void *ctx)
{
	(void)ctx;
	if (err == EBUSY)
		return "an end is linked already (tel sim unlink ID:S first)";
	if (err == ENOENT)
		return "no such device, span or port (tel sim status lists them)";
	if (err == EINVAL)
		return "these ends cannot be linked (a cable joins two E1 or two T1 spans, "
		       "or an FXS port to an FXO port)";
	return NULL;
}

static int sim_link(int argc, char **argv)
{
	unsigned int ia, na, ib, nb;
	char p[PATH_MAX], text[64], what[80];

	if (argc != 3) {
		tel_err("sim link: want ID:S ID:S (two spans, or an FXS port and an FXO port; "
			"e.g. tel sim link 1:1 2:1)");
		return EXIT_USAGE;
	}
	if (parse_end(argv[1], "span or port", &ia, &na) ||
	    parse_end(argv[2], "span or port", &ib, &nb))
		return EXIT_USAGE;
	if (ia == ib && na == nb) {
		tel_err("sim link: %s to itself: a span loops back with tel maint or dahdi_maint "
			"-l, not a cable", argv[1]);
		return EXIT_USAGE;
	}
	if (explain_missing_root(false))
		return EXIT_FAIL;
	if (!dev_exists(ia) || !dev_exists(ib)) {
		unsigned int id = dev_exists(ia) ? ib : ia;

		tel_err("sim link: device %u does not exist (tel sim new %u e1 1)", id, id);
		return EXIT_FAIL;
	}
	snprintf(p, sizeof(p), "%s/link", sys_root());
	snprintf(text, sizeof(text), "%u:%u %u:%u\n", ia, na, ib, nb);
	snprintf(what, sizeof(what), "link %u:%u %u:%u", ia, na, ib, nb);
	return sim_write(p, text, what, link_hint, NULL) ? EXIT_FAIL : EXIT_OK;
}

static const char *unlink_hint(int err, void *ctx)
{
	(void)ctx;
	return err == ENOENT ? "not linked, or no such device, span or port (tel sim status)" :
	       NULL;
}

static int sim_unlink(int argc, char **argv)
{
	char p[PATH_MAX], text[32], what[48];
	unsigned int id, n;

	if (argc != 2) {
		tel_err("sim unlink: want ID:S (either end of the cable; e.g. tel sim unlink 1:1)");
		return EXIT_USAGE;
	}
	if (parse_end(argv[1], "span or port", &id, &n))
		return EXIT_USAGE;
	if (explain_missing_root(false))
		return EXIT_FAIL;
	if (!dev_exists(id)) {
		tel_err("sim unlink: device %u does not exist (tel sim status lists them)", id);
		return EXIT_FAIL;
	}
	snprintf(p, sizeof(p), "%s/unlink", sys_root());
	snprintf(text, sizeof(text), "%u:%u\n", id, n);
	snprintf(what, sizeof(what), "unlink %u:%u", id, n);
	return sim_write(p, text, what, unlink_hint, NULL) ? EXIT_FAIL : EXIT_OK;
}

/* The fault knobs of a span (kernel/sim/debugfs.c) and their ranges. */
static const struct knob {
	const char *name;
	long long lo, hi;
	const char *unit;
} knobs[] = {
	{ "los", 0, 1, "1 on, 0 off" },
	{ "ais", 0, 1, "1 on, 0 off" },
	{ "lof", 0, 1, "1 on, 0 off" },
	{ "ber", 0, 1000000, "bit errors per million bits" },
	{ "slips", -1000, 1000, "frames slipped now: N repeated, -N deleted" },
	{ "dchan_cut_ms", 0, 3600000, "the D-channel silent for N ms from now" },
	{ "bad_fcs", 0, 4294967295LL, "the next N received D-channel frames with a bad FCS" },
};
#define NKNOBS	(sizeof(knobs) / sizeof(knobs[0]))

static int sim_fault(int argc, char **argv)
{
	char p[PATH_MAX], text[32], what[96], buf[64];
	const struct knob *k = NULL;
	unsigned int id, n, i;
	struct card c;
	long long v = 0;

	if (argc < 2 || argc > 4) {
		tel_err("sim fault: want ID:S [los|ais|lof|ber|slips|dchan_cut_ms|bad_fcs [VALUE]] "
			"(e.g. tel sim fault 1:1 los 1)");
		return EXIT_USAGE;
	}
	if (parse_end(argv[1], "span", &id, &n))
		return EXIT_USAGE;
	if (n > SIM_MAX_SPANS) {
		tel_err("sim: span '%u': want a whole number 1..%d", n, SIM_MAX_SPANS);
		return EXIT_USAGE;
	}
	if (argc >= 3) {
		for (i = 0; i < NKNOBS; i++)
			if (!strcmp(argv[2], knobs[i].name))
				k = &knobs[i];
		if (!k) {
			tel_err("sim fault: fault '%s': want los, ais, lof, ber, slips, dchan_cut_ms "
				"or bad_fcs", argv[2]);
			return EXIT_USAGE;
		}
		if (argc == 4) {
			const char *s = argv[3];

			if (k->hi == 1 && (!strcmp(s, "on") || !strcmp(s, "off")))
				s = s[1] == 'n' ? "1" : "0";
			snprintf(what, sizeof(what), "%s VALUE (%s)", k->name, k->unit);
			if (parse_num(what, s, k->lo, k->hi, &v))
				return EXIT_USAGE;
		}
		if (argc == 3 && !strcmp(k->name, "slips")) {
			tel_err("sim fault: slips has no state to read: give N (%s)", k->unit);
			return EXIT_USAGE;
		}
	}
	if (card_need(id, n, 1u << K_E1 | 1u << K_T1,
		      "fault knobs are on E1/T1 spans; an analog port takes tel sim phone or co", &c))
		return EXIT_FAIL;
	if (argc == 4) {
		snprintf(p, sizeof(p), "%s/%u/span%u/%s", dbg_root(), id, n, k->name);
		snprintf(text, sizeof(text), "%lld\n", v);
		snprintf(what, sizeof(what), "fault %u:%u %s %lld", id, n, k->name, v);
		return sim_write(p, text, what, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
	}
	for (i = 0; i < NKNOBS; i++) {
		if ((k && k != &knobs[i]) || !strcmp(knobs[i].name, "slips"))
			continue;
		snprintf(p, sizeof(p), "%s/%u/span%u/%s", dbg_root(), id, n, knobs[i].name);
		if (read_text(p, buf, sizeof(buf))) {
			tel_err("sim fault: %s: %s", p, strerror(errno));
			return EXIT_FAIL;
		}
		if (k)
			printf("%s\n", buf);
		else
			printf("%-13s %s\n", knobs[i].name, buf);
	}
	return EXIT_OK;
}

static int sim_phone(int argc, char **argv)
{
	char p[PATH_MAX], text[64], what[96], buf[64];
	unsigned int id, n;
	struct card c;
	size_t i;

	if (argc < 2 || argc > 4) {
		tel_err("sim phone: want ID:P [offhook|onhook|flash|dial DIGITS] "
			"(e.g. tel sim phone 3:1 dial 123)");
		return EXIT_USAGE;
	}
	if (parse_end(argv[1], "port", &id, &n))
		return EXIT_USAGE;
	text[0] = '\0';
	if (argc >= 3) {
		if (!strcmp(argv[2], "dial")) {
			size_t len = argc == 4 ? strlen(argv[3]) : 0;

			for (i = 0; i < len; i++)
				if (argv[3][i] < '0' || argv[3][i] > '9')
					break;
			if (!len || i < len || len > SIM_DIGITS_MAX) {
				tel_err("sim phone: dial DIGITS '%s': want 1 to %d digits 0-9",
					argc == 4 ? argv[3] : "", SIM_DIGITS_MAX);
				return EXIT_USAGE;
			}
			snprintf(text, sizeof(text), "dial %s\n", argv[3]);
		} else if (argc == 3 && (!strcmp(argv[2], "offhook") || !strcmp(argv[2], "onhook") ||
					 !strcmp(argv[2], "flash"))) {
			snprintf(text, sizeof(text), "%s\n", argv[2]);
		} else {
			tel_err("sim phone: action '%s'%s: want offhook, onhook, flash or dial DIGITS",
				argv[2], argc == 4 ? " with a value" : "");
			return EXIT_USAGE;
		}
	}
	if (card_need(id, n, 1u << K_FXS,
		      "a phone hangs on an FXS port (an FXO port's line is tel sim co)", &c))
		return EXIT_FAIL;
	snprintf(p, sizeof(p), "%s/%u/port%u/phone", dbg_root(), id, n);
	if (!text[0]) {
		if (read_text(p, buf, sizeof(buf))) {
			tel_err("sim phone: %s: %s", p, strerror(errno));
			return EXIT_FAIL;
		}
		printf("%s\n", buf);
		return EXIT_OK;
	}
	snprintf(what, sizeof(what), "phone %u:%u %s", id, n, argv[2]);
	return sim_write(p, text, what, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

static int sim_co(int argc, char **argv)
{
	char p[PATH_MAX], text[32], what[64], buf[64];
	unsigned int id, n;
	struct card c;

	if (argc < 2 || argc > 3) {
		tel_err("sim co: want ID:P [ring|answer|hangup|reverse] (e.g. tel sim co 4:1 ring)");
		return EXIT_USAGE;
	}
	if (parse_end(argv[1], "port", &id, &n))
		return EXIT_USAGE;
	if (argc == 3 && strcmp(argv[2], "ring") && strcmp(argv[2], "answer") &&
	    strcmp(argv[2], "hangup") && strcmp(argv[2], "reverse")) {
		tel_err("sim co: action '%s': want ring, answer, hangup or reverse", argv[2]);
		return EXIT_USAGE;
	}
	if (card_need(id, n, 1u << K_FXO,
		      "the CO line is on an FXO port (an FXS port's phone is tel sim phone)", &c))
		return EXIT_FAIL;
	snprintf(p, sizeof(p), "%s/%u/port%u/co", dbg_root(), id, n);
	if (argc == 2) {
		if (read_text(p, buf, sizeof(buf))) {
			tel_err("sim co: %s: %s", p, strerror(errno));
			return EXIT_FAIL;
		}
		printf("%s\n", buf);
		return EXIT_OK;
	}
	snprintf(text, sizeof(text), "%s\n", argv[2]);
	snprintf(what, sizeof(what), "co %u:%u %s", id, n, argv[2]);
	return sim_write(p, text, what, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

static int sim_clock(int argc, char **argv)
{
	char p[PATH_MAX], text[32], what[48], buf[32];
	unsigned int id;
	struct card c;
	long long v = 0;

	if (argc < 2 || argc > 3) {
		tel_err("sim clock: want ID [PPM] (the card's oscillator offset, -500..500)");
		return EXIT_USAGE;
	}
	if (parse_id(argv[1], &id))
		return EXIT_USAGE;
	if (argc == 3 && parse_num("PPM (the card's oscillator offset)", argv[2], -500, 500, &v))
		return EXIT_USAGE;
	if (card_need(id, 0, 1u << K_E1 | 1u << K_T1, "only E1/T1 cards have a line clock", &c))
		return EXIT_FAIL;
	snprintf(p, sizeof(p), "%s/%u/clock_ppm", dbg_root(), id);
	if (argc == 2) {
		if (read_text(p, buf, sizeof(buf))) {
			tel_err("sim clock: %s: %s", p, strerror(errno));
			return EXIT_FAIL;
		}
		printf("%s\n", buf);
		return EXIT_OK;
	}
	snprintf(text, sizeof(text), "%lld\n", v);
	snprintf(what, sizeof(what), "clock %u %lld", id, v);
	return sim_write(p, text, what, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

/* --------------------------------------------------------------- status --- */

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* The ids of the cards on the bus, sorted; their number, or -1 after a message. */
static int list_ids(unsigned int *ids, int cap)
{
	char p[PATH_MAX];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(p, sizeof(p), "%s/devices", sys_root());
	d = opendir(p);
	if (!d) {
		tel_err("sim status: %s: %s", p, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) && n < cap) {
		unsigned int id;
		char extra;

		if (sscanf(e->d_name, "telsim%u%c", &id, &extra) == 1)
			ids[n++] = id;
	}
	closedir(d);
	qsort(ids, (size_t)n, sizeof(*ids), cmp_uint);
	return n;
}

/* The alarm words of a status text's "alarms 0x.... WORD ..." line into @out. */
static void status_alarms(const char *st, char *out, size_t cap)
{
	const char *a = strstr(st, "\nalarms ");
	size_t n;

	out[0] = '\0';
	if (!a)
		return;
	a += 8;
	a += strcspn(a, " \n");	/* past the bits: "0x0101" */
	if (*a != ' ')
		return;		/* no words: no alarms */
	a++;
	n = strcspn(a, "\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(out, a, n);
	out[n] = '\0';
}

static void status_one(struct jw *w, unsigned int id, bool debugfs)
{
	char p[PATH_MAX], fwv[32], st[1024], alarms[128], buf[64];
	struct card c = { .id = id };
	unsigned int i;
	bool have = debugfs && !card_read(id, &c);
	bool analog = c.kind == K_FXS || c.kind == K_FXO;

	snprintf(p, sizeof(p), "%s/devices/telsim%u/firmware_version", sys_root(), id);
	if (read_text(p, fwv, sizeof(fwv)))
		snprintf(fwv, sizeof(fwv), "?");
	if (w) {
		jw_obj(w, NULL);
		jw_int(w, "id", id);
		jw_cstr(w, "kind", have ? kind_name[c.kind] : "?");
		jw_int(w, "count", c.count);
		jw_cstr(w, "firmware", fwv);
	} else {
		printf("device %u: %s card, %u %s, firmware %s", id, have ? kind_name[c.kind] : "?",
		       c.count, analog ? "ports" : "spans", fwv);
	}
	if (have && !analog) {
		snprintf(p, sizeof(p), "%s/%u/clock_ppm", dbg_root(), id);
		if (!read_text(p, buf, sizeof(buf))) {
			if (w)
				jw_int(w, "clock_ppm", atoll(buf));
			else
				printf(", clock %s ppm", buf);
		}
	}
	if (!w)
		printf("\n");
	if (w)
		jw_arr(w, analog ? "ports" : "spans");
	for (i = 1; have && i <= c.count; i++) {
		if (analog) {
			const char *f = c.kind == K_FXS ? "phone" : "co";

			snprintf(p, sizeof(p), "%s/%u/port%u/%s", dbg_root(), id, i, f);
			if (read_text(p, buf, sizeof(buf)))
				snprintf(buf, sizeof(buf), "?");
			if (w) {
				jw_obj(w, NULL);
				jw_int(w, "port", i);
				jw_cstr(w, f, buf);
				jw_end_obj(w);
			} else {
				printf("  port %u: %s %s\n", i, f, buf);
			}
			continue;
		}
		snprintf(p, sizeof(p), "%s/%u/span%u/status", dbg_root(), id, i);
		if (read_text(p, st, sizeof(st)))
			snprintf(st, sizeof(st), "?");
		status_alarms(st, alarms, sizeof(alarms));
		if (w) {
			char *line, *save = NULL;
			unsigned int k;

			jw_obj(w, NULL);
			jw_int(w, "span", i);
			jw_bool(w, "linked", strstr(st, " linked yes") != NULL);
			/* the firmware's alarm words, as a list (tel status's "alarms" likewise) */
			jw_arr(w, "alarms");
			for (char *as, *t = strtok_r(alarms, " ", &as); t; t = strtok_r(NULL, " ", &as))
				jw_cstr(w, NULL, t);
			jw_end_arr(w);
			jw_obj(w, "faults");
			for (k = 0; k < NKNOBS; k++) {
				if (!strcmp(knobs[k].name, "slips"))
					continue;
				snprintf(p, sizeof(p), "%s/%u/span%u/%s", dbg_root(), id, i,
					 knobs[k].name);
				if (!read_text(p, buf, sizeof(buf)))
					jw_int(w, knobs[k].name, atoll(buf));
			}
			jw_end_obj(w);
			jw_arr(w, "status");
			for (line = strtok_r(st, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
				jw_cstr(w, NULL, line);
			jw_end_arr(w);
			jw_end_obj(w);
		} else {
			char *line, *save = NULL;

			printf("  span %u: %s\n", i, alarms[0] ? alarms : "no alarms");
			for (line = strtok_r(st, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
				printf("    %s\n", line);
		}
	}
	if (w) {
		jw_end_arr(w);
		jw_end_obj(w);
	}
}

static int sim_status(int argc, char **argv)
{
	unsigned int ids[256], one = 0;
	bool json = false, have_one = false, debugfs;
	struct jw w;
	int i, n;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") && !json) {
			json = true;
		} else if (argv[i][0] == '-') {
			tel_err("sim status: unknown or repeated option '%s' (tel help sim)", argv[i]);
			return EXIT_USAGE;
		} else if (!have_one) {
			if (parse_id(argv[i], &one))
				return EXIT_USAGE;
			have_one = true;
		} else {
			tel_err("sim status: one ID at most ('%s' is a second)", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (explain_missing_root(false))
		return EXIT_FAIL;
	debugfs = is_dir(dbg_root());
	if (!debugfs)
		explain_missing_root(true);	/* says how to mount it; status goes on */
	if (have_one) {
		if (!dev_exists(one)) {
			tel_err("sim status: device %u does not exist (tel sim new %u e1 1)", one, one);
			return EXIT_FAIL;
		}
		ids[0] = one;
		n = 1;
	} else {
		n = list_ids(ids, (int)(sizeof(ids) / sizeof(ids[0])));
		if (n < 0)
			return EXIT_FAIL;
	}
	if (json) {
		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_arr(&w, "devices");
	} else if (!n) {
		printf("no simulated cards (tel sim new ID e1|t1|fxs|fxo N makes one)\n");
	}
	for (i = 0; i < n; i++)
		status_one(json ? &w : NULL, ids[i], debugfs);
	if (json) {
		jw_end_arr(&w);
		jw_end_obj(&w);
		jw_line_end(&w);
	}
	return EXIT_OK;
}

/* ---------------------------------------------------------------- table --- */

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} sim_cmds[] = {
	{ "new", sim_new }, { "del", sim_del }, { "link", sim_link }, { "unlink", sim_unlink },
	{ "fault", sim_fault }, { "phone", sim_phone }, { "co", sim_co }, { "clock", sim_clock },
	{ "status", sim_status },
};

void sim_usage(FILE *f)
{
	fputs("usage: tel sim new ID e1|t1|fxs|fxo N     a card with N spans (1..8) or ports (1..24)\n"
	      "       tel sim del ID                     remove it (its cables too)\n"
	      "       tel sim link ID:S ID:S             a cable: two E1 or two T1 spans, or an\n"
	      "                                          FXS port and an FXO port\n"
	      "       tel sim unlink ID:S                cut it (either end)\n"
	      "       tel sim fault ID:S [KNOB [VALUE]]  a fault on what span S receives, or read\n"
	      "                                          the knobs: los, ais, lof (1 on, 0 off),\n"
	      "                                          ber (errors per million bits, 0..1000000),\n"
	      "                                          slips (-1000..1000 frames, now),\n"
	      "                                          dchan_cut_ms (0..3600000), bad_fcs (next N\n"
	      "                                          D-channel frames)\n"
	      "       tel sim phone ID:P [offhook|onhook|flash|dial DIGITS]\n"
	      "                                          the phone on FXS port P, or its state\n"
	      "                                          (idle, ringing, offhook); 1..32 digits\n"
	      "       tel sim co ID:P [ring|answer|hangup|reverse]\n"
	      "                                          the CO line on FXO port P, or its state\n"
	      "       tel sim clock ID [PPM]             the card's oscillator, -500..500 ppm\n"
	      "       tel sim status [ID] [--json]       cards, spans and ports, firmware version,\n"
	      "                                          what each span's firmware sees\n"
	      "\n"
	      "The simulated card (telsim.ko): /sys/bus/telsim and /sys/kernel/debug/telsim.\n"
	      "Needs root, the module loaded (modprobe telsim) and debugfs mounted.\n"
	      "\n"
	      "status --json: one document {\"devices\":[...]}, per device:\n"
	      "  id, kind (\"E1\", \"T1\", \"FXS\", \"FXO\"), count (spans or ports), firmware\n"
	      "  (\"X.Y.Z\"), clock_ppm (E1/T1), and spans or ports:\n"
	      "  spans[]: span (from 1), linked (true/false), alarms (the firmware's alarm\n"
	      "    words, e.g. \"LOS\"; \"\" for none), faults {los, ais, lof, ber,\n"
	      "    dchan_cut_ms, bad_fcs}, status (the lines of debugfs spanS/status)\n"
	      "  ports[]: port (from 1), phone (FXS: idle, ringing, offhook) or co (FXO: open,\n"
	      "    idle, ringing, offhook, with \" reversed\")\n"
	      "\n"
	      "exit status: 0 done, 1 the kernel refused (the reason and the kernel's own line),\n"
	      "2 bad usage (the argument and its range)\n", f);
}

int cmd_sim(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		sim_usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(sim_cmds) / sizeof(sim_cmds[0]); i++)
		if (!strcmp(argv[1], sim_cmds[i].name))
			return sim_cmds[i].run(argc - 1, argv + 1);
	tel_err("sim: unknown subcommand '%s' (new, del, link, unlink, fault, phone, co, clock, "
		"status; tel help sim)", argv[1]);
	return EXIT_USAGE;
}
