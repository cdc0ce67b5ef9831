"""Win-Loss Studio's entry points: the `winloss` command, the demo program's builder and the window's launcher.

They stand on top of everything else and are the only code that may import every layer:
``winloss → ui → exports → question_bank → interviewer`` (``tests/test_layering.py`` checks each edge).
"""
