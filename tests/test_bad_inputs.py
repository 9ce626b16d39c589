"""Every command meets bad input the same way: exit code 2, a message that says what is wrong and how
to fix it, no traceback, no new file anywhere, and every input byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from stegstudio.cli import main
from stegstudio.core.fnns import engine, payload
from stegstudio.core.media.image import save_png
from stegstudio.core.samples import sample_path

DATA = Path(__file__).parent / "data"
PASSWORD = "bad-input password"


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims another size (a decompression bomb's first bytes)."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, format="PNG")
    raw = bytearray(buf.getvalue())
    raw[16:24] = struct.pack(">II", width, height)
    raw[29:33] = struct.pack(">I", zlib.crc32(bytes(raw[12:29])))
    return bytes(raw)


def _edited_key(path: Path, edit) -> None:
    key = json.loads((DATA / "golden_key.json").read_text())
    edit(key)
    path.write_text(json.dumps(key))


def _set(path: tuple[str, ...], value):
    def edit(key: dict) -> None:
        node = key
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return edit


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """One folder of good and bad inputs, made once; each test works on its own copy."""
    d = tmp_path_factory.mktemp("inputs")
    cover = np.asarray(Image.open(sample_path("cover")).convert("RGB").resize((64, 64)))
    save_png(d / "cover.png", cover)
    stego, _ = engine.embed_array(cover, payload.Message(b"secret bytes"), PASSWORD, bpp=1)
    save_png(d / "stego.png", stego)
    Image.fromarray(stego).save(d / "stego.jpg", quality=90)
    (d / "bomb.png").write_bytes(_png_claiming(60000, 60000))
    (d / "notes.txt").write_text("not an image")
    (d / "empty.txt").write_text("")
    (d / "pw.txt").write_text(PASSWORD + "\n")
    (d / "blank-pw.txt").write_text("\n")
    Image.new("RGB", (8, 8)).save(d / "tiny.png")
    (d / "folder").mkdir()
    (d / "folder.png").mkdir()
    (d / "random.bin").write_bytes(np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    shutil.copy(DATA / "golden_key.json", d / "key.json")
    shutil.copy(DATA / "golden_container.png", d / "container.png")
    (d / "not-json.json").write_text("{ nope")
    (d / "other.json").write_text(json.dumps({"hello": "world"}))
    _edited_key(d / "key-p64.json", _set(("seed",), {"kind": "scrypt", "salt": "00" * 16, "n": 2**15, "r": 8,
                                                      "p": 64}))
    _edited_key(d / "key-n3.json", _set(("seed",), {"kind": "scrypt", "salt": "00" * 16, "n": 3, "r": 8, "p": 1}))
    _edited_key(d / "key-n40.json", _set(("seed",), {"kind": "scrypt", "salt": "00" * 16, "n": 2**40, "r": 8,
                                                      "p": 1}))
    _edited_key(d / "key-plain.json", _set(("seed", "seed"), "plain"))
    _edited_key(d / "key-huge.json", _set(("params", "secret"), {"modality": "image", "height": 200000,
                                                                 "width": 200000}))
    _edited_key(d / "key-nan.json", _set(("params", "architecture", "w_min"), float("nan")))
    _edited_key(d / "key-type.json", _set(("params", "architecture", "width"), "sixty-four"))
    _edited_key(d / "key-version.json", _set(("version",), 99))
    return d


@pytest.fixture()
def work(inputs: Path, tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "work"
    shutil.copytree(inputs, folder)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("STEGSTUDIO_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: nothing may prompt
    return folder


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file's hash and every folder (a batch's output folder must not be made on bad input either)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def _demo_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("stegstudio-demo-*")}


HIDE = ["hide", "--secret", str(sample_path("image")), "--cover", "cover.png", "--out", "c.png", "--key", "k.json",
        "--preset", "tiny", "--quiet"]
REVEAL = ["reveal", "--container", "container.png", "--key", "key.json", "--out", "r.png", "--quiet"]
EMBED = ["embed", "--cover", "cover.png", "--message", "hello", "--out", "s.png", "--password-file", "pw.txt",
         "--quiet"]
EXTRACT = ["extract", "--stego", "stego.png", "--password-file", "pw.txt", "--quiet"]
CAPACITY = ["capacity", "--cover", "cover.png"]


def _with(base: list[str], flag: str, value: str | None = None) -> list[str]:
    """`base` with `flag` set to `value` (replaced when present, added otherwise; value None drops it)."""
    args = list(base)
    if flag in args:
        i = args.index(flag)
        del args[i : i + 2]
    return args + ([] if value is None else [flag, value])


CASES = [
    # capacity
    ("capacity-bomb", _with(CAPACITY, "--cover", "bomb.png"), "3600 megapixels"),
    ("capacity-not-image", _with(CAPACITY, "--cover", "notes.txt"), "not an image"),
    ("capacity-missing", _with(CAPACITY, "--cover", "nowhere.png"), "not found"),
    ("capacity-folder", _with(CAPACITY, "--cover", "folder"), "is a folder"),
    ("capacity-size-0", [*CAPACITY, "--size", "0"], "out of range; give a whole number from 16"),
    ("capacity-size-text", [*CAPACITY, "--size", "big"], "not a whole number"),
    ("capacity-bpp-9", [*CAPACITY, "--bpp", "9"], "0.05 to 4"),
    ("embed-bpp-off-grid", [*EMBED, "--bpp", "0.33"], "steps of 0.05"),
    ("embed-covert-bpp-2", [*EMBED, "--mode", "covert", "--bpp", "2"], "covert mode carries at most 1 bpp"),
    ("capacity-too-large-size", [*CAPACITY, "--size", "128"], "never enlarged"),
    ("embed-robust-off-grid", [*EMBED, "--robust", "77"], "one of 50, 55"),
    ("embed-robust-fast", [*EMBED, "--robust", "75", "--mode", "fast"], "not fast mode"),
    ("embed-robust-with-bpp", [*EMBED, "--robust", "75", "--bpp", "1"], "leave out --bpp"),
    ("embed-robust-covert", [*EMBED, "--robust", "75", "--mode", "covert"], "not covert mode"),
    ("embed-robust-too-big", _with([*EMBED, "--robust", "90"], "--message", "a sentence " * 9), "in robust mode"),
    ("capacity-robust-with-bpp", [*CAPACITY, "--mode", "robust", "--bpp", "2"], "leave out --bpp"),
    # embed
    ("embed-bomb", _with(EMBED, "--cover", "bomb.png"), "megapixels"),
    ("embed-lossy-out", _with(EMBED, "--out", "s.jpg"), "lossy"),
    ("embed-out-exists", _with(EMBED, "--out", "cover.png"), "--force"),
    ("embed-out-folder-missing", _with(EMBED, "--out", "missing/s.png"), "does not exist"),
    ("embed-empty-message", _with(EMBED, "--message", ""), "empty"),
    ("embed-size-negative", [*EMBED, "--size", "-5"], "out of range"),
    ("embed-size-huge", [*EMBED, "--size", "100000"], "out of range"),
    ("embed-size-above-cover", [*EMBED, "--size", "128"], "--size no larger than"),
    ("embed-too-big", [*_with(EMBED, "--message"), "--file", "random.bin"], "holds"),
    ("embed-tiny-cover", _with(EMBED, "--cover", "tiny.png"), "too small for any message"),
    ("embed-no-password", _with(EMBED, "--password-file"), "needs a password"),
    ("embed-password-file-missing", _with(EMBED, "--password-file", "nowhere.txt"), "password file not found"),
    ("embed-password-file-blank", _with(EMBED, "--password-file", "blank-pw.txt"), "is empty"),
    ("embed-two-passwords", [*EMBED, "--password", "x"], "not both"),
    ("embed-password-file-device", _with(EMBED, "--password-file", "/dev/zero"), "larger than 64 KiB"),
    ("embed-password-not-utf8", [*_with(EMBED, "--password-file"), "--password", "p\udcff"], "not valid UTF-8"),
    ("embed-message-not-utf8", _with(EMBED, "--message", "bad \udcff"), "not valid UTF-8"),
    ("embed-file-missing", [*_with(EMBED, "--message"), "--file", "nowhere.bin"], "not found"),
    ("embed-mode", [*EMBED, "--mode", "sneaky"], "invalid choice"),
    ("embed-batch-out-is-file", [*_with(EMBED, "--out", "notes.txt"), "--cover", "stego.png"], "is a file"),
    ("embed-batch-out-like-file", [*_with(EMBED, "--out", "new.png"), "--cover", "stego.png"], "looks like a file"),
    ("embed-batch-out-parent-missing", [*_with(EMBED, "--out", "missing/out"), "--cover", "stego.png"],
     "does not exist"),
    ("embed-batch-empty-folder", _with(EMBED, "--cover", "folder"), "holds no image files"),
    ("embed-batch-same-stem", [*_with(EMBED, "--out", "out"), "--cover", "stego.jpg", "stego.png"],
     "would both write"),
    ("embed-batch-replaces-input", [*_with(EMBED, "--out", "."), "--cover", "stego.png", "--force"],
     "is one of the inputs"),
    ("embed-batch-empty-message", [*_with(_with(EMBED, "--message", ""), "--out", "out"), "--cover", "stego.png"],
     "empty"),
    ("embed-batch-no-password", [*_with(_with(EMBED, "--password-file"), "--out", "out"), "--cover", "stego.png"],
     "needs a password"),
    # extract
    ("extract-batch-no-out", [*EXTRACT, "--stego", "cover.png"], "--out FOLDER"),
    ("extract-batch-out-is-file", [*EXTRACT, "--stego", "cover.png", "--out", "notes.txt"], "is a file"),
    ("extract-missing", _with(EXTRACT, "--stego", "nowhere.png"), "not found"),
    ("extract-not-image", _with(EXTRACT, "--stego", "notes.txt"), "not an image"),
    ("extract-bomb", _with(EXTRACT, "--stego", "bomb.png"), "megapixels"),
    ("extract-wrong-password", [*_with(EXTRACT, "--password-file"), "--password", "wrong"], "password is wrong"),
    ("extract-no-payload", _with(EXTRACT, "--stego", "cover.png"), "no hidden data"),
    ("extract-jpeg", _with(EXTRACT, "--stego", "stego.jpg"), "lossy"),
    ("extract-out-exists", [*EXTRACT, "--out", "notes.txt"], "--force"),
    ("extract-out-folder-missing", [*EXTRACT, "--out", "missing/m.txt"], "does not exist"),
    # hide
    ("hide-lr-nan", [*HIDE, "--lr", "nan"], "not a finite number"),
    ("hide-robust-off-grid", [*HIDE, "--robust", "97"], "not a quality robust mode offers"),
    ("hide-lr-negative", [*HIDE, "--lr", "-1"], "out of range"),
    ("hide-beta-nan", [*HIDE, "--beta", "nan"], "not a finite number"),
    ("hide-cover-psnr-high", [*HIDE, "--cover-psnr", "60"], "out of range"),
    ("hide-cover-psnr-and-beta", [*HIDE, "--cover-psnr", "30", "--beta", "2"], "not both"),
    ("hide-steps-0", [*HIDE, "--steps", "0"], "out of range"),
    ("hide-cover-bomb", _with(HIDE, "--cover", "bomb.png"), "megapixels"),
    ("hide-cover-small", _with(HIDE, "--cover", "tiny.png"), "needs at least 64x64"),
    ("hide-secret-missing", _with(HIDE, "--secret", "nowhere.gif"), "nowhere.gif"),
    ("hide-secret-kind", _with(HIDE, "--secret", "notes.txt"), "--modality"),
    ("hide-lossy-out", _with(HIDE, "--out", "c.jpg"), "lossy"),
    ("hide-key-suffix", _with(HIDE, "--key", "k.txt"), ".json"),
    ("hide-out-is-folder", _with(HIDE, "--out", "folder.png"), "is a folder"),
    ("hide-out-exists", _with(HIDE, "--out", "cover.png"), "--force"),
    ("hide-key-folder-missing", _with(HIDE, "--key", "missing/k.json"), "does not exist"),
    ("hide-password-file-missing", [*HIDE, "--password-file", "nowhere.txt"], "password file not found"),
    ("hide-no-key", _with(HIDE, "--key"), "give --key"),
    ("hide-batch-key-given", [*_with(HIDE, "--out", "out"), "--cover", "stego.png"], "leave --key out"),
    ("hide-batch-same-stem", [*_with(_with(HIDE, "--out", "out"), "--key"), "--cover", "stego.jpg", "stego.png"],
     "would both write"),
    # reveal
    ("reveal-key-missing", _with(REVEAL, "--key", "nowhere.json"), "not found"),
    ("reveal-key-not-json", _with(REVEAL, "--key", "not-json.json"), "JSON"),
    ("reveal-key-foreign", _with(REVEAL, "--key", "other.json"), "not a StegStudio key"),
    ("reveal-key-version", _with(REVEAL, "--key", "key-version.json"), "version"),
    ("reveal-key-p64", _with(REVEAL, "--key", "key-p64.json"), "seed.p"),
    ("reveal-key-n3", _with(REVEAL, "--key", "key-n3.json"), "seed.n"),
    ("reveal-key-n40", _with(REVEAL, "--key", "key-n40.json"), "seed.n"),
    ("reveal-key-plain-seed", _with(REVEAL, "--key", "key-plain.json"), "seed.seed"),
    ("reveal-key-huge-secret", _with(REVEAL, "--key", "key-huge.json"), "params.secret"),
    ("reveal-key-nan", _with(REVEAL, "--key", "key-nan.json"), "NaN"),
    ("reveal-key-wrong-type", _with(REVEAL, "--key", "key-type.json"), "params.architecture.width"),
    ("reveal-container-jpeg", _with(REVEAL, "--container", "stego.jpg"), "not PNG"),
    ("reveal-container-missing", _with(REVEAL, "--container", "nowhere.png"), "not found"),
    ("reveal-out-suffix", _with(REVEAL, "--out", "r.wav"), "unsupported output type"),
    ("reveal-out-exists", _with(REVEAL, "--out", "cover.png"), "--force"),
    ("reveal-no-key-no-password", _with(REVEAL, "--key"), "or the password the container was hidden with"),
    ("reveal-no-key-jpeg", [*_with(_with(REVEAL, "--key"), "--container", "stego.jpg"), "--password-file", "pw.txt"],
     "lost its hidden key"),
    ("reveal-no-key-no-header", [*_with(REVEAL, "--key"), "--password-file", "pw.txt"], "opens no hidden key"),
    ("hide-no-key-no-password", _with(HIDE, "--key"), "or a password"),
    # demo
    ("demo-out-dir-missing", ["demo", "--preset", "tiny", "--out-dir", "missing", "--quiet"], "does not exist"),
    ("demo-steps-0", ["demo", "--preset", "tiny", "--steps", "0", "--quiet"], "out of range"),
    ("demo-device", ["demo", "--preset", "tiny", "--device", "tpu", "--quiet"], "device"),
    # cover
    ("cover-size-0", ["cover", "sample", "--size", "0", "--out", "c.png"], "out of range"),
    ("cover-count-0", ["cover", "sample", "--count", "0", "--out", "covers"], "out of range"),
    ("cover-model-missing", ["cover", "sample", "--model", "nowhere", "--out", "c.png"], "nowhere"),
    ("cover-out-exists", ["cover", "sample", "--size", "16", "--out", "cover.png"], "--force"),
    ("cover-batch-no-models", ["cover", "sample", "--model", "folder", "--out", "covers"], "holds no cover models"),
    ("cover-batch-out-is-file", ["cover", "sample", "--model", "nowhere", "elsewhere", "--out", "notes.txt"],
     "is a file"),
    ("train-images-missing", ["cover", "train", "--images", "nowhere", "--out", "model"], "nowhere"),
    ("train-batch-0", ["cover", "train", "--images", "folder", "--out", "model", "--batch", "0"], "out of range"),
    # analyse
    ("analyse-no-image", ["analyse"], "required"),
    ("analyse-missing", ["analyse", "nowhere.png"], "file not found"),
    ("analyse-not-image", ["analyse", "cover.png", "notes.txt"], "not an image"),
    ("analyse-folder", ["analyse", "folder"], "is a folder"),
    ("analyse-tiny", ["analyse", "tiny.png"], "at least 16x16"),
    ("analyse-cover-tiny", ["analyse", "stego.png", "--cover", "tiny.png"], "give the cover the image was made from"),
    ("analyse-cover-bomb", ["analyse", "stego.png", "--cover", "bomb.png"], "3600 megapixels"),
]


@pytest.mark.parametrize(("argv", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_exits_2_with_a_message_and_changes_nothing(work: Path, capsys, argv: list[str],
                                                             message: str) -> None:
    before, demos = _snapshot(work), _demo_folders()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err, err
    assert "Traceback" not in err
    assert _snapshot(work) == before
    assert _demo_folders() == demos


def test_enough_bad_inputs_are_covered() -> None:
    commands = {c[1][0] if c[1][0] != "cover" else f"cover {c[1][1]}" for c in CASES}
    assert len(CASES) >= 40
    assert commands == {"capacity", "embed", "extract", "hide", "reveal", "demo", "cover sample", "cover train",
                        "analyse"}
