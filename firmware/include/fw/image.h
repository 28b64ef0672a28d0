/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The card's firmware image file: a 32-octet header followed by the raw
 * payload (what the Cortex-M4 runs, from its load address). The host checks
 * a file with fw_image_check() before it sends it to a card; the build
 * (make firmware) writes it with fw_image_header_encode().
 *
 * Header, all fields little-endian, offsets in octets:
 *   0  magic        "TFWM" (0x4D574654 read as a little-endian uint32)
 *   4  hdr_version  FW_IMAGE_HDR_VERSION
 *   6  hdr_len      32: the payload starts here
 *   8  fw_version   major << 24 | minor << 16 | patch
 *  12  load_addr    where the payload goes in the card's address space
 *  16  length       payload octets (the file is hdr_len + length octets)
 *  20  crc32        CRC-32 (IEEE 802.3) of the payload
 *  24  flags        0 (reserved; a reader refuses other values)
 *  28  hdr_crc32    CRC-32 of octets 0..27 of the header
 *
 * The codec works on octets, so it gives the same answer on a host of any
 * byte order; struct fw_image_header is the decoded form (its layout matches
 * the file on a little-endian machine, which the asserts below pin down).
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only.
 */
#ifndef FW_IMAGE_H
#define FW_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FW_IMAGE_MAGIC		0x4D574654u	/* "TFWM" in file order */
#define FW_IMAGE_HDR_VERSION	1u
#define FW_IMAGE_HDR_LEN	32u
/* The card's flash: an image with a larger payload cannot be the card's. */
#define FW_IMAGE_MAX_PAYLOAD	(64u * 1024u)

#define FW_IMAGE_VERSION(major, minor, patch) \
	((uint32_t)(major) << 24 | (uint32_t)(minor) << 16 | (uint32_t)(patch))
#define FW_IMAGE_VERSION_MAJOR(v)	((uint32_t)(v) >> 24)
#define FW_IMAGE_VERSION_MINOR(v)	(((uint32_t)(v) >> 16) & 0xffu)
#define FW_IMAGE_VERSION_PATCH(v)	((uint32_t)(v) & 0xffffu)

struct fw_image_header {
	uint32_t magic;
	uint16_t hdr_version;
	uint16_t hdr_len;
	uint32_t fw_version;
	uint32_t load_addr;
	uint32_t length;
	uint32_t crc32;
	uint32_t flags;
	uint32_t hdr_crc32;
};

_Static_assert(sizeof(struct fw_image_header) == FW_IMAGE_HDR_LEN, "image header is 32 octets");
_Static_assert(offsetof(struct fw_image_header, magic) == 0, "magic at 0");
_Static_assert(offsetof(struct fw_image_header, hdr_version) == 4, "hdr_version at 4");
_Static_assert(offsetof(struct fw_image_header, hdr_len) == 6, "hdr_len at 6");
_Static_assert(offsetof(struct fw_image_header, fw_version) == 8, "fw_version at 8");
_Static_assert(offsetof(struct fw_image_header, load_addr) == 12, "load_addr at 12");
_Static_assert(offsetof(struct fw_image_header, length) == 16, "length at 16");
_Static_assert(offsetof(struct fw_image_header, crc32) == 20, "crc32 at 20");
_Static_assert(offsetof(struct fw_image_header, flags) == 24, "flags at 24");
_Static_assert(offsetof(struct fw_image_header, hdr_crc32) == 28, "hdr_crc32 at 28");

/* What fw_image_check() found; fw_image_strerror() names each. */
enum fw_image_err {
	FW_IMAGE_OK = 0,
	FW_IMAGE_ESHORT,	/* fewer octets than a header */
	FW_IMAGE_EMAGIC,	/* not a tel firmware image */
	FW_IMAGE_EHDRVER,	/* a header version this reader does not know */
	FW_IMAGE_EHDRLEN,	/* hdr_len is not FW_IMAGE_HDR_LEN */
	FW_IMAGE_EHDRCRC,	/* the header's own CRC does not match: header damaged */
	FW_IMAGE_EFLAGS,	/* reserved flags set */
	FW_IMAGE_ETOOBIG,	/* length above FW_IMAGE_MAX_PAYLOAD */
	FW_IMAGE_ETRUNC,	/* the file ends before header + length octets */
	FW_IMAGE_ELENGTH,	/* the file has octets after header + length */
	FW_IMAGE_ECRC,		/* the payload's CRC-32 does not match: payload damaged */
	FW_IMAGE_EINVAL,	/* a NULL argument */
};

/* CRC-32 (IEEE 802.3, reflected 0xEDB88320, init and final xor 0xFFFFFFFF). */
uint32_t fw_crc32(const uint8_t *p, size_t len);
/* Running form: start with crc = 0, feed pieces, the result is fw_crc32() of all of them. */
uint32_t fw_crc32_update(uint32_t crc, const uint8_t *p, size_t len);

/*
 * fw_image_header_make() - fill @h for @len payload octets at @payload:
 * magic, versions, lengths, both CRCs. FW_IMAGE_OK, FW_IMAGE_ETOOBIG or
 * FW_IMAGE_EINVAL (@payload NULL with @len > 0, or @h NULL).
 */
enum fw_image_err fw_image_header_make(struct fw_image_header *h, uint32_t fw_version,
				       uint32_t load_addr, const uint8_t *payload, size_t len);

/* Write @h into @out (FW_IMAGE_HDR_LEN octets) little-endian, as in the file. */
void fw_image_header_encode(const struct fw_image_header *h, uint8_t out[FW_IMAGE_HDR_LEN]);
/* Read FW_IMAGE_HDR_LEN octets of @in into @h; no checks (fw_image_check() checks). */
void fw_image_header_decode(const uint8_t in[FW_IMAGE_HDR_LEN], struct fw_image_header *h);

/*
 * fw_image_check() - check a whole image file of @len octets: header
 * (magic, version, length, flags, header CRC), then that the file holds
 * exactly hdr_len + length octets, then the payload's CRC-32. @h, if not
 * NULL, receives the decoded header whenever at least a header's worth of
 * octets was there (also on errors after that, so a tool can show what the
 * header claims). The first problem found is returned.
 */
enum fw_image_err fw_image_check(const uint8_t *img, size_t len, struct fw_image_header *h);

/* A sentence for @err, e.g. "bad magic: not a tel firmware image". */
const char *fw_image_strerror(enum fw_image_err err);

#endif /* FW_IMAGE_H */
