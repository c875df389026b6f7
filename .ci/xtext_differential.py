#!/usr/bin/env python3
"""Differential test of X's weighted length and validity: thirds (its hidden
`thirds measure` command) against twitter-text-parser 3.0 (PyPI), an
independent implementation of twitter-text that passes its conformance suite.

    python3 .ci/xtext_differential.py THIRDS [--count 3000] [--seed 7]

Generates seeded random texts near the 280 limit from URLs, emoji (single,
skin tones, flags valid and not, keycaps, tag sequences, ZWJ sequences listed
by Unicode and chains of unrelated emoji), CJK, full-width forms, combining
marks, line ends and the characters X refuses; prints every text on which the
two disagree (the first 20 with the smallest part that still does) and exits 1
if there is one.
"""
import argparse
import json
import random
import subprocess
import sys
import warnings

warnings.filterwarnings("ignore")  # twitter-text-parser imports pkg_resources
from twitter_text import parse_tweet  # noqa: E402
from twitter_text.regexp.emoji import emoji_list  # noqa: E402

WORDS = ["the", "plan", "week", "post", "reach", "Berlin", "café", "naïve", "über", "Zürich", "a", "is", "on",
         "#launch", "@thirds", "$TSLA", "ok!", "(see)", "—", "…", "“quoted”", "100%", "2026-12-01", "e.g.", "x/y"]
URLS = ["https://example.com", "http://example.com/a/b?c=d&e=f#g", "example.com", "www.example.org/path",
        "https://t.co/abc123", "t.co/xyz", "http://例え.jp", "https://bücher.de/ok", "foo.baz", "x.co",
        "https://example.com/" + "a" * 120, "http://user@example.com", "https://example.com:8080/p",
        "example.co.uk/wiki/Primer_(film)", "https://sub.domain.example.travel/", "ftp://example.com",
        "http://xn--bcher-kva.de/", "http://localhost/", "https://example.com.", "twitter.jp日本語"]
# Glued to a URL's ends: nothing, punctuation the URL rules treat specially,
# or a neighbour of another kind (the piece generator adds more of those).
GLUE = ["", "", ".", "/", "-", "_", "(", ")", "?", ":", "@", "#", "é", "え", "⛅", "x", "1", "\u200d", "\ufe0f"]
CJK = "日本語中文한국어テスト漢字かなカナ"
FULLWIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
COMBINING = ["e\u0301", "a\u0308", "n\u0303", "\u1100\u1161\u11a8", "o\u0302\u0323", "\u0915\u094d\u0937", "x\u20dd"]
INVALID = ["\ufffe", "\ufeff", "\uffff"]
DIRECTIONAL = ["\u200e", "\u200f", "\u2066", "\u2069", "\u202a", "\u202c", "\u061c"]
SINGLE = [e.emoji for e in emoji_list if len(e.codepoint.split()) == 1]
MULTI = [e.emoji for e in emoji_list if len(e.codepoint.split()) > 1]
ZWJ_LISTED = [e for e in MULTI if "\u200d" in e]
TONES = [chr(c) for c in range(0x1F3FB, 0x1F400)]
EXTRA = ["©", "®", "™", "‼", "#", "1", "*", "\u20e3", "\ufe0f", "\ufe0e", "\u200d", "❤️‍🔥", "🧑‍💻", "🫠", "🫶🏽",
         "\U0001F1E6\U0001F1E6", "\U0001F1FA", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
         "🏴\U000E0075\U000E0073\U000E0074\U000E0078\U000E007F", "☺\ufe0e", "👍🏽", "1️⃣", "#⃣", "\r\n", "\r", "\n",
         "\t", "\u00a0", "\u3000", "\u2028"]


def piece(rng):
    kind = rng.random()
    if kind < 0.30:
        return rng.choice(WORDS) + " "
    if kind < 0.38:
        # Half the URLs stand apart; the others are glued to whatever comes
        # before and after (".x.co", "⛅o.uk", "r.de/.(e)"), where the domain,
        # path and preceding-character rules decide what counts.
        url = rng.choice(URLS)
        if rng.random() < 0.5:
            return " " + url + rng.choice([" ", ". ", ") ", "\n"])
        return rng.choice(GLUE) + url + rng.choice(GLUE)
    if kind < 0.46:
        return rng.choice(SINGLE)
    if kind < 0.54:
        return rng.choice(MULTI)
    if kind < 0.60:
        return rng.choice(ZWJ_LISTED)
    if kind < 0.66:
        # A chain of unrelated emoji: Unicode lists few of these.
        parts = [rng.choice(SINGLE + MULTI) for _ in range(rng.randint(2, 4))]
        return "\u200d".join(parts)
    if kind < 0.70:
        return rng.choice(SINGLE) + rng.choice(TONES)
    if kind < 0.76:
        return "".join(rng.choice(CJK) for _ in range(rng.randint(1, 6)))
    if kind < 0.80:
        return "".join(rng.choice(FULLWIDTH) for _ in range(rng.randint(1, 6)))
    if kind < 0.85:
        return rng.choice(COMBINING)
    if kind < 0.87:
        return rng.choice(INVALID)
    if kind < 0.90:
        return rng.choice(DIRECTIONAL)
    return rng.choice(EXTRA)


WEIGHTS = {}


def text_near_limit(rng):
    # Pieces' own weights, summed, steer towards the target cheaply; joins
    # (URLs running on, emoji meeting) make the real length differ a little.
    target = rng.randint(250, 310)
    text, estimate = "", 0
    while estimate < target:
        extra = piece(rng)
        if extra not in WEIGHTS:
            WEIGHTS[extra] = parse_tweet(extra).weightedLength
        text += extra
        estimate += WEIGHTS[extra]
    # Trim from the end now and then, so that cuts land inside sequences too.
    if rng.random() < 0.3:
        text = text[: len(text) - rng.randint(1, 4)]
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("thirds")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    texts = [text_near_limit(rng) for _ in range(args.count)]
    run = subprocess.run([args.thirds, "measure"], input="".join(json.dumps(t) + "\n" for t in texts),
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(f"thirds measure exited {run.returncode}: {run.stderr}", file=sys.stderr)
        return 2
    results = [json.loads(line) for line in run.stdout.splitlines()]
    if len(results) != len(texts):
        print(f"thirds measure answered {len(results)} lines for {len(texts)} texts", file=sys.stderr)
        return 2

    disagreements, near = [], 0
    for text, ours in zip(texts, results):
        theirs = parse_tweet(text)
        near += 270 <= theirs.weightedLength <= 290
        if (ours["weightedLength"], ours["valid"]) != (theirs.weightedLength, theirs.valid):
            disagreements.append(text)
    if disagreements:
        with Measurer(args.thirds) as thirds:
            for text in disagreements[:20]:
                ours, theirs = thirds.measure(text), parse_tweet(text)
                small = minimise(text, thirds)
                print(f"DISAGREE thirds {ours}, twitter-text-parser {(theirs.weightedLength, theirs.valid)}: {json.dumps(text)}")
                print(f"  smallest part that still disagrees: {json.dumps(small)} = "
                      f"{' '.join('%04X' % ord(c) for c in small)}: thirds {thirds.measure(small)}, "
                      f"twitter-text-parser {(parse_tweet(small).weightedLength, parse_tweet(small).valid)}")
    print(f"{len(texts)} texts (seed {args.seed}, {near} within 10 of the limit): {len(disagreements)} disagreements")
    return 1 if disagreements else 0


class Measurer:
    """One `thirds measure` process asked a line at a time."""

    def __init__(self, thirds):
        self.process = subprocess.Popen([thirds, "measure"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.process.stdin.close()
        self.process.wait()

    def measure(self, text):
        self.process.stdin.write(json.dumps(text) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        return (answer["weightedLength"], answer["valid"])


def disagrees(text, thirds):
    theirs = parse_tweet(text)
    return thirds.measure(text) != (theirs.weightedLength, theirs.valid)


def minimise(text, thirds):
    """Drops runs of code points while the two still disagree (validity aside:
    a shorter text is valid more often, which is not the point)."""
    def length_disagrees(candidate):
        return thirds.measure(candidate)[0] != parse_tweet(candidate).weightedLength

    if not length_disagrees(text):
        return text
    size = len(text) // 2
    while size >= 1:
        start = 0
        while start < len(text):
            candidate = text[:start] + text[start + size:]
            if candidate and length_disagrees(candidate):
                text = candidate
            else:
                start += size
        size //= 2
    return text


if __name__ == "__main__":
    sys.exit(main())
