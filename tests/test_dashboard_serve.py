"""`bordermetrics serve` as a user runs it: a real process that loads the sample and answers on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from extract.store import Store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.mark.parametrize(("extra", "metrics_loaded"), [
    ([], True),  # a missing database is created and filled with the bundled sample
    (["--no-sample"], False),  # the page still answers and says there is no database
])
def test_serve_answers_on_localhost(tmp_path: Path, extra: list[str], metrics_loaded: bool) -> None:
    db = tmp_path / "data" / "bordermetrics.db"
    port = _free_port()
    cmd = [sys.executable, "-m", "extract", "serve", "--db", str(db), "--port", str(port), *extra]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/", proc, log)
        assert b"bordermetrics" in page
        layout = _wait_for(f"http://127.0.0.1:{port}/_dash-layout", proc, log)
        assert (b"No database at" in layout) is not metrics_loaded
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert ("Debug mode: off" in log.read_text()) and f"127.0.0.1:{port}" in log.read_text()
    assert db.exists() is metrics_loaded
    if metrics_loaded:
        with Store(db, readonly=True) as store:
            assert store.counts()["articles"] > 100
