"""``manage.py chat_discard_stale_uploads``: delete files attached in chat but never sent.

An upload nobody sends within a day is deleted the next time its uploader attaches a
file; this command does it for everyone (run it daily, e.g. from cron), so that the files
of people who never come back do not stay on disk.
"""

from django.core.management.base import BaseCommand

from chat.attachments import discard_stale


class Command(BaseCommand):
    help = "Delete chat uploads that were never sent, a day after they were uploaded."

    def handle(self, *args, **options):
        count = discard_stale()
        self.stdout.write(f"{count} unsent upload(s) deleted.")
