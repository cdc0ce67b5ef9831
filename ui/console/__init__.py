"""The live interview console: a window of its own for the call (import ``ui.console.window`` when opening it)."""
