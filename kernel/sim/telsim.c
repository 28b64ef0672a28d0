// SPDX-License-Identifier: GPL-2.0-only
/*
 * telsim: simulated E1/T1/FXS/FXO cards on their own bus, driven from sysfs
 * like netdevsim:
 *
 *   echo "ID TYPE N" > /sys/bus/telsim/new_device   (TYPE e1|t1: N spans,
 *                                                    fxs|fxo: N ports)
 *   echo ID > /sys/bus/telsim/del_device
 *
 * Each card is a device "telsimID" on the bus; binding it registers its spans
 * and channels with DAHDI through the tel core. An E1/T1 span with no cable
 * sees loss of signal; an analog port receives silence.
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
#include <tel/card.h>

#include "fwload.h"

#define TELSIM_NAME_MAX	24

struct telsim_dev {
	struct device dev;
	struct list_head list;
	unsigned int id;
	enum tel_span_kind kind;
	unsigned int count;		/* spans (E1/T1) or ports (FXS/FXO) */
	u8 idle;			/* what a silent channel receives */
	int probe_err;
	struct tel_card *card;
	char name[TELSIM_NAME_MAX];	/* "TELSIM/ID", prefix of span names */
	char type[48];
	char location[32];
	char hwid[24];
};

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

/* The line side of the card. Nothing is wired yet: every channel hears idle. */
static void telsim_rx(void *priv, unsigned int span, u8 *const chunk[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	unsigned int i;

	for (i = 0; i < chans; i++)
		memset(chunk[i], sd->idle, TEL_CHUNK);
}

static void telsim_tx(void *priv, unsigned int span, const u8 *const chunk[],
		      unsigned int chans)
{
	/* No cable: what DAHDI sends goes nowhere. */
}

static const struct tel_card_ops telsim_card_ops = {
	.owner = THIS_MODULE,
	.rx = telsim_rx,
	.tx = telsim_tx,
};

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
	unsigned int s;
	int ret;

	ret = telsim_fw_load(dev, NULL);
	if (ret) {
		sd->probe_err = ret;
		return ret;
	}
	card = tel_card_create(dev, &desc, &telsim_card_ops, sd);
	if (IS_ERR(card)) {
		sd->probe_err = PTR_ERR(card);
		return sd->probe_err;
	}
	sd->card = card;
	if (!analog)
		for (s = 0; s < sd->count; s++)
			tel_card_set_alarms(card, s, TEL_ALARM_LOS);
	return 0;
}

static void telsim_remove(struct device *dev)
{
	struct telsim_dev *sd = to_telsim_dev(dev);

	tel_card_destroy(sd->card);
	sd->card = NULL;
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
static BUS_ATTR_WO(new_device);
static BUS_ATTR_WO(del_device);

static struct attribute *telsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
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
	list_del(&sd->list);
	mutex_unlock(&telsim_devs_lock);
	device_unregister(&sd->dev);
	return count;
}

static int __init telsim_init(void)
{
	int ret;

	ret = bus_register(&telsim_bus);
	if (ret)
		return ret;
	ret = driver_register(&telsim_driver);
	if (ret)
		bus_unregister(&telsim_bus);
	return ret;
}

static void __exit telsim_exit(void)
{
	struct telsim_dev *sd, *tmp;

	mutex_lock(&telsim_devs_lock);
	list_for_each_entry_safe(sd, tmp, &telsim_devs, list) {
		list_del(&sd->list);
		device_unregister(&sd->dev);
	}
	mutex_unlock(&telsim_devs_lock);
	driver_unregister(&telsim_driver);
	bus_unregister(&telsim_bus);
}

module_init(telsim_init);
module_exit(telsim_exit);
MODULE_DESCRIPTION("Simulated E1/T1/FXS/FXO cards for the tel DAHDI driver");
MODULE_LICENSE("GPL");
