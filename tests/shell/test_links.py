"""``rse.links.link()`` gives exactly the address ``reverse()`` gives, whatever the route,
the arguments and the script prefix: it only skips reversing the route each time."""

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix

from rse.links import link


@pytest.mark.parametrize(
    ("viewname", "args"),
    [
        ("feed:post", [7]),
        ("feed:comment", [1234567890123]),
        ("feed:attachment", [5, "thumbnail"]),
        ("accounts:avatar", [3, "small"]),
        ("groups:detail", ["paris-office_2"]),
        ("feed:topic", ["tax-2025"]),
        ("feed:topic", ["café"]),  # quoted: left to reverse()
        ("feed:topic", ["a b"]),
    ],
)
def test_link_is_what_reverse_gives(viewname, args):
    assert link(viewname, *args) == reverse(viewname, args=args)


def test_link_follows_the_script_prefix():
    assert link("feed:post", 1) == "/posts/1/"  # the route is now cached
    before = get_script_prefix()
    set_script_prefix("/rse/")
    try:
        assert link("feed:post", 2) == reverse("feed:post", args=[2]) == "/rse/posts/2/"
    finally:
        set_script_prefix(before)
    assert link("feed:post", 3) == "/posts/3/"
