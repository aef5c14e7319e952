"""Spreadsheet exports that no spreadsheet runs as formulas (OWASP's CSV injection).

A cell starting with one of ``FORMULA_TRIGGERS`` is prefixed with a single quote, which
spreadsheets show as text. ``defuse_spreadsheet_exports`` applies that to Wagtail's
``SpreadsheetExportMixin``, the one writer behind every report, every ``list_export``
listing and the form-submission exports, in CSV and XLSX alike.
"""

from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """``value``, quoted if it is text that a spreadsheet would run as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def defuse_spreadsheet_exports(mixin: type) -> None:
    """Make ``mixin`` (Wagtail's ``SpreadsheetExportMixin``) defuse every cell and heading.

    Every value reaches the file through ``preprocess_field_value`` and every heading through
    ``get_heading``, whatever per-field or per-type preprocessing a view declares: wrapping
    those two covers each export, present and future. Idempotent.
    """
    if getattr(mixin, "_maillage_defused", False):
        return
    preprocess_field_value = mixin.preprocess_field_value
    get_heading = mixin.get_heading

    def defused_value(self, field, value, export_format):
        return defuse(preprocess_field_value(self, field, value, export_format))

    def defused_heading(self, queryset, field):
        return defuse(get_heading(self, queryset, field))

    mixin.preprocess_field_value = defused_value
    mixin.get_heading = defused_heading
    mixin._maillage_defused = True
