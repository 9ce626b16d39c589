"""Each secret modality as an INR fitting problem: coordinates and targets in, media out.

A `Secret` is what the *sender* has (the original data and its training samples); a modality's
`render`/`save` are what the *recipient* runs, using only the network and the key's `meta`.
The sender's own metrics come from the very same `render` on the rounded container, so what
the sender reports is exactly what the recipient will get.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from stegstudio.core import metrics
from stegstudio.core.crossmodal import modalities
from stegstudio.core.errors import InputError
from stegstudio.core.media import audio as audio_io
from stegstudio.core.media import image as image_io
from stegstudio.core.media import shape as shape_io
from stegstudio.core.media import video as video_io

EVAL_CHUNK = 16384


def grid(*sizes: int) -> torch.Tensor:
    """Pixel-centre coordinates in [-1, 1] for a grid, flattened to (prod(sizes), len(sizes))."""
    axes = [torch.linspace(-1.0, 1.0, s) if s > 1 else torch.zeros(1) for s in sizes]
    return torch.stack(torch.meshgrid(*axes, indexing="ij"), dim=-1).reshape(-1, len(sizes))


@torch.no_grad()
def evaluate(net: torch.nn.Module, coords: torch.Tensor, device: str | torch.device) -> torch.Tensor:
    """The network on many coordinates in chunks, always returned in float32 on the CPU."""
    out = [net(c.to(device)).float().cpu() for c in coords.split(EVAL_CHUNK)]
    return torch.cat(out)


class Secret(ABC):
    """A loaded secret as fixed (coordinate, value) samples (grid data, or a shape's SDF samples),
    plus the original for metrics."""

    modality: str
    notices: list[str]
    coords: torch.Tensor
    values: torch.Tensor

    @classmethod
    @abstractmethod
    def from_file(cls, path: str | os.PathLike[str], sizes: Mapping[str, int]) -> Secret:
        """Load the sender's file at a preset's sizes (`modalities.ModalityPreset.sizes`)."""

    @staticmethod
    @abstractmethod
    def render(net: torch.nn.Module, meta: dict[str, Any], device: str) -> Any:
        """The recipient's side: the secret as media data from the network and the key's `meta`."""

    @staticmethod
    @abstractmethod
    def write(path: str | os.PathLike[str], revealed: Any, meta: dict[str, Any]) -> Path:
        """Write a rendered secret in the format the path's suffix names."""

    @abstractmethod
    def meta(self) -> dict[str, Any]:
        """What the recipient needs to render this modality (goes into the key)."""

    @abstractmethod
    def compare(self, revealed: Any) -> dict[str, float]:
        """Quality of a revealed secret against this original."""

    @property
    def num_points(self) -> int:
        return int(self.coords.shape[0])

    def batch(self, size: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        """A random training mini-batch (coordinates, targets); everything when it fits."""
        if size >= self.num_points:
            return self.coords, self.values
        idx = torch.randint(0, self.num_points, (size,), generator=gen)
        return self.coords[idx], self.values[idx]

    def loss(self, net: torch.nn.Module, coords: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return torch.mean((net(coords).float() - targets) ** 2)


# ---------------------------------------------------------------- image

class ImageSecret(Secret):
    modality = "image"

    def __init__(self, path: str | os.PathLike[str], size: int) -> None:
        img = image_io.load_image(path)
        self.original, self.notices = image_io.square_cover(img, size, what="secret image", upscale=True)
        self.size = size
        self.coords = grid(size, size)
        self.values = torch.from_numpy(self.original.reshape(-1, 3).astype(np.float32) / 127.5 - 1.0)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], sizes: Mapping[str, int]) -> ImageSecret:
        return cls(path, sizes["height"])

    def meta(self) -> dict[str, Any]:
        return {"modality": self.modality, "height": self.size, "width": self.size}

    def compare(self, revealed: np.ndarray) -> dict[str, float]:
        return metrics.image_metrics(self.original, revealed, prefix="secret")

    @staticmethod
    def render(net: torch.nn.Module, meta: dict[str, Any], device: str) -> np.ndarray:
        h, w = int(meta["height"]), int(meta["width"])
        return _to_uint8(evaluate(net, grid(h, w), device).reshape(h, w, 3))

    @staticmethod
    def write(path: str | os.PathLike[str], revealed: np.ndarray, meta: dict[str, Any]) -> Path:
        return image_io.save_png(path, revealed)


def _to_uint8(x: torch.Tensor) -> np.ndarray:
    return torch.round((x.clamp(-1.0, 1.0) + 1.0) * 127.5).to(torch.uint8).numpy()


# ---------------------------------------------------------------- video

class VideoSecret(Secret):
    modality = "video"

    def __init__(self, path: str | os.PathLike[str], frames: int, size: int, fps: float = 8.0) -> None:
        clip, self.notices = video_io.load_video(path, frames, size)
        self.original = np.round(clip * 255.0).astype(np.uint8)
        self.frames, self.size, self.fps = frames, size, fps
        self.coords = grid(frames, size, size)
        self.values = torch.from_numpy(self.original.reshape(-1, 3).astype(np.float32) / 127.5 - 1.0)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], sizes: Mapping[str, int]) -> VideoSecret:
        return cls(path, sizes["frames"], sizes["height"])

    def meta(self) -> dict[str, Any]:
        return {"modality": self.modality, "frames": self.frames, "height": self.size, "width": self.size,
                "fps": self.fps}

    def compare(self, revealed: np.ndarray) -> dict[str, float]:
        return metrics.video_metrics(self.original, revealed, prefix="secret")

    @staticmethod
    def render(net: torch.nn.Module, meta: dict[str, Any], device: str) -> np.ndarray:
        t, h, w = int(meta["frames"]), int(meta["height"]), int(meta["width"])
        return _to_uint8(evaluate(net, grid(t, h, w), device).reshape(t, h, w, 3))

    @staticmethod
    def write(path: str | os.PathLike[str], revealed: np.ndarray, meta: dict[str, Any]) -> Path:
        return video_io.save_video(path, revealed, fps=float(meta.get("fps", 8.0)))


# ---------------------------------------------------------------- audio

class AudioSecret(Secret):
    """Audio is normalised to a peak of 0.9 for fitting; the gain travels in the key."""

    modality = "audio"

    def __init__(self, path: str | os.PathLike[str], num_samples: int, sample_rate: int) -> None:
        wave, self.notices = audio_io.load_audio(path, sample_rate, num_samples)
        peak = float(np.max(np.abs(wave)))
        if peak < 1e-4:
            raise InputError(f"{path}: the audio is silent; there is nothing to hide")
        self.original = wave.astype(np.float32)
        self.gain = 0.9 / peak
        self.sample_rate, self.num_samples = sample_rate, num_samples
        self.coords = grid(num_samples)
        self.values = torch.from_numpy(self.original * self.gain).reshape(-1, 1)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], sizes: Mapping[str, int]) -> AudioSecret:
        return cls(path, sizes["samples"], audio_io.SAMPLE_RATE)

    def meta(self) -> dict[str, Any]:
        return {"modality": self.modality, "samples": self.num_samples, "sample_rate": self.sample_rate,
                "gain": self.gain}

    def compare(self, revealed: np.ndarray) -> dict[str, float]:
        return metrics.audio_metrics(self.original, revealed, prefix="secret")

    @staticmethod
    def render(net: torch.nn.Module, meta: dict[str, Any], device: str) -> np.ndarray:
        out = evaluate(net, grid(int(meta["samples"])), device).reshape(-1).numpy()
        # Through 16-bit PCM already here, so metrics describe exactly the WAV file the recipient gets.
        pcm = np.round(np.clip(out / float(meta["gain"]), -1.0, 1.0) * 32767.0)
        return (pcm / 32767.0).astype(np.float32)

    @staticmethod
    def write(path: str | os.PathLike[str], revealed: np.ndarray, meta: dict[str, Any]) -> Path:
        return audio_io.save_wav(path, revealed, int(meta["sample_rate"]))


# ---------------------------------------------------------------- shape

@dataclass(frozen=True)
class ShapeSampling:
    surface_pool: int = 250_000
    near_sigmas: tuple[float, ...] = (0.005, 0.02, 0.08)
    near_points: int = 120_000  # per sigma
    uniform_points: int = 60_000


def signed_distance(query: np.ndarray, surface: np.ndarray, normals: np.ndarray) -> np.ndarray:
    """Signed distance to a densely sampled closed surface: point-to-plane close to it, the
    distance to the nearest sample further out, the sign from that sample's outward normal."""
    from scipy.spatial import cKDTree

    dist, idx = cKDTree(surface).query(query, workers=-1)
    offset = query - surface[idx]
    along = np.einsum("ij,ij->i", offset, normals[idx])
    sign = np.where(along >= 0.0, 1.0, -1.0)
    return np.where(dist < 0.01, along, sign * dist).astype(np.float32)


class ShapeSecret(Secret):
    """The SDF network regresses the mesh's signed distance, computed once on the sender's side.

    IGR's loss (|f| on the surface plus an eikonal term) needs second derivatives every step; on a
    CPU that costs about 4x a regression step, and the sender has the mesh anyway. The loss is the
    L1 error of the signed distance on near-surface and uniform samples.
    """

    modality = "shape"

    def __init__(self, path: str | os.PathLike[str], resolution: int, seed: int = 0,
                 sampling: ShapeSampling | None = None) -> None:
        mesh = shape_io.load_mesh(path)
        self.notices = [] if shape_io.is_watertight(mesh) else [
            "the mesh is not closed (not watertight); its inside is ambiguous and the revealed shape may differ"
        ]
        self.original = mesh
        self.unit_mesh, self.centre, self.scale = shape_io.normalise(mesh, radius=0.9)
        self.resolution = resolution
        self.sampling = s = sampling or ShapeSampling()
        surface, normals = shape_io.sample_surface(self.unit_mesh, s.surface_pool, seed)
        rng = np.random.default_rng(seed)
        picks = [surface[rng.integers(0, len(surface), s.near_points)] for _ in s.near_sigmas]
        near = [p + rng.normal(0.0, sigma, p.shape) for p, sigma in zip(picks, s.near_sigmas, strict=True)]
        far = rng.uniform(-1.0, 1.0, (s.uniform_points, 3))
        query = np.concatenate([*near, far]).astype(np.float32)
        sdf = signed_distance(query, surface, normals)
        self.coords = torch.from_numpy(query)
        self.values = torch.from_numpy(sdf).reshape(-1, 1)
        self.reference_points = shape_io.sample_surface(mesh, 30_000, seed + 1)[0]

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], sizes: Mapping[str, int]) -> ShapeSecret:
        return cls(path, sizes["resolution"])

    def meta(self) -> dict[str, Any]:
        return {"modality": self.modality, "resolution": self.resolution,
                "centre": [float(c) for c in self.centre], "scale": float(self.scale)}

    def loss(self, net: torch.nn.Module, coords: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return torch.mean(torch.abs(net(coords).float() - targets))

    def compare(self, revealed: shape_io.Mesh) -> dict[str, float]:
        return metrics.shape_metrics(self.reference_points, self.original.vertices, revealed, prefix="secret")

    @staticmethod
    def render(net: torch.nn.Module, meta: dict[str, Any], device: str) -> shape_io.Mesh:
        from skimage.measure import marching_cubes

        res = int(meta["resolution"])
        sdf = evaluate(net, grid(res, res, res), device).reshape(res, res, res).numpy()
        if not (sdf.min() < 0.0 < sdf.max()):
            raise InputError("the revealed network describes no surface; the container or key is wrong")
        spacing = 2.0 / (res - 1)
        verts, faces, _, _ = marching_cubes(sdf, level=0.0, spacing=(spacing,) * 3)
        verts = verts - 1.0
        centre, scale = np.asarray(meta["centre"], dtype=np.float64), float(meta["scale"])
        return shape_io.Mesh(vertices=verts.astype(np.float64) / scale + centre, faces=faces.astype(np.int64))

    @staticmethod
    def write(path: str | os.PathLike[str], revealed: shape_io.Mesh, meta: dict[str, Any]) -> Path:
        return shape_io.save_mesh(path, revealed)


# ---------------------------------------------------------------- recipient side

def render(net: torch.nn.Module, meta: dict[str, Any], device: str = "cpu") -> Any:
    """The revealed secret as media data: uint8 image/video, float32 audio, or a Mesh."""
    secret_type = modalities.get(meta.get("modality")).secret_type()
    net.eval()
    return secret_type.render(net, meta, device)


def save(path: str | os.PathLike[str], revealed: Any, meta: dict[str, Any]) -> Path:
    return modalities.get(meta["modality"]).secret_type().write(path, revealed, meta)


def load(path: str | os.PathLike[str], modality: str | None, preset: str) -> Secret:
    """The sender's secret file at a preset's sizes; the modality guessed from the name when None."""
    kind = modalities.get(modality) if modality is not None else modalities.guess(path)
    return kind.secret_type().from_file(path, kind.presets[preset].sizes)
