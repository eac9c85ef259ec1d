"""compare.py - checks a spreadsheet's cells against the records written.

Run with Debian's /usr/bin/python3 and python3-openpyxl. Usage:

    compare.py xlsx RECORDS.csv BOOK.xlsx
        BOOK (our -o xlsx, perhaps saved again by a spreadsheet) holds
        exactly RECORDS (the same selection as plain -o csv): the header,
        then every value, text as a text cell equal to it, a date
        (YYYY-MM-DD) as a date cell of that day, a number in NUMERIC
        columns (--numeric A,B) as a number; an empty value an empty
        cell; no cell a formula.
    compare.py excel RECORDS.csv BOOK.xlsx
        BOOK is our --excel CSV opened by a spreadsheet: every value
        shown exactly as text (formula-like text with a leading '), a
        number in a numeric column as a number; the only formulas are
        ours, ="VALUE", shown as VALUE: nothing typed was evaluated.
    compare.py changed BEFORE.csv AFTER.csv
        prints "ID FIELD" for each value that differs between two
        selections of the same records (updated_at aside).

Prints one line a difference; exit 1 when there is any, 2 on bad use.
"""
import csv
import datetime
import re
import sys

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def number_text(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


def formula_like(v):
    return v[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")


def check_xlsx(rows, book, numeric, bad):
    import openpyxl
    ws = openpyxl.load_workbook(book).worksheets[0]
    got = list(ws.iter_rows())
    if len(got) < len(rows):
        bad.append("%d rows, want %d" % (len(got), len(rows)))
    for r, rec in enumerate(rows):
        for c, want in enumerate(rec):
            cell = ws.cell(row=r + 1, column=c + 1)
            v, where = cell.value, "%s (%s)" % (cell.coordinate, rows[0][c])
            if cell.data_type == "f":
                bad.append("%s: a formula" % where)
            elif want == "":
                if v not in (None, ""):
                    bad.append("%s: not empty" % where)
            elif r and rows[0][c] in numeric:
                if cell.data_type != "n" or number_text(v) != want:
                    bad.append("%s: not the number %s" % (where, want))
            elif r and DATE.match(want):
                if not cell.is_date or v.date() != datetime.date.fromisoformat(want):
                    bad.append("%s: not the date %s" % (where, want))
            elif cell.data_type != "s" or v != want:
                bad.append("%s: %r, want the text %r" % (where, v, want))
    for row in got[len(rows):]:
        if any(c.value is not None for c in row):
            bad.append("row %d: more than was written" % row[0].row)


def check_excel(rows, book, numeric, bad):
    import openpyxl
    wf = openpyxl.load_workbook(book).worksheets[0]
    wv = openpyxl.load_workbook(book, data_only=True).worksheets[0]
    for r, rec in enumerate(rows):
        for c, want in enumerate(rec):
            f, v = wf.cell(row=r + 1, column=c + 1), wv.cell(row=r + 1, column=c + 1)
            where = "%s (%s)" % (f.coordinate, rows[0][c])
            if want == "":
                if v.value not in (None, ""):
                    bad.append("%s: not empty" % where)
                continue
            if f.data_type == "f" and f.value != '="%s"' % want.replace('"', '""'):
                bad.append("%s: a formula of its own was kept: %r" % (where, f.value))
                continue
            if r and rows[0][c] in numeric and not formula_like(want):
                if v.data_type != "n" or number_text(v.value) != want:
                    bad.append("%s: %r, want the number %s" % (where, v.value, want))
                continue
            shown = "'" + want if formula_like(want) else want
            if not isinstance(v.value, str) or v.value != shown:
                bad.append("%s: %r, want the text %r" % (where, v.value, shown))


def changed(before, after, bad):
    head = before[0]
    if after[0] != head or len(after) != len(before):
        bad.append("not the same selection")
        return
    for b, a in zip(before[1:], after[1:]):
        for name, x, y in zip(head, b, a):
            if x != y and name != "updated_at":
                bad.append("%s %s" % (b[0], name))


def main(argv):
    numeric = set()
    if len(argv) > 1 and argv[0] == "--numeric":
        numeric = set(argv[1].split(","))
        argv = argv[2:]
    if len(argv) != 3 or argv[0] not in ("xlsx", "excel", "changed"):
        print(__doc__, file=sys.stderr)
        return 2
    bad = []
    rows = read_csv(argv[1])
    if argv[0] == "changed":
        changed(rows, read_csv(argv[2]), bad)
    elif argv[0] == "xlsx":
        check_xlsx(rows, argv[2], numeric, bad)
    else:
        check_excel(rows, argv[2], numeric, bad)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
