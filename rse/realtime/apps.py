from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "rse.realtime"
    label = "realtime"
    verbose_name = _("Realtime")

    def ready(self):
        from . import commands, presence

        # Who may know whose presence is the chat's to say (its door knows groups and
        # rooms): it registers presence.query.
        commands.register_command("ping", presence.ping)
