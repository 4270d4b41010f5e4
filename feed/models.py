"""One content model for the feed and the forum: a post (an update, a discussion, a
question or an announcement) and its comments (answers, on a question), with what people
do around them: reactions, votes, bookmarks, follows, read state and attachments.

Bodies are stored twice, as the Markdown the author typed and as the sanitized HTML
rendered when it was written, so reading never renders. Counters that lists show
(comments, votes, last activity) are kept on the row by the actions that change them,
so a list of posts never counts anything.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from rse.attachments import StoredAttachment
from rse.links import link


class Kind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")
    ANNOUNCEMENT = "announcement", _("Announcement")


class Reaction(models.TextChoices):
    LIKE = "like", _("Like")
    THANKS = "thanks", _("Thanks")
    CELEBRATE = "celebrate", _("Celebrate")
    INSIGHTFUL = "insightful", _("Insightful")
    FUNNY = "funny", _("Funny")


REACTION_EMOJI = {
    Reaction.LIKE: "👍",
    Reaction.THANKS: "🙏",
    Reaction.CELEBRATE: "🎉",
    Reaction.INSIGHTFUL: "💡",
    Reaction.FUNNY: "😄",
}


class Topic(models.Model):
    """A ``#topic`` tag, shared across groups; its page lists the visible posts."""

    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"#{self.name}"

    def get_absolute_url(self):
        return link("feed:topic", self.name)


class Post(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    body_html = models.TextField()
    topics = models.ManyToManyField(Topic, related_name="posts", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every edit: an edit made from an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    last_activity_at = models.DateTimeField(default=timezone.now)
    comment_count = models.PositiveIntegerField(default=0)
    last_comment_id = models.PositiveBigIntegerField(default=0)
    accepted_answer = models.ForeignKey(
        "Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_closed = models.BooleanField(default=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        indexes = [
            # Keyset pagination: the home feed (newest first), a group's feed, its forum
            # (last activity first) and the unanswered questions each walk one index.
            models.Index(fields=["-created_at", "-id"], name="post_feed"),
            models.Index(fields=["group", "-created_at", "-id"], name="post_group_feed"),
            models.Index(fields=["group", "-last_activity_at", "-id"], name="post_forum"),
            models.Index(fields=["author", "-created_at", "-id"], name="post_author_feed"),
            models.Index(
                fields=["kind", "-created_at", "-id"],
                condition=Q(comment_count=0),
                name="post_unanswered",
            ),
            # Pinned announcements: a few in a million posts, found newest first.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(kind="announcement"),
                name="post_announcements",
            ),
        ]

    def __str__(self):
        return self.title or self.body[:60]

    def get_absolute_url(self):
        return link("feed:post", self.pk)

    @property
    def is_question(self):
        return self.kind == Kind.QUESTION

    @property
    def is_announcement(self):
        return self.kind == Kind.ANNOUNCEMENT

    @property
    def is_thread(self):
        return bool(self.title)

    @property
    def is_solved(self):
        return self.accepted_answer_id is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Comment(models.Model):
    """A comment on a post; on a question, an answer that can be voted up and accepted."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text"))
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    score = models.IntegerField(default=0)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["post", "id"], name="comment_thread"),
            models.Index(fields=["post", "-score", "-id"], name="comment_votes"),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return link("feed:comment", self.pk)

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Revision(models.Model):
    """An earlier version of a post or comment, kept when it is edited."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    written_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.post_id} before {self.replaced_at:%Y-%m-%d %H:%M}"


class Attachment(StoredAttachment):
    folder = "attachments"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )

    def get_absolute_url(self):
        return link("feed:attachment", self.pk, "file")

    def thumbnail_url(self):
        return link("feed:attachment", self.pk, "thumbnail")


class ReactionMark(models.Model):
    """One person's reaction to a post or to one of its comments."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Reaction.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"],
                condition=Q(comment__isnull=True),
                name="react_to_post_once",
            ),
            models.UniqueConstraint(
                fields=["comment", "user", "kind"],
                condition=Q(comment__isnull=False),
                name="react_to_comment_once",
            ),
        ]
        indexes = [models.Index(fields=["post", "comment", "kind"])]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.post_id}"


class Vote(models.Model):
    """An upvote on an answer, so that the best answers rise."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="vote_once")]

    def __str__(self):
        return f"{self.user_id} +1 {self.comment_id}"


class Bookmark(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="bookmark_once")]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user_id} saved {self.post_id}"


class ThreadState(models.Model):
    """What one person knows of one thread: how far they have read it, and whether they
    follow it (told of every comment) or muted it (told of nothing)."""

    class Subscription(models.TextChoices):
        DEFAULT = "default", _("Default")
        FOLLOWING = "following", _("Following")
        MUTED = "muted", _("Muted")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_comment_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)
    subscription = models.CharField(
        max_length=10, choices=Subscription.choices, default=Subscription.DEFAULT
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_thread_state")]

    def __str__(self):
        return f"{self.user_id} on {self.post_id}: {self.subscription}"


class Dismissal(models.Model):
    """An announcement a person has dismissed: it stops being pinned for them."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="dismissals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="dismiss_once")]

    def __str__(self):
        return f"{self.user_id} dismissed {self.post_id}"


class Mention(models.Model):
    """A person named with ``@`` who may read the group; only those are recorded, so a
    mention never reveals a post to someone who cannot see it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user_id} in {self.post_id}"
