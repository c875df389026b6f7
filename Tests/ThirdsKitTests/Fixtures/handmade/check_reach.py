#!/usr/bin/env python3
# Recomputes the reach of the hand-made week (handmade.yaml) from
# docs/reach-model.md, independently of thirds (zoneinfo, minute by minute),
# and compares it with the golden schedule: python3 check_reach.py [SCHEDULE]
# (default: ../golden/handmade/schedule.yaml). Exits 1 on any difference.
import math
import os
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import yaml

# The default profile: checks per member per hour on weekdays; the weekend
# takes the weekday value two hours earlier (hours 0 and 1 take 22 and 23).
weekday = [0] * 7 + [0.15, 0.15] + [0.04] * 3 + [0.12] + [0.03] * 4 + [0.06] * 5 + [0.04, 0]
weekend = [weekday[22], weekday[23]] + weekday[:22]


def rate(t, zone):
    local = t.astimezone(zone)
    return (weekend if local.weekday() >= 5 else weekday)[local.hour]


def probability(t, zone):
    # In view for depth / feed = 200 / 150 hours = 80 minutes; rates change on the hour.
    checks = sum(rate(t + timedelta(minutes=m), zone) / 60 for m in range(80))
    return 1 - math.exp(-checks)


LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")
AUDIENCES = {"london": (LONDON, 100, 2), "new-york": (NEW_YORK, 50, 1)}
# The plan's pinned local times (London) and audiences (None: every audience).
POSTS = [("queue-myths", "2026-03-23T08:30", ["london"]), ("launch", "2026-03-24T07:45", None),
         ("ask-new-york", "2026-03-25T14:00", ["new-york"]), ("webinar", "2026-03-26T12:00", None),
         ("friday-replies", "2026-03-27T17:30", None), ("weekend-offer", "2026-03-28T10:00", None),
         ("sunday-read", "2026-03-29T10:00", None)]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "golden", "handmade", "schedule.yaml")
    document = yaml.safe_load(open(path, encoding="utf-8"))
    written = {post["id"]: post for post in document["posts"]}
    failures = 0

    def expect(what, got, want):
        nonlocal failures
        ok = got == want
        failures += not ok
        print(("ok   " if ok else "FAIL ") + f"{what}: {got}" + ("" if ok else f", expected {want}"))

    total = 0.0
    for id, local, audiences in POSTS:
        instant = datetime.fromisoformat(local).replace(tzinfo=LONDON).astimezone(timezone.utc)
        post = written[id]
        expect(f"{id} at", post["at"], instant.strftime("%Y-%m-%dT%H:%M:%SZ"))
        reach = 0.0
        expect(f"{id} audiences", len(post["audiences"]), len(audiences or AUDIENCES))
        for part, audience in zip(post["audiences"], audiences or list(AUDIENCES)):
            zone, size, weight = AUDIENCES[audience]
            p = probability(instant, zone)
            reach += weight * size * p
            expect(f"{id} audience", part["id"], audience)
            expect(f"{id} {audience} local", part["local"], instant.astimezone(zone).isoformat())
            expect(f"{id} {audience} probability", part["probability"], round(p, 6))
            expect(f"{id} {audience} reach", part["reach"], round(weight * size * p, 3))
        expect(f"{id} reach", post["reach"], round(reach, 3))
        total += 2 * reach  # every post is of normal priority, weight 2
    expect("score reach", document["score"]["reach"], round(total, 3))
    print(f"{len(POSTS)} posts checked, {failures} failed")
    sys.exit(1 if failures else 0)


main()
