# hbars.gp - horizontal bars, one row per label, two series side by side.
# Used for ksmd's top symbols (perf), stock against patched.
#
#   gnuplot -e "datafile='F.dat'; outfile='F.svg'; ttl='...'; sub='...';
#               xlab='...'; s1='stock'; s2='patched'; nrows=12" plot/hbars.gp
#
# F.dat: per row: label, value of series 1, value of series 2 ("NaN": none).
set terminal svg size 1000,(160 + 26 * nrows) dynamic enhanced font "sans,11" background rgb "white"
set output outfile
set title ttl . "\n{/*0.8 " . sub . "}"
set xlabel xlab
set datafile missing "NaN"
set style fill solid 0.85 border rgb "black"
set ytics nomirror noenhanced font ",9"
set yrange [nrows - 0.3:-0.7]
set xrange [0:*]
set grid xtics
set key outside right top vertical noenhanced
plot datafile using (column(2)/2):($0 - 0.19):(column(2)/2):(0.18):yticlabels(1) \
	with boxxyerror lc 1 title s1, \
     '' using (column(3)/2):($0 + 0.19):(column(3)/2):(0.18) with boxxyerror lc 2 title s2
