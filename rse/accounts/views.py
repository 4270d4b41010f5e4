"""People pages: directory, profiles, profile editing, follows, avatars and invitations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from rse.files import protected_file_response

from . import actions, hooks, permissions
from .adapters import INVITATION_SESSION_KEY
from .forms import DirectoryForm, InvitationForm, ProfileForm
from .models import Follow, Invitation, Skill, User

PEOPLE_PER_PAGE = 24


def _with_follow_state(queryset, viewer):
    return queryset.annotate(
        followed_by_me=Exists(Follow.objects.filter(follower=viewer, followed=OuterRef("pk")))
    )


@require_GET
@vary_on_headers("HX-Request")  # the same URL answers a fragment to htmx
def directory(request):
    form = DirectoryForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    department = form.cleaned_data.get("department", "")
    skill = form.cleaned_data.get("skill", "")
    people = permissions.directory_for(request.user).search(query)
    if department:
        people = people.filter(department=department)
    if skill:
        people = people.filter(skills__name__iexact=skill)
    people = _with_follow_state(people, request.user).prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name"))
    )
    page = Paginator(people.order_by("display_name", "pk"), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "query": query,
        "department": department,
        "skill": skill,
        "departments": list(permissions.directory_for(request.user).departments()),
        "filtered": bool(query or department or skill),
    }
    template = "accounts/_directory_results.html" if request.htmx else "accounts/directory.html"
    return render(request, template, context)


@require_GET
def profile(request, pk):
    person = permissions.get_person_or_404(request.user, pk)
    counts = User.objects.filter(pk=person.pk).aggregate(
        followers=Count("follower_set", distinct=True),
        following=Count("following_set", distinct=True),
    )
    colleagues = []
    if person.department and person.is_active:
        colleagues = list(
            permissions.directory_for(request.user)
            .filter(department=person.department)
            .exclude(pk=person.pk)
            .order_by("display_name")[:6]
        )
    context = {
        "person": person,
        # What the apps above registered (groups: the person's groups the viewer may see).
        "sections": hooks.profile_sections(request.user, person) if person.is_active else [],
        "skills": list(person.skills.order_by("name")),
        "followers": counts["followers"],
        "following": counts["following"],
        "is_following": Follow.objects.filter(follower=request.user, followed=person).exists(),
        "can_follow": permissions.can_follow(request.user, person),
        "can_edit": permissions.can_edit_profile(request.user, person),
        "can_see_contact": permissions.can_see_contact_details(request.user, person),
        "can_deactivate": permissions.can_deactivate(request.user, person),
        "colleagues": colleagues,
    }
    return render(request, "accounts/profile.html", context)


def edit_profile(request):
    person = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=User.objects.get(pk=person.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
            try:
                actions.update_profile(
                    person=person,
                    by=request.user,
                    fields=fields,
                    skills=form.cleaned_data["skills_text"],
                    avatar=form.cleaned_data.get("avatar"),
                    remove_avatar=form.cleaned_data["remove_avatar"],
                )
            except ValidationError as error:
                form.add_error("avatar" if request.FILES.get("avatar") else None, error)
            else:
                translation.activate(person.language)  # say it in the language just chosen
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile", pk=person.pk)
    else:
        form = ProfileForm(instance=person)
    return render(request, "accounts/profile_edit.html", {"form": form, "person": person})


@require_POST
def toggle_follow(request, pk):
    person = permissions.get_person_or_404(request.user, pk)
    if request.POST.get("action") == "unfollow":
        actions.unfollow(follower=request.user, followed=person)
        is_following = False
    else:
        try:
            actions.follow(follower=request.user, followed=person)
        except PermissionDenied:
            raise Http404 from None
        is_following = True
    if request.htmx:
        return render(
            request,
            "accounts/_follow_button.html",
            {"person": person, "is_following": is_following, "can_follow": True},
        )
    if is_following:
        messages.success(request, _("You now follow %(name)s.") % {"name": person})
    else:
        messages.info(request, _("You no longer follow %(name)s.") % {"name": person})
    return redirect(person)


@require_GET
def avatar(request, pk, kind):
    person = permissions.get_person_or_404(request.user, pk)
    field = person.avatar_small if kind == "small" else person.avatar_large
    # The URL carries the file's version, so the browser may keep it for a year.
    return protected_file_response(field, max_age=365 * 24 * 3600)


def invitations(request):
    if not permissions.can_invite(request.user):
        raise Http404
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent, refused = [], []
        for email in form.cleaned_data["emails"]:
            try:
                actions.invite(by=request.user, email=email, request=request)
                sent.append(email)
            except ValidationError as error:
                refused.extend(error.messages)
        if sent:
            messages.success(request, _("Invitation sent to %(list)s.") % {"list": ", ".join(sent)})
        for message in refused:
            messages.warning(request, message)
        return redirect("accounts:invitations")
    pending = Invitation.objects.pending().select_related("invited_by")[:100]
    return render(request, "accounts/invitations.html", {"form": form, "pending": pending})


@require_GET
def accept_invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.pending(), token=token)
    request.session[INVITATION_SESSION_KEY] = invitation.token
    # The link reached that mailbox, so allauth may count the address as verified.
    request.session["account_verified_email"] = invitation.email
    return redirect("account_signup")


@require_POST
def set_active(request, pk):
    person = permissions.get_person_or_404(request.user, pk)
    if not permissions.can_deactivate(request.user, person):
        raise Http404
    active = request.POST.get("active") == "1"
    actions.set_active(person=person, by=request.user, active=active)
    if active:
        messages.success(request, _("%(name)s can sign in again.") % {"name": person})
    else:
        messages.success(
            request,
            _("%(name)s is deactivated: they can no longer sign in, and what they wrote stays.")
            % {"name": person},
        )
    return redirect(person)
