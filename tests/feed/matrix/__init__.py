"""The permission matrix of the feed: every feed URL, asked by every kind of person about
every kind of group, and every write refused where it must be, leaving nothing behind.

Built like the groups matrix (tests/groups/matrix/), whose sign-in helper it
reuses, with two differences for speed: the world is built once per module with the ORM
only (no actions, so that a broken action cannot hide a broken door), inside a
transaction that each test nests in a savepoint of its own and that is rolled back at
the end; and a test asks one URL. Expected answers come from the rules of
``feed/permissions.py`` written out again here, independently of the code:

* a group's content is *read* by everyone in a public group (archived or not), by
  members otherwise, and by site admins; missing and forbidden look the same: 404;
* taking part (comment, react, vote) needs membership (or staff) in a group that is not
  archived; posting follows the group's posting rule; announcements are for moderators;
* moderators (owners, site admins) hide, close, edit and accept; authors and site admins
  delete; a hidden post or comment is seen by its author and the moderators only;
* pending requesters, invited people and banned people are outsiders; a deactivated
  account is signed out, as is the anonymous visitor, and sent to sign in.

Every response, to anyone, is searched for what that person may not read: the marker
word in every text of a group they cannot read, the secret group's name, address and
description, and the hidden post's and comment's words for non-moderators.

The package: world.py (what is built), rules.py (the rules and the leak search),
pages.py and writes.py (the tables of every page and every write), conftest.py (the
fixtures), and the tests: test_pages.py (GET), test_actions.py (POST) and
test_authors_and_secrets.py.
"""
