#!/usr/bin/env python3
"""Checks a cross-posting export (what CrosspostExport writes) on its own terms.

    verify_crosspost.py OUT_DIR [OUT_DIR ...]

For each OUT_DIR:
  1. OUT_DIR/crosspost.json is JSON with the manifest's fields; every entry's
     times are UTC ISO 8601 with Z.
  2. Every LinkedIn request body validates against schema/linkedin-post.schema.json,
     goes to POST /rest/posts with the LinkedIn-Version and
     X-Restli-Protocol-Version: 2.0.0 headers, its commentary is at most 3,000
     UTF-16 code units (LinkedIn's count), and it goes out at or after the
     primary post (publish_at >= primary_at).
  3. Every WordPress request body validates against schema/wordpress-post.schema.json,
     goes to POST {site}/wp-json/wp/v2/posts, and its date_gmt is publish_at;
     a blog cross-post goes out at or before the primary post (publish_at <= primary_at).
  4. Every Markdown file under OUT_DIR/blog has YAML front matter that PyYAML
     reads back, with a title, a slug matching the file name and a date with an
     offset equal to the entry's publish_at; every file the manifest names
     exists, and every file there is named by the manifest.

Prints one line per check and ends with `N passed, M failed`; exits 1 if M > 0
(2 on bad usage). Needs python3 with jsonschema and PyYAML.
"""

import datetime
import json
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:  # pragma: no cover
    print(f"verify_crosspost.py needs jsonschema and PyYAML: {error}", file=sys.stderr)
    sys.exit(2)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UTC_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.md$")
LINKEDIN_LIMIT = 3000


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, line, details=""):
        if ok:
            self.passed += 1
            print(f"PASS  {line}")
        else:
            self.failed += 1
            print(f"FAIL  {line}")
            if details:
                for detail in str(details).splitlines():
                    print(f"        {detail}")
        return ok


def load_schema(name):
    with open(os.path.join(ROOT, "schema", name), encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def utc(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def schema_errors(validator, body):
    return "\n".join(
        f"{'/'.join(str(part) for part in error.absolute_path) or '(body)'}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
    )


def utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def front_matter(path):
    """The front matter of a Markdown file, read by PyYAML, or an error text."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if not text.startswith("---\n"):
        return None, "does not start with '---'"
    end = text.find("\n---\n", 4)
    if end < 0:
        return None, "front matter has no closing '---'"
    try:
        fields = yaml.safe_load(text[4 : end + 1])
    except yaml.YAMLError as error:
        return None, f"front matter is not YAML: {error}"
    if not isinstance(fields, dict):
        return None, "front matter is not a mapping"
    return fields, None


def front_matter_date(value):
    """Hugo's RFC 3339 (a YAML timestamp) or Jekyll's 'YYYY-MM-DD HH:MM:SS +HHMM' (a string)."""
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else None
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z"):
            try:
                return datetime.datetime.strptime(value, pattern)
            except ValueError:
                pass
    return None


def verify(out_dir, checks, linkedin, wordpress):
    name = os.path.basename(os.path.normpath(out_dir))
    manifest_path = os.path.join(out_dir, "crosspost.json")
    try:
        with open(manifest_path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError) as error:
        checks.check(False, f"{name}: crosspost.json reads as JSON", error)
        return
    checks.check(
        isinstance(manifest, dict) and manifest.get("format") == "thirds-crosspost/1" and isinstance(manifest.get("entries"), list),
        f"{name}: crosspost.json is a thirds-crosspost/1 manifest",
    )
    entries = manifest.get("entries", []) if isinstance(manifest, dict) else []
    ids = [entry.get("id") for entry in entries]
    checks.check(len(ids) == len(set(ids)), f"{name}: entry ids are unique")
    files_named = {}

    for entry in entries:
        label = f"{name}: {entry.get('id')}"
        channel, kind = entry.get("channel"), entry.get("kind")
        publish, primary = entry.get("publish_at", ""), entry.get("primary_at")
        times_ok = bool(UTC_PATTERN.match(publish)) and (primary is None or bool(UTC_PATTERN.match(primary)))
        checks.check(times_ok and (kind == "digest" or primary is not None), f"{label}: publish_at/primary_at are UTC with Z",
                     f"publish_at={publish!r} primary_at={primary!r}")
        if not times_ok:
            continue
        request = entry.get("request")
        body = request.get("body") if isinstance(request, dict) else None

        if channel == "linkedin":
            if not checks.check(isinstance(body, dict), f"{label}: has a LinkedIn request"):
                continue
            errors = schema_errors(linkedin, body)
            checks.check(not errors, f"{label}: body validates against linkedin-post.schema.json", errors)
            headers = request.get("headers", {})
            checks.check(
                request.get("method") == "POST" and request.get("path") == "/rest/posts"
                and re.fullmatch(r"\d{6}", headers.get("LinkedIn-Version", "")) is not None
                and headers.get("X-Restli-Protocol-Version") == "2.0.0",
                f"{label}: POST /rest/posts with LinkedIn-Version and X-Restli-Protocol-Version: 2.0.0",
                json.dumps({k: v for k, v in request.items() if k != "body"}),
            )
            length = utf16_length(body.get("commentary", ""))
            checks.check(length <= LINKEDIN_LIMIT, f"{label}: commentary is {length} <= {LINKEDIN_LIMIT} characters (UTF-16)")
            checks.check(utc(publish) >= utc(primary), f"{label}: publish_at {publish} >= primary_at {primary}")

        elif channel == "blog":
            if entry.get("engine") == "wordpress":
                if not checks.check(isinstance(body, dict), f"{label}: has a WordPress request"):
                    continue
                errors = schema_errors(wordpress, body)
                checks.check(not errors, f"{label}: body validates against wordpress-post.schema.json", errors)
                checks.check(
                    request.get("method") == "POST" and str(request.get("url", "")).endswith("/wp-json/wp/v2/posts")
                    and re.match(r"^https?://", str(request.get("url", ""))) is not None,
                    f"{label}: POST {{site}}/wp-json/wp/v2/posts", request.get("url"),
                )
                checks.check(body.get("date_gmt") == publish[:-1], f"{label}: date_gmt is publish_at",
                             f"date_gmt={body.get('date_gmt')!r} publish_at={publish!r}")
            else:
                file = entry.get("file")
                if checks.check(isinstance(file, str) and file.startswith("blog/") and file.endswith(".md"),
                                f"{label}: names its Markdown file under blog/", file):
                    files_named[os.path.normpath(file)] = entry
            if kind != "digest":
                checks.check(utc(publish) <= utc(primary), f"{label}: publish_at {publish} <= primary_at {primary}")

        else:
            checks.check(isinstance(body, dict) and isinstance(body.get("text"), str), f"{label}: has a request with its text")

    blog_dir = os.path.join(out_dir, "blog")
    found = []
    for folder, _, names in os.walk(blog_dir):
        found += [os.path.relpath(os.path.join(folder, n), out_dir) for n in names if n.endswith(".md")]
    for file in sorted(set(found) | set(files_named)):
        label = f"{name}: {file}"
        path = os.path.join(out_dir, file)
        entry = files_named.get(os.path.normpath(file))
        if not checks.check(os.path.isfile(path), f"{label}: exists"):
            continue
        checks.check(entry is not None, f"{label}: is named by crosspost.json")
        fields, problem = front_matter(path)
        if not checks.check(fields is not None, f"{label}: front matter reads back as YAML", problem):
            continue
        title, slug = fields.get("title"), fields.get("slug")
        checks.check(isinstance(title, str) and title.strip() != "", f"{label}: has a title", repr(title))
        base = os.path.basename(file)
        jekyll = JEKYLL_NAME.match(base) if "/_posts/" in "/" + file else None
        expected_slug = jekyll.group(2) if jekyll else base[:-3]
        checks.check(isinstance(slug, str) and SLUG_PATTERN.match(slug) is not None and slug == expected_slug,
                     f"{label}: slug matches the file name", f"slug={slug!r}, file name gives {expected_slug!r}")
        date = front_matter_date(fields.get("date"))
        if checks.check(date is not None, f"{label}: date has a time and an offset", repr(fields.get("date"))):
            if jekyll:
                checks.check(date.strftime("%Y-%m-%d") == jekyll.group(1), f"{label}: file name's date is the local date",
                             f"{date.isoformat()} vs {jekyll.group(1)}")
            if entry is not None:
                checks.check(date == utc(entry["publish_at"]), f"{label}: date is publish_at",
                             f"{date.isoformat()} vs {entry['publish_at']}")
        tags = fields.get("tags", [])
        checks.check(isinstance(tags, list) and all(isinstance(tag, str) for tag in tags), f"{label}: tags are a list of text", repr(tags))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    checks = Checks()
    try:
        linkedin = load_schema("linkedin-post.schema.json")
        wordpress = load_schema("wordpress-post.schema.json")
        checks.check(True, "schemas are valid JSON Schemas (draft 2020-12)")
    except (OSError, ValueError, jsonschema.SchemaError) as error:
        checks.check(False, "schemas are valid JSON Schemas (draft 2020-12)", error)
        print(f"{checks.passed} passed, {checks.failed} failed")
        return 1
    for out_dir in argv[1:]:
        if not checks.check(os.path.isdir(out_dir), f"{out_dir} is a folder"):
            continue
        verify(out_dir, checks, linkedin, wordpress)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
