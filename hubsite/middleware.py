import contextlib
import secrets

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core import signing
from django.db import OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hubsite import throttle

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


KNOWN_DEVICE_COOKIE = "maillage_appareil"
_KNOWN_DEVICE_SALT = "hubsite.middleware.known-device"
_KNOWN_DEVICE_ACCOUNTS = 10


def _account(username: str | None) -> str:
    return throttle.digest("login-account", (username or "").strip().lower())


def _known_device(request) -> dict:
    """The signed known-device cookie: ``{"device": id, "accounts": [account, ...]}`` or {}."""
    value = request.COOKIES.get(KNOWN_DEVICE_COOKIE)
    if not value:
        return {}
    try:
        data = signing.loads(
            value, salt=_KNOWN_DEVICE_SALT, max_age=settings.LOGIN_KNOWN_DEVICE_AGE
        )
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
        return {}
    return data


def _attempt_limits(request, username: str | None) -> dict[str, int]:
    """The counters an attempt to sign in as ``username`` is checked against (and that its
    failure adds to), with their limits."""
    account = _account(username)
    device = _known_device(request)
    if account in device.get("accounts", ()):
        # A device that signed in to this account before has proven itself: only its own
        # failures count against it, so that nobody else can lock it out.
        return {f"login:device:{device['device']}:{account}": settings.LOGIN_FAILURE_LIMIT}
    address = throttle.client_fingerprint(request)
    return {
        f"login:pair:{address}:{account}": settings.LOGIN_FAILURE_LIMIT,
        f"login:address:{address}": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        f"login:account:{account}": settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
    }


def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    for key in _attempt_limits(request, credentials.get("username")):
        throttle.hit(key, window=settings.LOGIN_FAILURE_WINDOW)


def _remember_sign_in(sender, request, user, **kwargs):
    # The pair's and the device's own counters only: an address that tries other accounts,
    # or an account under attack from elsewhere, stays counted.
    if request is None:
        return
    limits = _attempt_limits(request, user.get_username())
    throttle.forget([key for key in limits if key.startswith(("login:pair:", "login:device:"))])
    request.signed_in_account = _account(user.get_username())


def _set_known_device(request, response, account: str) -> None:
    device = _known_device(request)
    accounts = [account, *(a for a in device.get("accounts", ()) if a != account)]
    value = signing.dumps(
        {
            "device": device.get("device") or secrets.token_urlsafe(16),
            "accounts": accounts[:_KNOWN_DEVICE_ACCOUNTS],
        },
        salt=_KNOWN_DEVICE_SALT,
    )
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        value,
        max_age=settings.LOGIN_KNOWN_DEVICE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class LoginRateLimitMiddleware:
    """Refuses sign-in attempts after too many failures, without letting anyone lock a person
    out: see the LOGIN_* settings. A successful sign-in marks the browser as a known device
    of that account (a signed cookie), which the account-wide limit never stops.

    Counters live in the cache (shared between workers when ``REDIS_URL`` is set); the
    client's address is ``hubsite.throttle.client_address`` (``TRUSTED_PROXY_HEADER``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        user_login_failed.connect(_count_failure, dispatch_uid="maillage-login-failures")
        user_logged_in.connect(_remember_sign_in, dispatch_uid="maillage-login-success")
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
        response = self.get_response(request)
        if account := getattr(request, "signed_in_account", None):
            _set_known_device(request, response, account)
        return response

    def _blocked(self, request) -> bool:
        limits = _attempt_limits(request, request.POST.get("username"))
        counts = throttle.hits(list(limits))
        return any(counts[key] >= limit for key, limit in limits.items())


BUSY_MESSAGE = _lazy(
    "Quelqu'un d'autre modifie ces données en ce moment ; réessayez dans un instant."
)
BUSY_RETRY_AFTER = 5
# PostgreSQL's serialization failure, deadlock and lock timeout (SQLSTATE).
_POSTGRES_LOCK_CONFLICTS = {"40001", "40P01", "55P03"}


def is_lock_conflict(exception: BaseException | None) -> bool:
    """Whether ``exception`` means another transaction holds what this one needed: SQLite's
    "database is locked", PostgreSQL's serialization, deadlock and lock timeout errors."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    sqlstate = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    if sqlstate in _POSTGRES_LOCK_CONFLICTS:
        return True
    return "database is locked" in str(exception) or "database table is locked" in str(exception)


def busy_response(request) -> HttpResponse:
    """503 with Retry-After and a page that says to try again, rendered without the database."""
    in_admin = request.path.startswith("/admin/")
    back_url = reverse("wagtailadmin_home") if in_admin else "/"
    retry_url = request.get_full_path()
    if request.method != "GET":
        referer = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        retry_url = referer if safe else request.path
    template = loader.get_template("503.html")
    context = {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "message": BUSY_MESSAGE,
        "in_admin": in_admin,
        "back_url": back_url,
        "retry_url": retry_url,
    }
    response = HttpResponse(template.render(context), status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response


class DatabaseBusyMiddleware:
    """Turns a lock conflict that outlasted the database's wait into a 503 "try again" page
    instead of a 500: the transaction was rolled back, nothing was half-written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_lock_conflict(exception):
            return busy_response(request)
        return None
