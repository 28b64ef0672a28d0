// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fwimage: make, show and check tel firmware image files (fw/image.h).
 *
 *   fwimage pack --version X.Y.Z --load ADDR PAYLOAD OUT   header + raw payload -> OUT
 *   fwimage info FILE      print the header, then check the file (exit 1 if bad)
 *   fwimage check FILE     check only: "FILE: good ..." or the problem (exit 1 if bad)
 *
 * The checks are firmware/src/image.c's, the code the card's host side uses;
 * reading and reporting are tel fw's (tel/fw.h), which info and check share.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fw/image.h>

#include "tel/fw.h"

static void usage(FILE *f)
{
	fputs("usage: fwimage pack --version X.Y.Z --load ADDR PAYLOAD OUT\n"
	      "       fwimage info FILE\n"
	      "       fwimage check FILE\n", f);
}

/* "X.Y.Z" -> FW_IMAGE_VERSION(); -1 if it is not three numbers in range. */
static int parse_version(const char *s, uint32_t *v)
{
	unsigned long part[3];
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		part[i] = strtoul(s, &end, 10);
		if (errno || (i < 2 && *end != '.') || (i == 2 && *end))
			return -1;
		s = end + 1;
	}
	if (part[0] > 255 || part[1] > 255 || part[2] > 65535)
		return -1;
	*v = FW_IMAGE_VERSION(part[0], part[1], part[2]);
	return 0;
}

static int pack(int argc, char **argv)
{
	static uint8_t buf[FWFILE_READ_CAP];
	const char *version = NULL, *load = NULL;
	struct fw_image_header h;
	uint8_t raw[FW_IMAGE_HDR_LEN];
	unsigned long addr;
	uint32_t v;
	size_t len;
	char *end;
	FILE *out;
	int i, more, bad;

	for (i = 0; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "--version"))
			version = argv[i + 1];
		else if (!strcmp(argv[i], "--load"))
			load = argv[i + 1];
		else
			break;
	}
	if (!version || !load || argc - i != 2) {
		usage(stderr);
		return 2;
	}
	if (parse_version(version, &v)) {
		fprintf(stderr, "fwimage: version '%s': want X.Y.Z (X, Y 0..255, Z 0..65535)\n",
			version);
		return 2;
	}
	errno = 0;
	addr = strtoul(load, &end, 0);
	if (errno || *end || !*load || addr > UINT32_MAX) {
		fprintf(stderr, "fwimage: load address '%s': want a 32-bit number, e.g. 0x00000000\n",
			load);
		return 2;
	}
	if (fwfile_read("fwimage", argv[i], buf, &len, &more))
		return 1;
	if (more || len > FW_IMAGE_MAX_PAYLOAD) {
		fprintf(stderr, "fwimage: %s: payload larger than the card's flash (%u octets at most)\n",
			argv[i], FW_IMAGE_MAX_PAYLOAD);
		return 1;
	}
	if (fw_image_header_make(&h, v, (uint32_t)addr, buf, len) != FW_IMAGE_OK) {
		fprintf(stderr, "fwimage: %s: cannot make a header\n", argv[i]);
		return 1;
	}
	fw_image_header_encode(&h, raw);
	out = fopen(argv[i + 1], "wb");
	if (!out) {
		fprintf(stderr, "fwimage: %s: %s\n", argv[i + 1], strerror(errno));
		return 1;
	}
	bad = fwrite(raw, 1, sizeof(raw), out) != sizeof(raw) || fwrite(buf, 1, len, out) != len;
	if (fclose(out) || bad) {
		fprintf(stderr, "fwimage: %s: write error: %s\n", argv[i + 1], strerror(errno));
		remove(argv[i + 1]);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "pack"))
		return pack(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "info"))
		return fwfile_report("fwimage", argv[2], FWFILE_INFO);
	if (argc == 3 && !strcmp(argv[1], "check"))
		return fwfile_report("fwimage", argv[2], FWFILE_CHECK);
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
