"""A plain (non-editable) install: the built wheel holds the sample, the CBP series and the rules, and finds them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a build must not see: stale build/lib copies would hide a file missing from the package list.
SKIP = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist",
                              ".pytest_cache", ".ruff_cache", "*.db", "*.db-wal", "*.db-shm", "out")

# Run with `python -S` so the venv's editable-install hook (a .pth file) cannot put the checkout back on the path;
# the venv's site-packages comes in through PYTHONPATH for the dependencies only.
PROBE = """
import json
import extract
from extract import settings
from extract.commands import rules_error
from extract.models import Article
from extract.pipeline import extract_metrics
from extract.reader import read_articles
from extract.reference import load_cbp_fiscal_years, load_cbp_monthly
from extract.rules import rules_dir

def attempt(step):
    try:
        return step()
    except Exception as exc:  # handed to the test, whose assertion shows it
        return f"{type(exc).__name__}: {exc}"

def first_article_metrics():
    articles = [a for a in read_articles(str(settings.sample_corpus())) if isinstance(a, Article) and a.text]
    return len(extract_metrics(articles[0]))

print(json.dumps({
    "package": extract.__file__,
    "sample": str(settings.sample_corpus()),
    "reference": str(settings.reference_dir()),
    "rules": str(rules_dir()),
    "database": str(settings.default_db().resolve()),
    "months": attempt(lambda: int(load_cbp_monthly()["total_encounters"].notna().sum())),
    "fiscal_years": attempt(lambda: len(load_cbp_fiscal_years())),
    "metrics": attempt(first_article_metrics),
    "rules_error": attempt(rules_error),
}))
"""

def _files(folder: Path) -> set[str]:
    """Paths of the files under folder, relative to it, in wheel (posix) form."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _run(what: str, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, f"{what} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(source copy, wheel) built offline from a clean copy of the checkout."""
    tmp = tmp_path_factory.mktemp("packaging")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=SKIP)
    _run("building the wheel", [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(tmp / "dist"), str(src)], cwd=tmp)
    (wheel,) = (tmp / "dist").glob("bordermetrics-*.whl")
    return src, wheel


@pytest.fixture(scope="module")
def installed(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """(target folder, what the probe saw) after installing the wheel alone and running the probe outside the repo."""
    tmp = tmp_path_factory.mktemp("installed")
    site = tmp / "site"
    _run("installing the wheel", [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site),
          str(built[1])], cwd=tmp)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BORDERMETRICS_", "PYTHON"))}
    env["PYTHONPATH"] = os.pathsep.join([str(site), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    work = tmp / "elsewhere"
    work.mkdir()
    proc = _run("the probe", [sys.executable, "-S", "-c", PROBE], cwd=work, env=env)
    return site.resolve(), json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize(("folder", "inside"), [
    ("data/sample", "extract/data/sample"),
    ("data/reference", "extract/data/reference"),
    ("extract/rules", "extract/rules"),
    ("extract", "extract"),
    ("dashboard", "dashboard"),
])
def test_the_wheel_holds_every_file_of(built: tuple[Path, Path], folder: str, inside: str) -> None:
    src, wheel = built
    expected = {f"{inside}/{name}" for name in _files(src / folder)}
    assert expected, f"nothing under {folder}: the test would check nothing"
    missing = expected - set(zipfile.ZipFile(wheel).namelist())
    assert not missing, f"{wheel.name} lacks {sorted(missing)}"


@pytest.mark.slow
@pytest.mark.parametrize(("key", "under"), [
    ("package", "extract/__init__.py"),
    ("sample", "extract/data/sample/border_news.jsonl"),
    ("reference", "extract/data/reference"),
    ("rules", "extract/rules"),
])
def test_the_installed_package_reads_its_own_files(installed: tuple[Path, dict], key: str, under: str) -> None:
    site, seen = installed
    assert Path(seen[key]) == site / under


@pytest.mark.slow
@pytest.mark.parametrize(("key", "least"), [("months", 24), ("fiscal_years", 3), ("metrics", 1)])
def test_the_installed_package_loads_data_and_extracts(installed: tuple[Path, dict], key: str, least: int) -> None:
    value = installed[1][key]
    assert isinstance(value, int) and value >= least, value


@pytest.mark.slow
def test_the_installed_package_checks_its_rules_and_keeps_the_database_out_of_site_packages(
        installed: tuple[Path, dict]) -> None:
    site, seen = installed
    assert seen["rules_error"] is None
    assert not Path(seen["database"]).is_relative_to(site), seen["database"]
