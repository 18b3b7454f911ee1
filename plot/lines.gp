# lines.gp - one line per series, x against y.  Used for cost against memory
# size and for latency CDFs.
#
#   gnuplot -e "datafile='F.dat'; outfile='F.svg'; ttl='...'; sub='...';
#               xlab='...'; ylab='...'; ns=3; logx=1; logy=0; steps=0; xint=0;
#               points=1"
#           plot/lines.gp
#
# F.dat: one block per series, blocks separated by two blank lines; each
# block starts with a header line naming its series, then "x y" lines.
if (!exists("logx")) logx = 0
if (!exists("logy")) logy = 0
if (!exists("steps")) steps = 0
if (!exists("xint")) xint = 0
# points=0: lines only (time series with hundreds of samples)
if (!exists("points")) points = 1
set terminal svg size 960,520 dynamic enhanced font "sans,11" background rgb "white"
set output outfile
set title ttl . "\n{/*0.8 " . sub . "}"
set xlabel xlab
set ylabel ylab
set grid
set key inside bottom right vertical box opaque noenhanced
if (logx) set logscale x
# xint: whole-number x (thread counts), y from 0
if (xint) set xtics 1; if (xint) set yrange [0:*]
if (logy) set logscale y
if (steps) {
	plot for [i=0:ns-1] datafile index i using 1:2 with steps lw 2 title columnheader(1)
} else {
	if (points) {
		plot for [i=0:ns-1] datafile index i using 1:2 with linespoints lw 2 pt 7 title columnheader(1)
	} else {
		plot for [i=0:ns-1] datafile index i using 1:2 with lines lw 2 title columnheader(1)
	}
}
