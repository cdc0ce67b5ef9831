"""Saving a Word document the app made to a file the user picks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def save_docx(parent: QWidget, content: Callable[[], bytes], suggested: str, title: str,
              path: Path | None = None) -> tuple[Path | None, str]:
    """Write ``content()`` to ``path`` (asked for when None, ``.docx`` added when missing) in one step.

    Returns the path written (None when the user cancelled or it failed) and a sentence saying what happened.
    """
    from interviewer.files import write_atomically

    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(parent, "Save report as", suggested, "Word documents (*.docx)")
        if not chosen:
            return None, ""
        path = Path(chosen)
    if path.suffix.lower() != ".docx":
        path = path.with_name(path.name + ".docx")
    try:
        write_atomically(path, content())
    except OSError as exc:
        return None, (f"The report was not saved: {path} could not be written ({exc.strerror or exc}). "
                      "Choose another folder.")
    return path, f"Saved “{title}” as {path}."
