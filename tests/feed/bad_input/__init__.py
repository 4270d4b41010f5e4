"""Bad input to the feed gets a clear message in the person's language, and nothing is
saved: no post, comment, attachment, revision, topic or mention row, and no file.

One module a concern (posts, where and when one may post, comments, rate limits, the
person's language, hostile images); the files made for these tests and the helpers
that count what was saved are in helpers.py, the people, the group and the writers of
posts in tests/feed/conftest.py.
"""
