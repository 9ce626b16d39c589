"""GASP covers: the model, the shipped generator, sampling, training (resume, cancel, torchrun) and bad input."""

import dataclasses
import itertools
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from stegstudio.cli import main
from stegstudio.core import metrics
from stegstudio.core.errors import Cancelled, InputError
from stegstudio.core.gasp import checkpoint, quality, sampling, training
from stegstudio.core.gasp.config import ARCHITECTURES
from stegstudio.core.gasp.discriminators import build_discriminator
from stegstudio.core.gasp.generator import Generator
from stegstudio.core.jobs import JobContext
from stegstudio.core.samples import sample_path


@pytest.fixture(scope="module")
def shipped():
    return sampling.load_generator()


@pytest.fixture
def photos(tmp_path):
    """Eight small photos cut from the bundled cover, plus a file that is not an image."""
    folder = tmp_path / "photos"
    folder.mkdir()
    rng = np.random.default_rng(0)
    src = np.asarray(Image.open(sample_path("cover")).convert("RGB"))
    for i in range(8):
        y, x = rng.integers(0, src.shape[0] - 96, 2)
        Image.fromarray(src[y:y + 96, x:x + 80]).save(folder / f"p{i}.png")
    (folder / "notes.jpg").write_bytes(b"not a jpeg")
    return folder


def _settings(photos, out, **kw):
    base = {"resolution": 32, "steps": 4, "batch": 4, "sample_every": 2, "checkpoint_every": 2}
    return training.TrainSettings(images=photos, out=out, **{**base, **kw})


def test_model_shapes_for_both_architectures():
    for name, cfg in ARCHITECTURES.items():
        gen = Generator(cfg)
        z = torch.randn(2, cfg.latent_dim)
        img = gen.render_grid(z, 16)
        assert img.shape == (2, 3, 16, 16) and img.abs().max() <= 1
        assert len(gen.function_weights(z)) == len(cfg.hidden) + 1, name
        for kind in ("conv", "pointconv"):
            disc = build_discriminator(dataclasses.replace(cfg, resolution=32, discriminator=kind))
            assert disc(torch.zeros(2, 3, 32, 32)).shape == (2,), (name, kind)


def test_shipped_model_gives_varied_covers_that_agree_across_resolutions(shipped):
    covers = [sampling.sample(shipped, seed, 64) for seed in range(6)]
    assert all(c.std() > 8 for c in covers)  # not flat
    assert np.mean([np.abs(a.astype(int) - b).mean() for a, b in itertools.pairwise(covers)]) > 10  # not all alike
    for seed in (0, 3):
        small = sampling.sample(shipped, seed, 64).astype(np.float64)
        large = sampling.sample(shipped, seed, 256).astype(np.float64)
        down = large.reshape(64, 4, 64, 4, 3).mean(axis=(1, 3))
        assert metrics.psnr(down, small) >= 28


def test_same_seed_same_cover_and_interpolation_ends(shipped):
    a = sampling.sample(shipped, 5, 48)
    assert np.array_equal(a, sampling.sample(shipped, 5, 48))
    assert np.array_equal(sampling.interpolate(shipped, 5, 9, 0.0, 48), a)
    assert np.array_equal(sampling.interpolate(shipped, 5, 9, 1.0, 48), sampling.sample(shipped, 9, 48))
    middle = sampling.interpolate(shipped, 5, 9, 0.5, 48)
    assert not np.array_equal(middle, a)


def test_banded_rendering_matches_one_pass(shipped, monkeypatch):
    whole = sampling.sample(shipped, 2, 96)
    monkeypatch.setattr(sampling, "_BAND_POINTS", 96 * 7)
    assert np.array_equal(sampling.sample(shipped, 2, 96), whole)


def test_cover_sample_cli_one_file_and_a_folder(tmp_path, capsys):
    assert main(["cover", "sample", "--size", "64", "--seed", "7", "--out", str(tmp_path / "c.png"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seeds"] == [7] and Image.open(tmp_path / "c.png").size == (64, 64)
    assert main(["cover", "sample", "--size", "32", "--count", "3", "--out", str(tmp_path / "many"), "--quiet"]) == 0
    assert sorted(os.listdir(tmp_path / "many")) == ["cover-0.png", "cover-1.png", "cover-2.png"]
    assert main(["cover", "sample", "--size", "64", "--seed", "7", "--out", str(tmp_path / "c.png")]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize("size", ["100000", "0"])
def test_absurd_size_is_refused_before_anything_is_written(tmp_path, capsys, size):
    assert main(["cover", "sample", "--size", size, "--count", "2", "--out", str(tmp_path / "x")]) == 2
    assert "from 8 to 8192" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_cancelled_sampling_removes_what_it_wrote(tmp_path, shipped):
    seen = []

    def listener(ev):
        seen.append(ev.step)
        if ev.step == 2:
            ctx.cancel()

    ctx = JobContext(listener=listener)
    with pytest.raises(Cancelled):
        sampling.sample_to_files(None, 0, 5, 32, tmp_path / "covers", ctx=ctx)
    assert seen == [1, 2] and not (tmp_path / "covers").exists()


def test_damaged_and_mismatched_models_are_clear_errors(tmp_path, shipped):
    model = tmp_path / "m"
    checkpoint.save_generator(model, shipped, {})
    (model / checkpoint.GENERATOR).write_bytes(b"\x00garbage" * 10)
    with pytest.raises(InputError, match="not a readable checkpoint"):
        sampling.load_generator(model)
    checkpoint.save_generator(model, shipped, {})
    cfg = json.loads((model / checkpoint.CONFIG).read_text())
    cfg["model"]["hidden"] = [32, 32]
    (model / checkpoint.CONFIG).write_text(json.dumps(cfg))
    with pytest.raises(InputError, match="does not match"):
        sampling.load_generator(model)
    (model / checkpoint.CONFIG).write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        sampling.load_generator(model)
    with pytest.raises(InputError, match="does not exist"):
        sampling.load_generator(tmp_path / "nowhere")


def test_image_less_and_unreadable_folders_are_refused(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("no images here")
    with pytest.raises(InputError, match="holds no images"):
        training.train(_settings(empty, tmp_path / "out"), JobContext())
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.png").write_bytes(b"not a png")
    with pytest.raises(InputError, match="could be read"):
        training.train(_settings(broken, tmp_path / "out"), JobContext())
    assert not (tmp_path / "out").exists()


def test_train_resume_and_refusals(tmp_path, photos):
    out = tmp_path / "model"
    res = training.train(_settings(photos, out), JobContext())
    assert res.steps == 4 and res.images == 8 and res.skipped == ["notes.jpg"] and res.ranks_agree
    assert {"config.json", "generator.pt", "training.pt", "training_log.json", "samples"} <= set(os.listdir(out))
    assert sorted(os.listdir(out / "samples")) == ["step-0000002.png", "step-0000004.png"]
    gen = sampling.load_generator(out)
    assert sampling.sample(gen, 0, 40).shape == (40, 40, 3)

    with pytest.raises(InputError, match="already holds a model"):
        training.train(_settings(photos, out), JobContext())
    with pytest.raises(InputError, match="same --resolution"):
        training.train(_settings(photos, out, resume=True, resolution=64), JobContext())
    resumed = training.train(_settings(photos, out, resume=True, steps=6), JobContext())
    assert resumed.steps == 6
    assert json.loads((out / "config.json").read_text())["training"]["steps"] == 6


def test_cancel_keeps_a_resumable_checkpoint(tmp_path, photos):
    out = tmp_path / "model"

    def listener(ev):
        if ev.stage == "training" and ev.step == 3:
            ctx.cancel()

    ctx = JobContext(listener=listener)
    with pytest.raises(Cancelled, match=r"stopped at step 3 of 50.*--resume"):
        training.train(_settings(photos, out, steps=50, checkpoint_every=100), ctx)
    state = checkpoint.load_tensors(out / checkpoint.TRAINING)
    assert state["step"] == 3
    assert training.train(_settings(photos, out, resume=True, steps=5), JobContext()).steps == 5


def test_pointconv_discriminator_trains(tmp_path, photos):
    res = training.train(_settings(photos, tmp_path / "pc", discriminator="pointconv", steps=2, batch=2),
                         JobContext())
    assert res.steps == 2 and np.isfinite(list(res.last.values())).all()


def test_two_process_gloo_training_keeps_ranks_equal(tmp_path, photos):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
           "-m", "stegstudio", "cover", "train", "--images", str(photos), "--out", str(tmp_path / "ddp"),
           "--steps", "3", "--batch", "2", "--checkpoint-every", "3", "--sample-every", "3", "--json", "--quiet"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
    worker_lines = [line for line in run.stderr.splitlines() if "torch/distributed/elastic" not in line]
    assert run.returncode == 0, "\n".join(worker_lines[:60])
    out = json.loads(run.stdout)
    assert out["world_size"] == 2 and out["ranks_agree"] is True and out["steps"] == 3


def test_swd_is_small_within_a_distribution_and_large_across(shipped):
    untrained = Generator(shipped.cfg)
    ref = quality.random_patches(np.stack([sampling.sample(shipped, s, 32) for s in range(40)]))
    same = quality.random_patches(np.stack([sampling.sample(shipped, s, 32) for s in range(40, 80)]), seed=1)
    other = quality.random_patches(np.stack([sampling.sample(untrained, s, 32) for s in range(40)]))
    assert ref.patches.shape == (40 * quality.PATCHES_PER_IMAGE, 3 * quality.PATCH**2)
    assert quality.sliced_wasserstein(same, ref) * 3 < quality.sliced_wasserstein(other, ref)


def test_generated_cover_carries_bits_and_media_end_to_end(tmp_path, capsys):
    cover = tmp_path / "generated.png"
    assert main(["cover", "sample", "--size", "64", "--seed", "11", "--out", str(cover), "--quiet"]) == 0
    stego = tmp_path / "stego.png"
    assert main(["embed", "--cover", str(cover), "--message", "generated covers work", "--password", "pw",
                 "--bpp", "1", "--out", str(stego), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["extract", "--stego", str(stego), "--password", "pw", "--quiet"]) == 0
    assert capsys.readouterr().out == "generated covers work\n"

    container, key = tmp_path / "container.png", tmp_path / "key.json"
    assert main(["hide", "--secret", str(sample_path("image")), "--cover", str(cover), "--out", str(container),
                 "--key", str(key), "--preset", "tiny", "--steps", "5", "--quiet"]) == 0
    assert main(["reveal", "--container", str(container), "--key", str(key), "--out", str(tmp_path / "r.png"),
                 "--quiet"]) == 0
    assert Image.open(tmp_path / "r.png").size == (32, 32)
