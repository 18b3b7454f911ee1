# web: nginx serving static files (the Debian documentation tree: a few
# thousand files of every size) to wrk inside the guest, over loopback.
setup() {
	mkdir -p /var/www/html/doc
	cp -r /usr/share/doc/. /var/www/html/doc/
	(cd /var/www/html && find doc -type f | sed 's|^|/|') >/var/www/paths.txt
	nginx
	steady
}
# 30 s of load, then 5 s of quiet, as a service with bursts of traffic
steady() {
	wrk -t 1 -c 8 -d 30s -s /usr/local/lib/ksmbench/web.lua http://127.0.0.1/
	sleep 5
}
