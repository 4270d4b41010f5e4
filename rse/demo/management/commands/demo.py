"""``manage.py demo``: a bilingual company to try RSE with, from rse/demo/data/; run again,
it adds only what is missing. It prints what it made, then the logins (``-v0``: only those)."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from rse.demo.chat import create_chat
from rse.demo.data import load
from rse.demo.forums import create_posts
from rse.demo.groups import create_groups
from rse.demo.people import create_people, email_for


class Command(BaseCommand):
    help = "Create a demo company (idempotent) and print the demo logins."

    def handle(self, *args, verbosity=1, **options):
        data, say = load(), self.stdout.write
        with transaction.atomic():  # all or nothing, and said once committed
            rng = random.Random(2026)  # people, then groups: the same draws on every run
            people, created = create_people(data.people, rng)
            groups, posts = create_groups(data, people, rng), create_posts(data, people)
            messages = create_chat(data)
        if verbosity:
            say(f"Demo company: {len(people)} people ({created} new).")
            say(f"Demo groups: {groups} new.\nDemo posts: {posts} new.")
            say(f"Demo chat: {messages} new messages.")
        say(f"Demo logins (password for all: {data.people.password}):")
        for n, name in enumerate(data.people.logins):
            role = "employee" if n else "site admin"
            say(f"  {email_for(name, data.people.domain):40} {name} ({role})")
