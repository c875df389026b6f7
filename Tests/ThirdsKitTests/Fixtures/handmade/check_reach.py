#!/usr/bin/env python3
# Recomputes the reach of the hand-made week (handmade.yaml) from docs/reach-model.md,
# independently of thirds, for the golden schedule: python3 check_reach.py
import math
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
weekday = [0]*7 + [0.15, 0.15] + [0.04]*3 + [0.12] + [0.03]*4 + [0.06]*5 + [0.04, 0]
weekend = [weekday[22], weekday[23]] + weekday[:22]
def rate(t, zone):
    l = t.astimezone(zone)
    return (weekend if l.weekday() >= 5 else weekday)[l.hour]
def p(t, zone):
    # integrate over 80 minutes minute by minute (rates change only on the hour)
    s = sum(rate(t + timedelta(minutes=m), zone) / 60 for m in range(80))
    return 1 - math.exp(-s)
L, N = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")
aud = {"london": (L, 100, 2), "new-york": (N, 50, 1)}
posts = [("queue-myths", "2026-03-23T08:30", ["london"]), ("launch", "2026-03-24T07:45", None),
         ("ask-new-york", "2026-03-25T14:00", ["new-york"]), ("webinar", "2026-03-26T12:00", None),
         ("friday-replies", "2026-03-27T17:30", None), ("weekend-offer", "2026-03-28T10:00", None),
         ("sunday-read", "2026-03-29T10:00", None)]
total = 0
for id, local, auds in posts:
    t = datetime.fromisoformat(local).replace(tzinfo=L).astimezone(timezone.utc)
    r = 0
    parts = []
    for a in auds or ["london", "new-york"]:
        z, n, w = aud[a]
        pa = p(t, z); r += w*n*pa
        parts.append(f"{a} {t.astimezone(z).isoformat()} p={pa:.6f} reach={w*n*pa:.3f}")
    total += 1 * r
    print(id, t.isoformat(), f"R={r:.3f}", "weighted", f"{2*r:.3f}", *parts)
print("score reach", f"{2*total:.3f}")
print("generated", datetime.fromtimestamp(1774224000, timezone.utc), (1774224000-1704067200)//60)
