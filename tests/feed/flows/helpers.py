"""Helpers of the feed's flows: the htmx request header, the messages and the HTML of a
response, and the files in the media folder."""

HTMX = {"HTTP_HX_REQUEST": "true"}


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def html(response):
    return response.content.decode()


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
