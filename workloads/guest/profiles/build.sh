# build: gcc compiling C (this project's own benchmark sources, copied into
# the image) at -O2 and linking merge_throughput, over and over, as a CI
# builder would.
src=/opt/ksmbench-src/bench
cc() { gcc -std=c11 -D_GNU_SOURCE -O2 -g -pthread -I "$src" "$@"; }
setup() { steady; }
steady() {
	rm -rf /tmp/obj && mkdir -p /tmp/obj/lib
	for f in "$src"/lib/*.c; do
		cc -c "$f" -o "/tmp/obj/lib/$(basename "$f" .c).o" || return 1
	done
	for f in merge_throughput gupfast_contention ksm_stress ksm_reset; do
		cc -c "$src/$f.c" -o "/tmp/obj/$f.o" || return 1
	done
	cc -o /tmp/obj/merge_throughput /tmp/obj/merge_throughput.o /tmp/obj/lib/*.o -lm
}
