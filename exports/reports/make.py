"""Make any report: gather it from the database, build its .docx, and store it with its bytes.

One entry, ``make_report``, for the window's background runner, the command line and delivery.
The request says which report: one interview, one team's digest for a period, or a month's review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from exports.leaks import NOT_RUN, PASSED, check_document
from interviewer.enums import ReportKind, Team
from interviewer.progress import CancelToken, Progress, no_progress
from interviewer.reporting.anonymity import Context, Identities, program_identities
from interviewer.reporting.library import save_report
from interviewer.reporting.periods import Period

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from interviewer.clock import Clock
    from interviewer.db import Database

FILE_NAME_LIMIT = 80
"""Characters before ``.docx``: short enough for any file system and a mail client's attachment list."""
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
"""Names Windows refuses for a file, whatever the extension."""


@dataclass(frozen=True)
class InterviewRequest:
    """The report of one wrapped-up interview."""

    interview_id: int
    identities: bool = False
    kind: ReportKind = field(default=ReportKind.INTERVIEW, init=False)


@dataclass(frozen=True)
class DigestRequest:
    """One team's digest of the takeaways routed to it in a period."""

    team: Team
    period: Period
    identities: bool = False
    kind: ReportKind = field(default=ReportKind.TEAM_DIGEST, init=False)


@dataclass(frozen=True)
class ReviewRequest:
    """The monthly program review (figures only: it never names a buyer)."""

    month: Period
    identities: bool = field(default=False, init=False)
    kind: ReportKind = field(default=ReportKind.MONTHLY_REVIEW, init=False)


ReportRequest = InterviewRequest | DigestRequest | ReviewRequest


@dataclass(frozen=True)
class MadeReport:
    """A report stored in the database; ``content`` is the .docx exactly as stored."""

    report_id: int
    title: str
    file_name: str
    size: int
    kind: ReportKind
    content: bytes = field(repr=False, compare=False)
    leak_check: str = PASSED
    """``passed`` for an anonymous report (one that fails it is never stored); ``NOT_RUN`` with identities."""


@dataclass(frozen=True)
class _Built:
    title: str
    file_name: str
    content: bytes
    about: tuple[Context, ...]
    """Whom the report is about, for the leak check."""
    team: Team | None = None
    interview_id: int | None = None
    period: Period | None = None


def make_report(database: Database, request: ReportRequest, *, actor: str, clock: Clock, today: date | None = None,
                progress: Progress = no_progress, cancel: CancelToken | None = None) -> MadeReport:
    """Gather, build and store the report ``request`` asks for; ``ReportError`` when it cannot be made.

    ``today`` (default: the clock's) is the day the review's figures are judged on. An anonymous report is
    leak-checked before it is stored (``LeakError``, a ``ReportError``, names what it found). ``Cancelled``
    leaves nothing stored.
    """
    steps = 3

    def gathered() -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(1, steps, "Writing the document…")

    progress(0, steps, "Gathering what the report says…")
    with database.sessions() as session:
        known = program_identities(session)
        built = _build(session, request, today or clock.today(), clock.now(), known, gathered)
    if not request.identities:
        check_document(known, built.content, built.file_name, built.about)
    if cancel is not None:
        cancel.raise_if_cancelled()
    progress(2, steps, "Storing the report…")
    with database.sessions() as session, session.begin():
        report_id = save_report(session, kind=request.kind, title=built.title, file_name=built.file_name,
                                content=built.content, team=built.team, interview_id=built.interview_id,
                                period=built.period, identities=request.identities, actor=actor,
                                created_at=clock.now())
    progress(steps, steps, "Report ready.")
    return MadeReport(report_id, built.title, built.file_name, len(built.content), request.kind, built.content,
                      NOT_RUN if request.identities else PASSED)


def _build(session: Session, request: ReportRequest, today: date, now: datetime, known: Identities,
           gathered: Callable[[], None]) -> _Built:
    """The report gathered, then turned into its document; ``gathered()`` is called between the two."""
    from interviewer.reporting.digest import team_digest
    from interviewer.reporting.interview_report import interview_report
    from interviewer.reporting.review import monthly_review

    if isinstance(request, InterviewRequest):
        from exports.reports.interview_document import interview_bytes

        report = interview_report(session, request.interview_id, identities=request.identities, known=known)
        gathered()
        name = file_name("interview", "report", str(report.interview_id), identities=request.identities)
        return _Built(report.title, name, interview_bytes(report, made_at=now), report.about,
                      interview_id=report.interview_id)
    if isinstance(request, DigestRequest):
        from exports.reports.digest_document import digest_bytes

        digest = team_digest(session, request.team, request.period, identities=request.identities, known=known)
        gathered()
        name = file_name(request.team.label, "digest", request.period.key, identities=request.identities)
        return _Built(digest.title, name, digest_bytes(digest, made_at=now), digest.about, team=request.team,
                      period=request.period)
    from exports.reports.review_document import review_bytes

    period = request.month
    review = monthly_review(session, period.start, period.end, period.label, today=today, known=known)
    gathered()
    name = file_name("monthly", "review", period.key)
    return _Built(review.title, name, review_bytes(review), (), period=period)


def file_name(*parts: str, identities: bool = False) -> str:
    """A .docx name safe on every OS: ``file_name("Product", "digest", "2026-10")`` → ``product-digest-2026-10.docx``.

    ASCII letters, digits and hyphens only (accents folded), at most ``FILE_NAME_LIMIT`` characters before the
    extension, never a name Windows reserves; ``-with-identities`` marks a report that names buyers.
    """
    text = " ".join(parts) + (" with identities" if identities else "")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "report"
    if len(slug) > FILE_NAME_LIMIT:
        slug = slug[:FILE_NAME_LIMIT].rsplit("-", 1)[0] or slug[:FILE_NAME_LIMIT]
    if slug in _RESERVED:
        slug += "-report"
    return f"{slug}.docx"
