"""Importing deals: the import dialog and the Imports area (the history of every import)."""
