# perf_ksmd.sh - keep ksmd's part of a perf recording as text (sourced by
# the guest's matrix plan and by scripts/bench-suite.sh on the host).
#
# perf_ksmd_text DATA OUTBASE: writes OUTBASE.perf.txt (perf report of
# ksmd's samples by symbol, self time) and OUTBASE.folded (ksmd's call
# stacks folded, root first: "frame;frame;... count", for flame graphs).
perf_ksmd_text() {
	perf report -q -i "$1" --stdio --comm ksmd --percentage relative --no-children --sort symbol \
		-g none --percent-limit 0.5 >"$2.perf.txt" 2>/dev/null
	perf script -i "$1" --comm ksmd -F ip,sym 2>/dev/null | awk '
		/^$/ { if (n) { s = st[n]; for (i = n - 1; i >= 1; i--) s = s ";" st[i]; c[s]++ } n = 0; next }
		{ st[++n] = $2 }
		END { for (s in c) print s, c[s] }' >"$2.folded"
}
