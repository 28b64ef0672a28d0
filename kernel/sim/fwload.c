// SPDX-License-Identifier: GPL-2.0-only
/*
 * Firmware image loading for the simulated card (fwload.h). The image is
 * what `make firmware` builds (build/firmware/tel-fw.img; `make modules`
 * installs it as build/modules/firmware/tel/telcard.fw, and the test VM
 * boots with firmware_class.path pointing there). The checks are
 * firmware/src/image.c's, compiled in through sim/fw_image.c.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/firmware.h>
#include <linux/sysfs.h>
#include <fw/image.h>

#include "fwload.h"

/* The record lives in devres; it holds no resources of its own. */
static void telsim_fw_devres_release(struct device *dev, void *res)
{
}

int telsim_fw_load(struct device *dev, struct telsim_fw_info *info)
{
	const struct firmware *fw;
	struct telsim_fw_info *rec;
	struct fw_image_header h;
	enum fw_image_err err;
	int ret;

	/* _nowarn: the one line below says more than the loader's own warning */
	ret = firmware_request_nowarn(&fw, TELSIM_FW_NAME, dev);
	if (ret) {
		dev_err(dev, "cannot load firmware %s (%d): build it with `make modules` (or `make firmware`) and boot with firmware_class.path=<tree>/build/modules/firmware, or install it as /lib/firmware/%s\n",
			TELSIM_FW_NAME, ret, TELSIM_FW_NAME);
		return ret;
	}
	err = fw_image_check(fw->data, fw->size, &h);
	if (err != FW_IMAGE_OK) {
		dev_err(dev, "firmware %s refused (%zu octets): %s; rebuild it with `make firmware` (`make modules` installs it)\n",
			TELSIM_FW_NAME, fw->size, fw_image_strerror(err));
		release_firmware(fw);
		return -ENOEXEC;
	}
	release_firmware(fw);

	rec = devres_alloc(telsim_fw_devres_release, sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;
	rec->version = h.fw_version;
	rec->load_addr = h.load_addr;
	rec->length = h.length;
	rec->crc32 = h.crc32;
	devres_add(dev, rec);
	if (info)
		*info = *rec;
	dev_dbg(dev, "firmware %s %u.%u.%u, %u octets at 0x%08x\n", TELSIM_FW_NAME,
		FW_IMAGE_VERSION_MAJOR(rec->version), FW_IMAGE_VERSION_MINOR(rec->version),
		FW_IMAGE_VERSION_PATCH(rec->version), rec->length, rec->load_addr);
	return 0;
}

static ssize_t firmware_version_show(struct device *dev, struct device_attribute *attr,
				     char *buf)
{
	struct telsim_fw_info *rec = devres_find(dev, telsim_fw_devres_release, NULL, NULL);

	if (!rec)
		return -ENODEV;
	return sysfs_emit(buf, "%u.%u.%u\n", FW_IMAGE_VERSION_MAJOR(rec->version),
			  FW_IMAGE_VERSION_MINOR(rec->version),
			  FW_IMAGE_VERSION_PATCH(rec->version));
}
static DEVICE_ATTR_RO(firmware_version);

static struct attribute *telsim_fw_attrs[] = {
	&dev_attr_firmware_version.attr,
	NULL,
};

static const struct attribute_group telsim_fw_group = {
	.attrs = telsim_fw_attrs,
};

const struct attribute_group *telsim_fw_groups[] = {
	&telsim_fw_group,
	NULL,
};
