"""8-bit rounding that training can see through, shared by every method whose result is an image.

Both the cross-modal container (quantisation-aware training) and the FNNS optimiser (once
rounding has broken a run) must optimise what survives the PNG: the forward pass reads the
rounded 8-bit levels, the backward pass treats the rounding as the identity (straight-through).
"""

from __future__ import annotations

import torch


def quantise_ste(p01: torch.Tensor) -> torch.Tensor:
    """Round to 8-bit levels in the forward pass, identity in the backward pass."""
    q = torch.round(p01.clamp(0.0, 1.0) * 255.0) / 255.0
    return p01 + (q - p01).detach()
