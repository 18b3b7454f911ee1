# perf_ksmd.sh - keep ksmd's part of a perf recording as text (sourced by
# the guest's matrix plan and by scripts/bench-suite.sh on the host).
#
# perf_ksmd_text DATA OUTBASE: writes OUTBASE.perf.txt (perf report of
# ksmd's samples by symbol, self time) and OUTBASE.folded (ksmd's call
# stacks folded, root first: "frame;frame;... count", for flame graphs).
# "ksmd" is every ksmd thread: ksmd and the patched kernel's workers ksmd/N.
perf_ksmd_text() {
	comms=$(perf report -q -i "$1" --stdio --sort comm -g none 2>/dev/null |
		awk '$NF ~ /^ksmd(\/[0-9]+)?$/ { printf "%s%s", s, $NF; s = "," }')
	[ -n "$comms" ] || comms=ksmd
	perf report -q -i "$1" --stdio --comm "$comms" --percentage relative --no-children \
		--sort symbol -g none --percent-limit 0.5 >"$2.perf.txt" 2>/dev/null
	perf script -i "$1" --comm "$comms" -F ip,sym 2>/dev/null | awk '
		/^$/ { if (n) { s = st[n]; for (i = n - 1; i >= 1; i--) s = s ";" st[i]; c[s]++ } n = 0; next }
		{ st[++n] = $2 }
		END { for (s in c) print s, c[s] }' >"$2.folded"
}
