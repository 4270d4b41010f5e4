"""``manage.py demo``: a believable bilingual company to try RSE with, made idempotently
from rse/demo/data/. Running it again changes nothing that exists; it only adds what is
missing and prints the demo logins."""

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

    @transaction.atomic
    def handle(self, *args, **options):
        data, say = load(), self.stdout.write
        rng = random.Random(2026)  # people, then groups: the same draws on every run
        people, created = create_people(data.people, rng)
        say(f"Demo company: {len(people)} people ({created} new).")
        say(f"Demo groups: {create_groups(data, people, rng)} new.")
        say(f"Demo posts: {create_posts(data, people)} new.")
        say(f"Demo chat: {create_chat(data)} new messages.")
        say(f"Demo logins (password for all: {data.people.password}):")
        for n, name in enumerate(data.people.logins):
            role = "employee" if n else "site admin"
            say(f"  {email_for(name, data.people.domain):40} {name} ({role})")
