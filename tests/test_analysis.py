"""The steganalysis self-check: deterministic, honest about bad input, and able to tell LSB embedding
(the classic mistake) and FNNS stego images from their covers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks import detectability_corpus as corpus
from stegstudio.cli import main
from stegstudio.core.analysis.attacks import structural_attacks
from stegstudio.core.analysis.detector import Detector, shipped
from stegstudio.core.analysis.features import DIMENSIONS, spam_features
from stegstudio.core.analysis.report import analyse
from stegstudio.core.errors import InputError
from stegstudio.core.media.image import save_png
from tests.photo_covers import photo_cover


def test_analyse_is_deterministic_for_a_fixed_image() -> None:
    image = photo_cover(0, 96)
    first, second = analyse(image).as_dict(), analyse(image.copy()).as_dict()
    assert first == second
    assert 0.0 <= first["stego_probability"] <= 1.0
    assert set(first["attacks"]) == {"spa", "ws", "chi2_p"}
    assert first["psnr"] is None


def test_analyse_leaves_its_input_untouched_and_measures_against_the_cover() -> None:
    cover = photo_cover(1, 64)
    image = cover.copy()
    image[::2, ::2] ^= 1
    before = image.copy()
    report = analyse(image, cover)
    assert np.array_equal(image, before)
    assert 30.0 < report.psnr < 60.0
    assert 0.9 < report.ssim < 1.0


def test_full_lsb_replacement_is_seen_by_the_structural_attacks() -> None:
    cover = photo_cover(2, 128)
    bits = np.random.default_rng(0).integers(0, 2, cover.shape, dtype=np.uint8)
    stego = (cover & 0xFE) | bits
    clean, dirty = structural_attacks(cover), structural_attacks(stego)
    assert dirty.spa > clean.spa + 0.3
    assert dirty.ws > clean.ws + 0.3
    assert "LSB" in analyse(stego).verdict or "flagged" in analyse(stego).verdict


@pytest.mark.parametrize("bad", [
    np.zeros((64, 64), dtype=np.uint8),  # grey, no channel axis
    np.zeros((64, 64, 3), dtype=np.float32),  # not 8-bit
    np.zeros((64, 64, 4), dtype=np.uint8),  # alpha
    np.zeros((8, 8, 3), dtype=np.uint8),  # too small for the features
    [[0, 0, 0]],  # not an array
])
def test_bad_images_raise_input_errors_that_say_how_to_fix_them(bad) -> None:
    with pytest.raises(InputError, match=r"RGB|at least"):
        analyse(bad)


def test_a_cover_of_another_size_is_refused() -> None:
    with pytest.raises(InputError, match="give the cover the image was made from"):
        analyse(photo_cover(0, 64), photo_cover(0, 48))


def test_the_shipped_model_is_plain_arrays_and_round_trips() -> None:
    det = shipped()
    assert det.subspaces.max() < DIMENSIONS and det.weights.shape == det.subspaces.shape
    again = Detector.from_bytes(det.to_bytes())
    feats = np.stack([spam_features(photo_cover(i, 64)) for i in range(3)])
    assert np.array_equal(det.stego_probability(feats), again.stego_probability(feats))


def test_training_is_repeatable_and_learns_a_separable_toy_problem() -> None:
    rng = np.random.default_rng(0)
    covers = rng.normal(0.0, 1.0, (40, 30))
    stegos = covers + rng.normal(0.0, 0.2, covers.shape) + 0.8  # shifted: separable
    a = Detector.train(covers, stegos, seed=3, base_learners=11, d_sub=10)
    b = Detector.train(covers, stegos, seed=3, base_learners=11, d_sub=10)
    assert np.array_equal(a.subspaces, b.subspaces) and np.array_equal(a.weights, b.weights)
    test = rng.normal(0.0, 1.0, (20, 30))
    assert a.stego_probability(test + 0.8).mean() > a.stego_probability(test).mean() + 0.5


def test_photo_crops_never_overlap() -> None:
    crops = corpus.photo_covers(128)
    names = [c.name for c in crops]
    assert len(names) == len(set(names))
    for source in {c.source for c in crops}:
        tiles = [c for c in crops if c.source == source]
        stacked = {c.image.tobytes() for c in tiles}
        assert len(stacked) == len(tiles)


def test_mostly_black_crops_are_left_out_and_textured_ones_kept() -> None:
    crop = np.full((64, 64, 3), 120, dtype=np.uint8)
    crop[:20] = corpus.DARK_LEVEL - 1  # 31 % dark: kept
    assert not corpus.is_degenerate(crop)
    crop[:24] = 0  # 37.5 % dark: left out
    assert corpus.is_degenerate(crop)
    crops = corpus.photo_covers(256)
    assert not any(corpus.is_degenerate(c.image) for c in crops)
    assert sum(c.source == "retina" for c in crops) == 21  # the fundus's four black corners of 25 tiles are out
    assert sum(c.source == "hubble_deep_field" for c in crops) == 9  # the noisy sky is texture, not background


def test_corpus_is_every_photo_crop_then_gasp_covers() -> None:
    photos = corpus.photo_covers(256)
    covers = corpus.covers(len(photos) + 3, 256)
    assert [c.name for c in covers] == [c.name for c in photos] + [f"gasp-256-{s}" for s in range(3)]
    assert len({c.source for c in photos}) == len(corpus.PHOTO_SOURCES)
    assert sum(c.holdout for c in covers) >= 10  # the acceptance covers, never trained on
    assert [c.name for c in corpus.covers(5, 256)] == [c.name for c in photos[:5]]


@pytest.mark.parametrize(("text", "name"), [("2", "fnns-2"), ("1.0", "fnns-1"), ("0.25", "fnns-0.25")])
def test_densities_keep_integer_cache_names(text, name) -> None:
    from benchmarks.detectability_bench import density_arg

    assert f"fnns-{density_arg(text):g}" == name
    assert isinstance(density_arg(text), int) == ("." not in text or text.endswith(".0"))


def test_cli_json_gives_one_object_per_image(tmp_path, capsys) -> None:
    cover = photo_cover(0, 64)
    stego = cover.copy()
    stego[0, 0] ^= 1
    save_png(tmp_path / "cover.png", cover)
    save_png(tmp_path / "stego.png", stego)
    code = main(["analyse", str(tmp_path / "stego.png"), str(tmp_path / "cover.png"), "--cover",
                 str(tmp_path / "cover.png"), "--json"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    rows = [json.loads(line) for line in out]
    assert [r["image"] for r in rows] == [str(tmp_path / "stego.png"), str(tmp_path / "cover.png")]
    for r in rows:
        assert set(r) == {"image", "stego_probability", "flagged", "attacks", "verdict", "psnr", "ssim"}
        assert isinstance(r["verdict"], str) and r["verdict"]
    assert rows[1]["psnr"] == "inf"  # the cover against itself; JSON has no infinity


def test_cli_prints_a_verdict_per_image(tmp_path, capsys) -> None:
    save_png(tmp_path / "a.png", photo_cover(1, 64))
    assert main(["analyse", str(tmp_path / "a.png")]) == 0
    out = capsys.readouterr().out
    assert "a.png:" in out and "detector stego probability" in out


def test_detector_training_takes_held_out_covers_first_then_every_photo_and_gasp_in_turn() -> None:
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "train_detector.py"
    spec = importlib.util.spec_from_file_location("train_detector", script)
    train_detector = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_detector)
    benchmark = corpus.covers(len(corpus.photo_covers(256)) + 2, 256)
    order = train_detector._training_order(benchmark, 256)
    held = sum(c.holdout for c in benchmark)
    assert all(c.holdout for c in order[:held]) and not any(c.holdout for c in order[held:])
    sources = {c.source if c.domain == "photo" else "gasp" for c in order[held:]}
    first_turn = order[held:held + len(sources)]  # one cover of each photo and one GASP cover
    assert {c.source if c.domain == "photo" else "gasp" for c in first_turn} == sources
    assert sources >= set(corpus.TRAINING_SOURCES) and not sources & set(corpus.HOLDOUT_PHOTOS)
