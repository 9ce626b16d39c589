"""Stored file names are untrusted: extraction reduces them to a safe base name, and the CLI
prints names escaped."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from stegstudio.core.fnns import engine, files, names, payload

if importlib.util.find_spec("stegstudio.cli.crossmodal_commands") is None:
    stub = types.ModuleType("stegstudio.cli.crossmodal_commands")
    stub.register = lambda sub: None
    sys.modules["stegstudio.cli.crossmodal_commands"] = stub

from stegstudio.cli import main

SEED = bytes(range(32))


@pytest.mark.parametrize(
    ("stored", "safe"),
    [
        ("report.pdf", "report.pdf"),
        ("résumé 2024.txt", "résumé 2024.txt"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\evil.exe", "evil.exe"),
        (".bashrc", "bashrc"),
        ("...", names.FALLBACK_NAME),
        ("", names.FALLBACK_NAME),
        (None, names.FALLBACK_NAME),
        ("dir/", names.FALLBACK_NAME),
        ("\x1b[2J\x1b]0;pwned\x07clear.txt", "[2J]0;pwnedclear.txt"),
        ("a\nb\rc\td.txt", "abcd.txt"),
        ("nul\x00byte.bin", "nulbyte.bin"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # a right-to-left override would show "exe.pdf"
        ("trailing. . ", "trailing"),
    ],
)
def test_safe_name(stored: str | None, safe: str) -> None:
    assert names.safe_name(stored) == safe
    assert names.safe_name(safe) == safe


def test_long_names_are_capped_keeping_the_extension() -> None:
    long = "é" * 300 + ".tar"
    got = names.safe_name(long)
    assert got.endswith(".tar") and len(got.encode("utf-8")) <= names.MAX_NAME_BYTES
    assert names.safe_name("x" * 70000) == "x" * names.MAX_NAME_BYTES


def test_shown_escapes_what_a_terminal_would_act_on() -> None:
    assert names.shown("résumé.txt") == "résumé.txt"
    assert names.shown("\x1b[2J\n\u202e") == "\\x1b[2J\\n\\u202e"


def test_extraction_sanitises_the_stored_name() -> None:
    """A crafted payload's name never reaches the caller raw (the GUI shows it, the CLI writes it)."""
    for stored in ("\x1b[2J.bashrc", "../../x\x00y", "\u202e" * 3):
        frame = payload.pack(payload.Message(b"data", stored), SEED)
        got = payload.unpack(frame, "pw", SEED)
        assert got.name == names.safe_name(stored) and got.data == b"data"


def test_cli_writes_a_crafted_name_safely_and_prints_it_escaped(tmp_path: Path, monkeypatch, capsys) -> None:
    """Even a raw name (as if sanitising were bypassed) is written under its safe name in the
    current folder, and nothing the terminal would act on is printed."""
    raw = payload.Message(b"\x00\x01", "../\x1b[2J.profile\n")
    monkeypatch.setattr(files, "extract_image", lambda *a, **k: engine.ExtractResult(raw, 1, "medium", 0, 0.1))
    monkeypatch.chdir(tmp_path)
    stego = tmp_path / "s.png"
    stego.write_bytes(b"")
    assert main(["extract", "--stego", str(stego), "--password", "pw", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert (tmp_path / "[2J.profile").read_bytes() == b"\x00\x01"
    assert not (tmp_path.parent / ".profile").exists()
    assert "\x1b" not in out + err and out.count("\n") == 1 and "[2J.profile" in out


def test_an_extracted_text_shown_on_a_terminal_carries_no_control_sequence(tmp_path, capsys, monkeypatch) -> None:
    import io
    import sys

    from PIL import Image

    from stegstudio.cli import main
    from stegstudio.core.samples import sample_path

    Image.open(sample_path("cover")).convert("RGB").resize((64, 64)).save(tmp_path / "cover.png")
    (tmp_path / "pw").write_text("pw\n")
    assert main(["embed", "--cover", str(tmp_path / "cover.png"), "--message", "hi\x1b[2J\nthere\x07",
                 "--out", str(tmp_path / "s.png"), "--password-file", str(tmp_path / "pw"), "--quiet"]) == 0
    capsys.readouterr()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["extract", "--stego", str(tmp_path / "s.png"), "--password-file", str(tmp_path / "pw"),
                 "--quiet"]) == 0
    assert screen.getvalue() == "hi\\x1b[2J\nthere\\x07\n"


def test_piped_extract_writes_the_exact_bytes(tmp_path) -> None:
    """Not a terminal: the hidden bytes as they were, even when they are not valid UTF-8."""
    import subprocess
    import sys

    from stegstudio.core.fnns import engine, payload
    from stegstudio.core.media.image import load_cover, save_png
    from stegstudio.core.samples import sample_path

    cover = load_cover(sample_path("cover"), 64)[0]
    stego, _ = engine.embed_array(cover, payload.Message(b"\xff\xfe not utf-8 \x1b"), "pw", bpp=1)
    save_png(tmp_path / "s.png", stego)
    (tmp_path / "pw").write_text("pw\n")
    done = subprocess.run([sys.executable, "-m", "stegstudio", "extract", "--stego", str(tmp_path / "s.png"),
                           "--password-file", str(tmp_path / "pw"), "--quiet"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"\xff\xfe not utf-8 \x1b\n"
