// SPDX-License-Identifier: GPL-2.0-only
/*
 * D-channel tap: every frame of a span's hardhdlc channel, both ways, as
 * records (<tel/tap.h>) to the readers of the debugfs file
 * tel_core/<span>/dchan. The tick hands frames in from hard interrupt
 * context: each reader has a ring allocated when it opens the file, the
 * tick only copies into it under a spinlock and wakes the reader; a full
 * ring drops the frame for that reader and counts it.
 *
 * Lifetime: the tap is reference counted (the span, and each open file).
 * tel_tap_destroy() marks it dead, wakes the readers (their read() ends
 * with end of file) and removes the files; the last close frees it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <tel/card.h>
#include <tel/tap.h>

#include "tap.h"

static_assert(TEL_HDLC_LOST_FCS == TEL_TAP_BADFCS);
static_assert(TEL_HDLC_LOST_ABORT == TEL_TAP_ABORT);
static_assert(TEL_HDLC_LOST_OVERRUN == TEL_TAP_OVERRUN);
static_assert(TEL_TAP_FRAME_MAX >= TEL_HDLC_MAX);
static_assert(sizeof(struct tel_tap_rec) == 16);

struct tel_tap_slot {
	struct tel_tap_rec rec;
	u8 data[TEL_TAP_FRAME_MAX];
};

struct tel_tap {
	struct kref ref;
	spinlock_t lock;		/* readers, their rings, dead */
	struct list_head readers;
	wait_queue_head_t wait;
	bool dead;			/* the span is gone */
	struct dentry *dir;
};

struct tel_tap_reader {
	struct list_head node;		/* in tap->readers */
	struct tel_tap *tap;
	unsigned int head;		/* slots written, ever */
	unsigned int tail;		/* slots read, ever */
	u32 dropped;			/* frames lost since the last slot written */
	struct tel_tap_slot slots[TEL_TAP_RING];
};

/* tel_core/ in debugfs, there while any tap is */
static DEFINE_MUTEX(tel_tap_mutex);
static struct dentry *tel_tap_root;
static unsigned int tel_tap_count;

static void tel_tap_free(struct kref *ref)
{
	kfree(container_of(ref, struct tel_tap, ref));
}

static bool tel_tap_ready(struct tel_tap_reader *r)
{
	return READ_ONCE(r->head) != READ_ONCE(r->tail) || READ_ONCE(r->tap->dead);
}

static int tel_tap_open(struct inode *inode, struct file *f)
{
	struct tel_tap *tap = inode->i_private;
	struct tel_tap_reader *r;
	unsigned long flags;

	r = kvzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->tap = tap;
	spin_lock_irqsave(&tap->lock, flags);
	if (tap->dead) {
		spin_unlock_irqrestore(&tap->lock, flags);
		kvfree(r);
		return -ENODEV;
	}
	kref_get(&tap->ref);
	list_add_tail(&r->node, &tap->readers);
	spin_unlock_irqrestore(&tap->lock, flags);
	f->private_data = r;
	return nonseekable_open(inode, f);
}

static int tel_tap_release(struct inode *inode, struct file *f)
{
	struct tel_tap_reader *r = f->private_data;
	struct tel_tap *tap = r->tap;
	unsigned long flags;

	spin_lock_irqsave(&tap->lock, flags);
	list_del(&r->node);
	spin_unlock_irqrestore(&tap->lock, flags);
	kvfree(r);
	kref_put(&tap->ref, tel_tap_free);
	return 0;
}

/* Whole records, as many as fit in @count; blocks while there is none. */
static ssize_t tel_tap_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct tel_tap_reader *r = f->private_data;
	struct tel_tap *tap = r->tap;
	struct tel_tap_slot one;
	unsigned long flags;
	size_t done = 0;
	size_t size;
	int ret;

	for (;;) {
		spin_lock_irqsave(&tap->lock, flags);
		if (r->head == r->tail) {
			bool dead = tap->dead;

			spin_unlock_irqrestore(&tap->lock, flags);
			if (done || dead)
				return done;
			if (f->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(tap->wait, tel_tap_ready(r));
			if (ret)
				return ret;
			continue;
		}
		size = sizeof(one.rec) + r->slots[r->tail % TEL_TAP_RING].rec.len;
		if (done + size > count) {
			spin_unlock_irqrestore(&tap->lock, flags);
			return done ? done : -EINVAL;
		}
		memcpy(&one, &r->slots[r->tail % TEL_TAP_RING], size);
		r->tail++;
		spin_unlock_irqrestore(&tap->lock, flags);
		if (copy_to_user(buf + done, &one, size))
			return done ? done : -EFAULT;
		done += size;
	}
}

static __poll_t tel_tap_poll(struct file *f, poll_table *wait)
{
	struct tel_tap_reader *r = f->private_data;
	__poll_t mask = 0;

	poll_wait(f, &r->tap->wait, wait);
	if (READ_ONCE(r->head) != READ_ONCE(r->tail))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(r->tap->dead))
		mask |= EPOLLHUP;
	return mask;
}

static const struct file_operations tel_tap_fops = {
	.owner = THIS_MODULE,
	.open = tel_tap_open,
	.release = tel_tap_release,
	.read = tel_tap_read,
	.poll = tel_tap_poll,
	.llseek = no_llseek,
};

void tel_tap_frame(struct tel_tap *tap, unsigned int dir, unsigned int flags, const u8 *data,
		   unsigned int len)
{
	struct tel_tap_reader *r;
	struct tel_tap_slot *slot;
	unsigned long irqflags;
	u64 now;

	if (!tap || list_empty(&tap->readers))
		return;
	if (WARN_ON_ONCE(len > TEL_TAP_FRAME_MAX))
		return;
	now = ktime_get_real_ns();
	spin_lock_irqsave(&tap->lock, irqflags);
	list_for_each_entry(r, &tap->readers, node) {
		if (r->head - r->tail >= TEL_TAP_RING) {
			if (r->dropped < U32_MAX)
				r->dropped++;
			continue;
		}
		slot = &r->slots[r->head % TEL_TAP_RING];
		slot->rec.ts_ns = now;
		slot->rec.dropped = r->dropped;
		slot->rec.len = len;
		slot->rec.dir = dir;
		slot->rec.flags = flags;
		if (len)
			memcpy(slot->data, data, len);
		r->dropped = 0;
		WRITE_ONCE(r->head, r->head + 1);
	}
	spin_unlock_irqrestore(&tap->lock, irqflags);
	wake_up_interruptible(&tap->wait);
}

struct tel_tap *tel_tap_create(const char *span_name)
{
	struct tel_tap *tap;
	char name[64];
	char *p;

	tap = kzalloc(sizeof(*tap), GFP_KERNEL);
	if (!tap)
		return NULL;
	kref_init(&tap->ref);
	spin_lock_init(&tap->lock);
	INIT_LIST_HEAD(&tap->readers);
	init_waitqueue_head(&tap->wait);
	strscpy(name, span_name, sizeof(name));
	for (p = name; *p; p++)
		if (*p == '/')
			*p = '_';

	mutex_lock(&tel_tap_mutex);
	if (!tel_tap_root) {
		tel_tap_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
		if (IS_ERR(tel_tap_root)) {
			pr_warn("%s: no D-channel tap: debugfs %s/ (%ld)\n", span_name,
				KBUILD_MODNAME, PTR_ERR(tel_tap_root));
			tel_tap_root = NULL;
			goto err;
		}
	}
	tap->dir = debugfs_create_dir(name, tel_tap_root);
	if (IS_ERR(tap->dir)) {
		pr_warn("%s: no D-channel tap: debugfs %s/%s (%ld)\n", span_name, KBUILD_MODNAME,
			name, PTR_ERR(tap->dir));
		if (!tel_tap_count) {
			debugfs_remove(tel_tap_root);
			tel_tap_root = NULL;
		}
		goto err;
	}
	debugfs_create_file("dchan", 0400, tap->dir, tap, &tel_tap_fops);
	tel_tap_count++;
	mutex_unlock(&tel_tap_mutex);
	return tap;

err:
	mutex_unlock(&tel_tap_mutex);
	kfree(tap);
	return NULL;
}

void tel_tap_destroy(struct tel_tap *tap)
{
	unsigned long flags;

	if (!tap)
		return;
	spin_lock_irqsave(&tap->lock, flags);
	tap->dead = true;
	spin_unlock_irqrestore(&tap->lock, flags);
	wake_up_interruptible_all(&tap->wait);
	/* waits for readers inside read() or poll(): woken above, they return */
	debugfs_remove(tap->dir);
	mutex_lock(&tel_tap_mutex);
	if (!--tel_tap_count) {
		debugfs_remove(tel_tap_root);
		tel_tap_root = NULL;
	}
	mutex_unlock(&tel_tap_mutex);
	kref_put(&tap->ref, tel_tap_free);
}
