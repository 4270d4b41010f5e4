"""A question asked, answered with an image, accepted, and found solved by a third
person: the path by which an answer stops being lost in someone's inbox."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from .test_groups import sign_in

pytestmark = pytest.mark.e2e
GROUP = "notes-de-frais"  # "Help with expenses", public; Bruno and Chloé are members


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (40, 110, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_question_answered_with_an_image_accepted_and_found_solved(server, browser):
    answerer_context, answerer = sign_in(browser, server, "chloe.dubois@demo.rse.test")
    answerer.goto(server.base_url + "/")
    asker_context, asker = sign_in(browser, server, "bruno.lefevre@demo.rse.test")

    asker.goto(f"{server.base_url}/posts/new/?kind=question&group={GROUP}")
    asker.get_by_label("Title").fill("How do I claim a taxi receipt paid abroad?")
    asker.get_by_label("Text").fill("I paid in **pounds** in London. Which rate applies? #expenses")
    asker.get_by_role("button", name="Publish").click()
    expect(
        asker.get_by_role("heading", name="How do I claim a taxi receipt paid abroad?")
    ).to_be_visible()
    expect(asker.get_by_text("Your post is published.")).to_be_visible()
    question_url = asker.url

    # The colleague who has the home page open is told at once, over the socket.
    expect(answerer.locator("[data-live-banner]")).to_have_text(re.compile("1 new post"))
    answerer.locator("[data-live-banner]").click()
    answerer.locator("#feed").get_by_role(
        "link", name="How do I claim a taxi receipt paid abroad?"
    ).click()
    answerer.get_by_label("Text").fill("Use the rate of the day on the receipt; the app does it.")
    answerer.locator("#comment-form input[type=file]").set_input_files(
        files=[{"name": "rate.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    answerer.get_by_role("button", name="Post my answer").click()
    answer = answerer.locator(".comment").filter(has_text="Use the rate of the day")
    expect(answer.locator("img")).to_be_visible()

    asker.goto(question_url)
    asker.get_by_role("button", name="Accept this answer").click()
    expect(asker.get_by_role("heading", name="Accepted answer")).to_be_visible()
    expect(asker.locator(".accepted")).to_contain_text("Use the rate of the day")

    reader_context, reader = sign_in(browser, server, "alice.martin@demo.rse.test")
    reader.goto(server.base_url + "/?show=questions")
    card = reader.locator("article.post").filter(has_text="How do I claim a taxi receipt")
    expect(card).to_contain_text("Solved")
    card.get_by_role("link", name="How do I claim a taxi receipt paid abroad?").click()
    expect(reader.locator(".accepted img")).to_be_visible()
    for context in (answerer_context, asker_context, reader_context):
        context.close()


def test_home_side_column_comes_once_it_shows(server, browser):
    """On a desktop the side column comes right after the feed; on a phone it sits under
    the endless feed and is asked for only when someone scrolls down to it."""
    context, page = sign_in(browser, server, "chloe.dubois@demo.rse.test")
    asked = []
    page.on("request", lambda request: "/home/aside/" in request.url and asked.append(request))
    page.goto(server.base_url + "/")
    expect(page.locator("aside").get_by_role("heading", name="Your groups")).to_be_visible()
    assert len(asked) == 1

    page.set_viewport_size({"width": 390, "height": 844})
    asked.clear()
    page.goto(server.base_url + "/")
    expect(page.locator("#feed article.post").first).to_be_visible()
    page.wait_for_timeout(500)
    assert asked == []
    assert page.locator("aside").inner_html().strip() == ""
    page.locator("aside").scroll_into_view_if_needed()
    expect(page.locator("aside").get_by_role("heading", name="Your groups")).to_be_attached()
    assert len(asked) == 1
    context.close()
