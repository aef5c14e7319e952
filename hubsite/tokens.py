"""Personal links without an account: a random token goes in the e-mail, only its SHA-256 is
stored (a leaked table opens no link)."""

import hashlib
import secrets

# Longer than any token :func:`new_token` makes: anything longer is forged, unhashed.
MAX_LENGTH = 100


def digest(token: str) -> str:
    """What is stored of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its digest."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def plausible(token: str) -> bool:
    """Worth looking up: not empty, not absurdly long."""
    return bool(token) and len(token) <= MAX_LENGTH
