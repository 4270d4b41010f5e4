"""The members page of a group, and who comes in through it: the moderators' invitations,
their answers to join requests, and withdrawn invitations. What moderators do to those
already in (roles, removal, bans) is in roles.py."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rse.responses import run_action

from .. import actions, permissions
from ..forms import InviteForm
from ..models import GroupInvitation, JoinRequest, Role

MEMBERS_PER_PAGE = 50
PENDING_SHOWN = 100


@require_GET
def members(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_read(request.user, group):
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    memberships = group.memberships.select_related("user").filter(user__is_active=True)
    if query:
        memberships = memberships.filter(
            Q(user__display_name__icontains=query) | Q(user__email__istartswith=query)
        )
    page = Paginator(memberships.order_by("-role", "user__display_name", "pk"), MEMBERS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    can_moderate = permissions.can_moderate(request.user, group)
    can_manage = permissions.can_manage(request.user, group)
    owner_count = group.memberships.filter(role=Role.OWNER).count()
    rows = [
        {
            "membership": m,
            "removable": permissions.can_remove(request.user, group, m, owner_count),
            "can_change_role": can_manage
            and not permissions.is_last_owner(m, owner_count)
            and m.user_id != request.user.pk,
            "can_transfer": permissions.can_transfer(request.user, group, m),
        }
        for m in page.object_list
    ]
    context = {
        "group": group,
        "page": page,
        "rows": rows,
        "query": query,
        "member_count": group.memberships.filter(user__is_active=True).count(),
        "can_moderate": can_moderate,
        "can_manage": can_manage,
        "can_invite": permissions.can_invite(request.user, group),
        "roles": Role.choices,
        "invite_form": InviteForm(),
        # Oldest first, a hundred at most each; deactivated people are not shown.
        "requests": list(
            group.join_requests.filter(
                status=JoinRequest.Status.PENDING, user__is_active=True
            ).select_related("user")[:PENDING_SHOWN]
        )
        if can_moderate
        else [],
        "invitations": list(
            group.invitations.filter(status=GroupInvitation.Status.PENDING)
            .exclude(user__is_active=False)
            .select_related("user", "invited_by")[:PENDING_SHOWN]
        )
        if can_moderate
        else [],
        "bans": list(group.bans.filter(user__is_active=True).select_related("user")[:PENDING_SHOWN])
        if can_moderate
        else [],
    }
    return render(request, "groups/members.html", context)


@require_POST
def invite(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_invite(request.user, group):
        raise Http404
    form = InviteForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("who", []):
            messages.error(request, error)
    else:
        email = form.cleaned_data["who"]
        run_action(
            request,
            lambda: actions.invite(group=group, by=request.user, email=email),
            _("Invitation sent to %(email)s.") % {"email": email},
        )
    return redirect("groups:members", slug=group.slug)


@require_POST
def decide_request(request, slug, pk):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        raise Http404
    join_request = get_object_or_404(JoinRequest, pk=pk, group=group)
    if request.POST.get("decision") not in ("approve", "decline"):
        return HttpResponseBadRequest()
    approve = request.POST["decision"] == "approve"
    done = _("%(name)s is now a member.") if approve else _("The request of %(name)s is declined.")
    run_action(
        request,
        lambda: actions.decide_request(join_request=join_request, by=request.user, approve=approve),
        done % {"name": join_request.user.display_name},
    )
    return redirect("groups:members", slug=group.slug)


@require_POST
def revoke_invitation(request, slug, pk):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        raise Http404
    invitation = get_object_or_404(
        GroupInvitation, pk=pk, group=group, status=GroupInvitation.Status.PENDING
    )
    run_action(
        request,
        lambda: actions.revoke_invitation(invitation=invitation, by=request.user),
        _("The invitation is withdrawn."),
    )
    return redirect("groups:members", slug=group.slug)
