"""Ingest from files and folders: every supported shape, every kind of bad input, re-runs and re-extraction."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract import EXTRACTOR_VERSION
from extract.cli import main
from extract.ingest import dateline_date, html_to_text, ingest, normalise_url, parse_csv_map, reextract
from extract.models import Article, Metric
from extract.reader import article_id_for
from extract.store import Store

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
BODY = ("Border Patrol agents recorded 128,900 encounters in February, down from 176,200 in January, "
        "the agency said on Tuesday. The drop was sharpest in the El Paso sector.")
PAGE = f"""<!doctype html><html><head><title>Crossings fall | Border Daily</title>
<meta property="og:site_name" content="Border Daily"><link rel="canonical" href="https://daily.test/crossings">
<meta name="date" content="2024-03-05"></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Crossings fall</h1><p>{BODY}</p><p>Officials expect the figures to rise again in spring.</p></article>
<footer>Copyright Border Daily</footer></body></html>"""
RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Border Wire</title>
<item><title>Item one</title><link>https://wire.test/1</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
<item><title>Item two</title><link>https://wire.test/2</link><pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
<description>About 2,000 migrants crossed near Eagle Pass.</description></item></channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Atom one</title><link href="https://atom.test/1"/><updated>2024-04-01T08:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>"""
NEWSAPI = {"status": "ok", "articles": [{"source": {"id": None, "name": "Wire Service"}, "title": "API story",
                                         "url": "https://api.test/1", "publishedAt": "2024-01-02T10:00:00Z",
                                         "description": "Short.", "content": BODY + "… [+1234 chars]"}]}
GUARDIAN = {"response": {"results": [{"webTitle": "G story", "webUrl": "https://g.test/1",
                                      "webPublicationDate": "2024-02-03T00:00:00Z", "fields": {"bodyText": BODY}}]}}
OURS = {"id": "x-1", "title": "Ours", "publisher": "Pub", "published": "2024-05-06", "url": "https://o.test/1",
        "text": BODY}


# (file name, content, expected fields of the first article, number of articles)
GOOD = [
    ("dated.txt", f"Crossings fall\nEL PASO, Texas, March 5, 2024 — {BODY}",
     {"title": "Crossings fall", "published": D(2024, 3, 5), "url": ""}, 1),
    ("undated.txt", f"Crossings fall\n\n{BODY}", {"title": "Crossings fall", "published": D(2020, 1, 1)}, 1),
    ("story.md", f"# Crossings *fall*\n\nPublished 2024-02-01\n\n{BODY}",
     {"title": "Crossings *fall*", "published": D(2024, 2, 1)}, 1),
    ("page.html", PAGE, {"title": "Crossings fall", "publisher": "Border Daily", "published": D(2024, 3, 5),
                         "url": "https://daily.test/crossings"}, 1),
    ("home_canonical.html", PAGE.replace("https://daily.test/crossings", "https://daily.test/"),
     {"url": ""}, 1),  # a canonical URL pointing at the home page is not an article's identity
    ("newsapi.json", json.dumps(NEWSAPI), {"title": "API story", "publisher": "Wire Service", "text": BODY,
                                           "published": D(2024, 1, 2), "url": "https://api.test/1"}, 1),
    ("guardian.json", json.dumps(GUARDIAN), {"title": "G story", "published": D(2024, 2, 3), "text": BODY}, 1),
    ("wordpress.json", json.dumps([{"id": 42, "date": "2024-06-01T09:00:00", "link": "https://wp.test/?p=42",
                                    "title": {"rendered": "WP story"}, "content": {"rendered": f"<p>{BODY}</p>"}}]),
     {"title": "WP story", "text": BODY, "published": D(2024, 6, 1), "url": "https://wp.test/?p=42"}, 1),
    ("list.json", json.dumps([OURS, {**OURS, "id": "x-2", "url": "https://o.test/2"}]),
     {"id": article_id_for(BODY, "https://o.test/1")}, 2),  # a record's own id is not its identity
    ("one.json", json.dumps(OURS), {"id": article_id_for(BODY, "https://o.test/1"), "publisher": "Pub", "published": D(2024, 5, 6)}, 1),
    ("lines.jsonl", json.dumps(OURS) + "\n\n" + json.dumps({**OURS, "id": "x-2", "url": ""}) + "\n",
     {"id": article_id_for(BODY), "url": ""}, 2),
    ("plain.csv", f'title,body,date,link\nCSV story,"{BODY}",2024-05-01,https://c.test/1\n',
     {"title": "CSV story", "text": BODY, "published": D(2024, 5, 1), "url": "https://c.test/1"}, 1),
    ("feed.xml", RSS, {"title": "Item one", "publisher": "Border Wire", "published": D(2024, 3, 5),
                       "url": "https://wire.test/1", "text": BODY}, 2),
    ("desk.atom", ATOM, {"title": "Atom one", "publisher": "Atom Desk", "published": D(2024, 4, 1)}, 1),
    ("no_suffix_feed", RSS, {"title": "Item one"}, 2),  # a named file of unknown type is sniffed
]


def _stored(db: Path) -> list[Article]:
    with Store(db, readonly=True) as s:
        return sorted(s.articles(), key=lambda a: (a.url, a.title))


@pytest.mark.parametrize(("name", "content", "fields", "n"), GOOD, ids=[g[0] for g in GOOD])
def test_good_inputs(tmp_path: Path, name: str, content: str, fields: dict, n: int) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with Store(tmp_path / "db.sqlite") as store:
        summary = ingest([str(path)], store, published=D(2020, 1, 1))
    assert (summary.rejected, summary.new, summary.files_read) == ([], n, 1)
    first = _stored(tmp_path / "db.sqlite")[0]
    assert {k: getattr(first, k) for k in fields} == fields


@pytest.mark.parametrize(("spec", "content", "title"), [
    ("headline=title,body=text,date=published", f'headline,body,date\nMapped,"{BODY}",2024-05-01\n', "Mapped"),
    ("Story=text", f'Heading,Story\nH1,"{BODY}"\n', "H1"),  # the mapped column plus default names for the rest
    ("headline=title", f'headline,text\nOnly title mapped,"{BODY}"\n', "Only title mapped"),
])
def test_csv_map(tmp_path: Path, spec: str, content: str, title: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content)
    with Store(tmp_path / "db.sqlite") as store:
        summary = ingest([str(path)], store, csv_map=parse_csv_map(spec))
    assert summary.new == 1 and _stored(tmp_path / "db.sqlite")[0].title == title


# (second file's record, articles stored after both files): the first file holds {"id": "7", "text": BODY}
JSON_IDS = [
    ({"id": "7", "title": "Y", "text": BODY + " Other."}, 2),  # same id, other text: both kept
    ({"id": "7", "title": "X", "text": BODY}, 1),  # same id, same text: the same article
    ({"id": "8", "title": "X", "text": BODY}, 1),  # other id, same text: still the same article
    ({"id": "7", "title": "X", "text": BODY, "url": "https://o.test/7"}, 2),  # a URL is its own identity
]


@pytest.mark.parametrize(("second", "articles"), JSON_IDS)
@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_ids_do_not_merge_articles(tmp_path: Path, suffix: str, second: dict, articles: int) -> None:
    for name, record in (("o1", {"id": "7", "title": "X", "text": BODY}), ("o2", second)):
        (tmp_path / f"{name}{suffix}").write_text(json.dumps([record] if suffix == ".json" else record))
    with Store(tmp_path / "db.sqlite") as store:
        ingest([str(tmp_path / ("o1" + suffix))], store)
        summary = ingest([str(tmp_path / ("o2" + suffix))], store)
        assert store.counts()["articles"] == articles and summary.updated == 0
    assert "X" in {a.title for a in _stored(tmp_path / "db.sqlite")}


@pytest.mark.parametrize(("spec", "ids"), [
    ("", 2),  # row numbers in an "id" column are not identities: two files, two articles
    ("id=id", 1),  # unless the user says so
])
def test_csv_ids_only_when_mapped(tmp_path: Path, spec: str, ids: int) -> None:
    for name, text in (("one.csv", BODY), ("two.csv", BODY + " Other.")):
        (tmp_path / name).write_text(f'id,title,text\n1,T,"{text}"\n')
    with Store(tmp_path / "db.sqlite") as store:
        ingest([str(tmp_path / "one.csv"), str(tmp_path / "two.csv")], store, csv_map=spec)
        assert store.counts()["articles"] == ids


@pytest.mark.parametrize("spec", ["headline", "headline=nothing", "=text"])
def test_bad_csv_map_is_a_setup_error(tmp_path: Path, spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--csv-map", spec]) == 2
    assert "--csv-map" in capsys.readouterr().err


# (file name, content bytes, reason, articles still read from the same file)
BAD = [
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary data", 0),
    ("empty.txt", b"", "file is empty", 0),
    ("blank.md", b"  \n\n  \n", "file is empty", 0),
    ("latin1.txt", "Caf\u00e9 story\n120 migrants".encode("latin-1"), "not valid UTF-8", 0),
    ("latin1.jsonl", json.dumps(OURS, ensure_ascii=False).replace("Ours", "Caf\u00e9").encode("latin-1"),
     "not valid UTF-8", 0),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
     "no article text", 0),
    ("notfeed.xml", b"<?xml version='1.0'?><note><to>Tove</to><body>Hi</body></note>", "not an RSS or Atom feed", 0),
    ("text.rss", b"This is plain text with a .rss name.", "not an RSS or Atom feed", 0),
    ("shape.json", b'{"foo": 1, "bar": [1, 2]}', "unexpected shape", 0),
    ("numbers.json", b"[1, 2, 3]", "unexpected shape", 0),
    ("broken.json", b'{"articles": [', "not valid JSON", 0),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply", 0),
    ("notext.json", b'[{"title": "No body here", "url": "https://n.test"}]', "no article text", 0),
    ("baddate.json", json.dumps({**OURS, "published": "yesterday-ish"}).encode(), "bad publication date", 0),
    ("mixed.jsonl", (json.dumps(OURS) + "\n{not json\n").encode(), "not valid JSON", 1),
    ("nocol.csv", b"a,b\n1,2\n", "no text column", 0),
    ("empty.csv", b"", "file is empty", 0),
    ("binary.jsonl", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8, "binary data", 0),
    ("huge.txt", b"Huge\n" + b"x " * 3_000_000, "over the 5,000,000 limit", 0),  # refused like `extract` does, not cut
    ("huge.json", json.dumps([{**OURS, "text": "x " * 2_600_000}]).encode(), "over the 5,000,000 limit", 0),
    ("huge.html", f"<html><body><article><p>{'word ' * 1_100_000}</p></article></body></html>".encode(),
     "over the 5,000,000 limit", 0),
    ("hugefeed.xml", RSS.replace("About 2,000", "x " * 2_600_000).encode(), "over the 5,000,000 limit", 1),
    # the bad byte comes after the first decoded chunk: the article before it is kept
    ("late_latin1.jsonl", (json.dumps(OURS) + "\n" * 20000 + '{"text": "Caf\u00e9"}\n').encode("latin-1"),
     "not valid UTF-8", 1),
]


@pytest.mark.parametrize(("name", "content", "reason", "read"), BAD, ids=[b[0] for b in BAD])
def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path: Path, name: str, content: bytes, reason: str,
                                                     read: int) -> None:
    good = tmp_path / "good.txt"
    good.write_text(f"Good story\n{BODY}")
    bad = tmp_path / name
    bad.write_bytes(content)
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        store.upsert(Article("kept", "Kept", "P", D(2024, 1, 1), "https://k.test", BODY),
                     [Metric("kept", "encounters", 5, "people")], EXTRACTOR_VERSION)
        summary = ingest([str(bad), str(good), str(tmp_path / "missing.txt")], store)
        assert store.counts() == {"articles": 2 + read, "metrics": 1 + summary.metrics}
    assert summary.new == 1 + read
    reasons = [p.reason for p in summary.rejected if p.source.startswith(str(bad))]
    assert len(reasons) == 1 and reason in reasons[0], summary.rejected
    assert [p.reason for p in summary.rejected if "missing" in p.source] == ["no such file, folder or URL"]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("named", ["in a folder", "directly"])
def test_a_pipe_is_refused_not_waited_on(tmp_path: Path, named: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(f"Good story\n{BODY}")
    os.mkfifo(tmp_path / "in" / "fifo.txt")
    inputs = [str(tmp_path / "in")] if named == "in a folder" else [str(tmp_path / "in" / "fifo.txt")]
    with Store(tmp_path / "db.sqlite") as store:
        summary = ingest(inputs, store)
    assert [p.reason for p in summary.rejected] == ["not a regular file (a pipe, socket or device); skipped"]
    assert summary.new == (1 if named == "in a folder" else 0)


@pytest.mark.parametrize(("extra", "new", "reason"), [
    (0, 1, []),
    (5_000, 0, ["input too large (more than 0.00476837 MB; stopped reading)"]),  # refused like a file, not cut
])
def test_stdin_has_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: int, new: int,
                                reason: list[str]) -> None:
    data = f"Piped story\n{BODY}\n{'x ' * extra}".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with Store(tmp_path / "db.sqlite") as store:
        summary = ingest(["-"], store, max_bytes=5_000)
    assert summary.new == new and [p.reason for p in summary.rejected] == reason


def _folder(root: Path) -> Path:
    (root / "in" / "sub").mkdir(parents=True)
    (root / "in" / "a.txt").write_text(f"Story A\n{BODY}")
    (root / "in" / "sub" / "b.md").write_text(f"# Story B\n{BODY} More.")
    (root / "in" / "sub" / "page.html").write_text(PAGE)
    (root / "in" / "feed.xml").write_text(RSS)
    (root / "in" / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # other file types in folders are skipped
    (root / "in" / ".hidden.txt").write_text("Hidden\nnot read")
    return root / "in"


def test_folder_twice_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, db = _folder(tmp_path), str(tmp_path / "db.sqlite")
    assert main(["ingest", str(folder), "--db", db, "--quiet"]) == 0
    assert "5 new, 0 updated, 0 unchanged" in capsys.readouterr().err
    with Store(db) as store:
        first = (store.counts(), store.fingerprint())
    assert main(["ingest", str(folder), str(folder / "a.txt"), "--db", db, "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "0 new, 0 updated, 6 unchanged" in err and "1 files in folders skipped" in err
    with Store(db) as store:
        assert (store.counts(), store.fingerprint()) == first


@pytest.mark.parametrize(("name", "before", "after", "status"), [
    ("page.html", PAGE, PAGE.replace("rise again in spring", "fall further in summer"), "updated"),
    ("feed.xml", RSS, RSS.replace("About 2,000", "About 3,000"), "updated"),  # same entry link, new text
    ("story.txt", f"Story\n{BODY}", f"Story\n{BODY} Edited.", "new"),  # no URL: the text hash is the identity
])
def test_changed_input(tmp_path: Path, name: str, before: str, after: str, status: str) -> None:
    path, db = tmp_path / name, tmp_path / "db.sqlite"
    path.write_text(before)
    with Store(db) as store:
        first = ingest([str(path)], store)
        path.write_text(after)
        second = ingest([str(path)], store)
        assert getattr(second, status) == 1
        assert store.counts()["articles"] == first.new + (status == "new")
    texts = " ".join(a.text for a in _stored(db))
    assert ("fall further" in texts or "3,000" in texts or "Edited" in texts)


def test_exit_code_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    (folder / "empty.txt").write_text("")
    assert main(["ingest", str(folder), "--db", str(tmp_path / "db.sqlite"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "5 new" in err and "1 rejected" in err and f"rejected {folder / 'empty.txt'}: file is empty" in err


def test_reextract_replaces_stale_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        for i in range(5):
            store.upsert(Article(f"s{i}", f"T{i}", "P", D(2024, 1, 1), f"https://s.test/{i}", BODY),
                         [Metric(f"s{i}", "funding", 999, "usd")], "old")
        store.upsert(Article("cur", "T", "P", None, "https://s.test/c", BODY), [], EXTRACTOR_VERSION)
        assert store.count_stale(EXTRACTOR_VERSION) == 5
        summary = reextract(store, batch_size=2)
        assert (summary.updated, summary.rejected, store.count_stale(EXTRACTOR_VERSION)) == (5, [], 0)
        frame = store.query()
        assert 999 not in set(frame["value"]) and set(frame["extractor_version"]) <= {EXTRACTOR_VERSION}
        assert store.counts()["articles"] == 6
    assert main(["reextract", "--db", str(db), "--quiet"]) == 0
    assert "0 articles re-extracted" in capsys.readouterr().err
    assert main(["reextract", "--db", str(db), "--all", "--quiet"]) == 0
    assert "6 articles re-extracted" in capsys.readouterr().err
    assert main(["reextract", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no such database file" in capsys.readouterr().err and not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("Title\nEL PASO, Texas, March 5, 2024 — Agents said", D(2024, 3, 5)),
    ("Title\nWASHINGTON (Feb. 8, 2024) — The committee", D(2024, 2, 8)),
    ("Title\nSept. 21, 2023\nBody", D(2023, 9, 21)),
    ("Title\nPublished 2023-12-01T10:00:00Z\nBody", D(2023, 12, 1)),
    ("Title\n21 September 2023 - Body", D(2023, 9, 21)),
    ("March 5, 2024 is in the title only\nBody text", None),
    ("Title\nBy Ana Ruiz\n\nUpdated: Sept. 21, 2023 at 5:10 p.m.\nBody", D(2023, 9, 21)),
    ("Title\n" + "x " * 40 + "March 5, 2024", None),  # too far along the line to be a dateline
    ("Title\nOne\nTwo\nThree\nMarch 5, 2024", None),  # too far down
    ("Title\nFebruary 30, 2024 is not a date", None),
])
def test_dateline(text: str, expected: dt.date | None) -> None:
    assert dateline_date(text) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://News.Test/a/b?id=3&utm_source=rss&utm_medium=feed#comments", "https://news.test/a/b?id=3"),
    ("HTTPS://news.test?fbclid=x", "https://news.test/"),
    ("https://news.test/story?page=2&gclid=abc&ref=home", "https://news.test/story?page=2&ref=home"),
    ("https://news.test/Story/Case", "https://news.test/Story/Case"),  # paths are case-sensitive
    ("seed:000_x.txt", "seed:000_x.txt"),  # not a web URL: kept as it is
])
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_tracking_parameters_do_not_make_a_new_article(tmp_path: Path) -> None:
    feeds = [RSS, RSS.replace("https://wire.test/1<", "https://wire.test/1?utm_source=rss&amp;utm_medium=x<")]
    with Store(tmp_path / "db.sqlite") as store:
        for n, feed in enumerate(feeds):
            (tmp_path / f"f{n}.xml").write_text(feed)
        summary = ingest([str(tmp_path / "f0.xml"), str(tmp_path / "f1.xml")], store)
        assert (summary.new, summary.unchanged, store.counts()["articles"]) == (2, 2, 2)


@pytest.mark.parametrize(("fragment", "text"), [
    ("<p>About 2,000 migrants crossed.</p><p>Agents said so.</p>", "About 2,000 migrants crossed.\nAgents said so."),
    ("Line one<br>line <b>two</b> &amp; more", "Line one\nline two & more"),
    ("<div>Kept<script>var x = 1;</script><style>p {}</style></div>", "Kept"),
    ("No markup at all", "No markup at all"),
    ("<p>Unclosed <i>tags", "Unclosed tags"),
])
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(("stdin", "code", "expected"), [
    (json.dumps(OURS) + "\n" + json.dumps({**OURS, "id": "x-2", "url": ""}) + "\n", 0, "2 new"),  # JSON Lines
    (RSS, 0, "2 new"),
    (f"Piped story\nMarch 5, 2024\n{BODY}", 0, "1 new"),
    ("", 1, "rejected <stdin>: no input"),
])
def test_stdin(tmp_path: Path, stdin: str, code: int, expected: str) -> None:
    run = subprocess.run([sys.executable, "-m", "extract", "ingest", "-", "--db", str(tmp_path / "x.db"), "--quiet"],
                         input=stdin, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert (run.returncode, expected in run.stderr) == (code, True), run.stderr


@pytest.mark.parametrize(("tty", "quiet", "bar"), [(True, False, True), (True, True, False), (False, False, False)])
def test_progress_bar_only_on_a_terminal(tmp_path: Path, tty: bool, quiet: bool, bar: bool) -> None:
    import fcntl
    import os
    import pty
    import struct
    import termios

    folder = _folder(tmp_path)
    cmd = [sys.executable, "-m", "extract", "ingest", str(folder), "--db", str(tmp_path / "x.db")] + ["--quiet"] * quiet
    if tty:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty is 0 wide
        run = subprocess.run(cmd, stderr=follower, stdout=subprocess.DEVNULL, timeout=60, cwd=ROOT)
        os.close(follower)
        err = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            err += chunk
        os.close(leader)
        text = err.decode(errors="replace")
    else:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=ROOT)
        text = run.stderr
    assert run.returncode == 0 and "5 new" in text
    assert ("input/s" in text) == bar, text
