"""Batch mode of `embed`, `extract`, `hide` and `cover sample`: a folder or several files with --out FOLDER,
going on past a bad file, JSON lines, exit codes, and Ctrl-C keeping what was finished."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from stegstudio.cli import main
from stegstudio.core.fileio import write_atomic
from stegstudio.core.fnns import engine, files
from stegstudio.core.gasp.sampling import default_model_dir
from stegstudio.core.samples import sample_path
from tests.photo_covers import photo_cover

PASSWORD = ["--password", "batch pw"]


def _run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    """Exit code, the JSON lines on stdout (one object per input), stderr."""
    code = main([*argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


@pytest.fixture()
def covers(tmp_path: Path) -> Path:
    """Two 32 px photo covers, a garbage .png, and what a folder expansion skips (hidden, not an image)."""
    folder = tmp_path / "covers"
    folder.mkdir()
    for i, name in enumerate(("a.png", "b.png")):
        Image.fromarray(photo_cover(i, 32)).save(folder / name)
    (folder / "broken.png").write_bytes(b"not a png at all")
    (folder / ".hidden.png").write_bytes(b"skipped")
    (folder / "notes.txt").write_text("skipped")
    return folder


def test_embed_batch_goes_on_past_a_bad_file_and_extract_round_trips(covers: Path, tmp_path: Path, capsys) -> None:
    stegos = tmp_path / "stegos"
    code, lines, err = _run(capsys, "embed", "--cover", str(covers), "--message", "meet at noon", *PASSWORD,
                            "--out", str(stegos), "--json", "--quiet")
    assert code == 2
    assert [(Path(r["input"]).name, r["ok"]) for r in lines] == [("a.png", True), ("b.png", True),
                                                                  ("broken.png", False)]
    assert "image" in lines[2]["error"] and lines[0]["out"] == str(stegos / "a.png") and lines[0]["psnr_rgb"] > 20
    assert "failed: " in err and str(covers / "broken.png") in err.splitlines()[-1]
    assert sorted(p.name for p in stegos.iterdir()) == ["a.png", "b.png"]

    texts = tmp_path / "texts"
    code, lines, err = _run(capsys, "extract", "--stego", str(stegos / "a.png"), str(stegos / "b.png"), *PASSWORD,
                            "--out", str(texts), "--json", "--quiet")
    assert code == 0 and all(r["ok"] and r["kind"] == "text" for r in lines), err
    assert (texts / "a.txt").read_text() == "meet at noon" and (texts / "b.txt").read_text() == "meet at noon"


def test_extract_batch_puts_same_named_files_in_folders_of_their_images(covers: Path, tmp_path: Path,
                                                                         capsys) -> None:
    secret = tmp_path / "notes.bin"
    secret.write_bytes(bytes(range(30)))
    stegos = tmp_path / "stegos"
    code, _, err = _run(capsys, "embed", "--cover", str(covers / "a.png"), "--cover", str(covers / "b.png"),
                        "--file", str(secret), *PASSWORD, "--bpp", "2", "--out", str(stegos), "--quiet")
    assert code == 0, err
    out = tmp_path / "got"
    code, _, err = _run(capsys, "extract", "--stego", str(stegos), *PASSWORD, "--out", str(out), "--quiet")
    assert code == 0 and "ok: " in err and "all 2 inputs succeeded" in err
    assert (out / "a" / "notes.bin").read_bytes() == bytes(range(30))
    assert (out / "b" / "notes.bin").read_bytes() == bytes(range(30))
    code, _, err = _run(capsys, "extract", "--stego", str(stegos), *PASSWORD, "--out", str(out), "--quiet")
    assert code == 2 and err.count("--force") == 2  # an existing output is that input's failure


def test_hide_batch_writes_a_container_and_key_per_cover(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "covers"
    folder.mkdir()
    shutil.copy(sample_path("cover"), folder / "one.png")
    shutil.copy(sample_path("cover2"), folder / "two.png")
    out = tmp_path / "hidden"
    code, lines, err = _run(capsys, "hide", "--secret", str(sample_path("image")), "--cover", str(folder),
                            "--out", str(out), "--preset", "tiny", "--steps", "5", *PASSWORD, "--json", "--quiet")
    assert code == 0, err
    assert [r["container"] for r in lines] == [str(out / "one.png"), str(out / "two.png")]
    assert sorted(p.name for p in out.iterdir()) == ["one.key.json", "one.png", "two.key.json", "two.png"]
    assert main(["reveal", "--container", str(out / "two.png"), "--key", str(out / "two.key.json"),
                 "--out", str(tmp_path / "r.png"), *PASSWORD, "--quiet"]) == 0


def test_cover_sample_batch_writes_a_folder_per_model(tmp_path: Path, capsys) -> None:
    models = tmp_path / "models"
    for name in ("first", "second.v2"):  # a dot in a model's name must not make its folder a file name
        shutil.copytree(default_model_dir(), models / name)
    out = tmp_path / "covers"
    code, lines, err = _run(capsys, "cover", "sample", "--model", str(models), "--size", "16", "--seed", "3",
                            "--out", str(out), "--json", "--quiet")
    assert code == 0 and [r["ok"] for r in lines] == [True, True], err
    first, second = out / "first" / "cover-3.png", out / "second.v2" / "cover-3.png"
    assert np.array_equal(np.asarray(Image.open(first)), np.asarray(Image.open(second)))
    code, lines, _ = _run(capsys, "cover", "sample", "--model", str(models / "first"), str(tmp_path / "nowhere"),
                          "--size", "16", "--count", "2", "--out", str(tmp_path / "more"), "--json", "--quiet")
    assert code == 2 and [r["ok"] for r in lines] == [True, False] and "nowhere" in lines[1]["error"]
    assert sorted(p.name for p in (tmp_path / "more" / "first").iterdir()) == ["cover-0.png", "cover-1.png"]


STATS = engine.EmbedStats(height=32, width=32, bpp=1, ecc="medium", mode="fast", variant=0, capacity_bytes=9,
                          secret_bytes=1, frame_bytes=1, payload_bits=8, ber=0.0, ber_8bit=0.0, psnr_rgb=99.0,
                          psnr_y=99.0, ssim=1.0, changed=0.0, rounds=0, steps=0, seconds=0.0, threads=1)


def _fast_embed(monkeypatch, failures: list[BaseException | None]) -> None:
    """embed_array returning the cover itself, or raising the next of `failures` that is not None: the
    batch's bookkeeping without the optimisation's seconds."""
    def embed_array(cover, *args, **kwargs):
        failure = failures.pop(0) if failures else None
        if failure is not None:
            raise failure
        return cover, STATS

    monkeypatch.setattr(engine, "embed_array", embed_array)


def test_an_internal_error_is_exit_1_and_the_batch_goes_on(covers: Path, tmp_path: Path, monkeypatch,
                                                          capsys) -> None:
    (covers / "broken.png").unlink()
    _fast_embed(monkeypatch, [RuntimeError("boom")])
    code, lines, err = _run(capsys, "embed", "--cover", str(covers), "--message", "x", *PASSWORD,
                            "--out", str(tmp_path / "out"), "--json", "--quiet")
    assert code == 1 and [r["ok"] for r in lines] == [False, True]
    assert "RuntimeError: boom" in lines[0]["error"] and "Traceback" in err


def test_ctrl_c_keeps_finished_outputs_and_leaves_no_partial_file(covers: Path, tmp_path: Path, monkeypatch,
                                                                  capsys) -> None:
    (covers / "broken.png").unlink()
    _fast_embed(monkeypatch, [])
    real_save = files.save_png

    def save_png(path, image):
        if Path(path).name == "b.png":  # interrupted half-way through writing the second output
            def half_then_interrupt(tmp: Path) -> None:
                tmp.write_bytes(b"half a png")
                raise KeyboardInterrupt
            return write_atomic(path, half_then_interrupt)
        return real_save(path, image)

    monkeypatch.setattr(files, "save_png", save_png)
    out = tmp_path / "out"
    code, _, err = _run(capsys, "embed", "--cover", str(covers), "--message", "x", *PASSWORD, "--out", str(out),
                        "--quiet")
    assert code == 130 and "cancelled after 1 of 2" in err
    assert [p.name for p in out.iterdir()] == ["a.png"]
    Image.open(out / "a.png").verify()


def test_single_file_forms_are_unchanged(covers: Path, tmp_path: Path, capsys) -> None:
    stego = tmp_path / "s.png"
    assert main(["embed", "--cover", str(covers / "a.png"), "--message", "hi", *PASSWORD, "--out", str(stego),
                 "--quiet"]) == 0
    assert capsys.readouterr().out.startswith(f"hid 2 bytes in {stego} ")
    assert main(["extract", "--stego", str(stego), *PASSWORD, "--quiet"]) == 0
    assert capsys.readouterr().out == "hi\n"
