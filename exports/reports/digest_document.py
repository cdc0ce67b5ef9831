"""A team's digest as a Word document: the takeaways routed to it in a period, by theme, and what changed.

Built from ``Digest`` (gathered in interviewer/reporting, which already replaces reps' names) with the shared
docx kit. The navigation pane shows "Themes" (one Heading 2 per theme, most-raised first) and "What changed since
the previous digest". Quotes are attributed to an anonymous buyer description unless the digest has identities.
"""

from __future__ import annotations

from datetime import datetime

from docx.document import Document

from exports.docx_kit import (
    GREY,
    SMALL_PT,
    Styled,
    banner,
    bullet,
    document_bytes,
    heading,
    new_document,
    page_footer,
    paragraph,
    quote,
    table,
)
from exports.reports.interview_document import takeaway_point
from interviewer.analytics.figures import EARLY_SIGNAL_N
from interviewer.reporting.digest import Digest, DigestTakeaway, Theme

THEMES = "Themes"
CHANGES = "What changed since the previous digest"


def digest_document(digest: Digest, *, made_at: datetime | None = None) -> Document:
    """The digest laid out as a python-docx ``Document`` (not saved), made ``made_at`` (default: now)."""
    team, period = digest.team.label, digest.period.label
    document = new_document(f"{team} digest", subtitle=f"{period} · {_interviews(digest.interviews)}", when=made_at)
    document.core_properties.title = digest.title
    page_footer(document, f"{digest.title} · " + ("with identities" if digest.identities
                                                  else "anonymous: buyers described by role"))
    if not digest.themes:
        paragraph(document, f"No takeaways were routed to {team} from interviews wrapped up in {period}.")
    else:
        paragraph(document, f"What buyers said in {_interviews(digest.interviews)} wrapped up in {period}, in the "
                            f"takeaways routed to {team}. Themes come in the order of how many interviews raised "
                            "them; each takeaway is followed by the buyer’s own words.")
        if digest.interviews < EARLY_SIGNAL_N:
            banner(document, f"{_interviews(digest.interviews)} this period. Read these themes as early signals to "
                             "check in the next interviews, not as findings.", "early_signal")
        _themes(document, digest.themes)
    _changes(document, digest)
    return document


def digest_bytes(digest: Digest, *, made_at: datetime | None = None) -> bytes:
    """The digest as .docx bytes."""
    return document_bytes(digest_document(digest, made_at=made_at))


def _interviews(count: int) -> str:
    return f"{count} interview{'s' if count != 1 else ''}"


def _themes(document: Document, themes: tuple[Theme, ...]) -> None:
    heading(document, THEMES, 1)
    table(document, ("Theme", "Interviews", "Takeaways"),
          [(theme.name, str(theme.interviews), str(len(theme.takeaways))) for theme in themes],
          widths=(11.0, 3.0, 3.0), align="lrr")
    for theme in themes:
        heading(document, theme.name, 2)
        raised = paragraph(document, Styled(f"Raised in {_interviews(theme.interviews)}.", size=SMALL_PT, color=GREY))
        raised.paragraph_format.keep_with_next = True
        for takeaway in theme.takeaways:
            _takeaway(document, takeaway)


def _takeaway(document: Document, takeaway: DigestTakeaway) -> None:
    point = takeaway_point(document, takeaway.text, takeaway.sentiment, takeaway.kind, takeaway.importance)
    point.paragraph_format.keep_with_next = bool(takeaway.quotes)
    for said in takeaway.quotes:
        quote(document, said.text, said.buyer)


def _changes(document: Document, digest: Digest) -> None:
    heading(document, CHANGES, 1)
    since = digest.previous.label
    if not digest.changes:
        paragraph(document, f"The themes were raised as often as in {since}." if digest.themes
                  else f"Nothing was routed to {digest.team.label} in {since} either.")
        return
    paragraph(document, Styled(f"Compared with {since}, by the number of interviews raising each theme.",
                               size=SMALL_PT, color=GREY)).paragraph_format.keep_with_next = True
    for number, change in enumerate(digest.changes, start=1):
        bullet(document, change.text).paragraph_format.keep_with_next = number < len(digest.changes)  # one block
