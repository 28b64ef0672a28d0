// SPDX-License-Identifier: GPL-2.0-only
/*
 * telsim analog ports (FXS, FXO). Not simulated yet: every port hears
 * silence and nothing is wired. (Being replaced by the firmware's analog
 * ports with a phone and an exchange model.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include "telsim.h"

static void port_rx(void *priv, unsigned int span, u8 *const chunk[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	unsigned int i;

	for (i = 0; i < chans; i++)
		memset(chunk[i], sd->idle, TEL_CHUNK);
}

static void port_tx(void *priv, unsigned int span, const u8 *const chunk[], unsigned int chans)
{
}

const struct tel_card_ops telsim_analog_ops = {
	.owner = THIS_MODULE,
	.rx = port_rx,
	.tx = port_tx,
};

int telsim_ports_create(struct telsim_dev *sd)
{
	return 0;
}

void telsim_ports_destroy(struct telsim_dev *sd)
{
}

int telsim_port_link(struct telsim_dev *a, unsigned int pa, struct telsim_dev *b,
		     unsigned int pb)
{
	pr_err("link: analog ports cannot be linked yet\n");
	return -EOPNOTSUPP;
}

int telsim_port_unlink(struct telsim_dev *sd, unsigned int port)
{
	return -ENOENT;
}

void telsim_ports_unlink_all(struct telsim_dev *sd)
{
}

void telsim_ports_debugfs_add(struct telsim_dev *sd)
{
}
