"""Settings shared by every environment; safe for production on their own.

Each environment variable is read once, here, with a default that suits a developer's
machine. ``production.py`` then refuses the defaults that must not reach a server.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hubsite",
    "directory",
    "projects",
    "funding",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "leaflet",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages are compressed for weak phones; CSRF tokens are masked per response (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hubsite.middleware.ContentSecurityPolicyMiddleware",
    "hubsite.middleware.LoginRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "hubsite.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "hubsite.urls"
WSGI_APPLICATION = "hubsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hubsite" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "hubsite.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database, made fit for several requests at once: readers never wait for a
    # writer (WAL); a transaction takes the write lock when it begins (IMMEDIATE), so that two
    # of them never both read then deadlock on writing; and a writer waits up to
    # SQLITE_TIMEOUT seconds for the lock, under gunicorn's 30 s, before the 503 "try again"
    # page (hubsite.middleware.DatabaseBusyMiddleware).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env("DJANGO_SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "hubsite" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A document's virus scan (hubsite.uploads): the dotted path of a callable given each upload,
# which raises ValidationError to refuse it; none by default.
UPLOAD_VIRUS_SCANNER = env("UPLOAD_VIRUS_SCANNER")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sign-in throttle (hubsite.middleware.LoginRateLimitMiddleware), over LOGIN_FAILURE_WINDOW
# seconds: LOGIN_FAILURE_LIMIT failures for one account from one address (or from one known
# device) stop that pair; LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the
# accounts, stop that address; LOGIN_ACCOUNT_FAILURE_LIMIT failures for one account from
# anywhere stop new clients for it, never the devices that signed in to it before (a signed
# cookie kept LOGIN_KNOWN_DEVICE_AGE seconds): nobody can lock a person out of their account.
LOGIN_FAILURE_LIMIT = int(env("DJANGO_LOGIN_FAILURE_LIMIT", "10"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(env("DJANGO_LOGIN_ACCOUNT_FAILURE_LIMIT", "50"))
LOGIN_FAILURE_WINDOW = int(env("DJANGO_LOGIN_FAILURE_WINDOW", "900"))
LOGIN_KNOWN_DEVICE_AGE = 180 * 24 * 3600


def _request_header_key(header: str) -> str:
    """'X-Forwarded-For' (or 'HTTP_X_FORWARDED_FOR') as its request.META key."""
    key = header.strip().upper().replace("-", "_")
    return key if not key or key.startswith("HTTP_") else f"HTTP_{key}"


# The client's address, for every rate limit: REMOTE_ADDR, unless a reverse proxy passes it in
# a header (e.g. X-Forwarded-For): then the TRUSTED_PROXY_COUNT-th address from the right of
# that header, the one the outermost trusted proxy saw. Never set it without such a proxy: a
# client could then write its own header and pass for anyone.
TRUSTED_PROXY_HEADER = _request_header_key(env("DJANGO_TRUSTED_PROXY_HEADER"))
TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "1"))

# Map tiles: the provider is a setting so that a hub can use its own tile server; an empty
# URL draws maps without a background layer (tests, offline demos).
MAP_TILES_URL = env("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)


def _origin(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3]) if len(parts) > 2 and "://" in url else ""


MAP_TILES_ORIGIN = _origin(MAP_TILES_URL).replace("{s}.", "*.")

# Content Security Policy: the public pages load nothing from other origins but map tiles.
CSP_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *([MAP_TILES_ORIGIN] if MAP_TILES_ORIGIN else [])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Wagtail's admin relies on inline scripts and styles (not on eval); it is only for
# signed-in staff.
CSP_ADMIN_POLICY = {
    **CSP_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *CSP_POLICY["img-src"][2:]],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# Background tasks (large venue imports, and Wagtail's own: reference and search indexes).
# "database" queues them in the database for the worker (`manage.py db_worker`), which
# production runs beside gunicorn; "immediate" runs each in the request that queued it.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_setting(backend: str) -> dict:
    if backend not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"DJANGO_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {backend!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[backend], "QUEUES": ["default"]}}


TASKS = tasks_setting(env("DJANGO_TASKS_BACKEND", "database"))

WAGTAIL_SITE_NAME = "Maillage"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Readable, ASCII addresses: "Atelier à venir" gets /atelier-a-venir/, not a %-encoded slug.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from gravatar.com: the admin would send a hash of each user's e-mail there.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "odp", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (46.6, 2.4),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 18,
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})]
    if MAP_TILES_URL
    else [],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

# The directory: up to this many venues in a map view are sent one by one, more are clustered;
# the largest file an import accepts, and the largest imported within the request (a larger
# one runs in the background, see TASKS).
DIRECTORY_MAP_MAX_VENUES = 300
DIRECTORY_IMPORT_MAX_BYTES = 10 * 1024 * 1024
DIRECTORY_IMPORT_INLINE_MAX_BYTES = 256 * 1024
# Confirmation requests to venues: how long their link is good for, and the pace of a yearly
# campaign (this many e-mails, then this many seconds' pause), kind to the mail server.
DIRECTORY_CONFIRMATION_LINK_DAYS = int(env("DIRECTORY_CONFIRMATION_LINK_DAYS", "30"))
DIRECTORY_CONFIRMATION_BATCH_SIZE = int(env("DIRECTORY_CONFIRMATION_BATCH_SIZE", "30"))
DIRECTORY_CONFIRMATION_BATCH_PAUSE = float(env("DIRECTORY_CONFIRMATION_BATCH_PAUSE", "60"))

# When a search finds no venue nearby, or a territory no hub covers yet, the finder gives the
# national help line for online procedures (Solidarité numérique, by phone, free of charge).
NATIONAL_HELP_LINE_NAME = env("NATIONAL_HELP_LINE_NAME", "Solidarité numérique")
NATIONAL_HELP_LINE_PHONE = env("NATIONAL_HELP_LINE_PHONE", "01 70 772 372")

# An outside geocoder (e.g. the national address API) may complete the project's own
# commune data; it is off unless set, and never called in tests.
GEOCODER_URL = env("GEOCODER_URL")

# Notifications (hubsite.notifications) go through Django's mail framework: the console in
# development, SMTP (or any backend) in production.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.example>")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
# For the file-based backend: the folder where each message is written.
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per background task run (search index, reference index): noise, not news.
        "django_tasks": {"level": "WARNING"},
    },
}
