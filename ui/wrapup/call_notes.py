"""The read-only side panel: what the call recorded, question by question, to write takeaways from."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from interviewer.console.calls import Call, CallItem
from interviewer.console.timers import clock_text
from interviewer.enums import GuideItemState


def question_label(item: CallItem, limit: int | None = None) -> str:
    """"Q4 What was the biggest factor…", numbered as in the guide."""
    text = item.text if limit is None or len(item.text) <= limit else item.text[: limit - 1].rstrip() + "…"
    return f"Q{item.position + 1} {text}"


def call_notes_html(call: Call) -> str:
    """The notes, quotes and reason tags of each question that has any, in guide order; loose quotes last."""
    parts: list[str] = []
    for item in call.items:
        note = call.notes.get(item.id)
        quotes = [q for q in call.quotes if q.item_id == item.id]
        tags = [t for t in call.tags if t.item_id == item.id]
        if not (note and note.text.strip()) and not quotes and not tags:
            continue
        spent = f" · {clock_text(item.spent_seconds)}" if item.spent_seconds else ""
        skipped = " · skipped" if item.state in (GuideItemState.SKIPPED, GuideItemState.DROPPED) else ""
        parts.append(f"<h4 style='margin-bottom:2px'>{escape(question_label(item))}</h4>"
                     f"<div style='color:gray; font-size:small'>{escape(item.phase.label)}{spent}{skipped}</div>")
        if note and note.text.strip():
            parts.append(f"<p style='margin-top:4px'>{escape(note.text.strip()).replace(chr(10), '<br>')}</p>")
        parts.extend(_quote(q.text, q.offset_seconds) for q in quotes)
        if tags:
            parts.append("<p style='font-size:small'>Tags: " + ", ".join(
                f"{escape(t.reason.label)} (at {clock_text(t.offset_seconds)})" for t in tags) + "</p>")
    loose = [q for q in call.quotes if q.item_id is None]
    if loose:
        parts.append("<h4>Quotes not tied to a question</h4>")
        parts.extend(_quote(q.text, q.offset_seconds) for q in loose)
    if not parts:
        return "<p style='color:gray'>Nothing was written down in this call: no notes, quotes or tags.</p>"
    return "".join(parts)


def _quote(text: str, offset: int) -> str:
    return (f"<blockquote style='margin:4px 0 4px 12px'><i>“{escape(text)}”</i>"
            f" <span style='color:gray'>at {clock_text(offset)}</span></blockquote>")


class CallNotesPanel(QTextBrowser):
    """The call's notes, quotes and tags, read-only; text can be selected and copied into a takeaway."""

    def __init__(self, call: Call | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callNotes")
        self.setAccessibleName("Notes and quotes from the call")
        self.setToolTip("What the call recorded, question by question (read only; select and Ctrl+C to copy)")
        self.setOpenLinks(False)
        self.setHtml(call_notes_html(call) if call else "")
