// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel — diagnostics CLI for the tel telephony stack. One binary, subcommands:
 * each is a row of tel_cmds[] (its name, what runs it, its help, and a line
 * or two for `tel help`).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "libtel/tel.h"
#include "call.h"
#include "status.h"
#include "tel.h"

static void call_help(FILE *f)
{
	call_usage(f, false, true);
}

static void answer_help(FILE *f)
{
	call_usage(f, true, true);
}

static const struct tel_cmd tel_cmds[] = {
	{ "decode", cmd_decode, decode_usage,
	  "  decode FILE.pcap [--json]          decode a LAPD/Q.931 trace (pcap, link type 177)\n"
	  "  decode --hex \"08 02 ...\" [--json] [--dir user|net]\n"
	  "                                     decode one Q.931 message given as hex\n" },
	{ "call", cmd_call, call_help,
	  "  call --link fd:N --side user|network --switch euroisdn|ni2 --to NUMBER ...\n"
	  "                                     place call(s), hold, drop with cause and UUI\n" },
	{ "answer", cmd_answer, answer_help,
	  "  answer --link fd:N --side ... --switch ... [--reject] ...\n"
	  "                                     answer or reject incoming calls\n"
	  "  call|answer --chan /dev/dahdi/chan/SSS/CCC ...\n"
	  "                                     the same on a DAHDI channel: a PRI D-channel,\n"
	  "                                     or an FXS/FXO port (no --side/--switch)\n" },
	{ "status", cmd_status, status_usage,
	  "  status [SPAN...] [--json] [--watch [SECONDS]]\n"
	  "                                     DAHDI spans: type, framing, timing, alarms,\n"
	  "                                     error counters, channels (any driver)\n" },
	{ "maint", cmd_maint, maint_usage,
	  "  maint SPAN loopback local|line|payload|off | inject KIND | reset-counters\n"
	  "                                     span maintenance (as dahdi_maint), read back\n" },
	{ "trace", cmd_trace, trace_usage,
	  "  trace --span N|--chan PATH [--pcap FILE|-] [--json]\n"
	  "                                     live D-channel trace, both ways, until Ctrl-C\n"
	  "  trace --follow FILE [--pcap FILE|-] [--json]\n"
	  "                                     follow the pcap a libtel application writes\n" },
	{ "sim", cmd_sim, sim_usage,
	  "  sim new|del|link|unlink|fault|phone|co|clock|status ...\n"
	  "                                     the simulated card's knobs, checked\n" },
	{ "genconf", cmd_genconf, genconf_usage,
	  "  genconf [--dry-run] [--conf FILE] [--assigned FILE]\n"
	  "                                     DAHDI's system.conf for the spans present\n" },
	{ "fw", cmd_fw, fw_usage,
	  "  fw info FILE [--json] | fw check FILE\n"
	  "                                     a firmware image's header and verdict\n" },
};

#define NCMDS	(sizeof(tel_cmds) / sizeof(tel_cmds[0]))

static const struct tel_cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (!strcmp(tel_cmds[i].name, name))
			return &tel_cmds[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tel COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < NCMDS; i++)
		fputs(tel_cmds[i].summary, f);
	fprintf(f,
		"  version, --version                 print the version\n"
		"  help [COMMAND]                     this text, or a command's options and exit status\n");
}

static int help(int argc, char **argv)
{
	const struct tel_cmd *c;
	size_t i;

	if (argc < 3) {
		usage(stdout);
		return EXIT_OK;
	}
	c = find_cmd(argv[2]);
	if (!c) {
		fprintf(stderr, "tel: help: no command '%s' (commands:", argv[2]);
		for (i = 0; i < NCMDS; i++)
			fprintf(stderr, " %s", tel_cmds[i].name);
		fprintf(stderr, ")\n");
		return EXIT_USAGE;
	}
	c->help(stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct tel_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	c = find_cmd(argv[1]);
	if (c)
		return c->run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("tel %s\n", tel_version());
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return help(argc, argv);
	tel_err("unknown command '%s' (try: tel help)", argv[1]);
	return EXIT_USAGE;
}
