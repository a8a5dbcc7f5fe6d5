# Sourced (POSIX sh) by the image scripts: finds the Debian package mirror
# in this machine's own apt configuration, at run time (no mirror is ever
# written into the repository).
#
#   koers_mirror_url        -> prints the mirror URL of the bookworm suite
#   koers_mirror_host_args  -> prints "--add-host NAME:ADDR" when the
#                              mirror's host name is mapped in /etc/hosts
#                              (containers do not inherit /etc/hosts)

koers_mirror_url() {
    url=""
    for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        # deb822: the URIs of the stanza whose Suites name bookworm itself
        url=$(awk '
            BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; suites = ""
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^URIs:/)   { uris = $i;   sub(/^URIs:[ \t]*/, "", uris) }
                    if ($i ~ /^Suites:/) { suites = " " $i " " }
                }
                if (uris != "" && suites ~ /[ \t]bookworm[ \t]/) { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' "$f")
        [ -n "$url" ] && break
    done
    if [ -z "$url" ]; then
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -r "$f" ] || continue
            url=$(awk '$1 == "deb" {
                    i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                    if ($(i + 1) == "bookworm") { print $i; exit } }' "$f")
            [ -n "$url" ] && break
        done
    fi
    [ -n "$url" ] || { echo "no Debian bookworm mirror found in /etc/apt/sources.list(.d)" >&2; return 1; }
    printf '%s\n' "${url%/}"
}

koers_mirror_host_args() {
    url=$(koers_mirror_url) || return 1
    host=${url#*://}
    host=${host%%/*}
    host=${host##*@}
    host=${host%:*}
    # an address needs no mapping
    printf '%s' "$host" | grep -Eq '^[0-9.]+$|:' && return 0
    addr=$(awk -v h="$host" '$1 !~ /^#/ { for (i = 2; i <= NF; i++) if ($i == h) { print $1; exit } }' /etc/hosts)
    [ -n "$addr" ] && printf -- '--add-host %s:%s\n' "$host" "$addr"
    return 0
}
