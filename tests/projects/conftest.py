"""Fixtures of the mediators' account tests: the mail they get and the links in it."""

import re

import pytest
from django.core import mail

LINK = re.compile(r"http://testserver(/\S+)")


@pytest.fixture
def sent(django_capture_on_commit_callbacks, empty_cache):
    """Run the code under test so that its e-mails are sent (on commit): ``sent(fn)``
    returns what ``fn`` returned; ``mail.outbox`` holds the messages."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def link_in(message, start: str) -> str:
    """The path of the link starting with ``start`` in ``message``'s text."""
    for path in LINK.findall(message.body):
        if path.startswith(start):
            return path
    raise AssertionError(f"no link to {start} in {message.body!r}")


def outbox_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]
