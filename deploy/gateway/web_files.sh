#!/bin/sh
# Prints the files of the workplace's installed npm packages that it refers
# to, one a line, as paths inside the packages' folder (preact/dist/
# preact.mjs): the lines of services/web/vendor.txt (the app's own list;
# `#` starts a comment) and every /vendor/<path> in its index.html (the
# import map, the style sheets), app/ modules and styles/. The gateway
# serves exactly these under /vendor/ (deploy/gateway/render.sh) and the
# gateway image carries exactly these (deploy/docker/gateway.Dockerfile);
# nothing else of the packages is reachable.
#
#   sh deploy/gateway/web_files.sh WEB_ROOT
set -eu
web=${1:?usage: web_files.sh WEB_ROOT}
{
    [ ! -f "$web/vendor.txt" ] || sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
        -e 's|^/*|/vendor/|' "$web/vendor.txt"
    [ ! -f "$web/index.html" ] || cat "$web/index.html"
    for d in app styles; do
        [ ! -d "$web/$d" ] || find "$web/$d" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.css' \) \
            -exec cat {} +
    done
} | grep -oE '/vendor/[A-Za-z0-9@_][A-Za-z0-9@._/-]*\.(mjs|js|css|woff2|svg)' |
    sed 's|^/vendor/||' | grep -vE '(^|/)\.' | LC_ALL=C sort -u || true
