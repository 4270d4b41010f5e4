"""What every write about groups does alike: the audit entry, the e-mail rendered in the
recipient's language and sent once committed, absolute links, and the group's lock."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from rse.accounts.tasks import send_email

from .. import permissions
from ..models import AuditEntry, Group

Action = AuditEntry.Action


def audit(group, actor, action, target=None, target_email="", **details):
    AuditEntry.objects.create(
        group=group,
        group_name=group.name,
        actor=actor,
        action=action,
        target=target,
        target_email=target_email or (target.email if target else ""),
        details=details,
    )


def notify_by_email(person, template, context, subject):
    """Render in the recipient's language now; send after commit."""
    with translation.override(person.language):
        body = render_to_string(f"groups/email/{template}.txt", {"person": person, **context})
        subject = str(subject)
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[person.email]))


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def lock(group):
    """Serialize membership writes of one group, so that two owners leaving together
    cannot leave it without an owner."""
    Group.objects.select_for_update().filter(pk=group.pk).first()
    permissions.forget_memberships(group)
