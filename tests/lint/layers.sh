#!/bin/sh
# The layers of the code, checked: each layer sees only the one below it
# (docs: STYLE.md, "Let the compiler keep the layers").
#
#   sh tests/lint/layers.sh [ROOT]    check the tree at ROOT (default: this repository)
#   sh tests/lint/layers.sh --selftest
#
# Prints one "file:line: what" per reach past a layer and exits 1 when
# there is any. Files under services/*/src are checked by their names:
#   - handlers (*_http.[ch], routes.c, main.c) see no repository header
#     (*_repo.h), no <libpq-fe.h> and no koers/pg.h, not even through
#     another header;
#   - only repositories (*_repo.c, and the headers only they include:
#     *_repo.h, a service's private *_pg.h) reach libpq, name PGresult,
#     PGconn or a PQ function, and hold SQL;
#   - a service's header (*_service.h) sees no repository header: no repo
#     type travels up into the handlers;
#   - repositories (*_repo.[ch]) and services (*_service.[ch]) see no
#     Ulfius (<ulfius.h>, koers/http.h, *_http.h);
# and shared/ never includes anything from services/. In shared/, only the
# library's own repository files (SHARED_REPO_FILES below) reach libpq and
# hold SQL. Tests (services/*/tests, shared/tests, tests/) may reach any
# layer and are not checked, except that shared/tests stays out of services/.
#
# SQL is a string literal that begins with SELECT, INSERT, UPDATE, DELETE or
# WITH followed by more words, or that names a schema-qualified table after
# FROM, JOIN, INTO or UPDATE ("... FROM casedesk.cases ...").
#
# --selftest builds small trees with one violation each in a temporary
# directory and checks that every one is found (and a clean tree passes);
# with LAYERS_SELFTEST_SHOW=1 it prints what it found in each.
set -eu

# The shared library's repository layer: the files of shared/ that may see
# libpq and run SQL. Everything else in shared/ uses koers/db.h.
SHARED_REPO_FILES='
shared/include/koers/pg.h
shared/src/auth_listen_repo.c
shared/src/auth_repo.c
shared/src/consumer_repo.c
shared/src/db.c
shared/src/db_internal.h
shared/src/event_log.c
shared/src/idempotency.c
shared/src/idp_repo.c
shared/src/migrate.c
shared/src/outbox.c
shared/src/pg.c
shared/src/resource_repo.c
shared/tools/koers_admin.c
'

# The checker: reads every file named, prints "file:line: what" per finding
# and exits 1 when there is any.
CHECK_AWK=$(cat <<'AWK'
function base(p) { sub(/.*\//, "", p); return p }
function dir(p) { if (p !~ /\//) return "."; sub(/\/[^\/]*$/, "", p); return p }
function norm(p) {
    while (p ~ /(^|\/)\.\//) sub(/(^|\/)\.\//, "/", p)
    sub(/^\//, "", p)
    while (p ~ /[^\/]+\/\.\.\//) sub(/[^\/]+\/\.\.\//, "", p)
    return p
}
function is_service_src(p) { return p ~ /^services\/[^\/]+\/src\// }
function is_handler(p) { return base(p) ~ /_http\.[ch]$/ || base(p) == "routes.c" || base(p) == "main.c" }
# what may reach libpq: repositories and the headers only they include
function is_repo_side(p) {
    if (is_service_src(p))
        return base(p) ~ /_repo\.[ch]$/ || base(p) ~ /_pg\.h$/
    return p in shared_ok
}
function may_hold_sql(p) {
    if (is_service_src(p))
        return base(p) ~ /_repo\.c$/
    return p in shared_ok || p ~ /^shared\/tests\//
}
function report(f, l, msg) { printf "%s:%d: %s\n", f, l, msg; bad = 1 }
# the witness of property k reached by including target t ("" for none)
function hit(k, t) {
    if (k == "pg" && (t == "<libpq-fe.h>" || t == "shared/include/koers/pg.h"))
        return shown[t]
    if (k == "http" && (t == "<ulfius.h>" || t == "shared/include/koers/http.h" || \
                        (t !~ /^</ && base(t) ~ /_http\.h$/)))
        return shown[t]
    if (k == "repo" && t !~ /^</ && base(t) ~ /_repo\.h$/ && is_service_src(t))
        return shown[t]
    if ((k, t) in reach)
        return reach[k, t]
    return ""
}
BEGIN {
    n = split(shared_repo, list, /[ \t\n]+/)
    for (i = 1; i <= n; i++)
        if (list[i] != "")
            shared_ok[list[i]] = 1
    for (i = 1; i < ARGC; i++)
        exists[ARGV[i]] = 1
    sqlhead = "\"[ \t]*(SELECT|INSERT|UPDATE|DELETE|WITH)[ \t]+[^%\" \t]"
    sqltable = "\"([^\"]*[ \t(])?(FROM|JOIN|INTO|UPDATE)[ \t]+[a-z_][a-z0-9_]*\\.[a-z_]"
    pgname = "(^|[^A-Za-z0-9_])(PGresult|PGconn|PQ[a-z][A-Za-z]*)([^A-Za-z0-9_]|$)"
}
/^[ \t]*#[ \t]*include[ \t]*[<"]/ {
    f = FILENAME
    line = $0
    sub(/^[ \t]*#[ \t]*include[ \t]*/, "", line)
    if (line ~ /^</) {
        name = line
        sub(/>.*/, ">", name)
        t = name
    } else {
        name = line
        sub(/^"/, "", name)
        sub(/".*/, "", name)
        t = norm(dir(f) "/" name)
        # a service's folders include each other by path under its src/
        if (!(t in exists) && match(f, /^services\/[^\/]+\/src\//) &&
            ((substr(f, 1, RLENGTH) name) in exists))
            t = substr(f, 1, RLENGTH) name
        if (!(t in exists) && (("shared/include/" name) in exists))
            t = "shared/include/" name
        if (!(t in exists))
            t = "?" name
        name = "\"" name "\""
    }
    shown[t] = name
    k = ++ninc[f]
    inc_t[f, k] = t
    inc_l[f, k] = FNR
    next
}
{
    f = FILENAME
    if (f ~ /^shared\/tests\//)
        next
    if (!is_repo_side(f) && $0 ~ pgname)
        report(f, FNR, "libpq (PGresult, PGconn, PQ...) outside a repository file")
    if (!may_hold_sql(f) && ($0 ~ sqlhead || $0 ~ sqltable))
        report(f, FNR, "SQL outside a repository file (*_repo.c)")
}
END {
    # which headers reach libpq, Ulfius, a repository header (closure)
    split("pg http repo", kinds, " ")
    do {
        changed = 0
        for (f in ninc) {
            if (f !~ /\.h$/)
                continue
            for (i = 1; i <= ninc[f]; i++)
                for (j = 1; j <= 3; j++) {
                    k = kinds[j]
                    if ((k, f) in reach)
                        continue
                    w = hit(k, inc_t[f, i])
                    if (w != "") {
                        reach[k, f] = w
                        changed = 1
                    }
                }
        }
    } while (changed)

    for (f in ninc)
        for (i = 1; i <= ninc[f]; i++) {
            t = inc_t[f, i]
            l = inc_l[f, i]
            via = shown[t]
            if (f ~ /^shared\// && (t ~ /^\?/ || t ~ /^services\//)) {
                report(f, l, "shared/ includes " via " from outside shared/ (services/?)")
                continue
            }
            if (f ~ /^shared\/tests\//)
                continue
            w = hit("pg", t)
            if (w != "" && !is_repo_side(f))
                report(f, l, "includes " via (w != via ? " (which reaches " w ")" : "") \
                       ": libpq is for repository files only")
            if (!is_service_src(f))
                continue
            w = hit("repo", t)
            if (w != "" && (is_handler(f) || base(f) ~ /_service\.h$/))
                report(f, l, "includes " via (w != via ? " (which reaches " w ")" : "") \
                       ": a " (is_handler(f) ? "handler" : "service header") \
                       " must not see the repository layer")
            w = hit("http", t)
            if (w != "" && base(f) ~ /_(repo|service)\.[ch]$/)
                report(f, l, "includes " via (w != via ? " (which reaches " w ")" : "") \
                       ": a " (base(f) ~ /_repo/ ? "repository" : "service") \
                       " must not see HTTP")
        }
    exit bad
}
AWK
)

# check ROOT: prints the findings (sorted), returns 1 when there are any,
# 2 when the check itself failed
check() {
    (
        cd "$1"
        files=$( (find services -path 'services/*/src/*' -name '*.[ch]' 2>/dev/null || true
                  find shared -name '*.[ch]' 2>/dev/null || true) | LC_ALL=C sort)
        if [ -z "$files" ]; then
            echo "layers: no sources under $1" >&2
            exit 2
        fi
        found=$(mktemp)
        rc=0
        # shellcheck disable=SC2086 # one argument per file
        awk -v shared_repo="$SHARED_REPO_FILES" "$CHECK_AWK" $files > "$found" || rc=$?
        LC_ALL=C sort -t: -k1,1 -k2,2n "$found"
        rm -f "$found"
        exit $rc
    )
}

# ---- self-test ---------------------------------------------------------------

# put FILE LINE...: writes the lines to FILE (under the current directory)
put() {
    f=$1
    shift
    mkdir -p "$(dirname "$f")"
    printf '%s\n' "$@" > "$f"
}

# a tree that keeps its layers
fixture() {
    (
        cd "$1"
        put shared/include/koers/db.h '#include <stddef.h>' '#include "koers/problem.h"'
        put shared/include/koers/problem.h '/* kc_problem */'
        put shared/include/koers/pg.h '#include <libpq-fe.h>' '#include "koers/db.h"'
        put shared/include/koers/http.h '#include <ulfius.h>' '#include "koers/problem.h"'
        put shared/src/db.c '#include "koers/pg.h"' 'static PGresult *r;' \
            'static const char ping[] = "SELECT 1 FROM pg_catalog.pg_class";'
        put shared/src/http.c '#include "koers/http.h"' '#include "koers/db.h"' \
            'static const char *m = "DELETE";'
        put shared/src/redis.c 'static const char *c = "SELECT %d";'
        put shared/tests/test_db.c '#include "koers/pg.h"' '#include "../src/db_internal.h"' \
            'static const char *q = "SELECT id FROM koers.t";'
        put shared/src/db_internal.h '/* internal */'
        s=services/demo/src
        put $s/demo_pg.h '#include "koers/pg.h"'
        put $s/thing_model.h '#include <jansson.h>'
        put $s/thing_repo.h '#include "koers/db.h"' '#include "thing_model.h"'
        put $s/thing_repo.c '#include "thing_repo.h"' '#include "demo_pg.h"' \
            'static PGresult *r;' \
            'static const char sql[] = "SELECT id "' '                          "FROM demo.things";'
        put $s/thing_service.h '#include "koers/db.h"' '#include "thing_model.h"'
        put $s/thing_service.c '#include "thing_service.h"' '#include "thing_repo.h"'
        put $s/demo_http.h '#include "koers/http.h"'
        put $s/thing_http.c '#include "demo_http.h"' '#include "thing_service.h"' \
            'static const char *verb = "DELETE", *path = "/things/:id";'
        put $s/routes.c '#include "demo_http.h"'
        put $s/main.c '#include "demo_http.h"' '#include "koers/db.h"'
        put $s/parts/part_http.c '#include "demo_http.h"' '#include "thing_service.h"'
    )
}

# expect_fail TMP NAME FILE LINE: adds LINE at the end of FILE in a copy of
# the clean tree and checks that the finding names that file and line
expect_fail() {
    tree=$1/$2
    cp -R "$1/clean" "$tree"
    printf '%s\n' "$4" >> "$tree/$3"
    at="$3:$(wc -l < "$tree/$3" | tr -d ' '):"
    if out=$(check "$tree"); then
        echo "layers selftest: $2: not caught ($3: $4)" >&2
        return 1
    fi
    case $out in
    *"$at"*) ;;
    *)
        echo "layers selftest: $2: expected a finding at $at, got:" >&2
        echo "$out" >&2
        return 1
        ;;
    esac
}

selftest() {
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir "$tmp/clean"
    fixture "$tmp/clean"
    if ! out=$(check "$tmp/clean"); then
        echo "layers selftest: the clean tree fails:" >&2
        echo "$out" >&2
        return 1
    fi
    s=services/demo/src
    expect_fail "$tmp" handler-repo $s/thing_http.c '#include "thing_repo.h"'
    expect_fail "$tmp" folder-handler-repo $s/parts/part_http.c '#include "thing_repo.h"'
    expect_fail "$tmp" handler-libpq $s/thing_http.c '#include <libpq-fe.h>'
    expect_fail "$tmp" routes-pg $s/routes.c '#include "koers/pg.h"'
    expect_fail "$tmp" main-repo $s/main.c '#include "thing_repo.h"'
    put "$tmp/clean/$s/thing_steps.h" '#include "thing_repo.h"'
    expect_fail "$tmp" handler-repo-indirect $s/thing_http.c '#include "thing_steps.h"'
    expect_fail "$tmp" service-header-repo $s/thing_service.h '#include "thing_repo.h"'
    expect_fail "$tmp" service-private-pg $s/thing_service.c '#include "demo_pg.h"'
    expect_fail "$tmp" model-pg $s/thing_model.h '#include "koers/pg.h"'
    expect_fail "$tmp" service-pgresult $s/thing_service.c 'static PGresult *res;'
    expect_fail "$tmp" service-pqclear $s/thing_service.c 'static void f(void) { PQclear(0); }'
    expect_fail "$tmp" repo-ulfius $s/thing_repo.c '#include <ulfius.h>'
    expect_fail "$tmp" repo-http $s/thing_repo.h '#include "koers/http.h"'
    expect_fail "$tmp" repo-handler-header $s/thing_repo.c '#include "demo_http.h"'
    expect_fail "$tmp" service-http $s/thing_service.h '#include "koers/http.h"'
    expect_fail "$tmp" service-sql $s/thing_service.c 'static const char q[] = "UPDATE demo.things SET x = $1";'
    expect_fail "$tmp" sql-fragment $s/thing_service.c '    " FROM demo.things WHERE id = $1";'
    expect_fail "$tmp" sql-with $s/thing_http.c 'static const char q[] = "WITH t AS (SELECT 1) SELECT * FROM t";'
    expect_fail "$tmp" shared-services shared/src/http.c '#include "../../services/demo/src/thing_repo.h"'
    expect_fail "$tmp" shared-unknown shared/src/http.c '#include "thing_model.h"'
    expect_fail "$tmp" shared-test-services shared/tests/test_db.c '#include "thing_repo.h"'
    expect_fail "$tmp" shared-pg shared/src/http.c '#include "koers/pg.h"'
    expect_fail "$tmp" shared-db-libpq shared/include/koers/db.h '#include <libpq-fe.h>'
    expect_fail "$tmp" shared-sql shared/src/http.c 'static const char q[] = "INSERT INTO koers.t (a) VALUES ($1)";'
    [ -z "${LAYERS_SELFTEST_SHOW:-}" ] || for d in "$tmp"/*; do echo "== $d"; check "$d" || true; done
    echo "layers selftest: passed"
}

if [ "${1:-}" = "--selftest" ]; then
    selftest
    exit
fi
root=${1:-$(dirname "$0")/../..}
if ! out=$(check "$root"); then
    echo "$out"
    echo "layers: the code reaches past its layers (see tests/lint/layers.sh)" >&2
    exit 1
fi
[ -z "$out" ] || echo "$out"
echo "layers: ok"
