#!/usr/bin/env bash
# Renders `thirds report` in headless Chromium, as a reader's browser would,
# for every example (examples/*.yaml), the sample plans as a directory
# (plans/) and each sample plan alone, and one schedule file read back:
#   1. the page loads nothing (.ci/report_check.py static): a CSP meta that
#      forbids loads, no src/href to http(s) or //, no @import, no url() but data:;
#   2. screenshots at desktop (1280 wide) and phone (390 wide) widths are not
#      blank (distinct colours and non-white pixels, PNG decoded with zlib);
#   3. the DOM Chromium builds (--dump-dom) holds exactly one element per
#      scheduled post with its id and UTC time, compared with the schedule
#      `thirds schedule` writes with the same (default) seed;
#   4. no request leaves the page: Chromium runs behind a proxy that refuses
#      everything (127.0.0.1:9, loopback included) and its net log must hold
#      no request of the page's own. A control page with an external image
#      must fail checks 1 and 4, so that they are seen to work.
# Also: the same report twice, and under TZ=America/New_York, is the same bytes.
#
# Usage: THIRDS=.build/debug/thirds bash .ci/report-check.sh   (from the repo root)
# Installs Debian's chromium with apt-get when it is missing (as root).
# Prints "N passed, M failed" last and exits 1 when M > 0.
set -uo pipefail

thirds=$(realpath "${THIRDS:-.build/debug/thirds}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check_py="$here/report_check.py"

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || {
        echo "could not install chromium" >&2
        exit 1
    }
fi
chromium --version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() {  # check DESCRIPTION COMMAND...: pass when the command succeeds
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
refuses() {  # refuses DESCRIPTION COMMAND...: pass when the command fails
    local what=$1
    shift
    if "$@" >/dev/null; then fail "$what"; else pass "$what"; fi
}

# Headless Chromium behind a proxy that refuses every connection, so that
# nothing the page might ask for could leave the machine in any case.
browser() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check \
        --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
        --user-data-dir="$work/profile" --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
        "$@" 2>>"$work/chromium.log"
}

screenshot() {  # screenshot PAGE PNG WIDTH HEIGHT
    rm -f "$2"
    browser --screenshot="$2" --window-size="$3,$4" "file://$1" >/dev/null && [ -s "$2" ]
}

dump() {  # dump PAGE DOM NETLOG
    browser --log-net-log="$3" --dump-dom "file://$1" >"$2" && [ -s "$2" ]
}

# The control: a page that loads an image from outside must be caught.
control="$work/control.html"
printf '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>control</p><img src="http://example.invalid/x.png"></body></html>\n' >"$control"
dump "$control" "$work/control.dom" "$work/control.netlog"
refuses "control page: the static check finds its external image" python3 "$check_py" static "$control"
refuses "control page: the net log shows its request" python3 "$check_py" netlog "$work/control.netlog"

# report_case NAME INPUT SCHEDULE_JSON...: the report of INPUT and its checks.
report_case() {
    local name=$1 input=$2
    shift 2
    local dir="$work/$name"
    mkdir -p "$dir"
    local page="$dir/report.html"
    if ! "$thirds" report "$input" --out "$page" >"$dir/report.out" 2>&1; then
        fail "$name: thirds report $input"
        cat "$dir/report.out"
        return
    fi
    pass "$name: thirds report $input ($(wc -c <"$page") bytes)"
    check "$name: the page loads nothing" python3 "$check_py" static "$page"
    if screenshot "$page" "$dir/desktop.png" 1280 2000; then
        check "$name: desktop screenshot is not blank" python3 "$check_py" png "$dir/desktop.png"
    else
        fail "$name: desktop screenshot"
    fi
    if screenshot "$page" "$dir/phone.png" 390 2400; then
        check "$name: phone screenshot is not blank" python3 "$check_py" png "$dir/phone.png"
    else
        fail "$name: phone screenshot"
    fi
    if dump "$page" "$dir/dom.html" "$dir/netlog.json"; then
        check "$name: one element per scheduled post, with its id and time" python3 "$check_py" dom "$dir/dom.html" "$@"
        check "$name: no request leaves the page" python3 "$check_py" netlog "$dir/netlog.json"
    else
        fail "$name: --dump-dom"
    fi
}

# schedule_json NAME INPUT: the schedules `thirds schedule` writes (same seed), as JSON.
schedule_json() {
    local out="$work/$1/schedule"
    "$thirds" schedule "$2" --out "$out" --format json >/dev/null 2>&1 || { echo "thirds schedule $2 failed" >&2; return 1; }
    find "$out" -name schedule.json | sort
}

for plan in examples/*.yaml plans/*.yaml; do
    name="$(basename "$(dirname "$plan")")-$(basename "$plan" .yaml)"
    mapfile -t schedules < <(schedule_json "$name" "$plan")
    report_case "$name" "$plan" "${schedules[@]}"
done

mapfile -t schedules < <(schedule_json plans-directory plans/)
report_case plans-directory plans/ "${schedules[@]}"

# A schedule file read back: the same posts as the plan it was made from.
"$thirds" schedule examples/greencontact-week.yaml --out "$work/from-file" >/dev/null 2>&1
report_case schedule-file "$work/from-file/greencontact-week/schedule.yaml" "$work/examples-greencontact-week/schedule/greencontact-week/schedule.json"

# The same bytes on every run and under any TZ.
"$thirds" report examples/greencontact-week.yaml --out "$work/again.html" >/dev/null 2>&1
TZ=America/New_York "$thirds" report examples/greencontact-week.yaml --out "$work/new-york.html" >/dev/null 2>&1
check "the same report twice is the same bytes" cmp -s "$work/examples-greencontact-week/report.html" "$work/again.html"
check "the report under TZ=America/New_York is the same bytes" cmp -s "$work/again.html" "$work/new-york.html"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
exit 0
