// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TEMPORARY: tel_line_shutdown() is declared in <libtel/tel.h> but not yet
 * implemented on main. Until it is, this weak stand-in lets the tool link
 * (and skips the release: TEL_ENOTSUP). The library's definition replaces it
 * as soon as it exists. Delete this file then.
 */
#include "libtel/tel.h"

__attribute__((weak)) int tel_line_shutdown(tel_line *line)
{
	(void)line;
	return TEL_ENOTSUP;
}
