from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "rse.realtime"
    label = "realtime"
    verbose_name = _("Realtime")

    def ready(self):
        from . import commands, presence

        commands.register_command("ping", presence.ping)
        commands.register_command("presence.query", presence.query)
