"""An owner creates a private group, a colleague asks to join, the owner approves, and
the colleague finds the group among theirs."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e
PASSWORD = "rse-demo-2026"


def signed_in(context, server, email):
    """A page of ``context`` signed in as ``email``, on the home page."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server.base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(server.base_url + "/")
    return page


def sign_in(browser, server, email):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = signed_in(context, server, email)
    # Demo people may have French as their language: the test speaks English.
    page.goto(server.base_url + "/people/me/edit/")
    page.locator("select[name=language]").select_option("en")
    page.locator("form.form button[type=submit]").click()
    return context, page


def test_private_group_request_and_approval(server, browser):
    owner_context, owner = sign_in(browser, server, "bruno.lefevre@demo.rse.test")
    owner.goto(server.base_url + "/groups/")
    owner.get_by_role("link", name="Create a group").click()
    owner.get_by_label("Name").fill("Billing war room")
    owner.get_by_label("Description").fill("Where **billing** incidents get solved.")
    owner.get_by_label("Private").check()
    owner.get_by_role("button", name="Create the group").click()
    expect(owner.get_by_role("heading", name="Billing war room")).to_be_visible()

    asker_context, asker = sign_in(browser, server, "chloe.dubois@demo.rse.test")
    asker.goto(server.base_url + "/groups/?q=billing+war")
    asker.get_by_role("link", name=re.compile("Billing war room")).click()
    expect(asker.get_by_text("Private", exact=True)).to_be_visible()
    asker.get_by_label("Message to the moderators").fill("I handle the invoicing bugs.")
    asker.get_by_role("button", name="Ask to join").click()
    expect(asker.get_by_text("Your request is sent.")).to_be_visible()

    owner.goto(server.base_url + "/groups/billing-war-room/members/")
    requests = owner.get_by_role("region", name="Requests to join")
    expect(requests).to_contain_text("Chloé Dubois")
    expect(requests).to_contain_text("I handle the invoicing bugs.")
    requests.get_by_role("button", name="Approve").click()
    expect(owner.get_by_text("Chloé Dubois is now a member.")).to_be_visible()

    asker.goto(server.base_url + "/groups/?filter=mine")
    expect(asker.locator(".group-list")).to_contain_text("Billing war room")
    owner_context.close()
    asker_context.close()
