"""How a POST view answers, the same in every app: a refusal by a door is a 404 (so
"forbidden" looks like "missing"), bad input becomes messages in the person's language,
and the person goes back to where they were when that place is on this site."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def run_action(request, action, success=None):
    """Run an action; False (with the reasons as messages) when the input was refused."""
    try:
        result = action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    if success:
        messages.success(request, success)
    return result if result is not None else True
