// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fwimage: make, show and check tel firmware image files (fw/image.h).
 *
 *   fwimage pack --version X.Y.Z --load ADDR PAYLOAD OUT   header + raw payload -> OUT
 *   fwimage info FILE      print the header, then check the file (exit 1 if bad)
 *   fwimage check FILE     check only: "FILE: good ..." or the problem (exit 1 if bad)
 *
 * The checks are firmware/src/image.c's, the code the card's host side uses.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fw/image.h>

/* Larger than any image; a file past this is refused before it is read whole. */
#define READ_CAP	(FW_IMAGE_HDR_LEN + FW_IMAGE_MAX_PAYLOAD + 1)

static void usage(FILE *f)
{
	fputs("usage: fwimage pack --version X.Y.Z --load ADDR PAYLOAD OUT\n"
	      "       fwimage info FILE\n"
	      "       fwimage check FILE\n", f);
}

/*
 * Reads up to READ_CAP octets of @path into @buf; *@len gets how many, and
 * *@more whether the file goes on past them. 0, or -1 with a message printed.
 */
static int read_file(const char *path, uint8_t *buf, size_t *len, int *more)
{
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "fwimage: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*len = fread(buf, 1, READ_CAP, f);
	*more = *len == READ_CAP && fgetc(f) != EOF;
	if (ferror(f)) {
		fprintf(stderr, "fwimage: %s: read error: %s\n", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static void print_header(const char *path, const struct fw_image_header *h)
{
	printf("%s:\n", path);
	printf("  magic          0x%08" PRIx32 "%s\n", h->magic,
	       h->magic == FW_IMAGE_MAGIC ? " (TFWM)" : "");
	printf("  header version %u, %u octets\n", h->hdr_version, h->hdr_len);
	printf("  firmware       %" PRIu32 ".%" PRIu32 ".%" PRIu32 "\n",
	       FW_IMAGE_VERSION_MAJOR(h->fw_version), FW_IMAGE_VERSION_MINOR(h->fw_version),
	       FW_IMAGE_VERSION_PATCH(h->fw_version));
	printf("  load address   0x%08" PRIx32 "\n", h->load_addr);
	printf("  payload        %" PRIu32 " octets, CRC-32 0x%08" PRIx32 "\n", h->length, h->crc32);
	printf("  flags          0x%08" PRIx32 "\n", h->flags);
	printf("  header CRC-32  0x%08" PRIx32 "\n", h->hdr_crc32);
}

/* Checks the file; prints the verdict with the numbers behind it. 0 good, 1 bad. */
static int check_file(const char *path, int show)
{
	static uint8_t buf[READ_CAP];
	struct fw_image_header h;
	enum fw_image_err err;
	size_t len;
	int more;

	if (read_file(path, buf, &len, &more))
		return 1;
	err = fw_image_check(buf, len, &h);
	if (show && len >= FW_IMAGE_HDR_LEN)
		print_header(path, &h);
	if (more && (err == FW_IMAGE_OK || err == FW_IMAGE_ELENGTH || err == FW_IMAGE_ECRC)) {
		/* What was read may look whole; the file is longer than any image. */
		fprintf(stderr, "fwimage: %s: file is larger than any image (%u octets at most): "
			"wrong length or trailing data\n", path, (unsigned)(READ_CAP - 1));
		return 1;
	}
	switch (err) {
	case FW_IMAGE_OK:
		printf("%s: good: firmware %" PRIu32 ".%" PRIu32 ".%" PRIu32 ", %" PRIu32
		       " octets at 0x%08" PRIx32 ", CRC-32 0x%08" PRIx32 "\n", path,
		       FW_IMAGE_VERSION_MAJOR(h.fw_version), FW_IMAGE_VERSION_MINOR(h.fw_version),
		       FW_IMAGE_VERSION_PATCH(h.fw_version), h.length, h.load_addr, h.crc32);
		return 0;
	case FW_IMAGE_ESHORT:
		fprintf(stderr, "fwimage: %s: %zu octets, %s\n", path, len, fw_image_strerror(err));
		break;
	case FW_IMAGE_EMAGIC:
		fprintf(stderr, "fwimage: %s: magic 0x%08" PRIx32 ", want 0x%08x (\"TFWM\"): %s\n",
			path, h.magic, FW_IMAGE_MAGIC, fw_image_strerror(err));
		break;
	case FW_IMAGE_EHDRVER:
		fprintf(stderr, "fwimage: %s: header version %u, this tool reads %u: %s\n",
			path, h.hdr_version, FW_IMAGE_HDR_VERSION, fw_image_strerror(err));
		break;
	case FW_IMAGE_EHDRLEN:
		fprintf(stderr, "fwimage: %s: header length %u: %s\n", path, h.hdr_len,
			fw_image_strerror(err));
		break;
	case FW_IMAGE_EHDRCRC:
		fprintf(stderr, "fwimage: %s: header says 0x%08" PRIx32 ", header octets give 0x%08"
			PRIx32 ": %s\n", path, h.hdr_crc32, fw_crc32(buf, FW_IMAGE_HDR_LEN - 4),
			fw_image_strerror(err));
		break;
	case FW_IMAGE_EFLAGS:
		fprintf(stderr, "fwimage: %s: flags 0x%08" PRIx32 ": %s\n", path, h.flags,
			fw_image_strerror(err));
		break;
	case FW_IMAGE_ETOOBIG:
		fprintf(stderr, "fwimage: %s: payload length %" PRIu32 " octets: %s\n", path,
			h.length, fw_image_strerror(err));
		break;
	case FW_IMAGE_ETRUNC:
	case FW_IMAGE_ELENGTH:
		fprintf(stderr, "fwimage: %s: header says %" PRIu32 " payload octets, the file has %zu"
			" after the header: %s\n", path, h.length, len - FW_IMAGE_HDR_LEN,
			fw_image_strerror(err));
		break;
	case FW_IMAGE_ECRC:
		fprintf(stderr, "fwimage: %s: header says CRC-32 0x%08" PRIx32 ", the payload gives 0x%08"
			PRIx32 ": %s\n", path, h.crc32, fw_crc32(buf + FW_IMAGE_HDR_LEN, h.length),
			fw_image_strerror(err));
		break;
	case FW_IMAGE_EINVAL:
		fprintf(stderr, "fwimage: %s: %s\n", path, fw_image_strerror(err));
		break;
	}
	return 1;
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
	static uint8_t buf[READ_CAP];
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
	if (read_file(argv[i], buf, &len, &more))
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
		return check_file(argv[2], 1);
	if (argc == 3 && !strcmp(argv[1], "check"))
		return check_file(argv[2], 0);
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
