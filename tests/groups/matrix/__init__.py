"""The permission matrix of the groups app: every URL, asked by every kind of person
about every kind of group.

The world is built with the ORM only (no actions), so that a broken action cannot hide a
broken door. Each test gets a fresh world: one person per role, each holding that role in
every group, and one group per kind. Expected answers are derived from the rules of
``groups/permissions.py`` written out again here, independently of the code:

* a group is *listed* (name, description, image) to every active employee unless it is
  secret; a secret group only to its members and to site admins;
* its content (members page) is *read* by everyone in a public group, by members
  otherwise, and by site admins;
* moderators (and owners, and site admins) moderate; owners and site admins manage;
* missing and forbidden look the same: 404; anonymous people are sent to sign in.

The last part (test_secrets.py) checks the one promise a secret group makes: its name, address and
description never reach anyone outside it, on any page.

The package: helpers.py (the world's people and groups, the rules, the searches for the
secret), conftest.py (the fixtures), and one test module a concern: test_pages.py (GET),
test_actions.py (POST), test_secrets.py.
"""
