"""Browser tests: the real ASGI server in its own process, driven by Debian's Chromium.

The server gets a fresh var/ folder (SQLite database, media, and the outbox where its
file e-mail backend writes), so a test reads its mail the way a newcomer would.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving import free_port, serve, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.e2e

# What Chromium reported against the content security policy, on every page of every
# context the tests open: a test that caused one fails (``_no_csp_violation``).
CSP_VIOLATIONS = []


def _watch_csp(context):
    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"{message.location.get('url', '?')}: {message.text}")

    context.on("console", on_console)
    return context


def pytest_collection_modifyitems(items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason="needs Debian's chromium (apt-get install chromium)")
        for item in items:
            if "e2e" in item.nodeid:
                item.add_marker(skip)


class Server:
    def __init__(self, var_dir, base_url):
        self.var_dir = var_dir
        self.base_url = base_url
        self.outbox = var_dir / "mail"

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )

    def mails(self):
        if not self.outbox.exists():
            return []
        return [p.read_text() for p in sorted(self.outbox.iterdir(), key=os.path.getmtime)]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("var")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RSE_")}
    env.update(
        RSE_VAR_DIR=str(var_dir),
        RSE_DATABASE_URL=f"sqlite:///{var_dir / 'e2e.sqlite3'}",
        RSE_SIGNUP_DOMAINS="example.com",
        RSE_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="rse.settings",
    )
    if os.environ.get("RSE_REDIS_URL"):
        env["RSE_REDIS_URL"] = os.environ["RSE_REDIS_URL"]
    srv = Server(var_dir, f"http://127.0.0.1:{port}")
    srv.env = env
    srv.manage("migrate", "--noinput", "-v0")
    srv.manage("collectstatic", "--noinput", "-v0")
    srv.manage("demo")
    process = serve(port, env)
    wait_until_up(process, srv.base_url, lambda: process.stdout.read().decode())
    yield srv
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        new_context = browser.new_context
        browser.new_context = lambda **options: _watch_csp(new_context(**options))
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violation():
    seen = len(CSP_VIOLATIONS)
    yield
    assert CSP_VIOLATIONS[seen:] == [], "the page broke the content security policy"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
