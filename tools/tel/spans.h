/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DAHDI's spans and channels as plain data, for tel's subcommands (status,
 * maint, genconf, ...). Everything comes from DAHDI's ioctls on its control
 * device (DAHDI_SPANSTAT, DAHDI_GET_PARAMS, DAHDI_MAINT) and from single-value
 * sysfs attributes DAHDI itself publishes (is_sync_master, in_use); nothing
 * parses /proc text, and nothing depends on which driver made the span.
 *
 *	struct dahdi_ctl c;
 *	if (dahdi_ctl_open(&c, NULL) < 0) ...		(errno: ENOENT = no DAHDI)
 *	for (s = dahdi_span_next(&c, 0, &si); s > 0; s = dahdi_span_next(&c, s, &si))
 *		for (ch = 0; ch < si.totalchans; ch++)
 *			dahdi_chan_get(&c, si.basechan + ch, &ci);
 *	dahdi_ctl_close(&c);
 *
 * What only our simulated card knows (firmware version, wiring) is in
 * dahdi_span_telsim(); it finds nothing on any other driver's span.
 */
#ifndef TEL_TOOL_SPANS_H
#define TEL_TOOL_SPANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DAHDI_CTL_PATH	"/dev/dahdi/ctl"

struct dahdi_ctl {
	int fd;
	const char *path;	/* what was opened (for messages) */
};

/* A span's counters; -1 where DAHDI gives no way to read it (slips: only
 * /proc shows DAHDI's timingslips, so only a driver-specific source fills it). */
struct dahdi_counters {
	long long fas, crc4, ebit, bpv, cv, fe, be, prbs, errsec, irqmisses, slips;
};

/* One span, as DAHDI_SPANSTAT returns it (strings NUL-terminated). */
struct dahdi_span_info {
	int spanno;
	char name[21];
	char desc[41];
	char spantype[7];	/* DAHDI's own word: E1, T1, J1, FXS, FXO, DYNAM, ... or "" */
	const char *type;	/* E1, T1, J1, FXS, FXO, BRI, or "unknown" (dahdi_span_type) */
	bool digital;		/* linecompat != 0 */
	unsigned int alarms;	/* DAHDI_ALARM_* bits */
	int syncsrc;		/* span number DAHDI says gives timing; 0 free run */
	int master;		/* 1: DAHDI's timing master (sysfs is_sync_master), 0 not, -1 unknown */
	int lineconfig;		/* DAHDI_CONFIG_* framing/coding as configured (0: not) */
	int linecompat;		/* what the span supports */
	int totalchans, numchans;	/* channels, configured channels */
	int basechan;		/* number of its first channel (0: none found) */
	int lbo;
	char lboname[41];
	char location[41], manufacturer[41], devicetype[41];
	struct dahdi_counters count;
};

/* One channel, from DAHDI_GET_PARAMS. */
struct dahdi_chan_info {
	int channo, spanno, chanpos;
	char name[41];
	int sigtype, sigcap;	/* DAHDI_SIG_* */
	int master;		/* the channel it is a slave of (== channo when none) */
	int in_use;		/* 1 open, 0 not, -1 unknown (sysfs in_use absent) */
	bool offhook;		/* rxisoffhook */
	unsigned int alarms;	/* chan_alarms */
};

/* What only the simulated card (telsim) knows about a span. */
struct dahdi_telsim_info {
	int card;		/* telsim device ID */
	int span;		/* span (or port block) on the card, from 1 */
	char firmware[32];	/* firmware_version; "" when unreadable */
	int linked;		/* 1 cabled to another span, 0 not, -1 unknown (no debugfs) */
	long long slips;	/* the card's slip counter, -1 unknown */
};

/* Open DAHDI's control device (@path NULL: $TEL_DAHDI_CTL, else DAHDI_CTL_PATH).
 * 0, or -1 with errno (ENOENT: DAHDI is not loaded). */
int dahdi_ctl_open(struct dahdi_ctl *c, const char *path);
void dahdi_ctl_close(struct dahdi_ctl *c);

/* Span @spanno: 0, or -1 with errno (EINVAL/ENOENT: no such span). */
int dahdi_span_get(struct dahdi_ctl *c, int spanno, struct dahdi_span_info *si);
/* The first span after @after (0: the first of all) into @si: its number, or
 * 0 when there are no more. Span numbers may have gaps. */
int dahdi_span_next(struct dahdi_ctl *c, int after, struct dahdi_span_info *si);

/* Channel @channo (its DAHDI number): 0, or -1 with errno. */
int dahdi_chan_get(struct dahdi_ctl *c, int channo, struct dahdi_chan_info *ci);

/* DAHDI_MAINT @command (DAHDI_MAINT_*, DAHDI_RESET_COUNTERS) on span @spanno:
 * 0, or -1 with errno (ENOSYS: the driver has no such maintenance). */
int dahdi_span_maint(struct dahdi_ctl *c, int spanno, int command);

/* The simulated card's view of a span: 0, or -1 when it is no telsim span. */
int dahdi_span_telsim(const struct dahdi_span_info *si, struct dahdi_telsim_info *ti);

/* Words. */
const char *dahdi_span_type(const char *spantype, int linecompat, int totalchans);
/* DAHDI_ALARM_* bits as words (RED YELLOW BLUE LOS LFA LMFA LOOPBACK RECOVER
 * NOTOPEN), into @words; returns how many (at most @max). */
size_t dahdi_alarm_words(unsigned int alarms, const char **words, size_t max);
/* "CCS/HDB3/CRC4", "ESF/B8ZS", "" when unset. */
void dahdi_lineconfig_str(int lineconfig, char *buf, size_t len);
/* "HARDHDLC", "FXOKS", "CLEAR", "unconfigured" ... */
const char *dahdi_sig_name(int sigtype);

#endif
