// SPDX-License-Identifier: GPL-2.0
/*
 * ksm_link_walker - test-only module: walks the series' unstable index the
 * way a lookup of another checksum does, under RCU alone, and stops at an
 * entry for a while before following its hash chain link.  KSM may take
 * that entry out of the index meanwhile (a pair's tree page merged); the
 * link must still lead along a hash chain to a nulls marker, as it does for
 * a real lookup that was preempted there.  If the rmap_item's stable tree
 * fields were written over the link, the walk follows a stable node instead
 * and reads out of bounds (KASAN) or faults: the test is that the kernel
 * log stays clean while the walker has stopped at entries that KSM merged.
 * Never loaded outside the guest tests.
 *
 * Parameters (/sys/module/ksm_link_walker/parameters): seconds to walk
 * (written at load), park_us the time stopped at an entry; walks, parks
 * (entries stopped at) and left (of those, entries no longer reachable from
 * their bucket once the stop ended: taken out of the index meanwhile)
 * count what happened.  The index is found with kallsyms_lookup_name(),
 * itself found through a kprobe (it is not exported).
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/rhashtable.h>

static unsigned int seconds = 30, park_us = 2000;
module_param(seconds, uint, 0400);
module_param(park_us, uint, 0400);

static unsigned long walks, parks, left, steps;
module_param(walks, ulong, 0400);
module_param(parks, ulong, 0400);
module_param(left, ulong, 0400);
module_param(steps, ulong, 0400);

static struct rhltable *index_of_ksm;
static struct task_struct *walker;

/* Is @he still reachable from its bucket in @tbl? (under RCU) */
static bool reachable(struct bucket_table *tbl, unsigned int b, struct rhash_head *he)
{
	struct rhash_head *pos;

	for (pos = rht_ptr_rcu(rht_bucket(tbl, b)); !rht_is_a_nulls(pos);
	     pos = rcu_dereference(pos->next))
		if (pos == he)
			return true;
	return false;
}

/* One walk: stop at the first entry of the first bucket that has one */
static void walk_once(void)
{
	struct rhashtable *ht = &index_of_ksm->ht;
	struct bucket_table *tbl;
	struct rhash_head *he = NULL, *pos;
	unsigned long key, sum = 0;
	unsigned int b, n;

	rcu_read_lock();
	tbl = rcu_dereference(ht->tbl);
	for (b = 0; b < tbl->size; b++) {
		he = rht_ptr_rcu(rht_bucket(tbl, b));
		if (!rht_is_a_nulls(he))
			break;
	}
	if (b < tbl->size) {
		parks++;
		udelay(park_us);
		if (!reachable(tbl, b, he))
			left++;
		/* on along the chain, reading each key as a lookup compares it */
		for (pos = he, n = 0; !rht_is_a_nulls(pos) && n < 1024; n++) {
			memcpy(&key, rht_obj(ht, pos) + ht->p.key_offset, sizeof(key));
			sum += key;
			pos = rcu_dereference(pos->next);
		}
		steps += n;
	}
	rcu_read_unlock();
	walks++;
	barrier_data(&sum);
}

static int walker_fn(void *unused)
{
	unsigned long end = jiffies + seconds * HZ;

	while (!kthread_should_stop() && time_before(jiffies, end)) {
		walk_once();
		cond_resched();
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static unsigned long lookup_name(const char *name)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*fn)(const char *name);

	if (register_kprobe(&kp))
		return 0;
	fn = (void *)kp.addr;
	unregister_kprobe(&kp);
	return fn ? fn(name) : 0;
}

static int __init ksm_link_walker_init(void)
{
	index_of_ksm = (struct rhltable *)lookup_name("unstable_index");
	if (!index_of_ksm) {
		pr_err("ksm_link_walker: no unstable_index in this kernel\n");
		return -ENOENT;
	}
	walker = kthread_run(walker_fn, NULL, "ksm_link_walker");
	return PTR_ERR_OR_ZERO(walker);
}

static void __exit ksm_link_walker_exit(void)
{
	kthread_stop(walker);
}

module_init(ksm_link_walker_init);
module_exit(ksm_link_walker_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("test-only: walks KSM's unstable index as a preempted lookup would");
