"""The co-financing checks, as pure functions of figures, and their French messages."""

from decimal import Decimal

from funding.cofinancing import (
    Line,
    Plan,
    check_balance,
    check_eu_share,
    check_public_aid,
    check_rate_cap,
    euros,
    percent,
    problems,
)
from funding.models import LineStatus, SourceType

D = Decimal


def plan(budget, *lines, **caps) -> Plan:
    return Plan(budget=D(budget), lines=tuple(lines), **caps)


def test_amounts_and_rates_are_written_the_french_way():
    assert euros(D("12345.5")) == "12\u202f345,50\u00a0€"
    assert percent(D("80.00")) == "80\u00a0%"
    assert percent(D("42.5")) == "42,5\u00a0%"


def test_the_aid_asked_within_the_rate_cap_passes_and_above_it_says_by_how_much():
    within = plan(100000, Line(SourceType.EU, D(60000), is_requested=True), rate_cap=D(60))
    assert check_rate_cap(within) is None
    above = plan(100000, Line(SourceType.EU, D(70000), is_requested=True), rate_cap=D(60))
    message = check_rate_cap(above)
    assert "70\u202f000,00\u00a0€" in message and "60\u00a0%" in message
    assert "réduisez-la de 10\u202f000,00\u00a0€" in message


def test_without_a_requested_line_the_amount_requested_is_checked():
    asked = Plan(budget=D(100000), requested=D(90000), rate_cap=D(50))
    assert "réduisez-la de 40\u202f000,00\u00a0€" in check_rate_cap(asked)


def test_the_eu_share_is_held_to_its_cap_by_category_of_region():
    lines = (Line(SourceType.EU, D(50000)), Line(SourceType.EU, D(20000)))
    assert check_eu_share(plan(100000, *lines, eu_rate_cap=D(85))) is None
    message = check_eu_share(plan(100000, *lines, eu_rate_cap=D(40)))
    assert "70\u00a0%" in message and "40\u00a0%" in message and "30\u202f000,00" in message


def test_a_refused_line_counts_for_nothing():
    lines = (Line(SourceType.EU, D(90000), status=LineStatus.REFUSED), Line(SourceType.EU, D(10)))
    assert check_eu_share(plan(100, *lines, eu_rate_cap=D(40))) is None


def test_public_aid_adds_eu_state_and_local_authorities_not_private_or_own():
    leader = (
        Line(SourceType.EU, D(48000)),
        Line(SourceType.LOCAL, D(22000)),
        Line(SourceType.STATE, D(10000)),
        Line(SourceType.PRIVATE, D(15000)),
        Line(SourceType.OWN, D(5000)),
    )
    assert check_public_aid(plan(100000, *leader, public_aid_cap=D(80))) is None
    over = (*leader[:3], Line(SourceType.STATE, D(1)))
    message = check_public_aid(plan(100000, *over, public_aid_cap=D(80)))
    assert "80\u00a0%" in message and "1,00\u00a0€" in message


def test_the_plan_must_balance_the_budget_both_ways():
    assert check_balance(plan(100, Line(SourceType.OWN, D(100)))) is None
    assert "il manque 40,00" in check_balance(plan(100, Line(SourceType.OWN, D(60))))
    assert "dépasse le budget" in check_balance(plan(100, Line(SourceType.OWN, D(160))))


def test_problems_lists_every_failed_check_and_none_for_a_sound_plan():
    sound = plan(
        100000,
        Line(SourceType.EU, D(60000), is_requested=True),
        Line(SourceType.OWN, D(40000)),
        rate_cap=D(60),
        eu_rate_cap=D(60),
        public_aid_cap=D(80),
    )
    assert problems(sound) == []
    unsound = plan(
        100000, Line(SourceType.EU, D(90000), is_requested=True), rate_cap=D(60), eu_rate_cap=D(85)
    )
    assert len(problems(unsound)) == 3  # the rate cap, the EU share (90 % > 85 %), the balance
    assert problems(plan(0)) == [
        "Indiquez le budget total du projet : les taux se calculent sur lui."
    ]
