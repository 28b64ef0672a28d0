/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command-line options of tel's subcommands, through getopt_long. */
#ifndef TEL_TOOL_OPTS_H
#define TEL_TOOL_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

/* What an option takes. */
enum { OPT_NONE, OPT_WORD, OPT_TEXT };	/* OPT_TEXT: a value that may begin with "--" */

struct opt_desc {
	const char *name;	/* "--link" */
	unsigned char value;	/* OPT_NONE, OPT_WORD, OPT_TEXT */
	bool repeat;		/* may be given more than once */
	unsigned char where;	/* bit mask: which commands take it (see opts_parse) */
};

/* Returned by opts_next() besides an option's index in the table. */
#define OPT_ARG		(-2)	/* an argument that is no option: *val */
#define OPT_END		(-1)	/* no more arguments */
#define OPT_ERR		(-3)	/* a usage error, already reported */

struct opts {
	const char *cmd;		/* "call": messages begin with it */
	const struct opt_desc *desc;
	int ndesc;
	unsigned where;			/* the command's bit in opt_desc.where */
	const char *unknown_hint;	/* after "unknown option '...'", e.g. " (tel help call ...)" */
	void (*usage)(FILE *f);		/* printed after an unknown option or a missing value */
	int argc;
	char **argv;
	bool seen[32];
	bool rest;			/* past "--": only arguments follow */
	/* getopt_long's table, built from desc[] for @where */
	struct option lo[32 + 1];
};

/* Start parsing argv (argv[0] is the subcommand). 0, or -1 after a message. */
int opts_init(struct opts *p, int argc, char **argv);
/* The next option's index in desc[] with its value in *val (NULL for OPT_NONE),
 * OPT_ARG, OPT_END or OPT_ERR. Duplicates and missing values are errors. */
int opts_next(struct opts *p, char **val);

#endif
