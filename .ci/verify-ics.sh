#!/usr/bin/env bash
# Checks an iCalendar file written by `thirds` the way its users will read it:
#   1. .ci/verify_ics.py: strict parse with Python's icalendar, and the file's
#      octets (CRLF only, lines of at most 75 octets, valid UTF-8, no BOM);
#   2. khal: import into a local vdir calendar, list the week, and compare the
#      events' times with the file's; then import a later export in which one
#      post's text changed (same UID, higher SEQUENCE) and check that the
#      event was updated, not copied;
#   3. calcurse: import, read its "N skipped" report, and compare the
#      appointments it holds with the file's.
# Everything runs in a throwaway HOME and XDG folders, with TZ=UTC.
#
# Usage: .ci/verify-ics.sh ICS_FILE EXPECTED_COUNT
# Needs python3 with icalendar (pip install icalendar), khal and calcurse
# (apt-get install -y khal calcurse); installs nothing itself.
# Prints "N passed, M failed" last and exits 1 when M > 0 (2 on bad usage).
set -uo pipefail

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 ICS_FILE EXPECTED_COUNT" >&2
    exit 2
fi
ics=$(realpath "$1")
expected=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${PYTHON:-python3}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() {  # check DESCRIPTION COMMAND...: pass when the command succeeds
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] || exit 1
    exit 0
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

[ -r "$ics" ] || { fail "$1 is readable"; finish; }

echo "== verify_ics.py (icalendar parse and octet checks)"
if "$python" "$here/verify_ics.py" "$ics" "$expected"; then
    pass "verify_ics.py: $1 parses strictly and its octets are clean"
else
    fail "verify_ics.py found problems in $1 (see above)"
fi

# What the file says, read by icalendar: "START END UID" in UTC, sorted.
if ! "$python" "$here/verify_ics.py" --events "$ics" | sort >"$work/expected.txt"; then
    fail "could not list the file's events with icalendar"
    finish
fi
count=$(wc -l <"$work/expected.txt")
check "the file holds $expected events (found $count)" test "$count" -eq "$expected"
cut -d' ' -f1-4 "$work/expected.txt" >"$work/expected-times.txt"
first=$(head -n1 "$work/expected.txt" | cut -d' ' -f1)
last=$(cut -d' ' -f3 "$work/expected.txt" | sort | tail -n1)
if [ -n "$first" ]; then
    days=$((($(date -u -d "$last" +%s) - $(date -u -d "$first" +%s)) / 86400 + 1))
else
    first=$(date -u +%Y-%m-%d)
    days=1
fi
echo "events from $first over $days day(s)"

echo "== khal"
if command -v khal >/dev/null; then
    vdir="$work/khal-calendar"
    mkdir -p "$vdir" "$XDG_CONFIG_HOME/khal"
    cat >"$XDG_CONFIG_HOME/khal/config" <<EOF
[calendars]
[[thirds]]
path = $vdir
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC

[default]
default_calendar = thirds
EOF
    khal_list() {  # FORMAT: one line per event instance over the file's days
        khal list --format "$1" --day-format "" "$first" "${days}d" 2>>"$work/khal.err" | sed '/^$/d'
    }
    if khal import --batch "$ics" >"$work/khal-import.out" 2>&1; then
        pass "khal import --batch exits 0"
    else
        fail "khal import --batch failed: $(tr '\n' ' ' <"$work/khal-import.out")"
    fi
    if grep -qiE "error|warning|traceback" "$work/khal-import.out"; then
        fail "khal import printed no errors or warnings: $(tr '\n' ' ' <"$work/khal-import.out")"
    else
        pass "khal import printed no errors or warnings"
    fi
    stored=$(find "$vdir" -name '*.ics' | wc -l)
    check "khal stored $expected events (found $stored)" test "$stored" -eq "$expected"
    khal_list "{start} {end} {uid}" | sort >"$work/khal.txt"
    listed=$(wc -l <"$work/khal.txt")
    check "khal list shows $expected events over the week (found $listed)" test "$listed" -eq "$expected"
    if diff -u "$work/expected.txt" "$work/khal.txt" >"$work/khal.diff"; then
        pass "khal's start and end times and UIDs match the file's"
    else
        fail "khal's times differ from the file's:"
        head -n 20 "$work/khal.diff"
    fi

    echo "-- khal: a later export with one post's text changed"
    if edited=$("$python" "$here/verify_ics.py" --edit-one "$ics" "$work/edited.ics"); then
        uid=${edited%%$'\t'*}
        summary=${edited#*$'\t'}
        if khal import --batch "$work/edited.ics" >"$work/khal-reimport.out" 2>&1; then
            pass "khal import --batch of the changed export exits 0"
        else
            fail "khal re-import failed: $(tr '\n' ' ' <"$work/khal-reimport.out")"
        fi
        stored=$(find "$vdir" -name '*.ics' | wc -l)
        check "khal still stores $expected events after the re-import (found $stored)" test "$stored" -eq "$expected"
        khal_list "{uid}" | sort >"$work/khal-uids.txt"
        duplicates=$(uniq -d "$work/khal-uids.txt" | wc -l)
        check "khal list shows one event per UID after the re-import ($duplicates repeated)" test "$duplicates" -eq 0
        listed=$(wc -l <"$work/khal-uids.txt")
        check "khal list still shows $expected events (found $listed)" test "$listed" -eq "$expected"
        khal_list "{uid}	{title}" >"$work/khal-titles.txt"
        matches=$(grep -cF "$uid	$summary" "$work/khal-titles.txt")
        old=$(grep -F "$uid	" "$work/khal-titles.txt" | grep -cvF "$uid	$summary")
        check "the changed event shows its new text once and its old text nowhere ($matches new, $old old)" \
            test "$matches" -eq 1 -a "$old" -eq 0
        khal_list "{start} {end} {uid}" | sort >"$work/khal-after.txt"
        if diff -q "$work/expected.txt" "$work/khal-after.txt" >/dev/null; then
            pass "khal's times still match the file's after the re-import"
        else
            fail "khal's times changed after the re-import"
            diff -u "$work/expected.txt" "$work/khal-after.txt" | head -n 20
        fi
    else
        fail "could not write the changed export"
    fi
    if [ -s "$work/khal.err" ]; then
        fail "khal list wrote to standard error: $(head -c 400 "$work/khal.err")"
    fi
else
    fail "khal is not installed (apt-get install -y khal)"
fi

echo "== calcurse"
if command -v calcurse >/dev/null; then
    data="$work/calcurse"
    mkdir -p "$data"
    calcurse -D "$data" -i "$ics" >"$work/calcurse-import.out" 2>&1
    status=$?
    cat "$work/calcurse-import.out"
    check "calcurse -i exits 0" test "$status" -eq 0
    # "17 apps / 0 events / 0 todos / 0 skipped": the exit status alone does not tell.
    report=$(grep -E '[0-9]+ apps / [0-9]+ events / [0-9]+ todos / [0-9]+ skipped' "$work/calcurse-import.out" | tail -n1)
    if [ -n "$report" ]; then
        read -r apps _ _ events _ _ todos _ _ skipped _ <<<"$report"
        check "calcurse skipped nothing ($skipped skipped)" test "$skipped" -eq 0
        check "calcurse imported $expected appointments ($apps apps, $events all-day events, $todos todos)" \
            test "$apps" -eq "$expected" -a "$events" -eq 0 -a "$todos" -eq 0
    else
        fail "calcurse printed its import report"
    fi
    stored=$(grep -c . "$data/apts" 2>/dev/null)
    stored=${stored:-0}
    check "calcurse's apts file holds $expected appointments (found $stored)" test "$stored" -eq "$expected"
    calcurse -D "$data" --input-datefmt 4 -Q --from "$first" --days "$days" --filter-type cal \
        --format-apt '%(start:%Y-%m-%d %H:%M) %(end:%Y-%m-%d %H:%M)\n' 2>"$work/calcurse.err" |
        grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} ' | sort >"$work/calcurse.txt"
    listed=$(wc -l <"$work/calcurse.txt")
    check "calcurse -Q shows $expected appointments over the week (found $listed)" test "$listed" -eq "$expected"
    if diff -u "$work/expected-times.txt" "$work/calcurse.txt" >"$work/calcurse.diff"; then
        pass "calcurse's start and end times match the file's"
    else
        fail "calcurse's times differ from the file's:"
        head -n 20 "$work/calcurse.diff"
    fi
    # An event with a VALARM becomes an appointment with calcurse's notify flag ('!').
    alarms=$("$python" -c 'import sys, icalendar; print(sum(1 for e in icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read()).walk("VEVENT") if e.walk("VALARM")))' "$ics")
    flagged=$(grep -cE '^[^|!]*!' "$data/apts" 2>/dev/null || true)
    check "calcurse flags the $alarms events with an alarm for notification (found ${flagged:-0})" test "${flagged:-0}" -eq "$alarms"
else
    fail "calcurse is not installed (apt-get install -y calcurse)"
fi

finish
