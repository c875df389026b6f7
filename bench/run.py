#!/usr/bin/env python3
"""Benchmark thirds' scheduler against CP-SAT and an LP bound.

    python3 bench/run.py --size week               # ~2 minutes
    python3 bench/run.py --size quarter            # ~3 minutes (CP-SAT 120 s for the quarter)
    python3 bench/run.py --size quarter --cp-sat-split per-week   # CP-SAT 120 s per week: ~30 minutes
    python3 bench/run.py --size smoke --cp-sat-seconds 5          # CI: well under a minute

For the size it: generates the plans (bench/generate.py, fixed seed); checks
them with `thirds check`; runs `thirds schedule` on them (release binary,
built beforehand with `swift build -c release`) --runs times, timing each
whole process and reading its peak resident memory; dumps each week's problem
with the hidden --dump-problem; scores thirds' schedules independently on
those numbers; solves each week with CP-SAT and bounds it with the LP
relaxation (bench/reference.py); and prints a side-by-side table.
Results also go to OUT/results.json.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import generate  # noqa: E402

DEFAULT_SECONDS = {"week": 60, "quarter": 120, "smoke": 10}


def fail(message, code=2):
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(code)


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
        process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss
    if timer:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", read(time_log))
        if found:
            peak = int(found.group(1))
        status_line = re.search(r"Exit status: (\d+)", read(time_log))
        if status_line:
            process.returncode = int(status_line.group(1))
    return process.returncode, wall, peak


def read(path):
    with open(path) as handle:
        return handle.read()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark thirds against CP-SAT and an LP bound.")
    parser.add_argument("--size", choices=["week", "quarter", "smoke"], default="week")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--cp-sat-seconds", type=float,
                        help="CP-SAT time limit for the instance: default 60 (week), 120 (quarter), 10 (smoke); "
                             "see --cp-sat-split for the quarter")
    parser.add_argument("--cp-sat-split", choices=["even", "per-week"], default="even",
                        help="quarter only: 'even' shares --cp-sat-seconds evenly among the 13 weeks (the default: "
                             "CP-SAT gets 120 s for the quarter); 'per-week' gives every week the full limit")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of thirds; the best wall clock counts (default 3)")
    parser.add_argument("--moves", type=int, help="pass --moves to thirds (default: thirds' own default)")
    parser.add_argument("--thirds-seed", type=int, help="pass --seed to thirds")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "thirds"))
    parser.add_argument("--out", help="working folder (default bench/out/SIZE)")
    args = parser.parse_args(argv)

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        fail(f"no thirds binary at {binary}: build it first with `swift build -c release` in {ROOT}")
    # Fail early without the solvers, but import them only after the timed runs.
    missing = [name for name in ("ortools", "highspy", "numpy") if importlib.util.find_spec(name) is None]
    if missing:
        fail(f"missing Python packages {', '.join(missing)}: install them with `pip install -r bench/requirements.txt`")

    seconds = args.cp_sat_seconds if args.cp_sat_seconds is not None else DEFAULT_SECONDS[args.size]
    out = os.path.abspath(args.out or os.path.join(HERE, "out", args.size))
    plans_dir, schedules_dir = os.path.join(out, "plans"), os.path.join(out, "schedules")
    problems_dir, dump_dir, logs = os.path.join(out, "problems"), os.path.join(out, "dump-schedules"), os.path.join(out, "logs")
    os.makedirs(out, exist_ok=True)
    for folder in (plans_dir, schedules_dir, problems_dir, dump_dir, logs):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)

    info = machine()
    # Others may rebuild .build/release while this runs: every run uses one copy.
    snapshot = os.path.join(out, "thirds")
    shutil.copy2(binary, snapshot)
    with open(snapshot, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:12]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    info["thirds"] = {"binary": binary, "built": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(os.path.getmtime(binary))),
                      "sha256": digest, "head": head or "unknown"}
    binary = snapshot
    print(f"machine: {info['nproc']} cores, {info['cpu']}; thirds binary built {info['thirds']['built']} UTC, "
          f"sha256 {digest}…, work tree at {info['thirds']['head']}")
    plans = generate.generate(args.size, args.seed, plans_dir)
    weeks = [os.path.splitext(os.path.basename(p))[0] for p in plans]
    print(f"instance: --size {args.size} --seed {args.seed}: {len(plans)} plan(s) in {os.path.relpath(plans_dir, ROOT)}")

    check = subprocess.run([binary, "check", plans_dir], cwd=ROOT, capture_output=True, text=True)
    if check.returncode != 0:
        fail(f"thirds check found errors in the generated plans:\n{check.stdout}{check.stderr}", 1)

    # The schedule as a user runs it: the plan, or the directory of weeks, in one process.
    target = plans_dir if len(plans) > 1 else plans[0]
    command = [binary, "schedule", target, "--out", schedules_dir, "--format", "json", "--statistics"]
    if args.moves is not None:
        command += ["--moves", str(args.moves)]
    if args.thirds_seed is not None:
        command += ["--seed", str(args.thirds_seed)]
    walls, peaks, search = [], [], None
    for run in range(args.runs):
        stdout_path, stderr_path = os.path.join(logs, f"schedule-{run}.out"), os.path.join(logs, f"schedule-{run}.err")
        code, wall, peak = run_measured(command, stdout_path, stderr_path)
        if code != 0:
            fail(f"`{' '.join(command)}` exited {code}:\n{read(stdout_path)}{read(stderr_path)}", 1)
        walls.append(wall)
        peaks.append(peak)
        if wall == min(walls):
            search = {m.group(1): float(m.group(2)) for m in
                      re.finditer(r"^(\S+): \d+ moves, \d+ scored, ([0-9.]+) s", read(stderr_path), re.M)}

    import reference

    # Each week's problem in numbers, for the reference solvers (untimed; the
    # dump holds the first plan scheduled, so one call per week).
    notes = []
    rows = []
    budget = seconds / len(plans) if (args.size == "quarter" and args.cp_sat_split == "even") else seconds
    lp_seconds = 0.0
    for plan, week in zip(plans, weeks):
        problem_path = os.path.join(problems_dir, f"{week}.json")
        dump = subprocess.run([binary, "schedule", plan, "--out", dump_dir, "--format", "json", "--dump-problem", problem_path]
                              + (["--moves", str(args.moves)] if args.moves is not None else [])
                              + (["--seed", str(args.thirds_seed)] if args.thirds_seed is not None else []),
                              cwd=ROOT, capture_output=True, text=True)
        if dump.returncode != 0 or not os.path.exists(problem_path):
            fail(f"could not dump the problem of {plan}:\n{dump.stdout}{dump.stderr}", 1)
        problem = reference.Problem(json.loads(read(problem_path)))
        schedule = json.loads(read(os.path.join(schedules_dir, week, "schedule.json")))
        alone = json.loads(read(os.path.join(dump_dir, week, "schedule.json")))
        if (alone["score"]["priority"], alone["score"]["reach"]) != (schedule["score"]["priority"], schedule["score"]["reach"]):
            notes.append(f"{week}: thirds scores the week differently alone ({alone['score']['priority']}, {alone['score']['reach']}) "
                         f"than in the sequence ({schedule['score']['priority']}, {schedule['score']['reach']})")

        # thirds' schedule, scored again from the dumped numbers.
        mine = problem.evaluate(problem.assignment_from_schedule(schedule))
        score = schedule["score"]
        mine["search_seconds"] = (search or {}).get(week)
        mine["reported"] = score
        if score["errors"] or mine["breaks"]:
            notes.append(f"{week}: thirds' schedule breaks error rules: reported {[e['message'] for e in score['errors']]}, "
                         f"found {mine['breaks']}")
        if (mine["priority"] != score["priority"] or abs(mine["reach"] - score["reach"]) > 0.01
                or abs(mine["penalty"] - score["penalty"]) > 0.01):
            notes.append(f"{week}: thirds reports priority {score['priority']}, reach {score['reach']}, penalty {score['penalty']}; "
                         f"the dumped numbers give {mine['priority']}, {mine['reach']:.3f}, {mine['penalty']:.3f}")

        print(f"  {week}: CP-SAT {budget:.1f} s ...", end="", flush=True)
        cp = reference.solve_cpsat(problem, budget, args.workers)
        cp.pop("assignment", None)
        linear = reference.Linear(problem)
        priority_bound = reference.lp_priority_bound(problem, linear)
        bounds = {}
        for p in sorted({r["priority"] for r in (mine, cp) if "priority" in r}):
            bounds[p] = reference.lp_reach_bound(problem, p, linear)
        lp_seconds += priority_bound["seconds"] + sum(b["seconds"] for b in bounds.values())
        print(f" {cp['status'].lower()}, priority {cp.get('priority', '-')}; LP bounds done", flush=True)
        rows.append({"week": week, "posts": len(problem.posts), "thirds": mine, "cp_sat": cp,
                     "priority_bound": priority_bound, "bounds": {str(p): b for p, b in bounds.items()}})

    results = {"machine": info, "size": args.size, "seed": args.seed, "command": command, "runs": args.runs,
               "wall_seconds": walls, "peak_rss_kib": peaks, "cp_sat_seconds_per_week": budget,
               "cp_sat_split": args.cp_sat_split if args.size == "quarter" else None, "workers": args.workers,
               "lp_seconds": lp_seconds, "weeks": rows, "notes": notes}
    with open(os.path.join(out, "results.json"), "w") as handle:
        json.dump(results, handle, indent=1)
    print()
    print(table(results))
    return 0


def table(results):
    rows = results["weeks"]
    quarter = len(rows) > 1
    header = ["instance", "solver", "posts", "priority", "prio bound", "weighted reach", "penalty", "objective",
              "LP bound", "gap %", "time s"]
    lines = []
    cp_name = f"CP-SAT {results['cp_sat_seconds_per_week']:.4g}s/{results['workers']}w"

    def solver_row(instance, solver, r, bound, prio_bound, seconds):
        if not r or "priority" not in r:
            return [instance, solver, "-", "-", str(prio_bound), "-", "-", "-", "-", "-", seconds]
        gap = "-" if bound is None else f"{100 * (bound - r['objective']) / abs(bound):.2f}".replace("-0.00", "0.00")
        return [instance, solver, f"{r['scheduled']}/{r.get('posts', '')}".rstrip("/"), str(r["priority"]), str(prio_bound),
                f"{r['reach']:.1f}", f"{r['penalty']:.1f}", f"{r['objective']:.1f}",
                "-" if bound is None else f"{bound:.1f}", gap, seconds]

    best_wall = min(results["wall_seconds"])
    totals = {"thirds": [], "cp_sat": []}
    for row in rows:
        instance = row["week"] if quarter else f"{results['size']} {row['week']}"
        prio_bound = row["priority_bound"]["bound"]
        for key in ("thirds", "cp_sat"):
            r = dict(row[key], posts=row["posts"]) if "priority" in row[key] else row[key]
            bound = row["bounds"].get(str(r.get("priority")), {}).get("bound") if "priority" in r else None
            if key == "thirds":
                name = "thirds"
                seconds = f"{r['search_seconds']:.2f}*" if quarter and r.get("search_seconds") is not None else f"{best_wall:.2f}"
            else:
                name = f"{cp_name} ({r['status'].lower()})" if quarter else f"{cp_name} ({r['status'].lower()})"
                seconds = f"{r['seconds']:.1f}"
            lines.append(solver_row(instance, name, r, bound, prio_bound, seconds))
            totals[key].append((r, bound, prio_bound))
    if quarter:
        for key, name in (("thirds", "thirds"), ("cp_sat", cp_name)):
            parts = totals[key]
            if all("priority" in r and b is not None for r, b, _ in parts):
                t = {"scheduled": sum(r["scheduled"] for r, _, _ in parts), "posts": sum(row["posts"] for row in rows),
                     "priority": sum(r["priority"] for r, _, _ in parts), "reach": sum(r["reach"] for r, _, _ in parts),
                     "penalty": sum(r["penalty"] for r, _, _ in parts), "objective": sum(r["objective"] for r, _, _ in parts)}
                bound = sum(b for _, b, _ in parts)
            else:
                t, bound = None, None
            prio_bound = sum(p for _, _, p in parts) if all(p is not None for _, _, p in parts) else "-"
            seconds = f"{best_wall:.2f}" if key == "thirds" else f"{sum(r.get('seconds', 0) for r, _, _ in parts):.1f}"
            lines.append(solver_row("quarter total", name, t, bound, prio_bound, seconds))
    widths = [max(len(str(line[i])) for line in [header] + lines) for i in range(len(header))]
    text = []

    def fmt(line):
        return "| " + " | ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(line, widths))) + " |"

    text.append(fmt(header))
    text.append("|" + "|".join(("-" * (w + 2) if i < 2 else "-" * (w + 1) + ":") for i, w in enumerate(widths)) + "|")
    for index, line in enumerate(lines):
        text.append(fmt(line))
    peak = max(results["peak_rss_kib"])
    walls = ", ".join(f"{w:.2f}" for w in results["wall_seconds"])
    text.append("")
    text.append(f"thirds: wall clock of the whole `thirds schedule` process, best of {results['runs']}: {best_wall:.2f} s "
                f"(runs: {walls}); peak resident memory {peak / 1024:.1f} MiB ({peak} KiB, max over the runs)")
    if quarter:
        text.append("* per-week thirds times are the search's own seconds (--statistics) inside that one process; "
                    "the total is the process's wall clock")
    split = results.get("cp_sat_split")
    text.append(f"CP-SAT: {results['workers']} workers, {results['cp_sat_seconds_per_week']:.4g} s per week"
                + (f" ({'the instance budget shared evenly among the weeks' if split == 'even' else 'the full limit for every week'})"
                   if split else "")
                + "; time = CP-SAT's wall time, presolve included, model building excluded")
    text.append("prio bound: floor of the LP relaxation's largest priority sum (no schedule has more); "
                "LP bound: the LP relaxation's largest reach - penalty with the priority sum fixed at that row's; "
                f"gap = (LP bound - objective) / LP bound; HiGHS took {results['lp_seconds']:.1f} s for all LPs")
    thirds = results["machine"]["thirds"]
    text.append(f"machine: {results['machine']['nproc']} cores, {results['machine']['cpu']}; thirds binary built "
                f"{thirds['built']} UTC (sha256 {thirds['sha256']}…, work tree at {thirds['head']})")
    for note in results["notes"]:
        text.append(f"NOTE: {note}")
    return "\n".join(text)


if __name__ == "__main__":
    sys.exit(main())
