"""The content security policy: every page says it, with a nonce that every script tag of
the page carries and nothing inline allowed; no template relies on what it forbids; and
what the browser reports against it is logged, within bounds."""

import logging
import re
from pathlib import Path

import pytest

from rse.accounts.templatetags.people import avatar

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def policy(response):
    return dict(
        [*part.split(" ", 1), ""][:2]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
        if part
    )


@pytest.mark.parametrize("path", ["/", "/chat/", "/groups/", "/people/"])
def test_each_page_has_a_strict_policy_and_its_scripts_the_nonce(person_client, path):
    response = person_client.get(path, follow=True)
    directives = policy(response)
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    assert directives["script-src"].startswith("'self' 'nonce-")
    assert "unsafe" not in response["Content-Security-Policy"]
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["style-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts, path
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag and "src=" in tag, tag


def test_the_sign_in_page_too(client):
    assert "script-src 'self' 'nonce-" in client.get("/accounts/login/")["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_relies_on_what_the_policy_forbids(template):
    text = template.read_text()
    assert not re.search(r"\sstyle\s*=", text), "a style attribute"
    assert not re.search(r"\son[a-z]+\s*=", text), "an inline event handler"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "an inline script"
    assert "javascript:" not in text


def test_sizes_and_hues_the_templates_use_have_their_classes():
    css = (ROOT / "static/css/rse.css").read_text()
    sizes = {"40", "48"}  # the defaults of {% avatar %} and {% group_image %}
    for template in TEMPLATES:
        sizes |= set(re.findall(r"\{% (?:avatar|group_image) [\w.]+ (\d+)", template.read_text()))
    for size in sizes:
        assert f".size-{size} {{ --size: {size}px; }}" in css, size
    for hue in range(24):
        assert f".hue-{hue} {{ --hue: {hue * 15}; }}" in css


def test_an_initials_disc_has_no_style_attribute(person):
    html = avatar(person, 36)
    assert "style" not in html and "size-36" in html and re.search(r"hue-\d+\b", html)


def report(client, body, **headers):
    return client.post("/csp-report/", body, content_type="application/csp-report", **headers)


def test_a_violation_is_logged_with_what_was_blocked_where(client, caplog):
    body = (
        '{"csp-report": {"document-uri": "https://rse.example.com/chat/", '
        '"violated-directive": "style-src-attr", "blocked-uri": "inline"}}'
    )
    with caplog.at_level(logging.WARNING, logger="rse.csp"):
        assert report(client, body).status_code == 204
    assert "CSP violation: style-src-attr blocked inline on https://rse.example.com/chat/" in (
        caplog.text
    )


def test_garbage_and_oversized_reports_are_not_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="rse.csp"):
        assert report(client, "not json").status_code == 204
        assert report(client, "[1, 2]").status_code == 204
        assert report(client, '{"csp-report": "x' + "y" * 20_000 + '"}').status_code == 204
    assert caplog.text == ""
    assert client.get("/csp-report/").status_code == 405


@pytest.mark.usefixtures("one_rate_window")
def test_at_most_twenty_reports_a_minute_per_address(client, caplog):
    """Counted before anything is read, garbage included: the log cannot be flooded."""
    body = '{"csp-report": {"violated-directive": "script-src"}}'
    with caplog.at_level(logging.WARNING, logger="rse.csp"):
        for _ in range(30):
            report(client, body)
    assert caplog.text.count("CSP violation") == 20


def test_a_report_can_neither_crash_the_endpoint_nor_forge_a_log_line(client, caplog):
    with caplog.at_level(logging.WARNING, logger="rse.csp"):
        assert report(client, "[" * 15_000).status_code == 204  # nests past the stack
        forged = '{"csp-report": {"violated-directive": "x\\n2026-01-01 CRITICAL forged"}}'
        assert report(client, forged).status_code == 204
    assert "CSP violation: x?2026-01-01 CRITICAL forged blocked ?" in caplog.text
    assert "\n2026-01-01" not in caplog.text
