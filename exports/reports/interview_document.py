"""The interview report as a Word document: the buyer, the decision, the takeaways by team, and the full record.

Built from ``InterviewReport`` (gathered and made anonymous in interviewer/reporting) with the shared docx kit:
Word's built-in styles, so the navigation pane shows "The decision", "Takeaways by team" (one Heading 2 per
team, or per teams sharing takeaways: each takeaway appears once) and "Appendix: the full record" (one
Heading 2 per phase of the call).
"""

from __future__ import annotations

from datetime import datetime

from docx.document import Document
from docx.text.paragraph import Paragraph

from exports.docx_kit import (
    GREY,
    OUTCOME_COLOURS,
    SMALL_PT,
    Styled,
    Text,
    banner,
    bullet,
    document_bytes,
    format_date,
    heading,
    new_document,
    page_footer,
    paragraph,
    quote,
    table,
    tidy,
)
from interviewer.enums import (
    NO_COMPETITOR,
    GuideItemState,
    Outcome,
    RepReason,
    Sentiment,
    TakeawayKind,
    Team,
    named_competitor,
)
from interviewer.reporting.interview_report import (
    InterviewReport,
    QuoteLine,
    TakeawayLine,
)

DECISION = "The decision"
TAKEAWAYS = "Takeaways by team"
APPENDIX = "Appendix: the full record"
NO_TAKEAWAYS = "No takeaways were written for this interview."
NOT_ROUTED = "Not routed to a team"
NOT_RECORDED = "not recorded"


def interview_document(report: InterviewReport, *, made_at: datetime | None = None) -> Document:
    """The report laid out as a python-docx ``Document`` (not saved), made ``made_at`` (default: now)."""
    document = new_document("Interview report", subtitle=_subtitle(report), when=made_at)
    document.core_properties.title = tidy(report.title)
    page_footer(document, f"Interview {report.interview_id} · " + ("with identities" if report.identities
                                                                    else "anonymous: buyer described by role"))
    _profile(document, report)
    _decision(document, report)
    _takeaways(document, report)
    _record(document, report)
    return document


def interview_bytes(report: InterviewReport, *, made_at: datetime | None = None) -> bytes:
    """The report as .docx bytes."""
    return document_bytes(interview_document(report, made_at=made_at))


def _subtitle(report: InterviewReport) -> str:
    """"Lost to Quillmark · held 17 November 2026": what happened, in one line under the title."""
    said = report.outcome.label
    rival = tidy(report.competitor) if named_competitor(report.competitor) else ""
    if rival and report.outcome is Outcome.LOST:
        said += f" to {rival}"
    elif rival and report.outcome is Outcome.WON:
        said += f" against {rival}"
    return said + (f" · held {format_date(report.held_on)}" if report.held_on else "")


def _outcome(outcome: Outcome | None) -> Text:
    if outcome is None:
        return Styled(NOT_RECORDED, italic=True, color=GREY)
    return Styled(outcome.label, bold=True, color=OUTCOME_COLOURS.get(outcome))


def _reason(reason: RepReason | None) -> Text:
    return reason.label if reason is not None else Styled(NOT_RECORDED, italic=True, color=GREY)


def _profile(document: Document, report: InterviewReport) -> None:
    rows: list[tuple[str, Text]] = [*report.facts, ("Outcome", _outcome(report.outcome))]
    if report.competitor:
        rows.append(("Competitor", "No competitor" if report.competitor == NO_COMPETITOR else report.competitor))
    table(document, ("Buyer", tidy(report.buyer)), rows, widths=(3.5, 13.5))
    document.add_paragraph()


def _decision(document: Document, report: InterviewReport) -> None:
    heading(document, DECISION, 1)
    table(document, ("", "Rep (at close)", "Buyer (in the interview)"), [
        ("Outcome", _outcome(report.outcome), _outcome(report.buyer_outcome or report.outcome)),
        ("Primary reason", _reason(report.rep_reason), _reason(report.buyer_reason)),
    ], widths=(3.5, 6.75, 6.75))  # fmt: skip
    document.add_paragraph()
    if report.reason_mismatch:
        assert report.rep_reason is not None and report.buyer_reason is not None
        banner(document, f"the buyer gave “{report.buyer_reason.label}” as the main reason; the rep recorded "
                         f"“{report.rep_reason.label}”. Weigh the buyer’s words first.", "warning")
    if report.buyer_outcome is not None and report.buyer_outcome != report.outcome:
        banner(document, f"the buyer describes the outcome as “{report.buyer_outcome.label}”, the CRM as "
                         f"“{report.outcome.label}”.", "warning")
    if report.secondary_reasons:
        paragraph(document, [Styled("Also weighed: ", bold=True),
                             ", ".join(reason.label for reason in report.secondary_reasons)])
    for title, text in (("Decision criteria", report.decision_criteria),
                        ("What marketing could have done differently", report.marketing_feedback)):
        if text:
            heading(document, title, 2)
            paragraph(document, text)


def _takeaways(document: Document, report: InterviewReport) -> None:
    heading(document, TAKEAWAYS, 1)
    grouped = report.by_teams()
    if not grouped:
        paragraph(document, Styled(NO_TAKEAWAYS, italic=True, color=GREY))
    for teams, takeaways in grouped.items():
        heading(document, team_heading(teams), 2)
        for takeaway in takeaways:
            _takeaway(document, takeaway)


def team_heading(teams: tuple[Team, ...]) -> str:
    """"Product", "Product and Marketing", "Product, Sales and Leadership"; routed nowhere: ``NOT_ROUTED``."""
    labels = [team.label for team in teams]
    if not labels:
        return NOT_ROUTED
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _takeaway(document: Document, takeaway: TakeawayLine) -> None:
    """The takeaway and the quotes that back it (or why none does)."""
    takeaway_point(document, takeaway.text, takeaway.sentiment, takeaway.kind, takeaway.importance,
                   takeaway.theme or "")
    for line in takeaway.quotes:
        quote(document, line.text, _said_when(line))
    if not takeaway.quotes and takeaway.no_quote_reason:
        paragraph(document, Styled(f"No quote: {takeaway.no_quote_reason}", italic=True, size=SMALL_PT, color=GREY))


def takeaway_point(document: Document, text: str, sentiment: Sentiment, kind: TakeawayKind | None, importance: int,
                   theme: str = "", extra: str = "") -> Paragraph:
    """A takeaway as a bullet: its text in bold, then a small grey line (theme · sentiment · kind · ★ importance).

    It keeps with the next paragraph, so its quotes never start the following page without it.
    """
    about = [theme, sentiment.label.lower(), kind.label.lower() if kind else "", "★" * max(1, min(3, importance)),
             extra]
    point = bullet(document, [Styled(text, bold=True), "\n",
                              Styled(" · ".join(part for part in about if part), size=SMALL_PT, color=GREY)])
    point.paragraph_format.keep_with_next = True
    return point


def _said_when(line: QuoteLine) -> str:
    minutes, seconds = divmod(max(0, line.offset_seconds), 60)
    when = f"at {minutes:02d}:{seconds:02d}"
    return f"{when}, answering: {line.question}" if line.question else when


def _record(document: Document, report: InterviewReport) -> None:
    heading(document, APPENDIX, 1)
    record = report.record
    if report.intro_notes.strip():
        heading(document, "Introduction", 2)
        paragraph(document, report.intro_notes)
    if not record:
        paragraph(document, Styled("The call had no guide: nothing was recorded question by question.", italic=True))
    phase = None
    for number, line in enumerate(record, start=1):
        if line.phase != phase:
            heading(document, line.phase.label, 2)
            phase = line.phase
        heading(document, f"{number}. {line.question}", 3)
        minutes, seconds = divmod(line.spent_seconds, 60)
        state = (f"{line.state.label} · {minutes}:{seconds:02d}" if line.state is GuideItemState.ASKED
                 else line.state.label)
        paragraph(document, Styled(state, size=SMALL_PT, color=GREY)).paragraph_format.keep_with_next = True
        if line.notes.strip():
            paragraph(document, line.notes)
        for said in line.quotes:
            quote(document, said.text, _said_when(QuoteLine(said.text, said.offset_seconds)))
    if report.wrap_notes.strip():
        heading(document, "Wrap-up", 2)
        paragraph(document, report.wrap_notes)
