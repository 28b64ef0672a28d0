/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Firmware image loading for the simulated card: each card loads
 * TELSIM_FW_NAME with request_firmware() when it is bound and checks it as
 * the firmware's own tools do (fw/image.h: magic, header, length, CRC-32).
 */
#ifndef TELSIM_FWLOAD_H
#define TELSIM_FWLOAD_H

#include <linux/types.h>

struct device;
struct attribute_group;

#define TELSIM_FW_NAME	"tel/telcard.fw"

/* What the image's header says, once the image passed every check. */
struct telsim_fw_info {
	u32 version;	/* major << 24 | minor << 16 | patch (FW_IMAGE_VERSION) */
	u32 load_addr;
	u32 length;	/* payload octets */
	u32 crc32;	/* of the payload */
};

/*
 * telsim_fw_load() - load and check TELSIM_FW_NAME for @dev (call it from
 * probe). On success the header's facts are kept with the device (devres:
 * freed when the device is unbound, also when probe fails later) for the
 * firmware_version attribute, and copied to @info if it is not NULL.
 * Returns 0, or -ENOENT (no file), -ENOEXEC (a bad image), -ENOMEM; every
 * failure logs one line naming the device, the file and the fix.
 */
int telsim_fw_load(struct device *dev, struct telsim_fw_info *info);

/* The device attributes (firmware_version) for the driver's .dev_groups. */
extern const struct attribute_group *telsim_fw_groups[];

#endif /* TELSIM_FWLOAD_H */
