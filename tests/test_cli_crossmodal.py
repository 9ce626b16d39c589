"""End-to-end CLI: hide/reveal/demo at the tiny preset, and every bad input -> exit 2, nothing written."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from stegstudio.cli import main
from stegstudio.core.samples import sample_path

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
    assert json.loads(capsys.readouterr().out)["out"] == str(tmp_path / "r.png")
    assert Image.open(tmp_path / "r.png").size == (32, 32)


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
