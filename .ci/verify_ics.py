#!/usr/bin/env python3
"""Strict check of an iCalendar file written by `thirds` (RFC 5545).

    verify_ics.py FILE.ics EXPECTED_COUNT    check the file; exit 1 on any failure
    verify_ics.py --events FILE.ics          print "START END UID" per event (UTC)
    verify_ics.py --edit-one FILE.ics OUT    write a copy whose first event has a new
                                             SUMMARY and DESCRIPTION and SEQUENCE + 1

The check parses the file with the `icalendar` package (pip install icalendar)
and reads its octets itself: CRLF line endings only, no line over 75 octets,
every line valid UTF-8, no byte-order mark.
"""
import datetime as dt
import re
import sys

try:
    import icalendar
except ImportError:  # pragma: no cover - reported, not hidden
    print("verify_ics.py: the Python package 'icalendar' is missing: pip install icalendar", file=sys.stderr)
    sys.exit(2)


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))
        return ok


def byte_checks(data, checks):
    checks.check(not data.startswith(b"\xef\xbb\xbf"), "no byte-order mark")
    checks.check(data.endswith(b"\r\n"), "the file ends with CRLF")
    bare = len(re.findall(rb"\r(?!\n)|(?<!\r)\n", data))
    checks.check(bare == 0, "every line ends in CRLF (no bare CR or LF)", f"{bare} bare line ends")
    # Lines split at any line end, so that a file with bare ends is still measured line by line.
    lines = re.split(rb"\r\n|\r|\n", data)
    if lines and lines[-1] == b"":
        lines = lines[:-1]
    long = [(n, len(line)) for n, line in enumerate(lines, 1) if len(line) > 75]
    checks.check(not long, f"no line over 75 octets (longest {max((len(l) for l in lines), default=0)})",
                 f"(line, octets) {long[:5]}")
    invalid = []
    for n, line in enumerate(lines, 1):
        try:
            line.decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            invalid.append(n)
    checks.check(not invalid, "every line is valid UTF-8 on its own (no fold splits a character)", f"lines {invalid[:5]}")
    empty = [n for n, line in enumerate(lines, 1) if line in (b"", b" ", b"\t")]
    checks.check(not empty and bool(lines) and lines[0][:1] not in (b" ", b"\t"),
                 "no empty line, no continuation without text, and the file does not start with one", f"lines {empty[:5]}")
    controls = [n for n, line in enumerate(lines, 1) if any(b < 0x20 and b != 0x09 or b == 0x7F for b in line)]
    checks.check(not controls, "no control characters inside lines", f"lines {controls[:5]}")


def params_tzids(component):
    """Every TZID parameter used by the component's properties (not its children's)."""
    found = set()
    for name, value in component.property_items(recursive=False, sorted=False):
        params = getattr(value, "params", None)
        if params and "TZID" in params:
            found.add(str(params["TZID"]))
    return found


def parse_checks(data, expected, checks):
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as error:  # noqa: BLE001 - any parse error fails the check
        checks.check(False, "parses with icalendar", repr(error))
        return
    checks.check(len(calendars) == 1, "parses with icalendar into exactly one VCALENDAR", f"{len(calendars)} calendars")
    if not calendars:
        return
    calendar = calendars[0]
    components = list(calendar.walk())
    errors = [(c.name, e) for c in components for e in getattr(c, "errors", [])]
    checks.check(not errors, "no component reports a parse error", str(errors[:3]))
    undecodable = []
    for component in components:
        for name in component.keys():
            try:
                component.decoded(name)
            except Exception as error:  # noqa: BLE001
                # icalendar before 5 cannot decode() a category list; its parsed categories still show it was read.
                values = component[name] if isinstance(component[name], list) else [component[name]]
                if not all(isinstance(getattr(v, "cats", None), list) for v in values):
                    undecodable.append((component.name, name, repr(error)))
    checks.check(not undecodable, "every property value decodes", str(undecodable[:3]))
    checks.check(str(calendar.get("VERSION", "")) == "2.0", "VERSION:2.0")
    checks.check(bool(str(calendar.get("PRODID", ""))), "PRODID present")

    events = calendar.walk("VEVENT")
    checks.check(len(events) == expected, f"{expected} VEVENTs expected", f"found {len(events)}")
    missing_uid = [n for n, e in enumerate(events, 1) if not str(e.get("UID", ""))]
    missing_stamp = [n for n, e in enumerate(events, 1) if "DTSTAMP" not in e]
    missing_start = [n for n, e in enumerate(events, 1) if "DTSTART" not in e]
    checks.check(not missing_uid, "every VEVENT has a UID", f"events {missing_uid[:5]}")
    checks.check(not missing_stamp, "every VEVENT has a DTSTAMP", f"events {missing_stamp[:5]}")
    checks.check(not missing_start, "every VEVENT has a DTSTART", f"events {missing_start[:5]}")
    stamps_not_utc = [str(e.get("UID")) for e in events if "DTSTAMP" in e and not str(e["DTSTAMP"].to_ical().decode()).endswith("Z")]
    checks.check(not stamps_not_utc, "every DTSTAMP is in UTC", str(stamps_not_utc[:3]))
    uids = [str(e.get("UID", "")) for e in events]
    duplicates = sorted({u for u in uids if uids.count(u) > 1})
    checks.check(not duplicates, "UIDs are unique", str(duplicates[:5]))
    ends = []
    for event in events:
        if "DTSTART" in event and "DTEND" in event:
            if event.decoded("DTEND") <= event.decoded("DTSTART"):
                ends.append(str(event.get("UID")))
    checks.check(not ends, "every DTEND is after its DTSTART", str(ends[:3]))

    defined = {str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")}
    used = set()
    for component in components:
        used |= params_tzids(component)
    undefined = sorted(used - defined)
    checks.check(not undefined, f"no TZID without its VTIMEZONE ({len(used)} TZIDs used)", str(undefined))

    bad_alarms = []
    for alarm in calendar.walk("VALARM"):
        action = str(alarm.get("ACTION", ""))
        if "TRIGGER" not in alarm or not action or (action == "DISPLAY" and "DESCRIPTION" not in alarm):
            bad_alarms.append(action or "?")
    checks.check(not bad_alarms, f"every VALARM has ACTION, TRIGGER and (DISPLAY) DESCRIPTION ({len(calendar.walk('VALARM'))} alarms)",
                 str(bad_alarms[:3]))


def utc_text(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d") + " 00:00"


def list_events(path):
    calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else start
        print(f"{utc_text(start)} {utc_text(end)} {event.get('UID')}")


def edit_one(path, out):
    """The next export after a post's text changed: same UID, new text, higher SEQUENCE."""
    calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
    event = calendar.walk("VEVENT")[0]
    summary = "EDITED " + str(event.get("SUMMARY", ""))
    event["SUMMARY"] = icalendar.vText(summary)
    event["DESCRIPTION"] = icalendar.vText("The text changed after the first export.\n\n" + str(event.get("DESCRIPTION", "")))
    event["SEQUENCE"] = int(event.get("SEQUENCE", 0)) + 1
    with open(out, "wb") as handle:
        handle.write(calendar.to_ical())
    print(f"{event.get('UID')}\t{summary}")


def main(argv):
    if len(argv) == 3 and argv[1] == "--events":
        list_events(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "--edit-one":
        edit_one(argv[2], argv[3])
        return 0
    if len(argv) != 3 or not argv[2].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    path, expected = argv[1], int(argv[2])
    try:
        data = open(path, "rb").read()
    except OSError as error:
        print(f"verify_ics.py: cannot read {path}: {error}", file=sys.stderr)
        return 2
    print(f"verify_ics.py: {path} ({len(data)} octets), icalendar {icalendar.__version__}")
    checks = Checks()
    byte_checks(data, checks)
    parse_checks(data, expected, checks)
    total = checks.passed + checks.failed
    if checks.failed:
        print(f"verify_ics.py: {checks.failed} of {total} checks FAILED")
        return 1
    print(f"verify_ics.py: all {total} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
