// SPDX-License-Identifier: GPL-2.0-only
/*
 * telsim: simulated E1/T1/FXS/FXO cards on their own bus, driven from sysfs
 * like netdevsim:
 *
 *   echo "ID TYPE N" > /sys/bus/telsim/new_device   (TYPE e1|t1: N spans,
 *                                                    fxs|fxo: N ports)
 *   echo ID > /sys/bus/telsim/del_device
 *   echo "ID:S ID:S" > /sys/bus/telsim/link       (a cable between two spans,
 *                                                    or FXS port to FXO port)
 *   echo "ID:S" > /sys/bus/telsim/unlink           (either end names the cable)
 *
 * Each card is a device "telsimID" on the bus; binding it registers its spans
 * and channels with DAHDI through the tel core. The card runs the firmware
 * (span.c, analog.c) on simulated line signals; faults are injected in
 * debugfs (debugfs.c). An E1/T1 span with no cable sees loss of signal.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "fwload.h"
#include "telsim.h"

static LIST_HEAD(telsim_devs);
static DEFINE_MUTEX(telsim_devs_lock);

static const struct {
	const char *name;
	enum tel_span_kind kind;
	unsigned int max;
	u8 idle;			/* A-law or mu-law silence */
} telsim_types[] = {
	{ "e1", TEL_SPAN_E1, TEL_MAX_SPANS, 0xd5 },
	{ "t1", TEL_SPAN_T1, TEL_MAX_SPANS, 0xff },
	{ "fxs", TEL_SPAN_FXS, TEL_MAX_PORTS, 0xff },
	{ "fxo", TEL_SPAN_FXO, TEL_MAX_PORTS, 0xff },
};

static struct telsim_dev *to_telsim_dev(struct device *dev)
{
	return container_of(dev, struct telsim_dev, dev);
}

static int telsim_probe(struct device *dev)
{
	struct telsim_dev *sd = to_telsim_dev(dev);
	bool analog = sd->kind == TEL_SPAN_FXS || sd->kind == TEL_SPAN_FXO;
	struct tel_card_desc desc = {
		.kind = sd->kind,
		.spans = analog ? 1 : sd->count,
		.ports = analog ? sd->count : 0,
		.name = sd->name,
		.manufacturer = "tel project",
		.devicetype = sd->type,
		.location = sd->location,
		.hardware_id = sd->hwid,
	};
	struct tel_card *card;
	int ret;

	ret = telsim_fw_load(dev, NULL);
	if (ret) {
		sd->probe_err = ret;
		return ret;
	}
	ret = analog ? telsim_ports_create(sd) : telsim_spans_create(sd);
	if (ret)
		goto err;
	card = tel_card_create(dev, &desc, analog ? &telsim_analog_ops : &telsim_span_ops, sd);
	if (IS_ERR(card)) {
		ret = PTR_ERR(card);
		goto err;
	}
	sd->card = card;
	telsim_debugfs_dev_add(sd);
	return 0;
err:
	sd->probe_err = ret;
	if (analog)
		telsim_ports_destroy(sd);
	else
		telsim_spans_destroy(sd);
	return ret;
}

/* Cut every cable of @sd; caller holds telsim_devs_lock. */
static void telsim_unlink_all(struct telsim_dev *sd)
{
	unsigned int s;

	if (sd->kind == TEL_SPAN_FXS || sd->kind == TEL_SPAN_FXO) {
		telsim_ports_unlink_all(sd);
		return;
	}
	for (s = 0; s < sd->count; s++)
		telsim_span_unlink(sd->spans[s]);
}

static void telsim_remove(struct device *dev)
{
	struct telsim_dev *sd = to_telsim_dev(dev);

	telsim_debugfs_dev_del(sd);
	tel_card_destroy(sd->card);
	sd->card = NULL;
	if (sd->kind == TEL_SPAN_FXS || sd->kind == TEL_SPAN_FXO)
		telsim_ports_destroy(sd);
	else
		telsim_spans_destroy(sd);
}

static void telsim_dev_release(struct device *dev)
{
	kfree(to_telsim_dev(dev));
}

static struct telsim_dev *telsim_find(unsigned int id)
{
	struct telsim_dev *sd;

	list_for_each_entry(sd, &telsim_devs, list)
		if (sd->id == id)
			return sd;
	return NULL;
}

static int telsim_parse_new(const char *buf, unsigned int *id, unsigned int *type,
			    unsigned int *count)
{
	char tname[8], extra;
	unsigned int t;

	if (sscanf(buf, "%u %7s %u %c", id, tname, count, &extra) != 3) {
		pr_err("new_device: expected \"ID TYPE N\" (TYPE e1, t1, fxs or fxo)\n");
		return -EINVAL;
	}
	for (t = 0; t < ARRAY_SIZE(telsim_types); t++)
		if (!strcmp(tname, telsim_types[t].name))
			break;
	if (t == ARRAY_SIZE(telsim_types)) {
		pr_err("new_device: unknown TYPE \"%s\" (use e1, t1, fxs or fxo)\n", tname);
		return -EINVAL;
	}
	if (*count < 1 || *count > telsim_types[t].max) {
		pr_err("new_device: %s card with %u %s: N must be 1 to %u\n", tname, *count,
		       t < 2 ? "spans" : "ports", telsim_types[t].max);
		return -EINVAL;
	}
	*type = t;
	return 0;
}

static ssize_t new_device_store(struct bus_type *bus, const char *buf, size_t count);
static ssize_t del_device_store(struct bus_type *bus, const char *buf, size_t count);
static ssize_t link_store(struct bus_type *bus, const char *buf, size_t count);
static ssize_t unlink_store(struct bus_type *bus, const char *buf, size_t count);
static BUS_ATTR_WO(new_device);
static BUS_ATTR_WO(del_device);
static BUS_ATTR_WO(link);
static BUS_ATTR_WO(unlink);

static struct attribute *telsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	&bus_attr_link.attr,
	&bus_attr_unlink.attr,
	NULL,
};
ATTRIBUTE_GROUPS(telsim_bus);

static int telsim_match(struct device *dev, struct device_driver *drv)
{
	return 1;
}

static struct bus_type telsim_bus = {
	.name = "telsim",
	.dev_name = "telsim",
	.bus_groups = telsim_bus_groups,
	.match = telsim_match,
	.probe = telsim_probe,
	.remove = telsim_remove,
};

static struct device_driver telsim_driver = {
	.name = "telsim",
	.bus = &telsim_bus,
	.owner = THIS_MODULE,
	.dev_groups = telsim_fw_groups,
};

static ssize_t new_device_store(struct bus_type *bus, const char *buf, size_t count)
{
	unsigned int id, type, n;
	struct telsim_dev *sd;
	int ret;

	ret = telsim_parse_new(buf, &id, &type, &n);
	if (ret)
		return ret;
	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->id = id;
	sd->kind = telsim_types[type].kind;
	sd->count = n;
	sd->idle = telsim_types[type].idle;
	snprintf(sd->name, sizeof(sd->name), "TELSIM/%u", id);
	snprintf(sd->type, sizeof(sd->type), "telsim %s card, %u %s", telsim_types[type].name,
		 n, type < 2 ? "spans" : "ports");
	snprintf(sd->location, sizeof(sd->location), "telsim bus %u", id);
	snprintf(sd->hwid, sizeof(sd->hwid), "telsim%u", id);
	sd->dev.bus = &telsim_bus;
	sd->dev.release = telsim_dev_release;
	device_initialize(&sd->dev);
	ret = dev_set_name(&sd->dev, "telsim%u", id);
	if (ret)
		goto err_put;

	mutex_lock(&telsim_devs_lock);
	if (telsim_find(id)) {
		pr_err("new_device: device %u already exists (del_device it first)\n", id);
		ret = -EBUSY;
		goto err_unlock;
	}
	ret = device_add(&sd->dev);
	if (ret)
		goto err_unlock;
	if (!sd->dev.driver) {
		ret = sd->probe_err ?: -ENODEV;
		pr_err("new_device: device %u not created (%d)\n", id, ret);
		device_del(&sd->dev);
		goto err_unlock;
	}
	list_add_tail(&sd->list, &telsim_devs);
	mutex_unlock(&telsim_devs_lock);
	return count;

err_unlock:
	mutex_unlock(&telsim_devs_lock);
err_put:
	put_device(&sd->dev);
	return ret;
}

static ssize_t del_device_store(struct bus_type *bus, const char *buf, size_t count)
{
	struct telsim_dev *sd;
	unsigned int id;
	char extra;

	if (sscanf(buf, "%u %c", &id, &extra) != 1) {
		pr_err("del_device: expected \"ID\"\n");
		return -EINVAL;
	}
	mutex_lock(&telsim_devs_lock);
	sd = telsim_find(id);
	if (!sd) {
		mutex_unlock(&telsim_devs_lock);
		pr_err("del_device: no device %u\n", id);
		return -ENOENT;
	}
	telsim_unlink_all(sd);
	list_del(&sd->list);
	mutex_unlock(&telsim_devs_lock);
	device_unregister(&sd->dev);
	return count;
}

/* "ID:S" into the device and 0-based span or port; caller holds telsim_devs_lock. */
static int telsim_parse_end(const char *what, const char *tok, struct telsim_dev **sdp,
			    unsigned int *idx)
{
	unsigned int id, n;
	char extra;

	if (sscanf(tok, "%u:%u%c", &id, &n, &extra) != 2) {
		pr_err("%s: \"%s\" is not ID:S (device ID, span or port S from 1)\n", what, tok);
		return -EINVAL;
	}
	*sdp = telsim_find(id);
	if (!*sdp) {
		pr_err("%s: no device %u\n", what, id);
		return -ENOENT;
	}
	if (n < 1 || n > (*sdp)->count) {
		pr_err("%s: device %u has %s 1..%u, not %u\n", what, id,
		       (*sdp)->kind == TEL_SPAN_FXS || (*sdp)->kind == TEL_SPAN_FXO ?
		       "ports" : "spans", (*sdp)->count, n);
		return -ENOENT;
	}
	*idx = n - 1;
	return 0;
}

static bool telsim_is_analog(const struct telsim_dev *sd)
{
	return sd->kind == TEL_SPAN_FXS || sd->kind == TEL_SPAN_FXO;
}

static ssize_t link_store(struct bus_type *bus, const char *buf, size_t count)
{
	char a[24], b[24], extra;
	struct telsim_dev *sa, *sb;
	unsigned int ia, ib;
	int ret;

	if (sscanf(buf, "%23s %23s %c", a, b, &extra) != 2) {
		pr_err("link: expected \"ID:S ID:S\" (two span or port ends)\n");
		return -EINVAL;
	}
	mutex_lock(&telsim_devs_lock);
	ret = telsim_parse_end("link", a, &sa, &ia);
	if (!ret)
		ret = telsim_parse_end("link", b, &sb, &ib);
	if (ret)
		goto out;
	if (telsim_is_analog(sa) || telsim_is_analog(sb)) {
		if (!telsim_is_analog(sa) || !telsim_is_analog(sb) || sa->kind == sb->kind) {
			pr_err("link: %s and %s: an analog port links only FXS to FXO\n", a, b);
			ret = -EINVAL;
			goto out;
		}
		ret = telsim_port_link(sa, ia, sb, ib);
	} else if (sa->kind != sb->kind) {
		pr_err("link: %s is %s and %s is %s: a cable joins two E1 or two T1 spans\n", a,
		       sa->kind == TEL_SPAN_E1 ? "E1" : "T1", b,
		       sb->kind == TEL_SPAN_E1 ? "E1" : "T1");
		ret = -EINVAL;
	} else if (sa == sb && ia == ib) {
		pr_err("link: %s to itself: use a loopback (dahdi_maint -l) instead\n", a);
		ret = -EINVAL;
	} else {
		ret = telsim_span_link(sa->spans[ia], sb->spans[ib]);
	}
	if (ret == -EBUSY)
		pr_err("link: %s or %s is linked already (unlink it first)\n", a, b);
out:
	mutex_unlock(&telsim_devs_lock);
	return ret ? ret : count;
}

static ssize_t unlink_store(struct bus_type *bus, const char *buf, size_t count)
{
	char a[24], b[24], extra;
	struct telsim_dev *sd;
	unsigned int idx;
	int n, ret;

	n = sscanf(buf, "%23s %23s %c", a, b, &extra);
	if (n != 1 && n != 2) {
		pr_err("unlink: expected \"ID:S\" or \"ID:S ID:S\"\n");
		return -EINVAL;
	}
	mutex_lock(&telsim_devs_lock);
	ret = telsim_parse_end("unlink", a, &sd, &idx);
	if (ret)
		goto out;
	if (telsim_is_analog(sd))
		ret = telsim_port_unlink(sd, idx);
	else if (!telsim_span_peer(sd->spans[idx]))
		ret = -ENOENT;
	else
		telsim_span_unlink(sd->spans[idx]);
	if (ret == -ENOENT)
		pr_err("unlink: %s is not linked\n", a);
out:
	mutex_unlock(&telsim_devs_lock);
	return ret ? ret : count;
}

static int __init telsim_init(void)
{
	int ret;

	telsim_debugfs_init();
	ret = bus_register(&telsim_bus);
	if (ret)
		goto err_debugfs;
	ret = driver_register(&telsim_driver);
	if (ret)
		goto err_bus;
	return 0;
err_bus:
	bus_unregister(&telsim_bus);
err_debugfs:
	telsim_debugfs_exit();
	return ret;
}

static void __exit telsim_exit(void)
{
	struct telsim_dev *sd, *tmp;

	mutex_lock(&telsim_devs_lock);
	list_for_each_entry(sd, &telsim_devs, list)
		telsim_unlink_all(sd);
	list_for_each_entry_safe(sd, tmp, &telsim_devs, list) {
		list_del(&sd->list);
		device_unregister(&sd->dev);
	}
	mutex_unlock(&telsim_devs_lock);
	driver_unregister(&telsim_driver);
	bus_unregister(&telsim_bus);
	telsim_debugfs_exit();
}

module_init(telsim_init);
module_exit(telsim_exit);
MODULE_DESCRIPTION("Simulated E1/T1/FXS/FXO cards for the tel DAHDI driver");
MODULE_LICENSE("GPL");
