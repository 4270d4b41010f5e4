"""A newcomer's first minutes: sign up, verify, sign in, set up a profile, switch to French,
find colleagues."""

import re

import pytest
from playwright.sync_api import expect

from tests.images import image_bytes

pytestmark = pytest.mark.e2e
PASSWORD = "a long and unusual passphrase"


def test_newcomer_signs_up_verifies_and_finds_colleagues(server, page, tmp_path):
    page.goto(server.base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_role("link", name="sign up").click()

    page.get_by_label("Email").fill("nina.newcomer@example.com")
    page.get_by_label("Your name").fill("Nina Newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The verification mail is in the outbox (var/mail/); follow its link.
    mail = next(m for m in reversed(server.mails()) if "nina.newcomer@example.com" in m)
    link = re.search(r"(http://\S+/accounts/confirm-email/\S+)", mail).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Verified: signing in (if not already signed in by the confirmation) lands at home.
    if "/accounts/login/" in page.url:
        page.get_by_label("Email").fill("nina.newcomer@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Welcome, Nina")).to_be_visible()

    photo = tmp_path / "me.png"
    photo.write_bytes(image_bytes("PNG", size=(500, 400), color=(30, 120, 200)))
    page.goto(server.base_url + "/people/me/edit/")
    page.get_by_label("Job title").fill("Support engineer")
    page.get_by_label("Department").fill("Support")
    page.get_by_label("Ask me about").fill("invoicing, SSO setup")
    page.get_by_label("Photo", exact=True).set_input_files(str(photo))
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Save profile").click()

    # Now in French, with the new photo.
    expect(page.get_by_role("heading", name="Nina Newcomer")).to_be_visible()
    expect(page.get_by_text("Votre profil a été enregistré.")).to_be_visible()
    avatar = page.locator(".profile-head img.avatar")
    expect(avatar).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", avatar.element_handle()) == 256

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Personnes"
    ).click()
    expect(page.get_by_role("heading", name="Personnes")).to_be_visible()
    page.get_by_label("Rechercher par nom").fill("lyon support")
    expect(page.locator(".people-grid")).to_contain_text("Bruno Lefèvre")
    expect(page.locator(".people-grid")).not_to_contain_text("Chloé Dubois")
    expect(page).to_have_url(re.compile(r"q=lyon"))
