"""Word reports: the interview report, the team digest and the monthly program review, and how they are made."""
