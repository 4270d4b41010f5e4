"""Marks left on posts and comments: reactions, votes, bookmarks, accepted answers,
follow or mute, dismissed announcements. With htmx only the changed part comes back;
without JavaScript the form posts and the person returns to the same place."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from groups import permissions as group_permissions
from rse.responses import redirect_back, run_action

from .. import actions, permissions, queries
from ..forms import SubscriptionForm
from .lists import pinned_context


def _comment_of(request, post, field="comment"):
    value = request.POST.get(field, "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    item = permissions.get_comment_or_404(request.user, value)
    if item.post_id != post.pk:
        raise Http404
    return item


@require_POST
def react(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    target = _comment_of(request, post)
    run_action(
        request,
        lambda: actions.toggle_reaction(
            user=me, post=post, comment=target, kind=request.POST.get("kind", "")
        ),
    )
    if request.htmx:
        if target is None:
            summary = queries.reaction_summaries(me, post_ids=[post.pk], comments=False)
        else:
            summary = queries.reaction_summaries(me, comment_ids=[target.pk], comments=True)
        return render(
            request,
            "feed/_reactions.html",
            {
                "post": post,
                "comment": target,
                "summary": summary.get(target.pk if target else post.pk, []),
                "can_react": permissions.can_react(me, post),
            },
        )
    return redirect_back(request, post.get_absolute_url())


@require_POST
def vote(request, pk):
    me = request.user
    item = permissions.get_comment_or_404(me, pk)
    run_action(request, lambda: actions.toggle_vote(user=me, comment=item))
    if request.htmx:
        item.voted = item.votes.filter(user=me).exists()
        item.can_vote = permissions.can_vote(me, item)
        return render(request, "feed/_vote.html", {"comment": item})
    return redirect_back(request, item.get_absolute_url())


@require_POST
def bookmark(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    saved = run_action(request, lambda: actions.toggle_bookmark(user=me, post=post))
    if request.htmx:
        return render(request, "feed/_bookmark.html", {"post": post, "is_saved": saved is True})
    return redirect_back(request, post.get_absolute_url())


@require_POST
def accept(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    answer = _comment_of(request, post)
    run_action(request, lambda: actions.accept_answer(actor=me, post=post, comment=answer))
    return redirect_back(request, post.get_absolute_url())


@require_POST
def subscription(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    run_action(
        request,
        lambda: actions.set_subscription(
            user=me, post=post, subscription=form.cleaned_data["subscription"]
        ),
    )
    return redirect_back(request, post.get_absolute_url())


def _pinned_feed(request):
    """The feed whose announcements strip the form was sent from: a group's (``group``, a
    slug; missing, and not the person's to dismiss in, are both 404) or the home's."""
    slug = request.POST.get("group", "")
    if not slug:
        return None
    group = group_permissions.get_group_or_404(request.user, slug)
    if not permissions.can_dismiss_announcements(request.user, group):
        raise Http404
    return group


def _after_dismissing(request, group):
    """With htmx the strip comes back, now naming the next announcement (nothing when none
    is left); without JavaScript the person goes back to the page they were on."""
    if request.htmx:
        expanded = request.POST.get("expanded") == "1"
        context = pinned_context(request.user, group, expanded=expanded)
        # Its forms send the person back to the page they are on, not to this address.
        context["pinned_next"] = request.POST.get("next", "")
        return render(request, "feed/_pinned.html", context)
    return redirect_back(request, group.get_absolute_url() if group else reverse("home"))


@require_POST
def dismiss(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    group = _pinned_feed(request)
    run_action(request, lambda: actions.dismiss_announcement(user=me, post=post))
    return _after_dismissing(request, group)


@require_POST
def dismiss_all(request):
    me = request.user
    group = _pinned_feed(request)
    up_to = request.POST.get("up_to", "")
    run_action(
        request,
        lambda: actions.dismiss_all_announcements(
            user=me, group=group, up_to=int(up_to) if up_to.isdigit() else None
        ),
    )
    return _after_dismissing(request, group)
