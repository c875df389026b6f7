#!/usr/bin/env bash
# Checks the hand-made week's golden files (Tests/ThirdsKitTests/Fixtures/golden/handmade)
# with tools independent of thirds: the reach model recomputed in Python,
# the calendar with Python's icalendar, the CSVs and the cross-posting
# manifests with the verifiers the examples' exports go through.
# Usage: bash .ci/verify-handmade.sh   (needs python3 with pyyaml and icalendar)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
golden=Tests/ThirdsKitTests/Fixtures/golden/handmade
python3 -m pip install --quiet --disable-pip-version-check icalendar pyyaml
python3 Tests/ThirdsKitTests/Fixtures/handmade/check_reach.py "$golden/schedule.yaml" | tail -1
python3 -c 'import json, sys, yaml; assert json.load(open(sys.argv[1])) == yaml.safe_load(open(sys.argv[2])), "schedule.json and schedule.yaml differ"' \
    "$golden/schedule.json" "$golden/schedule.yaml"
# 7 posts and launch's two cross-posts: 9 events.
python3 .ci/verify_ics.py "$golden/schedule.ics" 9 | tail -1
python3 .ci/verify_csv.py "$golden" | tail -1
python3 .ci/verify_crosspost.py "$golden" "$golden/jekyll" "$golden/wordpress" | tail -1
echo "hand-made goldens verified"
