"""Bytes on disk -> text: each hostile file with the exact line a user sees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import ExtractionError
from pipeline.formats.reading import read_text

REFUSED = [
    # (id, bytes, the message a user sees after "<path>, ")
    ("empty", b"", "byte 0: empty file: nothing to extract"),
    ("only-whitespace", b" \r\n\t\n", None),  # "<path>: empty file: nothing to extract"
    ("nul-byte", b"Assessing needs\x00\x01binary", "byte 15: binary file (NUL byte), not text"),
    (
        "control-characters",
        b"PK\x03\x04\x14\x06" + b"abcdefgh" * 10,
        "byte 2: binary file: 4 of 86 bytes are control characters (this is the first)",
    ),
    (
        "high-bytes",
        bytes(range(0x80, 0x100)) * 4,
        "byte 0: binary file or unknown encoding: 512 of 512 bytes are not UTF-8 (this is the first)",
    ),
    (
        "cp1252-undefined-byte",
        b"Budget \xa31m \x81 spent" + b" text" * 20,
        "byte 11: neither UTF-8 nor Windows-1252 text (byte 0x81 is undefined in both)",
    ),
    ("utf16-odd-length", b"\xff\xfeA\x00B", None),
]


@pytest.mark.parametrize("data, message", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_a_message_naming_the_place(tmp_path: Path, data: bytes, message: str | None):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(ExtractionError) as caught:
        read_text(path)
    assert caught.value.name == str(path)
    if message is not None:
        assert str(caught.value) == f"{path}, {message}"
    else:
        assert str(caught.value).startswith(f"{path}")


def test_whitespace_only_says_empty(tmp_path: Path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \r\n\n")
    with pytest.raises(ExtractionError, match="empty file: nothing to extract"):
        read_text(path)


def test_missing_path(tmp_path: Path):
    path = tmp_path / "nope" / "report.txt"
    with pytest.raises(ExtractionError) as caught:
        read_text(path)
    assert str(caught.value) == f"{path}: file not found"


def test_directory(tmp_path: Path):
    with pytest.raises(ExtractionError) as caught:
        read_text(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a text file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable(tmp_path: Path):
    path = tmp_path / "locked.txt"
    path.write_text("Assessing needs")
    path.chmod(0)
    with pytest.raises(ExtractionError, match="cannot read file: Permission denied"):
        read_text(path)


ACCEPTED = [
    # (id, bytes, expected text, expected warning codes, expected warning span text or None)
    ("utf8", "Budget £1m – “quoted”\n".encode(), "Budget £1m – “quoted”\n", [], None),
    ("crlf-untouched", b"Line one\r\nLine two\r\n", "Line one\r\nLine two\r\n", [], None),
    ("lone-cr-untouched", b"Line one\rLine two\r", "Line one\rLine two\r", [], None),
    ("bom-removed", b"\xef\xbb\xbfAssessing needs", "Assessing needs", ["bom-removed"], None),
    (
        "cp1252-pound",
        "Spend was £327,758,000 – “more”".encode("cp1252"),
        "Spend was £327,758,000 – “more”",
        ["encoding-fallback"],
        "£",
    ),
    (
        "utf8-with-one-cp1252-byte",
        "Café ‘x’ ".encode() + b"\xa3100",
        "Café ‘x’ £100",
        ["encoding-fallback"],
        "£",
    ),
    ("bom-then-cp1252", b"\xef\xbb\xbfCost \x80 5", "Cost € 5", ["bom-removed", "encoding-fallback"], "€"),
    ("utf16-le-bom", "Score: 3\r\n£5".encode("utf-16"), "Score: 3\r\n£5", ["encoding-utf16"], None),
    ("form-feed-allowed", b"Page one\x0cPage two", "Page one\x0cPage two", [], None),
]


@pytest.mark.parametrize(
    "data, text, codes, span_text", [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED]
)
def test_accepted(tmp_path: Path, data: bytes, text: str, codes: list[str], span_text: str | None):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    got, warnings = read_text(path)
    assert got == text
    assert [w.code for w in warnings] == codes
    if span_text is not None:
        (span,) = warnings[-1].spans
        assert got[span.start : span.end] == span_text, f"warning span [{span.start}, {span.end})"


def test_cp1252_warning_message_names_the_first_byte(tmp_path: Path):
    path = tmp_path / "windows.txt"
    path.write_bytes("Budget: £1,060,812,000 and £304,158,000".encode("cp1252"))
    _, (warning,) = read_text(path)
    assert warning.message == (
        "not valid UTF-8: 2 byte(s), the first at byte 8 of the file (0xa3), decoded as "
        "Windows-1252 ('£'); offsets index the decoded text"
    )


def test_bom_then_cp1252_names_the_file_byte(tmp_path: Path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfCost \xa35")
    text, warnings = read_text(path)
    assert "byte 8 of the file" in warnings[1].message  # 3 BOM bytes + "Cost "
    assert text[warnings[1].spans[0].start] == "£"


def test_long_line(tmp_path: Path):
    line = ("People told us they felt safe. " * 40_000).encode()  # ~1.2 MB, no newline
    path = tmp_path / "long.txt"
    path.write_bytes(line)
    text, warnings = read_text(path)
    assert len(text) == len(line) and warnings == []
