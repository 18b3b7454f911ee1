# selftest_json.sh - an upstream selftest's benchmark output as a ksmbench
# JSON document (sourced by the matrix plan; busybox sh and awk).
#
# selftest_json NAME STATUS LOG ARGS...: prints the JSON of selftest NAME
# run with ARGS, which exited STATUS and printed LOG.  ksm_tests -P
# (merge time of identical pages) prints
#     Total size:    100 MiB
#     Total time:    0.123456789 s
#     Average speed:  810.123 MiB/s
# which become result.size_mib, result.seconds and result.mib_per_second
# (null when absent: a failed run).  "benchmark" is NAME (ab_summary.py
# knows "ksm_tests"); env has what the guest knows of itself (the kernel
# command line's ksmbench.* values, exported by /init).
selftest_json() {
	sj_name=$1 sj_status=$2 sj_log=$3
	shift 3
	awk -v name="$sj_name" -v status="$sj_status" -v args="$*" \
		-v release="$(uname -r)" -v version="$(uname -v)" -v machine="$(uname -m)" \
		-v variant="${KSMBENCH_KERNEL:-}" -v virt="${KSMBENCH_VIRT:-}" \
		-v series="${KSMBENCH_SERIES_SHA256:-}" -v cpus="$(grep -c '^processor' /proc/cpuinfo)" \
		-v memkib="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)" '
	function str(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
	function num(s) { return s ~ /^[0-9]+(\.[0-9]+)?$/ ? s : "null" }
	/^Total size:/ && $4 == "MiB" { size = $3 }
	/^Total time:/ && $4 == "s" { secs = $3 }
	/^Average speed:/ && $4 == "MiB/s" { speed = $3 }
	END {
		printf "{\"benchmark\": %s, \"schema_version\": 1,\n", str(name)
		printf " \"env\": {\"kernel_release\": %s, \"kernel_version\": %s, \"machine\": %s, ", \
			str(release), str(version), str(machine)
		printf "\"kernel_variant\": %s, \"virt\": %s, \"series_sha256\": %s, ", \
			str(variant), virt == "" ? "null" : str(virt), str(series)
		printf "\"cpus_online\": %d, \"mem_total_kib\": %d, \"command_line\": %s},\n", \
			cpus, memkib, str("/selftests/" name " " args)
		printf " \"params\": {\"args\": %s, \"size_mib\": %s},\n", str(args), num(size)
		printf " \"result\": {\"exit_status\": %d, \"passed\": %s, \"size_mib\": %s, ", \
			status, status == 0 ? "true" : "false", num(size)
		printf "\"seconds\": %s, \"mib_per_second\": %s}}\n", num(secs), num(speed)
	}' "$sj_log"
}
