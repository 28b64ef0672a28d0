// SPDX-License-Identifier: GPL-2.0-only
/*
 * telsim fault knobs in debugfs, per E1/T1 span:
 *
 *   /sys/kernel/debug/telsim/ID/spanS/los           1 on, 0 off
 *                                     ais, lof       1 on, 0 off
 *                                     ber            bit errors per million bits
 *                                     slips          write N: N frame slips
 *                                     dchan_cut_ms   write N: D-channel silent N ms
 *                                     bad_fcs        write N: corrupt the next N frames' FCS
 *                                     status         read: what the firmware sees
 *
 * Each acts on the signal that span receives, as if its incoming cable
 * were bad; the far span sees what a real far end would (RAI, E-bits).
 * Analog ports add their own files (analog.c). Per card:
 *
 *   /sys/kernel/debug/telsim/ID/clock_ppm    the card's oscillator, -500..500 ppm
 *
 * A card runs on it while no span gives it a clock (timing priority 0, or
 * no span in sync); spans linked to a card on another rate slip frames.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "telsim.h"

static struct dentry *telsim_debugfs_root;

enum knob { K_LOS, K_AIS, K_LOF, K_BER, K_SLIPS, K_DCHAN_CUT, K_BAD_FCS, K_COUNT };
static_assert(K_COUNT == TELSIM_KNOBS);

static const char *const knob_name[K_COUNT] = {
	[K_LOS] = "los", [K_AIS] = "ais", [K_LOF] = "lof", [K_BER] = "ber",
	[K_SLIPS] = "slips", [K_DCHAN_CUT] = "dchan_cut_ms", [K_BAD_FCS] = "bad_fcs",
};

static ssize_t knob_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_knob *kf = file->private_data;
	struct telsim_faults f;
	unsigned long flags;
	char buf[24];
	u32 v = 0;
	int n;

	spin_lock_irqsave(&kf->sp->lock, flags);
	f = kf->sp->faults;
	spin_unlock_irqrestore(&kf->sp->lock, flags);
	switch (kf->k) {
	case K_LOS:
		v = f.los;
		break;
	case K_AIS:
		v = f.ais;
		break;
	case K_LOF:
		v = f.lof;
		break;
	case K_BER:
		v = f.ber;
		break;
	case K_DCHAN_CUT:
		v = f.dchan_cut_ms;
		break;
	case K_BAD_FCS:
		v = f.bad_fcs;
		break;
	default:
		break;
	}
	n = scnprintf(buf, sizeof(buf), "%u\n", v);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static ssize_t knob_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_knob *kf = file->private_data;
	struct telsim_span *sp = kf->sp;
	struct telsim_faults f;
	unsigned long flags;
	int ret, n;
	u32 v;

	if (kf->k == K_SLIPS) {
		ret = kstrtoint_from_user(ubuf, len, 0, &n);
		if (ret || n < -1000 || n > 1000) {
			pr_err("%s span %u: slips: write N (1..1000 repeats, -1000..-1 deletions)\n",
			       dev_name(&sp->sd->dev), sp->index + 1);
			return -EINVAL;
		}
		telsim_span_slip(sp, n);
		return len;
	}
	ret = kstrtou32_from_user(ubuf, len, 0, &v);
	if (ret) {
		pr_err("%s span %u: %s: write a number\n", dev_name(&sp->sd->dev), sp->index + 1,
		       knob_name[kf->k]);
		return ret;
	}
	if ((kf->k <= K_LOF && v > 1) || (kf->k == K_BER && v > FW_CABLE_PPM) ||
	    (kf->k == K_DCHAN_CUT && v > 3600000)) {
		pr_err("%s span %u: %s: %u is out of range (%s)\n", dev_name(&sp->sd->dev),
		       sp->index + 1, knob_name[kf->k], v,
		       kf->k <= K_LOF ? "1 on, 0 off" : kf->k == K_BER ?
		       "0..1000000 errors per million bits" : "0..3600000 ms");
		return -EINVAL;
	}
	if (kf->k == K_DCHAN_CUT) {
		telsim_span_cut_dchan(sp, v);
		return len;
	}
	spin_lock_irqsave(&sp->lock, flags);
	f = sp->faults;
	spin_unlock_irqrestore(&sp->lock, flags);
	switch (kf->k) {
	case K_LOS:
		f.los = v;
		break;
	case K_AIS:
		f.ais = v;
		break;
	case K_LOF:
		f.lof = v;
		break;
	case K_BER:
		f.ber = v;
		break;
	case K_BAD_FCS:
		f.bad_fcs = v;
		break;
	default:
		break;
	}
	telsim_span_set_faults(sp, &f);
	return len;
}

static ssize_t status_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_span *sp = file->private_data;
	char *buf;
	ssize_t ret;
	int n;

	buf = kmalloc(1024, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	n = telsim_span_status(sp, buf, 1024);
	ret = simple_read_from_buffer(ubuf, len, ppos, buf, n);
	kfree(buf);
	return ret;
}

static const struct file_operations status_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = status_read,
	.llseek = default_llseek,
};

static const struct file_operations knob_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = knob_read,
	.write = knob_write,
	.llseek = default_llseek,
};

static ssize_t clock_ppm_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_dev *sd = file->private_data;
	char buf[16];
	int n;

	n = scnprintf(buf, sizeof(buf), "%d\n", READ_ONCE(sd->ppm));
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

/* a signed decimal: "echo -100 > clock_ppm" (a debugfs attribute takes u64 only) */
static ssize_t clock_ppm_write(struct file *file, const char __user *ubuf, size_t len,
			       loff_t *ppos)
{
	struct telsim_dev *sd = file->private_data;
	int ret, v;

	ret = kstrtoint_from_user(ubuf, len, 10, &v);
	if (ret) {
		pr_err("%s: clock_ppm: write a decimal number of ppm, -500..500\n",
		       dev_name(&sd->dev));
		return ret;
	}
	if (v < -500 || v > 500) {
		pr_err("%s: clock_ppm: %d is out of range (-500..500)\n", dev_name(&sd->dev), v);
		return -EINVAL;
	}
	WRITE_ONCE(sd->ppm, v);
	return len;
}

static const struct file_operations clock_ppm_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = clock_ppm_read,
	.write = clock_ppm_write,
	.llseek = default_llseek,
};

void telsim_debugfs_dev_add(struct telsim_dev *sd)
{
	char name[16];
	unsigned int s, k;

	snprintf(name, sizeof(name), "%u", sd->id);
	sd->dir = debugfs_create_dir(name, telsim_debugfs_root);
	if (sd->kind == TEL_SPAN_FXS || sd->kind == TEL_SPAN_FXO) {
		telsim_ports_debugfs_add(sd);
		return;
	}
	debugfs_create_file("clock_ppm", 0600, sd->dir, sd, &clock_ppm_fops);
	for (s = 0; s < sd->count; s++) {
		struct telsim_span *sp = sd->spans[s];

		snprintf(name, sizeof(name), "span%u", s + 1);
		sp->dir = debugfs_create_dir(name, sd->dir);
		for (k = 0; k < K_COUNT; k++) {
			sp->knobs[k].sp = sp;
			sp->knobs[k].k = k;
			debugfs_create_file(knob_name[k], 0600, sp->dir, &sp->knobs[k], &knob_fops);
		}
		debugfs_create_file("status", 0400, sp->dir, sp, &status_fops);
	}
}

void telsim_debugfs_dev_del(struct telsim_dev *sd)
{
	debugfs_remove_recursive(sd->dir);
	sd->dir = NULL;
}

void telsim_debugfs_init(void)
{
	telsim_debugfs_root = debugfs_create_dir("telsim", NULL);
}

void telsim_debugfs_exit(void)
{
	debugfs_remove_recursive(telsim_debugfs_root);
}
