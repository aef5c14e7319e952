"""Production settings, security headers, a Content Security Policy the pages satisfy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import HubFactory, UserFactory, add_event, add_news, add_standard_page

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **overrides) -> dict:
    """A clean environment: nothing leaks in from the shell running the tests."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "hubsite.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "maillage.example.org",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr and "ERRORS" not in result.stderr


def test_production_settings_load_when_given_their_secrets(tmp_path):
    result = run(
        ["-c", "import hubsite.settings.production as s; print(s.WAGTAILADMIN_BASE_URL)"],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://maillage.example.org"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret(tmp_path, missing):
    result = run(
        ["-c", "import hubsite.settings.production"], production_env(tmp_path, **{missing: None})
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize(
    "overrides",
    [
        {"DJANGO_SECRET_KEY": "trop-court"},
        {"DJANGO_SECRET_KEY": "dev-" + "x" * 60},
        {"DJANGO_SECRET_KEY": "a" * 60},
        {"DJANGO_ALLOWED_HOSTS": "*"},
    ],
    ids=["short-key", "dev-key", "repetitive-key", "any-host"],
)
def test_production_refuses_weak_settings(tmp_path, overrides):
    result = run(
        ["-c", "import hubsite.settings.production"], production_env(tmp_path, **overrides)
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.fixture
def public_urls(home):
    hub = HubFactory(name="Hub Sécurité", slug="securite")
    news = add_news(hub, title="Une nouvelle")
    event = add_event(hub, title="Un atelier")
    page = add_standard_page(hub.page, title="Une page libre")
    return {
        "home": home.url,
        "hub": hub.page.url,
        "news-index": news.get_parent().url,
        "news": news.url,
        "event-index": event.get_parent().url,
        "event": event.url,
        "standard": page.url,
        "search": reverse("search") + "?q=atelier",
        "not-found": "/cette-page-n-existe-pas/",
    }


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_public_pages_send_a_strict_policy_and_security_headers(client, public_urls):
    for name, url in public_urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), name
        assert_security_headers(response)
        assert response["X-Frame-Options"] == "DENY"
        policy = response["Content-Security-Policy"]
        directives = dict(
            [*part.split(" ", 1), ""][:2] for part in policy.split("; ") if part.strip()
        )
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["base-uri"] == "'self'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_public_pages_satisfy_their_policy(client, public_urls):
    """No inline script or style, nothing loaded from another origin."""
    for name, url in public_urls.items():
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") in ("application/json", "application/ld+json"):
                continue  # data, never executed
            assert script.get("src"), f"{name}: inline script {str(script)[:80]}"
        assert not soup.find_all("style"), f"{name}: <style> element"
        styled = soup.find_all(attrs={"style": True})
        assert not styled, f"{name}: style attribute on {str(styled[0])[:80]}"
        handlers = [
            tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)
        ]
        assert not handlers, f"{name}: inline event handler on {str(handlers[0])[:80]}"
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attribute) or ""
                assert not value.startswith(("http://", "https://", "//")), (
                    f"{name}: {tag} from another origin: {value}"
                )


def test_admin_pages_send_a_policy_and_security_headers(client, home):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    client.force_login(UserFactory(is_superuser=True, email="claire@example.org"))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    # No avatar fetched from gravatar.com with a hash of the user's address.
    assert "gravatar" not in response.content.decode()


def test_sign_in_is_refused_after_repeated_failures(client, db, settings, empty_cache):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory(username="claire", is_superuser=True)
    url = reverse("wagtailadmin_login")
    for _attempt in range(3):
        response = client.post(url, {"username": "claire", "password": "mauvais"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(url, {"username": "claire", "password": "motdepasse-de-test"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address may still sign in to another account.
    other = UserFactory(username="marc", is_superuser=True)
    response = client.post(
        url,
        {"username": other.username, "password": "motdepasse-de-test"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    assert user.pk != other.pk


def test_a_successful_sign_in_does_not_count_as_a_failure(client, db, settings, empty_cache):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="claire", is_superuser=True)
    url = reverse("wagtailadmin_login")
    for _attempt in range(5):
        response = client.post(url, {"username": "claire", "password": "motdepasse-de-test"})
        assert response.status_code == 302
        client.logout()
