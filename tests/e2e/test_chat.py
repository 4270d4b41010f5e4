"""Two colleagues in a channel: one asks, the other sees it live and answers in a
thread, and the asker turns the thread into a forum question with the answer accepted,
so the answer is not lost in the chat's scroll."""

import re

import pytest
from playwright.sync_api import expect

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
