"""Importing closed deals, accounts and contacts from CRM exports (CSV and XLSX).

reading.py opens a file whatever its encoding, delimiter or format; values.py
turns raw cells into amounts, dates and flags with plain-language errors;
mapping.py recognises the columns of each CRM's export and keeps profiles;
outcomes.py decides won / lost / no decision / open; rows.py turns a file row
into the values to store or a reason to reject it; store.py loads what a
source already holds; writer.py and bulk.py write new and changed rows in
bulk; importer.py plans, previews and runs an import, one transaction per
file, accounting for every row.
"""
