#!/usr/bin/env bash
# Builds the Markdown posts thirds writes with real Jekyll and Hugo, from a
# plan whose text holds Liquid and shortcode syntax ({% … %}, {{ … }},
# {% endraw %}, {{< … >}}, {{% … %}}, braces in an address), and checks each
# site builds and shows the text as written.
#
#   THIRDS=.build/debug/thirds bash .ci/blog-build.sh
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
text='Liquid {% if x %} and {{ page.title }} and {% endraw %} then {{< youtube abc >}} and {{% note %}} at https://example.com/a{%endraw%}b ok.'
# The text as a reader should see it in the HTML (kramdown and goldmark agree; < is an entity).
shown='Liquid {% if x %} and {{ page.title }} and {% endraw %} then {{&lt; youtube abc &gt;}} and {{% note %}} at'

for engine in jekyll hugo; do
    python3 - "$root/examples/greencontact-week.yaml" "$work/$engine.yaml" "$engine" "$text" "$root/rules/default.yaml" <<'PY'
import sys
source, target, engine, text, rules = sys.argv[1:]
plan = open(source, encoding="utf-8").read()
plan = plan.replace("engine: wordpress", f"engine: {engine}").replace("rules: ../rules/default.yaml", f"rules: {rules}")
quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + ' {link}"'
old = "text: \"Klout says I'm influential about sausages. What does influence mean for a contact centre? {link}\""
assert old in plan
# The item as a plain cross-post of its text (the example gives it an article, which
# .ci/article-sites.sh builds): its link back, its slug from its title.
article = "    article: drafts/influence-myth.md\n    slug: influence-myth\n"
assert article in plan
plan = plan.replace(article, "    link: https://greencontact.example.com/2026/12/influence-myth\n")
open(target, "w", encoding="utf-8").write(plan.replace(old, "text: " + quoted))
PY
    "$thirds" schedule "$work/$engine.yaml" --out "$work/out" >/dev/null
done

echo "-- jekyll"
site="$work/jekyll-site"
mkdir -p "$site"
cp -r "$work/out/jekyll/blog/_posts" "$site/"
printf 'title: thirds\nmarkdown: kramdown\n' >"$site/_config.yml"
# Posts are dated when they go out, often later this week: build them anyway.
(cd "$site" && jekyll build --quiet --future)
page=$(find "$site/_site" -name 'sm-influence-myth-or-reality.html')
grep -qF -- "$shown" "$page" || { echo "Jekyll page does not show the text as written:"; cat "$page"; exit 1; }
echo "jekyll build passed and shows the text as written"

echo "-- hugo"
site="$work/hugo-site"
mkdir -p "$site/content/posts" "$site/layouts/_default"
cp "$work"/out/hugo/blog/*.md "$site/content/posts/"
printf 'baseURL = "https://example.org/"\ntitle = "thirds"\n' >"$site/config.toml"
echo '{{ .Content }}' >"$site/layouts/_default/single.html"
echo '{{ range .Pages }}{{ .Title }}{{ end }}' >"$site/layouts/_default/list.html"
(cd "$site" && hugo --quiet --buildFuture)
page="$site/public/posts/sm-influence-myth-or-reality/index.html"
grep -qF -- "$shown" "$page" || { echo "Hugo page does not show the text as written:"; cat "$page"; exit 1; }
echo "hugo build passed and shows the text as written"
