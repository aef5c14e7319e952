from decimal import Decimal as D

import pytest

from projects.economics import EconomicModel, Line, Rule, RuleKind, SourceKind, check


def model(costs, *financing):
    return EconomicModel.compute(
        [Line(amounts=tuple(D(v) for v in costs), kind="staff")],
        [
            Line(amounts=tuple(D(v) for v in amounts), kind=kind, secured=secured)
            for kind, amounts, secured in financing
        ],
    )


HUB = model(
    (100_000, 100_000, 100_000),
    (SourceKind.FUNDER, (60_000, 40_000, 20_000), True),
    (SourceKind.LOCAL, (30_000, 40_000, 62_000), False),
    (SourceKind.OWN, (10_000, 14_000, 18_000), True),
)


def test_each_year_costs_resources_balance_and_its_running_total():
    assert [y.costs for y in HUB.years] == [100_000] * 3
    assert [y.resources for y in HUB.years] == [100_000, 94_000, 100_000]
    assert [y.balance for y in HUB.years] == [0, -6_000, 0]
    assert [y.cumulative for y in HUB.years] == [0, -6_000, -6_000]
    assert [y.own_share for y in HUB.years] == [D("10.0"), D("14.0"), D("18.0")]
    assert HUB.funder_share == D("40.0")


def test_the_break_even_year_is_the_first_that_holds_without_the_funder():
    assert HUB.break_even_year is None
    later = model(
        (100, 100, 100),
        (SourceKind.FUNDER, (50, 20, 0), True),
        (SourceKind.LOCAL, (0, 20, 0), False),
        (SourceKind.OWN, (50, 80, 100), True),
    )
    assert later.break_even_year == 2


def test_the_issue_s_own_revenue_message_word_for_word():
    [result] = check(HUB, [Rule(RuleKind.OWN_REVENUE_MIN, D(30))])
    assert not result.passed
    assert result.message == (
        "En année 3, les recettes propres couvrent 18 % des coûts ; "
        "l'appel en demande au moins 30 %."
    )


@pytest.mark.parametrize(
    ("rule", "passed", "words"),
    [
        (Rule(RuleKind.FUNDER_SHARE_MAX, D(50)), True, "40 % du budget"),
        (Rule(RuleKind.FUNDER_SHARE_MAX, D(35)), False, "au plus 35 %"),
        (Rule(RuleKind.OWN_REVENUE_MIN, D(18)), True, "18 % des coûts"),
        (Rule(RuleKind.BALANCED_EACH_YEAR), False, "En année 2, il manque 6\u00a0000\u00a0€"),
        (Rule(RuleKind.BREAK_EVEN_BY, D(3)), False, "aucune des trois années"),
        (Rule(RuleKind.SECURED_MIN, D(75)), False, "En année 1, 70 % des ressources sont acquises"),
        (Rule(RuleKind.SECURED_MIN, D(70)), True, "au moins 70 %"),
    ],
)
def test_each_rule_says_what_the_figures_are_and_what_the_call_asks(rule, passed, words):
    [result] = check(HUB, [rule])
    assert result.passed is passed
    assert words in result.message


def test_an_empty_budget_fails_what_it_cannot_show():
    empty = model((0, 0, 0))
    results = check(
        empty, [Rule(RuleKind.OWN_REVENUE_MIN, D(30)), Rule(RuleKind.BREAK_EVEN_BY, D(3))]
    )
    assert [r.passed for r in results] == [False, False]
    assert empty.funder_share is None
