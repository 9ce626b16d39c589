"""Cross-modal hiding trained through a JPEG stand-in (`--robust Q`): the key says so, a JPEG of the
container reveals (with a note that the tag cannot vouch for it) and beats an ordinary container's JPEG,
and an ordinary key still refuses a JPEG container."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from stegstudio.core.crossmodal import engine, files, integrity
from stegstudio.core.errors import InputError
from stegstudio.core.jpeg_channel import encoder_round_trip, jpeg_round_trip
from stegstudio.core.media import jpeg
from stegstudio.core.samples import sample_path

STEPS = 300


def _hide(tmp_path: Path, robust: int | None, name: str) -> files.HideReport:
    settings = engine.HideSettings(preset="tiny", steps=STEPS, robust=robust)
    return files.hide_files(sample_path("image"), sample_path("cover"), tmp_path / f"{name}.png",
                            tmp_path / f"{name}.json", settings)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, files.HideReport, files.HideReport]:
    d = tmp_path_factory.mktemp("robust")
    return d, _hide(d, 90, "robust"), _hide(d, None, "plain")


def test_a_robust_container_reveals_from_its_jpeg_better_than_an_ordinary_one(pair) -> None:
    d, robust, plain = pair
    assert robust.result.key.params["training"]["jpeg_quality"] == 90
    assert "jpeg_quality" not in plain.result.key.params["training"]
    after = robust.result.metrics["secret_psnr_after_jpeg"]
    Image.open(d / "robust.png").save(d / "robust.jpg", quality=90)
    report = files.reveal_files(d / "robust.jpg", d / "robust.json", d / "revealed.png")
    assert report.container_intact is False and integrity.RECOMPRESSED in report.warnings
    plain_after = engine.reveal(jpeg.round_trip(plain.result.container, 90), plain.result.key)
    plain_psnr = files.load_hide_inputs(sample_path("image"), sample_path("cover"),
                                        engine.HideSettings(preset="tiny")).secret.compare(plain_after)["secret_psnr"]
    assert after > plain_psnr + 3


def test_an_ordinary_key_refuses_a_jpeg_container(pair) -> None:
    d, _, _ = pair
    Image.open(d / "plain.png").save(d / "plain.jpg", quality=95)
    with pytest.raises(InputError, match="not PNG"):
        files.reveal_files(d / "plain.jpg", d / "plain.json", d / "x.png")


def test_a_quality_off_the_grid_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="one of 50, 55"):
        _hide(tmp_path, 91, "bad")


def test_the_jpeg_stand_in_is_close_to_libjpeg() -> None:
    cover = np.asarray(Image.open(sample_path("cover")).convert("RGB"))[:128, :128].copy()
    ours = jpeg_round_trip(torch.from_numpy(cover.astype(np.float32) / 255).permute(2, 0, 1), 90)
    ours = (ours.permute(1, 2, 0).numpy() * 255).round()
    real = jpeg.round_trip(cover, 90).astype(np.float64)
    assert 10 * np.log10(255**2 / np.mean((ours - real) ** 2)) > 38


def test_training_sees_exactly_what_libjpeg_returns_and_learns_through_the_stand_in() -> None:
    cover = np.asarray(Image.open(sample_path("cover")).convert("RGB"))[:64, :64].copy()
    pixels = torch.from_numpy(cover.astype(np.float32) / 255).permute(2, 0, 1).requires_grad_()
    seen = encoder_round_trip(pixels, 90)
    assert np.array_equal((seen.detach().permute(1, 2, 0).numpy() * 255).round(), jpeg.round_trip(cover, 90))
    weights = torch.linspace(-1, 1, seen.numel()).reshape(seen.shape)
    (seen * weights).sum().backward()
    expected = torch.autograd.grad((jpeg_round_trip(pixels, 90) * weights).sum(), pixels)[0]
    assert torch.equal(pixels.grad, expected) and pixels.grad.abs().sum() > 0
    with torch.autocast("cpu", dtype=torch.bfloat16):  # mixed-precision training sees the same levels
        mixed = encoder_round_trip(pixels, 90)
    assert mixed.dtype == torch.float32 and torch.equal((mixed.detach() * 255).round(), (seen.detach() * 255).round())
