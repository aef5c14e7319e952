"""What changed between two versions of a dossier, computed from their kept contents alone
(amounts read the French way, grouped by a no-break space)."""

from projects.versions import ADDED, CHANGED, REMOVED, compare, words

BASE = {
    "title": "Essaimer les ateliers",
    "summary": "Trois ateliers itinérants dans les communes rurales du département, "
    "avec les bibliothèques et les centres sociaux.",
    "objectives": "2 000 personnes",
    "departements": ["16", "17"],
    "priority_neighbourhoods": "",
    "solutions": ["Atelier mobile"],
    "expenses": [
        {
            "id": 1,
            "category": "staff",
            "label": "Médiateurs",
            "year1": "100000",
            "year2": "100000",
            "year3": "100000",
        },
        {
            "id": 2,
            "category": "equipment",
            "label": "",
            "year1": "5000",
            "year2": "0",
            "year3": "0",
        },
    ],
    "financing": [
        {
            "id": 7,
            "source": "own",
            "label": "Ateliers payants",
            "secured": True,
            "year1": "10000",
            "year2": "15000",
            "year3": "18000",
        },
    ],
    "actions": [
        {
            "id": 3,
            "title": "Recruter",
            "starts_on": "2027-01-01",
            "ends_on": "2027-03-31",
            "owner": "Le hub",
            "description": "",
        },
    ],
    "partners": [
        {
            "id": 4,
            "name": "Mairie de Cognac",
            "kind": "local_authority",
            "role": "Locaux",
            "committed": False,
        },
    ],
    "documents": [],
}


def changed(**parts) -> dict:
    return {**BASE, **parts}


def section(diff, title):
    return next(s for s in diff.sections if s.title == title)


def test_two_identical_versions_have_no_change():
    diff = compare(BASE, dict(BASE))
    assert diff.is_empty


def test_a_short_field_reads_old_then_new_and_a_list_joined():
    diff = compare(BASE, changed(objectives="3 000 personnes", departements=["16", "17", "86"]))
    [objectives, departements] = diff.fields
    assert (objectives.label, objectives.old, objectives.new) == (
        "Objectifs",
        "2 000 personnes",
        "3 000 personnes",
    )
    assert objectives.segments == ()
    assert (departements.old, departements.new) == ("16, 17", "16, 17, 86")


def test_a_long_text_is_shown_word_by_word():
    summary = BASE["summary"].replace("rurales", "rurales et périurbaines")
    [change] = compare(BASE, changed(summary=summary)).fields
    inserted = [s.text for s in change.segments if s.op == "insert"]
    assert inserted == ["et périurbaines "]
    assert not [s for s in change.segments if s.op == "delete"]
    assert "".join(s.text for s in change.segments if s.op != "delete") == summary


def test_words_keeps_what_both_texts_share():
    segments = words("le chat dort", "le chien dort")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "le "),
        ("delete", "chat "),
        ("insert", "chien "),
        ("equal", "dort"),
    ]


def test_budget_lines_added_removed_and_changed_carry_their_figures():
    expenses = [
        {**BASE["expenses"][0], "year3": "120000"},
        {
            "id": 9,
            "category": "training",
            "label": "Formation des aidants",
            "year1": "8000",
            "year2": "8000",
            "year3": "0",
        },
    ]
    diff = compare(BASE, changed(expenses=expenses))
    lines = {line.change: line for line in section(diff, "Dépenses").lines}
    assert lines[CHANGED].name == "Médiateurs"
    assert lines[CHANGED].figures == (("année 3", "100\xa0000 €", "120\xa0000 €"),)
    assert lines[ADDED].name == "Formation des aidants"
    assert ("année 1", "", "8\xa0000 €") in lines[ADDED].figures
    assert ("catégorie", "", "Formation") in lines[ADDED].figures
    assert lines[REMOVED].name == "Équipement"
    assert ("année 1", "5\xa0000 €", "") in lines[REMOVED].figures


def test_financing_actions_and_partners_are_compared_field_by_field():
    diff = compare(
        BASE,
        changed(
            financing=[{**BASE["financing"][0], "year3": "32000", "secured": False}],
            actions=[{**BASE["actions"][0], "ends_on": "2027-06-30", "owner": "Aide RH"}],
            partners=[{**BASE["partners"][0], "committed": True}],
        ),
    )
    [financing] = section(diff, "Plan de financement").lines
    assert financing.figures == (
        ("acquis", "oui", "non"),
        ("année 3", "18\xa0000 €", "32\xa0000 €"),
    )
    [action] = section(diff, "Plan d'action").lines
    assert action.figures == (("fin", "31/03/2027", "30/06/2027"), ("porteur", "Le hub", "Aide RH"))
    [partner] = section(diff, "Partenaires").lines
    assert partner.figures == (("engagement acquis", "non", "oui"),)


def test_a_renamed_line_stays_the_same_line_by_its_id():
    diff = compare(BASE, changed(partners=[{**BASE["partners"][0], "name": "Ville de Cognac"}]))
    [partner] = section(diff, "Partenaires").lines
    assert partner.change == CHANGED and partner.name == "Ville de Cognac"
    assert partner.figures == (("partenaire", "Mairie de Cognac", "Ville de Cognac"),)


def test_versions_kept_before_lines_had_ids_are_matched_by_what_names_them():
    old = changed(
        expenses=[{k: v for k, v in line.items() if k != "id"} for line in BASE["expenses"]]
    )
    diff = compare(old, changed(expenses=[{**BASE["expenses"][0], "year1": "90000"}]))
    lines = {line.change: line for line in section(diff, "Dépenses").lines}
    assert set(lines) == {CHANGED, REMOVED}
    assert lines[CHANGED].figures == (("année 1", "100\xa0000 €", "90\xa0000 €"),)


def test_a_document_added_between_versions():
    diff = compare(BASE, changed(documents=[{"id": 5, "kind": "Statuts", "file": "statuts.pdf"}]))
    [document] = section(diff, "Pièces").lines
    assert document.change == ADDED
    assert document.figures == (("pièce", "", "Statuts"), ("fichier", "", "statuts.pdf"))


def test_an_indicator_s_lowered_target_is_shown_to_the_reviewers():
    indicator = {
        "id": 6,
        "label": "Personnes accompagnées",
        "unit": "personnes",
        "baseline": "0.00",
        "target_year1": "500.00",
        "target_year2": "700.00",
        "target_year3": "800.00",
    }
    old = changed(indicators=[indicator])
    diff = compare(old, changed(indicators=[{**indicator, "target_year3": "450.00"}]))
    [line] = section(diff, "Indicateurs").lines
    assert line.change == CHANGED and line.name == "Personnes accompagnées"
    assert line.figures == (("cible année 3", "800", "450"),)
    [added] = section(compare(BASE, old), "Indicateurs").lines
    assert added.change == ADDED
    assert ("cible année 1", "", "500") in added.figures
