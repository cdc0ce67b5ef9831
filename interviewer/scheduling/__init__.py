"""Interviewers, the outreach pipeline and scheduling (issue 5), without Qt.

rows.py turns an interview into the row the window and an interviewer see;
pipeline.py moves interviews between outreach states (and refuses senseless
moves); roster.py keeps the interviewers; availability.py reads their weekly
hours; slots.py suggests free times and schedules, reschedules and cancels;
health.py sums up the program; views.py lists interviews per viewer and week.

Services flush but never commit: the caller wraps them in ``session.begin()``.
"""
