"""Kill or Ctrl-C an ingest mid-run: the database stays sound, a rerun completes it, the result equals a clean run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.ingest import ingest
from extract.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
FILES = 2000


def _write_articles(folder: Path) -> None:
    folder.mkdir()
    for i in range(FILES):
        (folder / f"{i:05d}.txt").write_text(
            f"Story {i} from the border\nEL PASO, Texas, March {i % 28 + 1}, 2024 — Border Patrol agents recorded "
            f"{1000 + i:,} encounters in February, the agency said. About {i % 90 + 10} trucks waited up to "
            f"{i % 9 + 1} hours at the Ysleta bridge.\n")


def _articles(db: Path) -> int:
    try:
        with Store(db, readonly=True) as store:
            return store.counts()["articles"]
    except StoreError:  # not created yet, or the schema is not committed yet
        return 0


def _ingest_cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "extract", "ingest", str(folder), "--db", str(db), "--quiet"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[str]]:
    """The article folder and what an uninterrupted run stores from it (counts, article ids)."""
    root = tmp_path_factory.mktemp("kill")
    folder = root / "articles"
    _write_articles(folder)
    with Store(root / "clean.db") as clean:
        summary = ingest([str(folder)], clean)
        assert summary.rejected == [] and summary.new == FILES, summary.rejected[:3]
        return folder, clean.counts(), sorted(a.id for a in clean.articles())


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize(("sig", "returncode", "message"), [
    (signal.SIGKILL, -signal.SIGKILL, ""),  # a crash: nothing runs after it
    (signal.SIGINT, 130, "interrupted: the counts above are committed"),  # Ctrl-C: the batch rolls back
])
def test_interrupted_mid_run_then_rerun(tmp_path: Path, corpus: tuple[Path, dict, list[str]], sig: signal.Signals,
                                        returncode: int, message: str) -> None:
    folder, clean_counts, clean_ids = corpus
    killed_db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(_ingest_cmd(folder, killed_db), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _articles(killed_db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == returncode, f"the run ended before the signal (make FILES larger?): {err!r}"
    assert message.encode() in err
    at_kill = _articles(killed_db)
    assert 0 < at_kill < FILES

    with Store(killed_db) as store:
        assert store.integrity() == "ok"

    rerun = subprocess.run(_ingest_cmd(folder, killed_db), cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=90)
    assert rerun.returncode == 0, rerun.stderr
    counts = re.search(r"(\d+) new, (\d+) updated, (\d+) unchanged", rerun.stderr)
    assert counts is not None and int(counts[1]) + int(counts[3]) == FILES and int(counts[2]) == 0
    assert int(counts[3]) >= at_kill  # what was committed before the kill is not read again as new

    with Store(killed_db) as store:
        assert (store.counts(), sorted(a.id for a in store.articles())) == (clean_counts, clean_ids)
        assert store.integrity() == "ok"
    assert clean_counts["articles"] == FILES
