"""The in-memory deal index against a plain reference implementation, including narrowing while typing."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from interviewer.enums import Outcome, RepReason
from interviewer.records import DealFilter
from interviewer.services.deal_index import SORT_KEYS, DealIndex

ACCOUNTS = ["Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", None]
SEGMENTS = ["SMB", "Mid-Market", "Enterprise", None]
COMPETITORS = ["Northwind", "Vantage", "None", "Unknown", None]


def random_rows(count: int, seed: int) -> list[tuple]:
    rng = random.Random(seed)
    rows = []
    for deal_id in rng.sample(range(1, count * 3), count):
        closed = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300)) if rng.random() > 0.1 else None
        rows.append((
            deal_id, rng.choice(list(Outcome)).value, closed.isoformat() if closed else None,
            float(rng.choice([1000, 2500, 9000, 48000])) if rng.random() > 0.1 else None,
            rng.choice(COMPETITORS), rng.choice([None, *[r.value for r in RepReason]]),
            rng.choice(["Ana Rep", "Bo Seller"]), f"Deal {deal_id}", rng.choice(ACCOUNTS), rng.choice(SEGMENTS),
            rng.choice(["Retail", "Health"]), rng.choice(["EMEA", "AMER"]),
        ))
    return rows


def reference(rows: list[tuple], f: DealFilter) -> list[int]:
    """What the index must answer, computed the slow, obvious way."""
    column = {"account": 8, "outcome": 1, "amount": 3, "close_date": 2, "segment": 9, "competitor": 4, "rep_reason": 5}[f.sort]

    def key_of(row: tuple) -> object:
        value = row[column]
        return value.casefold() if isinstance(value, str) and f.sort in ("account", "segment", "competitor") else value

    def matches(row: tuple) -> bool:
        if f.outcome is not None and row[1] != f.outcome.value:
            return False
        if not f.include_open and row[1] == Outcome.OPEN.value:
            return False
        if f.closed_since is not None and (row[2] is None or row[2] < f.closed_since.isoformat()):
            return False
        labels = [Outcome(row[1]).label, RepReason(row[5]).label if row[5] else ""]
        haystack = " | ".join(str(v).casefold() for v in (row[8], row[9], row[10], row[11], row[4], row[6], row[7], *labels) if v)
        return all(word in haystack for word in f.text.casefold().split())

    kept = [row for row in rows if matches(row)]
    present = sorted((r for r in kept if key_of(r) is not None), key=lambda r: (key_of(r), r[0]), reverse=f.descending)
    missing = sorted((r for r in kept if key_of(r) is None), key=lambda r: r[0], reverse=f.descending)
    return [r[0] for r in present + missing]


@pytest.mark.parametrize("seed", range(5))
def test_random_filters_match_the_reference(seed: int) -> None:
    rows = random_rows(400, seed)
    index = DealIndex(rows)
    rng = random.Random(seed)
    for _ in range(60):
        f = DealFilter(
            text=" ".join(rng.sample(["glob", "mid", "lost", "north", "no decision", "price", "ana", "emea", "x"], rng.randint(0, 2))),
            outcome=rng.choice([None, *Outcome]),
            include_open=rng.random() < 0.5,
            closed_since=rng.choice([None, date(2026, 6, 1)]),
            sort=rng.choice(SORT_KEYS),
            descending=rng.random() < 0.5,
        )
        assert index.ids(f) == reference(rows, f), f


def test_typing_narrows_the_previous_result_and_still_answers_exactly() -> None:
    rows = random_rows(600, 42)
    index = DealIndex(rows)
    typed = ""
    for key in "mid lost":
        typed += key
        f = DealFilter(text=typed)
        assert index.ids(f) == reference(rows, f)
    for length in range(len(typed), -1, -1):  # deleting characters widens again
        f = DealFilter(text=typed[:length])
        assert index.ids(f) == reference(rows, f)


def test_labels_and_case_are_matched_but_not_across_fields() -> None:
    rows = [(1, "no_decision", "2026-05-01", 10.0, "Northwind", "no_decision_timing", None, None, "Globex", "SMB", None, None)]
    index = DealIndex(rows)
    assert index.ids(DealFilter(text="NO DECISION")) == [1]
    assert index.ids(DealFilter(text="timing")) == [1]
    assert index.ids(DealFilter(text="globexsmb")) == []


def test_an_unknown_sort_is_refused() -> None:
    with pytest.raises(ValueError):
        DealIndex([]).ids(DealFilter(sort="color"))
