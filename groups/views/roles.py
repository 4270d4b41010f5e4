"""What a group's moderators and owners do to its members, from the members page: change
a role, hand over ownership, remove, ban and lift a ban."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse.accounts.models import User
from rse.responses import run_action

from .. import actions, permissions
from ..forms import BanForm, RoleForm
from ..models import Ban, Membership, Role


def _member_or_404(group, user_id):
    return get_object_or_404(
        Membership.objects.select_related("user"), group=group, user_id=user_id
    )


@require_POST
def set_role(request, slug, user_id):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_manage(request.user, group):
        raise Http404
    membership = _member_or_404(group, user_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        run_action(
            request,
            lambda: actions.set_role(
                group=group, by=request.user, membership=membership, role=role
            ),
            _("%(name)s is now %(role)s.")
            % {"name": membership.user.display_name, "role": Role(role).label.lower()},
        )
    return redirect("groups:members", slug=group.slug)


@require_POST
def transfer(request, slug, user_id):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_manage(request.user, group):
        raise Http404
    membership = _member_or_404(group, user_id)
    run_action(
        request,
        lambda: actions.transfer_ownership(group=group, by=request.user, membership=membership),
        _("%(name)s is now an owner of the group.") % {"name": membership.user.display_name},
    )
    return redirect("groups:members", slug=group.slug)


@require_POST
def remove(request, slug, user_id):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        raise Http404
    membership = _member_or_404(group, user_id)
    run_action(
        request,
        lambda: actions.remove_member(group=group, by=request.user, membership=membership),
        _("%(name)s is no longer a member.") % {"name": membership.user.display_name},
    )
    return redirect("groups:members", slug=group.slug)


@require_POST
def ban(request, slug, user_id):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        raise Http404
    person = get_object_or_404(User.objects.active(), pk=user_id)
    form = BanForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect("groups:members", slug=group.slug)
    reason = form.cleaned_data["reason"]
    run_action(
        request,
        lambda: actions.ban(group=group, by=request.user, user=person, reason=reason),
        _("%(name)s is banned from the group.") % {"name": person.display_name},
    )
    return redirect("groups:members", slug=group.slug)


@require_POST
def unban(request, slug, user_id):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        raise Http404
    ban_entry = get_object_or_404(Ban.objects.select_related("user"), group=group, user_id=user_id)
    run_action(
        request,
        lambda: actions.unban(group=group, by=request.user, user=ban_entry.user),
        _("The ban of %(name)s is lifted.") % {"name": ban_entry.user.display_name},
    )
    return redirect("groups:members", slug=group.slug)
