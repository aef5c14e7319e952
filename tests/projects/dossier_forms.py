"""The dossier's admin form as a browser sends it, built from a saved dossier."""

from projects.models import Dossier


def management_form(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


LINE_FIELDS = {
    "expenses": ("category", "label", "year1", "year2", "year3"),
    "financing": ("source", "label", "year1", "year2", "year3", "secured"),
    "actions": ("title", "starts_on", "ends_on", "owner", "description"),
    "partners": ("name", "kind", "role", "committed"),
    "documents": ("kind",),
    "indicators": ("label", "unit", "baseline", "target_year1", "target_year2", "target_year3"),
}


def edit_post(dossier: Dossier, **new_lines: list[dict]) -> dict:
    """The edit form of ``dossier`` as saved, plus the new lines given per formset
    (``actions=[{...}]``): a file goes in a document's ``file``."""
    data = {
        "title": dossier.title,
        "summary": dossier.summary,
        "objectives": dossier.objectives,
        "departements": [d.pk for d in dossier.departements.all()],
        "priority_neighbourhoods": dossier.priority_neighbourhoods,
        "solutions": [s.pk for s in dossier.solutions.all()],
    }
    for prefix, fields in LINE_FIELDS.items():
        saved = list(getattr(dossier, prefix).all())
        added = new_lines.get(prefix, [])
        data.update(management_form(prefix, len(saved) + len(added), len(saved)))
        for i, line in enumerate(saved):
            data[f"{prefix}-{i}-id"] = str(line.pk)
            data[f"{prefix}-{i}-ORDER"] = str(i + 1)
            for name in fields:
                value = getattr(line, name)
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{i}-{name}"] = "on"
                else:
                    data[f"{prefix}-{i}-{name}"] = "" if value is None else str(value)
        for j, line in enumerate(added, start=len(saved)):
            data[f"{prefix}-{j}-id"] = ""
            data[f"{prefix}-{j}-ORDER"] = str(j + 1)
            data.update({f"{prefix}-{j}-{name}": value for name, value in line.items()})
    return data
