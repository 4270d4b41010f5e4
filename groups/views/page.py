"""A group's page: its header, the tab other apps registered for it (groups/tabs.py: a
group knows no content, the feed brings its own), the about card, my membership card and
a few members; and the group's picture, behind the same door."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from rse.files import protected_file_response

from .. import permissions, tabs
from ..forms import JoinRequestForm, NotificationForm
from ..models import JoinRequest
from .common import pending_invitations


@require_GET
def detail(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    membership = permissions.membership_of(request.user, group)
    can_read = permissions.can_read(request.user, group)
    members = []
    if can_read:
        members = list(
            group.memberships.select_related("user")
            .filter(user__is_active=True)
            .order_by("-role", "user__display_name")[:12]
        )
    context = {
        "group": group,
        "membership": membership,
        "can_read": can_read,
        "members": members,
        "member_count": group.memberships.filter(user__is_active=True).count(),
        "can_join": permissions.can_join(request.user, group),
        "can_request": permissions.can_request_to_join(request.user, group),
        "pending_request": JoinRequest.objects.filter(
            group=group, user=request.user, status=JoinRequest.Status.PENDING
        ).first(),
        "invitation": pending_invitations(request.user).filter(group=group).first(),
        "banned": permissions.is_banned(request.user, group),
        "can_moderate": permissions.can_moderate(request.user, group),
        "can_manage": permissions.can_manage(request.user, group),
        "can_leave": permissions.can_leave(request.user, group),
        "can_restore": permissions.can_restore(request.user, group),
        "can_post": permissions.can_post(request.user, group),
        "request_form": JoinRequestForm(),
        "notification_form": NotificationForm(
            initial={"level": membership.notification_level if membership else None}
        ),
        "pending_count": group.join_requests.filter(status=JoinRequest.Status.PENDING).count()
        if permissions.can_moderate(request.user, group)
        else 0,
    }
    # The page's main column is the tab an app above registered (the feed's): what it
    # shows comes from that app, asked only for those who may read the group.
    home_tab = context["home_tab"] = tabs.home_tab()
    if home_tab is not None:
        if can_read and home_tab.context is not None:
            context.update(home_tab.context(request, group))
        if request.htmx and request.GET.get("cursor") and home_tab.more_template:
            return render(request, home_tab.more_template, context)
    return render(request, "groups/detail.html", context)


@require_GET
def image(request, slug, kind):
    group = permissions.get_group_or_404(request.user, slug)
    field = group.image_small if kind == "small" else group.image_large
    return protected_file_response(field, max_age=365 * 24 * 3600)
