# db: PostgreSQL 15 (Debian's default cluster, made when the image was
# built) with a pgbench database of scale 4 (~60 MB) under TPC-B-like load.
pg() { runuser -u postgres -- "$@"; }
setup() {
	install -d -o postgres -g postgres /run/postgresql /var/run/postgresql/15-main.pg_stat_tmp
	pg_ctlcluster 15 main start
	pg createdb bench
	pg pgbench -q -i -s 4 bench
	steady
}
steady() {
	pg pgbench -c 4 -j 1 -T 30 bench
	sleep 5
}
