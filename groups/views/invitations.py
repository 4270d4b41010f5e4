"""A person's invitations to groups (/groups/invitations/) and their answer to one."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rse.responses import run_action

from .. import actions
from ..models import GroupInvitation
from .common import pending_invitations


@require_GET
def invitations(request):
    pending = pending_invitations(request.user).select_related("group", "invited_by")
    return render(request, "groups/invitations.html", {"invitations": list(pending)})


@require_POST
def respond_to_invitation(request, pk):
    invitation = get_object_or_404(
        GroupInvitation, pk=pk, user=request.user, status=GroupInvitation.Status.PENDING
    )
    if request.POST.get("decision") not in ("accept", "decline"):
        return HttpResponseBadRequest()
    accept = request.POST["decision"] == "accept"
    group = invitation.group
    done = _("Welcome to %(name)s!") if accept else _("Invitation to %(name)s declined.")
    answered = run_action(
        request,
        lambda: actions.respond_to_invitation(
            invitation=invitation, user=request.user, accept=accept
        ),
        done % {"name": group.name},
    )
    return redirect(group) if accept and answered else redirect("groups:invitations")
