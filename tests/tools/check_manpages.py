#!/usr/bin/python3
"""Compares the tables in the code with the man pages that document them.

The message table in src/base/diag.c against crier(1) DIAGNOSTICS, and the
field table in src/record/fields.c against the FIELDS table of crier-records(5).

Every message format in the table must be documented by at least one
`.It Sy "..."` item of the DIAGNOSTICS section, and every such item must be
a text that some format of the table can print.  A printf conversion (%s,
%u, %02X, ...) in a format stands for any text, so the man page's
"unknown time zone 'ZONE'" documents "unknown time zone '%s'".

Every field of the table must have a row in crier-records(5), with a dash
in exactly the columns (feed.conf, announcement, talk) where the field may
not appear.

Usage: check_manpages.py ROOT; prints one line per mismatch and exits 1 if
there is any.
"""
import os
import re
import sys


def c_string(literals):
    """The value of adjacent C string literals (without the quotes)."""
    text = "".join(literals)
    return re.sub(r'\\(["\\])', r"\1", text)


def read_table(path):
    """[(line, MSG_NAME, severity, format)] from the messages[] table."""
    src = open(path, encoding="utf-8").read()
    start = src.index("messages[MSG__COUNT] = {")
    end = src.index("\n};", start)
    body = src[start:end]
    first_line = src.count("\n", 0, start) + 1
    entry = re.compile(r'\[(MSG_\w+)\]\s*=\s*\{\s*([WE])\s*,'
                       r'((?:\s*"(?:[^"\\]|\\.)*")+)\s*\}')
    table = []
    for m in entry.finditer(body):
        literals = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(3))
        line = first_line + body.count("\n", 0, m.start())
        table.append((line, m.group(1), m.group(2), c_string(literals)))
    if not table:
        sys.exit(f"{path}: no message table found")
    return table


def roff_text(s):
    """The printed text of a quoted mdoc argument."""
    for escape, char in ((r"\-", "-"), (r"\(aq", "'"), (r"\(dq", '"'),
                         (r"\&", ""), (r"\e", "\\"), (r"\ ", " ")):
        s = s.replace(escape, char)
    return s


def read_manpage(path):
    """[(line, text, is_warning)] of the `.It Sy "..."` items under
    .Sh DIAGNOSTICS.  Items in a row share the description that follows
    them, which says "Warning." for a warning."""
    items, group, described, inside = [], [], [], False

    def flush():
        is_warning = any(re.search(r"\bWarning\.", d) for d in described)
        items.extend((n, text, is_warning) for n, text in group)
        group.clear()
        described.clear()

    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith(".Sh "):
            flush()
            inside = line == ".Sh DIAGNOSTICS"
            continue
        if not inside:
            continue
        m = re.match(r'\.It Sy "(.*)"\s*$', line)
        if m:
            if described:
                flush()
            group.append((n, roff_text(m.group(1))))
        elif line.startswith((".It", ".El", ".Ss")):
            flush()
        elif group:
            described.append(line)
    flush()
    if not items:
        sys.exit(f"{path}: no DIAGNOSTICS items found")
    return items


def pattern(fmt):
    """A regular expression matching every text FMT can print."""
    parts = re.split(r"%[-+ #0-9.]*[a-zA-Z]", fmt.replace("%%", "\0"))
    return re.compile(".+".join(re.escape(p).replace("\0", "%")
                                for p in parts) + r"\Z", re.S)


def read_fields(path):
    """{Name: (line, set of places it may appear)} from specs[]."""
    src = open(path, encoding="utf-8").read()
    start = src.index("specs[F_COUNT] = {")
    end = src.index("\n};", start)
    fields = {}
    for m in re.finditer(r'\[F_\w+\]\s*=\s*\{"([^"]+)",\s*([^,]+),',
                         src[start:end]):
        places = {p for p, flag in (("conf", "IN_CONF"), ("ann", "IN_ANN"),
                                    ("talk", "IN_TALK"))
                  if flag in m.group(2) or "IN_ALL" in m.group(2) or
                  (p != "conf" and "IN_RECORD" in m.group(2))}
        line = src.count("\n", 0, start + m.start()) + 1
        fields[m.group(1)] = (line, places)
    if not fields:
        sys.exit(f"{path}: no field table found")
    return fields


def read_field_rows(path):
    """{Name: (line, set of places)} from the .Sh FIELDS column table."""
    rows, inside = {}, False
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.startswith(".Sh "):
            inside = line.strip() == ".Sh FIELDS"
        m = re.match(r"\.It Cm (\S+) Ta (.*)$", line) if inside else None
        if m:
            cells = [c.strip() for c in m.group(2).split(" Ta ")]
            rows[m.group(1)] = (n, {p for p, c in zip(("conf", "ann", "talk"),
                                                      cells) if c != r"\-"})
    if not rows:
        sys.exit(f"{path}: no FIELDS table found")
    return rows


def compare_fields(fields_c, records_5):
    problems = []
    fields = read_fields(fields_c)
    rows = read_field_rows(records_5)
    for name, (line, places) in fields.items():
        if name not in rows:
            problems.append(f"{fields_c}:{line}: field {name} is missing "
                            f"from the FIELDS table of {records_5}")
        elif rows[name][1] != places:
            problems.append(f"{records_5}:{rows[name][0]}: field {name} "
                            f"may appear in {sorted(places)}, the table "
                            f"says {sorted(rows[name][1])}")
    for name, (n, _) in rows.items():
        if name not in fields:
            problems.append(f"{records_5}:{n}: FIELDS lists {name}, which "
                            f"{fields_c} does not know")
    return problems


def compare_messages(diag_c, crier_1):
    table = read_table(diag_c)
    items = read_manpage(crier_1)
    compiled = [(line, name, sev, fmt, pattern(fmt))
                for line, name, sev, fmt in table]
    problems = []
    for line, name, sev, fmt, rx in compiled:
        if not any(rx.match(text) for _, text, _ in items):
            problems.append(f'{diag_c}:{line}: {name} "{fmt}" is missing '
                            f'from {crier_1} DIAGNOSTICS (add an .It Sy '
                            f'item for it)')
    for n, text, is_warning in items:
        sevs = {sev for _, _, sev, _, rx in compiled if rx.match(text)}
        if not sevs:
            problems.append(f'{crier_1}:{n}: DIAGNOSTICS documents "{text}",'
                            f' which no message in {diag_c} prints (update '
                            f'or remove it)')
        elif is_warning and "W" not in sevs:
            problems.append(f'{crier_1}:{n}: "{text}" is described as a '
                            f'warning, but {diag_c} makes it an error')
        elif not is_warning and "E" not in sevs:
            problems.append(f'{crier_1}:{n}: "{text}" is a warning in '
                            f'{diag_c}: its description must say '
                            f'"Warning."')
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    os.chdir(root)
    problems = compare_messages("src/base/diag.c", "man/crier.1")
    problems += compare_fields("src/record/fields.c", "man/crier-records.5")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
