"""The pieces behind the pages: text cutting, serving, the click command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from storyledger.web import server
from storyledger.web.command import serve as serve_command
from storyledger.web.highlight import Mark, build_blocks, choose_inline
from storyledger.web.rendering import sentence_url, web_url

TEXT = "Ana Ruiz said 13 boats sank on Monday. Nobody denied it."


def _mark(part: str, kind: str) -> Mark:
    start = TEXT.index(part)
    return Mark(start, start + len(part), kind, part, "#")


def test_web_blocks_cover_the_text_exactly() -> None:
    sentences = [(0, 0, 38), (1, 39, len(TEXT))]
    inline = [_mark("Ana Ruiz", "entity"), _mark("13 boats", "quantity"), _mark("Monday", "time")]
    claims = [_mark("Ana Ruiz said 13 boats sank on Monday.", "claim")]
    blocks = build_blocks(TEXT, sentences, inline, claims, hit=(14, 22))
    assert "".join(p.text for b in blocks for p in b.pieces) == TEXT
    assert [b.idx for b in blocks] == [0, None, 1]
    pieces = blocks[0].pieces
    assert [p.mark.kind for p in pieces if p.mark] == ["entity", "quantity", "time"]
    assert all(p.claim is not None for p in pieces)
    assert [p.text for p in pieces if p.hit] == ["13 boats"]
    assert pieces[0].anchors == ["c0", "e0"]


def test_web_overlapping_marks_keep_the_longer() -> None:
    chosen = choose_inline([_mark("13", "quantity"), _mark("13 boats", "quantity")])
    assert [m.end - m.start for m in chosen] == [8]


def test_web_links_are_safe() -> None:
    assert sentence_url("abc", 3, 10, 20) == "/documents/abc?mark=10-20#s3"
    assert sentence_url("../x") == "/documents/..%2Fx"
    assert web_url("javascript:alert(1)") is None
    assert web_url(" JavaScript:alert(1)") is None
    assert web_url("https://example.org/a") == "https://example.org/a"


def test_web_serve_binds_localhost_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append(kw))
    server.serve(str(tmp_path / "case.db"))
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    assert "WARNING" not in capsys.readouterr().err


def test_web_serve_warns_loudly_on_every_interface(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: None)
    server.serve(str(tmp_path / "case.db"), host="0.0.0.0", port=8123)
    err = capsys.readouterr().err
    assert "WARNING" in err and "every network interface" in err


def test_web_serve_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(server, "serve", lambda *args, **kw: calls.append((*args, kw)))
    case = str(tmp_path / "c.db")
    result = CliRunner().invoke(serve_command, ["--case", case, "--port", "8081"])
    assert result.exit_code == 0, result.output
    assert calls[0][:3] == (case, "127.0.0.1", 8081)
    assert "Example:" in (serve_command.help or "")
