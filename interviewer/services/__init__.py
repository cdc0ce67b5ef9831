"""Services: functions that take a session and return plain records (see interviewer.records)."""
