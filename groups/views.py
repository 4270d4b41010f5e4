"""Groups pages: directory, group home, members, settings, audit log, invitations and the
site admins' area. Each view asks the door (permissions.py), then calls an action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from feed.views.lists import group_feed_context
from rse.accounts.models import User
from rse.files import protected_file_response
from rse.responses import redirect_back, run_action

from . import actions, permissions
from .forms import (
    AdminGroupForm,
    BanForm,
    DeleteForm,
    DirectoryForm,
    GroupForm,
    InviteForm,
    JoinRequestForm,
    NotificationForm,
    RoleForm,
)
from .models import (
    AuditEntry,
    Ban,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)

GROUPS_PER_PAGE = 20
MEMBERS_PER_PAGE = 50
LOG_PER_PAGE = 50
PENDING_SHOWN = 100


def _back(request, group=None):
    return redirect_back(request, group or "groups:directory")


def _pending_invitations(user):
    return GroupInvitation.objects.filter(user=user, status=GroupInvitation.Status.PENDING)


# --- Reading -----------------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")  # the same URL answers a fragment to htmx
def directory(request):
    form = DirectoryForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    groups = permissions.listable_groups(request.user).search(data.get("q", ""))
    shown = data.get("filter") or "all"
    if shown == "mine":
        # Exists, not a join: a join here would also restrict the member count below.
        groups = groups.filter(
            Exists(Membership.objects.filter(group=OuterRef("pk"), user=request.user))
        )
    elif shown in (Visibility.PUBLIC, Visibility.PRIVATE):
        groups = groups.filter(visibility=shown)
    order = {"new": ["-created_at"], "name": ["name"]}.get(data.get("sort"), ["-last_activity_at"])
    page = Paginator(groups.order_by(*order, "pk"), GROUPS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    _annotate_page(page.object_list, request.user)
    context = {
        "form": form,
        "page": page,
        "shown": shown,
        "sort": data.get("sort") or "active",
        "query": data.get("q", ""),
        "suggested": _suggested(request.user) if not request.htmx else [],
        "invitation_count": _pending_invitations(request.user).count(),
        "can_create": permissions.can_create_group(request.user),
    }
    template = "groups/_directory_results.html" if request.htmx else "groups/directory.html"
    return render(request, template, context)


def _annotate_page(groups, user):
    """Member counts and my role for the groups of one page only: counting every
    group's members before paginating grew with the number of groups (make bench)."""
    groups = list(groups)
    ids = [group.pk for group in groups]
    counts = dict(
        Membership.objects.filter(group_id__in=ids, user__is_active=True)
        .values_list("group_id")
        .annotate(count=Count("pk"))
    )
    roles = dict(
        Membership.objects.filter(group_id__in=ids, user=user).values_list("group_id", "role")
    )
    for group in groups:
        group.member_count = counts.get(group.pk, 0)
        group.my_role = roles.get(group.pk)
        group.is_member = group.my_role is not None


def _suggested(user, limit=4):
    """Groups that colleagues of the same department belong to, and I do not.

    Counted from the colleagues' memberships (a department is small) rather than over
    every group's members, which grew with the number of groups (make bench)."""
    if not user.department:
        return []
    top = dict(
        Membership.objects.filter(user__department=user.department, user__is_active=True)
        .exclude(user=user)
        .exclude(group__in=permissions.member_groups(user))
        .values_list("group")
        .annotate(colleagues=Count("pk"))
        .order_by("-colleagues", "group")[: limit * 5]
    )
    groups = list(
        permissions.listable_groups(user)
        .filter(pk__in=top, archived_at__isnull=True)
        .only("pk", "name", "slug", "image_small", "image_large", "visibility")
    )
    for group in groups:
        group.colleagues = top[group.pk]
    return sorted(groups, key=lambda g: (-g.colleagues, g.name))[:limit]


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
        "invitation": _pending_invitations(request.user).filter(group=group).first(),
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
    # The group's feed comes from the feed app, which builds on this one.
    context.update(group_feed_context(request, group))
    if request.htmx and request.GET.get("cursor"):
        return render(request, "feed/_post_list.html", context)
    return render(request, "groups/detail.html", context)


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


@require_GET
def audit_log(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_view_audit_log(request.user, group):
        raise Http404
    entries = group.audit_entries.select_related("actor", "target")
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "page": page,
        "can_manage": True,
        "can_read": True,
        "member_count": group.memberships.filter(user__is_active=True).count(),
    }
    return render(request, "groups/audit_log.html", context)


@require_GET
def image(request, slug, kind):
    group = permissions.get_group_or_404(request.user, slug)
    field = group.image_small if kind == "small" else group.image_large
    return protected_file_response(field, max_age=365 * 24 * 3600)


@require_GET
def invitations(request):
    pending = _pending_invitations(request.user).select_related("group", "invited_by")
    return render(request, "groups/invitations.html", {"invitations": list(pending)})


# --- Creating and managing ---------------------------------------------------------------


def create(request):
    if not permissions.can_create_group(request.user):
        raise Http404
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        try:
            group = actions.create_group(
                by=request.user, fields=fields, image=form.cleaned_data.get("image")
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your group is ready. Invite colleagues to it."))
            return redirect("groups:members", slug=group.slug)
    return render(request, "groups/form.html", {"form": form, "creating": True})


def _form_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("image" if form.files.get("image") else None, error)


def settings_view(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_manage(request.user, group) or group.is_archived:
        raise Http404
    form = GroupForm(request.POST or None, request.FILES or None, instance=group)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        try:
            group = actions.update_group(
                group=Group.objects.get(pk=group.pk),
                by=request.user,
                fields=fields,
                image=form.cleaned_data.get("image"),
                remove_image=form.cleaned_data["remove_image"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The group's settings are saved."))
            return redirect(group)
    context = {
        "form": form,
        "group": group,
        "creating": False,
        "can_archive": permissions.can_archive(request.user, group),
        "can_delete": permissions.can_delete(request.user, group),
    }
    return render(request, "groups/form.html", context)


@require_POST
def archive(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    run_action(
        request,
        lambda: actions.archive_group(group=group, by=request.user),
        _("The group is archived: everything stays readable, nothing new can be added."),
    )
    return redirect(group)


@require_POST
def restore(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    run_action(
        request,
        lambda: actions.restore_group(group=group, by=request.user),
        _("The group is restored."),
    )
    return redirect(group)


def delete(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_delete(request.user, group):
        raise Http404
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_group(
                group=group, by=request.user, confirm_name=form.cleaned_data["confirm_name"]
            )
        except ValidationError as error:
            form.add_error("confirm_name", error)
        else:
            messages.success(request, _("The group %(name)s is deleted.") % {"name": group.name})
            return redirect("groups:admin")
    return render(request, "groups/delete.html", {"group": group, "form": form})


# --- Membership ---------------------------------------------------------------------------


@require_POST
def join(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    run_action(
        request,
        lambda: actions.join_group(group=group, user=request.user),
        _("Welcome to %(name)s!") % {"name": group.name},
    )
    return _back(request, group)


@require_POST
def request_to_join(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, error)
        return _back(request, group)
    message = form.cleaned_data["message"]
    run_action(
        request,
        lambda: actions.request_to_join(group=group, user=request.user, message=message),
        _("Your request is sent. A moderator will answer it."),
    )
    return _back(request, group)


@require_POST
def cancel_request(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    actions.cancel_request(group=group, user=request.user)
    messages.info(request, _("Your request is withdrawn."))
    return _back(request, group)


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
    return _back(request, group)


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
    return _back(request, group)


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


# --- Site admins ---------------------------------------------------------------------------


@require_GET
def admin_list(request):
    if not permissions.can_administer_groups(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    visibility = request.GET.get("visibility", "")
    groups = Group.objects.search(query).with_member_count()
    if visibility in Visibility.values:
        groups = groups.filter(visibility=visibility)
    if request.GET.get("archived") == "1":
        groups = groups.filter(archived_at__isnull=False)
    page = Paginator(groups.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "visibility": visibility,
        "visibilities": Visibility.choices,
        "archived": request.GET.get("archived") == "1",
    }
    return render(request, "groups/admin_list.html", context)


def admin_create(request):
    if not permissions.can_administer_groups(request.user):
        raise Http404
    form = AdminGroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        try:
            group = actions.create_group(
                by=request.user,
                fields=fields,
                owner=form.cleaned_data["owner"],
                image=form.cleaned_data.get("image"),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(group)s is created; %(owner)s owns it.")
                % {"group": group.name, "owner": form.cleaned_data["owner"].display_name},
            )
            return redirect("groups:admin")
    return render(request, "groups/form.html", {"form": form, "creating": True, "admin": True})


@require_GET
def admin_log(request):
    if not permissions.can_administer_groups(request.user):
        raise Http404
    entries = AuditEntry.objects.select_related("actor", "target", "group")
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "groups/audit_log.html", {"page": page, "site_wide": True})
