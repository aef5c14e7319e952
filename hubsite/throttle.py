"""Fixed-window rate limits in the Django cache, and the client address they are keyed on.

Counters live in the default cache: one Redis shared by every gunicorn worker when
``REDIS_URL`` is set. Keys are salted hashes: no address or user name is stored as such.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_HEADER`` the address
    that the ``TRUSTED_PROXY_COUNT`` trusted proxies received the request from.

    Only the hops that the trusted proxies appended are believed: what a client writes in
    the header itself stands to the left of them and is never read.
    """
    header, count = settings.TRUSTED_PROXY_HEADER, settings.TRUSTED_PROXY_COUNT
    if header and count > 0:
        hops = [hop.strip() for hop in request.META.get(header, "").split(",")]
        if len(hops) >= count and hops[-count]:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def address_scope(address: str) -> str:
    """The unit an address is limited as: itself, or its /64 for IPv6 (which one subscriber
    holds whole, and could otherwise walk through)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def digest(*parts: str) -> str:
    """A stable, non-reversible key for ``parts`` (keyed with the secret key)."""
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def client_fingerprint(request) -> str:
    """A stable, non-reversible key for the client's address."""
    return digest("address", address_scope(client_address(request)))


def _cache_key(key: str) -> str:
    return f"throttle:{key}"


def hit(key: str, *, window: int) -> int:
    """Count one hit for ``key`` in a window of ``window`` seconds; the hits so far."""
    cache_key = _cache_key(key)
    if cache.add(cache_key, 1, timeout=window):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        return 1


def hits(keys: list[str]) -> dict[str, int]:
    """The hits counted for each of ``keys`` in its current window (0 if none)."""
    found = cache.get_many([_cache_key(key) for key in keys])
    return {key: found.get(_cache_key(key), 0) for key in keys}


def forget(keys: list[str]) -> None:
    cache.delete_many([_cache_key(key) for key in keys])


def is_allowed(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``key``; False once more than ``limit`` hits fall in ``window`` s."""
    return hit(key, window=window) <= limit
