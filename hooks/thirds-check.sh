#!/usr/bin/env bash
# The pre-commit hook's entry (language: script, run from the user's
# repository with the changed YAML files as arguments). It runs the `thirds`
# named by $THIRDS, else the one on PATH, else builds this checkout once
# (swift build -c release, a few minutes the first time) and runs that.
set -euo pipefail
if [ -n "${THIRDS:-}" ]; then
    thirds="$THIRDS"
elif command -v thirds >/dev/null 2>&1; then
    thirds=thirds
else
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    if [ ! -x "$here/.build/release/thirds" ]; then
        echo "thirds-check: building thirds (once; install thirds on PATH or set THIRDS to skip this)" >&2
        swift build -c release --package-path "$here" >&2
    fi
    thirds="$here/.build/release/thirds"
fi
# Each file is checked as a week of its folder's sequence; findings are
# reported for these files only.
exec "$thirds" check "$@"
