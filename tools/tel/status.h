/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tel status and tel maint: a span's state gathered, printed as text or JSON. */
#ifndef TEL_TOOL_STATUS_H
#define TEL_TOOL_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "spans.h"

#define STATUS_MAX_SPANS	128	/* DAHDI_MAX_SPANS */

/* One span with its channels and what the simulated card adds. */
struct status_span {
	struct dahdi_span_info si;
	struct dahdi_chan_info *chans;	/* si.totalchans of them (those DAHDI answered) */
	int nchans;
	bool sim;			/* simulated card: tsim is valid */
	struct dahdi_telsim_info tsim;
};

struct status_args {
	int spans[STATUS_MAX_SPANS];	/* as given; none: every span */
	int nspans;
	bool json;
	bool watch;
	unsigned int interval_ms;	/* --watch SECONDS (default 1 s) */
};

/* Parse `tel status` arguments (argv[0] is "status"): 0, or EXIT_USAGE after a message. */
int status_parse_args(int argc, char **argv, struct status_args *a);

/* A span number argument (1..127): 0, or -1. */
int status_parse_span(const char *s, int *spanno);

/* Open DAHDI's control device; on failure a message naming the fix: EXIT_OK or EXIT_FAIL. */
int status_open(struct dahdi_ctl *c, const char *cmd);
/* The message for span @spanno that DAHDI did not give (errno @err). */
void status_span_error(struct dahdi_ctl *c, const char *cmd, int spanno, int err);

/* Gather span @spanno: 0, or -1 with errno. */
int status_collect(struct dahdi_ctl *c, int spanno, struct status_span *s);
void status_release(struct status_span *s);

/* The span as a JSON object (key NULL inside an array). */
void status_span_json(struct jw *w, const char *key, const struct status_span *s);
/* The span as text: its heading line, counters, and (with @chans) its channels.
 * With @prev (the same span one redraw ago) and @hl, counters that moved and
 * alarms that changed are shown in reverse video. */
void status_span_text(FILE *f, const struct status_span *s, const struct status_span *prev,
		      bool hl, bool chans);

void status_usage(FILE *f);
void maint_usage(FILE *f);

#endif
