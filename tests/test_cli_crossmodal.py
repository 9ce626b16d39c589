"""End-to-end CLI: hide/reveal/demo at the tiny preset, and every bad input -> exit 2, nothing written."""

import json
import os
import stat
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from stegstudio.cli import main
from stegstudio.core import fileio
from stegstudio.core.crossmodal import engine
from stegstudio.core.samples import sample_path

DATA = Path(__file__).parent / "data"

FAST = ["--preset", "tiny", "--steps", "5", "--quiet"]


def _hide(tmp_path, secret, cover, *extra, out="c.png", key="k.json"):
    return main(["hide", "--secret", str(secret), "--cover", str(cover), "--out", str(tmp_path / out),
                 "--key", str(tmp_path / key), *FAST, *extra])


def _listing(path):
    return sorted(os.listdir(path))


def test_hide_then_reveal_with_json(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["modality"] == "image" and out["steps"] == 5
    assert {"cover_psnr", "cover_ssim", "cover_apd", "secret_psnr", "secret_psnr_y"} <= set(out["metrics"])
    assert main(["reveal", "--container", str(tmp_path / "c.png"), "--key", str(tmp_path / "k.json"),
                 "--out", str(tmp_path / "r.png"), "--json", "--quiet"]) == 0
    revealed = json.loads(capsys.readouterr().out)
    assert revealed["out"] == str(tmp_path / "r.png")
    assert revealed["container_intact"] is True and "warnings" not in revealed
    assert Image.open(tmp_path / "r.png").size == (32, 32)


def _reveal(tmp_path, *extra, container="c.png", key="k.json", out="r.png"):
    return main(["reveal", "--container", str(tmp_path / container), "--key", str(tmp_path / key),
                 "--out", str(tmp_path / out), "--quiet", *extra])


def test_only_a_raw_seed_key_is_private_and_warned_about(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--json") == 0
    captured = capsys.readouterr()
    assert "keep it secret" in json.loads(captured.out)["warnings"][0]
    assert "warning: the key file holds the secret seed" in captured.err
    assert stat.S_IMODE((tmp_path / "k.json").stat().st_mode) == 0o600
    (tmp_path / "pw.txt").write_text("pw\n")
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--json", "--password-file",
                 str(tmp_path / "pw.txt"), out="p.png", key="p.json") == 0
    captured = capsys.readouterr()
    assert "warnings" not in json.loads(captured.out) and "warning" not in captured.err
    assert stat.S_IMODE((tmp_path / "p.json").stat().st_mode) & 0o044


def test_a_wrong_password_exits_2_and_writes_nothing(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--password", "pw") == 0
    capsys.readouterr()
    assert _reveal(tmp_path, "--password", "wrong") == 2
    assert "the password is wrong" in capsys.readouterr().err
    assert not (tmp_path / "r.png").exists()


def test_a_changed_container_reveals_with_a_warning_and_strict_refuses(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 0
    pixels = np.asarray(Image.open(tmp_path / "c.png")).copy()
    pixels[3, 5, 1] ^= 1
    Image.fromarray(pixels).save(tmp_path / "changed.png")
    capsys.readouterr()
    assert _reveal(tmp_path, "--json", container="changed.png") == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["container_intact"] is False and "changed after hiding" in out["warnings"][0]
    assert "warning: the container was changed after hiding" in captured.err
    assert (tmp_path / "r.png").exists()
    assert _reveal(tmp_path, "--strict", container="changed.png", out="strict.png") == 2
    assert "changed after hiding" in capsys.readouterr().err
    assert not (tmp_path / "strict.png").exists()
    assert _reveal(tmp_path, "--strict", out="ok.png") == 0


def test_a_version_1_key_still_reveals_but_cannot_check(tmp_path, capsys):
    for name in ("golden_container.png", "golden_key.json"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    assert _reveal(tmp_path, "--json", container="golden_container.png", key="golden_key.json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["container_intact"] is None
    assert "version-1 key" in captured.err
    assert _reveal(tmp_path, "--strict", container="golden_container.png", key="golden_key.json",
                   out="strict.png") == 2
    assert not (tmp_path / "strict.png").exists()


def _no_training(monkeypatch):
    def train(*args, **kwargs):
        raise AssertionError("training started before the outputs were checked")

    monkeypatch.setattr(engine, "hide", train)


@pytest.mark.parametrize("key", ["missing/k.json", "c.png/k.json", "readonly/k.json"])
def test_an_unwritable_key_location_fails_before_training(tmp_path, capsys, monkeypatch, key):
    (tmp_path / "readonly").mkdir()
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, **kwargs):  # a read-only folder, also for root (which ignores mode bits)
        if Path(kwargs.get("dir", "")) == tmp_path / "readonly":
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    _no_training(monkeypatch)
    if key.startswith("c.png"):
        (tmp_path / "c.png").write_bytes(b"not a folder")
    before = _listing(tmp_path)
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), key=key, out="new.png") == 2
    assert "k.json" in capsys.readouterr().err
    assert _listing(tmp_path) == before


def test_force_replaces_the_whole_pair(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 0
    old_key = (tmp_path / "k.json").read_bytes()
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--force") == 0
    assert (tmp_path / "k.json").read_bytes() != old_key  # a new seed: the old key would not open the new container
    capsys.readouterr()
    assert _reveal(tmp_path, "--json") == 0
    assert json.loads(capsys.readouterr().out)["container_intact"] is True


def test_a_failed_key_write_keeps_the_old_pair(tmp_path, capsys, monkeypatch):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 0
    old = {name: (tmp_path / name).read_bytes() for name in ("c.png", "k.json")}
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == tmp_path / "k.json" and ".part" in Path(src).name:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--force") == 2
    assert "No space left on device" in capsys.readouterr().err
    assert {name: (tmp_path / name).read_bytes() for name in old} == old
    assert _listing(tmp_path) == ["c.png", "k.json"]


def test_password_protected_hide_and_reveal(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--password", "pw") == 0
    args = ["reveal", "--container", str(tmp_path / "c.png"), "--key", str(tmp_path / "k.json"),
            "--out", str(tmp_path / "r.png"), "--quiet"]
    assert main(args) == 2
    assert "password" in capsys.readouterr().err
    assert not (tmp_path / "r.png").exists()
    assert main([*args, "--password", "pw"]) == 0


def test_non_square_cover_is_centre_cropped_with_a_notice(tmp_path, capsys):
    wide = tmp_path / "wide.png"
    Image.open(sample_path("cover")).crop((0, 0, 512, 300)).save(wide)
    assert _hide(tmp_path, sample_path("image"), wide, "--json") == 0
    notices = json.loads(capsys.readouterr().out)["notices"]
    assert any("centre-cropped" in n for n in notices)


def test_demo_runs_and_reports(tmp_path, capsys):
    assert main(["demo", "--preset", "tiny", "--steps", "5", "--out-dir", str(tmp_path), "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (tmp_path / "container.png").exists() and (tmp_path / "key.json").exists()
    assert os.path.exists(out["revealed"])


def _bad_files(tmp_path):
    (tmp_path / "notimage.png").write_text("hello")
    data = (tmp_path / "trunc.png")
    data.write_bytes(sample_path("cover").read_bytes()[:2000])
    Image.new("RGB", (32, 32)).save(tmp_path / "small.png")
    (tmp_path / "bad.wav").write_bytes(b"RIFF0000WAVEjunk")
    (tmp_path / "frames").mkdir()
    (tmp_path / "points.ply").write_text(
        "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
        "end_header\n0 0 0\n1 0 0\n0 1 0\n"
    )


@pytest.mark.parametrize(
    "secret, cover, extra, message",
    [
        ("image", "notimage.png", [], "not an image"),
        ("image", "trunc.png", [], "corrupt or truncated"),
        ("image", "small.png", [], "needs at least 64x64"),
        ("bad.wav", "cover", [], "bad.wav"),
        ("frames", "cover", [], "frames"),
        ("points.ply", "cover", [], "no faces"),
        ("image", "cover", ["--out-name", "c.jpg"], "lossy"),
        ("image", "cover", ["--out-name", "missing/c.png"], "does not exist"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, secret, cover, extra, message):
    _bad_files(tmp_path)
    before = _listing(tmp_path)
    out = "c.png"
    if extra:
        out = extra[1]
    secret_path = sample_path(secret) if "." not in secret and secret != "frames" else tmp_path / secret
    cover_path = sample_path("cover") if cover == "cover" else tmp_path / cover
    assert _hide(tmp_path, secret_path, cover_path, out=out) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert _listing(tmp_path) == before


def test_existing_output_needs_force(tmp_path, capsys):
    (tmp_path / "c.png").write_bytes(b"keep me")
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "c.png").read_bytes() == b"keep me"
    assert not (tmp_path / "k.json").exists()
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--force") == 0


def test_reveal_refuses_a_container_of_the_wrong_size(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 0
    Image.new("RGB", (128, 128)).save(tmp_path / "other.png")
    assert main(["reveal", "--container", str(tmp_path / "other.png"), "--key", str(tmp_path / "k.json"),
                 "--out", str(tmp_path / "r.png"), "--quiet"]) == 2
    assert "does not belong to this key" in capsys.readouterr().err
    assert not (tmp_path / "r.png").exists()


def test_reveal_refuses_a_jpeg_container(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 0
    Image.open(tmp_path / "c.png").save(tmp_path / "c.jpg", quality=95)
    assert main(["reveal", "--container", str(tmp_path / "c.jpg"), "--key", str(tmp_path / "k.json"),
                 "--out", str(tmp_path / "r.png"), "--quiet"]) == 2
    assert "not PNG" in capsys.readouterr().err


def test_reveal_output_type_must_fit_the_secret(tmp_path, capsys):
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 0
    assert main(["reveal", "--container", str(tmp_path / "c.png"), "--key", str(tmp_path / "k.json"),
                 "--out", str(tmp_path / "r.wav"), "--quiet"]) == 2
    assert ".png" in capsys.readouterr().err


def test_cancelled_hide_leaves_no_file(tmp_path, monkeypatch):
    from stegstudio.core import jobs

    def cancel_at_first_report(self, *args, **kwargs):
        raise jobs.Cancelled("cancelled by the user; nothing was written")

    monkeypatch.setattr(jobs.JobContext, "report", cancel_at_first_report)
    assert _hide(tmp_path, sample_path("image"), sample_path("cover")) == 130
    assert _listing(tmp_path) == []


def test_unknown_cuda_device_is_a_clear_error(tmp_path, capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    assert _hide(tmp_path, sample_path("image"), sample_path("cover"), "--device", "cuda") == 2
    assert "no CUDA GPU" in capsys.readouterr().err
    np.testing.assert_equal(_listing(tmp_path), [])
