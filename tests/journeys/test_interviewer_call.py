"""The interviewer's call, clicked and typed through: Ines Vallory, the demo's interviewer, opens her call with
Wei Farrow from Schedule → Start call…, ticks consent, types notes in the introduction and in every phase, keeps
a quote (stamped with the call time), tags by the one-key shortcuts, skips a question, drops the one the pace
suggests, pauses and carries on, ends with Ctrl+E (confirmed), and wraps up: the buyer's reason against the
rep's, takeaways for two teams each backed by a quote. The program owner then makes the interview report: the
.docx holds exactly what was typed in the introduction and the questions, the quotes with their times, Skipped
and Dropped where they were.

The console's timers run on a monotonic clock the test moves by hand (set up before the window opens), so the
quote's time and the pace are exact; the wall clock is fixed as in every journey.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from call_setup import INTERVIEWER, Ticks, her_call, ticks, window  # noqa: F401 - the fixtures
from sqlalchemy import select

from interviewer.db import Database
from interviewer.enums import GuideItemState, InterviewStatus, Phase, RepReason
from interviewer.models import Answer, GuideItem, Interview, Quote, ReasonTag
from person import become, button, click, close_window, labels_text, shortcut
from steps_console import (
    add_takeaway,
    choose_primary_reason,
    complete_interview,
    end_call,
    give_consent,
    notes,
    quote_last_words,
    quote_typed,
    quotes_shown,
    start_call,
    tag,
    wrap_up_window,
    write_notes,
)
from steps_reports import make_report, save_report, select_report

OWNER = "Maren Oduya"


def guide_of(database: Database, interview_id: int) -> list[GuideItem]:
    from interviewer.models import Guide

    with database.sessions() as session:
        found = list(session.scalars(select(GuideItem).join(Guide, GuideItem.guide_id == Guide.id)
                                     .where(Guide.interview_id == interview_id).order_by(GuideItem.position)))
        session.expunge_all()
        return found


def interview_row(database: Database, interview_id: int) -> Interview:
    with database.sessions() as session:
        found = session.get(Interview, interview_id)
        session.expunge(found)
        return found


def stored(database: Database, model: Any, interview_id: int) -> list[Any]:
    with database.sessions() as session:
        found = list(session.scalars(select(model).where(model.interview_id == interview_id)))
        session.expunge_all()
        return found


def docx_text(path: Path) -> tuple[list[str], str]:
    """The report's paragraphs, and the text of its tables (cell after cell)."""
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs], "\n".join(cells)


def state_of(paragraphs: list[str], number: int) -> str:
    """What the full record says under question ``number`` (Asked · 1:10, Skipped, Dropped)."""
    heading = next(i for i, p in enumerate(paragraphs) if p.startswith(f"{number}. "))
    return paragraphs[heading + 1]


INTRO = "Intro: she runs digital services; agreed to 20 minutes"
TYPED = {
    1: "Leads a team of 12\nBought for three regions",
    2: "CFO and IT both had a say. Onboarding took too long for our depots.",
    4: "Our team never asked about the depots",
    5: "Tessellan was cheaper but the rollout plan decided it",
    6: "Brightfold showed a pilot in week one",
    7: "Bring an engineer to the second call",
    9: "Nothing else; happy to talk again",
}
QUOTE = "Onboarding took too long for our depots."
TYPED_QUOTE = "They had a pilot running before we sent a plan"


def test_the_interviewer_runs_her_call_from_consent_to_wrap_up_and_the_report_holds_what_she_typed(
    qtbot: Any, window: Any, sqlite_database: Database, ticks: Ticks, tmp_path: Path,
) -> None:
    database = sqlite_database
    interview_id, buyer = her_call(database)
    guide = guide_of(database, interview_id)
    assert len(guide) >= 9, "the demo's guide is shorter than this journey expects"
    become(qtbot, window, INTERVIEWER)

    # -- Schedule → Start call…: consent, then the introduction takes notes like any question ---------------
    console = start_call(qtbot, window, buyer)
    assert "Consent" in labels_text(console)
    give_consent(qtbot, console)
    qtbot.waitUntil(lambda: interview_row(database, interview_id).consent, timeout=5000)
    ticks.now += 60
    write_notes(qtbot, console, INTRO)
    assert notes(console).toPlainText() == INTRO

    # -- question 1 and 2: notes, a quote of the selected words, a tag by its key ----------------------------
    shortcut(qtbot, console, "Ctrl+Right")
    qtbot.waitUntil(lambda: notes(console).toPlainText() == "", timeout=3000)
    ticks.now += 70
    write_notes(qtbot, console, TYPED[1])
    shortcut(qtbot, console, "Ctrl+Right")
    ticks.now += 100
    write_notes(qtbot, console, TYPED[2])
    quote_last_words(qtbot, console, QUOTE)
    qtbot.waitUntil(lambda: any(QUOTE in row for row in quotes_shown(console)), timeout=3000)
    assert quotes_shown(console) == [f"03:50   “{QUOTE}”"]  # 60 + 70 + 100 seconds into the call
    tag(qtbot, console, 5)  # 5: Poor onboarding
    qtbot.waitUntil(lambda: "Poor onboarding" in labels_text(console), timeout=3000)
    ticks.now += 20

    # -- question 3 skipped (Ctrl+K); question 4 runs long, and the pace suggests a drop ----------------------
    shortcut(qtbot, console, "Ctrl+Right")
    shortcut(qtbot, console, "Ctrl+K")
    write_notes(qtbot, console, TYPED[4])
    ticks.now += 300
    qtbot.waitUntil(lambda: "Drop Q8 to land on time" in labels_text(console), timeout=3000)
    click(qtbot, "Drop them", console)
    qtbot.waitUntil(lambda: "Drop Q8" not in labels_text(console), timeout=3000)

    # -- questions 5 to 7: notes, a tag with the other key, a quote typed in its field; a pause ---------------
    shortcut(qtbot, console, "Ctrl+Right")
    ticks.now += 100
    write_notes(qtbot, console, TYPED[5])
    tag(qtbot, console, 1)  # 1: Price advantage ("cheaper"); who won is not a tag but the competitor
    shortcut(qtbot, console, "Ctrl+Right")
    ticks.now += 90
    write_notes(qtbot, console, TYPED[6])
    quote_typed(qtbot, console, TYPED_QUOTE)
    qtbot.waitUntil(lambda: any(TYPED_QUOTE in row for row in quotes_shown(console)), timeout=3000)
    click(qtbot, "Pause", console)
    shown = labels_text(console)
    assert "Paused" in shown
    ticks.now += 600  # a pause of ten minutes counts nothing
    qtbot.wait(600)
    timers_then = [line for line in labels_text(console).splitlines() if " / " in line]
    assert timers_then == [line for line in shown.splitlines() if " / " in line]
    click(qtbot, "Resume", console)
    qtbot.waitUntil(lambda: "Paused" not in labels_text(console), timeout=3000)
    assert button(console, "Pause").isEnabled()  # the button reads Pause again
    shortcut(qtbot, console, "Ctrl+Right")
    ticks.now += 80
    write_notes(qtbot, console, TYPED[7])

    # -- the dropped question 8 is passed over; the closing question; Ctrl+E asks, Enter ends ----------------
    shortcut(qtbot, console, "Ctrl+Right")
    ticks.now += 50
    write_notes(qtbot, console, TYPED[9])
    asked = end_call(qtbot, console)
    assert asked, "Ctrl+E ended the call without asking"
    assert "1 question unanswered: Q3" in asked  # the skipped one; the dropped one was let go on purpose

    # -- the wrap-up: the buyer's reason is not the rep's; a takeaway for product, one for marketing ----------
    wrapup = wrap_up_window(qtbot)
    said = choose_primary_reason(qtbot, wrapup, RepReason.POOR_ONBOARDING.label)
    assert "≠ Rep said: Price advantage — mismatch" in said
    add_takeaway(qtbot, wrapup, "Onboarding time lost the deal, not price", {"Product"}, QUOTE)
    add_takeaway(qtbot, wrapup, "A pilot in week one is what the winner showed", {"Marketing"}, TYPED_QUOTE)
    complete_interview(qtbot, wrapup)

    # -- what the database holds: every word as typed, the skip, the drop, the tags, the quote's time --------
    interview = interview_row(database, interview_id)
    assert interview.status is InterviewStatus.COMPLETED
    answers = {a.guide_item_id or a.phase: a.notes for a in stored(database, Answer, interview_id)}
    assert answers[Phase.OPENING] == INTRO  # the introduction's notes, kept like a question's
    for number, text in TYPED.items():
        assert answers[guide[number - 1].id] == text, f"question {number}"
    states = {item.id: item.state for item in guide_of(database, interview_id)}
    assert states[guide[2].id] is GuideItemState.SKIPPED and states[guide[7].id] is GuideItemState.DROPPED
    assert all(states[guide[n - 1].id] is not GuideItemState.SKIPPED for n in TYPED)
    quotes = sorted((q.text, q.offset_seconds, q.guide_item_id) for q in stored(database, Quote, interview_id))
    assert quotes == [(QUOTE, 230, guide[1].id), (TYPED_QUOTE, 740, guide[5].id)]
    tags = {(t.guide_item_id, t.reason) for t in stored(database, ReasonTag, interview_id)}
    assert tags == {(guide[1].id, RepReason.POOR_ONBOARDING), (guide[4].id, RepReason.PRICE_ADVANTAGE)}

    qtbot.waitUntil(lambda: "Wrapped up" in labels_text(console), timeout=5000)
    assert notes(console).isReadOnly()  # a finished call is read, not changed
    close_window(qtbot, console)

    # -- the owner makes the interview report; the .docx holds exactly what was typed ------------------------
    become(qtbot, window, OWNER)
    number = make_report(qtbot, window, database, "interview", interview=buyer.split()[-1])
    select_report(qtbot, window, "Interview")
    path = tmp_path / "interview.docx"
    save_report(qtbot, window, path)
    paragraphs, tables = docx_text(path)
    text = "\n".join(paragraphs)
    assert paragraphs[paragraphs.index("Introduction") + 1] == INTRO
    for number, typed in TYPED.items():
        assert typed in paragraphs, f"the report lacks the notes of question {number}: {typed!r}"
        state = state_of(paragraphs, number)
        assert state.startswith("Asked · "), f"question {number} is reported as {state!r}"
    assert state_of(paragraphs, 3) == "Skipped" and state_of(paragraphs, 8) == "Dropped"
    quoted = [p for p in paragraphs if p.startswith("“")]
    assert f"“{QUOTE}”\n— at 03:50" in quoted and f"“{TYPED_QUOTE}”\n— at 12:20" in quoted
    assert "Poor onboarding" in tables and "Price advantage" in tables  # the buyer's reason and the rep's
    assert number > 0
