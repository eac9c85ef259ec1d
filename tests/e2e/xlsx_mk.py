# xlsx_mk.py - builds a workbook (.xlsx) for the tests from literal XML,
# with python3's zipfile alone: xlsx_mk.py OUT SHEET.xml [key=value...]
# where keys are sst=FILE, styles=FILE (the parts' XML), date1904=1,
# target=NAME (the sheet's Target in the workbook's relationships),
# prefix=1 (the workbook's and sheet's elements in a prefix, x:), other=1
# (a second sheet, "Other", after the first), state=STATE (the first
# sheet's, e.g. hidden), sstpart=NAME and stylespart=NAME (the Targets of
# relationships of those types, the parts stored there; without them the
# relationships name neither, and the parts have their usual names) and
# strict=1 (those relationships' types in the strict form).
import sys
import zipfile

out, sheet = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
opt = dict(a.split("=", 1) for a in sys.argv[3:])
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P = "http://schemas.openxmlformats.org/package/2006/relationships"
target = opt.get("target", "worksheets/sheet1.xml")
part = target[1:] if target.startswith("/") else "xl/" + target
pr = '<workbookPr date1904="%s"/>' % opt["date1904"] if "date1904" in opt else ""
state = ' state="%s"' % opt["state"] if "state" in opt else ""
sheets = '<sheet name="Sheet1" sheetId="1" r:id="rId1"%s/>' % state
if opt.get("other"):
    sheets += '<sheet name="Other" sheetId="2" r:id="rId9"/>'
workbook = ('<workbook xmlns="%s" xmlns:r="%s">%s<sheets>%s</sheets>'
            '</workbook>' % (S, R, pr, sheets))
if opt.get("prefix"):
    workbook = workbook.replace("<", "<x:").replace("<x:/", "</x:").replace(
        "xmlns=", "xmlns:x=")
RT = "http://purl.oclc.org/ooxml/officeDocument/relationships" if opt.get("strict") else R
parts = {"sst": "xl/sharedStrings.xml", "styles": "xl/styles.xml"}
more = ""
for key, kind in (("sst", "sharedStrings"), ("styles", "styles")):
    t = opt.get(key + "part")
    if t:
        parts[key] = t[1:] if t.startswith("/") else "xl/" + t
        more += '<Relationship Id="rId%s" Type="%s/%s" Target="%s"/>' % (
            kind, RT, kind, t)
rels = ('<Relationships xmlns="%s">'
        '<Relationship Id="rId9" Type="%s/worksheet" Target="worksheets/sheet2.xml"/>'
        '%s<Relationship Id="rId1" Type="%s/worksheet" Target="%s"/>'
        '</Relationships>' % (P, R, more, R, target))
types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/></Types>')
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", types)
    z.writestr("_rels/.rels", '<Relationships xmlns="%s"><Relationship Id="rId1" '
               'Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (P, R))
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?>' + workbook)
    z.writestr("xl/_rels/workbook.xml.rels", rels)
    z.writestr(part, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + sheet)
    z.writestr("xl/worksheets/sheet2.xml", '<worksheet xmlns="%s"><sheetData>'
               '<row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row>'
               '</sheetData></worksheet>' % S)
    for key, name in parts.items():
        if key in opt:
            z.writestr(name, open(opt[key], encoding="utf-8").read())
