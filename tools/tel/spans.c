// SPDX-License-Identifier: GPL-2.0-or-later
/* DAHDI's spans and channels through its ioctls (see spans.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "spans.h"

#define SYS_SPANS	"/sys/bus/dahdi_spans/devices"
#define SYS_CHANS	"/sys/bus/dahdi_channels/devices"
#define DEBUGFS_TELSIM	"/sys/kernel/debug/telsim"

int dahdi_ctl_open(struct dahdi_ctl *c, const char *path)
{
	if (!path)
		path = getenv("TEL_DAHDI_CTL");
	if (!path || !*path)
		path = DAHDI_CTL_PATH;
	c->path = path;
	c->fd = open(path, O_RDWR | O_CLOEXEC);
	return c->fd < 0 ? -1 : 0;
}

void dahdi_ctl_close(struct dahdi_ctl *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* A sysfs attribute holding one integer: 0, or -1 when absent or not a number. */
static int sysfs_int(const char *path, long long *v)
{
	char buf[64], *end;
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	errno = 0;
	*v = strtoll(buf, &end, 0);
	if (end == buf || errno)
		return -1;
	return 0;
}

/* A fixed-size field of an ioctl struct into a NUL-terminated string. */
static void copy_field(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	size_t n = strnlen(src, srclen);

	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

const char *dahdi_span_type(const char *spantype, int linecompat, int totalchans)
{
	static const char *const known[] = { "E1", "T1", "J1", "FXS", "FXO" };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(spantype, known[i]))
			return known[i];
	if (!strcmp(spantype, "NT") || !strcmp(spantype, "TE") || !strncmp(spantype, "BRI", 3))
		return "BRI";
	/* a digital span of another kind (DAHDI's dynamic spans say "DYNAM"):
	 * by its channels, as G.704 and T1.107 count them */
	if (linecompat) {
		if (totalchans == 31)
			return "E1";
		if (totalchans == 24)
			return "T1";
	}
	return "unknown";
}

/* Without DAHDI's sysfs: the channel at position 1 of the span, by asking each. */
static int find_basechan(struct dahdi_ctl *c, int spanno)
{
	struct dahdi_params p;
	int ch;

	for (ch = 1; ch < DAHDI_MAX_CHANNELS; ch++) {
		memset(&p, 0, sizeof(p));
		p.channo = ch;
		if (ioctl(c->fd, DAHDI_GET_PARAMS, &p) == 0 && p.spanno == spanno &&
		    p.chanpos == 1)
			return ch;
	}
	return 0;
}

int dahdi_span_get(struct dahdi_ctl *c, int spanno, struct dahdi_span_info *si)
{
	struct dahdi_spaninfo s;
	char path[PATH_MAX];
	long long v;

	if (spanno <= 0 || spanno >= DAHDI_MAX_SPANS) {
		errno = ENOENT;
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.spanno = spanno;
	if (ioctl(c->fd, DAHDI_SPANSTAT, &s) < 0)
		return -1;
	memset(si, 0, sizeof(*si));
	si->spanno = s.spanno;
	copy_field(si->name, sizeof(si->name), s.name, sizeof(s.name));
	copy_field(si->desc, sizeof(si->desc), s.desc, sizeof(s.desc));
	copy_field(si->spantype, sizeof(si->spantype), s.spantype, sizeof(s.spantype));
	copy_field(si->lboname, sizeof(si->lboname), s.lboname, sizeof(s.lboname));
	copy_field(si->location, sizeof(si->location), s.location, sizeof(s.location));
	copy_field(si->manufacturer, sizeof(si->manufacturer), s.manufacturer,
		   sizeof(s.manufacturer));
	copy_field(si->devicetype, sizeof(si->devicetype), s.devicetype, sizeof(s.devicetype));
	si->alarms = (unsigned int)s.alarms;
	si->syncsrc = s.syncsrc;
	si->lineconfig = s.lineconfig;
	si->linecompat = s.linecompat;
	si->digital = s.linecompat != 0;
	si->totalchans = s.totalchans;
	si->numchans = s.numchans;
	si->lbo = s.lbo;
	si->type = dahdi_span_type(si->spantype, s.linecompat, s.totalchans);
	si->count.fas = s.fascount;
	si->count.crc4 = s.crc4count;
	si->count.ebit = s.ebitcount;
	si->count.bpv = s.bpvcount;
	si->count.cv = s.cvcount;
	si->count.fe = s.fecount;
	si->count.be = s.becount;
	si->count.prbs = s.prbs;
	si->count.errsec = s.errsec;
	si->count.irqmisses = s.irqmisses;
	si->count.slips = -1;
	/* DAHDI's timing master and the span's first channel: sysfs only */
	snprintf(path, sizeof(path), SYS_SPANS "/span-%d/is_sync_master", spanno);
	si->master = sysfs_int(path, &v) ? -1 : v != 0;
	snprintf(path, sizeof(path), SYS_SPANS "/span-%d/basechan", spanno);
	if (sysfs_int(path, &v) == 0 && v > 0)
		si->basechan = (int)v;
	else if (si->totalchans > 0)
		si->basechan = find_basechan(c, spanno);
	return 0;
}

int dahdi_span_next(struct dahdi_ctl *c, int after, struct dahdi_span_info *si)
{
	int s;

	for (s = after + 1; s < DAHDI_MAX_SPANS; s++)
		if (dahdi_span_get(c, s, si) == 0)
			return s;
	return 0;
}

int dahdi_chan_get(struct dahdi_ctl *c, int channo, struct dahdi_chan_info *ci)
{
	struct dahdi_params p;
	char path[PATH_MAX];
	long long v;

	if (channo <= 0 || channo >= DAHDI_MAX_CHANNELS) {
		errno = ENOENT;
		return -1;
	}
	memset(&p, 0, sizeof(p));
	/* the control device names the channel by number; ask for its master too */
	p.channo = channo | DAHDI_GET_PARAMS_RETURN_MASTER;
	if (ioctl(c->fd, DAHDI_GET_PARAMS, &p) < 0)
		return -1;
	memset(ci, 0, sizeof(*ci));
	ci->channo = p.channo & 0xffff;
	ci->master = (p.channo >> 16) & 0xffff;
	if (!ci->master)
		ci->master = ci->channo;
	ci->spanno = p.spanno;
	ci->chanpos = p.chanpos;
	copy_field(ci->name, sizeof(ci->name), p.name, sizeof(p.name));
	ci->sigtype = p.sigtype;
	ci->sigcap = p.sigcap;
	ci->offhook = p.rxisoffhook != 0;
	ci->alarms = p.chan_alarms;
	snprintf(path, sizeof(path), SYS_CHANS "/dahdi!chan!%03d!%03d/in_use", p.spanno,
		 p.chanpos);
	ci->in_use = sysfs_int(path, &v) ? -1 : v != 0;
	return 0;
}

int dahdi_span_maint(struct dahdi_ctl *c, int spanno, int command)
{
	struct dahdi_maintinfo m = { .spanno = spanno, .command = command };

	return ioctl(c->fd, DAHDI_MAINT, &m) < 0 ? -1 : 0;
}

/* "kind E1 ... linked yes" and "counters ... slips N" of debugfs spanS/status */
static void telsim_status(struct dahdi_telsim_info *ti)
{
	char path[PATH_MAX], line[512];
	FILE *f;

	snprintf(path, sizeof(path), DEBUGFS_TELSIM "/%d/span%d/status", ti->card, ti->span);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		const char *p;

		p = strstr(line, " linked ");
		if (!strncmp(line, "kind ", 5) && p)
			ti->linked = !strncmp(p + 8, "yes", 3);
		p = strstr(line, " slips ");
		if (!strncmp(line, "counters ", 9) && p)
			ti->slips = strtoll(p + 7, NULL, 10);
	}
	fclose(f);
}

int dahdi_span_telsim(const struct dahdi_span_info *si, struct dahdi_telsim_info *ti)
{
	char path[PATH_MAX], real[PATH_MAX], sub[PATH_MAX], *dev, *base;
	unsigned int id;
	long long v;
	ssize_t n;
	FILE *f;

	memset(ti, 0, sizeof(*ti));
	ti->linked = -1;
	ti->slips = -1;
	/* span-N lives under its DAHDI device, which lives under the card */
	snprintf(path, sizeof(path), SYS_SPANS "/span-%d", si->spanno);
	if (!realpath(path, real))
		return -1;
	dev = dirname(dirname(real));
	base = strrchr(dev, '/');
	if (!base || sscanf(base, "/telsim%u", &id) != 1)
		return -1;
	snprintf(path, sizeof(path), "%s/subsystem", dev);
	n = readlink(path, sub, sizeof(sub) - 1);
	if (n <= 0)
		return -1;
	sub[n] = 0;
	base = strrchr(sub, '/');
	if (!base || strcmp(base, "/telsim"))
		return -1;
	ti->card = (int)id;
	snprintf(path, sizeof(path), SYS_SPANS "/span-%d/local_spanno", si->spanno);
	ti->span = sysfs_int(path, &v) ? 1 : (int)v;
	snprintf(path, sizeof(path), "%s/firmware_version", dev);
	f = fopen(path, "re");
	if (f) {
		if (fgets(ti->firmware, sizeof(ti->firmware), f))
			ti->firmware[strcspn(ti->firmware, "\n")] = 0;
		fclose(f);
	}
	if (si->digital)
		telsim_status(ti);
	return 0;
}

size_t dahdi_alarm_words(unsigned int alarms, const char **words, size_t max)
{
	static const struct {
		unsigned int bit;
		const char *word;
	} tab[] = {
		{ DAHDI_ALARM_RED, "RED" },	{ DAHDI_ALARM_YELLOW, "YELLOW" },
		{ DAHDI_ALARM_BLUE, "BLUE" },	{ DAHDI_ALARM_LOS, "LOS" },
		{ DAHDI_ALARM_LFA, "LFA" },	{ DAHDI_ALARM_LMFA, "LMFA" },
		{ DAHDI_ALARM_LOOPBACK, "LOOPBACK" }, { DAHDI_ALARM_RECOVER, "RECOVER" },
		{ DAHDI_ALARM_NOTOPEN, "NOTOPEN" },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]) && n < max; i++)
		if (alarms & tab[i].bit)
			words[n++] = tab[i].word;
	return n;
}

void dahdi_lineconfig_str(int lineconfig, char *buf, size_t len)
{
	static const struct {
		int bit;
		const char *word;
	} tab[] = {
		{ DAHDI_CONFIG_D4, "D4" },   { DAHDI_CONFIG_ESF, "ESF" },
		{ DAHDI_CONFIG_CCS, "CCS" }, { DAHDI_CONFIG_AMI, "AMI" },
		{ DAHDI_CONFIG_B8ZS, "B8ZS" }, { DAHDI_CONFIG_HDB3, "HDB3" },
		{ DAHDI_CONFIG_CRC4, "CRC4" },
	};
	size_t i, used = 0;

	if (len)
		buf[0] = 0;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		int n;

		if (!(lineconfig & tab[i].bit))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? "/" : "", tab[i].word);
		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = 0;	/* whole words only */
			return;
		}
		used += (size_t)n;
	}
}

const char *dahdi_sig_name(int sigtype)
{
	static const struct {
		int sig;
		const char *name;
	} tab[] = {
		{ DAHDI_SIG_NONE, "unconfigured" }, { DAHDI_SIG_FXSLS, "FXSLS" },
		{ DAHDI_SIG_FXSGS, "FXSGS" },	{ DAHDI_SIG_FXSKS, "FXSKS" },
		{ DAHDI_SIG_FXOLS, "FXOLS" },	{ DAHDI_SIG_FXOGS, "FXOGS" },
		{ DAHDI_SIG_FXOKS, "FXOKS" },	{ DAHDI_SIG_EM, "E&M" },
		{ DAHDI_SIG_EM_E1, "E&M-E1" },	{ DAHDI_SIG_CLEAR, "CLEAR" },
		{ DAHDI_SIG_HDLCRAW, "HDLCRAW" }, { DAHDI_SIG_HDLCFCS, "HDLCFCS" },
		{ DAHDI_SIG_HDLCNET, "HDLCNET" }, { DAHDI_SIG_HARDHDLC, "HARDHDLC" },
		{ DAHDI_SIG_MTP2, "MTP2" },	{ DAHDI_SIG_SLAVE, "SLAVE" },
		{ DAHDI_SIG_SF, "SF" },		{ DAHDI_SIG_CAS, "CAS" },
		{ DAHDI_SIG_DACS, "DACS" },	{ DAHDI_SIG_DACS_RBS, "DACS-RBS" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].sig == sigtype)
			return tab[i].name;
	return "unknown";
}
