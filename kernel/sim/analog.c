// SPDX-License-Identifier: GPL-2.0-only
/*
 * telsim analog ports: the card's firmware FXS and FXO ports (fw/analog.h)
 * on a 1 ms step, facing the firmware's world models (fw/analog_sim.h) or
 * each other.
 *
 * An FXS port (DAHDI sees FXO signalling: fxoks, fxols) feeds a simulated
 * telephone, driven from debugfs .../ID/portP/phone; an FXO port (DAHDI sees
 * FXS signalling: fxsks) faces a simulated CO line, .../ID/portP/co. Linked
 * (/sys/bus/telsim/link "ID:P ID:P"), an FXS port's loop is an FXO port's
 * line: what the FXS port drives (battery, polarity, ring voltage) is what
 * the FXO port sees, the FXO port's hook switch is the FXS port's loop,
 * and each DAHDI channel's voice goes to the other.
 *
 * Each millisecond, per port: rx takes what arrives from the far end (the
 * phone or CO model, or the linked port's output TELSIM_CABLE_MS ago),
 * steps the firmware port on it and fills the chunk; the core pulls the
 * hook state with hook_rx; tx sends DAHDI's chunk and the port's line
 * outputs to the linked port. DAHDI's txsig arrives through hooksig as a
 * command to the firmware port.
 *
 * What DAHDI sees is what the firmware makes of the line: an FXS port
 * reports its debounced loop (DAHDI's core times dial pulses and flashes
 * from the transitions, as for any FXO-signalled channel); an FXO port
 * reports RING for a validated ring burst, OFFHOOK while loop current
 * flows after a seizure and ONHOOK otherwise (so a far-end disconnect is
 * an ONHOOK event on an fxsks channel).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <fw/analog.h>
#include <fw/analog_sim.h>
#include "telsim.h"

/* The line state one port sends the other each millisecond. */
#define LINE_BATTERY	BIT(0)	/* FXS: loop feed on */
#define LINE_REVERSED	BIT(1)	/* FXS: battery polarity reversed */
#define LINE_RING	BIT(2)	/* FXS: ring voltage on */
#define LINE_OFFHOOK	BIT(3)	/* FXO: hook switch closed */
#define LINE_FXS_IDLE	LINE_BATTERY

#define PHONE_FLASH_MS	500	/* a flash: inside DAHDI's and the firmware's windows */

/* One millisecond of one direction of a linked pair (a delay.h slot). */
struct telsim_aline {
	u8 line;			/* LINE_* */
	u8 audio[TEL_CHUNK];
};

struct telsim_port {
	struct telsim_dev *sd;
	unsigned int index;		/* 0-based in the card */
	spinlock_t lock;		/* the tick against hooksig, debugfs and links */
	struct telsim_port __rcu *peer;	/* the linked port */
	struct telsim_delay in;		/* what the linked port sent: struct telsim_aline */
	u8 far;				/* LINE_* last received from the linked port */
	u8 rxsig;			/* enum tel_rxsig, for hook_rx */
	u8 rxpol;			/* FXO: battery polarity the line shows (1 reversed) */
	bool ring_cycle;		/* FXS: DAHDI rings (START until ONHOOK or answer) */
	u32 rings0;			/* FXS: the phone's ring bursts when the cycle began */
	struct fw_fxs_rig fxs;		/* FXS port and its telephone */
	struct fw_fxo_rig fxo;		/* FXO port and its CO line */
	u8 tx[TEL_CHUNK];
	char name[32];			/* "telsimID port P", for messages */
};

static bool is_fxs(const struct telsim_port *p)
{
	return p->sd->kind == TEL_SPAN_FXS;
}

/* --- one port, one millisecond --------------------------------------------------- */

/* What this port drives on the line now (LINE_*); under p->lock. */
static u8 port_line_out(const struct telsim_port *p)
{
	const struct fw_fxs_drive *d = &p->fxs.port.drive;

	if (!is_fxs(p))
		return p->fxo.port.off_hook ? LINE_OFFHOOK : 0;
	return (d->battery ? LINE_BATTERY : 0) | (d->reversed ? LINE_REVERSED : 0) |
	       (d->ring ? LINE_RING : 0);
}

static void fxs_step(struct telsim_port *p, bool linked)
{
	struct fw_an_event ev;

	if (linked)
		fw_fxs_step(&p->fxs.port, (p->far & LINE_OFFHOOK) && p->fxs.port.drive.battery);
	else
		fw_fxs_rig_step(&p->fxs);
	while (fw_fxs_event(&p->fxs.port, &ev))
		;	/* DAHDI times pulses and flashes itself from the hook state */
	if (p->fxs.port.loop.state)
		p->ring_cycle = false;	/* answered: the ring trip ended the ringing */
	p->rxsig = p->fxs.port.loop.state ? TEL_RXSIG_OFFHOOK : TEL_RXSIG_ONHOOK;
}

static void fxo_step(struct telsim_port *p, bool linked)
{
	struct fw_fxo *port = &p->fxo.port;
	struct fw_an_event ev;

	if (linked) {
		struct fw_fxo_line in = {
			.ring = (p->far & LINE_RING) && (p->far & LINE_BATTERY),
			.loop = port->off_hook && (p->far & LINE_BATTERY) && !(p->far & LINE_RING),
			.reversed = p->far & LINE_REVERSED,
		};

		p->fxo.line = in;
		fw_fxo_step(port, &in);
	} else {
		fw_fxo_rig_step(&p->fxo);
	}
	while (fw_fxo_event(port, &ev))
		;
	/* known while loop current flows; the line is back to normal when it stops */
	p->rxpol = p->fxo.line.loop && p->fxo.line.reversed;
	switch (port->c.state) {
	case FW_FXO_RINGING:
		p->rxsig = TEL_RXSIG_RING;
		break;
	case FW_FXO_OFF_HOOK:
		p->rxsig = TEL_RXSIG_OFFHOOK;
		break;
	case FW_FXO_FLASHING:
		break;	/* our own flash: no news for DAHDI */
	default:
		p->rxsig = TEL_RXSIG_ONHOOK;
		break;
	}
}

static void port_rx(void *priv, unsigned int span, u8 *const chunk[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	unsigned int i;

	for (i = 0; i < chans && i < sd->count; i++) {
		struct telsim_port *p = &sd->ports[i];
		struct telsim_aline in;
		bool linked;

		rcu_read_lock();
		linked = rcu_dereference(p->peer);
		rcu_read_unlock();
		spin_lock(&p->lock);
		if (linked && telsim_delay_get(&p->in, sd->now, &in)) {
			p->far = in.line;
			memcpy(chunk[i], in.audio, TEL_CHUNK);
		} else {
			memset(chunk[i], sd->idle, TEL_CHUNK);	/* the phone, the CO: silence */
		}
		if (is_fxs(p))
			fxs_step(p, linked);
		else
			fxo_step(p, linked);
		spin_unlock(&p->lock);
	}
}

static void port_tx(void *priv, unsigned int span, const u8 *const chunk[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	unsigned int i;

	for (i = 0; i < chans && i < sd->count; i++) {
		struct telsim_port *p = &sd->ports[i];
		struct telsim_aline out;
		struct telsim_port *peer;

		spin_lock(&p->lock);
		out.line = port_line_out(p);
		spin_unlock(&p->lock);
		memcpy(out.audio, chunk[i], TEL_CHUNK);
		rcu_read_lock();
		peer = rcu_dereference(p->peer);
		if (peer)
			telsim_delay_put(&peer->in, sd->now, &out);
		rcu_read_unlock();
	}
}

static void port_hook_rx(void *priv, unsigned int span, u8 rxsig[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	unsigned int i;

	for (i = 0; i < chans; i++)
		rxsig[i] = i < sd->count ? READ_ONCE(sd->ports[i].rxsig) : TEL_RXSIG_ONHOOK;
}

static void port_polarity_rx(void *priv, unsigned int span, u8 rev[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	unsigned int i;

	for (i = 0; i < chans; i++)
		rev[i] = i < sd->count ? READ_ONCE(sd->ports[i].rxpol) : 0;
}

/* DAHDI_SETPOLARITY: an FXS port reverses its battery (answer supervision) or not. */
static int port_polarity(void *priv, unsigned int span, unsigned int chan, bool reversed)
{
	struct telsim_dev *sd = priv;
	struct telsim_port *p;
	unsigned long flags;
	int ret;

	if (chan >= sd->count)
		return -EINVAL;
	p = &sd->ports[chan];
	if (!is_fxs(p)) {
		pr_err("%s: DAHDI_SETPOLARITY: an FXO port does not drive the line's battery\n",
		       p->name);
		return -EINVAL;
	}
	spin_lock_irqsave(&p->lock, flags);
	ret = fw_fxs_cmd(&p->fxs.port, reversed ? FW_FXS_EV_REVERSE : FW_FXS_EV_NORMAL);
	spin_unlock_irqrestore(&p->lock, flags);
	return ret ? -EBUSY : 0;
}

/* DAHDI's txsig as a command to the firmware port (process context or a DAHDI lock). */
static int port_hooksig(void *priv, unsigned int span, unsigned int chan, int txsig)
{
	struct telsim_dev *sd = priv;
	struct telsim_port *p;
	unsigned long flags;

	if (chan >= sd->count)
		return -EINVAL;
	p = &sd->ports[chan];
	spin_lock_irqsave(&p->lock, flags);
	if (is_fxs(p)) {
		struct fw_fxs *port = &p->fxs.port;

		switch (txsig) {
		case TEL_TXSIG_START:	/* DAHDI's cadence: ring on */
			if (!p->ring_cycle && !port->loop.state) {
				p->ring_cycle = true;
				p->rings0 = p->fxs.phone.rings;
			}
			if (port->c.state == FW_FXS_IDLE)
				fw_fxs_cmd(port, FW_FXS_EV_RING);
			break;
		case TEL_TXSIG_OFFHOOK:	/* ring off (between rings, or answered) */
			if (port->c.state == FW_FXS_RINGING)
				fw_fxs_cmd(port, FW_FXS_EV_STOP_RING);
			break;
		case TEL_TXSIG_ONHOOK:
			p->ring_cycle = false;
			if (port->c.state == FW_FXS_RINGING)
				fw_fxs_cmd(port, FW_FXS_EV_STOP_RING);
			break;
		case TEL_TXSIG_KEWL:	/* disconnect supervision: battery off a while */
			p->ring_cycle = false;
			if (port->c.state == FW_FXS_RINGING)
				fw_fxs_cmd(port, FW_FXS_EV_STOP_RING);
			fw_fxs_cmd(port, FW_FXS_EV_OPEN_LOOP);
			break;
		}
	} else {
		switch (txsig) {
		case TEL_TXSIG_OFFHOOK:	/* seize, or answer the ringing */
		case TEL_TXSIG_START:
			fw_fxo_cmd(&p->fxo.port, FW_FXO_EV_OFF_HOOK);
			break;
		case TEL_TXSIG_ONHOOK:
			fw_fxo_cmd(&p->fxo.port, FW_FXO_EV_ON_HOOK);
			break;
		default:		/* KEWL: nothing an FXO port can do */
			break;
		}
	}
	spin_unlock_irqrestore(&p->lock, flags);
	return 0;
}

static void port_tick(void *priv, u64 ms, unsigned int master)
{
	struct telsim_dev *sd = priv;

	sd->now = ms;
}

const struct tel_card_ops telsim_analog_ops = {
	.owner = THIS_MODULE,
	.tick = port_tick,
	.polarity_rx = port_polarity_rx,
	.polarity = port_polarity,
	.rx = port_rx,
	.tx = port_tx,
	.hook_rx = port_hook_rx,
	.hooksig = port_hooksig,
};

/* --- ports of a card, links -------------------------------------------------------- */

int telsim_ports_create(struct telsim_dev *sd)
{
	unsigned int i;

	sd->ports = kvcalloc(sd->count, sizeof(*sd->ports), GFP_KERNEL);
	if (!sd->ports)
		return -ENOMEM;
	for (i = 0; i < sd->count; i++) {
		struct telsim_port *p = &sd->ports[i];

		p->sd = sd;
		p->index = i;
		spin_lock_init(&p->lock);
		if (telsim_delay_init(&p->in, sizeof(struct telsim_aline)))
			return -ENOMEM;
		snprintf(p->name, sizeof(p->name), "%s port %u", dev_name(&sd->dev), i + 1);
		if (fw_fxs_rig_init(&p->fxs, NULL, NULL) || fw_fxo_rig_init(&p->fxo, NULL, NULL))
			return -EINVAL;
		p->rxsig = TEL_RXSIG_ONHOOK;
	}
	return 0;
}

void telsim_ports_destroy(struct telsim_dev *sd)
{
	unsigned int i;

	for (i = 0; sd->ports && i < sd->count; i++)
		telsim_delay_free(&sd->ports[i].in);
	kvfree(sd->ports);
	sd->ports = NULL;
}

/* Caller holds the bus's device lock; @a and @b are an FXS and an FXO card (telsim.c). */
int telsim_port_link(struct telsim_dev *a, unsigned int pa, struct telsim_dev *b,
		     unsigned int pb)
{
	struct telsim_port *x = &a->ports[pa], *y = &b->ports[pb];
	unsigned long flags;
	u8 lx, ly;

	if (a->kind == b->kind)
		return -EINVAL;
	if (rcu_access_pointer(x->peer) || rcu_access_pointer(y->peer))
		return -EBUSY;
	telsim_delay_clear(&x->in);
	telsim_delay_clear(&y->in);
	/* until the first millisecond arrives: what each end drives now */
	spin_lock_irqsave(&y->lock, flags);
	ly = port_line_out(y);
	spin_unlock_irqrestore(&y->lock, flags);
	spin_lock_irqsave(&x->lock, flags);
	lx = port_line_out(x);
	x->far = ly;
	spin_unlock_irqrestore(&x->lock, flags);
	spin_lock_irqsave(&y->lock, flags);
	y->far = lx;
	spin_unlock_irqrestore(&y->lock, flags);
	rcu_assign_pointer(x->peer, y);
	rcu_assign_pointer(y->peer, x);
	return 0;
}

/* Caller holds the bus's device lock; after this neither tick touches the other port. */
static void port_unlink(struct telsim_port *x)
{
	struct telsim_port *y = rcu_access_pointer(x->peer);

	if (!y)
		return;
	RCU_INIT_POINTER(x->peer, NULL);
	RCU_INIT_POINTER(y->peer, NULL);
	synchronize_rcu();
	telsim_delay_clear(&x->in);
	telsim_delay_clear(&y->in);
}

int telsim_port_unlink(struct telsim_dev *sd, unsigned int port)
{
	if (!rcu_access_pointer(sd->ports[port].peer))
		return -ENOENT;
	port_unlink(&sd->ports[port]);
	return 0;
}

void telsim_ports_unlink_all(struct telsim_dev *sd)
{
	unsigned int i;

	if (!sd->ports)
		return;
	for (i = 0; i < sd->count; i++)
		port_unlink(&sd->ports[i]);
}

/* --- debugfs: the phone on an FXS port, the CO line on an FXO port ------------------ */

static ssize_t phone_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_port *p = file->private_data;
	const struct fw_phone *ph = &p->fxs.phone;
	const char *s;
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	if (ph->handset_up)
		s = "offhook\n";
	else if (ph->ringing || (p->ring_cycle && ph->rings != p->rings0))
		s = "ringing\n";	/* the bell rings, or rang in this cycle: between rings */
	else
		s = "idle\n";
	spin_unlock_irqrestore(&p->lock, flags);
	return simple_read_from_buffer(ubuf, len, ppos, s, strlen(s));
}

/* The command written to a port's file, without its trailing newline. */
static int cmd_from_user(const char __user *ubuf, size_t len, char *buf, size_t cap)
{
	if (!len || len >= cap)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);
	return 0;
}

static ssize_t phone_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_port *p = file->private_data;
	struct fw_phone *ph = &p->fxs.phone;
	unsigned long flags;
	char buf[48], *cmd;
	int ret = 0;

	ret = cmd_from_user(ubuf, len, buf, sizeof(buf));
	if (ret == -EFAULT)
		return ret;
	cmd = strim(buf);
	if (ret || !*cmd)
		goto usage;
	spin_lock_irqsave(&p->lock, flags);
	if (rcu_access_pointer(p->peer)) {
		ret = -EBUSY;
	} else if (!strcmp(cmd, "offhook")) {
		fw_phone_off_hook(ph);
	} else if (!strcmp(cmd, "onhook")) {
		fw_phone_on_hook(ph);
	} else if (!strcmp(cmd, "flash")) {
		ret = fw_phone_flash(ph, PHONE_FLASH_MS);
	} else if (!strncmp(cmd, "dial ", 5)) {
		char *d = skip_spaces(cmd + 5);

		ret = fw_phone_dial(ph, d, strlen(d));
	} else {
		ret = 1;
	}
	spin_unlock_irqrestore(&p->lock, flags);
	switch (ret) {
	case 0:
		return len;
	case -EBUSY:
		pr_err("%s phone: the port is linked to an FXO port (unlink it first)\n", p->name);
		return -EBUSY;
	case FW_AN_ESTATE:
		pr_err("%s phone: \"%s\": the phone is on hook or still dialling/flashing (write offhook, or wait)\n",
		       p->name, cmd);
		return -EBUSY;
	case FW_AN_EINVAL:
		pr_err("%s phone: \"%s\": dial 1 to %u digits 0-9\n", p->name, cmd,
		       FW_PHONE_DIGITS_MAX);
		return -EINVAL;
	default:
		break;
	}
usage:
	pr_err("%s phone: write offhook, onhook, flash or dial DIGITS\n", p->name);
	return -EINVAL;
}

static ssize_t co_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_port *p = file->private_data;
	const struct fw_co *co = &p->fxo.co;
	unsigned long flags;
	char buf[48];
	int n;

	spin_lock_irqsave(&p->lock, flags);
	n = scnprintf(buf, sizeof(buf), "%s%s\n",
		      !co->battery ? "open" : co->ringing ? "ringing" :
		      co->off_hook ? "offhook" : "idle",
		      co->reversed ? " reversed" : "");
	spin_unlock_irqrestore(&p->lock, flags);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static ssize_t co_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	struct telsim_port *p = file->private_data;
	struct fw_co *co = &p->fxo.co;
	unsigned long flags;
	char buf[16], *cmd;
	int ret;

	ret = cmd_from_user(ubuf, len, buf, sizeof(buf));
	if (ret == -EFAULT)
		return ret;
	cmd = strim(buf);
	if (ret)
		goto usage;
	spin_lock_irqsave(&p->lock, flags);
	if (rcu_access_pointer(p->peer))
		ret = -EBUSY;
	else if (!strcmp(cmd, "ring"))
		ret = fw_co_ring(co);
	else if (!strcmp(cmd, "answer"))
		fw_co_answer(co);
	else if (!strcmp(cmd, "hangup") && co->ringing)
		fw_co_stop_ring(co);	/* the caller gives up */
	else if (!strcmp(cmd, "hangup"))
		fw_co_clear_open(co);	/* the far end clears: battery off a while */
	else if (!strcmp(cmd, "reverse"))
		co->reversed = !co->reversed;
	else
		ret = 1;
	spin_unlock_irqrestore(&p->lock, flags);
	switch (ret) {
	case 0:
		return len;
	case -EBUSY:
		pr_err("%s co: the port is linked to an FXS port (unlink it first)\n", p->name);
		return -EBUSY;
	case FW_AN_ESTATE:
		pr_err("%s co: ring: the line is off hook or ringing already\n", p->name);
		return -EBUSY;
	default:
		break;
	}
usage:
	pr_err("%s co: write ring, answer, hangup or reverse\n", p->name);
	return -EINVAL;
}

static const struct file_operations phone_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = phone_read,
	.write = phone_write,
	.llseek = default_llseek,
};

static const struct file_operations co_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = co_read,
	.write = co_write,
	.llseek = default_llseek,
};

void telsim_ports_debugfs_add(struct telsim_dev *sd)
{
	unsigned int i;
	char name[16];

	for (i = 0; i < sd->count; i++) {
		struct telsim_port *p = &sd->ports[i];
		struct dentry *dir;

		snprintf(name, sizeof(name), "port%u", i + 1);
		dir = debugfs_create_dir(name, sd->dir);
		if (is_fxs(p))
			debugfs_create_file("phone", 0600, dir, p, &phone_fops);
		else
			debugfs_create_file("co", 0600, dir, p, &co_fops);
	}
}
