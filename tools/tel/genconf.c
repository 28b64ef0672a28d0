// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel genconf — /etc/dahdi/system.conf and /etc/dahdi/assigned-spans.conf
 * for the spans present, from DAHDI's ioctls (DAHDI_SPANSTAT per span,
 * DAHDI_GET_PARAMS per channel on /dev/dahdi/ctl, through spans.h), on any
 * vendor's spans: Debian's dahdi_genconf recognises PRI spans only by other
 * vendors' names.
 *
 *   E1/T1 spans: PRI. span=N,TIMING,0,ccs,hdb3,crc4 (E1) or esf,b8zs (T1);
 *     the D-channel (E1 channel 16, T1 channel 24) hardhdlc= where the
 *     channel can do hardware HDLC, else dchan=; bchan= for the rest.
 *   analog spans: each port by what it can signal: a port that drives a
 *     phone (FXS, FXO signalling) fxoks=, a port on a line (FXO) fxsks=.
 *   loadzone/defaultzone.
 *   assigned-spans.conf: dahdi_span_assignments dumpconfig's format, from
 *     the devices' sysfs attributes (hardware_id, location, local_spanno:
 *     no ioctl tells them).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dahdi/user.h>
#include <libtel/tel.h>

#include "spans.h"
#include "tel.h"

/* Every span and its channels, read through spans.h. */
struct gc_span {
	struct dahdi_span_info si;
	struct dahdi_chan_info *chans;	/* by chanpos - 1; channo 0 where unreadable */
};

struct gc_sys {
	struct gc_span *spans;
	int nspans;
};

static void gc_free(struct gc_sys *s)
{
	for (int i = 0; i < s->nspans; i++)
		free(s->spans[i].chans);
	free(s->spans);
	s->spans = NULL;
	s->nspans = 0;
}

/* Every assigned span and its channels. 0, or -1 after a message. */
static int gc_scan(struct gc_sys *s)
{
	struct dahdi_span_info si;
	struct dahdi_ctl c;

	s->spans = NULL;
	s->nspans = 0;
	if (dahdi_ctl_open(&c, NULL)) {
		tel_err("genconf: %s: %s%s", c.path, strerror(errno),
			errno == ENOENT ? " (is DAHDI loaded? modprobe dahdi, and a board's driver)" :
			errno == EACCES ? " (run as root)" : "");
		return -1;
	}
	s->spans = calloc(DAHDI_MAX_SPANS, sizeof(*s->spans));
	if (!s->spans)
		goto nomem;
	for (int n = dahdi_span_next(&c, 0, &si); n > 0; n = dahdi_span_next(&c, n, &si)) {
		struct gc_span *sp = &s->spans[s->nspans];

		sp->si = si;
		sp->chans = calloc((size_t)(si.totalchans > 0 ? si.totalchans : 1),
				   sizeof(*sp->chans));
		if (!sp->chans)
			goto nomem;
		s->nspans++;
		for (int i = 0; i < si.totalchans && si.basechan > 0; i++) {
			struct dahdi_chan_info ci;

			if (dahdi_chan_get(&c, si.basechan + i, &ci) == 0 && ci.spanno == n &&
			    ci.chanpos == i + 1)
				sp->chans[i] = ci;
		}
	}
	dahdi_ctl_close(&c);
	return 0;
nomem:
	tel_err("genconf: out of memory");
	dahdi_ctl_close(&c);
	gc_free(s);
	return -1;
}

enum gc_kind { GK_E1, GK_T1, GK_ANALOG, GK_OTHER };

/*
 * E1/T1 by DAHDI's word for the span, or by its channel count where the
 * driver gives no word; a digital span of another named kind (BRI, DAHDI's
 * dynamic spans) is left out; a span with no line coding is analog.
 */
static enum gc_kind span_kind(const struct gc_span *sp)
{
	const char *t = sp->si.type;
	bool named = !sp->si.spantype[0] || !strcmp(t, sp->si.spantype);

	if (named && !strcmp(t, "E1"))
		return GK_E1;
	if (named && (!strcmp(t, "T1") || !strcmp(t, "J1")))
		return GK_T1;
	if (!strcmp(t, "FXS") || !strcmp(t, "FXO") || !sp->si.digital)
		return GK_ANALOG;
	return GK_OTHER;
}

/* A list of channel numbers as DAHDI's ranges, "1-15,17-31". */
static void put_ranges(FILE *f, const char *key, const int *ch, int n)
{
	if (!n)
		return;
	fprintf(f, "%s=", key);
	for (int i = 0; i < n;) {
		int j = i;

		while (j + 1 < n && ch[j + 1] == ch[j] + 1)
			j++;
		fprintf(f, "%s%d", i ? "," : "", ch[i]);
		if (j > i)
			fprintf(f, "-%d", ch[j]);
		i = j + 1;
	}
	fputc('\n', f);
}

enum gc_dchan { GD_AUTO, GD_HARD, GD_SOFT };

struct gc_opts {
	const char *conf, *assigned, *zone;
	bool dry_run, order;
	enum gc_dchan dchan;
	bool cas_all;			/* --cas all */
	unsigned char cas[DAHDI_MAX_SPANS + 1];	/* --cas N,...: span N as CAS */
};

/* --cas VALUE: "all" or span numbers "1,3-4"; 0, or -1 for a bad list. */
static int parse_cas(const char *v, struct gc_opts *o)
{
	char *end;

	if (!strcmp(v, "all")) {
		o->cas_all = true;
		return 0;
	}
	while (*v) {
		long a = strtol(v, &end, 10), b = a;

		if (end == v || a < 1 || a > DAHDI_MAX_SPANS)
			return -1;
		if (*end == '-') {
			v = end + 1;
			b = strtol(v, &end, 10);
			if (end == v || b < a || b > DAHDI_MAX_SPANS)
				return -1;
		}
		for (long n = a; n <= b; n++)
			o->cas[n] = 1;
		if (*end == ',' && end[1])
			end++;
		else if (*end)
			return -1;
		v = end;
	}
	return 0;
}

/*
 * hardhdlc= (the board's HDLC controller) or dchan= (DAHDI's software HDLC)
 * for D-channel @ch. Auto: hardhdlc where the channel offers it; an E1 span
 * not yet configured CCS offers nothing on timeslot 16 (it carries CAS
 * bits then; DAHDI's own E1 boards, wct4xxp and ours, do the same) and gets
 * hardhdlc too: such boards have the controller. --dchan decides otherwise.
 */
static bool dchan_hard(const struct gc_span *sp, const struct dahdi_chan_info *ch, enum gc_kind k,
		       enum gc_dchan how)
{
	if (how != GD_AUTO)
		return how == GD_HARD;
	if ((ch->sigcap & DAHDI_SIG_HARDHDLC) == DAHDI_SIG_HARDHDLC)
		return true;
	return k == GK_E1 && !ch->sigcap && !(sp->si.lineconfig & DAHDI_CONFIG_CCS);
}

/* system.conf for @s into @f. Returns how many spans it configures. */
static int write_system_conf(FILE *f, const struct gc_sys *s, const struct gc_opts *o)
{
	int *list = malloc(sizeof(int) * DAHDI_MAX_CHANNELS);
	int *fxo = malloc(sizeof(int) * DAHDI_MAX_CHANNELS);	/* fxoks= (FXS ports) */
	int *fxs = malloc(sizeof(int) * DAHDI_MAX_CHANNELS);	/* fxsks= (FXO ports) */
	int nfxo = 0, nfxs = 0, digital = 0, done = 0;

	if (!list || !fxo || !fxs) {
		free(list), free(fxo), free(fxs);
		return -1;
	}
	fprintf(f, "# DAHDI configuration written by tel genconf (tel %s) for the spans present:\n"
		"# E1/T1 spans as PRI, analog ports by type. dahdi_cfg reads it.\n", tel_version());
	for (int i = 0; i < s->nspans; i++) {
		const struct gc_span *sp = &s->spans[i];
		enum gc_kind k = span_kind(sp);
		int dpos = k == GK_E1 ? 16 : 24, n = 0, dchan = 0;
		bool hard = false;

		fprintf(f, "\n# span %d: %.20s \"%.40s\" (%s, %d channels from %d)\n", sp->si.spanno,
			sp->si.name, sp->si.desc, sp->si.spantype[0] ? sp->si.spantype : "?",
			sp->si.totalchans, sp->si.basechan);
		if (k == GK_OTHER) {
			fprintf(f, "# not configured: neither E1, T1 nor analog\n");
			continue;
		}
		done++;
		if (k == GK_ANALOG) {
			for (int c = 0; c < sp->si.totalchans; c++) {
				const struct dahdi_chan_info *ch = &sp->chans[c];

				if (!ch->channo)
					continue;
				if ((ch->sigcap & DAHDI_SIG_FXOKS) == DAHDI_SIG_FXOKS)
					fxo[nfxo++] = ch->channo;
				else if ((ch->sigcap & DAHDI_SIG_FXSKS) == DAHDI_SIG_FXSKS)
					fxs[nfxs++] = ch->channo;
				else
					fprintf(f, "# channel %d: neither FXS nor FXO signalling, "
						"left out\n", ch->channo);
			}
			fprintf(f, "# its ports: see fxoks=/fxsks= below\n");
			continue;
		}
		digital++;
		if (o->cas_all || (sp->si.spanno <= DAHDI_MAX_SPANS && o->cas[sp->si.spanno])) {
			/* CAS: E1 TS16 multiframe, T1 robbed bits; every channel E&M */
			fprintf(f, "span=%d,%d,0,%s\n", sp->si.spanno,
				o->order ? digital : digital == 1 ? 1 : 0,
				k == GK_E1 ? "cas,hdb3" : "esf,b8zs");
			for (int c = 0; c < sp->si.totalchans; c++)
				if (sp->chans[c].channo && !(k == GK_E1 && sp->chans[c].chanpos == 16))
					list[n++] = sp->chans[c].channo;
			put_ranges(f, k == GK_E1 ? "e&me1" : "e&m", list, n);
			continue;
		}
		fprintf(f, "span=%d,%d,0,%s\n", sp->si.spanno,
			o->order ? digital : digital == 1 ? 1 : 0,
			k == GK_E1 ? "ccs,hdb3,crc4" : "esf,b8zs");
		for (int c = 0; c < sp->si.totalchans; c++) {
			const struct dahdi_chan_info *ch = &sp->chans[c];

			if (!ch->channo)
				continue;
			if (ch->chanpos == dpos) {
				dchan = ch->channo;
				hard = dchan_hard(sp, ch, k, o->dchan);
			} else {
				list[n++] = ch->channo;
			}
		}
		put_ranges(f, "bchan", list, n);
		if (dchan)
			fprintf(f, "%s=%d\n", hard ? "hardhdlc" : "dchan", dchan);
	}
	if (nfxo || nfxs)
		fprintf(f, "\n# analog: fxoks= a port that drives a phone (FXS), fxsks= a port on a line (FXO)\n");
	put_ranges(f, "fxoks", fxo, nfxo);
	put_ranges(f, "fxsks", fxs, nfxs);
	fprintf(f, "\nloadzone=%s\ndefaultzone=%s\n", o->zone, o->zone);
	free(list), free(fxo), free(fxs);
	return done;
}

/* A sysfs attribute's first line, or "" */
static void attr(const char *dir, const char *name, char *buf, size_t cap)
{
	char p[PATH_MAX];
	FILE *f;

	buf[0] = '\0';
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "r");
	if (!f)
		return;
	if (fgets(buf, (int)cap, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* as dahdi_span_assignments' attr_clean: '!' -> '/', drop all but a-zA-Z0-9/:.- */
static void clean(char *s)
{
	char *o = s;

	for (; *s; s++) {
		char c = *s == '!' ? '/' : *s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '/' || c == ':' || c == '.' || c == '-')
			*o++ = c;
	}
	*o = '\0';
}

/* assigned-spans.conf: per DAHDI device, each assigned span "ID local:span:basechan". */
static void write_assigned(FILE *f, const struct gc_sys *s)
{
	const char *base = "/sys/bus/dahdi_devices/devices";
	struct dirent **ents = NULL;
	int n;

	fprintf(f, "#\n# written by tel genconf; the format of dahdi_span_assignments dumpconfig\n"
		"# Map devices + local spans to span + base channel number\n\n");
	n = scandir(base, &ents, NULL, alphasort);
	for (int d = 0; d < n; d++) {
		char dir[PATH_MAX], real[PATH_MAX], hwid[128], loc[128], id[PATH_MAX + 2];

		if (ents[d]->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", base, ents[d]->d_name);
		if (!realpath(dir, real))
			snprintf(real, sizeof(real), "%s", dir);
		attr(dir, "hardware_id", hwid, sizeof(hwid));
		attr(dir, "location", loc, sizeof(loc));
		clean(hwid);
		clean(loc);
		if (hwid[0])
			snprintf(id, sizeof(id), "%s", hwid);
		else
			snprintf(id, sizeof(id), "%s", real);
		fprintf(f, "# Device: [%s] @%s %s\n", hwid, loc, real);
		for (int i = 0; i < s->nspans; i++) {
			char sd[PATH_MAX + 16], local[16];

			snprintf(sd, sizeof(sd), "%s/span-%d", dir, s->spans[i].si.spanno);
			attr(sd, "local_spanno", local, sizeof(local));
			if (local[0])
				fprintf(f, "%-30s %s:%d:%d\n", id, local, s->spans[i].si.spanno,
					s->spans[i].si.basechan);
		}
		fprintf(f, "\n");
	}
	for (int d = 0; d < n; d++)
		free(ents[d]);
	free(ents);
}

/* Writes @path through PATH.tmp and a rename. 0, or -1 after a message. */
static int write_file(const char *path, const struct gc_sys *s, const struct gc_opts *o,
		      bool system)
{
	char tmp[PATH_MAX];
	FILE *f;
	int bad;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		tel_err("genconf: cannot write %s: %s%s", tmp, strerror(errno),
			errno == ENOENT ? " (does its directory exist? mkdir -p /etc/dahdi)" :
			errno == EACCES ? " (run as root, or give --conf/--assigned FILE)" : "");
		return -1;
	}
	if (system)
		write_system_conf(f, s, o);
	else
		write_assigned(f, s);
	bad = ferror(f);
	if (fclose(f) || bad || rename(tmp, path)) {
		tel_err("genconf: cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void genconf_usage(FILE *f)
{
	fputs("usage: tel genconf [--dry-run] [--conf FILE] [--assigned FILE] [--zone ZONE]\n"
	      "                   [--timing first|order] [--dchan hardhdlc|dchan] [--cas all|SPANS]\n"
	      "\n"
	      "Writes DAHDI's system.conf for the spans present (any vendor's: read through\n"
	      "DAHDI_SPANSTAT and DAHDI_GET_PARAMS) and assigned-spans.conf for their numbers:\n"
	      "  E1 span   span=N,T,0,ccs,hdb3,crc4  bchan= the rest  hardhdlc=/dchan= channel 16\n"
	      "  T1 span   span=N,T,0,esf,b8zs       bchan= the rest  hardhdlc=/dchan= channel 24\n"
	      "            (hardhdlc where the channel has hardware HDLC, else dchan=)\n"
	      "  analog    fxoks= for a port that drives a phone (FXS port),\n"
	      "            fxsks= for a port on a line (FXO port)\n"
	      "  loadzone=ZONE, defaultzone=ZONE\n"
	      "Then run dahdi_cfg.\n"
	      "\n"
	      "  --dry-run        print both files instead of writing them\n"
	      "  --conf FILE      system.conf's path (default /etc/dahdi/system.conf)\n"
	      "  --assigned FILE  assigned-spans.conf's path (default /etc/dahdi/assigned-spans.conf)\n"
	      "  --zone ZONE      tone zone (default us)\n"
	      "  --timing first   timing priority 1 for the first E1/T1 span, 0 (free run) for the\n"
	      "                   others (default: one span takes the clock from its line)\n"
	      "  --timing order   1, 2, 3 ... in span order\n"
	      "  --cas all|SPANS  these E1/T1 spans (all, or numbers such as 1,3-4) as CAS instead of\n"
	      "                   PRI: E1 span=N,T,0,cas,hdb3 with TS16 signalling, T1 span=N,T,0,esf,b8zs\n"
	      "                   with robbed bits; every voice channel E&M (e&me1= / e&m=), which\n"
	      "                   you may change to fxsks=/fxoks= etc. for your far end\n"
	      "  --help           this text\n"
	      "  --dchan hardhdlc|dchan  the D-channels' kind, for every span (default: hardhdlc\n"
	      "                   where the channel offers hardware HDLC, or where an E1 span not\n"
	      "                   yet configured CCS offers nothing on channel 16; else dchan)\n"
	      "\n"
	      "exit status: 0 written, 1 no spans or a file not written, 2 bad usage\n", f);
}

int cmd_genconf(int argc, char **argv)
{
	struct gc_opts o = {
		.conf = "/etc/dahdi/system.conf",
		.assigned = "/etc/dahdi/assigned-spans.conf",
		.zone = "us",
	};
	struct gc_sys s;
	int i, rc = EXIT_OK;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = !strcmp(a, "--conf") ? &o.conf :
				   !strcmp(a, "--assigned") ? &o.assigned :
				   !strcmp(a, "--zone") ? &o.zone : NULL;

		if (!strcmp(a, "--dry-run")) {
			o.dry_run = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			genconf_usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--cas")) {
			const char *v = i + 1 < argc ? argv[++i] : "";

			if (parse_cas(v, &o)) {
				tel_err("genconf: --cas '%s': want all, or span numbers 1..%d such as 1,3-4",
					v, DAHDI_MAX_SPANS);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--dchan")) {
			const char *v = i + 1 < argc ? argv[++i] : "";

			if (!strcmp(v, "hardhdlc") || !strcmp(v, "dchan")) {
				o.dchan = v[0] == 'h' ? GD_HARD : GD_SOFT;
			} else {
				tel_err("genconf: --dchan '%s': want hardhdlc or dchan", v);
				return EXIT_USAGE;
			}
		} else if (val || !strcmp(a, "--timing")) {
			if (i + 1 >= argc || !argv[i + 1][0]) {
				tel_err("genconf: %s needs a value (tel help genconf)", a);
				return EXIT_USAGE;
			}
			if (val) {
				*val = argv[++i];
			} else if (!strcmp(argv[i + 1], "first") || !strcmp(argv[i + 1], "order")) {
				o.order = !strcmp(argv[++i], "order");
			} else {
				tel_err("genconf: --timing '%s': want first or order", argv[i + 1]);
				return EXIT_USAGE;
			}
		} else {
			tel_err("genconf: unknown option '%s' (tel help genconf)", a);
			return EXIT_USAGE;
		}
	}
	if (!o.zone[0] || strlen(o.zone) > 15 ||
	    strspn(o.zone, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(o.zone)) {
		tel_err("genconf: --zone '%s': want a tone zone name such as us, uk, de", o.zone);
		return EXIT_USAGE;
	}
	if (gc_scan(&s))
		return EXIT_FAIL;
	if (!s.nspans) {
		tel_err("genconf: DAHDI has no spans (is a board's driver loaded? are its spans "
			"assigned? dahdi_span_assignments auto)");
		gc_free(&s);
		return EXIT_FAIL;
	}
	if (o.dry_run) {
		printf("# --- %s\n", o.conf);
		write_system_conf(stdout, &s, &o);
		printf("\n# --- %s\n", o.assigned);
		write_assigned(stdout, &s);
	} else if (write_file(o.conf, &s, &o, true) || write_file(o.assigned, &s, &o, false)) {
		rc = EXIT_FAIL;
	} else {
		printf("tel genconf: wrote %s (%d spans) and %s; now run dahdi_cfg\n", o.conf,
		       s.nspans, o.assigned);
	}
	gc_free(&s);
	return rc;
}
