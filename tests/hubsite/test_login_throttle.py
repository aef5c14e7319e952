"""Sign-in throttle: brute force is stopped, yet nobody can lock a person out of their account;
the client's address is read from a proxy header only when one is configured."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from hubsite import throttle
from hubsite.middleware import KNOWN_DEVICE_COOKIE
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

ATTACKER = "203.0.113.66"
PERSON = "198.51.100.7"
PASSWORD = "motdepasse-de-test"


@pytest.fixture
def limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_HEADER = ""
    return settings


@pytest.fixture
def national(db):
    return UserFactory(username="equipe-nationale", is_superuser=True)


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, **extra
    )


def known_device(username, address=PERSON) -> Client:
    """A browser that signed in as ``username`` and then signed out: it keeps only its
    known-device cookie."""
    client = Client()
    assert sign_in(client, username, REMOTE_ADDR=address).status_code == 302
    cookie = client.cookies[KNOWN_DEVICE_COOKIE].value
    device = Client()
    device.cookies[KNOWN_DEVICE_COOKIE] = cookie
    return device


def attack(username, times, **extra):
    """``times`` wrong passwords for ``username`` from a fresh client; the status codes."""
    client = Client()
    return [sign_in(client, username, "mauvais", **extra).status_code for _ in range(times)]


def test_an_attacker_from_one_address_cannot_lock_the_account(limits, national):
    codes = attack("equipe-nationale", 12, REMOTE_ADDR=ATTACKER)

    assert codes[:3] == [200] * 3  # the form again, with its error
    assert set(codes[3:]) == {429}
    # The attacker stays throttled, even with the right password...
    assert sign_in(Client(), "equipe-nationale", REMOTE_ADDR=ATTACKER).status_code == 429
    # ...while the person signs in from their own address.
    assert sign_in(Client(), "equipe-nationale", REMOTE_ADDR=PERSON).status_code == 302


def test_a_known_device_signs_in_while_the_account_is_attacked_from_everywhere(limits, national):
    device = known_device("equipe-nationale")

    for n in range(1, 4):  # a distributed attack, under the per-address limit each time
        attack("equipe-nationale", 3, REMOTE_ADDR=f"203.0.113.{n}")

    # A client that never signed in to the account is now refused, wherever it is...
    assert sign_in(Client(), "equipe-nationale", REMOTE_ADDR="192.0.2.44").status_code == 429
    # ...but the person's own browser is not, even from an attacker's address.
    assert sign_in(device, "equipe-nationale", REMOTE_ADDR="203.0.113.1").status_code == 302


def test_a_known_device_of_another_account_or_a_forged_cookie_proves_nothing(limits, national):
    UserFactory(username="intrus", is_superuser=True)
    attacker = known_device("intrus", ATTACKER)

    codes = [
        sign_in(attacker, "equipe-nationale", "mauvais", REMOTE_ADDR=ATTACKER).status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]

    forged = Client()
    forged.cookies[KNOWN_DEVICE_COOKIE] = attacker.cookies[KNOWN_DEVICE_COOKIE].value[:-4] + "AAAA"
    assert sign_in(forged, "equipe-nationale", REMOTE_ADDR=ATTACKER).status_code == 429


def test_a_known_device_is_still_limited_by_its_own_failures(limits, national):
    device = known_device("equipe-nationale")

    codes = [
        sign_in(device, "equipe-nationale", "mauvais", REMOTE_ADDR=PERSON).status_code
        for _ in range(4)
    ]

    assert codes == [200, 200, 200, 429]


def test_one_address_trying_many_accounts_is_stopped(limits, db):
    for n in range(3):
        attack(f"compte-{n}", 3, REMOTE_ADDR=ATTACKER)
    UserFactory(username="quelquun", is_superuser=True)

    assert sign_in(Client(), "quelquun", REMOTE_ADDR=ATTACKER).status_code == 429
    assert sign_in(Client(), "quelquun", REMOTE_ADDR=PERSON).status_code == 302


def test_a_spoofed_forwarded_for_header_is_ignored_without_a_trusted_proxy(limits, national):
    client = Client()
    codes = [
        sign_in(
            client,
            "equipe-nationale",
            "mauvais",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(5)
    ]

    assert codes == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_clients(limits, national):
    limits.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    limits.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    # The attacker writes a header of its own; the proxy appends the address it saw.
    codes = [
        sign_in(
            Client(),
            "equipe-nationale",
            "mauvais",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}",
            **proxy,
        ).status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]

    response = sign_in(Client(), "equipe-nationale", HTTP_X_FORWARDED_FOR=PERSON, **proxy)
    assert response.status_code == 302


def test_client_address_reads_only_the_configured_header(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    settings.TRUSTED_PROXY_HEADER = ""
    assert throttle.client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    assert throttle.client_address(request) == "5.6.7.8"
    settings.TRUSTED_PROXY_COUNT = 2
    assert throttle.client_address(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than proxies: not through them
    assert throttle.client_address(request) == "10.0.0.2"
    assert throttle.client_address(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_an_ipv6_subscriber_is_limited_as_its_whole_prefix():
    first = throttle.address_scope("2001:db8:1:2::1")
    assert first == throttle.address_scope("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert throttle.address_scope("2001:db8:1:3::1") != first
    assert throttle.address_scope("::ffff:192.0.2.1") == "192.0.2.1"


def test_the_proxy_header_setting_is_read_from_the_environment(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "DJANGO_TRUSTED_PROXY_COUNT": "2",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    code = (
        "import hubsite.settings.base as s; "
        "print(s.TRUSTED_PROXY_HEADER, s.TRUSTED_PROXY_COUNT, s.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "HTTP_X_FORWARDED_FOR",
        "2",
        "django.core.cache.backends.redis.RedisCache",
    ]


def _redis_answers() -> bool:
    try:
        import redis

        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except Exception:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_failures_are_shared_between_workers_through_redis(limits, national):
    prefix = f"maillage-test-{uuid.uuid4().hex}"
    limits.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    try:
        assert attack("equipe-nationale", 3, REMOTE_ADDR=ATTACKER) == [200] * 3

        # Another worker: another thread has its own cache client, and must see the count.
        codes = []
        worker = threading.Thread(
            target=lambda: codes.append(
                sign_in(Client(), "equipe-nationale", REMOTE_ADDR=ATTACKER).status_code
            )
        )
        worker.start()
        worker.join(timeout=30)
        assert codes == [429]
        assert sign_in(Client(), "equipe-nationale", REMOTE_ADDR=PERSON).status_code == 302
    finally:
        # Only this test's keys: clear() would empty a Redis that others may share.
        import redis

        server = redis.Redis(host="127.0.0.1", port=6379, db=0)
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
