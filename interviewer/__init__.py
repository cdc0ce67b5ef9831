"""Win-Loss Studio: the domain, its storage and the command line (no Qt here)."""

__version__ = "0.1.0"
APP_NAME = "Win-Loss Studio"
ORG_NAME = "Win-Loss Studio"
