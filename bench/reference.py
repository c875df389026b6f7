#!/usr/bin/env python3
"""Reference solvers for a problem dumped by `thirds schedule --dump-problem`.

    python3 bench/reference.py PROBLEM.json [--seconds 60] [--workers 2]
                               [--schedule schedule.json] [--json]

(a) The exact model with OR-Tools CP-SAT: one integer objective
        BIG * priority + round(SCALE * priority_i * R_i) - round(SCALE * unit) * excess
    where BIG exceeds the largest possible |scaled reach - scaled penalty|,
    so priority comes first and reach - penalty second, as in thirds.
(b) The linear relaxation of the same constraints with HiGHS (highspy), with
    the priority sum fixed at a given value P, maximising reach - penalty in
    real numbers: no schedule whose priority sum is P can have more
    reach - penalty than this LP's optimum (bound). A second LP maximises the
    priority sum alone, and its floor bounds the priority sum of any schedule.

The model (the rules as the benchmark plans set them; see bench/README.md):
  x[i,c]  post i goes out at candidate slot c (the dump's candidates already
          hold each post's window and, for engagement, the owner's hours)
  sum_c x[i,c] <= 1, and = 1 for required posts
  z[s]  = sum_i x[i,s]                 posts starting in slot s
  min-gap G:  for every slot s, sum of z over the slots t with
              at(s) <= at(t) < at(s) + G is at most 1
  daily-limit: min <= sum of z over the slots of each local day <= max
  thirds: n_k = posts of kind k, N = sum n_k >= 1,
          |n_k - target_k * N| <= tolerance * N   (exact rationals, scaled to integers)
  spread (warning): e[h] >= sum of z over the slots of local hour h - max, e >= 0;
          penalty = penaltyUnit * sum_h e[h]  (as an error: the hour's sum <= max)
Rules other than these must be `off` (availability may be on: it is in the
candidates); the script refuses a problem where another rule is on.
"""

import argparse
import contextlib
import json
import math
import os
import sys
import time
from datetime import datetime
from fractions import Fraction

MODELLED = {"thirds", "daily-limit", "min-gap", "spread", "availability"}
KINDS = ("content", "engagement", "promotion")
SCALE = 1000  # reach and penalty in thousandths for CP-SAT's integers


class Problem:
    def __init__(self, data):
        self.data = data
        self.name = data.get("plan", "")
        self.unit = float(data["penaltyUnit"])
        self.slots = data["slots"]
        self.times = [datetime.fromisoformat(s["at"].replace("Z", "+00:00")).timestamp() for s in self.slots]
        self.posts = data["posts"]
        self.rules = data["rules"]
        for rule, setting in self.rules.items():
            if setting["severity"] != "off" and rule not in MODELLED:
                raise SystemExit(f"reference: rule '{rule}' is {setting['severity']}; the reference models handle only "
                                 f"{', '.join(sorted(MODELLED))} (set the others off)")
        self.candidates = [[(int(c[0]), float(c[1])) for c in post["candidates"]] for post in self.posts]
        self.slot_of = {s["at"]: index for index, s in enumerate(self.slots)}
        self.index_of = {post["id"]: index for index, post in enumerate(self.posts)}
        self.days = sorted({s["day"] for s in self.slots})

    def rule(self, rule_id):
        setting = self.rules.get(rule_id)
        if setting is None or setting["severity"] == "off":
            return None
        return setting

    def evaluate(self, assignment):
        """Score and rule breaks of {post index: slot index}, as Problem.evaluate in thirds."""
        priority, reach, breaks = 0, 0.0, []
        reach_of = [dict(c) for c in self.candidates]
        for index, post in enumerate(self.posts):
            if index not in assignment:
                if post["required"]:
                    breaks.append(f"required post {post['id']} not scheduled")
                continue
            slot = assignment[index]
            if slot not in reach_of[index]:
                breaks.append(f"post {post['id']} at slot {slot} ({self.slots[slot]['at']}) is not among its candidates")
                continue
            priority += post["priority"]
            reach += post["priority"] * reach_of[index][slot]
        slots = sorted(assignment.values(), key=lambda s: self.times[s])
        counts = {k: 0 for k in KINDS}
        for index in assignment:
            counts[self.posts[index]["kind"]] += 1
        total = sum(counts.values())
        thirds = self.rule("thirds")
        if thirds:
            p = thirds["parameters"]
            if total == 0 or any(abs(counts[k] / total - p[k]) > p["tolerance"] + 1e-9 for k in KINDS):
                breaks.append(f"thirds: {counts}")
        daily = self.rule("daily-limit")
        if daily:
            per_day = {d: 0 for d in self.days}
            for s in slots:
                per_day[self.slots[s]["day"]] += 1
            for d, n in per_day.items():
                if n > daily["parameters"]["max"] or n < daily["parameters"]["min"]:
                    breaks.append(f"daily-limit: {n} posts on day {d}")
        gap = self.rule("min-gap")
        if gap:
            for a, b in zip(slots, slots[1:]):
                if self.times[b] - self.times[a] < gap["parameters"]["gap"]:
                    breaks.append(f"min-gap: {self.slots[a]['at']} and {self.slots[b]['at']}")
        penalty = 0.0
        spread = self.rule("spread")
        if spread:
            per_hour = {}
            for s in slots:
                per_hour[self.slots[s]["hour"]] = per_hour.get(self.slots[s]["hour"], 0) + 1
            excess = sum(max(0, n - spread["parameters"]["max-same-hour"]) for n in per_hour.values())
            if spread["severity"] == "error" and excess:
                breaks.append(f"spread: {excess} posts over the limit")
            elif spread["severity"] == "warning":
                penalty = excess * self.unit
        return {"priority": priority, "reach": reach, "penalty": penalty, "objective": reach - penalty,
                "scheduled": len(assignment), "breaks": breaks}

    def assignment_from_schedule(self, schedule):
        """{post index: slot index} from a schedule.json written by thirds."""
        assignment = {}
        for post in schedule["posts"]:
            assignment[self.index_of[post["id"]]] = self.slot_of[post["at"]]
        return assignment


class Linear:
    """The model as columns and rows, shared by CP-SAT and HiGHS."""

    def __init__(self, problem):
        self.problem = problem
        self.lower, self.upper, self.kind = [], [], []   # kind: "x", "z", "e", "n"
        self.rows = []  # (indices, coefficients, lower, upper)
        P = len(problem.posts)
        self.x = []  # per post: [(column, slot, reach)]
        for post, candidates in zip(problem.posts, problem.candidates):
            self.x.append([(self.column(0, 1, "x"), slot, reach) for slot, reach in candidates])
        # Posts per slot, for the slots some post may use.
        by_slot = {}
        for i, columns in enumerate(self.x):
            for column, slot, _ in columns:
                by_slot.setdefault(slot, []).append(column)
        gap = problem.rule("min-gap")
        self.infeasible = []
        self.z = {}
        for slot in sorted(by_slot):
            self.z[slot] = self.column(0, 1 if gap else P, "z")
            self.rows.append(([self.z[slot]] + by_slot[slot], [1] + [-1] * len(by_slot[slot]), 0, 0))
        for i, (post, columns) in enumerate(zip(problem.posts, self.x)):
            if columns:
                self.rows.append(([c for c, _, _ in columns], [1] * len(columns), 1 if post["required"] else 0, 1))
            elif post["required"]:
                self.infeasible.append(f"required post {post['id']} has no candidate slot")
        used = sorted(self.z, key=lambda s: problem.times[s])
        if gap:
            seconds = gap["parameters"]["gap"]
            last_end = -1
            for start in range(len(used)):
                end = start
                while end + 1 < len(used) and problem.times[used[end + 1]] - problem.times[used[start]] < seconds:
                    end += 1
                if end > start and end > last_end:  # windows inside an earlier one add nothing
                    self.rows.append(([self.z[s] for s in used[start:end + 1]], [1] * (end - start + 1), 0, 1))
                    last_end = end
        daily = problem.rule("daily-limit")
        if daily:
            for day in problem.days:
                members = [self.z[s] for s in used if problem.slots[s]["day"] == day]
                low, high = daily["parameters"]["min"], daily["parameters"]["max"]
                if not members and low > 0:
                    self.infeasible.append(f"day {day} has no candidate slot but needs {low} posts")
                self.rows.append((members, [1] * len(members), low, high))
        self.e = {}
        spread = problem.rule("spread")
        if spread:
            limit = spread["parameters"]["max-same-hour"]
            hours = sorted({problem.slots[s]["hour"] for s in used})
            for hour in hours:
                members = [self.z[s] for s in used if problem.slots[s]["hour"] == hour]
                if spread["severity"] == "warning":
                    self.e[hour] = self.column(0, P, "e")
                    self.rows.append((members + [self.e[hour]], [1] * len(members) + [-1], -math.inf, limit))
                else:
                    self.rows.append((members, [1] * len(members), -math.inf, limit))
        self.n = {}
        for k in KINDS:
            posts = [i for i, post in enumerate(problem.posts) if post["kind"] == k]
            self.n[k] = self.column(0, len(posts), "n")
            members = [c for i in posts for c, _, _ in self.x[i]]
            self.rows.append(([self.n[k]] + members, [1] + [-1] * len(members), 0, 0))
        every = [self.n[k] for k in KINDS]
        self.rows.append((every, [1, 1, 1], 1, math.inf))
        thirds = problem.rule("thirds")
        if thirds:
            p = thirds["parameters"]
            share = {k: Fraction(p[k]).limit_denominator(10_000) for k in KINDS}
            tolerance = Fraction(p["tolerance"]).limit_denominator(10_000)
            scale = math.lcm(*(f.denominator for f in list(share.values()) + [tolerance]))
            for k in KINDS:
                # n_k - (target + tolerance) N <= 0  and  (target - tolerance) N - n_k <= 0, times `scale`.
                above = [int(scale * ((1 if j == k else 0) - share[k] - tolerance)) for j in KINDS]
                below = [int(scale * (share[k] - tolerance - (1 if j == k else 0))) for j in KINDS]
                self.rows.append((every, above, -math.inf, 0))
                self.rows.append((every, below, -math.inf, 0))

    def column(self, low, high, kind):
        self.lower.append(low)
        self.upper.append(high)
        self.kind.append(kind)
        return len(self.lower) - 1

    def priority_terms(self):
        return [(c, post["priority"]) for post, columns in zip(self.problem.posts, self.x) for c, _, _ in columns]

    def reach_terms(self):
        return [(c, post["priority"] * reach) for post, columns in zip(self.problem.posts, self.x) for c, _, reach in columns]

    def assignment(self, value):
        out = {}
        for i, columns in enumerate(self.x):
            for c, slot, _ in columns:
                if value(c) > 0.5:
                    out[i] = slot
        return out


def solve_cpsat(problem, seconds, workers=2, log=False, linearization=2):
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    linear = Linear(problem)
    if linear.infeasible:
        return {"status": "INFEASIBLE", "why": linear.infeasible}
    model = cp_model.CpModel()
    variables = []
    for low, high, kind in zip(linear.lower, linear.upper, linear.kind):
        if kind == "x" or (low, high) == (0, 1):
            variables.append(model.new_bool_var(""))
        else:
            variables.append(model.new_int_var(low, high, ""))
    for indices, coefficients, low, high in linear.rows:
        expression = cp_model.LinearExpr.weighted_sum([variables[i] for i in indices], coefficients)
        if low == high:
            model.add(expression == low)
        else:
            if low > -math.inf:
                model.add(expression >= low)
            if high < math.inf:
                model.add(expression <= high)
    unit = round(SCALE * problem.unit)
    reach = {c: round(SCALE * value) for c, value in linear.reach_terms()}
    # |scaled reach - scaled penalty| of any schedule stays below BIG.
    best_reach = sum(max((round(SCALE * post["priority"] * r) for _, r in candidates), default=0)
                     for post, candidates in zip(problem.posts, problem.candidates))
    big = best_reach + unit * len(problem.posts) + 1
    terms, coefficients = [], []
    for c, weight in linear.priority_terms():
        terms.append(variables[c])
        coefficients.append(big * weight + reach[c])
    for hour, column in linear.e.items():
        terms.append(variables[column])
        coefficients.append(-unit)
    model.maximize(cp_model.LinearExpr.weighted_sum(terms, coefficients))
    built = time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    # The full linear relaxation in CP-SAT's LP workers: on these models it
    # finds far better schedules in the same time than the default level 1.
    solver.parameters.linearization_level = linearization
    solver.parameters.log_search_progress = log
    status = solver.solve(model)
    result = {"status": solver.status_name(status), "seconds": solver.wall_time, "build_seconds": built,
              "time_limit": seconds, "workers": workers, "variables": len(variables), "constraints": len(linear.rows)}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assignment = linear.assignment(lambda c: solver.boolean_value(variables[c]))
        result.update(problem.evaluate(assignment))
        result["assignment"] = {problem.posts[i]["id"]: problem.slots[s]["at"] for i, s in assignment.items()}
        # The objective bound caps the priority sum: BIG * p + (scaled reach - penalty) <= bound.
        result["priority_bound"] = math.floor((solver.best_objective_bound + unit * len(problem.posts)) / big)
    return result


@contextlib.contextmanager
def _quiet_stdout():
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs_lp(linear, costs, extra_rows=()):
    import highspy
    import numpy as np

    rows = list(linear.rows) + list(extra_rows)
    with _quiet_stdout():  # HiGHS prints a banner on construction
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_ = len(linear.lower)
    lp.num_row_ = len(rows)
    cost = np.zeros(lp.num_col_)
    for c, value in costs:
        cost[c] += value
    lp.col_cost_ = cost
    lp.col_lower_ = np.array(linear.lower, dtype=float)
    lp.col_upper_ = np.array(linear.upper, dtype=float)
    inf = highspy.kHighsInf
    lp.row_lower_ = np.array([-inf if r[2] == -math.inf else r[2] for r in rows], dtype=float)
    lp.row_upper_ = np.array([inf if r[3] == math.inf else r[3] for r in rows], dtype=float)
    starts, indices, values = [0], [], []
    for r in rows:
        indices.extend(r[0])
        values.extend(float(v) for v in r[1])
        starts.append(len(indices))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    lp.sense_ = highspy.ObjSense.kMaximize
    h.passModel(lp)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    value = h.getInfo().objective_function_value if status == "Optimal" else None
    return status, value


def lp_priority_bound(problem, linear=None):
    """max sum of priority weights over the LP relaxation, rounded down: no schedule has more."""
    started = time.perf_counter()
    linear = linear or Linear(problem)
    if linear.infeasible:
        return {"status": "Infeasible", "bound": None, "seconds": time.perf_counter() - started}
    status, value = _highs_lp(linear, linear.priority_terms())
    bound = math.floor(value + 1e-6) if value is not None else None
    return {"status": status, "bound": bound, "relaxation": value, "seconds": time.perf_counter() - started}


def lp_reach_bound(problem, priority, linear=None):
    """max reach - penalty over the LP relaxation with the priority sum fixed at `priority`."""
    started = time.perf_counter()
    linear = linear or Linear(problem)
    if linear.infeasible:
        return {"status": "Infeasible", "bound": None, "seconds": time.perf_counter() - started}
    terms = linear.priority_terms()
    fix = ([c for c, _ in terms], [w for _, w in terms], priority, priority)
    costs = linear.reach_terms() + [(column, -problem.unit) for column in linear.e.values()]
    status, value = _highs_lp(linear, costs, [fix])
    return {"status": status, "priority": priority, "bound": value, "seconds": time.perf_counter() - started}


def main(argv=None):
    parser = argparse.ArgumentParser(description="CP-SAT and LP-bound reference for a dumped thirds problem.")
    parser.add_argument("problem", help="JSON written by thirds schedule --dump-problem")
    parser.add_argument("--seconds", type=float, default=60, help="CP-SAT time limit (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--schedule", help="a schedule.json by thirds to score, check and bound as well")
    parser.add_argument("--linearization", type=int, default=2, help="CP-SAT linearization_level (default 2)")
    parser.add_argument("--log", action="store_true", help="print CP-SAT's search log")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    with open(args.problem) as handle:
        problem = Problem(json.load(handle))
    results = {"problem": args.problem}
    if args.schedule:
        with open(args.schedule) as handle:
            results["thirds"] = problem.evaluate(problem.assignment_from_schedule(json.load(handle)))
    results["cp_sat"] = solve_cpsat(problem, args.seconds, args.workers, args.log, args.linearization)
    linear = Linear(problem)
    results["lp_priority"] = lp_priority_bound(problem, linear)
    priorities = sorted({r["priority"] for r in (results.get("thirds"), results["cp_sat"]) if r and "priority" in r})
    results["lp"] = {str(p): lp_reach_bound(problem, p, linear) for p in priorities}
    if args.json:
        results["cp_sat"].pop("assignment", None)
        print(json.dumps(results, indent=1))
        return 0
    for name in ("thirds", "cp_sat"):
        r = results.get(name)
        if not r:
            continue
        if "priority" not in r:
            print(f"{name}: {r.get('status')} {r.get('why', '')}")
            continue
        bound = results["lp"][str(r["priority"])]["bound"]
        gap = "" if bound is None else f", bound {bound:.1f}, gap {100 * (bound - r['objective']) / abs(bound):.3f}%"
        extra = f" [{r['status']}, {r['seconds']:.1f} s, priority <= {r['priority_bound']}]" if name == "cp_sat" else ""
        print(f"{name}: priority {r['priority']}, reach {r['reach']:.1f}, penalty {r['penalty']:.1f}, "
              f"objective {r['objective']:.1f}{gap}{extra}" + (f"; BREAKS {r['breaks']}" if r["breaks"] else ""))
    print(f"LP priority bound: {results['lp_priority']['bound']} ({results['lp_priority']['seconds']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
