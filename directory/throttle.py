"""A fixed-window rate limit in the Django cache, keyed on a salted hash of the client address:
the address itself is never stored."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_fingerprint(request) -> str:
    """A stable, non-reversible key for the client's address (salted with the secret key)."""
    address = request.META.get("REMOTE_ADDR", "")
    salted = f"{settings.SECRET_KEY}:{address}".encode()
    return hashlib.sha256(salted).hexdigest()[:32]


def is_allowed(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``key``; False once more than ``limit`` hits fall in ``window`` s."""
    cache_key = f"throttle:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        return True
    return hits <= limit
