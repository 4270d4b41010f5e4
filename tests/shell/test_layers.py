"""The layers of DESIGN.md hold: no module imports one above it (import-linter's contract
in pyproject.toml), and every module of rse/ is in a layer or is the wiring."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIRING = {"rse.settings", "rse.urls", "rse.asgi", "rse.wsgi", "rse.serve"}


def contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["id"] == "layers"]
    return layers


def test_no_module_imports_a_layer_above_it():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache", "--contract", "layers"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_of_rse_is_in_a_layer_or_the_wiring():
    """A new shared helper in rse/ must be named in the contract, or the linter would
    not look at what it imports."""
    named = {
        name.strip().strip("()")
        for layer in contract()["layers"]
        for name in layer.replace("|", ":").split(":")
    }
    found = {
        f"rse.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "rse").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert found - named - WIRING == set()
