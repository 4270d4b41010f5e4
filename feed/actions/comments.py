"""Writing comments (answers, on a question): the thread's counters move with them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group
from rse.attachments import delete_files_on_commit, deleted_on_failure
from rse.realtime.publish import publish_on_commit, user_audience

from .. import permissions
from ..models import Comment, Post, Revision, ThreadState
from .writing import (
    check_body,
    check_rate,
    headline,
    publish_to_group,
    record_mentions,
    render,
    require,
    save_attachments,
    set_hidden,
    store_attachments,
)


def create_comment(*, author, post, body, reply_to=None, files=()):
    require(permissions.can_read_post(author, post))
    if post.is_closed:
        raise ValidationError(_("This thread is closed to new comments."), code="closed")
    if post.group.is_archived:
        raise ValidationError(_("This group is archived: it takes no new comments."))
    require(permissions.can_comment(author, post))
    if reply_to is not None and (reply_to.post_id != post.pk or reply_to.is_hidden):
        raise ValidationError(_("You can only reply to a comment of the same thread."))
    body = check_body(body, settings.COMMENT_MAX_CHARS)
    check_rate("comment", author, settings.COMMENTS_PER_MINUTE)
    rendered = render(body, post.group, author)
    now = timezone.now()
    stored = store_attachments(files)
    with deleted_on_failure(stored), transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            author=author,
            reply_to=reply_to,
            body=body,
            body_html=rendered.html,
            created_at=now,
        )
        save_attachments(stored, post=post, comment=comment)
        record_mentions(rendered.people, post=post, comment=comment, author=author)
        Post.objects.filter(pk=post.pk).update(
            comment_count=F("comment_count") + 1,
            last_comment_id=Greatest(F("last_comment_id"), comment.pk),
            last_activity_at=now,
        )
        Group.objects.filter(pk=post.group_id).update(last_activity_at=now)
        # Whoever comments follows the thread, and has read it up to their own comment.
        state, _created = ThreadState.objects.get_or_create(post=post, user=author)
        if state.subscription == ThreadState.Subscription.DEFAULT:
            state.subscription = ThreadState.Subscription.FOLLOWING
        state.last_read_comment_id = comment.pk
        state.read_at = now
        state.save()
        _tell_followers(post, comment, author)
        publish_to_group(
            post.group,
            {
                "type": "feed.comment",
                "group": post.group_id,
                "post": post.pk,
                "comment": comment.pk,
                "author": author.pk,
            },
        )
    return comment


def _tell_followers(post, comment, author):
    """Those who follow the thread (and may still read it) hear of each new comment;
    those who muted it, or never followed it, do not."""
    followers = (
        ThreadState.objects.filter(post=post, subscription=ThreadState.Subscription.FOLLOWING)
        .exclude(user=author)
        .filter(user__in=permissions.readers_of(post.group))
        .values_list("user_id", flat=True)
    )
    publish_on_commit(
        [user_audience(pk) for pk in followers],
        {
            "type": "feed.followed_comment",
            "post": post.pk,
            "comment": comment.pk,
            "by": author.display_name,
            "title": headline(post),
        },
    )


def edit_comment(*, actor, comment, body, version):
    require(permissions.can_edit_comment(actor, comment))
    body = check_body(body, settings.COMMENT_MAX_CHARS)
    rendered = render(body, comment.post.group, comment.author)
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.version != version:
            raise ValidationError(
                _(
                    "Someone else changed this comment while you were editing it. Your text "
                    "is below: copy it, reload the page, and apply your change again."
                ),
                code="stale",
            )
        if current.body == body:
            return current
        Revision.objects.create(
            post_id=current.post_id,
            comment=current,
            body=current.body,
            body_html=current.body_html,
            written_at=current.edited_at or current.created_at,
            replaced_by=actor,
        )
        current.body, current.body_html = body, rendered.html
        current.edited_at = timezone.now()
        current.version += 1
        current.save(update_fields=["body", "body_html", "edited_at", "version"])
        record_mentions(rendered.people, post=comment.post, comment=current, author=comment.author)
        publish_to_group(
            comment.post.group,
            {"type": "feed.comment_changed", "post": current.post_id, "comment": current.pk},
        )
    return current


def delete_comment(*, actor, comment):
    require(permissions.can_delete_comment(actor, comment))
    post = comment.post
    with transaction.atomic():
        attachments = list(comment.attachments.all())
        comment_id = comment.pk
        deleted, _rows = Comment.objects.filter(pk=comment_id).delete()
        if not deleted:  # deleted meanwhile (a double click, another tab): counted once
            return
        last = post.comments.order_by("-pk").values_list("pk", flat=True).first() or 0
        Post.objects.filter(pk=post.pk).update(
            comment_count=F("comment_count") - 1, last_comment_id=last
        )
        delete_files_on_commit(attachments)
        publish_to_group(
            post.group,
            {"type": "feed.comment_removed", "post": post.pk, "comment": comment_id},
        )


def hide_comment(*, actor, comment, hidden, reason=""):
    require(permissions.can_hide_comment(actor, comment))
    with transaction.atomic():
        set_hidden(
            comment,
            actor=actor,
            hidden=hidden,
            reason=reason,
            missing_message=_(
                "Say why you are hiding this comment: its author will see the reason."
            ),
        )
        if hidden and comment.post.accepted_answer_id == comment.pk:
            Post.objects.filter(pk=comment.post_id).update(accepted_answer=None)
        publish_to_group(
            comment.post.group,
            {"type": "feed.comment_changed", "post": comment.post_id, "comment": comment.pk},
        )
    return comment
