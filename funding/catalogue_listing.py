"""The catalogue's listings without a template per cell nor a URL resolution per row.

Wagtail renders every cell of a listing (~120 a page, and ~8 templates for a title with its
actions) through the template engine and reverses each row's URLs, which was most of the
calls' catalogue's time (issue 11, "Measured": 2,000 calls listed within 50 ms). The cells
here are written in Python with Wagtail's markup; the row URLs come from one reversing."""

from collections.abc import Callable
from typing import Any

from django.contrib.admin.utils import quote
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.widgets.button import Button, ButtonWithDropdown


def _cell(column: Column, content) -> SafeString:
    if column.classname:
        return format_html('<td class="{}">{}</td>', column.classname, content)
    return format_html("<td>{}</td>", content)


def _icon(name: str, classname: str = "icon") -> SafeString:
    return format_html(
        '<svg class="icon icon-{} {}" aria-hidden="true"><use href="#icon-{}"></use></svg>',
        name,
        classname,
        name,
    )


class TextColumn(Column):
    """A value as text, localised as the template engine would print it."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            return _cell(self, self.empty_value_display)
        if isinstance(value, int) and not isinstance(value, bool):
            return _cell(self, str(value))  # unlocalised, as Wagtail's Column does
        return _cell(self, formats.localize(value))


class ShortDateColumn(Column):
    """A date or a moment as its short local date, in a ``<time>`` for assistive tools."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if not value:
            return _cell(self, "")
        if hasattr(value, "tzinfo") and timezone.is_aware(value):
            value = timezone.localtime(value)
        return _cell(
            self,
            format_html(
                '<time datetime="{}">{}</time>',
                value.isoformat(),
                date_filter(value, "SHORT_DATE_FORMAT"),
            ),
        )


class ActionsTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The title linking to ``get_url(instance)``, with the row's actions as the listing view
    builds them (``row_buttons(instance)``, Wagtail's ``get_list_buttons``). Plain link
    buttons and Wagtail's dropdown of them are written here; any other kind of button is
    rendered by Wagtail as usual."""

    def __init__(self, name, *, row_buttons: Callable[[Any], list], **kwargs):
        super().__init__(name, **kwargs)
        self.row_buttons = row_buttons

    def get_buttons(self, instance, parent_context):
        return self.row_buttons(instance)

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        title = value if value is not None and str(value).strip() else self.empty_value_display
        url = self.get_link_url(instance, parent_context)
        heading = format_html('<a href="{}">{}</a>', url, title) if url else title
        buttons = sorted(self.get_buttons(instance, parent_context))
        actions = format_html_join(
            "",
            "<li>{}</li>",
            ((self._button_html(button, parent_context),) for button in buttons if button.show),
        )
        classname = f"{self.classname} title" if self.classname else "title"
        return format_html(
            '<td class="{}"><div class="title-wrapper">{}</div>{}</td>',
            classname,
            heading,
            format_html('<ul class="actions">{}</ul>', actions) if actions else "",
        )

    def _button_html(self, button, parent_context) -> SafeString:
        if type(button) is ButtonWithDropdown and not button.label:
            items = sorted(button.dropdown_buttons)
            if all(type(item) is Button and item.url for item in items):
                return self._dropdown_html(button, items)
        return button.render_html(parent_context)

    @staticmethod
    def _dropdown_html(button: ButtonWithDropdown, items: list[Button]) -> SafeString:
        links = format_html_join(
            "",
            '<a href="{}" class="{}"{}>{} {}</a>',
            (
                (
                    item.url,
                    item.classname,
                    item.base_attrs_string,
                    _icon(item.icon_name) if item.icon_name else "",
                    item.label,
                )
                for item in items
            ),
        )
        toggle_classes = "w-dropdown__toggle w-dropdown__toggle--icon"
        if button.classname:
            toggle_classes = f"{toggle_classes} {button.classname}"
        return format_html(
            '<div data-controller="w-dropdown" class="w-dropdown"{}>'
            '<button type="button" class="{}" data-w-dropdown-target="toggle" aria-label="{}">'
            "{}</button>"
            '<div data-w-dropdown-target="content" class="w-dropdown__content" hidden>{}</div>'
            "</div>",
            button.base_attrs_string,
            toggle_classes,
            button.aria_label,
            _icon(button.icon_name or "arrow-down", "w-dropdown__toggle-icon"),
            links,
        )


# A key no row has, reversed in place of the row's (which may be an integer, as here).
_PLACEHOLDER = 918273645546372819


class RowUrlsMixin:
    """A model ``IndexView`` whose rows' edit, copy, inspect and delete URLs are reversed once
    a page rather than once a row; who may see which is still Wagtail's rule."""

    def _row_url(self, url_name: str, instance) -> str:
        patterns = self.__dict__.setdefault("_row_url_patterns", {})
        if url_name not in patterns:
            patterns[url_name] = reverse(url_name, args=(_PLACEHOLDER,)).rpartition(
                str(_PLACEHOLDER)
            )
        head, _, tail = patterns[url_name]
        return f"{head}{quote(instance.pk)}{tail}"

    def get_edit_url(self, instance):
        if self.edit_url_name and self.user_has_permission("change"):
            return self._row_url(self.edit_url_name, instance)

    def get_copy_url(self, instance):
        if self.copy_url_name and self.user_has_permission("add"):
            return self._row_url(self.copy_url_name, instance)

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission(
            {"add", "change", "delete", "view"}
        ):
            return self._row_url(self.inspect_url_name, instance)

    def get_delete_url(self, instance):
        if self.delete_url_name and self.user_has_permission("delete"):
            return self._row_url(self.delete_url_name, instance)
