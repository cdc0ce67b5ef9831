"""The Criteria area: criteria sets, their review, and the editor with its live funnel."""
