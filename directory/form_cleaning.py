"""What the venue's admin form and the venue's correction form clean alike: a field read
through one of ``directory.standard``'s cleaners, its message naming the value refused, and
the two multi-valued contact fields stored as the standard's separated lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory import standard


class StandardCleaningMixin:
    """For a ``forms.Form`` with ``emails`` and ``websites`` fields."""

    def _clean_with(self, name, cleaner, message):
        """``cleaner(value)``, or the field's error ``message % {"value": …}``."""
        value = self.cleaned_data.get(name) or ""
        try:
            return cleaner(value)
        except ValueError as error:
            raise forms.ValidationError(message % {"value": error}) from None

    def clean_emails(self):
        return standard.MULTI_SEPARATOR.join(
            self._clean_with(
                "emails", standard.clean_emails, _("« %(value)s » n'est pas un courriel valide.")
            )
            or []
        )

    def clean_websites(self):
        return standard.MULTI_SEPARATOR.join(
            self._clean_with(
                "websites", standard.clean_urls, _("« %(value)s » n'est pas une adresse web.")
            )
            or []
        )
