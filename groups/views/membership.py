"""The "Your membership" card of a group's page, as the person concerned: joining, asking
to join and withdrawing the request, leaving, and the notification level."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse.responses import run_action

from .. import actions, permissions
from ..forms import JoinRequestForm, NotificationForm
from .common import back


@require_POST
def join(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    run_action(
        request,
        lambda: actions.join_group(group=group, user=request.user),
        _("Welcome to %(name)s!") % {"name": group.name},
    )
    return back(request, group)


@require_POST
def request_to_join(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, error)
        return back(request, group)
    message = form.cleaned_data["message"]
    run_action(
        request,
        lambda: actions.request_to_join(group=group, user=request.user, message=message),
        _("Your request is sent. A moderator will answer it."),
    )
    return back(request, group)


@require_POST
def cancel_request(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    actions.cancel_request(group=group, user=request.user)
    messages.info(request, _("Your request is withdrawn."))
    return back(request, group)


@require_POST
def leave(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    left = run_action(
        request,
        lambda: actions.leave_group(group=group, user=request.user),
        _("You left %(name)s.") % {"name": group.name},
    )
    if left and not permissions.can_list(request.user, group):
        return redirect("groups:directory")  # a secret group is gone from view
    return back(request, group)


@require_POST
def notifications(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    form = NotificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the notification levels."))
    else:
        run_action(
            request,
            lambda: actions.set_notification_level(
                group=group, user=request.user, level=form.cleaned_data["level"]
            ),
            _("Your notification setting is saved."),
        )
    return back(request, group)
