#!/bin/sh
# make plots and make report from the committed results: every result is
# drawn, every plot names its virtualization, the page renders in headless
# Chromium with every image decoded and every link resolving - and a page
# with a broken image and a broken link is caught (the negative control).
set -u
cd "$(dirname "$0")/../.."
. tests/tap.sh
TMP=$(mktemp -d /tmp/ksmbench-report.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if python3 plot/plots.py --out "$TMP/plots" 2>"$TMP/plots.err"; then
	n=$(jget "$TMP/plots/plots.json" 'len(d["plots"])')
	# at least one plot per A/B summary and per running-kernel result
	want=$(($(ls -d results/ab/*/summary.json results/ab/*/*/summary.json results/native-* \
		results/odirect/native-* 2>/dev/null | wc -l)))
	check "make plots draws every committed result ($n plots, >= $want)" [ "$n" -ge "$want" ]
else
	diag "$(tail -n 5 "$TMP/plots.err")"
	not_ok "make plots draws every committed result"
fi

untitled=""
for f in "$TMP"/plots/*.svg; do
	grep -q "virt \(tcg\|kvm\|icount\|native\)" "$f" || untitled="$untitled $(basename "$f")"
done
check "every plot prints its virtualization mode${untitled:+ (missing:$untitled)}" [ -z "$untitled" ]

python3 plot/report.py --plots "$TMP/plots" --out "$TMP/report.html" >/dev/null 2>"$TMP/report.err" ||
	diag "$(tail -n 5 "$TMP/report.err")"

# the first screen: with a release A/B committed, the first section after
# the contents is its table of targets, a row per row of release_table.py's
# (the README's), and its matrices come before the "History" heading
rel=$(ls -d results/ab/*/release.json 2>/dev/null | tail -n 1)
if [ -n "$rel" ]; then
	if out=$(python3 - "$TMP/report.html" "$(dirname "$rel")" <<'PY'
import json, os, re, subprocess, sys
page, rel = open(sys.argv[1]).read(), sys.argv[2]
subprocess.run(["python3", "scripts/release_table.py", rel], check=True, capture_output=True)
want = len(json.load(open(os.path.join(rel, "targets.json")))["rows"])
ids = re.findall(r'<h2 id="([^"]+)"', page)
table = page[page.index('<h2 id="targets"'):].split("</table>")[0] if "targets" in ids else ""
rows = table.count("<tr>") - 1
first = ids[1:ids.index("history")] if "history" in ids else []
print(f"sections before History: {first}; target rows {rows} of {want}")
sys.exit(0 if ids[:2] == ["contents", "targets"] and rows == want and
         len(first) > 1 and all(os.path.basename(rel) in i for i in first[1:]) else 1)
PY
	); then
		ok "the report opens with the release's targets and its matrices ($out)"
	else
		diag "$out"
		not_ok "the report opens with the release's targets and its matrices"
	fi
else
	skip "the report opens with the release's targets: no release A/B committed"
fi

# links: in-page anchors exist, relative links exist on disk
links_ok() {
	python3 - "$1" <<'PY'
import html.parser, os, sys
page = sys.argv[1]
class P(html.parser.HTMLParser):
    ids, hrefs = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.add(a["id"])
        if tag == "a" and "href" in a: self.hrefs.append(a["href"])
p = P(); p.feed(open(page).read())
bad = [h for h in p.hrefs if (h[1:] not in p.ids if h.startswith("#") else
       not os.path.exists(os.path.join(os.path.dirname(page), h)))]
print(f"{len(p.hrefs)} links, broken: {bad}")
sys.exit(1 if bad or not p.hrefs else 0)
PY
}
if out=$(links_ok "$TMP/report.html"); then
	ok "report links resolve ($out)"
else
	diag "$out"
	not_ok "report links resolve"
fi

# selfcheck PAGE: what the page's own check wrote, as headless Chromium sees it
selfcheck() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$TMP/chromium" --virtual-time-budget=10000 \
		--dump-dom "file://$1" 2>"$TMP/chromium.err" |
		sed -n 's/.*<pre id="selfcheck">\([^<]*\)<.*/\1/p'
}
if command -v chromium >/dev/null; then
	res=$(selfcheck "$TMP/report.html")
	case $res in
	"selfcheck ok"*) ok "the report renders in headless Chromium: $res" ;;
	*) diag "${res:-no selfcheck in the DOM}" "$(tail -n 3 "$TMP/chromium.err")"
	   not_ok "the report renders in headless Chromium" ;;
	esac
	# negative control: one image made undecodable, one in-page link broken,
	# one relative link pointing nowhere
	python3 - "$TMP/report.html" "$TMP/broken.html" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r'base64,[A-Za-z0-9+/=]{40}', 'base64,AAAAnotanimage', s, count=1)
s = s.replace('href="#missing"', 'href="#nowhere"', 1)
s = s.replace('</body>', '<a href="no/such/file.json">x</a></body>', 1)
open(sys.argv[2], "w").write(s)
PY
	res=$(selfcheck "$TMP/broken.html")
	case $res in
	"selfcheck FAILED"*image*"link #nowhere"*) ok "a broken image and link are caught (negative control)" ;;
	*) diag "${res:-no selfcheck in the DOM}"; not_ok "a broken image and link are caught (negative control)" ;;
	esac
	if links_ok "$TMP/broken.html" >/dev/null; then
		not_ok "a broken relative link is caught (negative control)"
	else
		ok "a broken relative link is caught (negative control)"
	fi
else
	not_ok "chromium is installed (scripts/setup-deps.sh installs it)"
fi
tap_done
