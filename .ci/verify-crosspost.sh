#!/usr/bin/env bash
# Verifies cross-posting exports: every LinkedIn and WordPress request body in
# OUT_DIR/crosspost.json against schema/linkedin-post.schema.json and
# schema/wordpress-post.schema.json, LinkedIn's 3,000-character limit, the
# timing rules (LinkedIn at or after the primary post, blog at or before it),
# and the YAML front matter of every Markdown file under OUT_DIR/blog.
#
#   .ci/verify-crosspost.sh OUT_DIR [OUT_DIR ...]
#
# With no OUT_DIR, checks what `swift test` wrote under .build/test-out/crosspost/
# (the greencontact example as WordPress, Hugo and Jekyll blogs).
# Prints one line per check and ends with `N passed, M failed`; exits 1 if M > 0.
# Needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ $# -eq 0 ]]; then
    shopt -s nullglob
    dirs=("$here"/../.build/test-out/crosspost/*/)
    if [[ ${#dirs[@]} -eq 0 ]]; then
        echo "usage: $0 OUT_DIR [OUT_DIR ...]  (or run 'swift test' first to write .build/test-out/crosspost/)" >&2
        exit 2
    fi
    set -- "${dirs[@]}"
fi

exec python3 "$here/verify_crosspost.py" "$@"
