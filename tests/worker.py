"""Running django-tasks' real database worker over the test database, as production does."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def run_database_worker(**environment: str) -> None:
    """Run ``manage.py db_worker`` once over every queued task (``--batch``), in a process of
    its own connected to this test's PostgreSQL database, with ``environment`` added."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hubsite.settings.test",
        "DJANGO_TASKS_BACKEND": "database",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        **environment,
    }
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
