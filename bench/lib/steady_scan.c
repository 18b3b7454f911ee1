// SPDX-License-Identifier: GPL-2.0
#include "steady_scan.h"

#include <math.h>
#include <stdio.h>

#include "timing.h"

/* full_scans once it differs from @from, or -1 at @deadline or on a read error */
static int next_scan(uint64_t from, uint64_t deadline, unsigned int poll_ms, uint64_t *fs)
{
	for (;;) {
		if (ksm_read_u64("full_scans", fs))
			return -1;
		if (*fs != from)
			return 0;
		if (now_ns() >= deadline)
			return -1;
		sleep_ms(poll_ms);
	}
}

int steady_scan_measure(struct steady_scan *s, uint64_t scans, double timeout_s,
			unsigned int poll_ms)
{
	uint64_t deadline = now_ns() + (uint64_t)(timeout_s * 1e9), fs0, fs, t0;

	s->want = scans;
	s->scans = 0;
	s->seconds = 0;
	if (ksm_read_u64("full_scans", &fs0) || next_scan(fs0, deadline, poll_ms, &fs0))
		return -1;
	/*
	 * A full scan just ended: from here on, whole scans only.  Count from
	 * the snapshot's full_scans: when scans take less than a poll (a fast
	 * host), another may end between the read above and the snapshot.
	 */
	ksm_snapshot_take(&s->before);
	fs0 = ksm_snapshot_u64(&s->before, "full_scans", fs0);
	phase_cost_start(&s->cost);
	t0 = now_ns();
	fs = fs0;
	while (s->scans < scans && !next_scan(fs, deadline, poll_ms, &fs))
		s->scans = fs - fs0;
	phase_cost_stop(&s->cost);
	s->seconds = ns_to_s(now_ns() - t0);
	ksm_snapshot_take(&s->after);
	/* and to the last snapshot, so that ksm_deltas agree */
	s->scans = ksm_snapshot_u64(&s->after, "full_scans", fs) - fs0;
	return s->scans >= scans ? 0 : -1;
}

static double cpu_per_scan(const struct steady_scan *s)
{
	return s->cost.have_cpu && s->scans ? ns_to_s(s->cost.ksmd_cpu_ns) / (double)s->scans : NAN;
}

static double pages_per_cpu_s(const struct steady_scan *s, uint64_t pages)
{
	return s->cost.have_cpu && s->cost.ksmd_cpu_ns ?
	       (double)pages * (double)s->scans / ns_to_s(s->cost.ksmd_cpu_ns) : NAN;
}

void steady_scan_write_json(struct json_writer *w, const char *key,
			    const struct steady_scan *s, uint64_t pages)
{
	json_begin_object(w, key);
	json_uint(w, "full_scans", s->scans);
	json_bool(w, "complete", s->scans >= s->want);
	json_double(w, "seconds", s->seconds);
	phase_cost_write_json(w, &s->cost);
	json_double(w, "ksmd_cpu_seconds_per_scan", cpu_per_scan(s));
	json_double(w, "pages_per_ksmd_cpu_second", pages_per_cpu_s(s, pages));
	/* wall time: what several workers buy, where CPU time is what they cost */
	json_double(w, "pages_per_second",
		    s->seconds > 0 ? (double)pages * (double)s->scans / s->seconds : NAN);
	ksm_snapshot_write_deltas(w, "ksm_deltas", &s->before, &s->after);
	json_end_object(w);
}

/* "%.*f" of @v into @buf, or "n/a" */
static const char *num(char *buf, size_t len, int prec, double v)
{
	if (isfinite(v))
		snprintf(buf, len, "%.*f", prec, v);
	else
		snprintf(buf, len, "n/a");
	return buf;
}

void steady_scan_summary(const struct steady_scan *s, uint64_t pages)
{
	char per_scan[32], rate[32];

	fprintf(stderr, "  rescans: %llu of %llu full scans in %.2f s, ksmd cpu %s s per scan, "
		"%s pages per ksmd cpu-second, checksum lock waits %lld\n",
		(unsigned long long)s->scans, (unsigned long long)s->want, s->seconds,
		num(per_scan, sizeof(per_scan), 3, cpu_per_scan(s)),
		num(rate, sizeof(rate), 0, pages_per_cpu_s(s, pages)),
		(long long)(ksm_snapshot_u64(&s->after, "checksum_lock_waits", 0) -
			    ksm_snapshot_u64(&s->before, "checksum_lock_waits", 0)));
}
