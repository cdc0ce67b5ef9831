"""The monthly program review as a Word document, laid out as the 30-minute meeting it serves.

1 · Data (10 minutes): the month's five figures, win rate by segment and by
competitor, the competitors' share of losses. 2 · Patterns (10 minutes): why
deals were lost and won (Pareto charts), the patterns interviews raised, notes.
3 · Actions (10 minutes): the actions with owner, team, due date, status and
their measure.

Every figure carries the count it rests on, and any figure resting on fewer than
20 deals gets an "Early signal" banner. Dates are written "23 November 2026"
(day, month name, year: no reader misreads it, whatever their locale; files keep
ISO dates); counts are grouped for ``locale_name`` by ``docx_kit.format_number``.
The review shows figures only and never names a buyer.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from docx.document import Document
from docx.shared import RGBColor

from exports import charts
from exports import docx_kit as kit
from exports.docx_kit import Styled
from interviewer.analytics.figures import (
    EARLY_SIGNAL_N,
    POSITIONING_SHARE,
    STOP_TARGETING_RATE,
    Group,
    ParetoBar,
)
from interviewer.enums import ActionStatus, Outcome, RepReason
from interviewer.analytics.actions import ActionLine
from interviewer.reporting.review import SEGMENT_WINDOW_DAYS, Review

CHART_CM = 15.0
FLAG = RGBColor(0xC6, 0x28, 0x28)
STOP_WORDS = "candidate to stop targeting"
POSITIONING_WORDS = "needs positioning work"
DATA = "1 · Data (10 minutes)"
PATTERNS = "2 · Patterns (10 minutes)"
ACTIONS = "3 · Actions (10 minutes)"
STATUS_COLOURS = {ActionStatus.DONE: kit.OUTCOME_COLOURS[Outcome.WON], ActionStatus.DROPPED: kit.GREY}
ACTION_COLUMNS = ("Action", "Owner", "Team", "Due", "Status", "Metric", "Baseline", "Result")
ACTION_WIDTHS = (4.3, 2.0, 1.9, 2.0, 1.7, 2.1, 1.5, 1.5)


def review_document(review: Review, *, locale_name: str | None = None) -> Document:
    """The review laid out as a python-docx ``Document`` (not saved)."""
    document = kit.new_document(review.title, subtitle=_subtitle(review, locale_name))
    kit.page_footer(document, review.title)
    kit.paragraph(document, Styled("A 30-minute meeting: ten minutes on the data, ten on the patterns, ten on the "
                                   "actions. Every figure shows the number of deals it rests on (n).", italic=True,
                                   color=kit.GREY))
    _data(document, review, locale_name)
    _patterns(document, review, locale_name)
    _actions(document, review.actions)
    return document


def review_bytes(review: Review, *, locale_name: str | None = None) -> bytes:
    """The review as .docx bytes."""
    return kit.document_bytes(review_document(review, locale_name=locale_name))


def _subtitle(review: Review, locale_name: str | None) -> str:
    end = review.month.replace(day=calendar.monthrange(review.month.year, review.month.month)[1])  # the month's end
    closed = review.figures.closed
    interviews = review.interviews
    return (f"Deals closed {kit.format_date(review.month)} – {kit.format_date(end)} · "
            f"{_count(closed, 'closed deal', locale_name)} · {_count(interviews, 'interview', locale_name)} wrapped up")


# -- 1 · data ----------------------------------------------------------------------------------------


def _data(document: Document, review: Review, locale_name: str | None) -> None:
    kit.heading(document, DATA, 1)
    figures = review.figures
    if figures.win_rate.early_signal:
        kit.banner(document, f"the month rests on {_count(figures.closed, 'closed deal', locale_name)}, fewer than "
                             f"{EARLY_SIGNAL_N}: read every figure below as a hint to watch, not a finding.")
    kit.heading(document, "The month in five figures", 2)
    kit.table(document, ["Figure", "This month", "Rests on"], _five_figures(review, locale_name), widths=[3.4, 7.2, 6.4])

    kit.heading(document, f"Win rate by segment (last {SEGMENT_WINDOW_DAYS} days)", 2)
    kit.paragraph(document, f"A segment winning under {STOP_TARGETING_RATE:.0%} of at least {EARLY_SIGNAL_N} deals "
                            f"is a {STOP_WORDS}.", keep_with_next=True)
    _groups(document, review.segments, "Segment", STOP_WORDS, locale_name)
    if review.segments:
        kit.picture(document, charts.win_rate_bars(review.segments, "Win rate by segment", flag_word=STOP_WORDS),
                    CHART_CM)

    kit.heading(document, "Win rate by competitor", 2)
    kit.paragraph(document, "Deals of the month where the competitor was in the running.", keep_with_next=True)
    _groups(document, review.competitors, "Competitor", "", locale_name)
    if review.competitors:
        kit.picture(document, charts.win_rate_bars(review.competitors, "Win rate against each competitor",
                                                   highlight_flagged=False), CHART_CM)

    kit.heading(document, "Competitor share of losses", 2)
    kit.paragraph(document, f"A competitor present in {POSITIONING_SHARE:.0%} or more of losses {POSITIONING_WORDS}: "
                            "positioning content for marketing before product changes.", keep_with_next=True)
    _loss_shares(document, review.loss_share, figures.closes[Outcome.LOST], locale_name)


def _five_figures(review: Review, locale_name: str | None) -> list[list[kit.Text]]:
    figures = review.figures
    closes: list[str | Styled] = []
    for outcome in (Outcome.WON, Outcome.LOST, Outcome.NO_DECISION):
        if closes:
            closes.append(" · ")
        closes.append(Styled(f"{kit.format_number(figures.closes[outcome], 0, locale_name)} {outcome.label.lower()}",
                             bold=True, color=kit.OUTCOME_COLOURS[outcome]))
    rate = figures.win_rate
    won_of = f"{_n(rate.part, locale_name)} won of {_count(rate.n, 'closed deal', locale_name)}"
    return [
        ["Closes", closes, f"n={_n(figures.closed, locale_name)}"],
        ["Win rate", Styled(f"{rate.value:.0%}" if rate.value is not None else "no closed deals", bold=True), won_of],
        ["Top win reason", _reason(figures.top_win_reason), _reason_n(figures.top_win_reason, review.win_reasons,
                                                                      "won deal", locale_name)],
        ["Top loss reason", _reason(figures.top_loss_reason), _reason_n(figures.top_loss_reason, review.loss_reasons,
                                                                        "lost deal", locale_name)],
        ["Top competitor", figures.top_competitor or "none named in a loss", _competitor_n(review, locale_name)],
    ]


def _reason(reason: RepReason | None) -> str:
    return reason.label if reason is not None else "none recorded"


def _reason_n(reason: RepReason | None, bars: Sequence[ParetoBar], noun: str, locale_name: str | None) -> str:
    total = sum(bar.count for bar in bars)
    count = next((bar.count for bar in bars if reason is not None and bar.label == reason.label), 0)
    return f"{_n(count, locale_name)} of {_count(total, noun, locale_name)} with a reason"


def _competitor_n(review: Review, locale_name: str | None) -> str:
    top = next((group for group in review.loss_share if group.label == review.figures.top_competitor), None)
    losses = review.figures.closes[Outcome.LOST]
    return f"{_n(top.rate.part if top else 0, locale_name)} of {_count(losses, 'loss', locale_name, 'losses')}"


def _groups(document: Document, groups: Sequence[Group], noun: str, flag_words: str, locale_name: str | None) -> None:
    """A table of win rates with n and a note per group, and a banner when some rest on fewer than 20 deals."""
    if not groups:
        kit.paragraph(document, Styled("No closed deals to show.", italic=True, color=kit.GREY))
        return
    rows = [[group.label, _rate(group), _n(group.rate.part, locale_name), _n(group.rate.n, locale_name),
             _note(group, flag_words)] for group in groups]
    kit.table(document, [noun, "Win rate", "Won", "Closed (n)", "Note"], rows, widths=[5.0, 2.6, 1.6, 2.2, 5.6],
              align="lrrrl")
    _early_banner(document, groups, noun.lower())


def _rate(group: Group) -> str:
    value = group.rate.value
    return f"{value:.0%}" if value is not None else "—"


def _note(group: Group, flag_words: str) -> kit.Text:
    if group.flagged and flag_words:
        return Styled(flag_words, bold=True, color=FLAG)
    if group.rate.early_signal:
        return Styled("early signal", italic=True, color=kit.GREY)
    return ""


def _early_banner(document: Document, groups: Sequence[Group], noun: str) -> None:
    thin = [group.label for group in groups if group.rate.early_signal]
    if not thin:
        return
    plural = noun if len(thin) == 1 else ("competitors" if noun == "competitor" else f"{noun}s")
    names = ", ".join(thin[:8]) + (f" and {len(thin) - 8} more" if len(thin) > 8 else "")
    kit.banner(document, f"{len(thin)} {plural} rest on fewer than {EARLY_SIGNAL_N} deals ({names}): "
                         "a hint to watch, not a finding.")


def _loss_shares(document: Document, shares: Sequence[Group], losses: int, locale_name: str | None) -> None:
    if not shares:
        kit.paragraph(document, Styled("No loss this month named a competitor.", italic=True, color=kit.GREY))
        return
    rows = [[group.label, _n(group.rate.part, locale_name), f"{group.rate.value or 0:.0%}",
             Styled(POSITIONING_WORDS, bold=True, color=FLAG) if group.flagged else ""] for group in shares]
    kit.table(document, ["Competitor", "Losses to it", f"Share of {_n(losses, locale_name)} losses", "Note"], rows,
              widths=[5.0, 2.6, 3.6, 5.8], align="lrrl")
    if losses < EARLY_SIGNAL_N:
        kit.banner(document, f"the shares rest on {_count(losses, 'loss', locale_name, 'losses')}, fewer than "
                             f"{EARLY_SIGNAL_N}.")
    kit.picture(document, charts.share_bars(shares, "Competitor share of losses"), CHART_CM)


# -- 2 · patterns ------------------------------------------------------------------------------------


def _patterns(document: Document, review: Review, locale_name: str | None) -> None:
    kit.heading(document, PATTERNS, 1)
    for title, bars, noun in (("Why we lost", review.loss_reasons, "lost deal"),
                              ("Why we won", review.win_reasons, "won deal")):
        kit.heading(document, title, 2)
        total = sum(bar.count for bar in bars)
        if not bars:
            kit.paragraph(document, Styled(f"No {noun} this month has a reason recorded.", italic=True,
                                           color=kit.GREY))
            continue
        top = bars[0]
        over = f"The rep's primary reason at close, over {_count(total, noun, locale_name)}. Most given: "
        kit.paragraph(document, [over, Styled(top.label, bold=True),
                                 f" ({_n(top.count, locale_name)} of {_n(total, locale_name)})."], keep_with_next=True)
        if total < EARLY_SIGNAL_N:
            kit.banner(document, f"{_count(total, noun, locale_name)} with a reason, fewer than {EARLY_SIGNAL_N}.",
                       keep_with_next=True)
        kit.picture(document, charts.pareto_chart(bars, f"{title}: reasons given at close"), CHART_CM)

    kit.heading(document, "Patterns to discuss", 2)
    kit.paragraph(document, f"From {_count(review.interviews, 'interview', locale_name)} wrapped up this month: the "
                            "theme buyers raised most.")
    kit.bullet(document, [Styled("Why buyers chose us: ", bold=True),
                          kit.tidy(review.win_pattern) or "no theme raised yet"])
    kit.bullet(document, [Styled("Why buyers went elsewhere: ", bold=True),
                          kit.tidy(review.loss_pattern) or "no theme raised yet"])
    kit.heading(document, "Notes", 2)
    notes = [line for line in kit.clean(review.notes).splitlines() if line.strip()]
    for line in notes:
        kit.paragraph(document, line)
    if not notes:
        kit.paragraph(document, Styled("No notes yet: write what the meeting concluded.", italic=True, color=kit.GREY))


# -- 3 · actions -------------------------------------------------------------------------------------


def _actions(document: Document, actions: Sequence[ActionLine]) -> None:
    kit.heading(document, ACTIONS, 1)
    kit.paragraph(document, "Three to five actions, each with a named owner and a 60-day window in which its "
                            "measure should move.", keep_with_next=bool(actions))
    if not actions:
        kit.paragraph(document, Styled("No actions yet: agree three to five, each with an owner, a due date and the "
                                       "figure it should move.", italic=True, color=kit.GREY))
        return
    rows = [[action.text, action.owner, action.team.label, kit.format_date(action.due_on),
             Styled(action.status.label, bold=True, color=STATUS_COLOURS.get(action.status)),
             action.metric or "—", action.baseline, action.result] for action in actions]
    kit.table(document, ACTION_COLUMNS, rows, widths=list(ACTION_WIDTHS), size=9)


# -- numbers -----------------------------------------------------------------------------------------


def _n(value: int, locale_name: str | None) -> str:
    return kit.format_number(value, 0, locale_name)


def _count(value: int, noun: str, locale_name: str | None, plural: str | None = None) -> str:
    """``1 closed deal``, ``1,204 closed deals``."""
    return f"{_n(value, locale_name)} {noun if value == 1 else plural or noun + 's'}"


__all__ = ["ACTIONS", "DATA", "PATTERNS", "review_bytes", "review_document"]
