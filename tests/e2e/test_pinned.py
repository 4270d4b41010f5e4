"""Announcements no longer push the feed off the first screen: with three pinned, the
strip is one line at 1280x800 and the first post starts above 400 px; dismissing from the
strip, or from the list it opens, puts the next one in its place without a reload."""

import pytest
from playwright.sync_api import expect

from .test_groups import PASSWORD, signed_in

pytestmark = pytest.mark.e2e
EMAIL = "pinned.reader@example.com"
GROUP = "notes-de-frais"  # "Help with expenses", public

# A newcomer of their own (so that no other test's dismissals change what they see), a
# member of one demo group, where its owner then publishes three announcements.
SETUP = f"""
from allauth.account.models import EmailAddress
from feed.actions import create_post
from groups.models import Group, Membership, Role
from rse.accounts.models import User

reader = User.objects.create_user({EMAIL!r}, {PASSWORD!r}, display_name="Pia Reader")
EmailAddress.objects.create(user=reader, email={EMAIL!r}, verified=True, primary=True)
group = Group.objects.get(slug={GROUP!r})
Membership.objects.create(group=group, user=reader)
# The demo's people have announcements of the demo's groups pinned: this one dismisses
# them, so that it sees exactly the three below.
from feed.actions import dismiss_all_announcements
dismiss_all_announcements(user=reader)
owner = group.memberships.filter(role=Role.OWNER).first().user
for n in (1, 2, 3):
    create_post(author=owner, group=group, kind="announcement",
                title=f"Strip notice {{n}}", body="Read me.")
"""


def test_three_announcements_leave_the_feed_on_the_first_screen(server, browser):
    server.manage("shell", "-c", SETUP)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = signed_in(context, server, EMAIL)
    # Measured as the home page opens any other time: without the toast that says once
    # that the person is signed in.
    page.goto(server.base_url + "/")

    strip = page.locator("#pinned")
    expect(strip.locator(".pinned-title")).to_have_text("Strip notice 3")
    expect(strip.locator(".pinned-more > summary")).to_have_text("+2 more")
    box = strip.bounding_box()
    assert box["height"] <= 56, f"one line high: {box}"
    first_post = page.locator("#feed article.post").first
    assert first_post.bounding_box()["y"] < 400, first_post.bounding_box()

    # Without a reload: a mark on the page's window survives only if none happens.
    page.evaluate("window.__same_page = true")
    strip.get_by_role("button", name="Got it").click()
    expect(strip.locator(".pinned-title")).to_have_text("Strip notice 2")
    expect(strip.locator(".pinned-more > summary")).to_have_text("+1 more")
    # Focus stays in the strip, on the next announcement's button.
    expect(strip.get_by_role("button", name="Got it")).to_be_focused()

    # The list opens, and a dismissal from it keeps it open, the last one in the strip.
    strip.locator(".pinned-more > summary").click()
    item = strip.locator(".pinned-item").filter(has_text="Strip notice 1")
    expect(item).to_be_visible()
    page.keyboard.press("Escape")
    expect(item).to_be_hidden()
    strip.locator(".pinned-more > summary").click()
    item.get_by_role("button", name="Got it").click()
    expect(strip.locator(".pinned-title")).to_have_text("Strip notice 2")
    expect(strip.locator(".pinned-more")).to_have_count(0)

    strip.get_by_role("button", name="Got it").click()
    expect(page.locator("#pinned")).to_have_count(0)
    assert page.evaluate("window.__same_page === true")
    page.reload()
    expect(page.locator("#pinned")).to_have_count(0)
    expect(page.locator("#feed article.post").first).to_be_visible()
    context.close()
