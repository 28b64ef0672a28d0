// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware image file (fw/image.h): CRC-32, header encode/decode and the
 * checks a host runs before it hands an image to a card.
 *
 * Freestanding: no libc, no allocation; octet by octet, so any host byte
 * order reads the little-endian file the same way.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/image.h>

/*
 * CRC-32 four bits at a time: entry i is the reflected CRC (poly 0xEDB88320)
 * of nibble i. 64 octets of table instead of 1 KiB: the card's flash is small
 * and images are checked once, not per frame.
 */
static const uint32_t crc32_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t fw_crc32_update(uint32_t crc, const uint8_t *p, size_t len)
{
	size_t i;

	crc = ~crc;
	for (i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ crc32_nibble[crc & 0xf];
		crc = (crc >> 4) ^ crc32_nibble[crc & 0xf];
	}
	return ~crc;
}

uint32_t fw_crc32(const uint8_t *p, size_t len)
{
	return fw_crc32_update(0, p, len);
}

static void put_le16(uint8_t *o, uint16_t v)
{
	o[0] = (uint8_t)v;
	o[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *o, uint32_t v)
{
	o[0] = (uint8_t)v;
	o[1] = (uint8_t)(v >> 8);
	o[2] = (uint8_t)(v >> 16);
	o[3] = (uint8_t)(v >> 24);
}

static uint16_t get_le16(const uint8_t *i)
{
	return (uint16_t)(i[0] | i[1] << 8);
}

static uint32_t get_le32(const uint8_t *i)
{
	return (uint32_t)i[0] | (uint32_t)i[1] << 8 | (uint32_t)i[2] << 16 | (uint32_t)i[3] << 24;
}

void fw_image_header_encode(const struct fw_image_header *h, uint8_t out[FW_IMAGE_HDR_LEN])
{
	put_le32(out + 0, h->magic);
	put_le16(out + 4, h->hdr_version);
	put_le16(out + 6, h->hdr_len);
	put_le32(out + 8, h->fw_version);
	put_le32(out + 12, h->load_addr);
	put_le32(out + 16, h->length);
	put_le32(out + 20, h->crc32);
	put_le32(out + 24, h->flags);
	put_le32(out + 28, h->hdr_crc32);
}

void fw_image_header_decode(const uint8_t in[FW_IMAGE_HDR_LEN], struct fw_image_header *h)
{
	h->magic = get_le32(in + 0);
	h->hdr_version = get_le16(in + 4);
	h->hdr_len = get_le16(in + 6);
	h->fw_version = get_le32(in + 8);
	h->load_addr = get_le32(in + 12);
	h->length = get_le32(in + 16);
	h->crc32 = get_le32(in + 20);
	h->flags = get_le32(in + 24);
	h->hdr_crc32 = get_le32(in + 28);
}

/* The header's own CRC covers every octet before it. */
#define HDR_CRC_SPAN	(FW_IMAGE_HDR_LEN - 4)

enum fw_image_err fw_image_header_make(struct fw_image_header *h, uint32_t fw_version,
				       uint32_t load_addr, const uint8_t *payload, size_t len)
{
	uint8_t raw[FW_IMAGE_HDR_LEN];

	if (!h || (!payload && len))
		return FW_IMAGE_EINVAL;
	if (len > FW_IMAGE_MAX_PAYLOAD)
		return FW_IMAGE_ETOOBIG;
	h->magic = FW_IMAGE_MAGIC;
	h->hdr_version = FW_IMAGE_HDR_VERSION;
	h->hdr_len = FW_IMAGE_HDR_LEN;
	h->fw_version = fw_version;
	h->load_addr = load_addr;
	h->length = (uint32_t)len;
	h->crc32 = fw_crc32(payload, len);
	h->flags = 0;
	h->hdr_crc32 = 0;
	fw_image_header_encode(h, raw);
	h->hdr_crc32 = fw_crc32(raw, HDR_CRC_SPAN);
	return FW_IMAGE_OK;
}

enum fw_image_err fw_image_check(const uint8_t *img, size_t len, struct fw_image_header *out)
{
	struct fw_image_header h;
	size_t body;

	if (!img && len)
		return FW_IMAGE_EINVAL;
	if (len < FW_IMAGE_HDR_LEN)
		return FW_IMAGE_ESHORT;
	fw_image_header_decode(img, &h);
	if (out)
		*out = h;
	/* Magic first: of a file that is not an image, nothing else means anything. */
	if (h.magic != FW_IMAGE_MAGIC)
		return FW_IMAGE_EMAGIC;
	if (h.hdr_version != FW_IMAGE_HDR_VERSION)
		return FW_IMAGE_EHDRVER;
	if (h.hdr_len != FW_IMAGE_HDR_LEN)
		return FW_IMAGE_EHDRLEN;
	/* Before the fields it protects are believed: a flipped length is a damaged header. */
	if (fw_crc32(img, HDR_CRC_SPAN) != h.hdr_crc32)
		return FW_IMAGE_EHDRCRC;
	if (h.flags != 0)
		return FW_IMAGE_EFLAGS;
	if (h.length > FW_IMAGE_MAX_PAYLOAD)
		return FW_IMAGE_ETOOBIG;
	body = len - FW_IMAGE_HDR_LEN;
	if (body < h.length)
		return FW_IMAGE_ETRUNC;
	if (body > h.length)
		return FW_IMAGE_ELENGTH;
	if (fw_crc32(img + FW_IMAGE_HDR_LEN, h.length) != h.crc32)
		return FW_IMAGE_ECRC;
	return FW_IMAGE_OK;
}

const char *fw_image_strerror(enum fw_image_err err)
{
	switch (err) {
	case FW_IMAGE_OK:
		return "image is good";
	case FW_IMAGE_ESHORT:
		return "too short for an image header (32 octets): not a tel firmware image";
	case FW_IMAGE_EMAGIC:
		return "bad magic: not a tel firmware image";
	case FW_IMAGE_EHDRVER:
		return "unknown header version: made by a newer tool than this one";
	case FW_IMAGE_EHDRLEN:
		return "header length is not 32: damaged or made by a newer tool";
	case FW_IMAGE_EHDRCRC:
		return "header CRC-32 does not match: the header is damaged";
	case FW_IMAGE_EFLAGS:
		return "reserved header flags set: made by a newer tool than this one";
	case FW_IMAGE_ETOOBIG:
		return "payload larger than the card's 64 KiB flash";
	case FW_IMAGE_ETRUNC:
		return "file ends before the payload length in the header: truncated";
	case FW_IMAGE_ELENGTH:
		return "file is longer than header + payload length: wrong length or trailing data";
	case FW_IMAGE_ECRC:
		return "payload CRC-32 does not match: the payload is damaged";
	case FW_IMAGE_EINVAL:
		return "invalid argument";
	}
	return "unknown image error";
}
