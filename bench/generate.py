#!/usr/bin/env python3
"""Seeded generator of benchmark plans for `thirds schedule`.

    python3 bench/generate.py --size week    --seed 1 --out bench/instances/week
    python3 bench/generate.py --size week    --seeds 1-10 --out bench/instances/weeks   # seed-1/ ... seed-10/
    python3 bench/generate.py --size quarter --seed 1 --out bench/instances/quarter
    python3 bench/generate.py --size quarter-plan --seed 1 --out bench/instances/quarter-plan
    python3 bench/generate.py --size year    --seed 1 --out bench/instances/year
    python3 bench/generate.py --size smoke   --seed 1 --out bench/instances/smoke

Sizes
  week     one plan (2026-W20), 60 posts (repeating items count once per day
           they go out), 5 audiences in 4 time zones, 5-minute grid.
  quarter  13 consecutive weekly plans (2026-W10 .. 2026-W22, across the clock
           changes of New York, London and Sydney), 600 posts in all
           (46 or 47 a week), 12 audiences, 5-minute grid.
  quarter-plan
           ONE plan of 91 days (`start: 2026-03-02`, `days: 91`, the days of
           2026-W10 .. 2026-W22), 600 posts, 5 audiences in 4 time zones,
           5-minute grid, 600 items (no repeating item, so 600 posts). Its
           items are drafted week by week as in the quarter (46 or 47 a week)
           and each keeps to its week: where the week plan leaves
           `not_before` or `not_after` open, it is the first or last moment
           of the item's week (Monday 00:00, Sunday 23:55).
           `spread`'s `max-same-hour` counts over the whole period, so it is
           the week's 4 times 13 weeks (52).
  year     52 consecutive weekly plans (2026-W01 .. 2026-W52), each like the
           week (60 posts, 5 audiences, 5-minute grid), for one directory run.
  smoke    one plan (2026-W20), 15 posts, 3 audiences, 15-minute grid (CI).

--seeds LIST (`1-10`, `1,3,7`, `1-3,8`) writes the plans of each seed into
OUT/seed-N/; --seed N writes one seed's plans into OUT itself.

Every plan sets its rules inline: thirds, daily-limit, min-gap, spread and
availability as the benchmark models them, and every other rule of the
catalogue `off`, so that the reference models (bench/reference.py) need model
only these. The output is plain YAML written by hand (no PyYAML needed).
Only the standard library is used; the same seed gives the same files.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys

ACCOUNT_ZONE = "Europe/London"
AVAILABLE = "Mon-Fri 08:00-18:00"

# The rule settings of every benchmark plan; `grid` and daily max vary by size.
RULES_OFF = ["promotion-streak", "duplicate-text", "quiet-hours", "coverage", "ramp-up", "hashtags", "text-length"]


def rules_block(grid, daily_min, daily_max, gap, max_same_hour):
    lines = [
        "rules:",
        f"  grid: {grid}",
        "  rules:",
        "    thirds:           {severity: error, content: 1/3, engagement: 1/3, promotion: 1/3, tolerance: 0.1}",
        f"    daily-limit:      {{severity: error, min: {daily_min}, max: {daily_max}}}",
        f"    min-gap:          {{severity: error, gap: {gap}}}",
        f"    spread:           {{severity: warning, max-same-hour: {max_same_hour}}}",
        "    availability:     {severity: error}",
    ]
    lines += [f"    {rule + ':':<18}{{severity: off}}" for rule in RULES_OFF]
    return lines


SIZES = {
    "week": dict(weeks=["2026-W20"], posts=[60], grid="5m", daily=(1, 10), gap="60m", spread=4, audiences=5),
    "quarter": dict(weeks=[f"2026-W{n:02d}" for n in range(10, 23)], posts=None, grid="5m", daily=(1, 10), gap="60m",
                    spread=4, audiences=12),
    # One plan for the quarter's 91 days; items drafted per week as in "quarter".
    "quarter-plan": dict(weeks=[f"2026-W{n:02d}" for n in range(10, 23)], posts=None, grid="5m", daily=(1, 10),
                         gap="60m", spread=4 * 13, audiences=5, one_plan=True),
    "year": dict(weeks=[f"2026-W{n:02d}" for n in range(1, 53)], posts=[60] * 52, grid="5m", daily=(1, 10), gap="60m",
                 spread=4, audiences=5),
    "smoke": dict(weeks=["2026-W20"], posts=[15], grid="15m", daily=(1, 4), gap="60m", spread=2, audiences=3),
}

# name, zone, size, weight, checks-per-day (None: the default profile)
AUDIENCES_5 = [
    ("london-buyers", "Europe/London", 420, 3, None),
    ("london-press", "Europe/London", 60, 2, 3),
    ("new-york", "America/New_York", 310, 2, None),
    ("singapore", "Asia/Singapore", 180, 2, None),
    ("sydney", "Australia/Sydney", 140, 1.5, 4),
]
AUDIENCES_12 = [
    ("london-buyers", "Europe/London", 420, 3, None),
    ("london-press", "Europe/London", 60, 2, 3),
    ("london-partners", "Europe/London", 110, 0.5, None),
    ("berlin", "Europe/Berlin", 160, 1.5, None),
    ("new-york", "America/New_York", 310, 2, None),
    ("new-york-press", "America/New_York", 45, 2, 3),
    ("chicago", "America/Chicago", 120, 1, None),
    ("los-angeles", "America/Los_Angeles", 150, 1, 4),
    ("sao-paulo", "America/Sao_Paulo", 90, 1, None),
    ("singapore", "Asia/Singapore", 180, 2, None),
    ("tokyo", "Asia/Tokyo", 130, 1.5, None),
    ("sydney", "Australia/Sydney", 140, 1.5, 4),
]
AUDIENCES_3 = [
    ("london-buyers", "Europe/London", 420, 3, None),
    ("new-york", "America/New_York", 310, 2, None),
    ("singapore", "Asia/Singapore", 180, 2, None),
]

TOPICS = [
    "queue times", "first reply", "webchat tone", "rota planning", "agent wellbeing", "service levels",
    "repeat contacts", "complaint handling", "self-service", "peak season", "quality scoring", "coaching",
    "night shifts", "social care desks", "callback promises", "knowledge bases", "chatbots", "escalations",
    "customer effort", "forecasting", "hybrid teams", "onboarding", "voice of the customer", "accessibility",
]
CONTENT = [
    "Our notes on {t}: {n} things we measured this quarter and what changed",
    "Chart of the week ({n}): how {t} moved across {m} teams we work with",
    "A short read on {t}, with the numbers from {m} contact centres (part {n})",
    "What {m} managers told us about {t}, and the {n} habits that helped",
    "Field note {n}: {t} in a {m}-seat team, before and after",
]
ENGAGEMENT = [
    "Question for you ({n}): how do you handle {t} when the queue passes {m}?",
    "Reply round {n}: answer the best questions on {t} from this week",
    "Poll {n}: is {t} getting easier or harder for teams of {m} or more?",
    "Tell us one thing about {t} you would change tomorrow (thread {n}, {m} replies so far)",
    "Office hours {n}: ask us anything about {t}; we reply live to the first {m}",
]
PROMOTION = [
    "Workshop {n} on {t}: half a day, {m} seats, booking now open {{link}}",
    "New guide {n}: {t} for teams of {m} and up, free to download {{link}}",
    "Case study {n}: a {m}-seat team and its work on {t} {{link}}",
    "Webinar {n} on {t}, with Q&A for the first {m} questions {{link}}",
    "Our audit offer {n}: a review of your {t} for {m} teams this month {{link}}",
]
TEMPLATES = {"content": CONTENT, "engagement": ENGAGEMENT, "promotion": PROMOTION}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def iso_monday(week):
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 1)


def quote(text):
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=True)


class Texts:
    """Unique texts of at most 200 characters."""

    def __init__(self, rng):
        self.rng = rng
        self.serial = 0
        self.seen = set()

    def make(self, kind):
        while True:
            self.serial += 1
            text = self.rng.choice(TEMPLATES[kind]).format(t=self.rng.choice(TOPICS), n=self.serial, m=self.rng.randint(5, 400))
            assert len(text) <= 200
            if text not in self.seen:
                self.seen.add(text)
                return text


def kind_counts(rng, posts, size):
    """Posts of each kind near thirds. For the week and quarter, content is
    slightly over its share so that not every post fits the rule of thirds."""
    if size == "smoke":
        return {"content": 6, "engagement": 5, "promotion": 4}
    third = posts / 3
    content = round(third * rng.uniform(1.28, 1.36))
    engagement = round((posts - content) * rng.uniform(0.48, 0.54))
    return {"content": content, "engagement": engagement, "promotion": posts - content - engagement}


def local(date, hour, minute=0):
    return f"{date.isoformat()}T{hour:02d}:{minute:02d}"


def make_week(rng, texts, week, posts, size, audiences, serial_prefix):
    """The items of one week, as YAML lines, adding up to `posts` occurrences."""
    monday = iso_monday(week)
    days = [monday + dt.timedelta(days=d) for d in range(7)]
    counts = kind_counts(rng, posts, size)
    names = [a[0] for a in audiences]
    items = []
    number = 0

    def new_item(kind, occurrences=1):
        nonlocal number
        number += 1
        item = {"id": f"{serial_prefix}{kind[:3]}-{number:03d}", "kind": kind, "text": texts.make(kind), "occurrences": occurrences}
        if kind == "promotion":
            item["link"] = f"https://bench.example.com/{serial_prefix}{number:03d}"
        return item

    # Repeating items first (counted once per day they go out).
    repeats = []
    if size == "quarter-plan":
        pass  # 600 items, 600 posts: no repeating item (one would go out on its days of all 13 weeks)
    elif size != "smoke":
        repeats = [("engagement", ["mon", "wed", "fri"]), ("content", ["tue", "thu"])]
    elif rng.random() < 0.5:
        repeats = [("engagement", ["tue", "thu"])]
    for kind, days_list in repeats:
        if counts[kind] >= len(days_list) + 2:
            item = new_item(kind, len(days_list))
            item["repeat"] = days_list
            counts[kind] -= len(days_list)
            items.append(item)
    for kind in ("content", "engagement", "promotion"):
        for _ in range(counts[kind]):
            items.append(new_item(kind))
    rng.shuffle(items)

    # Audiences: all (no key), one, or a few.
    for item in items:
        roll = rng.random()
        if roll < 0.3:
            continue
        k = 1 if roll < 0.65 else rng.randint(2, min(4, len(names)))
        item["audiences"] = sorted(rng.sample(names, k), key=names.index)

    # Priorities: ~15% high, ~20% low.
    for item in items:
        roll = rng.random()
        item["priority"] = "high" if roll < 0.15 else ("low" if roll < 0.35 else None)

    singles = [item for item in items if "repeat" not in item]
    # A launch cluster: four items in one two-hour window on Wednesday, of
    # which at most three fit the 60-minute gap.
    cluster = []
    if size != "smoke":
        cluster = [item for item in singles if item["kind"] != "engagement"][:4]
        for item in cluster:
            item["not_before"] = local(days[2], 12)
            item["not_after"] = local(days[2], 14)
            item["required"] = False
            if item["priority"] == "high":
                item["priority"] = None
    # Windows on about a quarter of the other single items.
    rest = [item for item in singles if item not in cluster]
    for item in rest:
        if rng.random() >= 0.25:
            continue
        if item["kind"] == "engagement":
            # On a weekday, starting 06:00-13:00 and lasting 4-30 hours: it
            # always overlaps the owner's 08:00-18:00.
            day = rng.randrange(0, 5)
            start_hour = rng.randint(6, 13)
            length = rng.randint(4, 30)
        else:
            day = rng.randrange(0, 7)
            start_hour = rng.randint(0, 20)
            length = rng.randint(3, 48)
        start = dt.datetime.combine(days[day], dt.time(start_hour))
        end = min(start + dt.timedelta(hours=length), dt.datetime.combine(days[6], dt.time(23, 0)))
        if rng.random() < 0.5:
            item["not_before"] = start.strftime("%Y-%m-%dT%H:%M")
        item["not_after"] = end.strftime("%Y-%m-%dT%H:%M")
        if "not_before" not in item and end < dt.datetime.combine(days[0], dt.time(12)):
            item["not_before"] = start.strftime("%Y-%m-%dT%H:%M")
    # A few required items, always with wide windows (or none).
    required = [item for item in rest if item["kind"] != "engagement" or "not_after" not in item]
    for item in rng.sample(required, min(len(required), 1 if size == "smoke" else 4)):
        item["required"] = True
        item.pop("not_before", None)
        if "not_after" in item:
            day = rng.randrange(3, 7)
            item["not_after"] = local(days[day], 20)
    assert sum(item["occurrences"] for item in items) == posts, (sum(item["occurrences"] for item in items), posts)
    return items


def plan_yaml(period, size, audiences, items, note):
    """`period`: the plan's ISO week, or (first date, number of days)."""
    spec = SIZES[size]
    if isinstance(period, str):
        period_lines = [f"week: {period}"]
    else:
        period_lines = [f"start: {period[0].isoformat()}", f"days: {period[1]}"]
    lines = [
        f"# Generated by bench/generate.py ({note}); do not edit by hand.",
        *period_lines,
        "account:",
        "  name: bench-co",
        f"  timezone: {ACCOUNT_ZONE}",
        "  since: 2015-01-05",
        f"  available: {quote(AVAILABLE)}",
    ]
    lines += rules_block(spec["grid"], spec["daily"][0], spec["daily"][1], spec["gap"], spec["spread"])
    lines += ["channels:", "  x: {handle: benchco}", "audiences:"]
    for name, zone, members, weight, per_day in audiences:
        extra = f", checks-per-day: {per_day}" if per_day else ""
        lines.append(f"  {name}: {{timezone: {zone}, size: {members}, weight: {weight}{extra}}}")
    lines.append("items:")
    for item in items:
        lines.append(f"  - id: {item['id']}")
        lines.append(f"    kind: {item['kind']}")
        lines.append(f"    text: {quote(item['text'])}")
        if "link" in item:
            lines.append(f"    link: {item['link']}")
        if "audiences" in item:
            lines.append(f"    audiences: [{', '.join(item['audiences'])}]")
        if item.get("priority"):
            lines.append(f"    priority: {item['priority']}")
        if "repeat" in item:
            lines.append(f"    repeat: [{', '.join(item['repeat'])}]")
        for key in ("not_before", "not_after"):
            if key in item:
                lines.append(f"    {key}: {item[key]}")
        if item.get("required"):
            lines.append("    required: true")
    return "\n".join(lines) + "\n"


def generate(size, seed, out):
    """Writes the plans of `size` into `out`; returns their paths."""
    rng = random.Random(f"thirds-bench/{size}/{seed}")
    spec = SIZES[size]
    audiences = {5: AUDIENCES_5, 12: AUDIENCES_12, 3: AUDIENCES_3}[spec["audiences"]]
    weeks = spec["weeks"]
    posts = spec["posts"]
    if posts is None:
        # 600 posts over 13 weeks: 46 a week, and 47 in two of them.
        posts = [46] * len(weeks)
        for index in rng.sample(range(len(weeks)), 600 - 46 * len(weeks)):
            posts[index] += 1
    texts = Texts(rng)
    os.makedirs(out, exist_ok=True)
    note = f"--size {size} --seed {seed}"
    if spec.get("one_plan"):
        items = []
        for week, count in zip(weeks, posts):
            drafted = make_week(rng, texts, week, count, size, audiences, f"w{week[-2:]}-")
            monday = iso_monday(week)
            for item in drafted:
                # An item without a window keeps to the week it was drafted for (2,016 slots), not the
                # quarter's 26,208: thirds refuses plans of over 2,000,000 candidate slots in all.
                if "not_before" not in item:
                    item["not_before"] = local(monday, 0)
                if "not_after" not in item:
                    item["not_after"] = local(monday + dt.timedelta(days=6), 23, 55)
            items += drafted
        first = iso_monday(weeks[0])
        path = os.path.join(out, "quarter.yaml")
        with open(path, "w") as handle:
            handle.write(plan_yaml((first, 7 * len(weeks)), size, audiences, items, note))
        return [path]
    paths = []
    for index, (week, count) in enumerate(zip(weeks, posts)):
        prefix = f"w{week[-2:]}-" if len(weeks) > 1 else ""
        items = make_week(rng, texts, week, count, size, audiences, prefix)
        path = os.path.join(out, f"{week}.yaml")
        with open(path, "w") as handle:
            handle.write(plan_yaml(week, size, audiences, items, note))
        paths.append(path)
    return paths


def parse_seeds(text):
    """`1-10`, `1,3,7` or `1-3,8` as a sorted list of distinct seeds."""
    seeds = set()
    for part in text.split(","):
        part = part.strip()
        try:
            if "-" in part[1:]:
                low, high = part.split("-", 1) if not part.startswith("-") else (None, None)
                low, high = int(low), int(high)
                if low > high:
                    raise ValueError
                seeds.update(range(low, high + 1))
            else:
                seeds.add(int(part))
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError(f"'{text}' is not a list of seeds: write e.g. 1-10, 1,3,7 or 1-3,8")
    return sorted(seeds)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="week")
    seeds = parser.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=int, default=1, help="one seed; its plans go into OUT (default 1)")
    seeds.add_argument("--seeds", type=parse_seeds, help="several seeds (1-10, 1,3,7): each seed's plans go into OUT/seed-N")
    parser.add_argument("--out", required=True, help="folder for the plan files (created if missing)")
    args = parser.parse_args(argv)
    if args.seeds is None:
        paths = generate(args.size, args.seed, args.out)
    else:
        paths = [path for seed in args.seeds for path in generate(args.size, seed, os.path.join(args.out, f"seed-{seed}"))]
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
