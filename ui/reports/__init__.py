"""The Reports area: Word reports made, delivered to each team, and the log of every delivery."""
