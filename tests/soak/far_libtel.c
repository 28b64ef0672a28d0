// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — the far end (side 1) as a second libtel context, opened by main()
 * like the user side: the far_*() hooks have nothing to do. soak-libpri
 * links far_libpri.c instead.
 */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

int far_open(struct side *s, int fd)
{
	(void)s;
	(void)fd;
	return 0;
}

const char *far_name(void)
{
	return "network";
}

void far_service(void)
{
}

void far_act(void)
{
}

uint64_t far_made(void)
{
	return 0;
}

int far_live(void)
{
	return 0;
}

int far_up(struct side *s)
{
	return tel_line_up(s->line);
}

void far_quiet(bool quiet)
{
	(void)quiet;
}

void far_check_all_ended(const char *when)
{
	(void)when;
}

void far_auto_answer(bool on)
{
	(void)on;
}

void far_print_figures(void)
{
}

void far_close(void)
{
}
