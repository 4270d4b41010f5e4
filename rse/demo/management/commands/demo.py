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

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins", action="store_true", help="only print the demo logins; change nothing"
        )

    def handle(self, *args, logins=False, verbosity=1, **options):
        data = load()
        if not logins:
            self.create(data, verbosity)
        if logins or verbosity >= 1:
            self.print_logins(data)

    @transaction.atomic
    def create(self, data, verbosity):
        rng = random.Random(2026)  # people, then groups: the same draws on every run
        people, created = create_people(data.people, rng)
        summary = [
            f"Demo company: {len(people)} people ({created} new).",
            f"Demo groups: {create_groups(data.groups, people, rng)} new.",
            f"Demo posts: {create_posts(data, people)} new.",
            f"Demo chat: {create_chat(data)} new messages.",
        ]
        if verbosity >= 1:
            self.stdout.write("\n".join(summary))

    def print_logins(self, data):
        self.stdout.write(f"Demo logins (password for all: {data.people.password}):")
        for n, name in enumerate(data.people.logins):
            role = "site admin" if n == 0 else "employee"
            self.stdout.write(f"  {email_for(name, data.people.domain):40} {name} ({role})")
