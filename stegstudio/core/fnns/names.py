"""File names that come out of a payload: made safe to write and safe to print.

A stored name is chosen by whoever made the stego image, so the recipient must not trust it: a
path ("../../.bashrc") would write outside the current folder, a leading dot would hide the file
or replace a dotfile, a NUL would crash the write, and control or bidirectional-format characters
("\\x1b[2J", U+202E) would rewrite the terminal or disguise the extension when the name is shown.
"""

from __future__ import annotations

import unicodedata

FALLBACK_NAME = "extracted.bin"
MAX_NAME_BYTES = 255  # the usual file-system limit on one name


def _visible(ch: str) -> bool:
    """Not a control, format, surrogate, private-use or unassigned character (categories C*)."""
    return not unicodedata.category(ch).startswith("C")


def _cap(name: str) -> str:
    """At most MAX_NAME_BYTES of UTF-8, cut from the stem so a short extension survives."""
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext.encode("utf-8")) > 16:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    return stem.encode("utf-8")[:room].decode("utf-8", errors="ignore") + suffix


def safe_name(stored: str | None) -> str:
    """A plain base name for a stored name: its last path part, without control or format
    characters, leading dots, or trailing dots and spaces, capped in length; `FALLBACK_NAME` when
    nothing is left."""
    last = (stored or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in last if _visible(ch)).lstrip(". ").rstrip(". ")
    return _cap(name) or FALLBACK_NAME


def shown(text: str) -> str:
    """`text` for a terminal: every non-printable character as its Python escape, so a name can
    never carry a terminal control sequence to the screen."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
