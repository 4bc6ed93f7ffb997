"""The code's shape, checked with the suite: ruff's rules and the import layers (pyproject.toml).

Areas (storefront, workspace, office, api) sit above the domain packages; each domain
package imports only those below it; the shop's basics import neither. import-linter
reads the imports, so a change that breaks a layer fails `make test` like a broken rule.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing_to_fix():
    checked = _run("ruff", "check", "--no-cache", ".")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_import_keeps_to_its_layer():
    checked = _run("lint-imports", "--no-cache")
    assert checked.returncode == 0, checked.stdout + checked.stderr
