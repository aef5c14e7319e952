import contextlib
import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "camera=()",
        "geolocation=(self)",  # the venue finder's "near me"
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "payment=()",
        "usb=()",
    ]
)


def _render(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sends the Content Security Policy: strict on public pages, looser in Wagtail's admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = _render(settings.CSP_POLICY)
        self.admin = _render(settings.CSP_ADMIN_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(("/admin/", "/django-admin/"))
            response["Content-Security-Policy"] = self.admin if is_admin else self.public
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _login_paths() -> set[str]:
    paths = set()
    for name in ("wagtailadmin_login", "wagtailcore_login"):
        with contextlib.suppress(NoReverseMatch):
            paths.add(reverse(name))
    return paths


def _failure_keys(request, username: str | None) -> list[str]:
    keys = [f"login-failures:ip:{request.META.get('REMOTE_ADDR', '')}"]
    if username:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        keys.append(f"login-failures:user:{digest}")
    return keys


def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    for key in _failure_keys(request, credentials.get("username")):
        if not cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def _forget_account_failures(sender, request, user, **kwargs):
    # Only the account's counter: signing in to one's own account must not reset the count
    # of an address that tries others.
    cache.delete_many(_failure_keys(request, user.get_username())[1:])


class LoginRateLimitMiddleware:
    """Refuses sign-in attempts after too many failures from one address or for one account.

    Counters live in the cache (shared between workers when ``REDIS_URL`` is set). Behind a
    reverse proxy, the proxy must pass the client's address as ``REMOTE_ADDR``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        user_login_failed.connect(_count_failure, dispatch_uid="maillage-login-failures")
        user_logged_in.connect(_forget_account_failures, dispatch_uid="maillage-login-success")
        self._paths = None

    def __call__(self, request):
        if request.method == "POST":
            if self._paths is None:
                self._paths = _login_paths()
            if request.path in self._paths and self._blocked(request):
                response = HttpResponse(
                    _("Trop de tentatives de connexion. Réessayez dans quelques minutes."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW)
                return response
        return self.get_response(request)

    def _blocked(self, request) -> bool:
        keys = _failure_keys(request, request.POST.get("username"))
        counts = cache.get_many(keys)
        return any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts.values())
