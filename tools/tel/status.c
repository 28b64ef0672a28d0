// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel status [SPAN...] [--json] [--watch [SECONDS]]: DAHDI spans as a person
 * (or a script) wants to see them, from DAHDI's ioctls (spans.c), on any
 * driver's spans; on the simulated card also its firmware and wiring.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "status.h"
#include "tel.h"

void status_usage(FILE *f)
{
	fprintf(f,
		"usage: tel status [SPAN...] [--json] [--watch [SECONDS]]\n"
		"\n"
		"Every DAHDI span (or the SPANs named: DAHDI span numbers), from DAHDI's ioctls\n"
		"on /dev/dahdi/ctl (any driver's spans; $TEL_DAHDI_CTL names another device):\n"
		"name, type, framing/coding, timing, alarms, error counters and channels.\n"
		"\n"
		"  --json            one JSON document (below)\n"
		"  --watch [SECONDS] redraw every SECONDS (default 1, 0.1..3600) like top:\n"
		"                    counters that moved since the last redraw and alarms that\n"
		"                    changed in reverse video; q or Ctrl-C ends it. With --json:\n"
		"                    JSON Lines, one document per SECONDS, until Ctrl-C.\n"
		"                    A number right after --watch is SECONDS: name spans\n"
		"                    before it (tel status 2 --watch: span 2 every second).\n"
		"\n"
		"JSON: {\"spans\":[SPAN,...]}, each SPAN an object:\n"
		"  span            DAHDI's span number\n"
		"  name, description   the driver's names for it\n"
		"  type            \"E1\", \"T1\", \"J1\", \"FXS\", \"FXO\", \"BRI\" or \"unknown\" (DAHDI's\n"
		"                  spantype; a digital span of another kind, e.g. dynamic,\n"
		"                  by its channel count: 31 E1, 24 T1)\n"
		"  spantype        DAHDI's own word (\"E1\", \"DYNAM\", ...; \"\" when none)\n"
		"  framing         \"CRC4\", \"ESF\", \"D4\", \"basic\" (E1 without CRC-4); null unconfigured\n"
		"  coding          \"HDB3\", \"B8ZS\", \"AMI\"; null unconfigured\n"
		"  signalling      \"CCS\" or \"CAS\" (digital spans); null unconfigured\n"
		"  lineconfig      all of DAHDI's line configuration words, e.g. \"CCS/HDB3/CRC4\"\n"
		"  syncsrc         span DAHDI says this span takes timing from (0: free run)\n"
		"  master          true if DAHDI's timing master (sysfs is_sync_master); null unknown\n"
		"  alarms          [\"RED\",\"YELLOW\",\"BLUE\",\"LOS\",\"LFA\",\"LMFA\",\"LOOPBACK\",\"RECOVER\",\n"
		"                  \"NOTOPEN\"] as set; [] when none; LOOPBACK while a loopback is set\n"
		"  counters        {\"fas\",\"crc4\",\"ebit\",\"bpv\",\"cv\",\"fe\",\"be\",\"prbs\",\"errsec\",\n"
		"                  \"irqmisses\",\"slips\"}: DAHDI's counters since the last reset; slips\n"
		"                  is null where DAHDI gives no ioctl for it (every driver but the\n"
		"                  simulated card, where it is the card's count since it was made)\n"
		"  channels_total, channels_configured\n"
		"  manufacturer, devicetype, location, lbo   the device, as the driver names it\n"
		"  sim             only on the simulated card: {\"card\":ID,\"span\":S,\"firmware\":\n"
		"                  \"X.Y.Z\",\"linked\":true|false|null}\n"
		"  channels        [{\"channel\":N,\"position\":P,\"name\":...,\"signalling\":\"CLEAR\"|\n"
		"                  \"HARDHDLC\"|\"FXOKS\"|...|\"unconfigured\",\"in_use\":true|false|null,\n"
		"                  \"offhook\":bool,\"master\":N (only on a slave channel)}]\n"
		"\n"
		"exit status: 0 shown; 1 DAHDI not loaded, or a SPAN not present; 2 usage\n");
}

int status_parse_span(const char *s, int *spanno)
{
	char *end;
	long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < 1 || v >= STATUS_MAX_SPANS)
		return -1;
	*spanno = (int)v;
	return 0;
}

/* SECONDS: 0.1..3600, decimal */
static int parse_seconds(const char *s, unsigned int *ms)
{
	char *end;
	double v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !(v >= 0.1 && v <= 3600))
		return -1;
	*ms = (unsigned int)(v * 1000 + 0.5);
	return 0;
}

int status_parse_args(int argc, char **argv, struct status_args *a)
{
	int i, j;

	memset(a, 0, sizeof(*a));
	a->interval_ms = 1000;
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "--json")) {
			if (a->json)
				goto twice;
			a->json = true;
		} else if (!strcmp(s, "--watch") || !strncmp(s, "--watch=", 8)) {
			const char *v = s[7] == '=' ? s + 8 : NULL;

			if (a->watch)
				goto twice;
			a->watch = true;
			/* the optional SECONDS: the next word if it is a number
			 * (`tel status 2 --watch` watches span 2; `--watch 2` is 2 s) */
			if (!v && i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
				v = argv[++i];
			if (v && parse_seconds(v, &a->interval_ms)) {
				tel_err("status: --watch %s: SECONDS is a number from 0.1 to 3600", v);
				return EXIT_USAGE;
			}
		} else if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
			status_usage(stdout);
			exit(EXIT_OK);
		} else if (s[0] == '-') {
			tel_err("status: unknown option '%s' (tel help status)", s);
			return EXIT_USAGE;
		} else {
			int n;

			if (status_parse_span(s, &n)) {
				tel_err("status: '%s' is no span number (1..%d; dahdi_scan lists them)",
					s, STATUS_MAX_SPANS - 1);
				return EXIT_USAGE;
			}
			for (j = 0; j < a->nspans; j++)
				if (a->spans[j] == n)
					break;
			if (j < a->nspans)
				continue;	/* a span named twice is shown once */
			a->spans[a->nspans++] = n;
		}
	}
	return 0;
twice:
	tel_err("status: %s given twice", argv[i]);
	return EXIT_USAGE;
}

int status_open(struct dahdi_ctl *c, const char *cmd)
{
	if (dahdi_ctl_open(c, NULL) == 0)
		return EXIT_OK;
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		tel_err("%s: %s: %s: DAHDI is not loaded (load it and the board's driver: "
			"modprobe dahdi; modprobe YOUR_DRIVER, e.g. telsim)", cmd, c->path,
			strerror(errno));
	else if (errno == EACCES || errno == EPERM)
		tel_err("%s: %s: %s (run as root, or give your user access to /dev/dahdi)", cmd,
			c->path, strerror(errno));
	else
		tel_err("%s: %s: %s", cmd, c->path, strerror(errno));
	return EXIT_FAIL;
}

void status_span_error(struct dahdi_ctl *c, const char *cmd, int spanno, int err)
{
	struct dahdi_span_info si;
	char present[256] = "";
	size_t used = 0;
	int s;

	if (err != EINVAL && err != ENOENT && err != ENXIO && err != ENODEV) {
		tel_err("%s: span %d: %s", cmd, spanno, strerror(err));
		return;
	}
	for (s = dahdi_span_next(c, 0, &si); s > 0; s = dahdi_span_next(c, s, &si)) {
		int n = snprintf(present + used, sizeof(present) - used, " %d", s);

		if (n < 0 || (size_t)n >= sizeof(present) - used)
			break;
		used += (size_t)n;
	}
	tel_err("%s: span %d: no such span (spans present:%s; dahdi_scan lists them; "
		"spans not yet assigned: dahdi_span_assignments auto)", cmd, spanno,
		used ? present : " none");
}

int status_collect(struct dahdi_ctl *c, int spanno, struct status_span *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	if (dahdi_span_get(c, spanno, &s->si))
		return -1;
	if (s->si.totalchans > 0 && s->si.basechan > 0) {
		s->chans = calloc((size_t)s->si.totalchans, sizeof(*s->chans));
		if (!s->chans) {
			errno = ENOMEM;
			return -1;
		}
		for (i = 0; i < s->si.totalchans; i++)
			if (dahdi_chan_get(c, s->si.basechan + i, &s->chans[s->nchans]) == 0)
				s->nchans++;
	}
	s->sim = dahdi_span_telsim(&s->si, &s->tsim) == 0;
	if (s->sim && s->tsim.slips >= 0)
		s->si.count.slips = s->tsim.slips;
	return 0;
}

void status_release(struct status_span *s)
{
	free(s->chans);
	s->chans = NULL;
	s->nchans = 0;
}

static const char *framing_word(const struct dahdi_span_info *si)
{
	int lc = si->lineconfig;

	if (!lc)
		return NULL;
	if (lc & DAHDI_CONFIG_CRC4)
		return "CRC4";
	if (lc & DAHDI_CONFIG_ESF)
		return "ESF";
	if (lc & DAHDI_CONFIG_D4)
		return "D4";
	return "basic";
}

static const char *coding_word(const struct dahdi_span_info *si)
{
	int lc = si->lineconfig;

	if (lc & DAHDI_CONFIG_HDB3)
		return "HDB3";
	if (lc & DAHDI_CONFIG_B8ZS)
		return "B8ZS";
	if (lc & DAHDI_CONFIG_AMI)
		return "AMI";
	return NULL;
}

static void jw_opt_cstr(struct jw *w, const char *key, const char *s)
{
	if (s)
		jw_cstr(w, key, s);
	else
		jw_null(w, key);
}

static void jw_count(struct jw *w, const char *key, long long v)
{
	if (v < 0)
		jw_null(w, key);
	else
		jw_int(w, key, v);
}

void status_span_json(struct jw *w, const char *key, const struct status_span *s)
{
	const struct dahdi_span_info *si = &s->si;
	const char *words[16];
	char lc[64];
	size_t i, n;

	jw_obj(w, key);
	jw_int(w, "span", si->spanno);
	jw_cstr(w, "name", si->name);
	jw_cstr(w, "description", si->desc);
	jw_cstr(w, "type", si->type);
	jw_cstr(w, "spantype", si->spantype);
	jw_opt_cstr(w, "framing", framing_word(si));
	jw_opt_cstr(w, "coding", coding_word(si));
	jw_opt_cstr(w, "signalling", !si->lineconfig || !si->digital ? NULL :
		    si->lineconfig & DAHDI_CONFIG_CCS ? "CCS" : "CAS");
	dahdi_lineconfig_str(si->lineconfig, lc, sizeof(lc));
	jw_cstr(w, "lineconfig", lc);
	jw_int(w, "syncsrc", si->syncsrc);
	if (si->master < 0)
		jw_null(w, "master");
	else
		jw_bool(w, "master", si->master);
	jw_arr(w, "alarms");
	n = dahdi_alarm_words(si->alarms, words, 16);
	for (i = 0; i < n; i++)
		jw_cstr(w, NULL, words[i]);
	jw_end_arr(w);
	jw_obj(w, "counters");
	jw_count(w, "fas", si->count.fas);
	jw_count(w, "crc4", si->count.crc4);
	jw_count(w, "ebit", si->count.ebit);
	jw_count(w, "bpv", si->count.bpv);
	jw_count(w, "cv", si->count.cv);
	jw_count(w, "fe", si->count.fe);
	jw_count(w, "be", si->count.be);
	jw_count(w, "prbs", si->count.prbs);
	jw_count(w, "errsec", si->count.errsec);
	jw_count(w, "irqmisses", si->count.irqmisses);
	jw_count(w, "slips", si->count.slips);
	jw_end_obj(w);
	jw_int(w, "channels_total", si->totalchans);
	jw_int(w, "channels_configured", si->numchans);
	jw_cstr(w, "manufacturer", si->manufacturer);
	jw_cstr(w, "devicetype", si->devicetype);
	jw_cstr(w, "location", si->location);
	jw_cstr(w, "lbo", si->lboname);
	if (s->sim) {
		jw_obj(w, "sim");
		jw_int(w, "card", s->tsim.card);
		jw_int(w, "span", s->tsim.span);
		jw_cstr(w, "firmware", s->tsim.firmware);
		if (s->tsim.linked < 0)
			jw_null(w, "linked");
		else
			jw_bool(w, "linked", s->tsim.linked);
		jw_end_obj(w);
	}
	jw_arr(w, "channels");
	for (i = 0; i < (size_t)s->nchans; i++) {
		const struct dahdi_chan_info *c = &s->chans[i];
		int sig = c->sigtype;

		jw_obj(w, NULL);
		jw_int(w, "channel", c->channo);
		jw_int(w, "position", c->chanpos);
		jw_cstr(w, "name", c->name);
		jw_cstr(w, "signalling", dahdi_sig_name(sig));
		if (c->in_use < 0)
			jw_null(w, "in_use");
		else
			jw_bool(w, "in_use", c->in_use);
		jw_bool(w, "offhook", c->offhook);
		if (c->master != c->channo)
			jw_int(w, "master", c->master);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

/* Reverse video around a field that changed. */
#define HL_ON	"\033[7m"
#define HL_OFF	"\033[0m"

static void text_count(FILE *f, const char *name, long long v, long long was, bool hl)
{
	bool moved = hl && v != was;

	if (v < 0)
		fprintf(f, "  %s -", name);
	else
		fprintf(f, "  %s%s %lld%s", moved ? HL_ON : "", name, v, moved ? HL_OFF : "");
}

/* Channels with the same signalling and use as ranges: "1-15,17-31 CLEAR". */
static void text_channels(FILE *f, const struct status_span *s)
{
	bool *done;
	int i, j;

	if (!s->nchans) {
		fprintf(f, "  channels: none%s\n", s->si.totalchans ? " readable" : "");
		return;
	}
	done = calloc((size_t)s->nchans, sizeof(*done));
	if (!done)
		return;
	for (i = 0; i < s->nchans; i++) {
		const struct dahdi_chan_info *a = &s->chans[i];
		int first = -1, last = -1;

		if (done[i])
			continue;
		fprintf(f, "  channels ");
		for (j = i; j < s->nchans; j++) {
			const struct dahdi_chan_info *b = &s->chans[j];

			if (done[j] || b->sigtype != a->sigtype || b->in_use != a->in_use)
				continue;
			done[j] = true;
			if (first >= 0 && b->channo == last + 1) {
				last = b->channo;
				continue;
			}
			if (first >= 0)
				fprintf(f, first == last ? "%d," : "%d-%d,", first, last);
			first = last = b->channo;
		}
		fprintf(f, first == last ? "%d" : "%d-%d", first, last);
		fprintf(f, ": %s%s\n", dahdi_sig_name(a->sigtype),
			a->in_use > 0 ? " (in use)" : "");
	}
	free(done);
}

void status_span_text(FILE *f, const struct status_span *s, const struct status_span *prev,
		      bool hl, bool chans)
{
	const struct dahdi_span_info *si = &s->si;
	const struct dahdi_counters *c = &si->count, *p = prev ? &prev->si.count : c;
	const char *words[16];
	bool alarm_hl = hl && prev && prev->si.alarms != si->alarms;
	char lc[64];
	size_t i, n;

	dahdi_lineconfig_str(si->lineconfig, lc, sizeof(lc));
	fprintf(f, "span %d  %s  \"%s\"  %s  %s\n", si->spanno, si->name, si->desc, si->type,
		*lc ? lc : si->digital ? "(not configured)" : "analog");
	fprintf(f, "  timing: %s", si->syncsrc ? "" : "free run");
	if (si->syncsrc)
		fprintf(f, "span %d%s", si->syncsrc, si->syncsrc == si->spanno ? " (this span)" : "");
	fprintf(f, "%s  alarms: %s", si->master > 0 ? ", DAHDI master" : "",
		alarm_hl ? HL_ON : "");
	n = dahdi_alarm_words(si->alarms, words, 16);
	if (!n)
		fputs("OK", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", words[i]);
	fprintf(f, "%s\n", alarm_hl ? HL_OFF : "");
	if (si->digital) {
		fputs("  counters:", f);
		text_count(f, "fas", c->fas, p->fas, hl && prev);
		text_count(f, "crc4", c->crc4, p->crc4, hl && prev);
		text_count(f, "ebit", c->ebit, p->ebit, hl && prev);
		text_count(f, "bpv", c->bpv, p->bpv, hl && prev);
		text_count(f, "cv", c->cv, p->cv, hl && prev);
		text_count(f, "errsec", c->errsec, p->errsec, hl && prev);
		text_count(f, "slips", c->slips, p->slips, hl && prev);
		fputc('\n', f);
	}
	if (s->sim)
		fprintf(f, "  simulated card %d span %d, firmware %s%s\n", s->tsim.card, s->tsim.span,
			*s->tsim.firmware ? s->tsim.firmware : "unknown",
			s->tsim.linked > 0 ? ", linked" : s->tsim.linked == 0 ? ", no cable" : "");
	if (chans)
		text_channels(f, s);
}

/* --- one shot and --watch -------------------------------------------------- */

/* The spans to show now: those named, or every span. Returns how many went
 * into @out, or -1 after a message (a named span missing: @missing_ok in watch). */
static int gather(struct dahdi_ctl *c, const struct status_args *a, struct status_span *out,
		  bool missing_ok)
{
	int n = 0, i, s;
	struct dahdi_span_info si;

	if (a->nspans) {
		for (i = 0; i < a->nspans; i++) {
			if (status_collect(c, a->spans[i], &out[n]) == 0) {
				n++;
				continue;
			}
			if (missing_ok)
				continue;
			status_span_error(c, "status", a->spans[i], errno);
			while (n--)
				status_release(&out[n]);
			return -1;
		}
		return n;
	}
	for (s = dahdi_span_next(c, 0, &si); s > 0 && n < STATUS_MAX_SPANS;
	     s = dahdi_span_next(c, s, &si))
		if (status_collect(c, s, &out[n]) == 0)
			n++;
	return n;
}

static void print_json(const struct status_span *sp, int n)
{
	struct jw w;
	int i;

	jw_init(&w, stdout);
	jw_obj(&w, NULL);
	jw_arr(&w, "spans");
	for (i = 0; i < n; i++)
		status_span_json(&w, NULL, &sp[i]);
	jw_end_arr(&w);
	jw_end_obj(&w);
	jw_line_end(&w);
}

static const struct status_span *find_prev(const struct status_span *prev, int nprev, int spanno)
{
	int i;

	for (i = 0; i < nprev; i++)
		if (prev[i].si.spanno == spanno)
			return &prev[i];
	return NULL;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int watch(struct dahdi_ctl *c, const struct status_args *a)
{
	static struct status_span bufs[2][STATUS_MAX_SPANS];
	struct termios saved, raw;
	bool tty_in = isatty(STDIN_FILENO), tty_out = isatty(STDOUT_FILENO) && !a->json;
	bool termios_set = false;
	struct sigaction sa;
	int cur = 0, n[2] = { 0, 0 }, i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (tty_in && tcgetattr(STDIN_FILENO, &saved) == 0) {
		raw = saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		termios_set = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
	}
	if (tty_out)
		fputs("\033[?1049h\033[?25l", stdout);	/* alternate screen, no cursor */
	while (!stop) {
		const struct status_span *prev = bufs[!cur];
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		struct timespec now;
		char when[32];

		n[cur] = gather(c, a, bufs[cur], true);
		if (a->json) {
			print_json(bufs[cur], n[cur]);
		} else {
			clock_gettime(CLOCK_REALTIME, &now);
			strftime(when, sizeof(when), "%H:%M:%S", localtime(&now.tv_sec));
			fputs("\033[H\033[2J", stdout);
			printf("tel status  %s  every %g s  (q quits)\n\n", when,
			       a->interval_ms / 1000.0);
			if (!n[cur])
				printf("no spans%s\n", a->nspans ? " of those named" : "");
			for (i = 0; i < n[cur]; i++) {
				status_span_text(stdout, &bufs[cur][i],
						 find_prev(prev, n[!cur], bufs[cur][i].si.spanno),
						 tty_out, true);
				fputc('\n', stdout);
			}
			for (i = 0; i < a->nspans; i++)
				if (!find_prev(bufs[cur], n[cur], a->spans[i]))
					printf("span %d: not present\n", a->spans[i]);
		}
		fflush(stdout);
		for (i = 0; i < n[!cur]; i++)
			status_release(&bufs[!cur][i]);
		n[!cur] = 0;
		cur = !cur;
		/* wait for the interval, or a key */
		if (poll(&pfd, tty_in ? 1 : 0, (int)a->interval_ms) > 0) {
			char ch;

			if (read(STDIN_FILENO, &ch, 1) == 1 && (ch == 'q' || ch == 'Q'))
				break;
		}
	}
	for (i = 0; i < n[!cur]; i++)
		status_release(&bufs[!cur][i]);
	if (tty_out)
		fputs("\033[?25h\033[?1049l", stdout);
	fflush(stdout);
	if (termios_set)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return EXIT_OK;
}

int cmd_status(int argc, char **argv)
{
	static struct status_span sp[STATUS_MAX_SPANS];
	struct status_args a;
	struct dahdi_ctl c;
	int rc, n, i;

	rc = status_parse_args(argc, argv, &a);
	if (rc)
		return rc;
	rc = status_open(&c, "status");
	if (rc)
		return rc;
	if (a.watch) {
		rc = watch(&c, &a);
		dahdi_ctl_close(&c);
		return rc;
	}
	n = gather(&c, &a, sp, false);
	dahdi_ctl_close(&c);
	if (n < 0)
		return EXIT_FAIL;
	if (a.json) {
		print_json(sp, n);
	} else {
		if (!n)
			printf("no DAHDI spans (dahdi_scan lists them; spans not yet assigned: "
			       "dahdi_span_assignments auto)\n");
		for (i = 0; i < n; i++) {
			if (i)
				fputc('\n', stdout);
			status_span_text(stdout, &sp[i], NULL, false, true);
		}
	}
	for (i = 0; i < n; i++)
		status_release(&sp[i]);
	return EXIT_OK;
}
