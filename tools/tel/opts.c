// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Options through getopt_long (long options only, in the order given):
 * a table per subcommand, and the checks every option shares (given twice,
 * a missing value, a value that is the next option) with one sentence each.
 */
#include <string.h>

#include "opts.h"
#include "tel.h"

#define ID_BASE 0x100	/* getopt_long's value for desc[i]: ID_BASE + i */

int opts_init(struct opts *p, int argc, char **argv)
{
	int n = 0;

	p->argc = argc;
	p->argv = argv;
	p->rest = false;
	memset(p->seen, 0, sizeof(p->seen));
	if (p->ndesc > (int)(sizeof(p->seen) / sizeof(p->seen[0]))) {
		tel_err("%s: too many options for the parser", p->cmd);
		return -1;
	}
	for (int i = 0; i < p->ndesc; i++) {
		if (!(p->desc[i].where & p->where))
			continue;
		p->lo[n++] = (struct option){ p->desc[i].name + 2,
					      p->desc[i].value == OPT_NONE ? no_argument :
					      required_argument, NULL, ID_BASE + i };
	}
	p->lo[n] = (struct option){ 0 };
	optind = 0;	/* glibc: start afresh */
	opterr = 0;	/* our own messages */
	return 0;
}

static int unknown(struct opts *p, const char *a)
{
	tel_err("%s: unknown option '%s'%s", p->cmd, a, p->unknown_hint);
	if (p->usage)
		p->usage(stderr);
	return OPT_ERR;
}

int opts_next(struct opts *p, char **val)
{
	const struct opt_desc *d;
	int c, id;

	*val = NULL;
	if (p->rest) {
		if (optind >= p->argc)
			return OPT_END;
		*val = p->argv[optind++];
		return OPT_ARG;
	}
	/* "-": arguments that are no option come back in order, as 1;
	 * ":": a missing value comes back as ':' */
	c = getopt_long(p->argc, p->argv, "-:", p->lo, NULL);
	if (c == -1) {
		p->rest = true;	/* "--", or the end */
		return opts_next(p, val);
	}
	if (c == 1) {
		*val = optarg;
		return OPT_ARG;
	}
	if (c == '?' || c == ':') {
		if (optopt >= ID_BASE && c == ':') {
			tel_err("%s: %s needs a value (it is the last argument)", p->cmd,
				p->desc[optopt - ID_BASE].name);
			if (p->usage)
				p->usage(stderr);
			return OPT_ERR;
		}
		if (optopt >= ID_BASE) {
			tel_err("%s: %s takes no value", p->cmd, p->desc[optopt - ID_BASE].name);
			return OPT_ERR;
		}
		if (optopt) {	/* a one-letter option: there are none */
			char s[3] = { '-', (char)optopt, '\0' };

			return unknown(p, s);
		}
		return unknown(p, p->argv[optind - 1]);
	}
	id = c - ID_BASE;
	d = &p->desc[id];
	if (p->seen[id] && !d->repeat) {
		tel_err("%s: %s given twice; give it once", p->cmd, d->name);
		return OPT_ERR;
	}
	p->seen[id] = true;
	/* a value given as the next argument that is itself an option */
	if (d->value == OPT_WORD && optarg == p->argv[optind - 1] && optarg[0] == '-' &&
	    optarg[1] == '-') {
		tel_err("%s: %s needs a value ('%s' that follows it is an option)", p->cmd,
			d->name, optarg);
		return OPT_ERR;
	}
	*val = optarg;
	return id;
}
