/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tel diagnostics tool: subcommands and shared helpers. */
#ifndef TEL_TOOL_TEL_H
#define TEL_TOOL_TEL_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* Exit codes shared by every subcommand. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* the operation ran and failed */
#define EXIT_USAGE	2	/* bad usage or bad input file */

/* A subcommand: tools/tel/main.c lists them in tel_cmds[]. */
struct tel_cmd {
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the command's name */
	void (*help)(FILE *f);			/* `tel help NAME`: options and exit status */
	const char *summary;			/* its lines in `tel help` */
};

int cmd_decode(int argc, char **argv);
int cmd_call(int argc, char **argv);
int cmd_answer(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_maint(int argc, char **argv);
void decode_usage(FILE *f);
int cmd_trace(int argc, char **argv);
void trace_usage(FILE *f);
int cmd_fw(int argc, char **argv);
void fw_usage(FILE *f);
int cmd_sim(int argc, char **argv);
void sim_usage(FILE *f);
int cmd_genconf(int argc, char **argv);
void genconf_usage(FILE *f);

/* Print "tel: " + message to stderr. */
void tel_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parse hex octets ("08 02 81 90", "08:02:81:90", "08028190", "0x08 0x02").
 * Returns the number of octets, or -1 with a reason in @why.
 */
long parse_hex(const char *s, uint8_t *out, size_t cap, char *why, size_t whylen);

/* Octets as a quoted string: printable ASCII as is, the rest as \xNN. */
void print_text_bytes(FILE *f, const uint8_t *p, size_t len);

#endif
