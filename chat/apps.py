from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Chat")

    def ready(self):
        """The chat plugs into the core below it (DESIGN.md, "Layers")."""
        from rse.realtime.commands import register_command

        from . import header, realtime

        for frame_type, handler in realtime.COMMANDS.items():
            register_command(frame_type, handler)
        header.register()
