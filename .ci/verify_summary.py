#!/usr/bin/env python3
"""The Markdown summary, proved from outside thirds.

1. action.yml is valid YAML; its check step and its summary step are run here
   as GitHub runs them (bash -eo pipefail, the inputs in the environment), with
   fake GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files: a clean plan appends the
   summary; plans with errors fail the check and leave no summary; a summary
   that cannot be made is a one-line warning and never fails the step.
2. The summary is rendered by GitHub's own Markdown library (cmark-gfm, through
   cmarkgfm) with raw HTML allowed: one table row per post of the schedule file
   thirds wrote, and a hostile plan's text shows as text (no tag, no cell split).

Usage: THIRDS=.build/debug/thirds python3 .ci/verify_summary.py (from the repository root).
"""
import html
import os
import re
import subprocess
import sys
import tempfile

import cmarkgfm
import yaml
from cmarkgfm.cmark import Options

THIRDS = os.path.abspath(os.environ.get("THIRDS", ".build/debug/thirds"))
failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def step(action, name):
    for entry in action["runs"]["steps"]:
        if entry.get("id") == name or entry.get("name") == name:
            return entry
    sys.exit(f"action.yml has no step {name!r}")


def run_step(entry, env, work):
    """Runs a step's script as GitHub's `shell: bash` does."""
    assert entry["shell"] == "bash"
    script = os.path.join(work, "step.sh")
    with open(script, "w") as f:
        f.write(entry["run"])
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    link = os.path.join(bin_dir, "thirds")
    if not os.path.exists(link):
        os.symlink(THIRDS, link)
    full = {"PATH": bin_dir + os.pathsep + os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "NO_COLOR": "1"}
    full.update(env)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], env=full, capture_output=True, text=True)


def render(markdown):
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def tables(page):
    """Each table of the page as its rows of cell texts (tags dropped, entities read)."""
    found = []
    for table in re.findall(r"<table>(.*?)</table>", page, re.S):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            rows.append([html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
        found.append(rows)
    return found


def main():
    with open("action.yml") as f:
        action = yaml.safe_load(f)
    summary_input = action["inputs"].get("summary", {})
    expect(summary_input.get("default") == "true", "action.yml: input 'summary' defaults to \"true\"")
    check, summary = step(action, "check"), step(action, "summary")
    expect("steps.check.outputs.plans == 'clean'" in summary.get("if", ""), "the summary step runs only after a clean check")
    expect("inputs.summary == 'true'" in summary.get("if", ""), "the summary step can be turned off")

    with tempfile.TemporaryDirectory() as work:
        def files():
            output, step_summary = os.path.join(work, "output"), os.path.join(work, "summary.md")
            for path in (output, step_summary):
                with open(path, "w") as f:
                    f.write("")
            with open(step_summary, "w") as f:
                f.write("earlier step\n")
            return output, step_summary

        def inputs(paths, output, step_summary, **extra):
            env = {"THIRDS_PATHS": paths, "THIRDS_STRICT": "false", "THIRDS_SCHEDULE_CHECK": "false", "THIRDS_SARIF": "false",
                   "RUNNER_TEMP_DIR": work, "GITHUB_OUTPUT": output, "GITHUB_STEP_SUMMARY": step_summary}
            env.update(extra)
            return env

        # A clean plan: the check passes, says so, and the summary is appended.
        output, step_summary = files()
        env = inputs("examples/greencontact-week.yaml", output, step_summary)
        checked = run_step(check, env, work)
        expect(checked.returncode == 0, f"check step on a clean plan: exit {checked.returncode}: {checked.stdout}{checked.stderr}")
        expect("plans=clean" in open(output).read().split("\n"), "check step: GITHUB_OUTPUT has plans=clean")
        summarised = run_step(summary, env, work)
        expect(summarised.returncode == 0, f"summary step: exit {summarised.returncode}: {summarised.stdout}{summarised.stderr}")
        text = open(step_summary).read()
        expect(text.startswith("earlier step\n### greencontact-week\n"), "summary step appends to the step summary:\n" + text[:200])
        expect(not os.listdir(work) or not any(name.startswith("thirds-summary.") for name in os.listdir(work)), "summary step removes its scratch folder")

        # The rows against the schedule file thirds writes.
        out = os.path.join(work, "out")
        subprocess.run([THIRDS, "schedule", "examples/greencontact-week.yaml", "--out", out], check=True, capture_output=True)
        with open(os.path.join(out, "greencontact-week", "schedule.yaml")) as f:
            schedule = yaml.safe_load(f)
        page = render(text)
        expect("<script" not in page, "no script in the rendered summary")
        week = tables(page)[0]
        expect(week[0] == ["day", "time", "channel", "kind", "post", "text", "people reached"], f"the week's header: {week[0]}")
        ids = [row[4].replace("\u2060", "") for row in week[1:]]
        expect(ids == [post["id"] for post in schedule["posts"]], f"one row per post, in order: {ids}")
        expect(all(len(row) == 7 for row in week), "seven cells in every row")

        # A directory: a trend of one row per week, then a section per week.
        output, step_summary = files()
        run_step(summary, inputs("plans", output, step_summary), work)
        page = render(open(step_summary).read())
        trend = tables(page)[0]
        weeks = sorted(name[:-5] for name in os.listdir("plans") if name.endswith(".yaml"))
        expect([row[0] for row in trend[1:]] == weeks, f"the trend lists each week: {[row[0] for row in trend[1:]]}")
        expect(re.findall(r"<h3>(.*?)</h3>", page)[1:] == weeks, "a section per week")

        # Plans with errors: the check fails (not hidden), and no summary is made.
        output, step_summary = files()
        env = inputs("Tests/ThirdsKitTests/Fixtures/golden/2026-W49.yaml", output, step_summary)
        checked = run_step(check, env, work)
        expect(checked.returncode == 1, f"check step on a plan with errors exits 1, got {checked.returncode}")
        expect("::error" in checked.stdout, "check step prints the errors as annotations")
        expect("plans=clean" not in open(output).read(), "check step does not call plans with errors clean")

        # A summary that cannot be made: a warning on one line, the step still passes.
        output, step_summary = files()
        summarised = run_step(summary, inputs("no/such/plan.yaml", output, step_summary), work)
        expect(summarised.returncode == 0, f"a failed summary does not fail the step: exit {summarised.returncode}")
        warnings = [line for line in summarised.stdout.split("\n") if line.startswith("::warning")]
        expect(len(warnings) == 1 and "no such file" in warnings[0], f"one warning line saying why: {summarised.stdout!r}")
        expect(open(step_summary).read() == "earlier step\n", "a failed summary leaves the step summary alone")

        # Hostile text in a plan renders as text.
        hostile = os.path.join(work, "hostile")
        os.makedirs(hostile)
        with open(os.path.join(hostile, "w49.yaml"), "w") as f:
            f.write("""week: 2026-W49
account: {name: "acme | <img src=x onerror=alert(1)>", timezone: Europe/London}
rules:
  rules:
    daily-limit: {severity: off}
audiences:
  uk: {timezone: Europe/London, size: 100}
items:
  - {id: c1, kind: content, text: "| <script>x</script> `x` **b**\\n# @octocat #12", at: 2026-11-30T08:00}
  - {id: e1, kind: engagement, text: "[l](javascript:x) <!-- c --> & ~s~ $1$", at: 2026-12-01T07:00}
  - {id: p1, kind: promotion, text: "Our webinar on Thursday", at: 2026-12-02T08:00}
""")
        made = subprocess.run([THIRDS, "schedule", "w49.yaml", "--out", "out", "--summary", "markdown"], cwd=hostile, capture_output=True, text=True)
        expect(made.returncode == 0, f"hostile plan: {made.stderr}")
        page = render(made.stdout)
        for tag in ("<script", "<img", "<strong>b", 'href="javascript', "<h1", "<!--", "<del>", "<code>"):
            expect(tag not in page, f"hostile plan: {tag} is not in the page")
        week = tables(page)[0]
        expect(all(len(row) == 7 for row in week), f"hostile plan: seven cells in every row: {week}")
        expect(week[1][5].replace("\u2060", "") == "| <script>x</script> `x` **b** # @octocat #12",
               f"hostile plan: the text shows as written: {week[1][5]!r}")
        expect(week[2][5] == "[l](javascript:x) <!-- c --> & ~s~ $1$", f"hostile plan: the text shows as written: {week[2][5]!r}")
        expect("@\u2060octocat" in week[1][5] and "#\u206012" in week[1][5], "hostile plan: no mention, no issue link")
        expect("acme | <img src=x onerror=alert(1)>" in html.unescape(re.sub(r"<[^>]+>", "", page)), "hostile plan: the account's name as text")

    if failures:
        sys.exit(f"{len(failures)} failed")
    print("summary: action steps and GitHub-flavoured rendering as expected")


if __name__ == "__main__":
    main()
