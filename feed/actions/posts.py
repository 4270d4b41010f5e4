"""Writing posts: create, edit (keeping the earlier version), delete, hide, close."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group, Membership, Visibility
from rse.accounts.models import Follow
from rse.attachments import delete_files_on_commit, deleted_on_failure
from rse.realtime.publish import publish_on_commit, user_audience

from .. import permissions
from ..models import Kind, Post, Revision, ThreadState
from .writing import (
    check_body,
    check_rate,
    publish_to_group,
    record_mentions,
    render,
    require,
    save_attachments,
    set_hidden,
    set_topics,
    store_attachments,
)

TITLE_MAX = 200


def _check_title(kind, title):
    title = (title or "").strip()
    if kind == Kind.QUESTION and not title:
        raise ValidationError(
            _("A question needs a title: say in one line what you want to know."),
            code="title_required",
        )
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("The title is too long: at most %(limit)d characters.") % {"limit": TITLE_MAX},
            code="title_too_long",
        )
    return title


def _announce(post):
    frame = {"type": "feed.post", "group": post.group_id, "post": post.pk, "author": post.author_id}
    publish_to_group(post.group, frame)
    if post.group.visibility == Visibility.PUBLIC:
        # Followers see the author's posts in public groups on their home feed too; those
        # who are members already hear of it through the group (once is enough).
        followers = (
            Follow.objects.filter(followed=post.author_id)
            .exclude(follower__in=Membership.objects.filter(group=post.group).values("user"))
            .values_list("follower_id", flat=True)
        )
        publish_on_commit([user_audience(pk) for pk in followers], frame)


def create_post(*, author, group, kind=Kind.DISCUSSION, title="", body, files=()):
    if group.is_archived:
        raise ValidationError(_("This group is archived: it takes no new posts."))
    require(permissions.can_create_post(author, group, kind))
    title = _check_title(kind, title)
    body = check_body(body, settings.POST_MAX_CHARS)
    check_rate("post", author, settings.POSTS_PER_MINUTE)
    rendered = render(body, group, author)
    now = timezone.now()
    stored = store_attachments(files)
    with deleted_on_failure(stored), transaction.atomic():
        post = Post.objects.create(
            group=group,
            author=author,
            kind=kind,
            title=title,
            body=body,
            body_html=rendered.html,
            created_at=now,
            last_activity_at=now,
        )
        save_attachments(stored, post=post)
        set_topics(post, rendered.topics)
        record_mentions(rendered.people, post=post, author=author)
        ThreadState.objects.create(
            post=post, user=author, subscription=ThreadState.Subscription.FOLLOWING
        )
        Group.objects.filter(pk=group.pk).update(last_activity_at=now)
        _announce(post)
    return post


def edit_post(*, actor, post, title, body, version):
    """``version`` is the one the editor started from: if someone saved another
    version meanwhile, the edit is refused rather than silently overwriting theirs."""
    require(permissions.can_edit_post(actor, post))
    title = _check_title(post.kind, title)
    body = check_body(body, settings.POST_MAX_CHARS)
    rendered = render(body, post.group, post.author)
    with transaction.atomic():
        current = Post.objects.select_for_update().get(pk=post.pk)
        if current.version != version:
            raise ValidationError(
                _(
                    "Someone else changed this post while you were editing it. Your text is "
                    "below: copy it, reload the page, and apply your change again."
                ),
                code="stale",
            )
        if current.title == title and current.body == body:
            return current
        Revision.objects.create(
            post=current,
            title=current.title,
            body=current.body,
            body_html=current.body_html,
            written_at=current.edited_at or current.created_at,
            replaced_by=actor,
        )
        current.title, current.body, current.body_html = title, body, rendered.html
        current.edited_at = timezone.now()
        current.version += 1
        current.save(update_fields=["title", "body", "body_html", "edited_at", "version"])
        set_topics(current, rendered.topics)
        record_mentions(rendered.people, post=current, author=post.author)
        publish_to_group(current.group, {"type": "feed.post_changed", "post": current.pk})
    return current


def delete_post(*, actor, post):
    require(permissions.can_delete_post(actor, post))
    with transaction.atomic():
        attachments = list(post.attachments.all())
        post_id, group = post.pk, post.group
        post.delete()
        delete_files_on_commit(attachments)
        publish_to_group(group, {"type": "feed.post_removed", "post": post_id})


def hide_post(*, actor, post, hidden, reason=""):
    require(permissions.can_hide(actor, post))
    with transaction.atomic():
        set_hidden(
            post,
            actor=actor,
            hidden=hidden,
            reason=reason,
            missing_message=_("Say why you are hiding this post: its author will see the reason."),
        )
        publish_to_group(post.group, {"type": "feed.post_changed", "post": post.pk})
    return post


def close_post(*, actor, post, closed):
    require(permissions.can_close(actor, post))
    with transaction.atomic():
        post.is_closed = closed
        post.closed_by = actor if closed else None
        post.save(update_fields=["is_closed", "closed_by"])
        publish_to_group(post.group, {"type": "feed.post_changed", "post": post.pk})
    return post
