"""Fixtures of the feed matrix: the world built once per module inside a transaction that
each test nests in a savepoint of its own, a private media folder, the attachments'
bytes, template rendering without the test client's recording, and one shared client."""

from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.base import Template
from django.test import Client
from django.test.utils import _TestState, override_settings

from tests.images import image_bytes

from .world import KINDS, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once; every test runs in a savepoint of this transaction, rolled back after
    it (what TestCase.setUpTestData does), so that writes never reach the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _media(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("feed-matrix-media")):
        yield


@pytest.fixture(autouse=True)
def _isolated(_media):
    """Overrides tests/conftest.py's for this module: one private media folder for all its
    tests (a fresh folder for each of its some 1,700 tests costs time) and, as
    there, a clean cache (rate limits) for each test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def stored_files(_media, world):
    """The attachments' bytes, in the module's private media folder."""
    pdf = b"%PDF-1.4\n% test\n"
    webp = image_bytes("WEBP", size=(30, 20))
    for kind in KINDS:
        for attachment in (world.image[kind], world.pdf[kind], world.hidden_pdf[kind]):
            data = webp if attachment.is_image else pdf
            for name in (attachment.file.name, attachment.thumbnail.name):
                if name:
                    assert default_storage.save(name, ContentFile(data)) == name


@pytest.fixture(scope="module", autouse=True)
def _plain_template_rendering():
    """The test client records a copy of the context of every template rendered (each
    post card, each avatar); this module never reads them, and rendering without the
    recording makes its 1,700 requests a fifth faster."""
    instrumented = Template._render
    Template._render = _TestState.saved_data.template_render
    yield
    Template._render = instrumented


@pytest.fixture(scope="module")
def _shared_client():
    return Client()


@pytest.fixture
def client(_shared_client):
    _shared_client.cookies = SimpleCookie()
    return _shared_client
