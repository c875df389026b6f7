#!/usr/bin/env python3
"""Runs docs/walkthrough.md as a user would, and checks it says what happens.

Every ```console block of the walk-through is a shell session: a line
starting `$ ` is a command (a trailing backslash continues it; a here-document
`<<'EOF'` takes the lines up to `EOF`), and the lines after it, up to the next
command, are what it prints (stdout and stderr together). A line `...` stands
for any number of lines. The commands run in order, in one scratch folder that
starts as a copy of examples/walkthrough, with the `thirds` under test first
on PATH, in a time zone far from the plans' own (the output must not depend
on it), and must exit 0.

    THIRDS=.build/debug/thirds python3 .ci/walkthrough.py [docs/walkthrough.md]
    python3 .ci/walkthrough.py --record   # write what the commands print into the page

Exit status 0 when every command printed what the page shows; 1 otherwise,
with a diff of the first command that did not. `--record` is for a change
that means to alter the output: it rewrites each command's shown output
(except where the page shows `...`) and the diff is to be read before it is
committed.
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sessions(markdown):
    """(line number, command, expected output lines, index of the first output
    line in the page) for each command of the page."""
    lines = markdown.split("\n")
    result = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        index += 1
        current = None
        while index < len(lines) and lines[index].strip() != "```":
            line = lines[index]
            if line.startswith("$ "):
                start = index + 1
                command = line[2:]
                while command.endswith("\\") and index + 1 < len(lines):
                    index += 1
                    command = command[:-1] + "\n" + lines[index]
                if "<<'EOF'" in command:
                    while index + 1 < len(lines):
                        index += 1
                        command += "\n" + lines[index]
                        if lines[index] == "EOF":
                            break
                current = (start, command, [], index + 1)
                result.append(current)
            elif current is not None:
                current[2].append(line)
            else:
                raise SystemExit(f"walkthrough.md:{index + 1}: output before any '$ ' command")
            index += 1
        index += 1
    return result


def matches(expected, actual):
    """Whether `actual` lines fit `expected`, where a `...` line takes any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def main():
    arguments = [argument for argument in sys.argv[1:] if argument != "--record"]
    record = "--record" in sys.argv[1:]
    page = arguments[0] if arguments else os.path.join(ROOT, "docs", "walkthrough.md")
    thirds = os.path.abspath(os.environ.get("THIRDS", os.path.join(ROOT, ".build", "debug", "thirds")))
    if not os.access(thirds, os.X_OK):
        raise SystemExit(f"no thirds binary at {thirds}: build it first (swift build)")
    with open(page, encoding="utf-8") as handle:
        text = handle.read()
    steps = sessions(text)
    recorded = {}
    if not steps:
        raise SystemExit(f"{page}: no ```console blocks")
    work = tempfile.mkdtemp(prefix="thirds-walkthrough-")
    try:
        folder = os.path.join(work, "greencontact")
        shutil.copytree(os.path.join(ROOT, "examples", "walkthrough"), folder)
        env = dict(os.environ)
        env.update({
            "PATH": os.path.dirname(thirds) + os.pathsep + env.get("PATH", ""),
            "TZ": "Pacific/Auckland",
            "SOURCE_DATE_EPOCH": "1790000000",
            "HOME": work,
            "LC_ALL": "C.UTF-8",
            "NO_COLOR": "1",
        })
        for line, command, expected, first in steps:
            run = subprocess.run(["bash", "-c", "set -o pipefail\n" + command], cwd=folder, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
            actual = run.stdout.decode("utf-8", "replace").rstrip("\n").split("\n")
            if actual == [""]:
                actual = []
            shown = len(expected)
            while expected and expected[-1] == "":
                expected = expected[:-1]
            if record and run.returncode == 0 and "..." not in expected:
                recorded[first] = (shown, actual + [""] * (shown - len(expected)))
                expected = actual
            if run.returncode != 0 or not matches(expected, actual):
                print(f"{page}:{line}: $ {command}")
                if run.returncode != 0:
                    print(f"exit status {run.returncode}")
                for diff in difflib.unified_diff(expected, actual, "the page shows", "the command printed", lineterm=""):
                    print(diff)
                return 1
            print(f"ok {line}: $ {command.splitlines()[0]}")
        if record:
            lines = text.split("\n")
            for first in sorted(recorded, reverse=True):
                shown, actual = recorded[first]
                lines[first:first + shown] = actual
            with open(page, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines))
            print(f"recorded what {len(steps)} commands print into {os.path.relpath(page, ROOT)}: read the diff")
            return 0
        print(f"walk-through passed: {len(steps)} commands in {os.path.relpath(page, ROOT)} print what the page shows")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
