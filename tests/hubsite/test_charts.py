import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from hubsite.charts import BarChart, Series, format_number

SVG = "{http://www.w3.org/2000/svg}"


def chart(**kwargs):
    return BarChart(
        title="Coûts et ressources",
        groups=["Année 1", "Année 2", "Année 3"],
        series=[Series("Coûts", [100, 120, 90]), Series("Ressources", [80, 130, None])],
        line=Series("Solde cumulé", [-20, -10, -100]),
        unit="€",
        desc="Trois années du projet",
        **kwargs,
    )


def test_the_chart_is_an_image_named_by_its_title_and_description():
    root = ET.fromstring(str(chart().svg()))
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Coûts et ressources"
    assert root.find(f"{SVG}desc").get("id") == desc_id


def test_every_bar_and_point_carries_its_figure_and_a_missing_value_draws_nothing():
    root = ET.fromstring(str(chart().svg()))
    labels = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert "Coûts, Année 2 : 120\u00a0€" in labels
    assert "Ressources, Année 3 : 90\u00a0€" not in labels
    assert not any(label.startswith("Ressources, Année 3") for label in labels)
    assert "Solde cumulé, Année 3 : -100\u00a0€" in labels


def test_negative_values_extend_the_axis_below_zero():
    low, high, step = chart().scale()
    assert low <= -100 < 0 < 130 <= high
    assert (high - low) / step <= 12


def test_series_differ_by_pattern_not_only_by_colour():
    root = ET.fromstring(str(chart().svg()))
    patterns = root.findall(f"{SVG}defs/{SVG}pattern")
    assert len(patterns) == 2
    assert patterns[0].find(f"{SVG}path") is None  # solid
    assert patterns[1].find(f"{SVG}path") is not None  # hatched


def test_labels_are_escaped():
    hostile = BarChart(title="<script>", groups=["<b>"], series=[Series("a&b", [1])])
    markup = str(hostile.svg())
    assert "<script>" not in markup and "<b>" not in markup
    ET.fromstring(markup)


def test_the_table_beside_it_holds_the_same_figures():
    html = render_to_string("hubsite/includes/chart.html", {"chart": chart()})
    assert '<th scope="col">Année 2</th>' in html
    assert "<caption>Coûts et ressources : les chiffres</caption>" in html
    assert html.count('<th scope="row">') == 3
    assert "130\u00a0€" in html and "—" in html


def test_numbers_are_written_the_french_way():
    assert format_number(12000, "€") == "12\u00a0000\u00a0€"
    assert format_number(18.25) == "18,2" or format_number(18.25) == "18,3"
