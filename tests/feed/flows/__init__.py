"""The flows of the feed and the forum, driven through the pages as a person would: write,
answer, accept, vote, react, save, follow, edit, delete, hide, close, reply, mention,
tag, and find what is new.

One module a part of the forum's life (writing, taking part, editing and moderating,
replies and mentions, reading); their few helpers are in helpers.py, the people, the
group and the writers of posts in tests/feed/conftest.py.
"""
