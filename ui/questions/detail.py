"""How a bank question reads in the window: durations as m:ss, the planning sentence, the details pane's HTML."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from question_bank.spec import INTERVIEW_OUTCOMES, QuestionSpec

if TYPE_CHECKING:  # loads SQLAlchemy
    from question_bank.store import QuestionRow

FEW_OBSERVATIONS = 10
"""Below this many observed calls the plan still leans on the author's estimate (worded so in the details)."""


def format_seconds(seconds: int) -> str:
    """Seconds as minutes and seconds, e.g. 150 → "2:30"."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{rest:02d}"


def outcome_words(spec: QuestionSpec) -> str:
    """The outcomes a question fits, in words and in the usual order."""
    return ", ".join(outcome.label for outcome in INTERVIEW_OUTCOMES if outcome in spec.outcomes)


def team_words(spec: QuestionSpec) -> str:
    return ", ".join(team.label for team in spec.teams)


def timing_sentence(row: QuestionRow) -> str:
    """Estimate vs observed vs planned, and why the plan is what it is."""
    estimate, planned = format_seconds(row.spec.seconds), format_seconds(row.planned_seconds)
    observed = row.observed
    if observed is None or observed.count == 0:
        return f"Not yet asked in a completed interview: guides plan the {estimate} estimate."
    calls = "interview" if observed.count == 1 else "interviews"
    few = observed.count < FEW_OBSERVATIONS
    why = (f"shrunk toward the {estimate} estimate while there are few observations" if few
           else "close to the observed median now that there are many observations")  # fmt: skip
    return (f"Observed in {observed.count} completed {calls}: median {format_seconds(observed.median_seconds)}; "
            f"guides plan {planned}, {why}.")  # fmt: skip


def detail_html(row: QuestionRow, issues: Sequence[Any]) -> str:
    """The details pane for one question: the full text, why we ask, probes, audience, timing, quality."""
    spec = row.spec
    retired = "<span style='color: #757575'>Retired: guides no longer choose it (Restore brings it back)</span>"
    state = [] if spec.active else [retired]
    if spec.required:
        state.append("★ Required: every guide for these outcomes asks it")
    parts = [
        f"<p style='font-size: 12pt; font-weight: 600'>{escape(spec.text)}</p>",
        (f"<p>{spec.phase.label} · {escape(outcome_words(spec))} · priority {spec.priority} of 5 · "
         f"<code>{escape(spec.key)}</code></p>"),
        *(f"<p>{line}</p>" for line in state),
        _section("Why we ask", escape(spec.purpose) if spec.purpose else "<i>No purpose written yet.</i>"),
    ]
    if spec.probes:
        parts.append(_section("Probes", "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in spec.probes) + "</ul>"))
    parts.append(_section("Answers go to", escape(team_words(spec)) or "<i>No team yet.</i>"))
    if spec.tags:
        parts.append(_section("Tags", escape(", ".join(spec.tags))))
    observed = row.observed
    figures = (f"Estimate {format_seconds(spec.seconds)} · observed "
               f"{format_seconds(observed.median_seconds) + f' ({observed.count})' if observed else '—'} · "
               f"planned {format_seconds(row.planned_seconds)}")  # fmt: skip
    parts.append(_section("Time", f"{figures}<br>{escape(timing_sentence(row))}"))
    if issues:
        items = "".join(f"<li>⚠ {escape(issue.reason)}<br>Try: “{escape(issue.suggestion)}”</li>"
                        for issue in issues)  # fmt: skip
        parts.append(_section("Wording", f"<ul>{items}</ul>"))
    return "".join(parts)


def _section(title: str, body: str) -> str:
    """A heading and its body; a body that is not already a block becomes a paragraph."""
    block = body if body.startswith("<ul>") else f"<p style='margin-top: 0'>{body}</p>"
    return f"<p style='margin-top: 10px; margin-bottom: 2px'><b>{title}</b></p>{block}"
