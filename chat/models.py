"""Live chat: rooms (a group's channels, direct messages, small conversations), their
messages numbered per room, and how far each person has read.

Every message gets the next sequence number of its room when it is stored, before any
event goes out. A client that reconnects, or sees a number jump, asks the database for
what follows the last number it saw: the channel layer may drop frames, the product may
not. A message also carries the id its sender's client made for it, unique per sender,
so a resend after a lost acknowledgement stores nothing twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from rse.attachments import StoredAttachment

CONVERSATION_MAX_PEOPLE = 8


class Room(models.Model):
    class Kind(models.TextChoices):
        CHANNEL = "channel", _("Channel")
        DIRECT = "direct", _("Direct message")
        CONVERSATION = "conversation", _("Conversation")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=80, blank=True)
    topic = models.CharField(_("topic"), max_length=250, blank=True)
    is_general = models.BooleanField(default=False)
    # "<smaller id>:<larger id>" for a direct message, so two people share exactly one.
    direct_key = models.CharField(max_length=40, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "name"], condition=Q(kind="channel"), name="channel_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind="channel", group__isnull=False)
                | (~Q(kind="channel") & Q(group__isnull=True)),
                name="channels_belong_to_groups",
            ),
        ]

    def __str__(self):
        return self.name or f"{self.kind} {self.pk}"

    def get_absolute_url(self):
        return reverse("chat:room", args=[self.pk])

    @property
    def is_channel(self):
        return self.kind == self.Kind.CHANNEL


class Participant(models.Model):
    """Who is in a direct message or a conversation (channels follow group membership)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_participations"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="participate_once")]

    def __str__(self):
        return f"{self.user_id} in {self.room_id}"


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages"
    )
    client_id = models.CharField(max_length=64)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    reply_count = models.PositiveIntegerField(default=0)
    last_reply_at = models.DateTimeField(null=True, blank=True)
    # Set once the exchange became a forum question: the chat shows where it went.
    question = models.ForeignKey(
        "feed.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="one_seq_per_room"),
            models.UniqueConstraint(fields=["author", "client_id"], name="one_client_id"),
        ]
        indexes = [models.Index(fields=["parent", "seq"], name="thread_replies")]

    def __str__(self):
        return f"{self.room_id}#{self.seq}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class MessageReaction(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user", "kind"], name="chat_react_once")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.message_id}"


class ReadState(models.Model):
    """How far one person has read one room, and how many mentions wait for them."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_seq = models.PositiveBigIntegerField(default=0)
    mention_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "room"], name="one_read_state")]

    def __str__(self):
        return f"{self.user_id} read {self.room_id} to {self.last_read_seq}"


class Attachment(StoredAttachment):
    """A file or an image of a chat message. It is uploaded while the message is being
    written and waits, without a message, seen by its uploader alone; the ``chat.send``
    that names it makes it the message's, for good (chat/attachments.py)."""

    folder = "chat"

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="attachments")
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(StoredAttachment.Meta):
        indexes = [
            models.Index(
                fields=["uploader", "created_at"],
                condition=Q(message__isnull=True),
                name="chat_pending_uploads",
            )
        ]

    def get_absolute_url(self):
        return reverse("chat:file", args=[self.room_id, self.pk, "file"])

    def thumbnail_url(self):
        return reverse("chat:file", args=[self.room_id, self.pk, "thumbnail"])
