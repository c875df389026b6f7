#!/usr/bin/env python3
"""Structure-aware generator of extreme-but-valid plans, run through the real binary.

Each plan is built from the plan format (docs/plan-format.md,
schema/plan.schema.json) with values pushed to their edges: huge and tiny
numbers, long periods, many items and audiences, zones with odd offsets and
clock changes, hostile texts, odd file names. Mutation of valid files never
crashed thirds; values like these are what found its traps.

Every plan goes through `thirds check`, `thirds schedule`, `thirds explain`
and `thirds export --to <every kind>`, each under a wall-clock bound. A run
fails the stage when it

  crash     dies of a signal or exits with 3 or more (a Swift trap is 132),
  hang      outlives its bound (it is sent SIGQUIT first, so the Swift
            backtracer prints where it was),
  escape    writes a file outside the folder it was given (or, for
            `schedule`, outside OUT/<plan name>/),
  nonfinite writes NaN or infinity into a schedule,
  roundtrip writes a schedule that `thirds check` then rejects.

A finding's class is its kind, the command and where it happened: the trap
message and the innermost ThirdsKit function of the backtrace, or for an
escape the path pattern. A finding whose class matches a line of the
allowlist (Tests/Fuzz/known-issues.txt; empty = strict) is reported but does
not fail the run. Each new class's plan is saved to the findings folder,
named by its class, so it can become a regression fixture under
Tests/Fuzz/regressions/.

  python3 Tests/Fuzz/plangen.py --thirds .build/debug/thirds --seed 1 --count 50 --budget 150
  python3 Tests/Fuzz/plangen.py --thirds .build/debug/thirds --replay Tests/Fuzz/regressions
  python3 Tests/Fuzz/plangen.py --seed 7 --emit 3 > /tmp/plans.yaml   # look at what it makes
"""

import argparse
import ast
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

try:
    import yaml  # PyYAML, when installed: Markdown front matter must parse
except ImportError:
    yaml = None

EXPORT_KINDS = ["ics", "crosspost", "hootsuite", "buffer", "sprout", "csv"]
RULE_IDS = ["thirds", "daily-limit", "min-gap", "quiet-hours", "promotion-streak", "duplicate-text",
            "hashtags", "text-length", "ramp-up", "coverage", "spread", "availability"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
KINDS = ["content", "engagement", "promotion"]

# Zones with half- and quarter-hour offsets, 30-minute or 2-hour clock
# changes, changes at midnight, a skipped day (Apia, 2011-12-30), the
# largest offsets, and a negative summer time (Dublin).
ZONES = ["Europe/London", "UTC", "America/New_York", "Pacific/Chatham", "Australia/Lord_Howe", "Asia/Kathmandu",
         "Asia/Kolkata", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Niue", "Pacific/Apia", "Antarctica/Troll",
         "Africa/Casablanca", "Asia/Tehran", "America/Havana", "Europe/Dublin", "America/Santiago", "Asia/Singapore",
         "Australia/Adelaide", "Pacific/Marquesas", "America/Scoresbysund", "Asia/Gaza"]
# Weeks and starts that hold a clock change somewhere above, or a calendar edge.
WEEKS = ["2026-W49", "2026-W13", "2026-W44", "2026-W11", "2026-W45", "2026-W14", "2026-W40", "2026-W53",
         "2020-W53", "2011-W52", "2027-W01", "1970-W01", "2099-W52", "2024-W09", "9999-W52", "0001-W01"]
STARTS = ["2011-12-26", "2026-03-27", "2026-10-23", "2026-04-03", "2026-09-25", "2024-02-28", "2026-12-28",
          "1970-01-01", "2099-12-25", "2026-01-01", "2038-01-18", "0001-01-01", "9999-12-25"]

HUGE_INT = "9223372036854775807"
NUMBERS = ["1e19", "1e-9", "1e308", "1e300", "1e-300", "0", "-1", "-0", "0.0000001", "9223372036854775807",
           "9223372036854775808", "1.7976931348623157e308", "4.9e-324", "1e12", "1", "144", "0.5", "2.5e-5", "1e6"]
DURATIONS = [HUGE_INT + "s", "9223372036854775807m", "153722867280912930m", "106751991167300d", "15250284452471w",
             "1s", "1m", "59s", "1w", "999999w", "1h30m", "1s1m1h1d1w", "100000d", "2562047788015215h", "90m"]
COUNTS = [HUGE_INT, "0", "1", "2", "4", "1000000", "4294967296", "2147483647", "9223372036854775806"]

# Texts a post may legitimately hold that terminals, Markdown, front matter,
# Liquid, Hugo, CSV and twitter-text all treat specially. YAML escapes
# (\e, \x.., \u....) put the characters into the value without putting raw
# control bytes into the file.
HOSTILE = [r"\e[31mred\e[0m", r"\e]0;pwned\a", r"\e]8;;https://evil.example\e\\link\e]8;;\e\\", r"\0", r"\a\b\v\f",
           r"\uFFFE", r"\uFFFF", r"\uFEFF", r"\u202Eevil\u202C", r"\u200F\u200E", r"\u2028\u2029", r"\x85",
           "👨\\u200D👩\\u200D👧\\u200D👦", "💻\\u200D🏴\\U000E0067\\U000E0062\\U000E0073\\U000E0063\\U000E0074\\U000E007F",
           "🏳️\\u200D🌈", "Z̷̢̛̫a̸̡͓l̵̨̛g̶o̶", "漢字かなカナ", "ＦＵＬＬ－ＷＩＤＴＨ", "{% raw %}{{ site.title }}{% endraw %}", "{%",
           "{{< shortcode >}}", "---", "\\\"quoted\\\" 'single'", "a,b;c\\td", "=cmd|' /C calc'!A0", "@SUM(1+1)",
           "\\r\\n", "#tag #TAG #ÜBER", "@mention", "https://example.com/a?b=c&d=e#f", "www.example.com",
           "x.com/y", "<script>alert(1)</script>", "](javascript:alert(1))", "BEGIN:VEVENT", "END:VCALENDAR",
           "\\\\", "%s%n%x", "${HOME}", "$(id)", "`id`", "{link}", "\\u0301\\u0301\\u0301", "ﷺ", "𒐫", "🇬🇧🇺🇸"]


class Quoted(str):
    """A string written double-quoted, its escapes (\\e, \\u....) kept for YAML to read."""


def q(text):
    return Quoted(text)


def emit(value, indent=0):
    """Block-style YAML, with every scalar written as its text so the loader reads exactly it."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:\n{emit(item, indent + 1)}")
            else:
                lines.append(f"{pad}{key}: {emit(item, indent + 1)}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for item in value:
            if isinstance(item, dict) and item:
                body = emit(item, indent + 1)
                lines.append(f"{pad}- {body.lstrip()}")
            else:
                lines.append(f"{pad}- {emit(item, indent + 1)}")
        return "\n".join(lines)
    if isinstance(value, Quoted):
        return '"' + value + '"'
    if value is None:
        return ""
    return str(value)


def week_monday(week):
    import datetime
    year, number = int(week[:4]), int(week[6:])
    return datetime.date.fromisocalendar(year, number, 1)


class Generator:
    """One plan (and maybe a rules file) per call, from a seeded random source."""

    def __init__(self, rng):
        self.r = rng
        # Most plans get a few extremes and stay valid enough to be scheduled
        # and exported; some get many.
        self.heat = rng.choice([0.1, 0.3, 1.0])

    def chance(self, p):
        return self.r.random() < p

    def pick(self, values):
        return self.r.choice(values)

    def hot(self, p):
        return self.r.random() < p * self.heat

    def number(self, normal):
        return self.pick(NUMBERS) if self.hot(0.25) else normal

    def text(self, base, long_ok=True):
        parts = [base]
        for _ in range(self.r.randint(1, 3) if self.hot(0.35) else 0):
            parts.insert(self.r.randint(0, len(parts)), self.pick(HOSTILE))
        if long_ok and self.hot(0.04):
            parts.append(self.pick(["a", "é", "漢", "👍", "😀\\u200D", "\\u0301", "https://e.co/ "]) * self.pick([140, 141, 279, 280, 281, 3000, 20000]))
        return q(" ".join(parts))

    def identifier(self, base, index):
        if self.hot(0.05):
            return self.pick(["...", "..", ".", "-", "_", "a" * 300, "0", "1e19", "no", "true", "~x", "x.yaml"]) + (str(index) if self.chance(0.5) else "")
        return f"{base}-{index}"

    def local(self, day, hour=None, minute=None):
        hour = self.r.randint(0, 23) if hour is None else hour
        minute = self.pick([0, 0, 15, 30, 45, 59, self.r.randint(0, 59)]) if minute is None else minute
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}"

    def availability(self):
        if self.hot(0.3):
            return q(self.pick(["Mon-Sun 00:00-24:00", "Sat-Mon 10:00-12:00", "Mon 00:00-00:01", "Sun 23:59-24:00",
                                "Mon+Wed+Fri 09:00-17:00, Sat 10:00-12:00, Sun 00:00-24:00",
                                ", ".join(f"{d} {h:02d}:00-{h:02d}:30" for d in WEEKDAYS for h in range(0, 24, 3))]))
        return q("Mon-Fri 08:00-18:00")

    def rules(self):
        rules = {}
        for rule in RULE_IDS:
            if not self.hot(0.3):
                continue
            settings = {}
            if self.chance(0.3):
                settings["severity"] = self.pick(["error", "warning", "off"])
            if rule == "thirds":
                shares = self.pick([("1/3", "1/3", "1/3"), ("1", "0", "0"), ("100%", "0%", "0%"), ("0.5", "0.25", "0.25"),
                                    ("0.0000001", "0.4999999", "0.5")])
                settings.update(zip(KINDS, shares))
                settings["tolerance"] = self.pick(["0", "1", "0.1", "1e-9", "100%"])
                if self.chance(0.5):
                    settings["window"] = self.pick(DURATIONS)
            elif rule == "daily-limit":
                low = self.pick(["0", "1", "0", HUGE_INT])
                settings["min"] = low
                settings["max"] = self.pick([low, HUGE_INT, "4"]) if low != HUGE_INT else HUGE_INT
            elif rule in ("min-gap",):
                settings["gap"] = self.pick(DURATIONS)
            elif rule == "duplicate-text":
                settings["within"] = self.pick(DURATIONS)
            elif rule == "quiet-hours":
                settings["from"] = q(self.pick(["00:00", "23:59", "23:00", "12:00"]))
                settings["to"] = q(self.pick(["00:00", "00:01", "06:30", "12:00"]))
            elif rule in ("promotion-streak", "hashtags"):
                settings["max"] = self.pick(COUNTS)
            elif rule == "text-length":
                settings[self.pick(["x", "linkedin"])] = self.pick(COUNTS[1:] + ["280", "3000"])
            elif rule == "ramp-up":
                settings["weeks"] = self.pick(COUNTS)
                settings["promotion"] = self.pick(["0", "1", "0.15", "1e-9"])
            elif rule == "coverage":
                settings["min-weight"] = self.number("2")
                settings["posts"] = self.pick(COUNTS)
            elif rule == "spread":
                settings["max-same-hour"] = self.pick(COUNTS)
            rules[rule] = settings if settings else self.pick(["error", "warning", "off"])
        result = {}
        if self.chance(0.3):
            result["grid"] = self.pick(["1m", "60m", "7m", "13m", "5m", "15m", "1h"])
        if rules:
            result["rules"] = rules
        return result

    def audience(self):
        audience = {"timezone": self.pick(ZONES), "size": self.number(str(self.r.randint(1, 500)))}
        if self.chance(0.6):
            audience["weight"] = self.number(self.pick(["1", "2", "3", "0.5"]))
        if self.chance(0.15):
            audience["checks-per-day"] = self.number("3")
        if self.chance(0.12):
            audience["depth"] = self.number("200")
        if self.chance(0.12):
            audience["feed"] = self.number("150")
        if self.chance(0.1):
            def hours():
                fill = self.pick(["0", "1e308", "1e-300", "0.5", "1e19", None])
                return [fill if fill is not None else str(round(self.r.random(), 3)) for _ in range(24)]
            audience["checks"] = hours() if self.chance(0.5) else {"weekday": hours(), "weekend": hours()}
        if self.chance(0.1):
            audience["weekend"] = self.pick([[], WEEKDAYS, ["sat", "sun"], ["fri"]])
        return audience

    def plan(self):
        """A plan as a dict, its file stem, an optional rules file, and tags naming its extremes."""
        import datetime
        tags = []
        plan = {}
        if self.chance(0.6):
            week = self.pick(WEEKS)
            plan["week"] = week
            start = week_monday(week)
            days = 7
        else:
            start = datetime.date.fromisoformat(self.pick(STARTS))
            plan["start"] = start.isoformat()
            days = self.pick([1, 2, 7, 14, 31, 92, 365, 366]) if self.hot(0.5) else 7
        if days != 7 or self.chance(0.1):
            plan["days"] = str(days)
        if days > 60:
            tags.append("long-period")
        zone = self.pick(ZONES) if self.hot(0.8) else "Europe/London"
        account = {"name": q(self.text("acme", long_ok=False)) if self.chance(0.1) else "acme", "timezone": zone}
        if self.chance(0.5):
            earlier = start - datetime.timedelta(days=self.r.randint(0, 60)) if start > datetime.date(1, 3, 1) else start
            account["since"] = self.pick([earlier.isoformat(), "2011-06-01", start.isoformat(), "0001-01-01"])
        if self.chance(0.5):
            account["available"] = self.availability()
        plan["account"] = account
        rules_file = None
        if self.chance(0.5):
            inline = self.rules()
            if self.chance(0.3):
                rules_file = self.rules() or {"grid": "15m"}
                inline["extends"] = "rules.yaml"
            if inline:
                plan["rules"] = inline
        elif self.chance(0.2):
            rules_file = self.rules() or {"grid": "15m"}
            plan["rules"] = "rules.yaml"
        channels = {"x": {"handle": self.pick(["acme", q("a" * 50), q("\\e[2J")])}}
        if self.chance(0.7):
            channels["linkedin"] = {"author": q("urn:li:person:8675309")}
            if self.chance(0.3):
                channels["linkedin"]["window"] = self.availability()
        if self.chance(0.7):
            blog = {"site": q(self.pick(["https://example.com", "https://例え.jp", "http://a", "https://example.com/" + "x/" * 200])),
                    "engine": self.pick(["wordpress", "hugo", "jekyll"])}
            if self.chance(0.3):
                blog["lead"] = self.pick(["0", "30m", "1d", HUGE_INT + "s", "999999w"])
            if self.chance(0.3):
                blog["digest"] = "true"
            channels["blog"] = blog
        plan["channels"] = channels
        audience_count = self.pick([0, 1, 2, 3, 5]) if not self.hot(0.04) else self.pick([200, 1000])
        if audience_count >= 200:
            tags.append("many-audiences")
        audiences = {}
        for index in range(audience_count):
            audiences[self.identifier("aud", index) if audience_count < 50 else f"aud-{index}"] = self.audience()
        if audiences:
            plan["audiences"] = audiences
        names = list(audiences)
        item_count = self.r.randint(days, max(days, 15)) if days <= 31 else self.r.randint(3, 15)
        if self.hot(0.05):
            item_count = self.pick([0, 1, 60, 300, 2000])
        if item_count >= 300:
            tags.append("many-items")
        items = []
        period = []
        for day in range(days):  # a period may run past 9999-12-31, where Python's dates stop
            try:
                period.append(start + datetime.timedelta(days=day))
            except OverflowError:
                break
        for index in range(item_count):
            kind = KINDS[index % 3] if self.chance(0.8) else self.pick(KINDS)
            item = {"id": self.identifier("item", index) if item_count < 100 else f"item-{index}", "kind": kind,
                    "text": self.text(f"post {index} about {self.pick(['queues', 'rotas', 'webchat', 'tone'])}")}
            if self.chance(0.4):
                item["link"] = q(self.pick(["https://example.com/a", "https://example.com/" + "a" * 3000, "http://a/{link}",
                                            "https://xn--r8jz45g.jp/", "https://example.com/?q=\\e[31m"]))
                if self.chance(0.5):
                    item["text"] = q(item["text"] + " {link}")
            if self.chance(0.2):
                item["title"] = self.text("A title")
            if self.chance(0.1):
                item["description"] = self.text("A description")
            if self.chance(0.15):
                item["hashtags"] = [q(self.pick(["cx", "#custserv", "ÜBER", "a" * 200, "tag_1", "日本"])) for _ in range(self.pick([1, 2, 3, 40]))]
            if names and self.chance(0.5):
                item["audiences"] = self.r.sample(names, k=min(len(names), self.r.randint(1, 3)))
            if "linkedin" in channels and self.chance(0.2):
                item["crosspost"] = ["linkedin"] + (["blog"] if "blog" in channels and self.chance(0.5) else [])
            if self.chance(0.2):
                item["priority"] = self.pick(["high", "normal", "low"])
            if self.chance(0.15):
                item["repeat"] = self.pick(["daily", "weekdays", "sat", ["mon", "wed", "fri"], WEEKDAYS])
                if item["repeat"] == "daily" and days > 60:
                    tags.append("long-daily-repeat")
                if self.chance(0.3):
                    item["at"] = q(f"{self.r.randint(0, 23):02d}:{self.pick([0, 30, 59]):02d}")
            elif self.chance(0.15):
                item["at"] = self.local(self.pick(period))
            if self.chance(0.15):
                item["not_before"] = self.local(self.pick(period))
            if self.chance(0.15):
                item["not_after"] = self.local(self.pick(period), hour=23, minute=59)
            if self.chance(0.1):
                item["required"] = "true"
            if self.chance(0.1):
                item["waive"] = {self.pick(RULE_IDS): self.text("because", long_ok=False)}
            items.append(item)
        if self.chance(0.1) and items:
            items += [dict(items[0], id=f"copy-{n}") for n in range(self.pick([1, 5]))]
            tags.append("repeated-text")
        plan["items"] = items
        if len(items) < days and not self.hot(0.3):
            # The default daily-limit wants a post every day: without this a
            # long period is only ever an error, never scheduled.
            inline = plan.get("rules") if isinstance(plan.get("rules"), dict) else ({"extends": plan["rules"]} if "rules" in plan else {})
            inline.setdefault("rules", {})["daily-limit"] = {"min": "0", "max": "4"}
            plan["rules"] = inline
        stem = self.pick(["2026-W49", "...", "..", ".", "", "週の計画", "a b", "-rf", "x" * 200,
                          "\x1b[31mred", "tab\there", "new\nline"]) if self.hot(0.2) else "plan"
        if stem != "plan":
            tags.append("odd-name")
        return plan, stem, rules_file, tags


def plan_text(plan):
    return "# yaml-language-server: $schema=../schema/plan.schema.json\n" + emit(plan) + "\n"


# -- running -----------------------------------------------------------------

DEMANGLER = shutil.which("swift-demangle") or ("/opt/swift/usr/bin/swift-demangle" if os.path.exists("/opt/swift/usr/bin/swift-demangle") else None)
# Frames that only lead to the work: where a hang spends its time lies below them.
DRIVERS = re.compile(r"^(Checker\.check|Checker\.checkPlan|Checker\.load|SchedulePipeline\.run|\w+Command\.|FuzzCase\.|thirdsFuzz|thirds_main|ThirdsFuzz_main|LLVMFuzzer)")


def thirds_types():
    """The types ThirdsKit and the CLI declare, to tell their compiler-generated frames from the libraries'."""
    sources = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources")
    names = set()
    for base, _, files in os.walk(sources):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(base, name), encoding="utf-8") as handle:
                    names.update(re.findall(r"(?m)^\s*(?:public |package |private |fileprivate |internal |final )*(?:struct|enum|class|protocol|extension|actor) (\w+)", handle.read()))
    return names


THIRDS_TYPES = thirds_types()


def frames_of(output):
    """Library (and CLI) functions of a backtrace, innermost first, as `Type.function`.

    Reads both the Swift backtracer's lines (`3 [ra] 0x... Type.f(_:) + 12 in thirds at /…/Sources/ThirdsModel/File.swift:1:2`)
    and the sanitizers' (`#3 0x... in $s11ThirdsModel… /…/Sources/ThirdsModel/File.swift:1:2`, demangled here). A closure
    counts as the function it is in."""
    if DEMANGLER and "$s" in output:
        try:
            output = subprocess.run([DEMANGLER, "--simplified"], input=output, capture_output=True, text=True, timeout=30).stdout or output
        except (OSError, subprocess.TimeoutExpired):
            pass
    frames = []
    for line in output.splitlines():
        found = (re.search(r"^\s*\d+\s.*?0x[0-9a-f]+ (.+?)(?: \+ \d+)? in \S+ at (\S*/Sources/(?:Thirds[A-Za-z]*|thirds)/|//<compiler-generated>)", line)
                 or re.search(r"^\s*#\d+ 0x[0-9a-f]+ in (.+?) (\S*/Sources/(?:Thirds[A-Za-z]*|thirds)/|/<compiler-generated>)", line))
        if not found:
            continue
        name = found.group(1)
        if re.match(r"(protocol witness|partial apply|reabstraction|thunk|merged|outlined)", name):
            continue
        name = re.sub(r"^((implicit )?closure #\d+ in |static |generic specialization <.*?> of |\S+ \[\w+\] )+", "", name)
        name = re.sub(r"[(<].*$", "", name).strip()
        if "Sources" not in found.group(2) and name.split(".")[0] not in THIRDS_TYPES:
            continue
        if name and "_assertionFailure" not in name:
            frames.append(name)
    return frames


def signature_of(output, hang=False):
    """What a crash or hang is: its trap message, and where.

    A crash is placed at the innermost ThirdsKit frame, where it trapped. A hang
    is caught wherever it happened to be, so it is placed higher: at the two
    outermost frames below the command and checker drivers, which name the
    phase that does not end (the selection, the reach table, the search)."""
    message = None
    for pattern in (r"Fatal error: (.*)", r"(?m)(Swift runtime failure: [a-z ]+?)(?: in | \+| /|$)",
                    r"(ERROR: AddressSanitizer: [\w-]+)", r"(ERROR: libFuzzer: out-of-memory)", r"\*\*\* Program crashed: ([A-Za-z ]+) at"):
        found = re.search(pattern, output)
        if found:
            message = re.sub(r"0x[0-9a-f]+|\d+", "N", found.group(1).strip())
            break
    frames = frames_of(output)
    if hang:
        work = [frame for frame in reversed(frames) if not DRIVERS.match(frame)]
        return message, ">".join(work[:2]) or None
    return message, frames[0] if frames else None


def snapshot(root):
    """Every file below root (directories only change as files come and go)."""
    state = {}
    for base, dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(base, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            state[os.path.relpath(path, root)] = (info.st_mtime_ns, info.st_size)
    return state


def run(command, cwd, bound, quit_wait=15, **environment):
    """Runs a command under a wall-clock bound; on a hang, SIGQUIT makes the backtracer say where.

    The output goes to a file, not a pipe: after printing, the backtracer may leave the process
    running, so the wait ends when its report is complete (or after 15 s), then the process is killed."""
    started = time.monotonic()
    env = dict(os.environ, NO_COLOR="1", SOURCE_DATE_EPOCH="1795910400",
               SWIFT_BACKTRACE="enable=yes,interactive=no,color=no,sanitize=yes,threads=crashed,registers=none,images=none,limit=48")
    env.update(environment)
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                   env=env, start_new_session=True)

        def text():
            output.seek(0)
            return output.read().decode("utf-8", "replace")
        try:
            process.wait(timeout=bound)
            return process.returncode, text(), time.monotonic() - started, False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGQUIT)
            deadline = time.monotonic() + quit_wait
            while time.monotonic() < deadline and process.poll() is None and "Backtrace took" not in text():
                time.sleep(0.25)
            return None, text(), time.monotonic() - started, True
        finally:
            # Stopped by a hang, or ourselves (CI's time is up): leave no thirds running.
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class Campaign:
    def __init__(self, thirds, bound, allowlist, findings_dir, moves, time_limit, verbose, fuzzer=None):
        self.thirds = os.path.abspath(thirds)
        self.fuzzer = os.path.abspath(fuzzer) if fuzzer else None
        self.bound = bound
        self.allowlist = allowlist
        self.findings_dir = findings_dir
        self.moves = moves
        self.time_limit = time_limit
        self.verbose = verbose
        self.classes = {}      # class -> first case
        self.runs = 0

    def known(self, cls):
        return next((name for name, pattern in self.allowlist if re.search(pattern, cls)), None)

    def record(self, cls, case, detail):
        self.classes.setdefault(cls, []).append(case["label"])
        if len(self.classes[cls]) > 1:
            return
        known = self.known(cls)
        print(f"  {'known (' + known + ')' if known else 'NEW'}: {cls}  [{case['label']}]", flush=True)
        if self.verbose:
            print("    " + detail[-2000:].replace("\n", "\n    "))
        if self.findings_dir:
            slug = re.sub(r"[^A-Za-z0-9]+", "-", cls).strip("-")[:120]
            folder = os.path.join(self.findings_dir, slug)
            os.makedirs(folder, exist_ok=True)
            if "fuzz" in case:
                with open(os.path.join(folder, "input.fuzz"), "wb") as handle:
                    handle.write(case["fuzz"])
            else:
                with open(os.path.join(folder, "plan.yaml"), "w", encoding="utf-8") as handle:
                    handle.write(case["plan"])
            if case.get("rules"):
                with open(os.path.join(folder, "rules.yaml"), "w", encoding="utf-8") as handle:
                    handle.write(case["rules"])
            with open(os.path.join(folder, "finding.txt"), "w", encoding="utf-8") as handle:
                handle.write(f"class: {cls}\ncase: {case['label']}\nplan file name: {case.get('stem', 'plan')!r}.yaml\n\n{detail[-6000:]}\n")

    def check_run(self, case, command_name, command, cwd, root, allowed):
        """One command; returns its output (or None when it failed) after recording what went wrong."""
        before = snapshot(root)
        code, output, seconds, hung = run(command, cwd, self.bound)
        self.runs += 1
        after = snapshot(root)
        findings = []
        if hung:
            message, frame = signature_of(output, hang=True)
            if frame is None:
                # On a loaded machine the backtracer can be slow to report: ask once more, waiting longer.
                _, again, _, _ = run(command, cwd, self.bound, quit_wait=60)
                message, frame = signature_of(again, hang=True)
                output = again if frame else output
            findings.append((f"hang @{frame or 'unknown'}", f"$ {' '.join(command)}  (after {seconds:.0f}s)\n{output}"))
        elif code is not None and (code < 0 or code >= 3):
            message, frame = signature_of(output)
            findings.append((f"crash: {message or 'exit ' + str(code)} @{frame or 'unknown'}", f"$ {' '.join(command)}  (exit {code})\n{output}"))
        changed = [path for path, state in after.items() if before.get(path) != state]
        outside = [path for path in changed if not any(path == a or path.startswith(a + os.sep) for a in allowed)]
        if outside:
            inside_out = all(path.startswith(os.path.join("work", "out") + os.sep) for path in outside)
            where = "outside-plan-folder" if inside_out else "outside-out"
            findings.append((f"escape: {command_name} wrote {where}", "written: " + ", ".join(sorted(outside)[:10]) + "\n" + output))
        for cls, detail in findings:
            self.record(cls, case, detail)
        if self.verbose and not findings:
            print(f"    {command_name}: exit {code} in {seconds:.1f}s")
        self.hung = self.hung or hung
        return (code, output) if not findings else (None, output)

    def check_outputs(self, case, folder):
        """The files thirds wrote must be what they claim: JSON parses, Markdown front matter is YAML."""
        for base, _, files in os.walk(folder):
            for name in files:
                path = os.path.join(base, name)
                try:
                    with open(path, encoding="utf-8") as handle:
                        text = handle.read()
                    if name.endswith(".json"):
                        json.loads(text)
                    elif name.endswith(".md") and yaml and text.startswith("---\n"):
                        end = text.find("\n---\n", 4)
                        yaml.safe_load(text[4:end if end > 0 else len(text)])
                except (ValueError, UnicodeDecodeError) as error:
                    self.record(f"output: {os.path.splitext(name)[1]} file does not parse ({type(error).__name__})", case, f"{path}: {error}")
                except Exception as error:  # PyYAML's errors
                    self.record(f"output: {os.path.splitext(name)[1]} front matter does not parse ({type(error).__name__})", case, f"{path}: {error}")

    def run_fuzz_input(self, case):
        """One input through the libFuzzer target (its in-memory load and check path)."""
        with tempfile.NamedTemporaryFile(prefix="thirds-fuzz-", delete=False) as handle:
            handle.write(case["fuzz"])
        try:
            code, output, seconds, hung = run([self.fuzzer, f"-timeout={int(self.bound)}", "-rss_limit_mb=2048", "-detect_leaks=0", handle.name],
                                              None, self.bound + 30, SWIFT_BACKTRACE="enable=no")
        finally:
            os.unlink(handle.name)
        self.runs += 1
        if hung or "ERROR: libFuzzer: timeout" in output:
            message, frame = signature_of(output, hang=True)
            self.record(f"hang @{frame or 'unknown'}", case, output)
        elif code != 0:
            message, frame = signature_of(output)
            self.record(f"crash: {message or 'exit ' + str(code)} @{frame or 'unknown'}", case, output)
        elif self.verbose:
            print(f"    fuzz target: ok in {seconds:.1f}s")

    def run_case(self, case):
        if "fuzz" in case:
            if self.fuzzer:
                self.run_fuzz_input(case)
            return
        if self.fuzzer:
            # The same plan through the in-memory path too.
            data = case["plan"].encode() + (b"\n#@file rules.yaml\n" + case["rules"].encode() if case.get("rules") else b"")
            self.run_fuzz_input(dict(case, fuzz=data, label=case["label"] + " (fuzz target)"))
        # Every command checks the plan first, and explain solves as schedule
        # does: after a hang, the later commands would only hang again.
        self.hung = False
        root = tempfile.mkdtemp(prefix="thirds-gen-")
        try:
            work = os.path.join(root, "work")
            plans = os.path.join(work, "plans")
            os.makedirs(plans)
            name = case["stem"] + ".yaml"
            try:
                with open(os.path.join(plans, name), "w", encoding="utf-8") as handle:
                    handle.write(case["plan"])
            except OSError:
                name = "plan.yaml"
                case["stem"] = "plan"
                with open(os.path.join(plans, name), "w", encoding="utf-8") as handle:
                    handle.write(case["plan"])
            if case.get("rules"):
                with open(os.path.join(plans, "rules.yaml"), "w", encoding="utf-8") as handle:
                    handle.write(case["rules"])
            plan_path = os.path.join("plans", name)
            self.check_run(case, "check", [self.thirds, "check", plan_path], work, root, [])
            if self.hung:
                return
            out = os.path.join("work", "out")
            stem = case["stem"]
            code, output = self.check_run(case, "schedule",
                                          [self.thirds, "schedule", plan_path, "--out", "out", "--moves", str(self.moves),
                                           "--time-limit", str(self.time_limit)],
                                          work, root, [os.path.join(out, stem)] if stem not in ("", ".", "..") else [])
            schedule = os.path.join(work, "out", stem, "schedule.yaml")
            if code == 0 and os.path.isfile(schedule):
                with open(schedule, encoding="utf-8", errors="replace") as handle:
                    written = handle.read()
                bad = re.search(r"(?im)(:\s*|reach\s+)[-+]?(nan|inf)\b.*", written)
                if bad or written.strip() in ("", "{}"):
                    self.record("nonfinite schedule output", case, (bad.group(0) if bad else "empty schedule") + "\n" + written[:2000])
                self.check_outputs(case, os.path.dirname(schedule))
                # What thirds writes, thirds must read back: a schedule that
                # fails its own check means a value escaped its quoting.
                checked = self.check_run(case, "check-schedule", [self.thirds, "check", schedule], work, root, [])
                if checked[0] not in (0, None):
                    rules = sorted(set(re.findall(r"error: \[([\w-]+)\]", checked[1])))
                    self.record(f"roundtrip: thirds check fails on the schedule thirds wrote: {', '.join(rules) or 'exit ' + str(checked[0])}",
                                case, checked[1])
            ids = re.findall(r"(?m)^  - id: (\S+)$", case["plan"])
            if ids and not self.hung:
                self.check_run(case, "explain", [self.thirds, "explain", plan_path, ids[0].strip('"'), "--moves", str(self.moves),
                                                 "--time-limit", str(self.time_limit)], work, root, [])
            if code == 0 and os.path.isfile(schedule):
                self.check_run(case, "export", [self.thirds, "export", schedule, "--to", *EXPORT_KINDS, "--out", "exports"],
                               work, root, [os.path.join("work", "exports")])
                self.check_outputs(case, os.path.join(work, "exports"))
        finally:
            shutil.rmtree(root, ignore_errors=True)


def load_allowlist(path):
    entries = []
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#"):
                    name, _, pattern = line.partition(" ")
                    entries.append((name, pattern.strip()))
    return entries


def cases_from(folder):
    """Saved cases: each subfolder holds plan.yaml (maybe with rules.yaml), run through the binary and the
    fuzz target, or input.fuzz, an input of the fuzz target; and case.txt (or finding.txt) naming the plan's file."""
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if not os.path.isdir(path):
            continue
        if os.path.isfile(os.path.join(path, "input.fuzz")):
            with open(os.path.join(path, "input.fuzz"), "rb") as handle:
                yield {"label": entry, "fuzz": handle.read()}
            continue
        if not os.path.isfile(os.path.join(path, "plan.yaml")):
            continue
        with open(os.path.join(path, "plan.yaml"), encoding="utf-8") as handle:
            case = {"label": entry, "plan": handle.read(), "stem": "plan"}
        rules = os.path.join(path, "rules.yaml")
        if os.path.isfile(rules):
            with open(rules, encoding="utf-8") as handle:
                case["rules"] = handle.read()
        about = os.path.join(path, "case.txt")
        if not os.path.isfile(about):
            about = os.path.join(path, "finding.txt")
        if os.path.isfile(about):
            with open(about, encoding="utf-8") as handle:
                found = re.search(r"(?m)^plan file name: (.*)\.yaml$", handle.read())
            if found:
                case["stem"] = ast.literal_eval(found.group(1))  # a Python string literal, as record() writes it
        yield case


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--thirds", default=os.environ.get("THIRDS", ".build/debug/thirds"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1000, help="plans to generate at most")
    parser.add_argument("--budget", type=float, default=150, help="seconds to stop starting new plans after")
    parser.add_argument("--bound", type=float, default=20, help="wall-clock seconds each run may take")
    parser.add_argument("--moves", type=int, default=500)
    parser.add_argument("--time-limit", type=float, default=2)
    parser.add_argument("--allowlist", default=os.path.join(os.path.dirname(__file__), "known-issues.txt"))
    parser.add_argument("--findings", help="folder to save one plan per new finding class")
    parser.add_argument("--replay", help="run the saved cases of this folder instead of generating")
    parser.add_argument("--fuzzer", help="the libFuzzer binary: replayed cases also go through it")
    parser.add_argument("--artifacts", nargs="*", help="classify these libFuzzer artifacts (crash-*, timeout-*, oom-*) instead of generating")
    parser.add_argument("--emit", type=int, help="print this many generated plans and stop")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    rng = random.Random(args.seed)
    if args.emit:
        for _ in range(args.emit):
            plan, stem, rules, tags = Generator(rng).plan()
            print(f"# ---- {stem!r}.yaml {tags}\n{plan_text(plan)}" + (f"# ---- rules.yaml\n{emit(rules)}\n" if rules else ""))
        return 0

    allowlist = load_allowlist(args.allowlist)
    campaign = Campaign(args.thirds, args.bound, allowlist, args.findings, args.moves, args.time_limit, args.verbose,
                        fuzzer=args.fuzzer if (args.replay or args.artifacts is not None) else None)
    started = time.monotonic()
    count = 0
    if args.artifacts is not None:
        def artifacts():
            for path in args.artifacts:
                with open(path, "rb") as handle:
                    yield {"label": os.path.basename(path), "fuzz": handle.read()}
        cases = artifacts()
    elif args.replay:
        cases = list(cases_from(args.replay))
    else:
        def generated():
            for index in range(args.count):
                plan, stem, rules, tags = Generator(rng).plan()
                yield {"label": f"seed {args.seed} plan {index} {tags}", "plan": plan_text(plan),
                       "rules": emit(rules) + "\n" if rules else None, "stem": stem}
        cases = generated()
    for case in cases:
        if not args.replay and args.artifacts is None and time.monotonic() - started > args.budget:
            break
        count += 1
        if args.verbose:
            print(f"-- {case['label']}", flush=True)
        campaign.run_case(case)
    unknown = [cls for cls in campaign.classes if not campaign.known(cls)]
    print(f"{count} {'inputs' if args.artifacts is not None else 'plans'}, {campaign.runs} runs in {time.monotonic() - started:.0f}s: "
          f"{len(campaign.classes)} finding classes, {len(unknown)} not on the allowlist")
    for cls, labels in sorted(campaign.classes.items()):
        known = campaign.known(cls)
        print(f"  {len(labels):4d}x {'known ' + known if known else 'NEW'}: {cls}")
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
