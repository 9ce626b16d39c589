"""Cross-modal hiding at tiny sizes: quality floors on fixed seeds, exact reveal, clean failures,
and a wrong password told apart from a changed container."""

import io
import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from stegstudio.core.crossmodal import engine, integrity, modalities, secrets
from stegstudio.core.crossmodal.architecture import Architecture, BaseNetwork
from stegstudio.core.crossmodal.container import pixels_to_uint8, uint8_to_pixels
from stegstudio.core.crossmodal.presets import TINY
from stegstudio.core.errors import Cancelled, InputError
from stegstudio.core.jobs import JobContext
from stegstudio.core.keys import Key, SeedSource, WrongPassword
from stegstudio.core.media.image import load_cover, load_image, save_png
from stegstudio.core.quantise import quantise_ste
from stegstudio.core.samples import sample_path

# A fixed key seed: a fresh random one per run moved the tiny image secret's PSNR over 21-26 dB,
# so the 22 dB floor failed now and then.
FIXED_SEED = SeedSource("random", seed_hex=bytes(range(32)).hex())
SETTINGS = engine.HideSettings(preset="tiny", seed_source=FIXED_SEED)


@pytest.fixture(scope="module")
def cover() -> np.ndarray:
    return load_cover(sample_path("cover"), TINY.cover_size)[0]


@pytest.fixture(scope="module")
def image_result(cover):
    secret = secrets.load(sample_path("image"), "image", "tiny")
    return secret, engine.hide(secret, cover, SETTINGS)


@pytest.fixture(scope="module")
def password_result(cover):
    secret = secrets.load(sample_path("image"), "image", "tiny")
    return engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=5, password="pw"))


def _reloaded(key: Key) -> Key:
    """The key as the recipient reads it: through its file's bytes and the schema."""
    return Key.from_json(json.loads(key.to_bytes()))


def test_quantise_ste_rounds_forward_and_passes_gradient_straight():
    p = torch.tensor([0.1001, 0.5, 0.99999], requires_grad=True)
    q = quantise_ste(p)
    assert torch.allclose(q * 255, torch.round(q * 255))
    q.sum().backward()
    assert torch.equal(p.grad, torch.ones(3))


def test_container_mapping_round_trips_exactly():
    img = np.random.default_rng(0).integers(0, 256, (8, 8, 3), dtype=np.uint8)
    assert np.array_equal(pixels_to_uint8(uint8_to_pixels(img)), img)


def test_variable_weights_are_the_container_channels():
    arch = engine.architecture_for("image", 16)
    img = np.random.default_rng(1).integers(0, 256, (16, 16, 3), dtype=np.uint8)
    net = BaseNetwork.from_container(arch, bytes(32), img)
    weights = net.weights()
    for channel, layer in enumerate(arch.variable_layers):
        expected = img[:, :, channel] / 255.0 * (arch.w_max - arch.w_min) + arch.w_min
        np.testing.assert_allclose(weights[layer].detach().numpy(), expected, rtol=0, atol=1e-6)


def test_predefined_weights_come_from_the_seed_only():
    arch = engine.architecture_for("video", 16)
    img = np.zeros((16, 16, 3), dtype=np.uint8)
    a = BaseNetwork.from_container(arch, b"\x01" * 32, img)
    b = BaseNetwork.from_container(arch, b"\x01" * 32, img)
    c = BaseNetwork.from_container(arch, b"\x02" * 32, img)
    assert torch.equal(a.W0, b.W0) and torch.equal(a.W5, b.W5)
    assert not torch.equal(a.W0, c.W0)


def test_image_secret_quality_floor(image_result):
    _, result = image_result
    assert result.metrics["cover_psnr"] >= 25.0
    assert result.metrics["secret_psnr"] >= 22.0


def test_reveal_reproduces_the_senders_secret_exactly(image_result, cover):
    _, result = image_result
    again = engine.reveal(result.container, result.key)
    assert np.array_equal(again, result.revealed)


def test_reveal_in_a_fresh_process_is_byte_identical(image_result, tmp_path):
    _, result = image_result
    save_png(tmp_path / "c.png", result.container)
    result.key.save(tmp_path / "k.json")
    outs = []
    for i in range(2):
        out = tmp_path / f"r{i}.png"
        proc = subprocess.run(
            [sys.executable, "-m", "stegstudio", "reveal", "--container", str(tmp_path / "c.png"),
             "--key", str(tmp_path / "k.json"), "--out", str(out), "--quiet"],
            capture_output=True, text=True, timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert np.array_equal(load_image(tmp_path / "r0.png"), result.revealed)


def test_wrong_key_reveals_noise(image_result):
    secret, result = image_result
    other = Key(result.key.method, SeedSource.new(None), result.key.params)
    wrong = engine.reveal(result.container, other)
    assert secret.compare(wrong)["secret_psnr"] < 15.0


def test_container_that_does_not_match_the_key_is_refused(image_result):
    _, result = image_result
    with pytest.raises(InputError, match="does not belong to this key"):
        engine.reveal(np.zeros((32, 32, 3), np.uint8), result.key)


def test_password_key_needs_the_password(password_result):
    result = password_result
    with pytest.raises(InputError, match="password"):
        engine.reveal(result.container, result.key)
    assert np.array_equal(engine.reveal(result.container, result.key, "pw"), result.revealed)


def test_twenty_wrong_passwords_are_all_refused(password_result):
    key = _reloaded(password_result.key)
    wrong = ["PW", "pw ", " pw", "pw\n", "p", "pww", "Pw", "pW", "password", "123456", "pw1", "wp", "café",
             "\u00a0pw", "pw\u200b", "ｐｗ", "pw" * 10, "x", "hunter2", "correct horse battery staple"]
    assert len(set(wrong)) == 20
    for password in wrong:
        with pytest.raises(WrongPassword, match="the password is wrong"):
            engine.reveal_checked(password_result.container, key, password)
    assert engine.reveal_checked(password_result.container, key, "pw").container_intact is True


def _alterations(container: np.ndarray) -> list[np.ndarray]:
    """Ten single-pixel changes of one grey level and ten JPEG recompressions read back as pixels."""
    rng = np.random.default_rng(7)
    out = []
    for _ in range(10):
        y, x, c = (int(v) for v in rng.integers(0, [container.shape[0], container.shape[1], 3]))
        altered = container.copy()
        altered[y, x, c] = altered[y, x, c] - 1 if altered[y, x, c] == 255 else altered[y, x, c] + 1
        out.append(altered)
    for quality in range(60, 100, 4):
        buffer = io.BytesIO()
        Image.fromarray(container).save(buffer, format="JPEG", quality=quality)
        out.append(np.asarray(Image.open(buffer).convert("RGB")))
    return out


def test_twenty_alterations_all_reveal_as_not_intact(image_result):
    _, result = image_result
    key = _reloaded(result.key)
    untouched = engine.reveal_checked(result.container, key)
    assert untouched.container_intact is True and untouched.notes == []
    alterations = _alterations(result.container)
    assert len(alterations) == 20 and all(not np.array_equal(a, result.container) for a in alterations)
    for altered in alterations:
        checked = engine.reveal_checked(altered, key)
        assert checked.container_intact is False
        assert checked.notes == [integrity.ALTERED]
        assert checked.revealed.shape == (32, 32, 3)  # it still reveals: the user decides


def test_a_changed_key_description_fails_the_tag_too(image_result):
    _, result = image_result
    data = json.loads(result.key.to_bytes())
    data["params"]["training"]["steps"] += 1
    assert engine.reveal_checked(result.container, Key.from_json(data)).container_intact is False


def test_strict_refuses_a_changed_or_unchecked_container(image_result):
    _, result = image_result
    altered = _alterations(result.container)[0]
    with pytest.raises(InputError, match=r"changed after hiding.*nothing was revealed"):
        engine.reveal_checked(altered, result.key, strict=True)
    old = Key(result.key.method, result.key.seed_source, result.key.params)  # what a version-1 key holds
    with pytest.raises(InputError, match="version-1 key"):
        engine.reveal_checked(result.container, old, strict=True)
    assert engine.reveal_checked(result.container, result.key, strict=True).container_intact is True


def test_a_key_without_a_tag_reveals_unchecked(image_result):
    _, result = image_result
    old = Key(result.key.method, result.key.seed_source, result.key.params)
    checked = engine.reveal_checked(result.container, old)
    assert checked.container_intact is None and checked.notes == [integrity.UNCHECKED]
    assert np.array_equal(checked.revealed, result.revealed)


def test_cancel_stops_the_job(cover):
    secret = secrets.load(sample_path("image"), "image", "tiny")
    seen = []

    def listener(ev):
        seen.append(ev.step)
        if ev.step >= 20:
            ctx.cancel()

    ctx = JobContext(listener)
    with pytest.raises(Cancelled):
        engine.hide(secret, cover, SETTINGS, ctx)
    assert max(seen) <= 30


def test_progress_reports_named_losses_and_previews(cover):
    secret = secrets.load(sample_path("image"), "image", "tiny")
    events = []
    engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=20), JobContext(events.append, 10))
    hide_events = [e for e in events if e.stage == "hide" and e.values]
    assert {"secret_loss", "cover_loss", "cover_psnr"} <= set(hide_events[-1].values)
    assert any(e.preview is not None and e.preview.shape == (64, 64, 3) for e in hide_events)


def test_video_secret_quality_floor(cover):
    secret = secrets.load(sample_path("video"), "video", "tiny")
    result = engine.hide(secret, cover, SETTINGS)
    assert _reloaded(result.key).params == result.key.params
    assert result.revealed.shape == (4, 16, 16, 3)
    assert result.metrics["cover_psnr"] >= 25.0
    assert result.metrics["secret_psnr"] >= 22.0


def test_shape_secret_reveals_a_mesh(cover):
    secret = secrets.load(sample_path("shape"), "shape", "tiny")
    result = engine.hide(secret, cover, SETTINGS)
    assert _reloaded(result.key).params == result.key.params
    assert len(result.revealed.faces) > 100
    assert result.metrics["cover_psnr"] >= 22.0
    assert result.metrics["secret_chamfer_rel"] < 0.1


def test_audio_secret_round_trip(cover):
    secret = secrets.load(sample_path("audio"), "audio", "tiny")
    result = engine.hide(secret, cover, SETTINGS)
    assert _reloaded(result.key).params == result.key.params
    assert result.revealed.shape == (modalities.get("audio").presets["tiny"].sizes["samples"],)
    assert result.metrics["cover_psnr"] >= 25.0
    assert np.isfinite(result.metrics["secret_snr"])


def test_modality_is_guessed_from_the_file_name():
    assert modalities.guess("a.mp4").name == "video"
    assert modalities.guess("a.flac").name == "audio"
    assert modalities.guess("a.stl").name == "shape"
    assert modalities.guess("a.jpg").name == "image"
    with pytest.raises(InputError, match="--modality"):
        modalities.guess("a.xyz")


def test_architecture_json_round_trip():
    arch = engine.architecture_for("shape", 32)
    assert Architecture.from_json(arch.to_json()) == arch
