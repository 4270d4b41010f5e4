"""Communities: groups, who belongs to them and in which role, how people get in, and
the audit log of every change an admin may be asked about later."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse.links import link

GROUP_IMAGE_SIZES = (64, 256)
# Addresses taken by the groups pages themselves (/groups/new/, /groups/admin/...).
RESERVED_SLUGS = {"new", "admin", "invitations"}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    SECRET = "secret", _("Secret")


class PostingRule(models.TextChoices):
    EVERYONE = "everyone", _("Every member")
    MODERATORS = "moderators", _("Moderators only")


class Role(models.TextChoices):
    # Ordered from least to most rights; ROLE_RANK compares them.
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    OWNER = "owner", _("Owner")


ROLE_RANK = {Role.MEMBER: 1, Role.MODERATOR: 2, Role.OWNER: 3}


class NotificationLevel(models.TextChoices):
    ALL = "all", _("All posts")
    MENTIONS = "mentions", _("Mentions and answers only")
    NOTHING = "nothing", _("Nothing")


class GroupQuerySet(models.QuerySet):
    def with_member_count(self):
        return self.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__user__is_active=True), distinct=True
            )
        )

    def with_my_membership(self, user):
        mine = Membership.objects.filter(group=OuterRef("pk"), user=user)
        return self.annotate(
            is_member=Exists(mine),
            my_role=models.Subquery(mine.values("role")[:1]),
        )

    def search(self, text):
        for word in text.split()[:8]:
            self = self.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return self


class Group(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        help_text=_("Lowercase letters, digits and hyphens; part of the group's address."),
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    description_html = models.TextField(editable=False, blank=True)
    image_small = models.FileField(upload_to="groups/", blank=True)
    image_large = models.FileField(upload_to="groups/", blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    posting_rule = models.CharField(
        _("who may post"), max_length=12, choices=PostingRule.choices, default=PostingRule.EVERYONE
    )
    members_can_create_channels = models.BooleanField(
        _("members may start chat channels"), default=True
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("slug"), name="group_slug_unique_ci")]
        indexes = [models.Index(fields=["visibility", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("groups:detail", self.slug)

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def initials(self):
        return "".join(w[0] for w in self.name.split()[:2] if w[:1].isalnum()).upper() or "#"

    def image_url(self, size):
        field = self.image_small if size <= GROUP_IMAGE_SIZES[0] else self.image_large
        if not field:
            return ""
        kind = "small" if size <= GROUP_IMAGE_SIZES[0] else "large"
        version = field.name.rsplit("/", 1)[-1].split("-", 1)[0]
        return link("groups:image", self.slug, kind) + f"?v={version}"


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    notification_level = models.CharField(
        _("notifications"),
        max_length=10,
        choices=NotificationLevel.choices,
        default=NotificationLevel.MENTIONS,
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership")]
        indexes = [models.Index(fields=["group", "role"])]

    def __str__(self):
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def rank(self):
        return ROLE_RANK[self.role]


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="one_pending_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.group} ({self.status})"


def _token():
    return secrets.token_urlsafe(24)


class GroupInvitation(models.Model):
    """An invitation to a person, or to an address not registered yet: it waits for the
    sign-up of that address and is then theirs."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "group",
                Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_group_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.group}"


class Ban(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="bans")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_ban")]

    def __str__(self):
        return f"{self.user} banned from {self.group}"


class AuditEntry(models.Model):
    """Who did what to a community, when, and to whom. Kept when the group is deleted
    (the name is copied) so that deletions too can be accounted for."""

    class Action(models.TextChoices):
        CREATED = "created", _("created the group")
        UPDATED = "updated", _("changed the group's settings")
        VISIBILITY = "visibility", _("changed the visibility")
        ARCHIVED = "archived", _("archived the group")
        RESTORED = "restored", _("restored the group")
        DELETED = "deleted", _("deleted the group")
        JOINED = "joined", _("joined")
        LEFT = "left", _("left")
        REQUESTED = "requested", _("asked to join")
        APPROVED = "approved", _("approved the request of")
        DECLINED = "declined", _("declined the request of")
        INVITED = "invited", _("invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("accepted an invitation")
        INVITATION_DECLINED = "invitation_declined", _("declined an invitation")
        INVITATION_REVOKED = "invitation_revoked", _("revoked the invitation of")
        REMOVED = "removed", _("removed")
        BANNED = "banned", _("banned")
        UNBANNED = "unbanned", _("lifted the ban of")
        ROLE = "role", _("changed the role of")
        OWNERSHIP = "ownership", _("handed ownership to")

    group = models.ForeignKey(
        Group, null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    group_name = models.CharField(max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=24, choices=Action.choices)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_email = models.EmailField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "-created_at"])]

    def __str__(self):
        return f"{self.actor} {self.action} {self.group_name}"
