"""The marks people leave on posts: reactions, votes, bookmarks, accepted answers,
follow or mute, read state and dismissed announcements. Each is a toggle or an upsert,
so a double click or a retried request never counts twice."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions, queries
from ..models import (
    Bookmark,
    Comment,
    Dismissal,
    Post,
    Reaction,
    ReactionMark,
    ThreadState,
    Vote,
)
from .writing import publish_to_group, require


def _toggle(model, **fields):
    """Remove the row if it exists, create it otherwise. True when this call created it,
    False when it removed it, None when a concurrent click already created it (so a
    counter kept beside the rows moves once, not twice)."""
    with transaction.atomic():
        deleted, _rows = model.objects.filter(**fields).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                model.objects.create(**fields)
        except IntegrityError:
            return None
        return True


def toggle_reaction(*, user, post, kind, comment=None):
    require(permissions.can_react(user, post))
    if kind not in Reaction.values:
        raise ValidationError(_("Unknown reaction."))
    if comment is not None and (comment.post_id != post.pk or comment.is_hidden):
        raise ValidationError(_("Unknown reaction."))
    with transaction.atomic():
        active = (
            _toggle(ReactionMark, post=post, comment=comment, user=user, kind=kind) is not False
        )
        publish_to_group(
            post.group,
            {
                "type": "feed.reaction",
                "post": post.pk,
                "comment": comment.pk if comment else None,
            },
        )
    return active


def toggle_vote(*, user, comment):
    require(permissions.can_vote(user, comment))
    with transaction.atomic():
        active = _toggle(Vote, comment=comment, user=user)
        if active is not None:
            Comment.objects.filter(pk=comment.pk).update(score=F("score") + (1 if active else -1))
    comment.refresh_from_db(fields=["score"])
    return active is not False


def toggle_bookmark(*, user, post):
    require(permissions.can_read_post(user, post))
    return _toggle(Bookmark, post=post, user=user) is not False


def accept_answer(*, actor, post, comment):
    """Mark ``comment`` as the accepted answer, or clear it with ``comment=None``."""
    require(permissions.can_accept(actor, post))
    if comment is not None and (comment.post_id != post.pk or comment.is_hidden):
        raise ValidationError(_("Only a visible answer to this question can be accepted."))
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(accepted_answer=comment)
        post.accepted_answer = comment
        publish_to_group(
            post.group,
            {
                "type": "feed.solved" if comment else "feed.post_changed",
                "post": post.pk,
                "comment": comment.pk if comment else None,
            },
        )
    return post


def set_subscription(*, user, post, subscription):
    require(permissions.can_read_post(user, post))
    if subscription not in ThreadState.Subscription.values:
        raise ValidationError(_("Unknown choice."))
    ThreadState.objects.update_or_create(
        post=post, user=user, defaults={"subscription": subscription}
    )


def mark_read(*, user, post, up_to):
    """Remember the last comment read; never move backwards (an old tab stays behind)."""
    require(permissions.can_read_post(user, post))
    state, created = ThreadState.objects.get_or_create(
        post=post, user=user, defaults={"last_read_comment_id": up_to, "read_at": timezone.now()}
    )
    if not created and up_to > state.last_read_comment_id:
        ThreadState.objects.filter(pk=state.pk, last_read_comment_id__lt=up_to).update(
            last_read_comment_id=up_to, read_at=timezone.now()
        )


def dismiss_announcement(*, user, post):
    require(permissions.can_dismiss(user, post) and permissions.can_read_post(user, post))
    Dismissal.objects.get_or_create(post=post, user=user)


def dismiss_all_announcements(*, user, group=None, up_to=None):
    """Dismiss every announcement pinned for this person, those of one group or of all
    their groups, in one transaction; with ``up_to`` (the highest id the person was shown),
    not one published since, which they have not seen yet. Returns how many it dismissed;
    one already dismissed elsewhere meanwhile is left as it is (``ignore_conflicts``)."""
    require(permissions.can_dismiss_announcements(user, group))
    pinned = queries.pinned_announcements(user, group)
    if up_to is not None:
        pinned = pinned.filter(pk__lte=up_to)
    with transaction.atomic():
        ids = list(pinned.values_list("pk", flat=True))
        Dismissal.objects.bulk_create(
            [Dismissal(post_id=pk, user=user) for pk in ids], batch_size=500, ignore_conflicts=True
        )
    return len(ids)
