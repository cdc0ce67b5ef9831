"""The Schedule area: outreach, booking with both time zones, calendar invites, each interviewer's week."""
