"""edit.py - edits a workbook as a person would in a spreadsheet.

Run with Debian's /usr/bin/python3 and python3-openpyxl. Usage:

    edit.py BOOK.xlsx OUT.xlsx REF=TEXT...

sets each cell REF (A1 style) of the first sheet to the text TEXT and
saves the workbook as OUT.
"""
import sys

import openpyxl


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    wb = openpyxl.load_workbook(argv[0])
    ws = wb.worksheets[0]
    for edit in argv[2:]:
        ref, text = edit.split("=", 1)
        ws[ref].value = text
        ws[ref].data_type = "s"
    wb.save(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
