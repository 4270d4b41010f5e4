"""What several groups pages share: where to go back to, the invitations waiting for a
person, and a write's refusal shown on its form."""

from rse.responses import redirect_back

from ..models import GroupInvitation


def back(request, group=None):
    return redirect_back(request, group or "groups:directory")


def pending_invitations(user):
    return GroupInvitation.objects.filter(user=user, status=GroupInvitation.Status.PENDING)


def form_errors(form, error):
    """A ValidationError from an action, on the form's fields (or the image, or the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("image" if form.files.get("image") else None, error)
