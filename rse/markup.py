"""Markdown to safe HTML, rendered once when text is written (never when it is read).

markdown-it-py parses CommonMark plus tables and strikethrough with raw HTML disabled;
nh3 then keeps only an allow-list of tags, attributes and URL schemes, so no script,
event handler or ``javascript:`` URL can survive whatever the input.
"""

import re
from dataclasses import dataclass, field

import nh3
from django.urls import reverse
from django.utils.html import escape
from markdown_it import MarkdownIt


def _image_as_link(renderer, tokens, idx, options, env):
    """Images are not embedded from anywhere (attachments are the way to show one): a
    Markdown image becomes a link to it, keeping its alt text readable."""
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env) or token.attrGet("src")
    return f'<a href="{escape(token.attrGet("src") or "")}">{escape(alt)}</a>'


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    return md


_parser_plain = _parser()

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}


def _clean(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"a": {"mention", "topic"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text):
    """Return sanitized HTML for ``text``; links open safely and pass no ranking."""
    return _clean(_parser_plain.render(text or ""))


# --- Posts and comments: @mentions and #topics ------------------------------------------

# A handle is the part of a work address before the "@" (alice.martin@ -> @alice.martin).
HANDLE = re.compile(r"@([A-Za-z0-9][A-Za-z0-9._+-]{0,63})")
TOPIC = re.compile(r"#(\w[\w-]{0,39})")


def _boundary_before(state):
    return state.pos == 0 or not (
        state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] in "_@#/"
    )


def _mention_rule(state, silent):
    if state.src[state.pos] != "@" or state.linkLevel > 0 or not _boundary_before(state):
        return False
    match = HANDLE.match(state.src, state.pos)
    if not match:
        return False
    handle = match.group(1).rstrip(".-+")
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"handle": handle.lower(), "text": handle}
    state.pos += 1 + len(handle)
    return True


def _topic_rule(state, silent):
    if state.src[state.pos] != "#" or state.linkLevel > 0 or not _boundary_before(state):
        return False
    match = TOPIC.match(state.src, state.pos)
    name = match.group(1).rstrip("-") if match else ""
    if not any(char.isalpha() for char in name):  # "#42" is a number, not a topic
        return False
    if not silent:
        token = state.push("topic", "", 0)
        token.meta = {"name": name.lower(), "text": name}
    state.pos += 1 + len(name)
    return True


def _render_mention(renderer, tokens, idx, options, env):
    meta = tokens[idx].meta
    person = env["people"].get(meta["handle"])
    if person is None:
        return escape("@" + meta["text"])
    url = reverse("accounts:profile", args=[person.pk])
    return f'<a class="mention" href="{url}">@{escape(meta["text"])}</a>'


def _render_topic(renderer, tokens, idx, options, env):
    name = tokens[idx].meta["name"]
    url = reverse("feed:topic", args=[name])
    return f'<a class="topic" href="{url}">#{escape(tokens[idx].meta["text"])}</a>'


_parser_rich = _parser()
_parser_rich.inline.ruler.before("emphasis", "mention", _mention_rule)
_parser_rich.inline.ruler.before("emphasis", "topic", _topic_rule)
_parser_rich.add_render_rule("mention", _render_mention)
_parser_rich.add_render_rule("topic", _render_topic)


@dataclass
class RichText:
    html: str
    people: list = field(default_factory=list)
    topics: list = field(default_factory=list)


def _inline_tokens(tokens):
    for token in tokens:
        yield token
        yield from token.children or ()


def render_rich(text, *, find_people):
    """Render a post or comment. ``find_people(handles)`` returns ``{handle: person}``
    for the handles that may be named here (the people who can read the group): any
    other ``@handle`` stays plain text and nobody is told."""
    env = {}
    tokens = _parser_rich.parse(text or "", env)
    handles, topics = set(), []
    for token in _inline_tokens(tokens):
        if token.type == "mention":
            handles.add(token.meta["handle"])
        elif token.type == "topic" and token.meta["name"] not in topics:
            topics.append(token.meta["name"])
    env["people"] = find_people(handles) if handles else {}
    html = _clean(_parser_rich.renderer.render(tokens, _parser_rich.options, env))
    return RichText(html=html, people=list(env["people"].values()), topics=topics)
