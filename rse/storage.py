"""Static files storage: whitenoise's compressed, hashed files, where the chat's native
ES modules (static/js/chat/) import each other by their hashed names.

A module's ``import ... from "./room.js";`` must become ``"./room.<hash>.js"`` in the
hashed file: the hashed names are cached for a year, and a module that loaded an
unhashed sibling would mix versions after a deploy (or load one module twice). Django
rewrites such imports when ``support_js_module_import_aggregation`` is on, but then for
every JavaScript file collected, and third-party ones break collectstatic
(django_htmx's ext/hx-sse-2.js names a "../htmx" that is not a file). So the same
patterns are applied to our module folders only. A module graph must have no cycle:
a file's hash then depends on its own, and collectstatic gives up (max passes).
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Folders of native ES modules, as static file name patterns (fnmatch).
MODULE_PATTERNS = ("js/chat/*.js",)

_, _IMPORT_PATTERNS = ManifestStaticFilesStorage._js_module_import_aggregation_patterns


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    patterns = CompressedManifestStaticFilesStorage.patterns + tuple(
        (pattern, _IMPORT_PATTERNS) for pattern in MODULE_PATTERNS
    )
