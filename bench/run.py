#!/usr/bin/env python3
"""Benchmark thirds' scheduler against CP-SAT and an LP bound, against the targets.

    python3 bench/run.py --all                     # every size and the targets table: ~17 minutes
    python3 bench/run.py --size week               # seeds 1-10, CP-SAT at 1x, 10x thirds' time and 60 s: ~12 minutes
    python3 bench/run.py --size week --seeds 1-2 --cp-sat-seconds 2   # a quick look
    python3 bench/run.py --size quarter,year       # the larger instances: gap, time, memory
    python3 bench/run.py --size smoke --cp-sat-seconds 5 --out DIR   # CI: a few seconds

Sizes (bench/generate.py):
  week          one week per seed (--seeds, default 1-10): thirds' priority against
                the priority bound, its gap to the LP bound, the whole `thirds
                schedule` process (median of --runs, default 5) and its peak
                memory; CP-SAT given thirds' own median time, --cp-sat-factor
                (10) times it, and --cp-sat-seconds (60).
  quarter       13 weekly plans in one directory run.
  quarter-plan  the quarter's 600 items in ONE plan of 91 days.
  year          52 weekly plans in one directory run.
  smoke         a small week for CI, through the week's pipeline (seed 1).

For each instance it generates the plans, checks them with `thirds check`,
times `thirds schedule` (the release binary, built beforehand with `swift
build -c release`; the script builds nothing), dumps each week's problem with
--dump-problem, scores thirds' schedule independently on those numbers, and
bounds it with the LP relaxation (bench/reference.py). Progress goes to
stderr; the tables (Markdown, ready for BENCHMARKS.md) go to stdout and to
OUT/table.md, every number to OUT/results.json.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import generate  # noqa: E402

ALL = ["week", "quarter", "quarter-plan", "year"]
# Sizes whose gap is not computed, and why.
NO_LP = {"quarter-plan": "one LP over its 600 posts and 26,208 slots has about 750,000 columns and 53,000 rows, and "
                         "HiGHS had not solved it after 8 minutes here; this size's targets are time and memory"}
SIZES = ALL + ["smoke"]
WEEK_LIKE = {"week", "smoke"}
# Above this many candidate columns the LP is left out (the quarter in one plan
# has millions: HiGHS would need many GiB and a long time).
LP_COLUMN_LIMIT = 2_000_000

# The targets (issue 8, "Targets"); times in seconds, memory in MB (10^6 bytes).
TARGETS = {
    "week_gap_avg": 1.0, "week_gap_worst": 1.5, "week_seconds": 0.100, "cp_sat_within": 1.0,
    "quarter_gap": 1.0, "quarter_seconds": 1.0, "quarter_mb": 100,
    "year_seconds": 3.0,
    "quarter_plan_seconds": 1.5, "quarter_plan_mb": 150,
}


def fail(message, code=2):
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(code)


def progress(message, end="\n"):
    print(message, end=end, file=sys.stderr, flush=True)


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def read(path):
    with open(path) as handle:
        return handle.read()


def schedule_file(path):
    """A schedule.json by thirds; its score's weighted reach as "reach" (format 2 names it "score", format 1 "reach")."""
    document = json.loads(read(path))
    score = document["score"]
    if "reach" not in score:
        score["reach"] = score["score"]
    return document


def run_measured(command, stdout_path, stderr_path):
    """Runs a command; returns (exit code, wall seconds, peak RSS in KiB).

    The peak is "Maximum resident set size" as `/usr/bin/time -v` prints it
    (its small process forks the command); without /usr/bin/time, the same
    kernel counter (ru_maxrss) of the child read with wait4. This script
    imports no large module before these runs, so a child forked from it
    does not start out with a large resident set.
    """
    timer = shutil.which("time", path="/usr/bin:/bin")
    time_log = stderr_path + ".time"
    full = ([timer, "-v", "-o", time_log] if timer else []) + command
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
        started = time.perf_counter()
        process = subprocess.Popen(full, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss
    if timer:
        log = read(time_log)
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", log)
        if found:
            peak = int(found.group(1))
        status_line = re.search(r"Exit status: (\d+)", log)
        if status_line:
            code = int(status_line.group(1))
    return code, wall, peak


class Bench:
    def __init__(self, args, binary, out):
        self.args = args
        self.binary = binary
        self.out = out

    def thirds_options(self):
        return (["--time-limit", f"{self.args.time_limit:g}"] + (["--moves", str(self.args.moves)] if self.args.moves is not None else [])
                + (["--seed", str(self.args.thirds_seed)] if self.args.thirds_seed is not None else []))

    def prepare(self, folder, size, seed):
        """Fresh folders, the plans and `thirds check`; returns (folders, plan paths)."""
        dirs = {name: os.path.join(folder, name) for name in ("plans", "schedules", "problems", "dump-schedules", "logs")}
        for path in dirs.values():
            shutil.rmtree(path, ignore_errors=True)
            os.makedirs(path)
        plans = generate.generate(size, seed, dirs["plans"])
        check = subprocess.run([self.binary, "check", dirs["plans"]], cwd=ROOT, capture_output=True, text=True)
        if check.returncode != 0:
            fail(f"thirds check found errors in the generated plans ({size}, seed {seed}):\n{check.stdout}{check.stderr}", 1)
        return dirs, plans

    def time_schedule(self, dirs, plans):
        """`thirds schedule` as a user runs it (the plan, or the directory of weeks, in one process), --runs times."""
        target = dirs["plans"] if len(plans) > 1 else plans[0]
        command = [self.binary, "schedule", target, "--out", dirs["schedules"], "--format", "json", "--statistics"]
        command += self.thirds_options()
        walls, peaks = [], []
        for run in range(self.args.runs):
            stdout_path = os.path.join(dirs["logs"], f"schedule-{run}.out")
            stderr_path = os.path.join(dirs["logs"], f"schedule-{run}.err")
            code, wall, peak = run_measured(command, stdout_path, stderr_path)
            if code != 0:
                # Recorded, not fatal: the table says which plans thirds could not schedule.
                errors = read(stderr_path)
                failed = sorted(set(re.findall(r"cannot schedule (\S+)", errors)))
                progress(f" thirds exited {code}: {errors.strip().splitlines()[-2] if errors.strip() else ''}")
                return {"failed": f"exited {code}" + (f", could not schedule {', '.join(failed)}" if failed else
                                                      f": {errors.strip().splitlines()[0] if errors.strip() else ''}"),
                        "wall_seconds": walls + [wall], "median_seconds": None, "peak_rss_kib": peaks + [peak],
                        "peak_mb": None, "stderr": os.path.relpath(stderr_path, self.out)}
            walls.append(wall)
            peaks.append(peak)
        return {"command": [os.path.basename(command[0])] + [os.path.relpath(c, ROOT) if os.path.isabs(c) else c
                                                              for c in command[1:]],
                "wall_seconds": walls, "median_seconds": statistics.median(walls), "peak_rss_kib": peaks,
                "peak_mb": max(peaks) * 1024 / 1e6}

    def week_problem(self, dirs, plan, name, notes):
        """Dumps one plan's problem (scheduled alone) and scores thirds' schedule of it from the timed run."""
        import reference

        problem_path = os.path.join(dirs["problems"], f"{name}.json")
        dump = subprocess.run([self.binary, "schedule", plan, "--out", dirs["dump-schedules"], "--format", "json",
                               "--dump-problem", problem_path] + self.thirds_options(),
                              cwd=ROOT, capture_output=True, text=True)
        if dump.returncode != 0 or not os.path.exists(problem_path):
            fail(f"could not dump the problem of {plan}:\n{dump.stdout}{dump.stderr}", 1)
        problem = reference.Problem(json.loads(read(problem_path)))
        schedule = schedule_file(os.path.join(dirs["schedules"], name, "schedule.json"))
        alone = schedule_file(os.path.join(dirs["dump-schedules"], name, "schedule.json"))
        if (alone["score"]["priority"], alone["score"]["reach"]) != (schedule["score"]["priority"], schedule["score"]["reach"]):
            notes.append(f"{name}: thirds scores the week differently alone ({alone['score']['priority']}, "
                         f"{alone['score']['reach']}) than in the directory run ({schedule['score']['priority']}, "
                         f"{schedule['score']['reach']})")
        mine = problem.evaluate(problem.assignment_from_schedule(schedule))
        score = schedule["score"]
        mine["reported"] = score
        if score["errors"] or mine["breaks"]:
            notes.append(f"{name}: thirds' schedule breaks error rules: reported {[e['message'] for e in score['errors']]}, "
                         f"found {mine['breaks']}")
        if (mine["priority"] != score["priority"] or abs(mine["reach"] - score["reach"]) > 0.01
                or abs(mine["penalty"] - score["penalty"]) > 0.01):
            notes.append(f"{name}: thirds reports priority {score['priority']}, reach {score['reach']}, penalty "
                         f"{score['penalty']}; the dumped numbers give {mine['priority']}, {mine['reach']:.3f}, "
                         f"{mine['penalty']:.3f}")
        return problem, mine

    # -- the week: one row per seed -------------------------------------------------------------

    def week_measure(self, size, seeds):
        """Phase 1 for the week: plans and timed runs of every seed, before any solver is imported."""
        measured = []
        for seed in seeds:
            folder = os.path.join(self.out, size, f"seed-{seed}")
            dirs, plans = self.prepare(folder, size, seed)
            progress(f"{size} seed {seed}: thirds x{self.args.runs} ...", end="")
            timing = self.time_schedule(dirs, plans)
            if not timing.get("failed"):
                progress(f" median {timing['median_seconds'] * 1000:.0f} ms, peak {timing['peak_mb']:.1f} MB")
            measured.append((seed, dirs, plans, timing))
        return measured

    def week_solve(self, size, measured):
        """Phase 2 for the week: the bounds, and CP-SAT at its three budgets."""
        import reference

        rows, notes = [], []
        for seed, dirs, plans, timing in measured:
            name = os.path.splitext(os.path.basename(plans[0]))[0]
            if timing.get("failed"):
                notes.append(f"seed {seed}: thirds {timing['failed']} (see {timing['stderr']})")
                rows.append({"seed": seed, "plan": name, "posts": None, "thirds": {"failed": timing["failed"]},
                             "timing": timing, "priority_bound": None, "cp_sat": {}, "lp_seconds": 0})
                continue
            progress(f"{size} seed {seed}: dump", end="")
            seed_notes = []
            problem, mine = self.week_problem(dirs, plans[0], name, seed_notes)
            notes += [f"seed {seed}: {n}" for n in seed_notes]
            linear = reference.Linear(problem)
            prio_bound = reference.lp_priority_bound(problem, linear)
            budgets = [] if self.args.no_cp_sat else [
                ("1x", timing["median_seconds"]),
                (f"{self.args.cp_sat_factor:g}x", self.args.cp_sat_factor * timing["median_seconds"]),
                ("fixed", self.args.cp_sat_seconds)]
            cp = {}
            for label, seconds in budgets:
                progress(f"; CP-SAT {seconds:.3g} s", end="")
                result = reference.solve_cpsat(problem, seconds, self.args.workers)
                result.pop("assignment", None)
                result["budget"] = seconds
                cp[label] = result
            bounds = {}
            for p in sorted({r["priority"] for r in [mine] + list(cp.values()) if "priority" in r}):
                bounds[p] = reference.lp_reach_bound(problem, p, linear)
            lp_seconds = prio_bound["seconds"] + sum(b["seconds"] for b in bounds.values())
            progress("; LP bounds done")
            for r in [mine] + list(cp.values()):
                if "priority" in r:
                    bound = bounds[r["priority"]]["bound"]
                    r["lp_bound"] = bound
                    r["gap_percent"] = None if bound is None else 100 * (bound - r["objective"]) / abs(bound)
            rows.append({"seed": seed, "plan": name, "posts": len(problem.posts), "thirds": mine, "timing": timing,
                         "priority_bound": prio_bound["bound"], "cp_sat": cp, "lp_seconds": lp_seconds})
        return {"kind": "week", "size": size, "rows": rows, "notes": notes, "runs": self.args.runs,
                "cp_sat": None if self.args.no_cp_sat else {"factor": self.args.cp_sat_factor,
                                                              "seconds": self.args.cp_sat_seconds,
                                                              "workers": self.args.workers}}

    # -- the larger instances: one row each -----------------------------------------------------

    def large_measure(self, size, seed):
        """Phase 1: plans and timed runs."""
        folder = os.path.join(self.out, size)
        dirs, plans = self.prepare(folder, size, seed)
        progress(f"{size}: thirds x{self.args.runs} ...", end="")
        timing = self.time_schedule(dirs, plans)
        if not timing.get("failed"):
            progress(f" median {timing['median_seconds']:.2f} s, peak {timing['peak_mb']:.1f} MB")
        return seed, dirs, plans, timing

    def large_solve(self, size, measured):
        """Phase 2: each week's problem dumped alone, scored and bounded; the sums."""
        import reference

        seed, dirs, plans, timing = measured
        notes, weeks = [], []
        result = {"kind": "large", "size": size, "seed": seed, "plans": len(plans), "runs": self.args.runs,
                  "timing": timing, "weeks": weeks,
                  "notes": notes, "gap_percent": None, "why_no_gap": None}
        if timing.get("failed"):
            notes.append(f"{size}: thirds {timing['failed']} (see {timing['stderr']})")
            result["why_no_gap"] = "thirds failed"
            return result
        if size in NO_LP or self.args.no_gap:
            # Thirds' own score of its schedules: no dump, no LP.
            result["why_no_gap"] = NO_LP.get(size, "run with --no-gap")
            names = [os.path.splitext(os.path.basename(plan))[0] for plan in plans]
            scores = [schedule_file(os.path.join(dirs["schedules"], name, "schedule.json"))["score"] for name in names]
            result["scheduled"] = sum(sc["scheduled"] for sc in scores)
            result["posts"] = sum(sc["items"] for sc in scores)  # "items" counts posts (a repeating item once a day)
            result["priority"] = sum(sc["priority"] for sc in scores)
            result["objective"] = sum(sc["reach"] - sc["penalty"] for sc in scores)
            return result
        started = time.perf_counter()
        for index, plan in enumerate(plans):
            name = os.path.splitext(os.path.basename(plan))[0]
            progress(f"  {size} {name} ({index + 1}/{len(plans)}): dump, LP bounds ...", end="")
            problem, mine = self.week_problem(dirs, plan, name, notes)
            columns = sum(len(c) for c in problem.candidates)
            if columns > LP_COLUMN_LIMIT:
                progress(f" {columns:,} candidate columns: no LP")
                result["why_no_gap"] = f"the LP would have {columns:,} columns (limit {LP_COLUMN_LIMIT:,})"
                weeks.append({"plan": name, "posts": len(problem.posts), "thirds": mine, "columns": columns})
                continue
            linear = reference.Linear(problem)
            prio_bound = reference.lp_priority_bound(problem, linear)
            bound = reference.lp_reach_bound(problem, mine["priority"], linear)
            progress(" done")
            weeks.append({"plan": name, "posts": len(problem.posts), "thirds": mine, "columns": columns,
                          "priority_bound": prio_bound["bound"], "lp_bound": bound["bound"]})
        result["lp_seconds"] = time.perf_counter() - started
        result["posts"] = sum(w["posts"] for w in weeks)
        result["scheduled"] = sum(w["thirds"]["scheduled"] for w in weeks)
        result["priority"] = sum(w["thirds"]["priority"] for w in weeks)
        result["objective"] = sum(w["thirds"]["objective"] for w in weeks)
        if result["why_no_gap"] is None and all(w.get("lp_bound") is not None and w.get("priority_bound") is not None
                                                for w in weeks):
            result["priority_bound"] = sum(w["priority_bound"] for w in weeks)
            result["lp_bound"] = sum(w["lp_bound"] for w in weeks)
            result["gap_percent"] = 100 * (result["lp_bound"] - result["objective"]) / abs(result["lp_bound"])
        elif result["why_no_gap"] is None:
            result["why_no_gap"] = "an LP had no optimum"
        return result


# -- tables ---------------------------------------------------------------------------------------

def markdown(header, lines, left=1):
    widths = [max(len(str(line[i])) for line in [header] + lines) for i in range(len(header))]

    def fmt(line):
        return "| " + " | ".join(str(v).ljust(w) if i < left else str(v).rjust(w)
                                 for i, (v, w) in enumerate(zip(line, widths))) + " |"

    rule = "|" + "|".join(("-" * (w + 2) if i < left else "-" * (w + 1) + ":") for i, w in enumerate(widths)) + "|"
    return [fmt(header), rule] + [fmt(line) for line in lines]


def pct(value):
    return "-" if value is None else f"{value:.2f}".replace("-0.00", "0.00")


def key(r):
    """A schedule's rank as thirds compares scores: priority first, then reach - penalty."""
    return (r["priority"], round(r["objective"], 2))


def compare(mine, cp):
    """'ahead', 'equal' or 'behind' of thirds against one CP-SAT result."""
    if "priority" not in cp:
        return "ahead"
    a, b = key(mine), key(cp)
    if a[0] != b[0]:
        return "ahead" if a[0] > b[0] else "behind"
    if abs(a[1] - b[1]) < 0.05:
        return "equal"
    return "ahead" if a[1] > b[1] else "behind"


def shortfall(mine, cp):
    """How far thirds is below a CP-SAT result, in % of CP-SAT's objective (0 when not below); None when
    thirds' priority is lower (not comparable: then thirds is not within any %)."""
    if "priority" not in cp or mine["priority"] > cp["priority"]:
        return 0.0
    if mine["priority"] < cp["priority"]:
        return None
    return max(0.0, 100 * (cp["objective"] - mine["objective"]) / abs(cp["objective"]))


def cp_cell(r):
    if "priority" not in r:
        return "no schedule" if r.get("status") in ("UNKNOWN", "MODEL_INVALID", None) else r["status"].lower()
    return f"{r['priority']}, {pct(r.get('gap_percent'))}%"


def week_table(section):
    rows, cp_info = section["rows"], section["cp_sat"]
    header = ["seed", "posts", "priority / bound", "objective", "LP bound", "gap %", "time ms", "peak MB"]
    if cp_info:
        header += ["CP-SAT at 1x", f"CP-SAT at {cp_info['factor']:g}x", f"CP-SAT at {cp_info['seconds']:g} s"]
    lines = []
    for row in rows:
        r = row["thirds"]
        if "failed" in r:
            lines.append([str(row["seed"]), "-", "thirds failed"] + ["-"] * (len(header) - 3))
            continue
        line = [str(row["seed"]), f"{r['scheduled']}/{row['posts']}", f"{r['priority']} / {row['priority_bound']}",
                f"{r['objective']:.1f}", "-" if r.get("lp_bound") is None else f"{r['lp_bound']:.1f}",
                pct(r.get("gap_percent")), f"{row['timing']['median_seconds'] * 1000:.0f}", f"{row['timing']['peak_mb']:.1f}"]
        if cp_info:
            line += [cp_cell(row["cp_sat"][label]) for label in ("1x", f"{cp_info['factor']:g}x", "fixed")]
        lines.append(line)
    text = markdown(header, lines)
    text.append("")
    summary = week_summary(section)
    text.append(summary["line"])
    runs = section["runs"]
    text.append("")
    text.append(f"thirds: the whole `thirds schedule PLAN --format json --statistics` process, time = median of {runs} "
                f"runs, peak MB = largest resident set over the runs (10^6 bytes). gap = (LP bound - objective) / LP "
                f"bound, the LP bound at the row's own priority sum; bound = floor of the LP relaxation's largest "
                f"priority sum.")
    if cp_info:
        budgets = ", ".join(f"{row['cp_sat']['1x']['budget']:.3f}" for row in rows if "1x" in row["cp_sat"])
        text.append(f"CP-SAT cells: priority, gap to the LP bound at that priority; {cp_info['workers']} workers; 1x = "
                    f"that seed's median thirds time ({budgets} s), "
                    f"{cp_info['factor']:g}x = {cp_info['factor']:g} times it; \"no schedule\": CP-SAT found none in the "
                    f"budget. Time = CP-SAT's wall time, presolve included, model building excluded.")
    return "\n".join(text), summary


def week_summary(section):
    all_rows, cp_info = section["rows"], section["cp_sat"]
    failed = [row["seed"] for row in all_rows if "failed" in row["thirds"]]
    rows = [row for row in all_rows if "failed" not in row["thirds"]]
    gaps = [(row["thirds"].get("gap_percent"), row["seed"]) for row in rows]
    known = [g for g in gaps if g[0] is not None]
    average = sum(g for g, _ in known) / len(known) if known else None
    worst = max(known) if known else (None, None)
    below = [row["seed"] for row in rows if row["priority_bound"] is None or row["thirds"]["priority"] < row["priority_bound"]]
    slowest = max(((row["timing"]["median_seconds"], row["seed"]) for row in rows), default=(None, None))
    out = {"average_gap": average, "worst_gap": worst[0], "worst_gap_seed": worst[1], "priority_below_bound": below,
           "slowest_median_seconds": slowest[0], "slowest_seed": slowest[1], "seeds": len(all_rows), "failed": failed}
    parts = [f"{len(all_rows)} seed{'s' if len(all_rows) != 1 else ''}"
             + (f" (thirds failed on seed {', '.join(map(str, failed))}; the figures are of the others)" if failed else "")
             + f": gap average {pct(average)}%, worst {pct(worst[0])}% (seed {worst[1]})",
             "priority below the bound on " + (f"seeds {', '.join(map(str, below))}" if below else "no seed"),
             f"slowest median {slowest[0] * 1000:.0f} ms (seed {slowest[1]})" if rows else "no successful run"]
    if cp_info:
        labels = [("1x", "1x"), (f"{cp_info['factor']:g}x", f"{cp_info['factor']:g}x")]
        falls = [(shortfall(row["thirds"], row["cp_sat"]["fixed"]), row["seed"]) for row in rows] + [(None, f) for f in failed]
        within = [s for f, s in falls if f is not None and f <= TARGETS["cp_sat_within"]]
        worst_fall = max(((float("inf") if f is None else f), s) for f, s in falls) if falls else (None, None)
        out["within_cp_sat"] = within
        out["worst_shortfall"] = worst_fall
        fall_text = ("thirds failed" if worst_fall[1] in failed else "lower priority" if worst_fall[0] == float("inf")
                     else f"{worst_fall[0]:.2f}% below")
        out["worst_shortfall_text"] = fall_text
        parts.append(f"within {TARGETS['cp_sat_within']:g}% of CP-SAT's {cp_info['seconds']:g} s result on "
                     f"{len(within)}/{len(all_rows)} (worst: seed {worst_fall[1]}, {fall_text})")
        for label, name in labels:
            verdicts = [compare(row["thirds"], row["cp_sat"][label]) for row in rows] + ["behind"] * len(failed)
            out[f"at_{label}"] = {v: verdicts.count(v) for v in ("ahead", "equal", "behind")}
            parts.append(f"at CP-SAT's {name} budget ahead on {verdicts.count('ahead')}/{len(all_rows)}, equal on "
                         f"{verdicts.count('equal')}, behind on {verdicts.count('behind')}")
    out["line"] = "**Summary:** " + "; ".join(parts) + "."
    return out


def large_table(sections):
    header = ["instance", "plans", "posts", "priority / bound", "objective", "LP bound", "gap %", "time s", "peak MB"]
    lines = []
    names = {"quarter": "quarter (13 weeks, one directory run)", "quarter-plan": "quarter in one plan (91 days)",
             "year": "year (52 weeks, one directory run)"}
    for s in sections:
        bound = s.get("priority_bound")
        lines.append([names.get(s["size"], s["size"]), str(s["plans"]),
                      f"{s['scheduled']}/{s['posts']}" if "scheduled" in s else "-",
                      f"{s['priority']} / {'-' if bound is None else bound}" if "priority" in s else "-",
                      f"{s['objective']:.1f}" if "objective" in s else "-",
                      "-" if s.get("lp_bound") is None else f"{s['lp_bound']:.1f}", pct(s.get("gap_percent")),
                      seconds_text(s["timing"]), mb_text(s["timing"])])
    text = markdown(header, lines)
    runs = sections[0]["runs"]
    text.append("")
    text.append(f"time = the whole `thirds schedule` process (the directory, or the one plan), median of {runs} runs; "
                "peak MB = largest resident set over the runs. Totals are sums over the plans; each week's problem "
                "is dumped and bounded alone (no rule in these plans reaches across weeks), gap = (sum of LP bounds - "
                "sum of objectives) / sum of LP bounds.")
    for s in sections:
        if s.get("why_no_gap"):
            text.append(f"{s['size']}: no gap: {s['why_no_gap']}.")
    return "\n".join(text)


def verdict(ok):
    return "met" if ok else "**NOT met**"


def seconds_text(timing, unit=""):
    return f"failed: {timing['failed']}" if timing.get("failed") else f"{timing['median_seconds']:.2f}{unit}"


def mb_text(timing, unit=""):
    return "-" if timing.get("failed") else f"{timing['peak_mb']:.1f}{unit}"


def under(timing, field, limit):
    """The figure below `limit` (a failed run meets nothing)."""
    return not timing.get("failed") and timing[field] < limit


def targets_table(results):
    lines = []
    week = results["sections"].get("week")
    if week and week["rows"]:
        summary = week["summary"]
        n = summary["seeds"]
        failed = summary["failed"]
        below = summary["priority_below_bound"] + failed
        failed_text = f"; thirds failed on seed {', '.join(map(str, failed))}" if failed else ""
        lines.append(["week: priority = the priority bound on every seed",
                      f"{n - len(below)}/{n} seeds" + (f" (below on {', '.join(map(str, sorted(below)))})" if below else ""),
                      verdict(not below)])
        lines.append([f"week: gap <= {TARGETS['week_gap_avg']:g}% on average", f"{pct(summary['average_gap'])}%{failed_text}",
                      verdict(not failed and summary["average_gap"] is not None
                              and summary["average_gap"] <= TARGETS["week_gap_avg"])])
        lines.append([f"week: gap <= {TARGETS['week_gap_worst']:g}% on the worst seed",
                      f"{pct(summary['worst_gap'])}% (seed {summary['worst_gap_seed']}){failed_text}",
                      verdict(not failed and summary["worst_gap"] is not None
                              and summary["worst_gap"] <= TARGETS["week_gap_worst"])])
        slowest = summary["slowest_median_seconds"]
        lines.append([f"week: whole process <= {TARGETS['week_seconds'] * 1000:g} ms (median of {results['runs']})",
                      ("-" if slowest is None else f"slowest seed {slowest * 1000:.0f} ms (seed {summary['slowest_seed']})")
                      + failed_text,
                      verdict(not failed and slowest is not None and slowest <= TARGETS["week_seconds"])])
        cp_info = week["cp_sat"]
        if cp_info:
            falls = summary["worst_shortfall"]
            fall = f"worst: seed {falls[1]}, {summary['worst_shortfall_text']}"
            budget = "" if cp_info["seconds"] == 60 else f" (run with {cp_info['seconds']:g} s, not the target's 60 s)"
            lines.append([f"week: within {TARGETS['cp_sat_within']:g}% of CP-SAT's 60 s result{budget}",
                          f"{len(summary['within_cp_sat'])}/{n} seeds; {fall}", verdict(len(summary["within_cp_sat"]) == n)])
            for label in ("1x", f"{cp_info['factor']:g}x"):
                counts = summary[f"at_{label}"]
                given = "thirds' own time" if label == "1x" else f"{label} thirds' time"
                lines.append([f"week: ahead of CP-SAT given {given}",
                              f"ahead {counts['ahead']}/{n}, equal {counts['equal']}, behind {counts['behind']}",
                              verdict(counts["behind"] == 0)])
    sections = results["sections"]
    if "quarter" in sections:
        s = sections["quarter"]
        lines.append([f"quarter: gap <= {TARGETS['quarter_gap']:g}%", f"{pct(s['gap_percent'])}%" if s["gap_percent"] is not None
                      else "not computed", verdict(s["gap_percent"] is not None and s["gap_percent"] <= TARGETS["quarter_gap"])])
        lines.append([f"quarter: whole process < {TARGETS['quarter_seconds']:g} s", seconds_text(s["timing"], " s"),
                      verdict(under(s["timing"], "median_seconds", TARGETS["quarter_seconds"]))])
        lines.append([f"quarter: peak memory < {TARGETS['quarter_mb']:g} MB", mb_text(s["timing"], " MB"),
                      verdict(under(s["timing"], "peak_mb", TARGETS["quarter_mb"]))])
    if "year" in sections:
        s = sections["year"]
        lines.append([f"52 weeks in one directory run < {TARGETS['year_seconds']:g} s", seconds_text(s["timing"], " s"),
                      verdict(under(s["timing"], "median_seconds", TARGETS["year_seconds"]))])
    if "quarter-plan" in sections:
        s = sections["quarter-plan"]
        lines.append([f"quarter in one plan: < {TARGETS['quarter_plan_seconds']:g} s", seconds_text(s["timing"], " s"),
                      verdict(under(s["timing"], "median_seconds", TARGETS["quarter_plan_seconds"]))])
        lines.append([f"quarter in one plan: < {TARGETS['quarter_plan_mb']:g} MB", mb_text(s["timing"], " MB"),
                      verdict(under(s["timing"], "peak_mb", TARGETS["quarter_plan_mb"]))])
    return "\n".join(markdown(["target", "result", ""], lines, left=3)) if lines else ""


def report(results):
    info = results["machine"]
    thirds = info["thirds"]
    text = [f"Machine: {info['nproc']} cores ({info['cpu']}), Python {info['python']}; thirds release binary built "
            f"{thirds['built']} UTC, sha256 {thirds['sha256']}…, work tree at {thirds['head']}. "
            f"Command: `{results['command_line']}`. Load average (1 min) {info['load_average_start']:.1f} at the start, "
            f"{info['load_average_end']:.1f} at the end" + (" (a busy machine: times and CP-SAT's results are not "
                                                            "representative)" if max(info["load_average_start"],
                                                                                     info["load_average_end"])
                                                            > 0.5 * (info["nproc"] or 1) else "") + ".", ""]
    sections = results["sections"]
    for size in ("smoke", "week"):
        if size in sections:
            table, _ = week_table(sections[size])
            text += [f"### {size.capitalize()} ({len(sections[size]['rows'])} seed{'s' if len(sections[size]['rows']) != 1 else ''})",
                     "", table, ""]
    large = [sections[s] for s in ("quarter", "year", "quarter-plan") if s in sections]
    if large:
        text += ["### Larger instances", "", large_table(large), ""]
    targets = targets_table(results)
    if targets:
        text += ["### Against the targets", "", targets, ""]
    notes = [n for s in sections.values() for n in s["notes"]]
    text += [f"NOTE: {n}" for n in notes]
    return "\n".join(text).rstrip() + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark thirds against CP-SAT and an LP bound, against the targets.",
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="The one command for BENCHMARKS.md: python3 bench/run.py --all")
    parser.add_argument("--all", action="store_true", help=f"every size: {', '.join(ALL)}")
    parser.add_argument("--size", default=None,
                        help=f"a size or a comma-separated list of them: {', '.join(SIZES)} (default week)")
    parser.add_argument("--seeds", type=generate.parse_seeds, help="week seeds: 1-10 (the default), 1,3,7, ...")
    parser.add_argument("--seed", type=int, help="one generator seed (week: like --seeds N; the larger sizes: default 1)")
    parser.add_argument("--cp-sat-seconds", type=float,
                        help="the fixed CP-SAT budget per week (default 60; smoke 10)")
    parser.add_argument("--cp-sat-factor", type=float, default=10, help="the second budget: this times thirds' time (default 10)")
    parser.add_argument("--no-cp-sat", action="store_true", help="leave CP-SAT out (bounds only)")
    parser.add_argument("--no-gap", action="store_true", help="quarter, quarter-plan, year: time and memory only, no LP bounds")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of thirds; the median counts (default 5)")
    parser.add_argument("--moves", type=int, help="pass --moves to thirds (default: thirds' own default)")
    parser.add_argument("--thirds-seed", type=int, help="pass --seed to thirds")
    parser.add_argument("--time-limit", type=float, default=600,
                        help="pass --time-limit to thirds (default 600: a slow binary is measured, not cut short by "
                             "its 30 s safety cap)")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "thirds"))
    parser.add_argument("--out", help="working folder (default bench/out); each size in OUT/SIZE")
    args = parser.parse_args(argv)

    if args.all:
        sizes = list(ALL)
    else:
        sizes = [s.strip() for s in (args.size or "week").split(",") if s.strip()]
        unknown = [s for s in sizes if s not in SIZES]
        if unknown:
            parser.error(f"unknown size {', '.join(unknown)}: choose from {', '.join(SIZES)}")
    if args.seeds and args.seed is not None:
        parser.error("give --seeds or --seed, not both")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    week_seeds = args.seeds or ([args.seed] if args.seed is not None else list(range(1, 11)))
    if args.cp_sat_seconds is None:
        args.cp_sat_seconds = 10 if sizes == ["smoke"] else 60

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        fail(f"no thirds binary at {binary}: build it first with `swift build -c release` in {ROOT}")
    # Fail early without the solvers; they are imported only when needed.
    missing = [name for name in ("ortools", "highspy", "numpy") if importlib.util.find_spec(name) is None]
    if missing:
        fail(f"missing Python packages {', '.join(missing)}: install them with "
             f"`python3 -m pip install -r bench/requirements.txt`")

    out = os.path.abspath(args.out or os.path.join(HERE, "out"))
    os.makedirs(out, exist_ok=True)
    info = machine()
    info["load_average_start"] = os.getloadavg()[0]
    # Others may rebuild .build/release while this runs: every run uses one copy.
    snapshot = os.path.join(out, "thirds")
    shutil.copy2(binary, snapshot)
    with open(snapshot, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:12]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources", "Package.swift"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    if head and dirty:
        head += " with uncommitted changes to Sources"
    info["thirds"] = {"binary": binary, "built": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(os.path.getmtime(binary))),
                      "sha256": digest, "head": head or "unknown"}
    progress(f"thirds binary built {info['thirds']['built']} UTC, sha256 {digest}…, work tree at {info['thirds']['head']}; "
             f"output in {out}")

    bench = Bench(args, snapshot, out)
    results = {"machine": info, "command_line": "python3 bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
               "sizes": sizes, "runs": args.runs, "sections": {}}
    started = time.perf_counter()
    # Every timed run first, then the solvers: no thirds run shares the machine with CP-SAT or HiGHS, or
    # is forked from a process that has loaded them.
    measured = {}
    for size in sizes:
        if size in WEEK_LIKE:
            measured[size] = bench.week_measure(size, week_seeds if size == "week" else [args.seed or 1])
        else:
            measured[size] = bench.large_measure(size, args.seed if args.seed is not None else 1)
    for size in sizes:
        if size in WEEK_LIKE:
            section = bench.week_solve(size, measured[size])
            section["summary"] = week_summary(section)
        else:
            section = bench.large_solve(size, measured[size])
        results["sections"][size] = section
    results["seconds"] = time.perf_counter() - started
    info["load_average_end"] = os.getloadavg()[0]
    with open(os.path.join(out, "results.json"), "w") as handle:
        json.dump(results, handle, indent=1, default=str)
    text = report(results)
    with open(os.path.join(out, "table.md"), "w") as handle:
        handle.write(text)
    progress(f"done in {results['seconds']:.0f} s; the tables are also in {os.path.join(out, 'table.md')}")
    print()
    print(text, end="")
    failed = [size for size, section in results["sections"].items()
              if any(row["timing"].get("failed") for row in section.get("rows", [section]))]
    if failed:
        # As before the table existed: CI's smoke run fails when thirds cannot schedule its plan.
        progress(f"bench: thirds failed on {', '.join(failed)} (the table says where)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
