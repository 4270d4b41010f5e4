"""What posts and comments share when they are written: the limits, the rendering of
Markdown with mentions and topics, attachments, and the live events."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.realtime import group_audience
from rse import ratelimit
from rse.attachments import deleted_on_failure
from rse.markup import render_rich
from rse.realtime.publish import publish_on_commit, user_audience

from .. import permissions
from ..models import Attachment, Mention, Topic
from ..uploads import check_uploads

MENTIONS_MAX = 50


def require(allowed):
    """A refused write raises before anything is read or written."""
    if not allowed:
        raise PermissionDenied


def check_rate(scope, user, limit):
    if not ratelimit.allow(scope, user.pk, limit=limit):
        raise ValidationError(
            _("You are writing faster than we can keep up with. Wait a minute and try again."),
            code="rate_limited",
        )


def check_body(body, limit):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something first: the text is empty."), code="empty")
    if len(body) > limit:
        raise ValidationError(
            _("The text is too long: %(length)d characters for at most %(limit)d.")
            % {"length": len(body), "limit": limit},
            code="too_long",
        )
    return body


def set_hidden(item, *, actor, hidden, reason, missing_message):
    """Moderators hide a post or comment from everyone but its author and them. Hiding
    needs a reason the author will read; showing it again clears the reason."""
    reason = (reason or "").strip()
    if hidden and not reason:
        raise ValidationError(missing_message, code="reason")
    if len(reason) > 300:
        raise ValidationError(_("The reason is too long: at most 300 characters."))
    item.hidden_at = timezone.now() if hidden else None
    item.hidden_by = actor if hidden else None
    item.hidden_reason = reason if hidden else ""
    item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


def render(body, group, author):
    """Mentions resolve only to people who may read the group; anyone else stays text."""

    def find_people(handles):
        query = Q()
        for handle in sorted(handles)[:MENTIONS_MAX]:  # a bounded query, whatever the text
            query |= Q(email__istartswith=f"{handle}@")
        candidates = permissions.readers_of(group).filter(query)
        return {person.handle.lower(): person for person in candidates[:50]}

    return render_rich(body, find_people=find_people)


def store_attachments(uploads):
    """Check every upload, then write the files, all before the transaction: a bad file
    stops the whole write, and a large one does not hold the database's write lock."""
    checked = check_uploads(list(uploads or []))
    stored = []
    with deleted_on_failure(stored):
        for upload in checked:
            stored.append(Attachment.from_upload(upload))
    return stored


def save_attachments(stored, *, post, comment=None):
    for attachment in stored:
        attachment.post, attachment.comment = post, comment
        attachment.save()


def set_topics(post, names):
    existing = {topic.name: topic for topic in Topic.objects.filter(name__in=names)}
    missing = [Topic(name=name) for name in names if name not in existing]
    Topic.objects.bulk_create(missing, ignore_conflicts=True)
    post.topics.set(Topic.objects.filter(name__in=names))


def record_mentions(people, *, post, comment=None, author):
    """Store and announce mentions of people newly named (not the author)."""
    if not people:
        return
    already = set(
        Mention.objects.filter(post=post, comment=comment).values_list("user_id", flat=True)
    )
    fresh = [p for p in people if p.pk != author.pk and p.pk not in already]
    if post.is_hidden or (comment is not None and comment.is_hidden):
        # Readers of the group who may not see a hidden post or comment (its author may
        # still edit it) are not told of it: the notice carries the post's title.
        can_see = permissions.can_read_comment if comment else permissions.can_read_post
        fresh = [p for p in fresh if can_see(p, comment or post)]
    Mention.objects.bulk_create(
        [Mention(post=post, comment=comment, user=person) for person in fresh]
    )
    for person in fresh:
        publish_on_commit(
            [user_audience(person.pk)],
            {
                "type": "feed.mention",
                "post": post.pk,
                "comment": comment.pk if comment else None,
                "by": author.display_name,
                "title": headline(post),
            },
        )


def headline(post):
    """How a live notice names a post: its title, or the start of its text."""
    return post.title or post.body[:80]


def publish_to_group(group, frame):
    publish_on_commit([group_audience(group.pk)], frame)
