"""Form fields every area shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rse.images import ACCEPTED_FORMATS


class SquareImageField(forms.FileField):
    """An optional picture upload; rse.images checks its content when it is saved."""

    def __init__(self, *, label, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("JPEG, PNG, WebP or GIF. It is cropped to a square."))
        accept = ",".join(f"image/{name.lower()}" for name in ACCEPTED_FORMATS)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(label=label, **kwargs)
