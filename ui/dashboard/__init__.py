"""The Dashboard area: the program's figures, charts with click-through to their deals, the weekly summary."""
