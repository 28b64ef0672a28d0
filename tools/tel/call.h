/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tel call / tel answer: options (call_opts.c) and the run (call.c). */
#ifndef TEL_TOOL_CALL_H
#define TEL_TOOL_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libtel/tel.h"

#define MAX_UUI 254		/* the most a line can be configured to carry (uui_max) */
#define MAX_PARAMS 16
#define NUMBER_MAX 31		/* digits in --to / --from (tel_call_make()'s limit) */

struct call_opts {
	bool answer_mode;
	int fd;			/* --link fd:N; -1: none */
	const char *chan;	/* --chan PATH; NULL: none */
	bool side_given;	/* --side and --switch both given */
	char where[80];		/* "fd:N" or the channel's path, for messages */
	struct tel_line_cfg cfg;
	const char *to, *from;
	const char *from_name;	/* calling name for SETUP's Display, NULL: none */
	double hold_s;		/* < 0: hold until the far end clears (answer only) */
	int cause;		/* 0: default */
	bool reject;
	uint8_t uui[MAX_UUI];
	size_t uui_len;
	int uui_pd;		/* -1: default for the kind given */
	long count;		/* calls to handle; -1: answer forever */
	bool json;
	double ring_timeout_s;	/* tel call: drop a call not connected this long after SETUP */
	double link_timeout_s;	/* give up when the data link is not up this long */
	struct tel_param params[MAX_PARAMS];	/* --param NAME=VALUE (names in argv) */
};

/* Fill @o from argv (argv[0] is the subcommand). 0, or -1 after a message. */
int call_parse_args(int argc, char **argv, struct call_opts *o);

/* Usage of tel call (@answer false) or tel answer; @full adds the option
 * descriptions and the exit status rule (tel help call). */
void call_usage(FILE *f, bool answer, bool full);

/* Run the calls @o asks for; returns the exit status. */
int call_run(struct call_opts *o);

#endif
