"""Time zone names: the IANA list a zone field completes from, and sentences for what is not a zone."""

from __future__ import annotations

import pytest

from interviewer.scheduling.availability import AvailabilityError, zone, zone_names, zone_problem


def test_the_list_is_the_sorted_iana_list_with_utc() -> None:
    names = zone_names()
    assert list(names) == sorted(names) and len(names) > 300
    assert {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"} <= set(names)
    assert not any(name.endswith("/") for name in names)


@pytest.mark.parametrize("name", ["Europe/Berlin", " America/New_York ", "UTC", "Asia/Kolkata"])
def test_real_zones_pass(name: str) -> None:
    assert zone_problem(name) is None
    assert zone(name).key == name.strip()


@pytest.mark.parametrize(("name", "sentence"), [
    ("Mars/Olympus", "“Mars/Olympus” is not a time zone name such as Europe/Berlin."),
    ("Berlin", "“Berlin” is not a time zone name such as Europe/Berlin."),
    ("../etc/passwd", "“../etc/passwd” is not a time zone name such as Europe/Berlin."),
    ("/etc/localtime", "“/etc/localtime” is not a time zone name such as Europe/Berlin."),
    ("Europe/", "“Europe/” is not a whole time zone name yet: go on typing, or pick one from the list."),
    ("Europe/Ber", "“Europe/Ber” is not a whole time zone name yet: go on typing, or pick one from the list."),
    ("America", "“America” is not a whole time zone name yet: go on typing, or pick one from the list."),
    ("", "Type a time zone name such as Europe/Berlin."),
    (None, "Type a time zone name such as Europe/Berlin."),
])  # fmt: skip
def test_what_is_not_a_zone_gets_a_sentence_and_never_an_os_error(name: str | None, sentence: str) -> None:
    assert zone_problem(name) == sentence
    with pytest.raises(AvailabilityError) as refused:
        zone(name)
    assert str(refused.value) == sentence


def test_every_prefix_of_a_real_zone_is_answered_without_raising() -> None:
    for end in range(1, len("America/Argentina/Buenos_Aires") + 1):
        prefix = "America/Argentina/Buenos_Aires"[:end]
        assert (zone_problem(prefix) is None) == (prefix == "America/Argentina/Buenos_Aires")
