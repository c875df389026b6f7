#!/usr/bin/env bash
# Differential test of X's weighted length and validity: thirds against
# twitter-text-parser 3.0 (PyPI, an independent port of twitter-text that
# passes its conformance suite) over seeded random texts near the 280 limit.
# Also checks that Sources/ThirdsText/EmojiSequences.swift is the table
# .ci/generate_emoji_sequences.py makes from that package's emoji data.
#
#   THIRDS=.build/debug/thirds bash .ci/xtext-differential.sh [COUNT] [SEED]
#
# Exits 1 on any disagreement, printing each case (and the smallest part of it
# that still disagrees).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
thirds="${THIRDS:-.build/debug/thirds}"

venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
# setuptools: twitter-text-parser 3.0 imports pkg_resources.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "twitter-text-parser==3.0" "setuptools<81"

"$venv/bin/python" -W ignore .ci/generate_emoji_sequences.py --check
"$venv/bin/python" .ci/xtext_differential.py "$thirds" --count "${1:-3000}" --seed "${2:-7}"
