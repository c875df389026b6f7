#!/usr/bin/env python3
"""Checks of `thirds report`'s HTML page, for .ci/report-check.sh.

  report_check.py static PAGE.html
      the page loads nothing: a Content-Security-Policy meta that forbids
      loads, no src/href/action to http(s) or `//`, no @import, no url() but
      data:, no <script src>, <link>, <img>, <iframe>, <object>, <embed>
  report_check.py png SHOT.png
      the screenshot is not blank: enough distinct colours and non-white pixels
  report_check.py dom DOM.html SCHEDULE.json...
      the DOM Chromium built holds exactly one element per scheduled post,
      with the post's id and UTC time (data-post-id, data-time), and the
      page's sections
  report_check.py netlog NETLOG.json
      no request of the page's own in Chromium's net log (the browser's own
      background requests, which the refusing proxy stops too, are told
      apart by their isolation key and initiator)

Exits 1 with the reasons on a failure. Standard library only.
"""
import json
import re
import struct
import sys
import zlib
from html.parser import HTMLParser


def fail(message):
    print(message)
    sys.exit(1)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.styles = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    parser = Elements()
    parser.feed(text)
    parser.close()
    return text, parser


EXTERNAL = re.compile(r"^\s*(https?:|//|ftp:|ws:|wss:)", re.I)


def check_static(path):
    text, page = parse(path)
    problems = []
    csp = [a.get("content", "") for t, a in page.tags if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
    if len(csp) != 1:
        problems.append(f"expected one Content-Security-Policy meta, found {len(csp)}")
    elif not re.search(r"default-src 'none'", csp[0]):
        problems.append(f"the Content-Security-Policy does not forbid loads: {csp[0]}")
    if not any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags):
        problems.append("no viewport meta (the page would not fit a phone)")
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data", "xlink:href", "formaction", "background"):
            value = attrs.get(name)
            if value is not None and EXTERNAL.match(value):
                problems.append(f"<{tag} {name}=\"{value}\"> points outside the page")
        if tag in ("script", "iframe", "object", "embed", "img", "link", "base", "frame", "audio", "video", "source"):
            problems.append(f"<{tag}> element: the page is to carry no scripts, frames, images or links to load")
        style = attrs.get("style", "")
        if "url(" in style.replace("url(data:", ""):
            problems.append(f"<{tag} style=\"{style}\"> loads a url()")
    css = "".join(page.styles)
    if "@import" in css:
        problems.append("@import in the page's CSS")
    if re.search(r"url\(\s*(?!['\"]?data:)", css):
        problems.append("url() other than data: in the page's CSS")
    if "@font-face" in css:
        problems.append("@font-face in the page's CSS: the page uses system fonts")
    if problems:
        fail(f"{path}:\n  " + "\n  ".join(problems))
    print(f"{path}: loads nothing ({len(text)} bytes)")


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG")
    offset, idat, header = 8, [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        chunk = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        fail(f"{path}: PNG of depth {depth}, colour type {colour}, interlace {interlace}: only 8-bit RGB(A) is read here")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            fail(f"{path}: unknown PNG filter {kind}")
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def check_png(path):
    width, height, channels, rows = png_pixels(path)
    colours, inked = set(), 0
    for row in rows:
        for x in range(0, len(row), channels):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if pixel != b"\xff\xff\xff":
                inked += 1
    share = inked / (width * height)
    if len(colours) < 16 or share < 0.02:
        fail(f"{path}: looks blank: {len(colours)} colours, {share:.1%} of pixels not white")
    print(f"{path}: {width}x{height}, {len(colours)} colours, {share:.1%} not white")


def check_dom(path, schedules):
    _, page = parse(path)
    marked = [(a["data-post-id"], a.get("data-time")) for t, a in page.tags if "data-post-id" in a]
    expected = []
    for schedule in schedules:
        with open(schedule, encoding="utf-8") as handle:
            expected += [(post["id"], post["at"]) for post in json.load(handle)["posts"]]
    problems = []
    if sorted(marked) != sorted(expected):
        missing = sorted(set(expected) - set(marked))
        extra = sorted(set(marked) - set(expected))
        problems.append(f"{len(marked)} post elements for {len(expected)} scheduled posts; missing {missing[:5]}, not scheduled {extra[:5]}")
    if len(set(marked)) != len(marked):
        problems.append("a post has more than one element")
    if not expected:
        problems.append("the schedules hold no posts: nothing was compared")
    classes = {c for _, a in page.tags for c in a.get("class", "").split()}
    for section in ("channels", "clocks", "thirds", "daily", "reach", "posts", "deferred", "problems"):
        if section not in classes:
            problems.append(f"no '{section}' section")
    if len(schedules) > 1 and "trend" not in classes:
        problems.append("no trend across the weeks")
    weeks = sum(1 for t, a in page.tags if t == "section" and "week" in a.get("class", "").split())
    if weeks != len(schedules):
        problems.append(f"{weeks} week sections for {len(schedules)} schedules")
    if problems:
        fail(f"{path}:\n  " + "\n  ".join(problems))
    print(f"{path}: one element per scheduled post ({len(marked)}), {weeks} week section(s)")


def check_netlog(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    # Chromium killed at the end of --dump-dom may leave the log's list unclosed.
    try:
        log = json.loads(text)
    except json.JSONDecodeError:
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    types = {value: name for name, value in log["constants"]["logEventTypes"].items()}
    page_requests, all_requests = [], 0
    for event in log["events"]:
        if types.get(event.get("type")) != "URL_REQUEST_START_JOB":
            continue
        params = event.get("params") or {}
        if "url" not in params:
            continue  # the job's end, which names no URL
        all_requests += 1
        # The browser's own requests (updates, accounts) have no origin; a
        # page's carry its initiator and its site in the isolation key.
        if params.get("initiator") != "not an origin" or "file://" in params.get("network_isolation_key", ""):
            page_requests.append(params.get("url"))
    if page_requests:
        fail(f"{path}: the page made requests: {page_requests}")
    print(f"{path}: no request from the page ({all_requests} of the browser's own, stopped at the refusing proxy)")


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    command, args = argv[1], argv[2:]
    if command == "static":
        check_static(args[0])
    elif command == "png":
        check_png(args[0])
    elif command == "dom":
        check_dom(args[0], args[1:])
    elif command == "netlog":
        check_netlog(args[0])
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv)
