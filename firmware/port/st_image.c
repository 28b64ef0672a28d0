// SPDX-License-Identifier: GPL-2.0-only
/* Self-test of the image file code (fw/image.h) on the card's CPU. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/image.h>

#include "selftest.h"

bool st_image(struct st_fail *f)
{
	static const uint8_t check[] = "123456789";
	uint8_t img[FW_IMAGE_HDR_LEN + 64];
	struct fw_image_header h, back;
	size_t i;

	/* The CRC-32 check value of the catalogue (IEEE 802.3 / zlib). */
	ST_EQ(f, fw_crc32(check, 9), 0xCBF43926u, "CRC-32 of \"123456789\"");
	for (i = 0; i < 64; i++)
		img[FW_IMAGE_HDR_LEN + i] = (uint8_t)(i * 37 + 1);
	ST_EQ(f, fw_image_header_make(&h, FW_IMAGE_VERSION(1, 2, 3), 0x00000000u,
				      img + FW_IMAGE_HDR_LEN, 64), FW_IMAGE_OK, "header made");
	fw_image_header_encode(&h, img);
	ST_EQ(f, img[0], 'T', "first magic octet in the file");
	ST_EQ(f, fw_image_check(img, sizeof(img), &back), FW_IMAGE_OK, "check of a good image");
	ST_EQ(f, back.length, 64, "decoded payload length");
	ST_EQ(f, back.fw_version, FW_IMAGE_VERSION(1, 2, 3), "decoded firmware version");
	img[FW_IMAGE_HDR_LEN + 10] ^= 0x10;
	ST_EQ(f, fw_image_check(img, sizeof(img), NULL), FW_IMAGE_ECRC, "check of a damaged payload");
	return true;
}
