"""Decode a text file's bytes as government files come: UTF-8 (BOM or not), UTF-16 (BOM), Windows-1252.

A UTF-8 file in which one line was typed or pasted in Windows-1252 (an accented name added in another
program) is decoded line by line: the UTF-8 lines as UTF-8, the others as Windows-1252, and the latter
are listed so that the reader can say so (decoding the whole file as Windows-1252 garbled every other
accented letter, « MinistÃ¨re », in silence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InputFileError
from .i18n import both


@dataclass
class Decoded:
    """A file's text, the encoding it was read in, and the lines (from 1) read in Windows-1252 instead."""

    text: str
    encoding: str
    cp1252_lines: list[int] = field(default_factory=list)


def decode_text(data: bytes, file: str) -> Decoded:
    """Decode file bytes as UTF-8 (with or without BOM), UTF-16 (with BOM), else Windows-1252.

    The lines of a UTF-8 file that are not UTF-8 are decoded as Windows-1252 and listed.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(_decode(data, "utf-16"), "utf-16", file)
    bom = data.startswith(b"\xef\xbb\xbf")
    payload = data[3:] if bom else data
    label = "utf-8-sig" if bom else "utf-8"
    text = _decode(payload, "utf-8")
    if text is not None:
        return _checked(text, label, file)
    mixed = _mixed(payload, utf8_said=bom)
    if mixed is not None:
        return _checked(mixed.text, label, file, mixed.cp1252_lines)
    return _checked(_decode(payload, "cp1252"), "cp1252", file)


def _decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _mixed(data: bytes, utf8_said: bool) -> Decoded | None:
    """Each line in UTF-8 if it is, else in Windows-1252; None when no line is UTF-8 beyond plain ASCII.

    A file whose only non-ASCII lines are not UTF-8 is a Windows-1252 file, read as one (None), unless
    ``utf8_said`` (its BOM says UTF-8: those lines are the exceptions).
    """
    parts: list[str] = []
    bad: list[int] = []
    utf8_accented = False
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        text = _decode(line, "utf-8")
        if text is None:
            text = _decode(line, "cp1252")
            if text is None:  # a byte cp1252 does not define (0x81…): not a text file we read
                return None
            bad.append(number)
        elif not line.isascii():
            utf8_accented = True
        parts.append(text)
    return Decoded("".join(parts), "utf-8", bad) if utf8_accented or utf8_said else None


def _checked(text: str | None, label: str, file: str, cp1252_lines: list[int] | None = None) -> Decoded:
    """The decoded text; an :class:`InputFileError` naming the file when it could not be decoded.

    NUL characters mean a binary file or an encoding not read (UTF-16 without BOM).
    """
    if text is None or "\x00" in text:
        raise InputFileError(both("error.unreadable_encoding", file=file), file=file)
    return Decoded(text, label, cp1252_lines or [])
