#!/usr/bin/env bash
# Builds a real Hugo site and a real Jekyll site from the blog files thirds
# writes for every example whose items carry an article (`article:`), and
# checks that each article's page is where the posts link to (the address in
# the X post, the LinkedIn copy and crosspost.json, all the same), dated when
# the schedule says the article goes out.
#
#   THIRDS=.build/debug/thirds bash .ci/article-sites.sh
#
# Installs jekyll and hugo with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
thirds="$(realpath "${THIRDS:-.build/debug/thirds}")"
root="$(pwd)"

if ! command -v jekyll >/dev/null || ! command -v hugo >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq jekyll hugo >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

plans=$(grep -l '^ *\(- \)\?article:' examples/*.yaml || true)
[ -n "$plans" ] || { echo "no example carries an article"; exit 1; }

checked=0
for plan in $plans; do
    name="$(basename "$plan" .yaml)"
    for engine in hugo jekyll; do
        case_dir="$work/$name-$engine"
        # The plan alone in its folder (its siblings would be earlier weeks),
        # with the files it names: rules, drafts.
        mkdir -p "$case_dir/examples" "$case_dir/rules"
        cp -r "$root/rules/." "$case_dir/rules/"
        cp -r "$root/examples/drafts" "$case_dir/examples/"
        python3 - "$plan" "$case_dir/examples/$name.yaml" "$engine" <<'PY'
import re, sys
source, target, engine = sys.argv[1:]
plan = open(source, encoding="utf-8").read()
changed, count = re.subn(r"(\n  blog: \{[^\n}]*engine: )\w+", r"\g<1>" + engine, plan)
assert count == 1, "the blog channel's engine is not on one line"
open(target, "w", encoding="utf-8").write(changed)
PY
        out="$case_dir/out"
        SOURCE_DATE_EPOCH=1764547200 "$thirds" schedule "$case_dir/examples/$name.yaml" --out "$out" >/dev/null
        "$thirds" export "$out/$name/schedule.yaml" --to csv >/dev/null

        site="$case_dir/site"
        if [ "$engine" = hugo ]; then
            mkdir -p "$site/content/blog" "$site/layouts/_default"
            cp "$out/$name"/blog/*.md "$site/content/blog/"
            # The site's own permalink setting differs on purpose: the page
            # must still be where the posts link to (the file's 'url').
            printf 'baseURL = "https://example.org/"\ntitle = "thirds"\n[permalinks]\n  blog = "/elsewhere/:slug/"\n' >"$site/config.toml"
            echo '<h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}"></time>{{ .Content }}' \
                >"$site/layouts/_default/single.html"
            echo '{{ range .Pages }}{{ .Title }}{{ end }}' >"$site/layouts/_default/list.html"
            (cd "$site" && hugo --quiet --buildFuture)
            pages="$site/public"
        else
            mkdir -p "$site/_layouts"
            cp -r "$out/$name/blog/_posts" "$site/"
            timezone=$(python3 -c 'import re,sys; print(re.search(r"timezone: *([\w/+-]+)", open(sys.argv[1]).read()).group(1))' "$plan")
            printf 'title: thirds\nmarkdown: kramdown\ntimezone: %s\npermalink: /elsewhere/:title/\ndefaults:\n  - scope: {path: ""}\n    values: {layout: post}\n' \
                "$timezone" >"$site/_config.yml"
            echo '<h1>{{ page.title }}</h1><time datetime="{{ page.date | date_to_xmlschema }}"></time>{{ content }}' >"$site/_layouts/post.html"
            (cd "$site" && jekyll build --quiet --future)
            pages="$site/_site"
        fi

        python3 - "$out/$name" "$pages" "$engine" <<'PY'
import csv, datetime, html as entities, json, os, re, sys, urllib.parse

out, pages, engine = sys.argv[1:]
manifest = json.load(open(os.path.join(out, "crosspost.json"), encoding="utf-8"))
rows = list(csv.DictReader(open(os.path.join(out, "schedule.csv"), encoding="utf-8", newline="")))
articles = [entry for entry in manifest["entries"] if entry.get("kind") == "article"]
assert articles, "no article in crosspost.json"

def untagged(url):
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if not k.startswith("utm_")]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))

def instant(text):
    # Hugo writes '+' in an attribute as &#43;.
    return datetime.datetime.fromisoformat(entities.unescape(text).replace("Z", "+00:00"))

failures = []
for article in articles:
    item, address = article["item"], article["address"]
    # Every post of the item links to the article's address (tags aside).
    links = {untagged(row["link"]) for row in rows if row["item"] == item and row["link"]}
    for entry in manifest["entries"]:
        if entry.get("item") == item and entry["channel"] == "linkedin":
            links.add(untagged(entry["request"]["body"]["content"]["article"]["source"]))
    if links != {address}:
        failures.append(f"{item}: the posts link to {sorted(links)}, the article is at {address}")
    path = urllib.parse.urlsplit(address).path
    page = os.path.join(pages, path.lstrip("/"))
    if path.endswith("/"):
        page = os.path.join(page, "index.html")
    if not os.path.isfile(page):
        failures.append(f"{item}: {engine} wrote no page at {path} (looked for {page})")
        continue
    html = open(page, encoding="utf-8").read()
    found = re.search(r'<time datetime="([^"]+)">', html)
    if not found or instant(found.group(1)) != instant(article["publish_at"]):
        failures.append(f"{item}: the page is dated {found and found.group(1)}, the schedule says {article['publish_at']}")
    print(f"{engine}: {item} at {path}, dated {found and found.group(1)} = publish_at {article['publish_at']}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
PY
        checked=$((checked + 1))
    done
done
echo "article sites passed: $checked site builds, every article where its posts link"
