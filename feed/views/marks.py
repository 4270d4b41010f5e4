"""Marks left on posts and comments: reactions, votes, bookmarks, accepted answers,
follow or mute, dismissed announcements. With htmx only the changed part comes back;
without JavaScript the form posts and the person returns to the same place."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rse.responses import redirect_back, run_action

from .. import actions, permissions, queries
from ..forms import SubscriptionForm


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


@require_POST
def dismiss(request, pk):
    me = request.user
    post = permissions.get_post_or_404(me, pk)
    run_action(request, lambda: actions.dismiss_announcement(user=me, post=post))
    if request.htmx:
        return render(request, "feed/_empty.html")
    return redirect_back(request, reverse("home"))
