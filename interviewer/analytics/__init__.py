"""Figures of the program (win rates, reasons, competitors) for the review report and the dashboard (no Qt)."""
