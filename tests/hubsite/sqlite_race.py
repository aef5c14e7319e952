"""Two coordinators qualifying (then suspending, then qualifying...) the same venue at the same
instant, in real threads, on the SQLite file given: prints the status codes as JSON.

Run by tests/hubsite/test_database_busy.py in a process of its own, whose default database is
that file: ``python -m tests.hubsite.sqlite_race DB VENUE_PK USERNAME USERNAME ROUNDS``.
"""

import json
import os
import sys
import threading


def main(database: str, venue_pk: int, usernames: list[str], rounds: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "hubsite.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    users = [get_user_model().objects.get(username=name) for name in usernames]
    connection.close()
    start = threading.Barrier(len(users))
    codes: list[list[int]] = [[] for _ in users]

    def coordinator(index: int) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(users[index])
        for round_ in range(rounds):
            action = "venues:suspend" if round_ % 2 else "venues:qualify"
            start.wait(timeout=60)
            response = client.post(reverse(action, args=[venue_pk]), {"reason": f"Tour {round_}"})
            codes[index].append(response.status_code)

    threads = [threading.Thread(target=coordinator, args=(i,)) for i in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    print(json.dumps({"codes": codes, "sqlite_options": connection.settings_dict["OPTIONS"]}))


if __name__ == "__main__":
    database, venue_pk, first, second, rounds = sys.argv[1:6]
    main(database, int(venue_pk), [first, second], int(rounds))
