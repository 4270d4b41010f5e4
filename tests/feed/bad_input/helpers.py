"""Helpers of the feed's bad input tests: the files made for them (a minimal DOCX, a
PDF, an executable), a count of every row and file that could be saved, a post through
the compose page, and the check that a refusal names its reason and saves nothing."""

import io
import zipfile

from django.utils.html import escape

from feed.models import Attachment, Comment, Mention, Post, Revision, Topic
from tests.images import upload

# --- Files made for these tests ---------------------------------------------------------------


def minimal_docx():
    """The smallest zip Word's format is recognised by: it holds [Content_Types].xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def pdf(name="report.pdf"):
    return upload(PDF, name, "application/pdf")


# --- Helpers ---------------------------------------------------------------------------------


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(settings):
    return {
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "attachments": Attachment.objects.count(),
        "revisions": Revision.objects.count(),
        "topics": Topic.objects.count(),
        "mentions": Mention.objects.count(),
        "files": stored_files(settings),
    }


def compose(client, group, **data):
    payload = {"group": group.slug, "kind": "discussion", "title": "", "body": "Hello", **data}
    return client.post("/posts/new/", payload)


def text(response):
    return response.content.decode()


def assert_refused(response, message, before, settings, status=400):
    assert response.status_code == status
    page = text(response)
    assert escape(message) in page, page[page.find("<main") :][:3000]
    assert snapshot(settings) == before
