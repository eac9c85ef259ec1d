"""cells.py - what a workbook holds, cell by cell, as a spreadsheet sees it.

Run with Debian's /usr/bin/python3 and python3-openpyxl (the tests call it
so, whatever python3 is first on PATH). Usage:

    cells.py BOOK.xlsx            one line a non-empty cell:
                                  REF<TAB>TYPE<TAB>VALUE, TYPE s (text),
                                  n (number), d (date: VALUE YYYY-MM-DD),
                                  b (truth value), f (a formula: VALUE is it)
    cells.py --values BOOK.xlsx   the same with each formula's cached value
                                  in place of the formula (what is shown)
    cells.py --sheet BOOK.xlsx    the sheet's layout: "freeze REF", "bold
                                  ROW" for a row whose cells are all bold,
                                  "width COL W" for each column set, "text
                                  COL,COL..." the columns in the Text
                                  format (@), "plain N" the text cells
                                  below the header that are not

Line breaks and tabs in values are written as \\n and \\t; exit 2 when the
file is not a workbook openpyxl can read.
"""
import sys

import openpyxl


def shown(v):
    return str(v).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def main(argv):
    mode = "cells"
    if argv and argv[0] in ("--values", "--sheet"):
        mode = argv.pop(0)[2:]
    try:
        wb = openpyxl.load_workbook(argv[0], data_only=(mode == "values"))
    except Exception as e:  # not a workbook
        print("cells.py: %s: %s" % (argv[0], e), file=sys.stderr)
        return 2
    ws = wb.worksheets[0]
    out = []
    if mode == "sheet":
        out.append("freeze %s" % ws.freeze_panes)
        for row in ws.iter_rows():
            cells = [c for c in row if c.value is not None]
            if cells and all(c.font is not None and c.font.b for c in cells):
                out.append("bold %d" % cells[0].row)
        cols = sorted(ws.column_dimensions, key=lambda c: (len(c), c))
        for k in cols:
            d = ws.column_dimensions[k]
            if d.width:
                out.append("width %s %.2f" % (k, d.width))
        out.append("text %s" % ",".join(k for k in cols
                                        if ws.column_dimensions[k].number_format == "@"))
        header = ws.freeze_panes and int(ws.freeze_panes[1:]) - 1 or 1
        out.append("plain %d" % sum(1 for row in ws.iter_rows(min_row=header + 1)
                                    for c in row
                                    if c.data_type == "s" and c.value is not None
                                    and c.number_format != "@"))
    else:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if c.data_type == "f":
                    t, v = "f", c.value
                elif c.is_date:
                    t, v = "d", c.value.date().isoformat()
                elif c.data_type == "b":
                    t, v = "b", c.value
                elif c.data_type == "n":
                    t, v = "n", repr(c.value)
                else:
                    t, v = "s", c.value
                out.append("%s\t%s\t%s" % (c.coordinate, t, shown(v)))
    sys.stdout.write("".join(l + "\n" for l in out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
