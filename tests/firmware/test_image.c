// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for the firmware image file (fw/image.h, firmware/src/image.c).
 *
 * Expected values never come from the code under test: images are laid out
 * octet by octet here from the format in image.h, with a bitwise CRC-32
 * written from its definition and checked against the catalogue's check
 * value; the code under test must agree with them and refuse every damage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#include <fw/image.h>

/* --- Reference ---------------------------------------------------------- */

/* CRC-32 one bit at a time: reflected 0xEDB88320, init and final xor all ones. */
static uint32_t ref_crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xFFFFFFFFu;
	size_t i;
	int b;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (b = 0; b < 8; b++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
	}
	return ~crc;
}

static void le32(uint8_t *o, uint32_t v)
{
	o[0] = v & 0xff;
	o[1] = (v >> 8) & 0xff;
	o[2] = (v >> 16) & 0xff;
	o[3] = v >> 24;
}

#define PAYLOAD	200
#define IMG_LEN	(32 + PAYLOAD)

/* Re-seals the header CRC after a test changed a header field on purpose. */
static void reseal(uint8_t *img)
{
	le32(img + 28, ref_crc32(img, 28));
}

/* A good image, laid out by hand: version 1.2.3 at 0x00000000. */
static void build(uint8_t *img)
{
	size_t i;

	for (i = 0; i < PAYLOAD; i++)
		img[32 + i] = (uint8_t)(i * 131 + 7);
	memcpy(img, "TFWM", 4);
	img[4] = 1;		/* header version */
	img[5] = 0;
	img[6] = 32;		/* header length */
	img[7] = 0;
	le32(img + 8, 0x01020003u);
	le32(img + 12, 0x00000000u);
	le32(img + 16, PAYLOAD);
	le32(img + 20, ref_crc32(img + 32, PAYLOAD));
	le32(img + 24, 0);
	reseal(img);
}

/* --- Tests -------------------------------------------------------------- */

static void test_crc32(void **state)
{
	static const uint8_t check[] = "123456789";
	uint8_t buf[1000];
	size_t i;

	(void)state;
	assert_int_equal(ref_crc32(check, 9), 0xCBF43926u);	/* the reference itself */
	assert_int_equal(fw_crc32(check, 9), 0xCBF43926u);
	assert_int_equal(fw_crc32(NULL, 0), 0);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * i + 3 * i);
	for (i = 0; i <= sizeof(buf); i += 37)
		assert_int_equal(fw_crc32(buf, i), ref_crc32(buf, i));
	/* In pieces, as a tool reading a file in blocks would. */
	assert_int_equal(fw_crc32_update(fw_crc32_update(0, buf, 333), buf + 333, 667),
			 ref_crc32(buf, 1000));
}

static void test_good_image(void **state)
{
	uint8_t img[IMG_LEN], made[32];
	struct fw_image_header h;

	(void)state;
	build(img);
	memset(&h, 0xAA, sizeof(h));
	assert_int_equal(fw_image_check(img, sizeof(img), &h), FW_IMAGE_OK);
	assert_int_equal(h.magic, FW_IMAGE_MAGIC);
	assert_int_equal(h.hdr_version, 1);
	assert_int_equal(h.hdr_len, 32);
	assert_int_equal(h.fw_version, FW_IMAGE_VERSION(1, 2, 3));
	assert_int_equal(FW_IMAGE_VERSION_MAJOR(h.fw_version), 1);
	assert_int_equal(FW_IMAGE_VERSION_MINOR(h.fw_version), 2);
	assert_int_equal(FW_IMAGE_VERSION_PATCH(h.fw_version), 3);
	assert_int_equal(h.load_addr, 0);
	assert_int_equal(h.length, PAYLOAD);
	assert_int_equal(h.crc32, ref_crc32(img + 32, PAYLOAD));
	assert_int_equal(h.flags, 0);

	/* The writer makes exactly the octets of the format. */
	assert_int_equal(fw_image_header_make(&h, FW_IMAGE_VERSION(1, 2, 3), 0, img + 32, PAYLOAD),
			 FW_IMAGE_OK);
	fw_image_header_encode(&h, made);
	assert_memory_equal(made, img, 32);
}

static void test_empty_payload(void **state)
{
	uint8_t img[32];
	struct fw_image_header h;

	(void)state;
	assert_int_equal(fw_image_header_make(&h, 0, 0x20000000u, NULL, 0), FW_IMAGE_OK);
	fw_image_header_encode(&h, img);
	assert_int_equal(fw_image_check(img, sizeof(img), &h), FW_IMAGE_OK);
	assert_int_equal(h.length, 0);
	assert_int_equal(h.load_addr, 0x20000000u);
}

static void test_bad_magic(void **state)
{
	uint8_t img[IMG_LEN];
	struct fw_image_header h;

	(void)state;
	build(img);
	memcpy(img, "\x7f" "ELF", 4);	/* the ELF instead of the image */
	reseal(img);			/* even with a consistent header CRC */
	assert_int_equal(fw_image_check(img, sizeof(img), &h), FW_IMAGE_EMAGIC);
	assert_int_equal(h.magic, 0x464c457fu);	/* shown to the user */
	build(img);
	img[3] ^= 0x01;
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_EMAGIC);
}

static void test_truncated(void **state)
{
	uint8_t img[IMG_LEN];
	size_t len;

	(void)state;
	build(img);
	for (len = 0; len < 32; len++)
		assert_int_equal(fw_image_check(img, len, NULL), FW_IMAGE_ESHORT);
	for (len = 32; len < sizeof(img); len++)
		assert_int_equal(fw_image_check(img, len, NULL), FW_IMAGE_ETRUNC);
	/* A header that claims one octet more than the file holds. */
	le32(img + 16, PAYLOAD + 1);
	reseal(img);
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_ETRUNC);
}

static void test_wrong_length(void **state)
{
	uint8_t img[IMG_LEN + 1];

	(void)state;
	build(img);
	img[IMG_LEN] = 0;
	/* Trailing data after the payload. */
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_ELENGTH);
	/* A header that claims fewer octets than the file holds. */
	le32(img + 16, PAYLOAD - 1);
	reseal(img);
	assert_int_equal(fw_image_check(img, IMG_LEN, NULL), FW_IMAGE_ELENGTH);
	/* Larger than the card's flash: refused before anything is read. */
	le32(img + 16, FW_IMAGE_MAX_PAYLOAD + 1);
	reseal(img);
	assert_int_equal(fw_image_check(img, IMG_LEN, NULL), FW_IMAGE_ETOOBIG);
	/* The length field damaged without resealing: the header CRC catches it. */
	build(img);
	img[16] ^= 0x04;
	assert_int_equal(fw_image_check(img, IMG_LEN, NULL), FW_IMAGE_EHDRCRC);
}

static void test_bad_crc(void **state)
{
	uint8_t img[IMG_LEN];
	size_t bit;

	(void)state;
	build(img);
	/* Every single-bit error of the payload is caught. */
	for (bit = 0; bit < PAYLOAD * 8; bit++) {
		img[32 + bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_ECRC);
		img[32 + bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_OK);
	/* The CRC field itself damaged (header resealed): the payload no longer matches. */
	img[20] ^= 0x80;
	reseal(img);
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_ECRC);
}

static void test_damaged_header(void **state)
{
	uint8_t img[IMG_LEN];
	size_t bit;

	(void)state;
	build(img);
	/* Every single-bit error of the header is refused. */
	for (bit = 0; bit < 32 * 8; bit++) {
		img[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_not_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_OK);
		img[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	/* Each field, changed with a consistent header CRC, gets its own error. */
	img[4] = 2;
	reseal(img);
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_EHDRVER);
	build(img);
	img[6] = 36;
	reseal(img);
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_EHDRLEN);
	build(img);
	img[24] = 1;
	reseal(img);
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_EFLAGS);
	build(img);
	img[12] = 0x10;		/* load address: only the header CRC protects it */
	assert_int_equal(fw_image_check(img, sizeof(img), NULL), FW_IMAGE_EHDRCRC);
}

static void test_make_limits(void **state)
{
	static uint8_t big[FW_IMAGE_MAX_PAYLOAD + 1];
	struct fw_image_header h;

	(void)state;
	assert_int_equal(fw_image_header_make(&h, 0, 0, big, sizeof(big)), FW_IMAGE_ETOOBIG);
	assert_int_equal(fw_image_header_make(&h, 0, 0, big, FW_IMAGE_MAX_PAYLOAD), FW_IMAGE_OK);
	assert_int_equal(h.length, FW_IMAGE_MAX_PAYLOAD);
	assert_int_equal(fw_image_header_make(&h, 0, 0, NULL, 1), FW_IMAGE_EINVAL);
	assert_int_equal(fw_image_header_make(NULL, 0, 0, big, 1), FW_IMAGE_EINVAL);
	assert_int_equal(fw_image_check(NULL, 32, NULL), FW_IMAGE_EINVAL);
}

static void test_strerror(void **state)
{
	const char *seen[FW_IMAGE_EINVAL + 1];
	int e, k;

	(void)state;
	for (e = FW_IMAGE_OK; e <= FW_IMAGE_EINVAL; e++) {
		seen[e] = fw_image_strerror((enum fw_image_err)e);
		assert_non_null(seen[e]);
		assert_true(strlen(seen[e]) > 10);
		for (k = 0; k < e; k++)
			assert_string_not_equal(seen[k], seen[e]);
	}
	assert_non_null(strstr(fw_image_strerror(FW_IMAGE_EMAGIC), "magic"));
	assert_non_null(strstr(fw_image_strerror(FW_IMAGE_ETRUNC), "truncated"));
	assert_non_null(strstr(fw_image_strerror(FW_IMAGE_ECRC), "CRC"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_good_image),
		cmocka_unit_test(test_empty_payload),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_length),
		cmocka_unit_test(test_bad_crc),
		cmocka_unit_test(test_damaged_header),
		cmocka_unit_test(test_make_limits),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
