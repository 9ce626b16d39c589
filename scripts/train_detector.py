#!/usr/bin/env python3
"""Retrain the shipped steganalysis detector (`resources/models/detector.npz`) and record how it does
on covers it never saw (`benchmarks/results/detector.json`).

    python scripts/train_detector.py --covers 100

Training pairs: every corpus cover outside the holdout photos (`corpus.HOLDOUT_PHOTOS`) with its FNNS
fast stego image at each density, SPAM features averaged over the channels, sealwatch's FLD ensemble
(seed 0). Held out: every crop of the holdout photos with its FNNS stego images; the acceptance check
runs `analyse` on them. It reuses (and fills) the benchmark's cache, so after
`benchmarks/detectability_bench.py` it only trains.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the benchmark's helpers, when run as a script from anywhere

from benchmarks import detectability_corpus as corpus  # noqa: E402
from benchmarks import record  # noqa: E402
from benchmarks.detectability_bench import density_arg, limit_arg, p_error  # noqa: E402
from stegstudio.core.analysis.detector import MODEL_FILE, Detector  # noqa: E402
from stegstudio.core.analysis.report import FLAGGED, analyse  # noqa: E402
from stegstudio.core.fileio import write_bytes_atomic  # noqa: E402

FALSE_ALARMS = 0.95
CALIBRATION_FOLDS = 5


def _training_order(benchmark_covers: list[corpus.Cover], size: int) -> list[corpus.Cover]:
    """The held-out covers first (the acceptance needs them), then one crop of each training photo and
    one GASP cover in turn, so any --limit prefix draws on every photo and on both domains."""
    held = [c for c in benchmark_covers if c.holdout]
    by_source: dict[str, list[corpus.Cover]] = {}
    for cover in [c for c in benchmark_covers if not c.holdout] + corpus.photo_covers(size, corpus.TRAINING_SOURCES):
        by_source.setdefault(cover.source if cover.domain == "photo" else cover.domain, []).append(cover)
    return held + [c for turn in itertools.zip_longest(*by_source.values()) for c in turn if c is not None]


def _embed_one(job: tuple[corpus.Cover, float, Path]) -> None:
    torch.set_num_threads(1)  # one embedding per core: faster in all than two threads each
    corpus.fnns_stego(*job)


def _fill_cache(jobs: list[tuple[corpus.Cover, float, Path]], workers: int) -> None:
    """Make the missing FNNS images of `jobs` in `workers` processes (they are cached, so a later serial
    pass only reads them)."""
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for done, _ in enumerate(pool.map(_embed_one, jobs), 1):
            print(f"{done}/{len(jobs)} FNNS images", file=sys.stderr, flush=True)


def _pairs(covers: list[corpus.Cover], bpps: list[float], limits: dict[float, int], cache: Path,
           workers: int = 1) -> dict[float, list[tuple]]:
    """Per density: (cover, cover features, stego image, stego features) for every FNNS image made."""
    out: dict[float, list[tuple]] = {b: [] for b in bpps}
    chosen = {bpp: covers[: limits.get(bpp, len(covers))] for bpp in bpps}
    if workers > 1:
        _fill_cache([(cover, bpp, cache) for bpp in bpps for cover in chosen[bpp]], workers)
    for bpp in bpps:
        for cover in chosen[bpp]:
            made = corpus.fnns_stego(cover, bpp, cache)
            if made is None:
                continue
            cf = corpus.cached_features(cache, cover, "cover", cover.image).mean(axis=0)
            sf = corpus.cached_features(cache, cover, f"fnns-{bpp:g}", made[0]).mean(axis=0)
            out[bpp].append((cover, cf, made[0], sf))
    return out


def _train(rows: list[tuple], info: dict | None = None) -> Detector:
    """The shipped recipe: one FLD ensemble (seed 0) on every (cover, stego) pair of `rows`."""
    return Detector.train(np.stack([r[1] for r in rows]), np.stack([r[3] for r in rows]), seed=0, info=info)


def _out_of_fold_scores(rows: list[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """Each training pair's cover and stego probabilities from the same recipe trained without its
    photo: folds group by source photo, so no crop of it (nor any of their stego images) is in the fold
    that scores it, as with a user's photo the detector never saw."""
    sources = sorted({r[0].source for r in rows})
    group = np.array([sources.index(r[0].source) for r in rows])
    covers, stegos = np.zeros(len(rows)), np.zeros(len(rows))
    for fit, held in GroupKFold(n_splits=CALIBRATION_FOLDS).split(rows, groups=group):
        det = _train([rows[i] for i in fit])
        covers[held] = det.stego_probability(np.stack([rows[i][1] for i in held]))
        stegos[held] = det.stego_probability(np.stack([rows[i][3] for i in held]))
    return covers, stegos


def _flag_threshold(cover_scores: np.ndarray) -> float:
    """The stego probability from which `analyse` says "likely to be flagged": the 95th percentile of
    the training covers' out-of-fold probabilities, never below the ensemble's own 0.5, so that about
    one clean cover in twenty like them is called suspect."""
    return max(FLAGGED, float(np.quantile(cover_scores, FALSE_ALARMS)))


def _acceptance(det: Detector, held: list[tuple]) -> dict:
    """`analyse` on the first ten held-out covers and their 2 bpp stego images: ranked, and called clean?"""
    ten = held[:10]
    cover_p = [analyse(c.image, detector=det).stego_probability for c, _, _, _ in ten]
    stego_p = [analyse(s, c.image, detector=det).stego_probability for c, _, s, _ in ten]
    return {"covers": [c.name for c, _, _, _ in ten], "cover_probability": cover_p, "stego_probability": stego_p,
            "stego_above_cover": int(sum(s > c for s, c in zip(stego_p, cover_p, strict=True))),
            "covers_called_clean": int(sum(p < det.flag_threshold for p in cover_p))}


def _unused_covers(det: Detector, covers: list[corpus.Cover], used: set[str], cache: Path) -> dict:
    """The flag rate on the corpus covers neither trained on nor held out: clean images of the same
    kinds that played no part in the model or its flag bar."""
    rest = [c for c in covers if c.name not in used and not c.holdout]
    if not rest:
        return {"covers": 0}
    scores = det.stego_probability(np.stack([corpus.cached_features(cache, c, "cover", c.image).mean(axis=0)
                                             for c in rest]))
    domains = np.array([c.domain for c in rest])
    return {"covers": len(rest), "flagged": int((scores >= det.flag_threshold).sum()),
            "by_domain": {d: {"covers": int((domains == d).sum()),
                              "flagged": int((scores[domains == d] >= det.flag_threshold).sum())}
                          for d in ("photo", "gasp")}}


def _seconds_512(det: Detector) -> float:
    import skimage.data

    image = skimage.data.astronaut()  # 512 x 512
    analyse(image, detector=det)  # imports and first-call costs out of the timing
    t0 = time.perf_counter()
    for _ in range(3):
        analyse(image, detector=det)
    return (time.perf_counter() - t0) / 3


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--covers", type=int, default=100, help="corpus covers to draw from (default 100)")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--bpp", type=density_arg, nargs="+", default=[1, 2])
    p.add_argument("--limit", nargs="*", default=[], metavar="BPP=N", type=limit_arg,
                   help="use only the first N covers at density BPP, as the benchmark's --limit")
    p.add_argument("--jobs", type=int, default=1, help="FNNS embeddings made at once, one per core")
    p.add_argument("--cache", type=Path, default=REPO / "bench-out" / "detectability")
    p.add_argument("--model", type=Path, default=REPO / "resources" / "models" / MODEL_FILE)
    p.add_argument("--report", type=Path, default=REPO / "benchmarks" / "results" / "detector.json")
    args = p.parse_args()
    covers = _training_order(corpus.covers(args.covers, args.size) if args.covers else [], args.size)
    pairs = _pairs(covers, args.bpp, dict(args.limit), args.cache, args.jobs)
    train = [row for rows in pairs.values() for row in rows if not row[0].holdout]
    cover_scores, stego_scores = _out_of_fold_scores(train)
    threshold = _flag_threshold(cover_scores)
    train_covers = {r[0].name: r[0].domain for r in train}
    det = _train(train, info={
        "features": "spam686-mean-rgb", "trained_on": f"{len(train)} cover/FNNS-fast pairs from "
        f"{len(train_covers)} covers, {args.size} px, bpp {args.bpp}",
        "command": "python scripts/train_detector.py " + " ".join(sys.argv[1:]), "flag_threshold": threshold})
    write_bytes_atomic(args.model, det.to_bytes())
    held = {}
    for bpp, rows in pairs.items():
        rows = [r for r in rows if r[0].holdout]
        if not rows:
            continue
        scores = det.stego_probability(np.stack([r[1] for r in rows] + [r[3] for r in rows]))
        labels = np.concatenate([np.zeros(len(rows)), np.ones(len(rows))])
        held[f"{bpp:g}"] = {"pairs": len(rows), "auc": float(roc_auc_score(labels, scores)),
                          "p_e": p_error(labels, scores)}
    report = {"benchmark": "detector", "command": det.info["command"], "model_file": f"resources/models/{MODEL_FILE}",
              "model_bytes": args.model.stat().st_size, "training_pairs": len(train),
              "training_covers": {d: sum(v == d for v in train_covers.values()) for d in ("photo", "gasp")},
              "training_photos": sorted({r[0].source for r in train if r[0].domain == "photo"}),
              "flag_threshold": threshold, "flag_rule": f"{FALSE_ALARMS:.0%} quantile of the training covers' "
              f"{CALIBRATION_FOLDS}-fold out-of-fold probabilities (folds grouped by source photo), at least {FLAGGED}",
              "training_out_of_fold": {"auc": float(roc_auc_score(np.r_[np.zeros(len(train)), np.ones(len(train))],
                                                                  np.r_[cover_scores, stego_scores])),
                                       "stego_above_cover": float(np.mean(stego_scores > cover_scores)),
                                       "cover_median": float(np.median(cover_scores)),
                                       "cover_max": float(cover_scores.max()),
                                       "covers_flagged": int((cover_scores >= threshold).sum())},
              "base_learners": int(det.subspaces.shape[0]),
              "d_sub": int(det.subspaces.shape[1]),
              "holdout_photos": list(corpus.HOLDOUT_PHOTOS), "dark_crop_rule": f"crops with more than "
              f"{corpus.DARK_SHARE:.0%} of pixels below {corpus.DARK_LEVEL} in every channel left out",
              "size": args.size,
              "held_out_fnns_fast": held,
              "unused_clean_covers": _unused_covers(det, covers, set(train_covers), args.cache),
              "acceptance_fnns_2bpp": _acceptance(det, [r for r in pairs.get(2, []) if r[0].holdout]),
              "seconds_per_512px_image": _seconds_512(det)}
    record.write_json(args.report, report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
