"""Structural attacks on the least significant bits, from sealwatch: SPA, WS and the chi-square test.

They target LSB replacement and say little about FNNS or content-adaptive embedding; they are here
because a careless tool (plain LSB replacement) is caught by them at once, and because a high
estimate on an image the user believes clean is worth knowing. Each runs per colour channel and
reports the largest estimate, since a message may sit in one channel only.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AttackEstimates:
    """Estimated share of pixels carrying an LSB message (0-1) and the chi-square p-value (1 = LSB-full)."""

    spa: float
    ws: float
    chi2_p: float

    def as_dict(self) -> dict[str, float]:
        return {"spa": self.spa, "ws": self.ws, "chi2_p": self.chi2_p}


def _sealwatch():
    with warnings.catch_warnings():  # sealwatch imports pkg_resources, which warns that it is deprecated
        warnings.simplefilter("ignore")
        import sealwatch
    return sealwatch


def structural_attacks(image: np.ndarray) -> AttackEstimates:
    """SPA and WS message-length estimates and the chi-square p-value, the largest over the channels."""
    sw = _sealwatch()
    channels = [np.ascontiguousarray(image[..., c]) for c in range(image.shape[-1])]
    spa = max(float(np.clip(sw.spa.attack(c), 0.0, 1.0)) for c in channels)
    ws = max(float(np.clip(sw.ws.attack(c[..., None]), 0.0, 1.0)) for c in channels)
    chi2_p = max(float(sw.chi2.attack(c)[1]) for c in channels)
    return AttackEstimates(spa=spa, ws=ws, chi2_p=chi2_p)
