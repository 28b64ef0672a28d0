// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel fw — the firmware image file (fw/image.h): `tel fw info FILE [--json]`
 * shows its header and the verdict, `tel fw check FILE` only the verdict.
 * The checks are firmware/src/image.c's, the code the card's host side
 * (kernel/sim/fwload.c) runs before it takes an image; the reading and the
 * reporting here are shared with build/fwimage (fw.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <fw/image.h>

#include "fw.h"
#include "json.h"
#include "tel.h"

_Static_assert(FWFILE_READ_CAP == FW_IMAGE_HDR_LEN + FW_IMAGE_MAX_PAYLOAD + 1,
	       "FWFILE_READ_CAP follows fw/image.h");

int fwfile_read(const char *prog, const char *path, uint8_t *buf, size_t *len, int *more)
{
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	*len = fread(buf, 1, FWFILE_READ_CAP, f);
	*more = *len == FWFILE_READ_CAP && fgetc(f) != EOF;
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: read error: %s\n", prog, path, strerror(errno));
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

/*
 * Why the image in @buf (@len octets read, @more: the file goes on) is bad,
 * with the numbers behind it, into @why; "" for a good one. Returns whether
 * it is good.
 */
static bool verdict(const uint8_t *buf, size_t len, int more, enum fw_image_err err,
		    const struct fw_image_header *h, char *why, size_t cap)
{
	const char *s = fw_image_strerror(err);

	why[0] = '\0';
	if (more && (err == FW_IMAGE_OK || err == FW_IMAGE_ELENGTH || err == FW_IMAGE_ECRC)) {
		/* What was read may look whole; the file is longer than any image. */
		snprintf(why, cap, "file is larger than any image (%u octets at most): "
			 "wrong length or trailing data", (unsigned)(FWFILE_READ_CAP - 1));
		return false;
	}
	switch (err) {
	case FW_IMAGE_OK:
		return true;
	case FW_IMAGE_ESHORT:
		snprintf(why, cap, "%zu octets, %s", len, s);
		break;
	case FW_IMAGE_EMAGIC:
		snprintf(why, cap, "magic 0x%08" PRIx32 ", want 0x%08x (\"TFWM\"): %s", h->magic,
			 FW_IMAGE_MAGIC, s);
		break;
	case FW_IMAGE_EHDRVER:
		snprintf(why, cap, "header version %u, this tool reads %u: %s", h->hdr_version,
			 FW_IMAGE_HDR_VERSION, s);
		break;
	case FW_IMAGE_EHDRLEN:
		snprintf(why, cap, "header length %u: %s", h->hdr_len, s);
		break;
	case FW_IMAGE_EHDRCRC:
		snprintf(why, cap, "header says 0x%08" PRIx32 ", header octets give 0x%08" PRIx32
			 ": %s", h->hdr_crc32, fw_crc32(buf, FW_IMAGE_HDR_LEN - 4), s);
		break;
	case FW_IMAGE_EFLAGS:
		snprintf(why, cap, "flags 0x%08" PRIx32 ": %s", h->flags, s);
		break;
	case FW_IMAGE_ETOOBIG:
		snprintf(why, cap, "payload length %" PRIu32 " octets: %s", h->length, s);
		break;
	case FW_IMAGE_ETRUNC:
	case FW_IMAGE_ELENGTH:
		snprintf(why, cap, "header says %" PRIu32 " payload octets, the file has %zu"
			 " after the header: %s", h->length, len - FW_IMAGE_HDR_LEN, s);
		break;
	case FW_IMAGE_ECRC:
		snprintf(why, cap, "header says CRC-32 0x%08" PRIx32 ", the payload gives 0x%08"
			 PRIx32 ": %s", h->crc32, fw_crc32(buf + FW_IMAGE_HDR_LEN, h->length), s);
		break;
	default:
		snprintf(why, cap, "%s", s);
		break;
	}
	return false;
}

static void print_json(const char *path, size_t len, bool have_hdr,
		       const struct fw_image_header *h, bool good, const char *why)
{
	struct jw w;
	char v[24];

	jw_init(&w, stdout);
	jw_obj(&w, NULL);
	jw_cstr(&w, "file", path);
	jw_int(&w, "size", (long long)len);
	jw_bool(&w, "good", good);
	if (!good)
		jw_cstr(&w, "error", why);
	if (have_hdr) {
		jw_obj(&w, "header");
		jw_int(&w, "magic", h->magic);
		jw_int(&w, "hdr_version", h->hdr_version);
		jw_int(&w, "hdr_len", h->hdr_len);
		snprintf(v, sizeof(v), "%" PRIu32 ".%" PRIu32 ".%" PRIu32,
			 FW_IMAGE_VERSION_MAJOR(h->fw_version), FW_IMAGE_VERSION_MINOR(h->fw_version),
			 FW_IMAGE_VERSION_PATCH(h->fw_version));
		jw_cstr(&w, "fw_version", v);
		jw_int(&w, "fw_version_raw", h->fw_version);
		jw_int(&w, "load_addr", h->load_addr);
		jw_int(&w, "length", h->length);
		jw_int(&w, "crc32", h->crc32);
		jw_int(&w, "flags", h->flags);
		jw_int(&w, "hdr_crc32", h->hdr_crc32);
		jw_end_obj(&w);
	}
	jw_end_obj(&w);
	jw_line_end(&w);
}

int fwfile_report(const char *prog, const char *path, enum fwfile_show show)
{
	static uint8_t buf[FWFILE_READ_CAP];
	struct fw_image_header h;
	enum fw_image_err err;
	char why[256];
	size_t len;
	bool good;
	int more;

	if (fwfile_read(prog, path, buf, &len, &more))
		return 1;
	memset(&h, 0, sizeof(h));
	err = fw_image_check(buf, len, &h);
	good = verdict(buf, len, more, err, &h, why, sizeof(why));
	if (show == FWFILE_JSON)
		print_json(path, len + (size_t)more, len >= FW_IMAGE_HDR_LEN, &h, good, why);
	else if (show == FWFILE_INFO && len >= FW_IMAGE_HDR_LEN)
		print_header(path, &h);
	if (!good) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, why);
		return 1;
	}
	if (show != FWFILE_JSON)
		printf("%s: good: firmware %" PRIu32 ".%" PRIu32 ".%" PRIu32 ", %" PRIu32
		       " octets at 0x%08" PRIx32 ", CRC-32 0x%08" PRIx32 "\n", path,
		       FW_IMAGE_VERSION_MAJOR(h.fw_version), FW_IMAGE_VERSION_MINOR(h.fw_version),
		       FW_IMAGE_VERSION_PATCH(h.fw_version), h.length, h.load_addr, h.crc32);
	return 0;
}

void fw_usage(FILE *f)
{
	fputs("usage: tel fw info FILE [--json]\n"
	      "       tel fw check FILE\n"
	      "\n"
	      "A tel firmware image (what `make firmware` builds; the simulated card loads it as\n"
	      "tel/telcard.fw): a 32-octet header (magic \"TFWM\", header version and length,\n"
	      "firmware version, load address, payload length and CRC-32, flags, header CRC-32)\n"
	      "and the payload. The checks are the ones the card's driver runs before it takes\n"
	      "an image.\n"
	      "\n"
	      "  info FILE     the header, then the verdict\n"
	      "  check FILE    the verdict only: \"FILE: good: ...\" or the reason\n"
	      "  --json        (info) one JSON document:\n"
	      "                  file       the path given\n"
	      "                  size       the file's size in octets (the read stops past the\n"
	      "                             largest image: then one more than that)\n"
	      "                  good       true or false\n"
	      "                  error      (when not good) the reason, as printed on stderr\n"
	      "                  header     (when the file has 32 octets or more) the fields:\n"
	      "                    magic, hdr_version, hdr_len, fw_version (\"X.Y.Z\"),\n"
	      "                    fw_version_raw (major << 24 | minor << 16 | patch),\n"
	      "                    load_addr, length, crc32, flags, hdr_crc32 (numbers)\n"
	      "\n"
	      "exit status: 0 a good image, 1 a bad or unreadable one (the reason on stderr),\n"
	      "2 bad usage\n", f);
}

int cmd_fw(int argc, char **argv)
{
	const char *file = NULL;
	bool json = false, info;
	int i;

	if (argc < 2 || (strcmp(argv[1], "info") && strcmp(argv[1], "check"))) {
		if (argc >= 2)
			tel_err("fw: unknown subcommand '%s' (info or check)", argv[1]);
		fw_usage(stderr);
		return EXIT_USAGE;
	}
	info = !strcmp(argv[1], "info");
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json") && info && !json) {
			json = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			tel_err("fw %s: %s option '%s' (tel help fw)", argv[1],
				!strcmp(argv[i], "--json") && info ? "repeated" : "unknown", argv[i]);
			return EXIT_USAGE;
		} else if (!file) {
			file = argv[i];
		} else {
			tel_err("fw %s: one FILE only ('%s' is a second)", argv[1], argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!file) {
		tel_err("fw %s: no FILE given (tel fw %s FILE)", argv[1], argv[1]);
		return EXIT_USAGE;
	}
	return fwfile_report("tel", file,
			     !info ? FWFILE_CHECK : json ? FWFILE_JSON : FWFILE_INFO) ?
	       EXIT_FAIL : EXIT_OK;
}
