/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firmware image files (fw/image.h) as the tools see them: read one, show
 * its header, give the verdict of firmware/src/image.c's checks with the
 * numbers behind it. Shared by `tel fw` (fw.c) and build/fwimage
 * (tools/fwimage.c, which `make firmware` runs); messages begin with the
 * program's name given as @prog.
 */
#ifndef TEL_TOOL_FW_H
#define TEL_TOOL_FW_H

#include <stddef.h>
#include <stdint.h>

/* Larger than any image: a file past this is refused before it is read whole. */
#define FWFILE_READ_CAP	(32u + 64u * 1024u + 1u)

/*
 * Reads up to FWFILE_READ_CAP octets of @path into @buf (that big); *@len
 * gets how many, *@more whether the file goes on past them. 0, or -1 after
 * a message.
 */
int fwfile_read(const char *prog, const char *path, uint8_t *buf, size_t *len, int *more);

/* What fwfile_report() prints besides the verdict. */
enum fwfile_show {
	FWFILE_CHECK,	/* the verdict only: "FILE: good: ..." or the reason (stderr) */
	FWFILE_INFO,	/* the header as text, then the verdict */
	FWFILE_JSON,	/* one JSON document: the header and the verdict (reason also on stderr) */
};

/* Checks the image in @path. 0 good, 1 bad or unreadable (after a message). */
int fwfile_report(const char *prog, const char *path, enum fwfile_show show);

#endif
