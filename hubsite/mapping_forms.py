"""The form that builds an import mapping on an uploaded file, for any target
(``hubsite.mapping``): for each field of the standard, a column of the file (pre-filled by
guessing from normalised names) or a constant; for each coded field, a value table from the
file's distinct codes to the vocabulary; for each day column, its weekday.

No JavaScript: the form is sent again to show the value tables of newly chosen columns and
to refresh the preview (a step each time), then saved.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from hubsite import mapping as engine
from hubsite.timetable import DAY_WORDS

NO_COLUMN = ""
# Distinct codes offered a value table per coded column: the most frequent first.
MAX_CODES = 60


def _field_key(name: str) -> str:
    return f"col__{name}"


def _constant_key(name: str) -> str:
    return f"const__{name}"


def _code_key(name: str, index: int) -> str:
    return f"code__{name}__{index}"


def _table_key(name: str) -> str:
    return f"table__{name}"


def _day_key(index: int) -> str:
    return f"day__{index}"


class MappingForm(forms.Form):
    """``target``'s mapping for a file of ``columns`` (in the file's order) and ``rows``;
    ``spec`` is the mapping to start from (a saved one, or ``engine.guess``)."""

    name = forms.CharField(
        label=_("Nom de la correspondance"),
        max_length=120,
        help_text=_("Pour la retrouver au prochain fichier de cette source."),
    )

    def __init__(
        self, data=None, *, target: engine.Target, columns: list[str], rows, spec: dict, **kwargs
    ):
        # A copy, to fill the tables shown for the first time (``_code_tables``).
        super().__init__(data.copy() if data is not None else None, **kwargs)
        self.target = target
        self.columns = columns
        self.rows = rows
        self.spec = spec
        column_choices = [(NO_COLUMN, _("— aucune —")), *((c, c) for c in columns)]
        fields = spec.get("fields", {})
        self.field_rows = []
        for item in target.fields:
            source = fields.get(item.name, {})
            column_key, constant_key = _field_key(item.name), _constant_key(item.name)
            self.fields[column_key] = forms.ChoiceField(
                label=item.label,
                choices=column_choices,
                required=False,
                initial=source.get("column", NO_COLUMN),
            )
            self.fields[constant_key] = forms.CharField(
                label=_("Valeur fixe pour « %(field)s »") % {"field": item.label},
                required=False,
                max_length=200,
                initial=source.get("constant", ""),
            )
            self.field_rows.append((item, self[column_key], self[constant_key]))
        self.day_rows = []
        hours = {entry["column"]: entry["day"] for entry in spec.get("hours", [])}
        day_choices = [("", _("— pas un jour —"))] + [
            (str(index), word.capitalize()) for index, word in enumerate(DAY_WORDS)
        ]
        if target.hours_field is not None:
            for index, column in enumerate(columns):
                if column in hours or engine.timetable.guess_day(column) is not None:
                    key = _day_key(index)
                    day = hours.get(column)
                    self.fields[key] = forms.ChoiceField(
                        label=column,
                        choices=day_choices,
                        required=False,
                        initial="" if day is None else str(day),
                    )
                    self.day_rows.append((column, self[key]))
        self.code_tables = self._code_tables()

    def chosen_column(self, name: str) -> str:
        """The column chosen for field ``name``, as sent, else as the starting spec says."""
        key = _field_key(name)
        if self.is_bound:
            value = self.data.get(self.add_prefix(key), NO_COLUMN)
        else:
            value = self.fields[key].initial
        return value if value in self.columns else NO_COLUMN

    def _code_tables(self) -> list[tuple[engine.TargetField, str, list, str]]:
        """For each coded field with a column: (field, column, [(code, bound field)], the name
        of the hidden input that sends back the column the table was drawn for)."""
        tables = []
        saved = self.spec.get("values", {})
        for item in self.target.fields:
            column = self.chosen_column(item.name)
            if not item.coded or not column:
                continue
            vocabulary = {engine.normalize(choice): choice for choice in item.choices}
            known = {
                engine.normalize(code): values for code, values in saved.get(item.name, {}).items()
            }
            codes = engine.distinct_codes(self.rows, column, vocabulary=vocabulary, limit=MAX_CODES)
            rows = []
            for index, code in enumerate(codes):
                key = _code_key(item.name, index)
                initial = known.get(engine.normalize(code))
                if initial is None:
                    initial = (
                        [vocabulary[engine.normalize(code)]]
                        if engine.normalize(code) in vocabulary
                        else []
                    )
                self.fields[key] = forms.MultipleChoiceField(
                    label=code,
                    choices=[(choice, choice) for choice in item.choices],
                    required=False,
                    initial=initial,
                    widget=forms.SelectMultiple(attrs={"size": min(len(item.choices), 4)}),
                )
                rows.append((code, self[key]))
            if self.is_bound and self.data.get(self.add_prefix(_table_key(item.name))) != column:
                # A table shown for the first time starts from its guesses, not from nothing.
                for _code, bound in rows:
                    self.data.setlist(bound.html_name, self.fields[bound.name].initial)
            tables.append((item, column, rows, _table_key(item.name)))
        return tables

    def current_spec(self) -> dict:
        """The mapping the form says (call after ``is_valid``)."""
        data = self.cleaned_data
        fields = {}
        for item in self.target.fields:
            column = data.get(_field_key(item.name)) or NO_COLUMN
            constant = (data.get(_constant_key(item.name)) or "").strip()
            if column:
                fields[item.name] = {"column": column}
                if constant:
                    fields[item.name]["constant"] = constant
            elif constant:
                fields[item.name] = {"constant": constant}
        values = {}
        for item, _column, rows, _key in self.code_tables:
            values[item.name] = {code: list(data.get(bound.name, [])) for code, bound in rows}
        hours = []
        for index, column in enumerate(self.columns):
            day = data.get(_day_key(index))
            if day not in (None, ""):
                hours.append({"column": column, "day": int(day)})
        if fields.get(self.target.hours_field.name if self.target.hours_field else ""):
            hours = []  # a column of the standard's hours wins over day columns
        return {"fields": fields, "values": values, "hours": hours}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for message in engine.validate(self.target, self.current_spec(), self.columns):
                self.add_error(None, message)
        return cleaned
