"""English and French are both complete: every string a person reads is translated."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_french_catalogue_has_no_missing_or_fuzzy_entry():
    catalogue = polib.pofile(str(PO))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert missing == [], f"untranslated: {missing}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"
    assert not catalogue.metadata_is_fuzzy, "the header is fuzzy: Django would ignore the file"


def test_compiled_catalogue_matches_the_source():
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(PO))}
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO))}
    assert compiled == source, "run `make messages` to recompile locale/fr"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (CI installs it)")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "rse"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", "bench")
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-location",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=bench",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"RSE_VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"},
    )
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    new = [e.msgid for e in fresh if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert new == [], f"strings without a French translation (run `make messages`): {new}"
