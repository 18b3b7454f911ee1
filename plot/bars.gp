# bars.gp - grouped bars, one group per case, one bar per series, each
# with a min-max whisker.  Used for A/B results (stock vs patched).
#
#   gnuplot -e "datafile='F.dat'; outfile='F.svg'; ttl='...'; sub='...';
#               ylab='...'; ns=2; logy=0" plot/bars.gp
#
# F.dat: a header line (case, then "NAME" "" "" per series), then per case:
# label, then median min max per series ("NaN" where a series has none).
if (!exists("logy")) logy = 0
set terminal svg size 1100,540 dynamic enhanced font "sans,11" background rgb "white"
set output outfile
set title ttl . "\n{/*0.8 " . sub . "}"
set ylabel ylab
set datafile missing "NaN"
set style data histograms
set style histogram errorbars gap 1 lw 1.5
set style fill solid 0.85 border rgb "black"
set boxwidth 0.9
set xtics nomirror noenhanced font ",9"
set grid ytics
set key inside top left vertical box opaque noenhanced
if (!logy) set yrange [0:*]
if (logy) set logscale y
plot for [i=1:ns] datafile using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) \
	title columnheader(3*i-1)
