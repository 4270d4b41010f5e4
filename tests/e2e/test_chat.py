"""Two colleagues in a channel: one asks, the other sees it live and answers in a
thread, and the asker turns the thread into a forum question with the answer accepted,
so the answer is not lost in the chat's scroll."""

import re

import pytest
from playwright.sync_api import expect

from tests.images import image_bytes

from .test_groups import sign_in

pytestmark = pytest.mark.e2e
GROUP = "Help with expenses / Notes de frais"  # public; Bruno and Chloé are members


def open_general(page, server):
    page.goto(server.base_url + "/chat/")
    page.locator("section.chat-section").filter(
        has=page.get_by_role("heading", name=GROUP)
    ).get_by_role("link", name=re.compile("general")).click()
    expect(page.locator("#chat-input")).to_be_visible()


def test_a_chat_question_answered_in_a_thread_becomes_a_solved_forum_question(server, browser):
    asker_context, asker = sign_in(browser, server, "bruno.lefevre@demo.rse.test")
    answerer_context, answerer = sign_in(browser, server, "chloe.dubois@demo.rse.test")
    open_general(asker, server)
    open_general(answerer, server)

    asker.locator("#chat-input").fill("Is the per diem for Lyon 20 or 25 euros this year?")
    asker.locator("#chat-input").press("Enter")
    question = answerer.locator("#chat-messages .msg").filter(
        has_text="Is the per diem for Lyon 20 or 25 euros"
    )
    expect(question).to_be_visible()  # live, without reloading

    question.hover()
    question.get_by_role("link", name="Reply in a thread").click()
    answerer.locator("#chat-thread-input").fill("25 since January: see the travel policy.")
    answerer.locator("#chat-thread-input").press("Enter")
    expect(answerer.locator("#chat-thread-replies")).to_contain_text("25 since January")

    mine = asker.locator("#chat-messages .msg").filter(has_text="Is the per diem for Lyon")
    expect(mine.locator(".msg-replies")).to_contain_text("1 reply")  # live reply count
    mine.locator(".msg-replies").click()
    asker.get_by_text("Make it a forum question").click()
    asker.get_by_label("Question title").fill("Per diem for Lyon: 20 or 25 euros?")
    choice = asker.get_by_label("Accepted answer")
    choice.select_option(
        choice.locator("option", has_text="25 since January").get_attribute("value")
    )
    asker.get_by_role("button", name="Create the question").click()

    expect(asker.get_by_role("heading", name="Per diem for Lyon: 20 or 25 euros?")).to_be_visible()
    expect(asker.locator(".accepted")).to_contain_text("25 since January")
    expect(asker.locator("article.post")).to_contain_text("Solved")
    # The chat shows where the exchange went.
    open_general(answerer, server)
    expect(
        answerer.locator("#chat-messages .msg")
        .filter(has_text="Is the per diem for Lyon")
        .locator(".msg-question")
    ).to_be_visible()
    asker_context.close()
    answerer_context.close()


def test_files_attached_in_a_channel_reach_a_colleague_live_and_mentions_work_in_a_dm(
    server, browser, tmp_path
):
    photo = tmp_path / "whiteboard.png"
    photo.write_bytes(image_bytes("PNG", size=(640, 480)))
    policy = tmp_path / "travel policy.pdf"
    policy.write_bytes(b"%PDF-1.4\n% travel policy\n")
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"MZ" + b"\x00" * 64)
    sender_context, sender = sign_in(browser, server, "bruno.lefevre@demo.rse.test")
    reader_context, reader = sign_in(browser, server, "chloe.dubois@demo.rse.test")
    open_general(sender, server)
    open_general(reader, server)

    sender.locator("#chat-composer [data-attach-input]").set_input_files([photo, policy, fake])
    expect(sender.locator("#chat-composer .chat-upload-done")).to_have_count(2)
    expect(sender.locator("#chat-composer .chat-upload-failed")).to_contain_text(
        "fake.pdf is not really a PDF file"
    )
    sender.locator("#chat-input").fill("The whiteboard and the policy")
    sender.locator("#chat-input").press("Enter")
    expect(sender.locator("#chat-composer .chat-upload")).to_have_count(0)

    received = reader.locator("#chat-messages .msg").filter(
        has_text="The whiteboard and the policy"
    )
    expect(received.locator(".msg-files img")).to_have_count(1)  # live, without reloading
    download = received.locator(".msg-files .files a")
    expect(download).to_contain_text("travel_policy.pdf")
    served = reader.request.get(server.base_url + download.get_attribute("href"))
    assert served.status == 200
    assert served.headers["content-disposition"].startswith("attachment")
    received.locator(".msg-files .gallery a").click()
    expect(reader.locator("dialog.lightbox img")).to_be_visible()
    reader.keyboard.press("Escape")

    # @mentions suggest the people of a direct message too.
    reader.goto(server.base_url + "/chat/")
    reader.locator("#chat-sidebar").get_by_role("link", name="Bruno Lefèvre").click()
    reader.locator("#chat-input").press_sequentially("Thanks @bru")
    expect(reader.locator("#chat-composer .mention-list")).to_contain_text("Bruno Lefèvre")
    reader.locator("#chat-input").press("Enter")
    expect(reader.locator("#chat-input")).to_have_value("Thanks @bruno.lefevre ")
    sender_context.close()
    reader_context.close()
