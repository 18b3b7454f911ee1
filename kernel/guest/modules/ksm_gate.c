// SPDX-License-Identifier: GPL-2.0
/*
 * ksm_gate - test-only module: holds ksmd workers at chosen points, so a
 * test can lay out an interleaving of two workers that stress would hit
 * once in a blue moon.  Never loaded outside the guest tests.
 *
 * Three gates, each a page frame number in /sys/module/ksm_gate/parameters:
 *
 *   hold_pfn   a worker's stable_tree_search() of that page (every page a
 *              worker scans is looked up there first) spins while hold_pfn
 *              still names the page and no merge is held at merge_pfn;
 *              held_pfn says which page is held.
 *   merge_pfn  a worker's try_to_merge_one_page() into that KSM page (the
 *              second half of a merge of two pages found in the unstable
 *              tree: the page is a KSM page, its stable node not yet set)
 *              spins until a worker meets it at race_pfn; merge_held is 1
 *              meanwhile.
 *   race_pfn   a worker's stable_tree_search() of that page while it is a
 *              KSM page without a stable node (another worker merging it,
 *              held at merge_pfn) spins until the node is set, counting
 *              race_hits.
 *
 * So a worker held at hold_pfn goes on by itself once another is held at
 * merge_pfn, and both go on once the first reaches race_pfn: the handlers
 * run at the functions' entries (ftrace kprobes: preemption off), and the
 * two workers of a 2-CPU guest may spin at once.  A gate gives up after
 * 10 s (timeouts): a test must never hang a guest.
 */
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/page-flags.h>
#include <linux/timekeeping.h>

static unsigned long hold_pfn, merge_pfn, race_pfn;
module_param(hold_pfn, ulong, 0600);
module_param(merge_pfn, ulong, 0600);
module_param(race_pfn, ulong, 0600);

static unsigned long held_pfn;
static int merge_held;
static unsigned int race_hits, timeouts;
module_param(held_pfn, ulong, 0400);
module_param(merge_held, int, 0400);
module_param(race_hits, uint, 0400);
module_param(timeouts, uint, 0400);

#define GATE_MAX_NS	(10ULL * NSEC_PER_SEC)

/* Spins while @still(@arg) holds, at most GATE_MAX_NS */
static void gate(bool (*still)(unsigned long arg), unsigned long arg)
{
	u64 end = ktime_get_mono_fast_ns() + GATE_MAX_NS;

	while (still(arg)) {
		if (ktime_get_mono_fast_ns() > end) {
			WRITE_ONCE(timeouts, timeouts + 1);
			return;
		}
		cpu_relax();
	}
}

static bool holding(unsigned long pfn)
{
	return READ_ONCE(hold_pfn) == pfn && !READ_ONCE(merge_held);
}

/* @hits: race_hits when the merge was held */
static bool merging(unsigned long hits)
{
	return READ_ONCE(merge_pfn) && READ_ONCE(race_hits) == hits;
}

/* a KSM page whose stable node is not set yet: mapping holds the flags only */
static bool ksm_without_node(unsigned long pfn)
{
	return (unsigned long)READ_ONCE(pfn_to_page(pfn)->mapping) == PAGE_MAPPING_KSM;
}

/* stable_tree_search(struct page *page, unsigned long checksum) */
static int search_pre(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long pfn = page_to_pfn((struct page *)regs->di);

	if (pfn && holding(pfn)) {
		WRITE_ONCE(held_pfn, pfn);
		gate(holding, pfn);
		WRITE_ONCE(held_pfn, 0);
	}
	if (pfn && READ_ONCE(race_pfn) == pfn && ksm_without_node(pfn)) {
		WRITE_ONCE(race_hits, race_hits + 1);
		gate(ksm_without_node, pfn);
	}
	return 0;
}

/* try_to_merge_one_page(struct vm_area_struct *vma, struct page *page, struct page *kpage) */
static int merge_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct page *kpage = (struct page *)regs->dx;
	unsigned long pfn = kpage ? page_to_pfn(kpage) : 0;

	if (pfn && READ_ONCE(merge_pfn) == pfn) {
		WRITE_ONCE(merge_held, 1);
		gate(merging, READ_ONCE(race_hits));
		WRITE_ONCE(merge_held, 0);
	}
	return 0;
}

static struct kprobe search_probe = {
	.symbol_name = "stable_tree_search",
	.pre_handler = search_pre,
};

static struct kprobe merge_probe = {
	.symbol_name = "try_to_merge_one_page",
	.pre_handler = merge_pre,
};

static int __init ksm_gate_init(void)
{
	int err = register_kprobe(&search_probe);

	if (err) {
		pr_err("ksm_gate: no kprobe on stable_tree_search: %d\n", err);
		return err;
	}
	err = register_kprobe(&merge_probe);
	if (err) {
		pr_err("ksm_gate: no kprobe on try_to_merge_one_page: %d\n", err);
		unregister_kprobe(&search_probe);
	}
	return err;
}

static void __exit ksm_gate_exit(void)
{
	WRITE_ONCE(hold_pfn, 0);
	WRITE_ONCE(merge_pfn, 0);
	WRITE_ONCE(race_pfn, 0);
	unregister_kprobe(&merge_probe);
	unregister_kprobe(&search_probe);
}

module_init(ksm_gate_init);
module_exit(ksm_gate_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksmbench test-only: hold ksmd workers at chosen pages");
