"""The learned detector's input: sealwatch's SPAM features (second-order residual co-occurrences).

SPAM, not SRMQ1 or CRM: of sealwatch's spatial feature sets it is the one fast enough for a 512 px
image within the self-check's time budget (CRM was timed several times over it; SRMQ1 computes more
residuals than CRM per channel, so it was not tried).
Colour: SPAM of each of R, G and B, averaged. FNNS noise sits in every channel alike, so the average
keeps its signal while pooling three times the counts into 686 dimensions, steadier for a training
set of a few dozen pairs than the 2058-dimension concatenation; the benchmark reports both views.
"""

from __future__ import annotations

import warnings

import numpy as np

DIMENSIONS = 686


def _spam(channel: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():  # sealwatch imports pkg_resources, which warns that it is deprecated
        warnings.simplefilter("ignore")
        import sealwatch

    feats = sealwatch.spam.extract(np.ascontiguousarray(channel, dtype=np.uint8))
    return np.concatenate([np.ravel(v) for v in feats.values()]).astype(np.float64)


def channel_features(image: np.ndarray) -> np.ndarray:
    """SPAM of each colour channel, shape (channels, 686)."""
    return np.stack([_spam(image[..., c]) for c in range(image.shape[-1])])


def spam_features(image: np.ndarray) -> np.ndarray:
    """The detector's 686 features of a uint8 H x W x 3 image: SPAM averaged over the channels."""
    return channel_features(image).mean(axis=0)
