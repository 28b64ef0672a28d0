// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel maint SPAN loopback local|line|payload|off
 * tel maint SPAN inject fas|multi|crc|cas|prbs|bipolar
 * tel maint SPAN reset-counters
 * DAHDI_MAINT as dahdi_maint does it, with the span read back and shown.
 */
#include <errno.h>
#include <string.h>

#include <dahdi/user.h>

#include "status.h"
#include "tel.h"

struct maint_word {
	const char *word;
	int command;
	const char *what;
};

static const struct maint_word loops[] = {
	{ "local", DAHDI_MAINT_LOCALLOOP, "local loopback (what the span sends comes back to it)" },
	{ "line", DAHDI_MAINT_NETWORKLINELOOP, "network line loopback (the line's signal goes back to it)" },
	{ "payload", DAHDI_MAINT_NETWORKPAYLOADLOOP, "network payload loopback (the payload goes back, framing regenerated)" },
	{ "off", DAHDI_MAINT_NONE, "no loopback" },
};

static const struct maint_word injects[] = {
	{ "fas", DAHDI_MAINT_FAS_DEFECT, "one FAS (frame alignment signal) error" },
	{ "multi", DAHDI_MAINT_MULTI_DEFECT, "one multiframe alignment error" },
	{ "crc", DAHDI_MAINT_CRC_DEFECT, "one CRC error" },
	{ "cas", DAHDI_MAINT_CAS_DEFECT, "one CAS multiframe error" },
	{ "prbs", DAHDI_MAINT_PRBS_DEFECT, "one PRBS bit error" },
	{ "bipolar", DAHDI_MAINT_BIPOLAR_DEFECT, "one bipolar violation" },
};

#define N(a)	(sizeof(a) / sizeof((a)[0]))

void maint_usage(FILE *f)
{
	fprintf(f,
		"usage: tel maint SPAN loopback local|line|payload|off [--json]\n"
		"       tel maint SPAN inject fas|multi|crc|cas|prbs|bipolar [--json]\n"
		"       tel maint SPAN reset-counters [--json]\n"
		"\n"
		"DAHDI's span maintenance (DAHDI_MAINT, as dahdi_maint), then the span read back:\n"
		"  loopback local    what the span sends comes back to its own receiver\n"
		"  loopback line     the far end's signal is sent back to it (network line loop)\n"
		"  loopback payload  the far end's payload is sent back, framing regenerated\n"
		"  loopback off      end any loopback\n"
		"  While a loopback is set DAHDI shows LOOPBACK among the span's alarms.\n"
		"  inject KIND       send one error of KIND towards the far end; the far end counts\n"
		"                    it (tel status on that span), not this one\n"
		"  reset-counters    set the span's error counters to 0\n"
		"The driver decides which it supports (DAHDI answers ENOSYS for the others).\n"
		"\n"
		"  --json            {\"maint\":\"loopback local\",\"span\":SPAN} with SPAN the span's\n"
		"                    object as in tel status --json (tel help status)\n"
		"\n"
		"exit status: 0 done and read back; 1 DAHDI not loaded, no such span, or the\n"
		"driver refused; 2 usage\n");
}

static const struct maint_word *find_word(const struct maint_word *tab, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(tab[i].word, w))
			return &tab[i];
	return NULL;
}

static void list_words(char *buf, size_t len, const struct maint_word *tab, size_t n)
{
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "|" : "", tab[i].word);
}

int cmd_maint(int argc, char **argv)
{
	const struct maint_word *mw = NULL;
	const char *words[3];
	int nwords = 0, spanno, i, rc;
	bool json = false;
	struct status_span sp;
	struct dahdi_ctl c;
	char list[80], label[64];

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			maint_usage(stdout);
			return EXIT_OK;
		} else if (argv[i][0] == '-') {
			tel_err("maint: unknown option '%s' (tel help maint)", argv[i]);
			return EXIT_USAGE;
		} else if (nwords == 3) {
			tel_err("maint: too many arguments from '%s' (tel help maint)", argv[i]);
			return EXIT_USAGE;
		} else {
			words[nwords++] = argv[i];
		}
	}
	if (nwords < 2) {
		maint_usage(stderr);
		return EXIT_USAGE;
	}
	if (status_parse_span(words[0], &spanno)) {
		tel_err("maint: '%s' is no span number (1..%d; dahdi_scan lists them)", words[0],
			STATUS_MAX_SPANS - 1);
		return EXIT_USAGE;
	}
	if (!strcmp(words[1], "loopback") || !strcmp(words[1], "inject")) {
		bool loop = words[1][0] == 'l';
		const struct maint_word *tab = loop ? loops : injects;
		size_t n = loop ? N(loops) : N(injects);

		list_words(list, sizeof(list), tab, n);
		if (nwords < 3) {
			tel_err("maint: %s needs one of %s", words[1], list);
			return EXIT_USAGE;
		}
		mw = find_word(tab, n, words[2]);
		if (!mw) {
			tel_err("maint: %s '%s': not one of %s", words[1], words[2], list);
			return EXIT_USAGE;
		}
	} else if (!strcmp(words[1], "reset-counters")) {
		static const struct maint_word reset = { "reset-counters", DAHDI_RESET_COUNTERS,
							 "counters reset" };

		if (nwords > 2) {
			tel_err("maint: reset-counters takes nothing more ('%s')", words[2]);
			return EXIT_USAGE;
		}
		mw = &reset;
	} else {
		tel_err("maint: '%s': not loopback, inject or reset-counters (tel help maint)",
			words[1]);
		return EXIT_USAGE;
	}
	snprintf(label, sizeof(label), "%s%s%s", words[1], nwords > 2 ? " " : "",
		 nwords > 2 ? words[2] : "");

	rc = status_open(&c, "maint");
	if (rc)
		return rc;
	if (status_collect(&c, spanno, &sp)) {
		status_span_error(&c, "maint", spanno, errno);
		dahdi_ctl_close(&c);
		return EXIT_FAIL;
	}
	status_release(&sp);
	if (dahdi_span_maint(&c, spanno, mw->command)) {
		int e = errno;

		if (e == ENOSYS || e == EOPNOTSUPP || e == ENOTTY)
			tel_err("maint: span %d (%s): its driver does not do %s (DAHDI_MAINT: %s)",
				spanno, sp.si.name, label, strerror(e));
		else
			tel_err("maint: span %d (%s): %s: %s", spanno, sp.si.name, label,
				strerror(e));
		dahdi_ctl_close(&c);
		return EXIT_FAIL;
	}
	/* read back what the span says now */
	if (status_collect(&c, spanno, &sp)) {
		tel_err("maint: span %d: %s done, but the span could not be read back: %s", spanno,
			label, strerror(errno));
		dahdi_ctl_close(&c);
		return EXIT_FAIL;
	}
	dahdi_ctl_close(&c);
	if (json) {
		struct jw w;

		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_cstr(&w, "maint", label);
		status_span_json(&w, "span", &sp);
		jw_end_obj(&w);
		jw_line_end(&w);
	} else {
		if (mw->command >= DAHDI_MAINT_FAS_DEFECT && mw->command <= DAHDI_MAINT_BIPOLAR_DEFECT)
			printf("span %d: sent %s towards the far end (its counters show it: "
			       "tel status on the far span)\n", spanno, mw->what);
		else
			printf("span %d: %s\n", spanno, mw->what);
		status_span_text(stdout, &sp, NULL, false, false);
	}
	status_release(&sp);
	return EXIT_OK;
}
