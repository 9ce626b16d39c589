"""`analyse`: how a steganalyst would see one image, in numbers and in one sentence.

What the CLI (`stegstudio analyse`) and any GUI panel call. The verdict is deliberately modest: the
detector is trained on a few dozen 256 px photo crops and StegStudio's own FNNS output on them, so "no
sign" means only that these tests found none, never that the image is safe.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from stegstudio.core import metrics
from stegstudio.core.analysis.attacks import AttackEstimates, structural_attacks
from stegstudio.core.analysis.detector import Detector, shipped
from stegstudio.core.analysis.features import spam_features
from stegstudio.core.errors import InputError

MIN_SIDE = 16  # SPAM's third-order differences and WS's 3x3 predictor need a few pixels each way
FLAGGED = 0.5  # the ensemble's own decision (most base learners vote stego); the model may set a higher bar
LSB_ESTIMATE = 0.1  # an SPA or WS estimate above this share of pixels is an LSB-replacement sign


@dataclass(frozen=True)
class AnalysisReport:
    """One image's results: the detector's probability, the attacks' estimates, a verdict in words,
    and (with a cover) how far the image is from it."""

    stego_probability: float
    flagged: bool  # the detector's call: at or above the model's flag threshold
    attacks: AttackEstimates
    verdict: str
    psnr: float | None = None
    ssim: float | None = None

    def as_dict(self) -> dict:
        out = asdict(self)
        out["attacks"] = self.attacks.as_dict()
        return out


def _check(image: np.ndarray, what: str) -> None:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        shape = getattr(image, "shape", None)
        raise InputError(f"the {what} must be an 8-bit RGB image (H x W x 3 uint8), not "
                         f"{getattr(image, 'dtype', type(image).__name__)} of shape {shape}; load it with "
                         "stegstudio.core.media.image.load_image")
    if min(image.shape[:2]) < MIN_SIDE:
        raise InputError(f"the {what} is {image.shape[1]}x{image.shape[0]} px; the tests need at least "
                         f"{MIN_SIDE}x{MIN_SIDE} px: analyse the full-size image")


def verdict(stego_probability: float, attacks: AttackEstimates, threshold: float = FLAGGED) -> str:
    """One sentence a user can act on, from the detector first and the LSB attacks second."""
    if stego_probability >= threshold:
        return (f"likely to be flagged by a trained detector ({stego_probability:.0%} of its votes say hidden "
                "data)")
    if attacks.spa > LSB_ESTIMATE or attacks.ws > LSB_ESTIMATE:
        return "the LSB attacks see a message-like pattern in the lowest bits; a steganalyst would look closer"
    return "no sign of hidden data found by these tests (a stronger detector may still find it)"


def analyse(image: np.ndarray, cover: np.ndarray | None = None, detector: Detector | None = None) -> AnalysisReport:
    """Run the structural attacks and the learned detector on `image` (uint8 RGB); with `cover`, also
    the PSNR and SSIM between them. Deterministic: the same pixels always give the same report."""
    _check(image, "image")
    if cover is not None:
        if isinstance(cover, np.ndarray) and cover.ndim == 3 and cover.shape[:2] != image.shape[:2]:
            raise InputError(f"the cover is {cover.shape[1]}x{cover.shape[0]} px but the image is "
                             f"{image.shape[1]}x{image.shape[0]} px; give the cover the image was made from")
        _check(cover, "cover")
    det = detector or shipped()
    probability = float(det.stego_probability(spam_features(image))[0])
    attacks = structural_attacks(image)
    quality = {} if cover is None else {"psnr": metrics.psnr(cover, image), "ssim": metrics.ssim(cover, image)}
    return AnalysisReport(stego_probability=probability, flagged=probability >= det.flag_threshold, attacks=attacks,
                          verdict=verdict(probability, attacks, det.flag_threshold), **quality)
