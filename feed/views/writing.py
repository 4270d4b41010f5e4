"""Writing: new posts, edits, comments, deletions, and the moderators' hide and close.
Forms parse; actions decide and write; a refusal is a 404, bad input a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from groups import permissions as group_permissions
from rse.responses import redirect_back, run_action

from .. import actions, permissions
from ..forms import CommentForm, EditCommentForm, EditPostForm, HideForm, PostForm
from ..models import Kind
from .threads import render_thread


def _refused(form, error):
    for message in error.messages:
        form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def compose(request):
    """The full editor: any kind of post, into a group chosen here or given."""
    me = request.user
    slug = request.POST.get("group") or request.GET.get("group", "")
    group = group_permissions.get_group_or_404(me, slug) if slug else None
    if group is not None and not group_permissions.can_read(me, group):
        raise Http404
    can_announce = group is not None and permissions.can_post_announcements(me, group)
    kind = request.GET.get("kind", Kind.DISCUSSION)
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": kind if kind in Kind.values else Kind.DISCUSSION},
        can_announce=can_announce,
    )
    if request.method == "POST":
        if group is None:
            form.add_error(None, _("Choose the group to post in."))
        elif not permissions.can_create_post(me, group) and not group.is_archived:
            form.add_error(None, _("You cannot post in this group."))
        elif form.is_valid():
            try:
                post = actions.create_post(
                    author=me,
                    group=group,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                _refused(form, error)
            except PermissionDenied:
                form.add_error(None, _("You cannot post in this group."))
            else:
                messages.success(request, _("Your post is published."))
                return redirect(post)
        status = 400
    else:
        status = 200
    groups = permissions.postable_groups(me)
    if group is not None and group not in groups and permissions.can_create_post(me, group):
        groups.insert(0, group)
    context = {"form": form, "group": group, "composer_groups": groups}
    return render(request, "feed/compose.html", context, status=status)


def _edit(request, form, save, done_url, context):
    """Posts and comments are edited the same way: a refused edit (a stale version, an
    empty body) shows the form again with the reasons."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(done_url)
    status = 400 if request.method == "POST" else 200
    return render(request, "feed/edit.html", {"form": form, **context}, status=status)


@require_http_methods(["GET", "POST"])
def edit_post(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    if not permissions.can_edit_post(me, post):
        raise Http404
    form = EditPostForm(
        request.POST or None,
        initial={"title": post.title, "body": post.body, "version": post.version},
    )
    return _edit(
        request,
        form,
        lambda data: actions.edit_post(
            actor=me, post=post, title=data["title"], body=data["body"], version=data["version"]
        ),
        post.get_absolute_url(),
        {"post": post},
    )


@require_POST
def delete_post(request, pk):
    post = permissions.get_post_or_404(request.user, pk)
    group = post.group
    if run_action(
        request,
        lambda: actions.delete_post(actor=request.user, post=post),
        _("The post is deleted."),
    ):
        return redirect(group)
    return redirect(post)


def _hide(request, hide, done, back):
    """Posts and comments are hidden the same way, with a reason their author reads."""
    hidden = request.POST.get("hidden") == "1"
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long: at most 300 characters."))
    else:
        reason = form.cleaned_data["reason"]
        run_action(request, lambda: hide(hidden=hidden, reason=reason), done[hidden])
    return back


@require_POST
def hide_post(request, pk):
    post = permissions.get_post_or_404(request.user, pk)
    return _hide(
        request,
        lambda **change: actions.hide_post(actor=request.user, post=post, **change),
        {True: _("The post is hidden."), False: _("The post is visible again.")},
        redirect(post),
    )


@require_POST
def close_post(request, pk):
    post = permissions.get_post_or_404(request.user, pk)
    closed = request.POST.get("closed") == "1"
    run_action(
        request,
        lambda: actions.close_post(actor=request.user, post=post, closed=closed),
        _("The thread is closed to new comments.") if closed else _("The thread is open again."),
    )
    return redirect(post)


@require_POST
def comment(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        reply_to = None
        if form.cleaned_data["reply_to"]:
            reply_to = (
                permissions.visible_comments(me, post)
                .filter(pk=form.cleaned_data["reply_to"])
                .first()
            )
        try:
            created = actions.create_comment(
                author=me,
                post=post,
                body=form.cleaned_data["body"],
                reply_to=reply_to,
                files=form.cleaned_data["files"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _refused(form, error)
        else:
            return redirect(created.get_absolute_url())
    # Keep what was typed: the thread page shows the form again with the reasons.
    return render_thread(request, post, comment_form=form, status=400)


@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    me = request.user
    item = permissions.get_comment_or_404(me, pk)
    if not permissions.can_edit_comment(me, item):
        raise Http404
    form = EditCommentForm(
        request.POST or None, initial={"body": item.body, "version": item.version}
    )
    return _edit(
        request,
        form,
        lambda data: actions.edit_comment(
            actor=me, comment=item, body=data["body"], version=data["version"]
        ),
        item.get_absolute_url(),
        {"post": item.post, "comment": item},
    )


@require_POST
def delete_comment(request, pk):
    item = permissions.get_comment_or_404(request.user, pk)
    post = item.post
    run_action(
        request,
        lambda: actions.delete_comment(actor=request.user, comment=item),
        _("The comment is deleted."),
    )
    return redirect(post)


@require_POST
def hide_comment(request, pk):
    item = permissions.get_comment_or_404(request.user, pk)
    return _hide(
        request,
        lambda **change: actions.hide_comment(actor=request.user, comment=item, **change),
        {True: _("The comment is hidden."), False: _("The comment is visible again.")},
        redirect_back(request, reverse("feed:post", args=[item.post_id])),
    )
