#!/usr/bin/env bash
# The pre-commit hook, proved with pre-commit itself: `pre-commit try-repo`
# on this checkout against a scratch repository holding a broken plan, a good
# one, and a week that repeats the week before it (only visible when the
# named file is checked in its folder's sequence). Run from the repository
# root with THIRDS=.build/debug/thirds (the hook uses $THIRDS rather than
# building a release binary).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${THIRDS:?set THIRDS to a built thirds, e.g. THIRDS=.build/debug/thirds}"
THIRDS="$(cd "$(dirname "$THIRDS")" && pwd)/$(basename "$THIRDS")"
export THIRDS NO_COLOR=1
hook_repo="$PWD"

python3 -m pip install --quiet --disable-pip-version-check pre-commit
pre-commit --version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
repo="$work/repo"
mkdir -p "$repo/plans"
cd "$repo"
git init -q
git config user.email ci@example.com
git config user.name ci

week() {  # week ISO-WEEK SUFFIX EXTRA-ITEM-LINE
    cat <<PLAN
week: $1
account: {name: acme, timezone: Europe/London, since: 2015-01-01}
audiences:
  uk: {timezone: Europe/London, size: 100, weight: 1}
items:
  - {id: c1, kind: content, text: "Content one$2 about queues"}
  - {id: c2, kind: content, text: "Content two$2 about rotas"}
$3
  - {id: e1, kind: engagement, text: "Engagement one$2: your questions"}
  - {id: e2, kind: engagement, text: "Engagement two$2: replies"}
  - {id: e3, kind: engagement, text: "Engagement three$2: shares"}
  - {id: p1, kind: promotion, text: "Promotion one$2: webinar"}
  - {id: p2, kind: promotion, text: "Promotion two$2: newsletter"}
  - {id: p3, kind: promotion, text: "Promotion three$2: case study"}
PLAN
}
week 2026-W49 "" '  - {id: guide, kind: content, text: "Our evergreen guide to rotas"}' > plans/2026-W49.yaml
week 2026-W50 " b" '  - {id: guide-again, kind: content, text: "Our evergreen guide to rotas"}' > plans/2026-W50.yaml
week 2026-W51 " c" '  - {id: c3, kind: content, text: "Content three c"}' | sed 's/audiences:/audience:/' > broken.yaml
mkdir -p .github/workflows
printf 'on: push\njobs: {}\n' > .github/workflows/ci.yml
git add -A

run() {  # run EXPECTED-STATUS FILE... : try-repo on the files, output kept
    local expected=$1
    shift
    local status=0
    pre-commit try-repo "$hook_repo" thirds-check --files "$@" >"$work/out.txt" 2>&1 || status=$?
    cat "$work/out.txt"
    if [ "$status" -ne "$expected" ]; then
        echo "FAIL: expected exit $expected from the hook on $*, got $status"
        exit 1
    fi
}
expect() {  # expect TEXT : the last run's output holds TEXT
    grep -qF -- "$1" "$work/out.txt" || { echo "FAIL: missing from the hook's output: $1"; exit 1; }
}

echo "-- a broken plan fails"
run 1 broken.yaml
expect "broken.yaml:3:1: error: [unknown-key] unknown key 'audience' at the top of the plan (did you mean 'audiences'?)"

echo "-- a good plan passes"
run 0 plans/2026-W49.yaml

echo "-- a week is checked with the weeks before it in its folder"
run 1 plans/2026-W50.yaml
expect "plans/2026-W50.yaml:8:44: error: [duplicate-text] 'guide-again' repeats the text of 'guide' in plans/2026-W49.yaml within 30d"

echo "-- only the files given are reported"
run 0 plans/2026-W49.yaml
if grep -qF "2026-W50" "$work/out.txt"; then echo "FAIL: a file not given was reported"; exit 1; fi
echo "-- YAML that is never a thirds file is left alone"
run 0 .github/workflows/ci.yml plans/2026-W49.yaml
echo "-- without THIRDS, the hook runs the thirds on PATH"
mkdir -p "$work/bin"
ln -s "$THIRDS" "$work/bin/thirds"
(
    unset THIRDS
    export PATH="$work/bin:$PATH"
    run 1 broken.yaml
)
expect "broken.yaml:3:1: error: [unknown-key]"
echo "pre-commit hook OK"
