#!/usr/bin/env python3
"""Check the bulk-upload CSV files thirds writes, independently of thirds.

Usage: verify_csv.py DIR

Every *.csv in DIR is read with Python's csv module and held to the format its
name says (docs/bulk-upload-formats.md):

  hootsuite-<channel>[-N].csv  no header; date and time (MM/DD/YYYY HH:mm, on a
                               5-minute mark), message, link; at most 350 rows
  buffer-<channel>[-N].csv     header Text,Image URL,Scheduled At; UTC time
                               YYYY-MM-DDTHH:MM:SSZ; at most 90 rows
  sprout-<channel>[-N].csv     header date,time_24hr,message_text; MM/DD/YYYY
                               and HH:mm, 10 minutes apart; at most 350 rows
  schedule.csv                 header id,item,kind,channel,at,local,priority,
                               reach,text,link; `at` in UTC with Z, `local`
                               the same instant with its offset, reach with
                               three decimals

and every file must be valid UTF-8 without a BOM, with CRLF after every record
(a line break inside a quoted field is data). Prints one line per file, then
"N passed, M failed"; exits 1 if any file failed or there was none.
"""

import csv
import io
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

CHANNELS = ("x", "linkedin")
NAME = re.compile(r"^(hootsuite|buffer|sprout)-(" + "|".join(CHANNELS) + r")(?:-([1-9][0-9]*))?\.csv$")

FORMATS = {
    "hootsuite": {"header": None, "columns": 3, "limit": 350},
    "buffer": {"header": ["Text", "Image URL", "Scheduled At"], "columns": 3, "limit": 90},
    "sprout": {"header": ["date", "time_24hr", "message_text"], "columns": 3, "limit": 350},
    "schedule": {
        "header": ["id", "item", "kind", "channel", "at", "local", "priority", "reach", "text", "link"],
        "columns": 10,
        "limit": None,
    },
}

MDY_HM = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")
MDY = re.compile(r"^\d{2}/\d{2}/\d{4}$")
HM = re.compile(r"^\d{2}:\d{2}$")
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
REACH = re.compile(r"^\d+\.\d{3}$")
LINKEDIN_LIMIT = 3000  # UTF-16 code units, as LinkedIn counts


def record_breaks(text):
    """The line breaks between records (outside quotes): 'CRLF', 'CR' or 'LF'."""
    breaks = []
    quoted = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "\r\n":
            if c == "\r" and text[i + 1:i + 2] == "\n":
                breaks.append("CRLF")
                i += 1
            else:
                breaks.append("CR" if c == "\r" else "LF")
        i += 1
    return breaks


def parse_utc(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def check_rows(tool, channel, rows, problems):
    """Times, texts and limits of the data rows (header removed)."""
    times = []
    for number, row in enumerate(rows, start=1):
        where = f"row {number}"
        try:
            if tool == "hootsuite":
                when, text = row[0], row[1]
                if not MDY_HM.match(when):
                    raise ValueError(f"time '{when}' is not MM/DD/YYYY HH:mm")
                moment = datetime.strptime(when, "%m/%d/%Y %H:%M")
                if moment.minute % 5:
                    problems.append(f"{where}: time '{when}' is not on a 5-minute mark")
            elif tool == "sprout":
                day, clock, text = row
                if not MDY.match(day) or not HM.match(clock):
                    raise ValueError(f"date '{day}' / time '{clock}' are not MM/DD/YYYY and HH:mm")
                moment = datetime.strptime(f"{day} {clock}", "%m/%d/%Y %H:%M")
            elif tool == "buffer":
                text, _media, when = row
                if not UTC.match(when):
                    raise ValueError(f"time '{when}' is not YYYY-MM-DDTHH:MM:SSZ")
                moment = parse_utc(when)
            else:  # schedule
                text = row[8]
                at, local, reach = row[4], row[5], row[7]
                if not UTC.match(at):
                    raise ValueError(f"at '{at}' is not UTC ISO 8601 with Z")
                if not LOCAL.match(local):
                    raise ValueError(f"local '{local}' is not ISO 8601 with an offset")
                if datetime.fromisoformat(local) != parse_utc(at):
                    problems.append(f"{where}: local '{local}' is not the instant '{at}'")
                if not REACH.match(reach):
                    problems.append(f"{where}: reach '{reach}' does not have three decimals")
                moment = parse_utc(at)
                channel = row[3]
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        if not text:
            problems.append(f"{where}: empty message")
        if channel == "linkedin" and len(text.encode("utf-16-le")) // 2 > LINKEDIN_LIMIT:
            problems.append(f"{where}: text over LinkedIn's {LINKEDIN_LIMIT} characters")
        times.append(moment)
    if tool == "sprout":
        ordered = sorted(times)
        for earlier, later in zip(ordered, ordered[1:]):
            if later - earlier < timedelta(minutes=10):
                problems.append(f"messages at {earlier:%m/%d/%Y %H:%M} and {later:%m/%d/%Y %H:%M} are less than 10 minutes apart")


def check_file(path):
    """The problems with one file; empty when it passes."""
    name = path.name
    match = NAME.match(name)
    if match:
        tool, channel = match.group(1), match.group(2)
    elif name == "schedule.csv":
        tool, channel = "schedule", None
    else:
        return ["not a file name thirds writes (hootsuite-, buffer-, sprout-<channel>[-N].csv or schedule.csv)"]
    spec = FORMATS[tool]
    problems = []

    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a byte order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return problems + [f"not UTF-8: {error}"]
    if not text:
        return problems + ["empty file"]

    breaks = record_breaks(text)
    bad = [b for b in breaks if b != "CRLF"]
    if bad:
        problems.append(f"{len(bad)} record break(s) not CRLF ({', '.join(sorted(set(bad)))})")
    if not text.endswith("\r\n"):
        problems.append("the last record does not end in CRLF")

    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        return problems + [f"not valid CSV: {error}"]

    if spec["header"] is not None:
        if not rows or rows[0] != spec["header"]:
            problems.append(f"header {rows[0] if rows else None} is not {spec['header']}")
            return problems
        rows = rows[1:]
    if not rows:
        problems.append("no rows")
    for number, row in enumerate(rows, start=1):
        if len(row) != spec["columns"]:
            problems.append(f"row {number} has {len(row)} fields, not {spec['columns']}")
    if problems:
        return problems
    if spec["limit"] is not None and len(rows) > spec["limit"]:
        problems.append(f"{len(rows)} rows, over {tool}'s limit of {spec['limit']}")
    check_rows(tool, channel, rows, problems)
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    directory = Path(argv[1])
    files = sorted(directory.glob("*.csv"))
    if not files:
        print(f"no *.csv files in {directory}")
        print("0 passed, 0 failed")
        return 1
    passed = failed = 0
    for path in files:
        problems = check_file(path)
        if problems:
            failed += 1
            print(f"FAIL {path.name}")
            for problem in problems:
                print(f"  {problem}")
        else:
            passed += 1
            print(f"ok   {path.name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
