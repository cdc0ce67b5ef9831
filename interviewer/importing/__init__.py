"""Importing closed deals, accounts and contacts from CRM exports (CSV and XLSX).

reading.py opens a file whatever its encoding, delimiter or format; values.py
turns raw cells into amounts, dates and flags with plain-language errors;
mapping.py recognises the columns of each CRM's export; outcomes.py decides
won / lost / no decision / open; importer.py upserts every row in one
transaction per file and accounts for each one.
"""
