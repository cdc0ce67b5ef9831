"""The guide builder: exact against brute force, required questions, the window, outcome fit and placeholders."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.enums import Outcome, Phase
from question_bank.builder import (
    BuildRequest,
    GuideInfeasible,
    build_guide,
    eligible,
    phase_caps,
    rounded,
    score,
)
from question_bank.fill import Fill
from question_bank.guide import Window
from question_bank.spec import QuestionSpec

ALL = frozenset({Outcome.WON, Outcome.LOST, Outcome.NO_DECISION})


def spec(key: str, phase: Phase = Phase.EVALUATION, seconds: int = 120, priority: int = 3, *,
         outcomes: frozenset[Outcome] = ALL, required: bool = False, active: bool = True,
         text: str | None = None) -> QuestionSpec:
    return QuestionSpec(key=key, text=text or f"What happened with {key}?", phase=phase, outcomes=outcomes,
                        seconds=seconds, priority=priority, required=required, active=active)


def lost(window: Window = Window(), competitor: str | None = "Rival", **kwargs: int) -> BuildRequest:
    return BuildRequest(Outcome.LOST, Fill.for_deal("Acme Freight", competitor, "Routeplanner"), window, **kwargs)


def random_bank(rng: random.Random, size: int, required: int = 1) -> list[QuestionSpec]:
    phases = list(Phase)
    outcome_sets = [ALL, frozenset({Outcome.LOST}), frozenset({Outcome.WON}), frozenset({Outcome.LOST, Outcome.NO_DECISION})]
    return [
        spec(f"q{i}", rng.choice(phases), rng.randrange(30, 330, 5), rng.randint(1, 5),
             outcomes=rng.choice(outcome_sets), required=i < required)
        for i in range(size)
    ]


def brute_force(bank: list[QuestionSpec], request: BuildRequest) -> float | None:
    """The best score over every subset, checking each constraint directly."""
    pool, _ = eligible(bank, request)
    required = [q for q in pool if q.required]
    optional = [q for q in pool if not q.required]
    fixed = request.intro_seconds + request.wrap_seconds
    caps = phase_caps(request.window.max_seconds - fixed)
    window = request.window
    inner = (window.min_seconds + 60, window.max_seconds - 60)
    targets = [inner, (window.min_seconds, window.max_seconds)] if inner[0] <= inner[1] else [
        (window.min_seconds, window.max_seconds)]
    for low, high in targets:
        best = None
        for size in range(len(optional) + 1):
            for subset in itertools.combinations(optional, size):
                chosen = required + list(subset)
                total = fixed + sum(rounded(q.seconds) for q in chosen)
                if not low <= total <= high:
                    continue
                within = True
                for phase in Phase:
                    spent = sum(rounded(q.seconds) for q in chosen if q.phase is phase)
                    forced = sum(rounded(q.seconds) for q in required if q.phase is phase)
                    if spent > max(caps[phase], forced):
                        within = False
                if within:
                    value = score(chosen, request)
                    best = value if best is None else max(best, value)
        if best is not None:
            return best
    return None


@pytest.mark.parametrize("seed", range(40))
def test_the_choice_is_as_good_as_brute_force_on_small_banks(seed: int) -> None:
    rng = random.Random(seed)
    bank = random_bank(rng, rng.randint(6, 13), required=rng.randint(0, 2))
    window = Window(rng.randint(4, 9), 0)
    window = Window(window.min_minutes, window.min_minutes + rng.randint(0, 4))
    request = lost(window, competitor=rng.choice(["Rival", None]))
    expected = brute_force(bank, request)
    if expected is None:
        with pytest.raises(GuideInfeasible):
            build_guide(bank, request)
        return
    built = build_guide(bank, request)
    assert built.score == pytest.approx(expected)
    chosen = [q for q in bank if q.key in {line.key for line in built.lines}]
    assert score(chosen, request) == pytest.approx(built.score)
    assert built.target[0] <= built.total_seconds <= built.target[1]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), minutes=st.integers(5, 45), width=st.integers(0, 10))
def test_required_questions_are_always_in_and_the_total_inside_the_window(seed: int, minutes: int, width: int) -> None:
    rng = random.Random(seed)
    bank = random_bank(rng, 80, required=3)
    window = Window(max(1, minutes - width), minutes)
    request = lost(window)
    try:
        built = build_guide(bank, request)
    except GuideInfeasible as error:
        assert "minute" in str(error)
        return
    keys = {line.key for line in built.lines}
    assert {q.key for q in bank if q.required and q.fits(Outcome.LOST)} <= keys
    assert window.min_seconds <= built.total_seconds <= window.max_seconds
    assert all(q.fits(Outcome.LOST) for q in bank if q.key in keys)


def test_a_comfortable_window_leaves_a_minute_of_slack_at_each_edge() -> None:
    bank = random_bank(random.Random(3), 120)
    built = build_guide(bank, lost())
    assert 16 * 60 <= built.total_seconds <= 19 * 60
    assert built.target == (16 * 60, 19 * 60)


def test_questions_follow_the_arc_with_required_ones_first_in_their_phase() -> None:
    bank = [
        spec("close", Phase.CLOSING, 60, 1, required=True),
        spec("why", Phase.DECISION_PROCESS, 120, 5),
        spec("role", Phase.OPENING, 60, 2),
        spec("intro", Phase.OPENING, 60, 1, required=True),
        spec("rival", Phase.COMPETITION, 120, 4),
        spec("sales", Phase.SALES_EXPERIENCE, 120, 4),
    ]
    built = build_guide(bank, lost(Window(10, 20)))
    assert [line.key for line in built.lines] == ["intro", "role", "why", "rival", "sales", "close"]


def test_outcome_fit_and_retired_questions_are_respected() -> None:
    phases = list(Phase)
    bank = [spec(f"w{i}", phases[i % 7], outcomes=frozenset({Outcome.WON}), priority=5) for i in range(14)]
    bank += [spec(f"l{i}", phases[i % 7], outcomes=frozenset({Outcome.LOST}), priority=2) for i in range(14)]
    bank += [spec("retired", priority=5, active=False)]
    built = build_guide(bank, lost(Window(8, 12)))
    assert built.lines and all(line.key.startswith("l") for line in built.lines)


def test_questions_naming_the_competitor_need_a_known_competitor() -> None:
    bank = [spec(f"e{i}", list(Phase)[i % 7], priority=3) for i in range(14)]
    bank.append(spec("rival", Phase.COMPETITION, priority=5, text="What did {competitor} show you that we did not?"))
    with_rival = build_guide(bank, lost(Window(10, 14)))
    line = next(line for line in with_rival.lines if line.key == "rival")
    assert line.text == "What did Rival show you that we did not?"
    unknown = build_guide(bank, lost(Window(10, 14), competitor="Unknown"))
    assert "rival" not in {line.key for line in unknown.lines}
    assert any("competitor" in note for note in unknown.left_out)


def test_placeholders_are_filled_from_the_deal_with_neutral_fallbacks() -> None:
    bank = [spec("fit", text="How well did {product} fit the way {company} works?", seconds=600, required=True)]
    built = build_guide(bank, lost(Window(12, 13)))
    assert built.lines[0].text == "How well did Routeplanner fit the way Acme Freight works?"
    anonymous = BuildRequest(Outcome.LOST, Fill.for_deal(None, None, None), Window(12, 13))
    assert build_guide(bank, anonymous).lines[0].text == "How well did our product fit the way your company works?"


def test_no_phase_takes_more_than_its_share() -> None:
    bank = [spec(f"e{i}", Phase.EVALUATION, 120, 5) for i in range(20)]
    bank += [spec(f"o{i}", list(Phase)[i % 7], 60, 1) for i in range(28)]
    built = build_guide(bank, lost())
    caps = phase_caps(20 * 60 - 150)
    evaluation = sum(line.planned_seconds for line in built.lines if line.phase is Phase.EVALUATION)
    assert evaluation <= caps[Phase.EVALUATION]


def test_learned_durations_replace_the_estimate() -> None:
    bank = [spec("a", seconds=120, required=True), spec("b", seconds=120, priority=5)]
    built = build_guide(bank, lost(Window(5, 8)), planned={"a": 200})
    assert [line.planned_seconds for line in built.lines if line.key == "a"] == [200]


def test_required_questions_longer_than_the_window_are_refused_with_the_reason() -> None:
    bank = [spec(f"r{i}", seconds=300, required=True) for i in range(5)]
    with pytest.raises(GuideInfeasible, match="required questions.*27:30.*20-minute window"):
        build_guide(bank, lost())


def test_too_few_questions_for_the_minimum_says_what_to_do() -> None:
    with pytest.raises(GuideInfeasible, match="at most 8:30, short of the 15-minute minimum"):
        build_guide([spec("a", Phase.OPENING), spec("b"), spec("c", Phase.CLOSING)], lost())
    crowded = [spec(f"e{i}") for i in range(30)]
    with pytest.raises(GuideInfeasible, match="no phase taking more than its share, add up to at most 6:30"):
        build_guide(crowded, lost())


@pytest.mark.parametrize("window", [Window(20, 15), Window(0, 10), Window(30, 46)])
def test_impossible_windows_are_refused(window: Window) -> None:
    with pytest.raises(GuideInfeasible, match="not possible"):
        build_guide([spec("a")], lost(window))
