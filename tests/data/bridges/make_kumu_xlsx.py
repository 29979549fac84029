"""Writes wool.kumu.xlsx: a value chain map in the form of Kumu's spreadsheet import.

Kumu's import guide: an `Elements` sheet whose first row names the columns (`Label`
first, then `Type`, `Description`, `Tags` and any custom fields) and a `Connections`
sheet (`From`, `To`, `Type`, `Direction` and fields); several values in one cell are
separated by `|`, several labels in a `To` cell make one connection each; sheets whose
name holds `(ignore)` are skipped. Run it again to remake the file:

    .venv/bin/python tests/data/bridges/make_kumu_xlsx.py
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

ELEMENTS = [
    [
        "Label",
        "Type",
        "Description",
        "Tags",
        "Location",
        "Capacity",
        "Output",
        "Needs",
        "Interests",
        "Demand",
    ],
    [
        "Mountain Sheep Ranchers",
        "Producer",
        "Forty ranch families, most on leased land.",
        "local|margins|core",
        "Sierra County",
        "8000 kg/yr",
        "5000 kg/yr",
        "Financing|Training|Shearing crew",
        "increases income|creates better jobs",
        None,
    ],
    [
        "Valley Wool Mill",
        "Processor Partner",
        "Washes, cards and spins.",
        "local",
        None,
        "12000 kg/yr",
        "6000 kg/yr",
        None,
        "ensures reliable supply",
        None,
    ],
    [
        "Highland Knitters Guild",
        "processor",
        None,
        "local | aware",
        None,
        None,
        None,
        "market development",
        "develops marketable skill or capacity",
        None,
    ],
    [
        "Outdoor Gear Co",
        "Demand Partner",
        "Wants a regional wool line for its stores.",
        "unaware",
        "Denver",
        None,
        None,
        None,
        "improves image|produces better quality",
        "9000 kg/yr",
    ],
    [
        "Café Lana",
        "Buyer",
        "A yarn café downtown.",
        None,
        None,
        None,
        None,
        None,
        None,
        "400 kg/yr",
    ],
    ["Shear", "Function", None, None, None, None, None, None, None, None],
    ["Wash and spin", "Function", None, None, None, None, None, None, None, None],
    ["Knit and sew", "Function", None, None, None, None, None, None, None, None],
    [
        "Abandoned textile mill",
        "Resource",
        "Closed in 1998; the looms are still there.",
        None,
        "Leadville",
        None,
        None,
        None,
        None,
        None,
    ],
]
ORGANIZATIONS = [
    ["Label", "Type", "Services", "Website"],
    [
        "State Small Business Center",
        "Support",
        "technical assistance|market development",
        "https://sbdc.example.org",
    ],
    ["Sierra Community Fund", "Funder", "financing|coordination", None],
]
CONNECTIONS = [
    ["From", "To", "Type", "Direction", "Label", "Amount"],
    ["Mountain Sheep Ranchers", "Valley Wool Mill", "Raw wool", "directed", "fleece", "5000 kg/yr"],
    ["Valley Wool Mill", "Highland Knitters Guild|Outdoor Gear Co", "Yarn", None, "yarn", None],
    ["Highland Knitters Guild", "café lana", "Yarn", None, "sweaters", None],
    ["Outdoor Gear Co", "Valley Wool Mill", "Payment", "directed", None, None],
    ["State Small Business Center", "Mountain Sheep Ranchers", "Support", None, None, None],
    ["Sierra Community Fund", "Valley Wool Mill", "Support", None, None, None],
    ["Sierra Community Fund", "Mountain Sheep Ranchers", "Payment", None, "shearing loans", None],
    ["Mountain Sheep Ranchers", "Shear", "Performs", None, None, None],
    ["Valley Wool Mill", "Wash and spin", None, None, None, None],
    ["Highland Knitters Guild", "Knit and sew", None, None, None, None],
    ["Shear", "Wash and spin", None, None, None, None],
    ["Wash and spin", "Knit and sew", None, None, None, None],
    ["Abandoned textile mill", "Valley Wool Mill", None, None, None, None],
]


def main() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Elements"
    for row in ELEMENTS:
        sheet.append(row)
    organizations = book.create_sheet("Organizations")
    for row in ORGANIZATIONS:
        organizations.append(row)
    connections = book.create_sheet("Connections")
    for row in CONNECTIONS:
        connections.append(row)
    notes = book.create_sheet("Notes (ignore)")
    notes.append(["Label", "Type"])
    notes.append(["Mapped at the Leadville convening", "Note"])
    book.save(Path(__file__).with_name("wool.kumu.xlsx"))


if __name__ == "__main__":
    main()
