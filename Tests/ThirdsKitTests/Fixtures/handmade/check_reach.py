#!/usr/bin/env python3
# Recomputes the reach of the hand-made week (handmade.yaml) from
# docs/reach-model.md, independently of thirds (zoneinfo, minute by minute),
# with each audience's week against the default habit (weekdays 09:00),
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
    chances = {audience: [] for audience in AUDIENCES}
    for id, local, audiences in POSTS:
        instant = datetime.fromisoformat(local).replace(tzinfo=LONDON).astimezone(timezone.utc)
        post = written[id]
        expect(f"{id} at", post["at"], instant.strftime("%Y-%m-%dT%H:%M:%SZ"))
        reach = people = 0.0
        expect(f"{id} audiences", len(post["audiences"]), len(audiences or AUDIENCES))
        for part, audience in zip(post["audiences"], audiences or list(AUDIENCES)):
            zone, size, weight = AUDIENCES[audience]
            p = probability(instant, zone)
            chances[audience].append(p)
            reach += weight * size * p
            people += size * p
            expect(f"{id} audience", part["id"], audience)
            expect(f"{id} {audience} local", part["local"], instant.astimezone(zone).isoformat())
            expect(f"{id} {audience} probability", part["probability"], round(p, 6))
            expect(f"{id} {audience} people", part["people"], round(size * p, 3))
            expect(f"{id} {audience} weighted-people", part["weighted-people"], round(weight * size * p, 3))
        expect(f"{id} people", post["people"], round(people, 3))
        expect(f"{id} weighted-people", post["weighted-people"], round(reach, 3))
        expect(f"{id} score", post["score"], round(2 * reach, 3))
        total += 2 * reach  # every post is of normal priority, weight 2
    expect("score", document["score"]["score"], round(total, 3))

    # Per audience over the week, against the default habit: a post each
    # weekday (Monday 23 to Friday 27 March) at 09:00 in London.
    habit = [datetime(2026, 3, day, 9, 0, tzinfo=LONDON) for day in range(23, 28)]
    lines = {line["audience"]: line for line in document["reach"]}
    expect("reach audiences", list(lines), list(AUDIENCES))
    for audience, (zone, size, weight) in AUDIENCES.items():
        line = lines[audience]
        expect(f"{audience} size", line["size"], size)
        old = [probability(t, zone) for t in habit]
        for key, ps in (("planned", chances[audience]), ("baseline", old)):
            figures = line[key]
            missed = math.prod(1 - p for p in ps)
            expect(f"{audience} {key} posts", figures["posts"], len(ps))
            expect(f"{audience} {key} reads-per-member", figures["reads-per-member"], round(sum(ps), 4))
            expect(f"{audience} {key} share-reached", figures["share-reached"], round(1 - missed, 4))
            expect(f"{audience} {key} people-reached", figures["people-reached"], round(size * (1 - missed), 3))
            fortnight = figures["per-fortnight"]  # the 7-day week twice
            expect(f"{audience} {key} per fortnight reads", fortnight["reads-per-member"], round(2 * sum(ps), 4))
            expect(f"{audience} {key} per fortnight share", fortnight["share-reached"], round(1 - missed ** 2, 4))
            expect(f"{audience} {key} per fortnight people", fortnight["people-reached"], round(size * (1 - missed ** 2), 3))
        expect(f"{audience} baseline habit", line["baseline"]["habit"], "weekdays 09:00")
        expect(f"{audience} ratio", line.get("ratio"), round(sum(chances[audience]) / sum(old), 3) if sum(old) > 0 else None)
    print(f"{len(POSTS)} posts and {len(AUDIENCES)} audiences against the habit checked, {failures} failed")
    sys.exit(1 if failures else 0)


main()
