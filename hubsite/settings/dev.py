from .base import *  # noqa: F403
from .base import env, tasks_setting

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["*"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Background tasks run in the request that queues them: no worker to start.
TASKS = tasks_setting(env("DJANGO_TASKS_BACKEND", "immediate"))
