#!/usr/bin/env python3
"""Writes libFuzzer's seed corpus from the repository's own files, so no copy is kept.

Each plan, rules file and schedule of examples/, plans/, rules/ and the test
fixtures becomes one input; a file that names rules files gets them appended
as `#@file PATH` sections (the fuzz target's in-memory files, see
Sources/ThirdsFuzz/ThirdsFuzz.swift), with PATH as the file refers to it. The
folder plans/ also becomes one input of several files, checked as a sequence
of weeks. The few hand-made seeds of Tests/Fuzz/seeds/ are copied as they are.

  python3 Tests/Fuzz/seeds.py OUT_DIR
"""
import glob
import os
import posixpath
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SOURCES = ["examples/*.yaml", "plans/*.yaml", "rules/*.yaml", "Tests/ThirdsKitTests/Fixtures/schema-good/*.yaml",
           "Tests/ThirdsKitTests/Fixtures/schema-bad/*.yaml", "Tests/ThirdsKitTests/Fixtures/golden/*.yaml",
           "Tests/ThirdsKitTests/Fixtures/golden/schedules/*.yaml"]


def referenced(path, seen):
    """Rules files a file names by `rules:` or `extends:`, as (name as written from the first file, contents)."""
    with open(path, "rb") as handle:
        data = handle.read()
    found = []
    for match in re.finditer(rb"(?m)^\s*(?:rules|extends):\s*([^\s{#]+\.ya?ml)\s*$", data):
        target = os.path.normpath(os.path.join(os.path.dirname(path), match.group(1).decode()))
        if os.path.isfile(target) and target not in seen:
            seen.add(target)
            found.append(target)
            found += referenced(target, seen)
    return found


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    count = 0

    def write(name, data):
        nonlocal count
        with open(os.path.join(out, name), "wb") as handle:
            handle.write(data)
        count += 1

    for pattern in SOURCES:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            with open(path, "rb") as handle:
                data = handle.read()
            for rules in referenced(path, {path}):
                name = posixpath.relpath(rules, os.path.dirname(path)).encode()
                with open(rules, "rb") as handle:
                    data += b"\n#@file " + name + b"\n" + handle.read()
            write(os.path.relpath(path, ROOT).replace("/", "_"), data)
    # A folder of weeks: the fuzz target checks several files as a directory.
    folder = b""
    for index, path in enumerate(sorted(glob.glob(os.path.join(ROOT, "plans/*.yaml")))):
        with open(path, "rb") as handle:
            folder += (b"" if index == 0 else b"\n#@file " + os.path.basename(path).encode() + b"\n") + handle.read()
    with open(os.path.join(ROOT, "rules/default.yaml"), "rb") as handle:
        folder += b"\n#@file ../rules/default.yaml\n" + handle.read()
    write("plans-folder", folder)
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests/Fuzz/seeds/*"))):
        with open(path, "rb") as handle:
            write("seed_" + os.path.basename(path), handle.read())
    print(f"{count} seeds in {out}")


if __name__ == "__main__":
    main()
