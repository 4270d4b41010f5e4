"""A group's life, by those who run it: creating it, its settings form, archiving and
restoring it, and deleting it (site admins, who type its name to confirm)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse.responses import run_action

from .. import actions, permissions
from ..forms import DeleteForm, GroupForm
from ..models import Group
from .common import form_errors


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
            form_errors(form, error)
        else:
            messages.success(request, _("Your group is ready. Invite colleagues to it."))
            return redirect("groups:members", slug=group.slug)
    return render(request, "groups/form.html", {"form": form, "creating": True})


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
            form_errors(form, error)
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
