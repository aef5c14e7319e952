from .base import *  # noqa: F403
from .base import env, tasks_setting

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests never send mail: it stays in memory, or, for a test's worker process (another
# process, whose memory the test cannot read), in files under DJANGO_EMAIL_FILE_PATH.
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_FILE_PATH  # noqa: F405
    else "django.core.mail.backends.locmem.EmailBackend"
)
# Tests never reach outside: no tiles, no geocoder.
MAP_TILES_URL = ""
MAP_TILES_ORIGIN = ""
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}  # noqa: F405
GEOCODER_URL = ""
WAGTAILADMIN_BASE_URL = "http://testserver"
# Background tasks run in the request that queues them: no worker to start.
TASKS = tasks_setting(env("DJANGO_TASKS_BACKEND", "immediate"))
