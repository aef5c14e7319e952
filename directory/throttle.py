"""The error reports' rate limit: hubsite's fixed-window counters, keyed on a salted hash of
the client address (the address itself is never stored)."""

from hubsite.throttle import client_fingerprint, is_allowed

__all__ = ["client_fingerprint", "is_allowed"]
