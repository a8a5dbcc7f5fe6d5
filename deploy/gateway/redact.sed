# The gateway's error log, redacted (sed -u -E -f redact.sed): nginx quotes
# the request line, the upstream URL and the referrer in its error lines
# (rate limits, upstream errors, timeouts, bad requests), and no directive
# masks them. Every start-up pipes nginx's stderr through this script
# (tests/lib/stack.sh, deploy/docker/gateway-entrypoint.sh). It writes `-`
# in place of: a token path segment (the citizen's tracking token, also
# Open311's tokens/{token}; an official's referral link; a respondent's
# invitation token), an Open311 api_key value, a JWT, any run of 40 or more
# token characters (API keys kk_..., survey tokens st_..., tokens under a
# path no rule names; a UUID has 36), and a header line nginx quotes.
# Everything else stays: time, level, client address, status, upstream
# address, request id, the method and the rest of the path.
s#(/(tracking|referral-links|invitations|tokens)/)[^/?&";[:space:]]+#\1-#Ig
s#(api(_|%5f)key(=|%3d))[^&;"[:space:]]*#\1-#Ig
s#eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_.-]*#-#g
s#[A-Za-z0-9_-]{40,}#-#g
s#(header line: ").*(", client: )#\1-\2#
s#((header( line)?|previous value): ")[^"]*#\1-#g
