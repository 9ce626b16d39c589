"""The learned detector: sealwatch's FLD ensemble (Kodovsky, Fridrich, Holub 2012) on SPAM features.

The shipped model is `resources/models/detector.npz`, plain arrays (no pickle): each base learner's
feature subspace, weights and bias. It is rebuilt into sealwatch's own `EnsembleClassifier`, so
inference is the library's majority vote; the stego probability is the share of base learners
voting stego. `scripts/train_detector.py` retrains it.
"""

from __future__ import annotations

import functools
import importlib.resources
import io
import json
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from stegstudio.core.analysis.features import DIMENSIONS

MODEL_FILE = "detector.npz"
# Fixed, not sealwatch's "automatic": in a trial on 60 pairs the automatic search ran into its
# 500-learner cap and took minutes per fit; 51 learners (odd: no tied votes) on 128-feature subspaces
# fit in about two seconds, which the benchmark's 5-fold cross-validation needs dozens of times.
BASE_LEARNERS = 51
D_SUB = 128


def _ensemble_module():
    with warnings.catch_warnings():  # sealwatch imports pkg_resources, which warns that it is deprecated
        warnings.simplefilter("ignore")
        from sealwatch import ensemble_classifier
    return ensemble_classifier


@dataclass(frozen=True)
class Detector:
    """An FLD ensemble as arrays: `subspaces` (L, d_sub) feature indices, `weights` (L, d_sub), `biases` (L,)."""

    subspaces: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    info: dict[str, Any]

    @staticmethod
    def train(covers: np.ndarray, stegos: np.ndarray, seed: int = 0, info: dict[str, Any] | None = None,
              base_learners: int = BASE_LEARNERS, d_sub: int = D_SUB) -> Detector:
        """Fit the ensemble on paired feature rows (cover i belongs with stego i); seeded, so repeatable."""
        ens = _ensemble_module()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            trainer = ens.FldEnsembleTrainer(np.ascontiguousarray(covers, dtype=np.float64),
                                             np.ascontiguousarray(stegos, dtype=np.float64), seed=seed,
                                             seed_subspaces=seed + 1, seed_bootstrap=seed + 2,
                                             L=base_learners, d_sub=min(d_sub, covers.shape[1]), verbose=0)
            ensemble, _ = trainer.train()
        learners = ensemble.base_learners
        return Detector(subspaces=np.stack([bl.subspace for bl in learners]).astype(np.int32),
                        weights=np.stack([bl.learner.w for bl in learners]).astype(np.float64),
                        biases=np.array([bl.learner.b for bl in learners], dtype=np.float64),
                        info=dict(info or {}))

    def _ensemble(self):
        ens = _ensemble_module()
        learners = []
        for subspace, w, b in zip(self.subspaces, self.weights, self.biases, strict=True):
            learner = ens.base_learner.BaseLearner()
            learner.subspace = subspace.astype(np.int64)
            learner.learner = ens.fld.FisherLinearDiscriminantLearner(w=w, b=float(b))
            learners.append(learner)
        return ens.EnsembleClassifier(learners, d_sub=self.subspaces.shape[1])

    @property
    def flag_threshold(self) -> float:
        """The probability from which a verdict says "flagged", set at training from clean covers."""
        return float(self.info.get("flag_threshold", 0.5))

    def stego_probability(self, features: np.ndarray) -> np.ndarray:
        """Share of base learners voting stego, per feature row (0 = all say cover, 1 = all say stego)."""
        rows = np.atleast_2d(np.asarray(features, dtype=np.float64))
        return (self._ensemble().predict_confidence(rows) + 1.0) / 2.0

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, subspaces=self.subspaces, weights=self.weights, biases=self.biases,
                            info=np.array(json.dumps(self.info, sort_keys=True)))
        return buffer.getvalue()

    @staticmethod
    def from_bytes(data: bytes) -> Detector:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            det = Detector(subspaces=z["subspaces"], weights=z["weights"], biases=z["biases"],
                           info=json.loads(str(z["info"])))
        if det.subspaces.max() >= DIMENSIONS:
            raise ValueError(f"{MODEL_FILE} expects more than {DIMENSIONS} features; retrain it")
        return det


@functools.lru_cache(maxsize=1)
def shipped() -> Detector:
    """The model in `resources/models/`, read once per process."""
    data = (importlib.resources.files("stegstudio.resources") / "models" / MODEL_FILE).read_bytes()
    return Detector.from_bytes(data)
