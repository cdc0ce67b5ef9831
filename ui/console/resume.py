"""Which interrupted calls to offer resuming: all of them, or for an interviewer profile only their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.enums import Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from interviewer.profiles import ProfileRow


def calls_to_resume(session: Session, profile: ProfileRow | None) -> list[tuple[int, str, int]]:
    """Calls started and not wrapped up, newest first: (interview id, who, elapsed seconds)."""
    from sqlalchemy import select

    from interviewer.console.calls import calls_in_progress
    from interviewer.models import Interviewer

    if profile is None:
        return []
    if profile.role is not Role.INTERVIEWER:
        return calls_in_progress(session)
    # calls_in_progress takes an interviewer id; a profile may stand behind one (or, in theory, several)
    mine = session.scalars(select(Interviewer.id).where(Interviewer.profile_id == profile.id)).all()
    return [call for interviewer_id in mine for call in calls_in_progress(session, interviewer_id)]
