"""The e-mails of an account's life (address check, invitation, "you already have an
account"): sent to a person whatever their preferences, since they ask for them or cannot
have any yet. Written at once, sent by hubsite's background task once the transaction
commits, like every notification."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from hubsite.notifications import render_text


def send_account_email(*, to: str, template: str, context: dict) -> None:
    """Queue ``template`` (``_subject.txt``, ``.txt``, ``.html``) for ``to``."""
    from hubsite.tasks import send_emails

    context = {**context, "SITE_NAME": settings.WAGTAIL_SITE_NAME}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        context["subject"] = subject
        message = {
            "to": [to],
            "subject": subject,
            "text": render_text(f"{template}.txt", context),
            "html": render_to_string(f"{template}.html", context),
        }
    transaction.on_commit(partial(send_emails.enqueue, [message]), robust=True)
