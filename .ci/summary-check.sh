#!/usr/bin/env bash
# The Markdown summary from outside thirds: action.yml's check and summary
# steps run as GitHub runs them, with fake GITHUB_OUTPUT and
# GITHUB_STEP_SUMMARY files, and the summary rendered by GitHub's own
# cmark-gfm. Run from the repository root with THIRDS set:
#   THIRDS=.build/debug/thirds bash .ci/summary-check.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${THIRDS:?set THIRDS to the thirds binary, such as .build/debug/thirds}"
python3 -m pip install --quiet --disable-pip-version-check pyyaml cmarkgfm
THIRDS="$THIRDS" python3 .ci/verify_summary.py
