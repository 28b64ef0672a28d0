// SPDX-License-Identifier: GPL-2.0-or-later
/* tel — diagnostics CLI for the tel telephony stack. One binary, subcommands. */
#include <stdio.h>
#include <string.h>

#include "libtel/tel.h"
#include "call.h"
#include "tel.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tel COMMAND [ARGS]\n"
		"\n"
		"commands:\n"
		"  decode FILE.pcap [--json]          decode a LAPD/Q.931 trace (pcap, link type 177)\n"
		"  decode --hex \"08 02 ...\" [--json] [--dir user|net]\n"
		"                                     decode one Q.931 message given as hex\n"
		"  call --link fd:N --side user|network --switch euroisdn|ni2 --to NUMBER ...\n"
		"                                     place call(s), hold, drop with cause and UUI\n"
		"  answer --link fd:N --side ... --switch ... [--reject] ...\n"
		"                                     answer or reject incoming calls\n"
		"  call|answer --chan /dev/dahdi/chan/SSS/CCC ...\n"
		"                                     the same on a DAHDI channel: a PRI D-channel,\n"
		"                                     or an FXS/FXO port (no --side/--switch)\n"
		"  version                            print the version\n"
		"  help [COMMAND]                     this text, or a command's options and exit status\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "decode"))
		return cmd_decode(argc - 1, argv + 1);
	if (!strcmp(argv[1], "call"))
		return cmd_call(argc - 1, argv + 1);
	if (!strcmp(argv[1], "answer"))
		return cmd_answer(argc - 1, argv + 1);
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("tel %s\n", tel_version());
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc > 2 && (!strcmp(argv[2], "call") || !strcmp(argv[2], "answer"))) {
			call_usage(stdout, !strcmp(argv[2], "answer"), true);
			return EXIT_OK;
		}
		if (argc > 2 && !strcmp(argv[2], "decode")) {
			decode_usage(stdout);
			return EXIT_OK;
		}
		if (argc > 2) {
			tel_err("help: no command '%s' (commands: decode call answer)", argv[2]);
			return EXIT_USAGE;
		}
		usage(stdout);
		return EXIT_OK;
	}
	tel_err("unknown command '%s' (try: tel help)", argv[1]);
	return EXIT_USAGE;
}
