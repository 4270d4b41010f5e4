"""Static files: the chat's native ES modules (static/js/chat/) import each other by
their hashed names once collected, so that a module cached for a year never loads a
sibling of another version; and the chat page loads the hashed entry module."""

import hashlib
import json
import re
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "static" / "js" / "chat"
IMPORTS = re.compile(r"""^(?:import|export)\b[^;]*?\bfrom\s*"(\./[^"]+)";""", re.M)


def relative_imports(text):
    return IMPORTS.findall(text)


def test_collected_modules_import_the_hashed_names_of_their_siblings(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "rse.storage.HashedStaticStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]

    def hashed(name):  # "room.js" -> "room.0123456789ab.js", as the manifest has it
        stored = manifest["js/chat/" + name]
        assert re.fullmatch(r"js/chat/\w+\.[0-9a-f]{12}\.js", stored), stored
        return stored.removeprefix("js/chat/")

    # The entry module names each sibling it imports by the sibling's hashed name.
    source = (MODULES / "main.js").read_text()
    wanted = ["./" + hashed(name.removeprefix("./")) for name in relative_imports(source)]
    assert len(wanted) > 5
    entry = (tmp_path / manifest["js/chat/main.js"]).read_text()
    assert relative_imports(entry) == wanted

    # So does every module it reaches; each hashed name is its final content's hash (an
    # import rewritten changes the importer's name too), and every module is reached.
    reached, todo = set(), ["main.js"]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        stored = hashed(name)
        content = (tmp_path / "js" / "chat" / stored).read_bytes()
        assert stored.split(".")[-2] == hashlib.md5(content).hexdigest()[:12]
        for url in relative_imports(content.decode()):
            assert "js/chat/" + url.removeprefix("./") in manifest.values(), (
                f"{stored} imports {url}, which is not a hashed name"
            )
            original = re.sub(r"\.[0-9a-f]{12}\.js$", ".js", url.removeprefix("./"))
            todo.append(original)
    assert reached == {p.name for p in MODULES.glob("*.js")}


def test_the_chat_page_loads_the_hashed_entry_module_after_the_classic_scripts(person_client):
    body = person_client.get("/chat/").content.decode()
    scripts = re.findall(r"<script\b[^>]*>", body)
    names = [re.search(r'src="/static/js/([\w/]+)\.', s).group(1) for s in scripts]
    # realtime.js (window.RSE.realtime) and feed.js (window.RSE.mentions) are deferred
    # classic scripts; a module script is deferred too, and runs after them, in order.
    assert names[-3:] == ["realtime", "feed", "chat/main"]
    module = scripts[-1]
    assert 'type="module"' in module
    assert re.search(r'src="/static/js/chat/main\.[0-9a-f]{12}\.js"', module)
    assert all(" defer" in s for s in scripts[-3:-1])
