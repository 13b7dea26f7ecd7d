#!/usr/bin/python3
"""Independent reader for exported workbooks (used by tests): prints JSON with every sheet's
rows, cell types, number formats, and whether any cell holds a formula.

Usage: /usr/bin/python3 scripts/read-xlsx.py file.xlsx
"""
import datetime
import json
import sys
import zipfile

import openpyxl


def plain(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


def main(path):
    wb = openpyxl.load_workbook(path, data_only=False)
    sheets = {}
    any_formula = False
    for ws in wb.worksheets:
        rows, types, formats = [], [], []
        formula_cells = []
        for row in ws.iter_rows():
            rows.append([plain(c.value) for c in row])
            types.append([c.data_type for c in row])
            formats.append([c.number_format for c in row])
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.data_type != "s" and c.value.startswith("=")):
                    formula_cells.append(c.coordinate)
        any_formula = any_formula or bool(formula_cells)
        sheets[ws.title] = {
            "rows": rows,
            "types": types,
            "formats": formats,
            "formulaCells": formula_cells,
            "frozen": ws.freeze_panes,
            "autoFilter": ws.auto_filter.ref,
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
        }
    # Raw check, independent of openpyxl's interpretation: no <f> element in any sheet XML.
    with zipfile.ZipFile(path) as z:
        xml_formula = [
            n for n in z.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml") and (b"<f>" in z.read(n) or b"<f " in z.read(n))
        ]
    print(json.dumps({
        "sheetNames": wb.sheetnames,
        "sheets": sheets,
        "anyFormula": any_formula or bool(xml_formula),
        "xmlFormulaParts": xml_formula,
    }, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: read-xlsx.py file.xlsx")
    main(sys.argv[1])
