"""Finds shredded SQL in C sources: a query cut into fragments by a
formatter (or by hand) so that no one can read it, e.g. "SELEC" "T ".

    python3 tests/lint/sql_strings.py FILE...

A run is a sequence of string literals the compiler joins (nothing but
whitespace, comments and line continuations between them). A run holds SQL
when its joined text has an upper-case SQL keyword. A literal of a run is a
shred when

  - the run holds SQL and the literal is shorter than 9 characters and
    continued by the next literal of the run on the same or the next line
    ("SELEC" "T " "'t', "), unless it follows a macro (" AS fc" after
    STAT_PCT(...)). The last literal of a run may be short ("   LIMIT $3";
    "SELECT " CASE_COLS) unless it is blanks only before a macro in a
    statement of one clause per line ("a,\n" "       " COLS: the macro
    belongs on the line of its clause), or
  - it ends inside a word that the next literal continues ("resolution"
    "_due", in any run): a word cut in two, or two words glued into one
    (an escape "\\x01" or a conversion "%s" may end a literal).

A lone literal ("%s", ", ") is not a run and never a shred. Prints
FILE:LINE: and the fragments of each shredded run, and a total; exits 1 when
there is any, 0 otherwise.
"""

import re
import sys

MIN_LEN = 9
SQL_WORDS = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|JOIN|VALUES|RETURNING|GROUP BY|ORDER BY"
    r"|UNION|LIMIT|AND|OR|SET|WITH|CASE|WHEN|THEN|END|NULL|AS)\b")
WORD = re.compile(r"\w")
# a literal may end in an escape (a newline, or a hex escape that the end of
# the literal ends) or in a printf conversion ("%s", "%zu") before more text
ESCAPE_END = re.compile(r"(\\(x[0-9A-Fa-f]*|[0-7]{1,3}|[a-z])|%[-+ #0-9.*]*[hljztL]*[a-zA-Z])$")


def literals(src):
    """Yields the tokens of src that matter here: ('S', line, end_line, text)
    for a string literal (text as written, escapes not decoded) and
    ('T', line, line, text) for anything else, which breaks a run (its
    text None for a character literal)."""
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "\\" and src.startswith("\n", i + 1):  # line continuation
            line += 1
            i += 2
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += src.count("\n", i, j)
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            if c == '"':
                yield ("S", line, line, src[i + 1:j])
            else:
                yield ("T", line, line, None)
            i = j + 1
        else:
            # an identifier (a macro, an encoding prefix like u8) or a
            # punctuator ends a run
            m = re.compile(r"\w+").match(src, i)
            j = m.end() if m else i + 1
            if m and j < n and src[j] == '"' and m.group(0) in ("L", "u", "U", "u8"):
                i = j  # an encoding prefix belongs to the literal
                continue
            yield ("T", line, line, src[i:j])
            i = j


def runs(tokens):
    """Yields (before, run, after): each run of two or more literals and the
    tokens before and after it (None at either end of the file)."""
    run, before, last = [], None, None
    for tok in tokens:
        if tok[0] == "S":
            if not run:
                before = last
            run.append(tok)
        else:
            if len(run) >= 2:
                yield before, run, tok
            run = []
        last = tok
    if len(run) >= 2:
        yield before, run, None


def shreds(before, run, after=None):
    """The literals of run that are shreds."""
    sql = SQL_WORDS.search("".join(t[3] for t in run))
    after_macro = before is not None and before[3] is not None and re.match(r"\w|\)", before[3])
    out = []
    for k, (cur, nxt) in enumerate(zip(run, run[1:])):
        text, following = cur[3], nxt[3]
        short = (sql and len(text) < MIN_LEN and nxt[1] - cur[2] <= 1
                 and not (k == 0 and after_macro))
        glued = (text and following and WORD.match(text[-1]) and WORD.match(following[0])
                 and not ESCAPE_END.search(text))
        if short or glued:
            out.append(cur)
    # a last literal of nothing but blanks before a macro: the indentation of
    # an interpolated expression cut off its clause ("x,\n" "       " COLS)
    # (in a statement written one clause per line: the literal before ends
    # in a newline)
    last = run[-1][3]
    if (sql and last is not None and last.strip() == "" and run[-2][3].endswith("\\n")
            and after is not None and after[3] is not None
            and re.match(r"[A-Za-z_]", after[3])):
        out.append(run[-1])
    return out


def main(paths):
    total = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            src = f.read()
        for before, run, after in runs(literals(src)):
            bad = shreds(before, run, after)
            if not bad:
                continue
            total += len(bad)
            shown = " ".join('"%s"' % t[3] for t in bad[:6])
            more = " ..." if len(bad) > 6 else ""
            print("%s:%d: shredded string, %d fragment(s): %s%s" % (path, bad[0][1], len(bad), shown,
                                                                  more))
    if total:
        print("sql-strings: %d shredded fragment(s): write SQL one clause per line, one literal "
              "per line; no literal shorter than %d characters continued by the next, no word "
              "cut in two" % (total, MIN_LEN))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
