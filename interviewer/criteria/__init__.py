"""Choosing which buyers to interview: a written, reviewed rule applied the same way to every deal.

definition.py is the rule itself (stored as JSON in CriteriaSet.definition);
authority.py reads a contact's authority from a job title; summary.py writes
the rule in plain words for the manager; review.py moves a set through
draft → submitted → approved / rejected, with versions and an audit trail.
"""
