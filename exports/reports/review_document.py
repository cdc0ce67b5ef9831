"""The monthly program review as a Word document, laid out as the 30-minute meeting it serves.

1 · Data (10 minutes): the month's five figures, win rate by segment and by
competitor, the competitors' share of losses, and how win rate counts no
decision. 2 · Patterns (10 minutes): why deals were lost, won and left without
a decision — what buyers said in the wrap-ups first (with quotes), the reps'
reasons beside them and their Pareto chart — where buyer and rep disagree (by
team and segment), the patterns computed from the month's interviews beside
what a person noted (shown as theirs), sample adequacy with its assumption, and
the meeting's notes. Every table or chart that leaves rows out says how many
and why.
3 · Actions (10 minutes): the actions as they stood at the month's end, with
owner, team, due date, status (overdue marked), the win rate before and after,
and the change in points tested for chance.

Every figure carries the count it rests on, and any figure resting on fewer than
20 deals gets an "Early signal" banner. Dates are written "23 November 2026"
(day, month name, year: no reader misreads it, whatever their locale; files keep
ISO dates); counts are grouped for ``locale_name`` by ``docx_kit.format_number``.
The review never names a buyer: its quotes are the words, not who said them.
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
from interviewer.analytics.proportions import MIN_PER_SIDE, SIGNIFICANCE
from interviewer.analytics.adequacy import ASSUMPTION
from interviewer.analytics.reasons import OutcomeReasons
from interviewer.reporting.review import SEGMENT_WINDOW_DAYS, Note, Review

CHART_CM = 15.0
FLAG = RGBColor(0xC6, 0x28, 0x28)
STOP_WORDS = "candidate to stop targeting"
POSITIONING_WORDS = "needs positioning work"
DATA = "1 · Data (10 minutes)"
PATTERNS = "2 · Patterns (10 minutes)"
ACTIONS = "3 · Actions (10 minutes)"
STATUS_COLOURS = {ActionStatus.DONE: kit.OUTCOME_COLOURS[Outcome.WON], ActionStatus.DROPPED: kit.GREY}
ACTION_COLUMNS = ("Action", "Owner", "Due", "Status", "Measure: before → after", "Change")
ACTION_WIDTHS = (5.0, 2.8, 2.2, 2.0, 4.0, 2.6)
"""Shares of the text width: the action's words and its measure get the most room."""
CHANGE_NOTE = (f"Change: after minus before, in percentage points. It is tested with a two-proportion z-test: "
               f"p under {SIGNIFICANCE:.2f} means the change is unlikely to be chance; with fewer than "
               f"{MIN_PER_SIDE} deals on either side it is not tested.")


def review_document(review: Review, *, locale_name: str | None = None) -> Document:
    """The review laid out as a python-docx ``Document`` (not saved)."""
    document = kit.new_document(review.title, subtitle=_subtitle(review, locale_name))
    kit.page_footer(document, review.title)
    kit.paragraph(document, Styled("A 30-minute meeting: ten minutes on the data, ten on the patterns, ten on the "
                                   "actions. Every figure shows the number of deals it rests on (n).", italic=True,
                                   color=kit.GREY))
    _data(document, review, locale_name)
    _patterns(document, review, locale_name)
    _actions(document, review)
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
    kit.paragraph(document, Styled(WIN_RATE_RULE, italic=True))

    kit.heading(document, f"Win rate by segment (last {SEGMENT_WINDOW_DAYS} days)", 2)
    kit.paragraph(document, f"A segment winning under {STOP_TARGETING_RATE:.0%} of at least {EARLY_SIGNAL_N} deals "
                            f"is a {STOP_WORDS}.", keep_with_next=True)
    _groups(document, review.segments, "Segment", STOP_WORDS, locale_name)
    if review.segments:
        kit.picture(document, charts.win_rate_bars(review.segments, "Win rate by segment", flag_word=STOP_WORDS),
                    CHART_CM)

    kit.heading(document, "Win rate by competitor", 2)
    apart = (f" Left out: {_count(review.no_competitor, 'deal', locale_name)} naming no competitor (none or unknown)."
             if review.no_competitor else "")
    kit.paragraph(document, f"Deals of the month where the competitor was in the running.{apart}",
                  keep_with_next=True)
    _groups(document, review.competitors, "Competitor", "", locale_name)
    if review.competitors:
        kit.picture(document, charts.win_rate_bars(review.competitors, "Win rate against each competitor",
                                                   highlight_flagged=False), CHART_CM)

    kit.heading(document, "Competitor share of losses", 2)
    unnamed = (f" Left out: {_count(review.losses_unnamed, 'loss', locale_name, 'losses')} naming no competitor "
               "(none or unknown)." if review.loss_share and review.losses_unnamed else "")
    kit.paragraph(document, f"A competitor present in {POSITIONING_SHARE:.0%} or more of losses {POSITIONING_WORDS}: "
                            f"positioning content for marketing before product changes.{unnamed}",
                  keep_with_next=True)
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

WHY = ((Outcome.LOST, "Why we lost"), (Outcome.WON, "Why we won"), (Outcome.NO_DECISION, "Why no decision"))
WIN_RATE_RULE = ("Win rate = won ÷ (won + lost + no decision): a deal that ended with no decision counts as "
                 "not won.")


def _patterns(document: Document, review: Review, locale_name: str | None) -> None:
    kit.heading(document, PATTERNS, 1)
    interviewed = sum(reasons.interviews for reasons in review.reasons.outcomes)
    kit.paragraph(document, f"Reasons of the deals closed in {review.label}: first what buyers said in the "
                            f"{_count(interviewed, 'wrapped-up interview', locale_name)} about them (their primary "
                            "reason and the others they named), then what the reps recorded at close.")
    for outcome, title in WHY:
        _why(document, review.reasons.of(outcome), title, review.label, locale_name)
    _mismatch(document, review, locale_name)

    kit.heading(document, "Patterns to discuss", 2)
    kit.paragraph(document, f"Computed from the {_count(review.interviews, 'interview', locale_name)} wrapped up in "
                            f"{review.label}: the theme raised by the most of each outcome's interviews, each "
                            "counted once per interview.", keep_with_next=True)
    notes = {Outcome.WON: review.win_note, Outcome.LOST: review.loss_note}
    for outcome, lead in ((Outcome.WON, "Why buyers chose us"), (Outcome.LOST, "Why buyers went elsewhere"),
                          (Outcome.NO_DECISION, "Why buyers did not decide")):
        kit.bullet(document, [Styled(f"{lead} (computed): ", bold=True), review.pattern(outcome).text])
        note = notes.get(outcome)
        if note is not None:
            kit.bullet(document, [Styled(f"{_noted(note)}: ", bold=True, italic=True), kit.tidy(note.text)])

    kit.heading(document, "Sample adequacy", 2)
    kit.paragraph(document, f"How likely the interviews wrapped up in {review.label} were to hear, at least once, an "
                            "issue that affects a share of each outcome's buyers: 1 − (1 − p)ⁿ.", keep_with_next=True)
    for found in review.adequacy:  # the chances stay on the page of what they assume
        kit.bullet(document, found.text).paragraph_format.keep_with_next = True
    kit.paragraph(document, Styled(ASSUMPTION, italic=True, color=kit.GREY))

    kit.heading(document, "Notes", 2)
    if review.notes is None:
        kit.paragraph(document, Styled("No notes yet: write what the meeting concluded.", italic=True, color=kit.GREY))
        return
    kit.paragraph(document, Styled(f"{_noted(review.notes)}:", bold=True, italic=True), keep_with_next=True)
    for line in kit.clean(review.notes.text).splitlines():
        if line.strip():
            kit.paragraph(document, line)


def _noted(note: Note) -> str:
    """``Noted by Tobias Kerrane in the review meeting on 1 December 2026``."""
    by = f" by {note.by}" if note.by else ""
    on = f" on {kit.format_date(note.on)}" if note.on else ""
    return f"Noted{by} in the review meeting{on}"


def _why(document: Document, reasons: OutcomeReasons, title: str, label: str, locale_name: str | None
         ) -> None:
    """One outcome's reasons: buyers' words and reasons first, the reps' beside them, then the reps' Pareto chart."""
    kit.heading(document, title, 2)
    noun = f"{_outcome_word(reasons.outcome)} deal"
    deals = _count(reasons.deals, noun, locale_name)
    if not reasons.deals:
        kit.paragraph(document, Styled(f"No {noun} closed in {label}.", italic=True, color=kit.GREY))
        return
    if not reasons.interviews:
        kit.paragraph(document, f"None of the {deals} closed in {label} has a wrapped-up interview: no buyer's "
                                "reason to show yet.", keep_with_next=True)
    else:
        said = sum(bar.count for bar in reasons.buyer_primary)
        lead: list[kit.Text] = [f"What buyers said, in {_count(reasons.interviews, 'wrapped-up interview', locale_name)}"
                                f" about the {deals} closed in {label}"]
        if reasons.buyer_primary:
            top = reasons.buyer_primary[0]
            lead += [": their primary reason most given was ", Styled(top.label, bold=True),
                     f" ({_n(top.count, locale_name)} of {_n(said, locale_name)})."]
        else:
            lead.append(": no buyer gave a primary reason.")
        kit.paragraph(document, lead, keep_with_next=True)
        for words in reasons.quotes:
            kit.quote(document, words).paragraph_format.keep_with_next = True
    if reasons.labels:
        rows = [[label, _n(reasons.buyer_count(label), locale_name), _n(reasons.secondary_count(label), locale_name),
                 _n(reasons.rep_count(label), locale_name)] for label in reasons.labels]
        kit.table(document, ["Reason", "Buyers: primary", "Buyers: also named", "Reps at close"], rows,
                  widths=[7.0, 3.2, 3.4, 3.4], align="lrrr", keep_with_next=True)
    left_out = [text for count, text in (
        (reasons.buyer_missing, _count(reasons.buyer_missing, "interview", locale_name) + " with no primary reason "
                                "from the buyer"),
        (reasons.rep_missing, _count(reasons.rep_missing, noun, locale_name) + " with no rep reason recorded"))
        if count]  # fmt: skip
    if left_out:
        kit.paragraph(document, Styled(f"Left out: {'; '.join(left_out)}.", italic=True, color=kit.GREY),
                      keep_with_next=bool(reasons.rep))
    total = sum(bar.count for bar in reasons.rep)
    if not reasons.rep:
        kit.paragraph(document, Styled(f"No {noun} closed in {label} has a rep reason recorded.", italic=True,
                                       color=kit.GREY))
        return
    if total < EARLY_SIGNAL_N:
        kit.banner(document, f"{_count(total, noun, locale_name)} with a rep reason, fewer than {EARLY_SIGNAL_N}.",
                   keep_with_next=True)
    kit.picture(document, charts.pareto_chart(list(reasons.rep), f"{title}: the reps' reasons at close"), CHART_CM)


def _outcome_word(outcome: Outcome) -> str:
    """``lost``, ``won``, ``no-decision``: the outcome as an adjective."""
    return outcome.label.lower().replace(" ", "-")


def _mismatch(document: Document, review: Review, locale_name: str | None) -> None:
    """Where buyer and rep disagree on the primary reason, overall, by rep team and by segment."""
    found = review.reasons
    kit.heading(document, "Buyer and rep disagree", 2)
    rate = found.mismatch
    if not rate.n:
        kit.paragraph(document, Styled(f"No wrapped-up interview about a deal closed in {review.label} has both the "
                                       "buyer's and the rep's primary reason.", italic=True, color=kit.GREY))
        return
    left = (f" Left out: {_count(found.mismatch_missing, 'interview', locale_name)} missing the buyer's or the "
            "rep's reason." if found.mismatch_missing else "")
    kit.paragraph(document, [f"Of the {_count(rate.n, 'wrapped-up interview', locale_name)} about deals closed in "
                             f"{review.label} with both primary "
                             f"reasons, the buyer's differs from the rep's in {_n(rate.part, locale_name)}: ",
                             Styled(f"{rate.value:.0%}", bold=True), f".{left}"], keep_with_next=True)
    rows: list[list[kit.Text]] = []
    for kind, groups in (("Rep team", found.by_team), ("Segment", found.by_segment)):
        rows += [[kind, group.label, _n(group.rate.part, locale_name), _n(group.rate.n, locale_name),
                  f"{group.rate.value:.0%}",
                  Styled("early signal", italic=True, color=kit.GREY) if group.rate.early_signal else ""]
                 for group in groups]
    kit.table(document, ["By", "Group", "Differ", "Both given (n)", "Mismatch", "Note"], rows,
              widths=[2.2, 5.0, 1.8, 2.8, 2.2, 3.0], align="llrrrl")
    if rate.early_signal:
        kit.banner(document, f"the mismatch rests on {_count(rate.n, 'interview', locale_name)}, fewer than "
                             f"{EARLY_SIGNAL_N}: a hint to watch, not a finding.")


# -- 3 · actions -------------------------------------------------------------------------------------


def _actions(document: Document, review: Review) -> None:
    actions = review.actions
    kit.heading(document, ACTIONS, 1)
    when = (f"at the review meeting on {kit.format_date(review.as_of)}" if review.as_of > review.end
            else f"on {kit.format_date(review.as_of)}")
    kit.paragraph(document, "Three to five actions, each with a named owner and a 60-day window in which its "
                            f"measure should move; shown as they stood {when}.", keep_with_next=bool(actions))
    if not actions:
        kit.paragraph(document, Styled("No actions yet: agree three to five, each with an owner, a due date and the "
                                       "figure it should move.", italic=True, color=kit.GREY))
        return
    rows = [[action.text, f"{action.owner} ({action.team.label})", kit.format_date(action.due_on), _status(action),
             _before_after(action), _change(action)] for action in actions]
    kit.table(document, ACTION_COLUMNS, rows, widths=ACTION_WIDTHS, size=9, keep_with_next=True)
    kit.paragraph(document, Styled(CHANGE_NOTE, italic=True, color=kit.GREY, size=9))


def _before_after(action: ActionLine) -> str:
    """``Win rate in SMB: 25% (n=149) → 31% (n=42)``."""
    before = action.before.text() if action.before else "not measured"
    return f"{action.metric or 'Win rate'}: {before} → {action.after.text() if action.after else 'not measured yet'}"


def _status(action: ActionLine) -> Styled:
    if action.overdue:
        return Styled(f"{action.status.label}, overdue", bold=True, color=FLAG)
    return Styled(action.status.label, bold=True, color=STATUS_COLOURS.get(action.status))


def _change(action: ActionLine) -> str:
    moved = action.change
    if moved is None:
        return "—"
    if not moved.tested:
        return f"{moved.points_text()}, not enough data"
    return f"{moved.points_text()}, {moved.test_text()}"


# -- numbers -----------------------------------------------------------------------------------------


def _n(value: int, locale_name: str | None) -> str:
    return kit.format_number(value, 0, locale_name)


def _count(value: int, noun: str, locale_name: str | None, plural: str | None = None) -> str:
    """``1 closed deal``, ``1,204 closed deals``."""
    return f"{_n(value, locale_name)} {noun if value == 1 else plural or noun + 's'}"


__all__ = ["ACTIONS", "DATA", "PATTERNS", "review_bytes", "review_document"]
