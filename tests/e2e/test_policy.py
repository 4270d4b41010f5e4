"""Every kind of page works under the content security policy, not only RSE's own: the
admin site and allauth's account pages carry scripts of their own, without RSE's nonce.
The browser fixture fails the test on any violation Chromium reports."""

import pytest
from playwright.sync_api import expect

from .test_groups import sign_in

pytestmark = pytest.mark.e2e

PAGES = [
    ("/", "main"),
    ("/chat/", ".chat-sidebar, main"),
    ("/groups/new/", "form"),
    ("/people/me/edit/", "form"),
    ("/accounts/email/", "form"),
    ("/accounts/2fa/", "main"),
    ("/accounts/2fa/totp/activate/", "form"),
    ("/admin/", "#content"),
    ("/admin/groups/group/add/", "#content form"),
    ("/admin/accounts/user/", "#changelist"),
]


def test_every_kind_of_page_runs_under_the_policy(server, browser):
    context, page = sign_in(browser, server, "alice.martin@demo.rse.test")  # a site admin
    for path, landmark in PAGES:
        response = page.goto(server.base_url + path)
        assert response.status == 200, path
        expect(page.locator(landmark).first).to_be_visible()
        page.wait_for_load_state("networkidle")
    # The admin's own scripts ran: they count the rows selected for an action.
    page.goto(server.base_url + "/admin/accounts/user/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("selected")
    context.close()
