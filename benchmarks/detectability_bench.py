#!/usr/bin/env python3
"""How detectable FNNS stego images are, next to LSB matching and HILL on the same covers in one run.

Covers: non-overlapping crops of the photos in the scikit-image, scikit-learn and matplotlib wheels,
then GASP covers (`benchmarks/detectability_corpus.py`). Per cover: FNNS fast at each density of
--bpp, then LSB matching and HILL (conseal simulators) carrying the same number of bits as that FNNS
image; with --crossmodal N, cross-modal containers of the first N covers too. Detector: SPAM
features with sealwatch's FLD ensemble, trained and scored by grouped 5-fold cross-validation (a
cover and all its stego images always in the same fold), for each method and density on its own.
Reports AUC, P_E (minimum average of false-alarm and missed-detection rates), PSNR and seconds per
image. Embeddings and features are cached in --cache.

    python benchmarks/detectability_bench.py --covers 100 --limit 1=11 2=36 0.1=24 0.5=24 --crossmodal 13  # committed
    python benchmarks/detectability_bench.py --covers 8 --size 64 --out bench-out/detectability-smoke.json  # smoke
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # its corpus helper, when run as a script

from benchmarks import detectability_corpus as corpus
from benchmarks import record
from stegstudio.core import metrics
from stegstudio.core.analysis.detector import BASE_LEARNERS, D_SUB, Detector

ANCHORS = ("lsbm", "hill")
FEATURE_VIEWS = {"mean": lambda f: f.mean(axis=0), "concat": lambda f: f.reshape(-1)}


def p_error(labels: np.ndarray, scores: np.ndarray) -> float:
    """Minimum over thresholds of (P_FA + P_MD) / 2."""
    fpr, tpr, _ = roc_curve(labels, scores)
    return float(np.min(0.5 * (fpr + 1.0 - tpr)))


def cross_validated_scores(cover_x: np.ndarray, stego_x: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Out-of-fold stego probabilities of [covers; stegos]; pair i (cover i, stego i) shares a fold."""
    n = len(cover_x)
    groups = np.concatenate([np.arange(n), np.arange(n)])
    x = np.concatenate([cover_x, stego_x])
    scores = np.zeros(2 * n)
    for train, test in GroupKFold(n_splits=folds).split(x, groups=groups):
        pairs = np.unique(groups[train])
        det = Detector.train(cover_x[pairs], stego_x[pairs], seed=seed)
        scores[test] = det.stego_probability(x[test])
    return scores


def stego_set(cover: corpus.Cover, bpp: float, cache: Path, methods: list[str]
              ) -> dict[str, tuple[np.ndarray, float]] | None:
    """The FNNS images asked for at `bpp` ("fnns" = fast mode, "covert") and the two anchors carrying the
    same bits (both modes hide the same message in the same code), each with its seconds; None if an
    FNNS embedding failed."""
    out: dict[str, tuple[np.ndarray, float]] = {}
    bits = 0
    for method in methods:
        made = corpus.fnns_stego(cover, bpp, cache, corpus.MODES[method])
        if made is None:
            return None
        out[method] = (made[0], made[1]["seconds"])
        bits = made[1]["payload_bits"]
    for method in ANCHORS:
        t0 = time.perf_counter()
        out[method] = (corpus.anchor_stego(cover, method, bits), time.perf_counter() - t0)
    return out


def density_arg(text: str) -> float:
    """A density from the command line: 2 stays the int 2 (the engine's integer densities, cache name
    `fnns-2`), 0.25 becomes a float (`fnns-0.25`)."""
    value = float(text)
    return int(value) if value.is_integer() else value


def limit_arg(text: str) -> tuple[float, int]:
    bpp, _, count = text.partition("=")
    return density_arg(bpp), int(count)


def _row(method: str, bpp: float | None, cover_feats: list[np.ndarray], stego_feats: list[np.ndarray],
         domains: list[str], psnrs: list[float], seconds: list[float], args: argparse.Namespace) -> dict:
    """One table row: the detector trained and scored by grouped cross-validation on these covers and
    this method's images of them, in each feature view."""
    domain = np.array(domains)
    row = {"method": method, "bpp": bpp, "covers": len(domain),
           "covers_by_domain": {d: int((domain == d).sum()) for d in ("photo", "gasp")},
           "psnr_rgb": float(np.mean(psnrs)), "seconds_per_image": float(np.mean(seconds))}
    for view, reduce in FEATURE_VIEWS.items():
        cx = np.stack([reduce(f) for f in cover_feats])
        sx = np.stack([reduce(f) for f in stego_feats])
        scores = cross_validated_scores(cx, sx, args.folds, args.seed)
        labels = np.concatenate([np.zeros(len(cx)), np.ones(len(sx))])
        row[view] = {"auc": float(roc_auc_score(labels, scores)), "p_e": p_error(labels, scores)}
        both = np.concatenate([domain, domain])
        row[view]["auc_by_domain"] = {
            d: float(roc_auc_score(labels[both == d], scores[both == d]))
            for d in ("photo", "gasp") if (both == d).sum() >= 4}
    print(json.dumps(row), flush=True)
    return row


def _crossmodal_row(covers: list[corpus.Cover], args: argparse.Namespace) -> dict:
    """Cross-modal containers of the first covers (an image secret at the quick preset): no anchor
    carries "the same payload", since the whole container is the network."""
    cover_feats, stego_feats, psnrs, seconds = [], [], [], []
    for cover in covers:
        image, info = corpus.crossmodal_container(cover, args.cache)
        cover_feats.append(corpus.cached_features(args.cache, cover, "cover", cover.image))
        stego_feats.append(corpus.cached_features(args.cache, cover, "crossmodal-image", image))
        psnrs.append(metrics.psnr(cover.image, image))
        seconds.append(info["seconds"])
    return _row("crossmodal", None, cover_feats, stego_feats, [c.domain for c in covers], psnrs, seconds, args)


def run(args: argparse.Namespace) -> dict:
    torch.set_num_threads(args.threads)
    covers = corpus.covers(args.covers, args.size)
    rows = []
    feature_seconds = []
    for bpp in sorted(set(args.bpp) | set(args.covert_bpp)):
        limit = args.limits.get(bpp, len(covers))
        asked = [m for m, densities in (("fnns", args.bpp), ("covert", args.covert_bpp)) if bpp in densities]
        methods = [*asked, *ANCHORS]
        feats: dict[str, list[np.ndarray]] = {"cover": [], **{m: [] for m in methods}}
        psnrs: dict[str, list[float]] = {m: [] for m in methods}
        seconds: dict[str, list[float]] = {m: [] for m in methods}
        domains, failed = [], 0
        for cover in covers[:limit]:
            made = stego_set(cover, bpp, args.cache, asked)
            if made is None:
                failed += 1
                continue
            domains.append(cover.domain)
            t0 = time.perf_counter()
            feats["cover"].append(corpus.cached_features(args.cache, cover, "cover", cover.image))
            feature_seconds.append(time.perf_counter() - t0)
            for method, (image, secs) in made.items():
                feats[method].append(corpus.cached_features(args.cache, cover, f"{method}-{bpp:g}", image))
                psnrs[method].append(metrics.psnr(cover.image, image))
                seconds[method].append(secs)
        for method in methods:
            row = _row(method, bpp, feats["cover"], feats[method], domains, psnrs[method], seconds[method], args)
            rows.append({**row, "fnns_failed": failed})
    if args.crossmodal:
        rows.append(_crossmodal_row(covers[:args.crossmodal], args))
    return {
        "benchmark": "detectability",
        "command": "python benchmarks/detectability_bench.py " + " ".join(args.argv),
        "size": args.size, "folds": args.folds, "covers_requested": args.covers, "limits": args.limits,
        "photo_covers": sum(c.domain == "photo" for c in covers),
        "gasp_covers": sum(c.domain == "gasp" for c in covers),
        "features": "SPAM (686) per channel; 'mean' averages R, G, B, 'concat' joins them (2058)",
        "classifier": f"sealwatch FLD ensemble, L {BASE_LEARNERS}, d_sub {D_SUB}, seed {args.seed}",
        "feature_seconds_per_image": float(np.mean(feature_seconds)) if feature_seconds else None,
        "note": "fnns = FNNS fast mode, covert = FNNS covert mode (HILL costs, syndrome-trellis code); both hide "
                "the same message at a density, so the anchors carry exactly the bits they read (payload_bits), "
                "spread evenly over R, G, B. crossmodal = a cross-modal container (the bundled sample image "
                "hidden at the quick preset with a password); it has no bpp and no anchor.",
        "machine": record.machine(),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    import sys

    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--covers", type=int, default=100, help="number of covers (default 100)")
    p.add_argument("--size", type=int, default=256, help="cover side in pixels (default 256)")
    p.add_argument("--bpp", type=density_arg, nargs="*", default=[1, 2], help="FNNS fast densities (default 1 2)")
    p.add_argument("--covert-bpp", type=density_arg, nargs="*", default=[0.1, 0.25, 0.5, 1],
                   help="FNNS covert densities (default 0.1 0.25 0.5 1)")
    p.add_argument("--limit", nargs="*", default=[], metavar="BPP=N", type=limit_arg,
                   help="use only the first N covers at density BPP (the slow ones), e.g. 3=20")
    p.add_argument("--crossmodal", type=int, default=0, metavar="N",
                   help="also measure cross-modal containers (image secret, quick preset) of the first N covers")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--threads", type=int, default=1,
                   help="torch threads (default 1: on a shared 2-core CPU two threads ran several times slower)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cache", type=Path, default=Path("bench-out/detectability"))
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/detectability.json"))
    args = p.parse_args(argv)
    args.argv, args.limits = argv, dict(args.limit)
    report = run(args)
    record.write_json(args.out, report)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
