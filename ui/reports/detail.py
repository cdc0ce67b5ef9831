"""The details pane of a report: its facts, its recipients with how each delivery stands, and its delivery log."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from interviewer.enums import Channel, DeliveryStatus
from ui.format import format_datetime
from ui.reports.model import KIND_WORDS, period_words, size_words

if TYPE_CHECKING:
    from interviewer.reporting.library import LogRow, PlannedDelivery
    from ui.reports.reading import ReportDetails

CHANNEL_WORDS = {Channel.SMTP: "Email (SMTP)", Channel.EML: ".eml file"}
OK_MARK = "✓"
FAILED_MARK = "⚠"
WRITTEN_MARK = "✉"
STATUS_COLOURS = {DeliveryStatus.SENT: "#2e7d32", DeliveryStatus.FAILED: "#c62828"}


def state_words(planned: PlannedDelivery) -> str:
    """How one recipient's delivery stands, in words: "sent 2 Nov 2026 09:30", "failed: …", "not sent yet"."""
    if planned.status is DeliveryStatus.SENT:
        return f"{OK_MARK} sent {format_datetime(planned.sent_at)}".rstrip()
    if planned.status is DeliveryStatus.WRITTEN:
        return f"{WRITTEN_MARK} .eml written, not sent by the app"
    if planned.status is DeliveryStatus.FAILED:
        tries = f" ({planned.attempts} attempts)" if planned.attempts > 1 else ""
        return f"{FAILED_MARK} failed{tries}: {planned.last_error or 'no reason recorded'}"
    return "not sent yet"


def log_line(row: LogRow) -> str:
    """One attempt in the log: when, to whom, how, and the result with its error sentence."""
    return " · ".join(_log_parts(row))


def _log_parts(row: LogRow) -> tuple[str, str, str]:
    who = f"{row.recipient_name} <{row.email}>" if row.recipient_name else row.email
    if not row.ok:
        result = f"{FAILED_MARK} failed: {row.error or 'no reason recorded'}"
    elif row.channel is Channel.EML:
        result = f"{WRITTEN_MARK} written" + (f" to {row.file_name}" if row.file_name else "")
    else:
        result = f"{OK_MARK} sent"
    return f"{format_datetime(row.at)} · {CHANNEL_WORDS.get(row.channel, row.channel.label)}", who, result


def _coloured(text: str, status: DeliveryStatus | None) -> str:
    colour = STATUS_COLOURS.get(status) if status is not None else None
    return f"<span style='color: {colour}'>{escape(text)}</span>" if colour else escape(text)


def detail_html(details: ReportDetails) -> str:
    row = details.row
    facts = [
        ("Kind", KIND_WORDS.get(row.kind, row.kind.label)),
        ("Team", row.team.label if row.team is not None else ""),
        ("Period", period_words(row)),
        ("Interview", f"#{row.interview_id}" if row.interview_id is not None else ""),
        ("Made", f"{format_datetime(row.created_at)} by {row.created_by or 'someone'}"),
        ("File", f"{row.file_name} · {size_words(row.size)}"),
        ("Buyers", "named (identities included)" if row.include_identities
         else "anonymous: described by role, segment and industry"),
    ]
    fact_rows = "".join(f"<tr><td style='color: palette(placeholder-text); padding-right: 8px'>{name}</td>"
                        f"<td>{escape(value)}</td></tr>" for name, value in facts if value)
    parts = [f"<p style='font-size: 12pt; font-weight: 600'>{escape(row.title)}</p>", f"<table>{fact_rows}</table>"]
    if details.plan:
        people = "".join(f"<li><b>{escape(p.recipient.name)}</b> · {escape(p.recipient.team_name)}<br>"
                         f"{escape(p.recipient.email)}<br>{_coloured(state_words(p), p.status)}</li>"
                         for p in details.plan)
        parts.append(_section(f"Recipients ({len(details.plan)})", f"<ul>{people}</ul>"))
    else:
        parts.append(_section("Recipients", "Nobody receives this report yet: add people to its team with "
                                            "Program → Teams and recipients…"))
    if details.log:
        lines = "".join(_log_item(entry) for entry in details.log)
        parts.append(_section(f"Delivery log ({len(details.log)})", f"<ul>{lines}</ul>"))
    else:
        parts.append(_section("Delivery log", "Not delivered yet: use Deliver… to email it or save .eml files."))
    return "".join(parts)


def _log_item(row: LogRow) -> str:
    when, who, result = _log_parts(row)
    status = (DeliveryStatus.FAILED if not row.ok else
              DeliveryStatus.WRITTEN if row.channel is Channel.EML else DeliveryStatus.SENT)
    return f"<li>{escape(when)}<br>{escape(who)}<br>{_coloured(result, status)}</li>"


def _section(title: str, body: str) -> str:
    block = body if body.startswith("<ul>") else f"<p style='margin-top: 0'>{escape(body)}</p>"
    return f"<p style='margin-top: 10px; margin-bottom: 2px'><b>{escape(title)}</b></p>{block}"
