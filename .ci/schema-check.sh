#!/usr/bin/env bash
# Proves the editor schemas (schema/*.schema.json) agree with thirds' own loader.
#
#   1. The schemas are valid JSON Schemas (check-jsonschema --check-metaschema), and
#      plan.schema.json's embedded copy of rules.schema.json is identical to it.
#   2. Every plan, rules and profile file under plans/, rules/, examples/ and
#      Tests/ThirdsKitTests/Fixtures/schema-good/ validates against its schema; the
#      schema-good fixtures also pass `thirds check`.
#   3. Every file in Tests/ThirdsKitTests/Fixtures/schema-bad/ is rejected by BOTH the
#      schema and `thirds check` (exit 1), and thirds reports the diagnostic id named
#      on the file's first line: `# expect: RULE-ID`.
#
# Prints one line per check and ends with `N passed, M failed`; exits 1 if M > 0.
# Needs check-jsonschema on PATH (pip install check-jsonschema) and python3.
# THIRDS is the built binary (default .build/debug/thirds). Run from anywhere.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

THIRDS="${THIRDS:-.build/debug/thirds}"
PLAN_SCHEMA=schema/plan.schema.json
RULES_SCHEMA=schema/rules.schema.json
PROFILE_SCHEMA=schema/profile.schema.json
LIBRARY_SCHEMA=schema/library.schema.json
GOOD_DIR=Tests/ThirdsKitTests/Fixtures/schema-good
BAD_DIR=Tests/ThirdsKitTests/Fixtures/schema-bad
export NO_COLOR=1

passed=0
failed=0

pass() {
    passed=$((passed + 1))
    printf 'PASS  %s\n' "$1"
}

# fail LINE [DETAILS]: details (tool output) go below, indented.
fail() {
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$1"
    if [[ $# -gt 1 && -n "$2" ]]; then
        printf '%s\n' "$2" | sed 's/^/        /'
    fi
}

if ! command -v check-jsonschema >/dev/null 2>&1; then
    echo "schema-check: check-jsonschema not found (pip install check-jsonschema)" >&2
    exit 2
fi

# What a YAML file is, by its top-level keys, as the loader tells them apart
# (Documents.swift): 'format: thirds-profile/...' makes a profile; any of
# items/account/week/start/audiences/channels makes a plan; otherwise any of
# rules/grid/extends makes a rules file; 'format: thirds-library/...' makes a
# library. Prints profile, library, plan, rules or nothing.
classify() {
    local keys
    keys=$(grep -oE '^["'"'"']?[A-Za-z_-]+["'"'"']?[[:blank:]]*:' "$1" | tr -d "\"':[:blank:]" || true)
    if grep -qE '^format:[[:blank:]]*["'"'"']?thirds-profile/' "$1"; then
        echo profile
    elif grep -qE '^format:[[:blank:]]*["'"'"']?thirds-library/' "$1"; then
        echo library
    elif grep -qxE 'items|account|week|start|audiences|channels' <<<"$keys"; then
        echo plan
    elif grep -qxE 'rules|grid|extends' <<<"$keys"; then
        echo rules
    fi
}

schema_for() {
    case "$1" in
        plan) echo "$PLAN_SCHEMA" ;;
        rules) echo "$RULES_SCHEMA" ;;
        profile) echo "$PROFILE_SCHEMA" ;;
        library) echo "$LIBRARY_SCHEMA" ;;
    esac
}

# Runs check-jsonschema; sets schema_rc and schema_out.
run_schema() {
    schema_rc=0
    schema_out=$(check-jsonschema --schemafile "$1" "$2" 2>&1) || schema_rc=$?
}

# Runs thirds check; sets thirds_rc and thirds_out.
run_thirds() {
    thirds_rc=0
    if [[ ! -x "$THIRDS" ]]; then
        thirds_rc=127
        thirds_out="thirds binary not found at '$THIRDS' (build it, or set THIRDS)"
        return
    fi
    thirds_out=$("$THIRDS" check "$1" 2>&1) || thirds_rc=$?
}

# YAML files below the given directories (those that exist), sorted, hidden ones skipped.
yaml_files() {
    local dir
    for dir in "$@"; do
        [[ -d "$dir" ]] || continue
        find "$dir" -name '.*' -prune -o -type f \( -name '*.yaml' -o -name '*.yml' \) -print
    done | LC_ALL=C sort
}

# ---- 1. The schemas themselves.
for schema in "$PLAN_SCHEMA" "$RULES_SCHEMA" "$PROFILE_SCHEMA" "$LIBRARY_SCHEMA"; do
    out=$(check-jsonschema --check-metaschema "$schema" 2>&1) && pass "metaschema  $schema" \
        || fail "metaschema  $schema" "$out"
done
out=$(python3 - "$PLAN_SCHEMA" "$RULES_SCHEMA" <<'EOF' 2>&1
import json, sys
plan, rules = (json.load(open(path)) for path in sys.argv[1:3])
embedded = plan.get("$defs", {}).get("rules.schema.json")
if embedded != rules:
    sys.exit("plan.schema.json $defs['rules.schema.json'] differs from rules.schema.json: copy it over verbatim")
EOF
) && pass "embedded    $PLAN_SCHEMA \$defs['rules.schema.json'] == $RULES_SCHEMA" \
  || fail "embedded    $PLAN_SCHEMA \$defs['rules.schema.json'] == $RULES_SCHEMA" "$out"

# ---- 2. Files that must be valid.
while IFS= read -r file; do
    [[ -n "$file" ]] || continue
    kind=$(classify "$file")
    if [[ -z "$kind" ]]; then
        printf 'SKIP  valid       %s (not a plan, rules or profile file)\n' "$file"
        continue
    fi
    run_schema "$(schema_for "$kind")" "$file"
    if [[ $schema_rc -ne 0 ]]; then
        fail "valid       $file ($kind): schema rejects it" "$schema_out"
        continue
    fi
    if [[ "$file" == "$GOOD_DIR"/* ]]; then
        run_thirds "$file"
        if [[ $thirds_rc -ne 0 ]]; then
            fail "valid       $file ($kind): schema accepts it, thirds check exits $thirds_rc" "$thirds_out"
            continue
        fi
    fi
    pass "valid       $file ($kind)"
done < <(yaml_files plans rules examples "$GOOD_DIR")

good_count=$(yaml_files "$GOOD_DIR" | wc -l)
[[ $good_count -gt 0 ]] || fail "valid       $GOOD_DIR holds no YAML files"

# ---- 3. Files that must be rejected by both.
bad_count=0
while IFS= read -r file; do
    [[ -n "$file" ]] || continue
    bad_count=$((bad_count + 1))
    expect=$(sed -n '1s/^#[[:space:]]*expect:[[:space:]]*\([A-Za-z0-9-]*\).*$/\1/p' "$file")
    if [[ -z "$expect" ]]; then
        fail "invalid     $file: first line is not '# expect: RULE-ID'"
        continue
    fi
    kind=$(classify "$file")
    if [[ -z "$kind" ]]; then
        fail "invalid     $file: not a plan, rules or profile file by its keys"
        continue
    fi
    problems=()
    details=""
    run_schema "$(schema_for "$kind")" "$file"
    if [[ $schema_rc -eq 0 ]]; then
        problems+=("schema accepts it")
    elif ! grep -q 'Schema validation errors were encountered' <<<"$schema_out"; then
        problems+=("check-jsonschema failed without a validation error (exit $schema_rc)")
        details+="$schema_out"$'\n'
    fi
    run_thirds "$file"
    if [[ $thirds_rc -ne 1 ]]; then
        problems+=("thirds check exits $thirds_rc, not 1")
        details+="$thirds_out"$'\n'
    elif ! grep -qF "[$expect]" <<<"$thirds_out"; then
        problems+=("thirds check does not report [$expect]")
        details+="$thirds_out"$'\n'
    fi
    if [[ ${#problems[@]} -eq 0 ]]; then
        pass "invalid     $file ($kind): schema and thirds reject it [$expect]"
    else
        joined=$(printf '%s; ' "${problems[@]}")
        fail "invalid     $file ($kind, expect [$expect]): ${joined%; }" "${details%$'\n'}"
    fi
done < <(yaml_files "$BAD_DIR")
[[ $bad_count -gt 0 ]] || fail "invalid     $BAD_DIR holds no YAML files"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
