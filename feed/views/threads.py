"""Reading one thread: the post, its accepted answer, its comments by cursor, where the
reader left off, its earlier versions, and its files."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from rse.files import protected_file_response
from rse.keyset import keyset_page

from .. import actions, permissions, queries
from ..forms import CommentForm, HideForm
from ..models import REACTION_EMOJI, Attachment, Reaction, ReactionMark, ThreadState

COMMENTS_PER_PAGE = 50
SORTS = ("oldest", "votes")


def _decorate_comments(comments, user, post):
    ids = [c.pk for c in comments]
    reactions = queries.reaction_summaries(user, comment_ids=ids, comments=True)
    files = {}
    for attachment in Attachment.objects.filter(comment__in=ids):
        files.setdefault(attachment.comment_id, []).append(attachment)
    voted = set(post.comments.filter(pk__in=ids, votes__user=user).values_list("pk", flat=True))
    for comment in comments:
        comment.post = post
        comment.reaction_summary = reactions.get(comment.pk, [])
        comment.images = [a for a in files.get(comment.pk, []) if a.is_image]
        comment.files = [a for a in files.get(comment.pk, []) if not a.is_image]
        comment.voted = comment.pk in voted
        comment.can_edit = permissions.can_edit_comment(user, comment)
        comment.can_delete = permissions.can_delete_comment(user, comment)
        comment.can_hide = permissions.can_hide_comment(user, comment)
        comment.can_vote = permissions.can_vote(user, comment)
        comment.is_accepted = comment.pk == post.accepted_answer_id


def comment_page(user, post, *, sort, cursor):
    comments = (
        permissions.visible_comments(user, post)
        .select_related("author", "reply_to__author")
        .exclude(pk=post.accepted_answer_id or 0)
    )
    if sort == "votes":
        page = keyset_page(
            comments, key="score", cursor=cursor, size=COMMENTS_PER_PAGE, is_date=False
        )
    else:
        page = keyset_page(
            comments,
            key="id",
            cursor=cursor,
            size=COMMENTS_PER_PAGE,
            descending=False,
            is_date=False,
        )
    _decorate_comments(page.items, user, post)
    return page


def _sort(request, post):
    default = "votes" if post.is_question else "oldest"
    sort = request.GET.get("sort", default)
    return sort if sort in SORTS else default


@require_GET
def post_detail(request, pk):
    return render_thread(request, permissions.get_post_or_404(request.user, pk))


def render_thread(request, post, *, comment_form=None, status=200):
    """The thread page; a refused comment comes back here with what was typed."""
    me = request.user
    sort = _sort(request, post)
    cursor = request.GET.get("cursor", "")
    page = comment_page(me, post, sort=sort, cursor=cursor)
    context = {
        "post": post,
        "page": page,
        "comments": page.items,
        "sort": sort,
        "can_comment": permissions.can_comment(me, post),
        "can_react": permissions.can_react(me, post),
        "can_accept": permissions.can_accept(me, post),
    }
    if not page.has_next:
        actions.mark_read(user=me, post=post, up_to=post.last_comment_id)
    elif sort == "oldest":
        actions.mark_read(user=me, post=post, up_to=max(c.pk for c in page.items))
    if request.htmx and cursor:
        return render(request, "feed/_comment_list.html", context)
    queries.decorate([post], me)
    accepted = None
    if post.accepted_answer_id:
        accepted = (
            permissions.visible_comments(me, post)
            .select_related("author", "reply_to__author")
            .filter(pk=post.accepted_answer_id)
            .first()
        )
        if accepted:
            _decorate_comments([accepted], me, post)
    reply_to = None
    if request.GET.get("reply", "").isdigit():
        reply_to = permissions.visible_comments(me, post).filter(pk=request.GET["reply"]).first()
    state = ThreadState.objects.filter(post=post, user=me).first()
    context.update(
        accepted=accepted,
        subscription=state.subscription if state else ThreadState.Subscription.DEFAULT,
        subscription_choices=ThreadState.Subscription.choices,
        is_saved=post.bookmarks.filter(user=me).exists(),
        comment_form=comment_form
        or CommentForm(
            initial={
                "reply_to": reply_to.pk if reply_to else None,
                "body": _quote(reply_to) if reply_to else "",
            }
        ),
        hide_form=HideForm(),
        can_edit=permissions.can_edit_post(me, post),
        can_delete=permissions.can_delete_post(me, post),
        can_hide=permissions.can_hide(me, post),
        can_close=permissions.can_close(me, post),
        revision_count=post.revisions.filter(comment__isnull=True).count(),
        live_scope="thread",
    )
    return render(request, "feed/post_detail.html", context, status=status)


def _quote(comment):
    # Quote the reply itself, not what it quoted: quotes do not nest deeper each time.
    lines = [line for line in comment.body.splitlines() if not line.startswith(">")][:6]
    quoted = "\n".join(f"> {line}" for line in lines)
    return f"{quoted}\n\n@{comment.author.handle} "


@require_GET
def unread(request, pk):
    """Land on the first comment this person has not read yet."""
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    state = ThreadState.objects.filter(post=post, user=me).first()
    read_up_to = state.last_read_comment_id if state else 0
    first = (
        permissions.visible_comments(me, post)
        .filter(pk__gt=read_up_to)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    url = reverse("feed:post", args=[post.pk])
    if first is None:
        return redirect(url)
    return redirect(f"{url}?sort=oldest&cursor={read_up_to}.{read_up_to}#comment-{first}")


@require_GET
def comment_permalink(request, pk):
    """A link to one comment opens its thread at that comment."""
    comment = permissions.get_comment_or_404(request.user, pk)
    url = reverse("feed:post", args=[comment.post_id])
    if comment.pk == comment.post.accepted_answer_id:
        return redirect(f"{url}#comment-{comment.pk}")
    before = comment.pk - 1
    return redirect(f"{url}?sort=oldest&cursor={before}.{before}#comment-{comment.pk}")


@require_GET
def history(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    comment = None
    if request.GET.get("comment", "").isdigit():
        comment = permissions.get_comment_or_404(me, request.GET["comment"])
        if comment.post_id != post.pk:
            raise Http404
    revisions = post.revisions.filter(comment=comment).select_related("replaced_by")[:50]
    return render(
        request,
        "feed/history.html",
        {"post": post, "comment": comment, "revisions": revisions},
    )


@require_GET
def reactions(request, pk):
    """Who reacted, and how, to a post or one of its comments."""
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    marks = ReactionMark.objects.filter(post=post, comment=None)
    if request.GET.get("comment", "").isdigit():
        comment = permissions.get_comment_or_404(me, request.GET["comment"])
        if comment.post_id != post.pk:
            raise Http404
        marks = ReactionMark.objects.filter(comment=comment)
    rows = marks.select_related("user").order_by("kind", "created_at")[:200]
    by_kind = {}
    for mark in rows:
        by_kind.setdefault(mark.kind, []).append(mark.user)
    groups = [
        (REACTION_EMOJI[kind], kind.label, by_kind[kind.value])
        for kind in Reaction
        if kind.value in by_kind
    ]
    return render(request, "feed/_reactors.html", {"groups": groups, "post": post})


@require_GET
def attachment(request, pk, kind):
    item = permissions.get_attachment_or_404(request.user, pk)
    if kind == "thumbnail" and item.is_image:
        return protected_file_response(item.thumbnail)
    if kind != "file":
        raise Http404
    return protected_file_response(item.file, download_name=None if item.is_image else item.name)
