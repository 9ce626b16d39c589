"""The fidelity dial: the container ends at the cover PSNR the user asked for, the secret as good as it can be.

Training becomes projected gradient descent on the secret loss alone: after every step the pixels are
pulled back onto the set whose distance from the cover gives the asked PSNR (an L2 ball around the
cover, a radial shrink of the residual). At a stationary point this is the weighted sum of the two
losses with the one beta that meets the constraint, found without searching for beta.

Import-light (torch only inside `project`): the GUI reads the dial's range before torch loads.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from stegstudio.core.errors import InputError

if TYPE_CHECKING:
    import torch

MIN_DB, MAX_DB = 20.0, 50.0  # the dial's range: below 20 dB a container is visibly not the cover
MARGIN_DB = 0.05  # aim this far above the target, for the rounding to 8 bits at the end


def check_target(db: float) -> float:
    """The target in dB, or an InputError that says the range."""
    if not (math.isfinite(db) and MIN_DB <= db <= MAX_DB):
        raise InputError(f"the cover PSNR to aim for must be from {MIN_DB:g} to {MAX_DB:g} dB, not {db}")
    return float(db)


def project(pixels: torch.Tensor, cover: torch.Tensor, target_db: float) -> None:
    """Shrink `pixels` (in place, values in [0, 1], no gradient kept) towards `cover` until their PSNR is at
    least the target."""
    import torch

    limit = 10.0 ** (-(target_db + MARGIN_DB) / 10.0)
    with torch.no_grad():
        residual = pixels - cover
        mse = float(torch.mean(residual * residual))
        if mse > limit:
            pixels.copy_(cover + residual * math.sqrt(limit / mse))
