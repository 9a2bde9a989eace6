"""Ingest from http(s) URLs, served by a local http.server on 127.0.0.1 in a thread (never the internet)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extract.ingest import USER_AGENT, ingest
from extract.models import Article, Metric
from extract.store import Store
from tests.test_ingest import BODY, PAGE, RSS

SLOW_SECONDS = 3.0
SHORT_TIMEOUT = 0.5  # only for /slow: the route must time out
OK_TIMEOUT = 20.0  # routes that answer: generous, so a stalled CI machine does not fail them


class Handler(BaseHTTPRequestHandler):
    """Routes: a page, a feed, and every way a server can let us down."""

    agents: list[str] = []

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, ctype: str, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        Handler.agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        try:
            if path == "/page":
                self._send(200, "text/html; charset=utf-8", PAGE.encode())
            elif path == "/own-canonical":  # a canonical URL on the page's own host is kept
                self._send(200, "text/html", PAGE.replace("https://daily.test", f"http://{self.headers['Host']}")
                           .encode())
            elif path.startswith("/redirect-to/"):
                self.send_response(302)
                self.send_header("Location", path.removeprefix("/redirect-to/"))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/feed":
                self._send(200, "application/rss+xml", RSS.encode())
            elif path == "/feed-as-octets":  # a feed with an unhelpful type is sniffed
                self._send(200, "application/octet-stream", RSS.encode())
            elif path == "/latin1-text":  # not UTF-8, but the header says so
                self._send(200, "text/plain; charset=ISO-8859-1", f"Caf\u00e9 closes\n{BODY}".encode("latin-1"))
            elif path == "/latin1-unlabelled":
                self._send(200, "text/plain", f"Caf\u00e9 closes\n{BODY}".encode("latin-1"))
            elif path == "/missing":
                self._send(404, "text/html", b"<h1>Not found</h1>")
            elif path == "/broken":
                self._send(500, "text/plain", b"oops")
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self._send(200, "text/html", PAGE.encode())
            elif path == "/claims-10gb":
                self._send(200, "text/html", b"<html>", length=10 * 1024**3)
            elif path == "/endless":  # no Content-Length, bytes forever: only the size cap stops it
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"border " * 9000 + b"</p>\n"
                while True:
                    self.wfile.write(chunk)
            elif path == "/not-a-feed":
                self._send(200, "application/rss+xml", b"<html><body>Moved</body></html>")
            elif path == "/menu":
                self._send(200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
            elif path == "/binary":
                self._send(200, "text/html", b"\x00\x01\x02PK\x03\x04" * 100)
            elif path == "/empty":
                self._send(200, "text/html", b"")
            else:
                self._send(404, "text/plain", b"no route")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should for /endless


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL of a local server that lives for this module's tests."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def _seeded(tmp_path: Path) -> Store:
    store = Store(tmp_path / "db.sqlite")
    store.upsert(Article("kept", "Kept", "P", None, "https://k.test", "Kept text with 12 trucks."),
                 [Metric("kept", "freight", 12, "trucks")], "seed")
    return store


@pytest.mark.parametrize(("route", "articles", "fields"), [
    # the page names https://daily.test/crossings as its canonical URL: another host, so ignored
    ("/page", 1, {"title": "Crossings fall", "publisher": "Border Daily", "url": "{server}/page"}),
    ("/own-canonical", 1, {"title": "Crossings fall", "url": "{server}/crossings"}),
    ("/redirect-to//page", 1, {"url": "{server}/page"}),
    ("/feed", 2, {"publisher": "Border Wire"}),
    ("/feed-as-octets", 2, {"publisher": "Border Wire"}),
    ("/latin1-text", 1, {"title": "Caf\u00e9 closes"}),
])
def test_good_urls(server: str, tmp_path: Path, route: str, articles: int, fields: dict) -> None:
    with _seeded(tmp_path) as store:
        summary = ingest([server + route], store, timeout=OK_TIMEOUT)
        assert (summary.rejected, summary.new) == ([], articles)
        again = ingest([server + route], store, timeout=OK_TIMEOUT)
        assert (again.new, again.unchanged) == (0, articles)
        stored = [a for a in store.articles() if a.id != "kept"]
    assert {k: getattr(stored[0], k) for k in fields} == {k: v.format(server=server) for k, v in fields.items()}
    assert Handler.agents[-1] == USER_AGENT


@pytest.mark.parametrize(("route", "reason"), [
    ("/missing", "HTTP 404"),
    ("/broken", "HTTP 500"),
    ("/slow", f"timed out after {SHORT_TIMEOUT:g} s"),
    ("/claims-10gb", "response too large (10,737,418,240 bytes announced"),
    ("/endless", "response too large (more than 20 MB; stopped reading)"),
    ("/not-a-feed", "not an RSS or Atom feed"),
    ("/menu", "no article text"),
    ("/binary", "binary data"),
    ("/empty", "empty response"),
    ("/latin1-unlabelled", "not valid UTF-8"),
    ("/redirect-to/ftp://127.0.0.1:9/story.html", "redirected to a ftp: URL"),
    ("/redirect-to/file:///etc/hostname", "redirected to a file: URL"),
])
def test_bad_urls_are_reported_and_the_run_goes_on(server: str, tmp_path: Path, route: str, reason: str) -> None:
    good = tmp_path / "good.txt"  # a local file, so only the route under test depends on the timeout
    good.write_text(f"Good story\n{BODY}")
    with _seeded(tmp_path) as store:
        before = store.counts()
        summary = ingest([server + route, str(good)], store,
                         timeout=SHORT_TIMEOUT if route == "/slow" else OK_TIMEOUT)
        assert store.counts()["articles"] == before["articles"] + 1
        assert store.counts()["metrics"] == before["metrics"] + summary.metrics
    assert [(p.source, reason in p.reason) for p in summary.rejected] == [(server + route, True)], summary.rejected


def test_unreachable_host(tmp_path: Path) -> None:
    with _seeded(tmp_path) as store:
        summary = ingest(["http://127.0.0.1:9/nothing-listens-here"], store, timeout=OK_TIMEOUT)
        assert store.counts()["articles"] == 1
    assert "cannot reach the server" in summary.rejected[0].reason
