"""The accounts door: who may see a person, change a profile, invite or deactivate.

Every signed-in employee may see every active colleague: that is what a company
directory is for. A deactivated person's page still opens (their name stays on what they
wrote) but shows nothing beyond it.
"""

from django.http import Http404

from .models import User


def can_view_profile(viewer, person):
    return viewer.is_authenticated and viewer.is_active


def can_see_contact_details(viewer, person):
    return can_view_profile(viewer, person) and person.is_active


def can_edit_profile(viewer, person):
    return viewer.is_authenticated and viewer.pk == person.pk


def can_follow(viewer, person):
    return (
        viewer.is_authenticated and viewer.is_active and person.is_active and viewer.pk != person.pk
    )


def can_invite(viewer):
    return viewer.is_authenticated and viewer.is_active and viewer.is_staff


def can_deactivate(viewer, person):
    return viewer.is_authenticated and viewer.is_staff and viewer.pk != person.pk


def directory_for(viewer):
    """The people a viewer may find in the directory."""
    if not viewer.is_authenticated:
        return User.objects.none()
    return User.objects.active()


def get_person_or_404(viewer, person_id):
    try:
        person = User.objects.get(pk=person_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_view_profile(viewer, person):
        raise Http404
    return person
