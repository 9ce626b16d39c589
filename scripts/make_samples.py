"""Regenerate the bundled sample files in resources/samples/ from sources that need no download.

Photos come from the scikit-image wheel, speech from espeak-ng and sox, the shape from an implicit
surface meshed here. Needs `apt-get install espeak-ng sox` and pyvista (for mesh decimation) besides
the project's own dependencies. Run from the repository root: `.venv/bin/python scripts/make_samples.py`.
Sources and licences are listed in resources/samples/README.md.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pyvista as pv
import skimage.data
import soundfile as sf
from PIL import Image
from skimage.measure import marching_cubes

from stegstudio.core.media.audio import SAMPLE_RATE, save_wav
from stegstudio.core.media.image import save_png
from stegstudio.core.media.shape import Mesh, is_watertight, normalise, save_mesh
from stegstudio.core.media.video import save_video

OUT = Path(__file__).resolve().parent.parent / "resources" / "samples"
SENTENCE = "Every picture can keep a secret, if you know where to look."
VIDEO_FRAMES, VIDEO_SIZE = 16, 128
TARGET_FACES = 4000


def square(img: np.ndarray, size: int) -> np.ndarray:
    """Centre square crop, Lanczos-resized, as the app itself prepares covers."""
    h, w = img.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    crop = Image.fromarray(img[top : top + side, left : left + side])
    return np.asarray(crop.resize((size, size), Image.LANCZOS))


def make_video() -> np.ndarray:
    """A slow pan with a slight zoom-in across the rocket launch photo: real texture, smooth real motion."""
    photo = Image.fromarray(skimage.data.rocket())  # 640x427
    frames = []
    for t in np.linspace(0.0, 1.0, VIDEO_FRAMES):
        side = 340.0 - 60.0 * t
        x0 = 40.0 + 220.0 * t
        y0 = 30.0 + 40.0 * t
        box = (x0, y0, x0 + side, y0 + side)
        frames.append(np.asarray(photo.resize((VIDEO_SIZE, VIDEO_SIZE), Image.LANCZOS, box=box)))
    return np.stack(frames)


def make_audio(tmp: Path) -> np.ndarray:
    """Synthetic speech, mono at SAMPLE_RATE, silence trimmed, peak at -1 dBFS."""
    raw, mono = tmp / "raw.wav", tmp / "mono.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "175", "-w", str(raw), SENTENCE], check=True)
    subprocess.run(
        [
            "sox",
            str(raw),
            "-r",
            str(SAMPLE_RATE),
            "-c",
            "1",
            "-b",
            "16",
            str(mono),
            "silence",
            "1",
            "0.01",
            "0.5%",
            "reverse",
            "silence",
            "1",
            "0.01",
            "0.5%",
            "reverse",
            "pad",
            "0.1",
            "0.1",
        ],
        check=True,
    )
    x, rate = sf.read(mono, dtype="float64")
    assert rate == SAMPLE_RATE
    return x * (10 ** (-1 / 20) / np.abs(x).max())


def duck_sdf(p: np.ndarray) -> np.ndarray:
    """Signed distance (approximate) of a rubber duck: body, head, beak and tail blended smoothly."""

    def ellipsoid(q: np.ndarray, c: tuple[float, float, float], r: tuple[float, float, float]) -> np.ndarray:
        k = np.linalg.norm((q - np.array(c)) / np.array(r), axis=-1)
        return (k - 1.0) * min(r)

    def smooth_union(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
        h = np.clip(0.5 + 0.5 * (b - a) / k, 0.0, 1.0)
        return b * (1 - h) + a * h - k * h * (1 - h)

    body = ellipsoid(p, (0.0, 0.0, 0.0), (0.75, 0.5, 0.42))
    tail = ellipsoid(p, (-0.62, 0.0, 0.22), (0.22, 0.16, 0.12))
    head = ellipsoid(p, (0.42, 0.0, 0.55), (0.3, 0.3, 0.3))
    beak = ellipsoid(p, (0.76, 0.0, 0.5), (0.16, 0.12, 0.05))
    d = smooth_union(body, tail, 0.15)
    d = smooth_union(d, head, 0.12)
    return smooth_union(d, beak, 0.04)


def make_shape() -> Mesh:
    n = 96
    axis = np.linspace(-1.2, 1.2, n)
    grid = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), axis=-1)
    verts, faces, _, _ = marching_cubes(duck_sdf(grid), level=0.0, spacing=(axis[1] - axis[0],) * 3)
    verts += axis[0]
    surface = pv.PolyData.from_regular_faces(verts, faces)
    reduced = surface.decimate(1.0 - TARGET_FACES / len(faces)).triangulate().clean()
    mesh = Mesh(
        vertices=np.asarray(reduced.points, dtype=np.float64),
        faces=np.asarray(reduced.regular_faces, dtype=np.int64),
    )
    assert is_watertight(mesh), "decimated duck is not watertight"
    return normalise(mesh, radius=1.0)[0]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    save_png(OUT / "cover.png", square(skimage.data.astronaut(), 512))
    save_png(OUT / "cover2.png", square(skimage.data.coffee(), 512))
    save_png(OUT / "image.png", square(skimage.data.chelsea(), 128))
    save_video(OUT / "video.gif", make_video(), fps=8.0)
    with tempfile.TemporaryDirectory() as tmp:
        save_wav(OUT / "audio.wav", make_audio(Path(tmp)), SAMPLE_RATE)
    save_mesh(OUT / "shape.ply", make_shape())
    for f in sorted(OUT.iterdir()):
        print(f"{f.name:12s} {f.stat().st_size:>9,d} bytes")


if __name__ == "__main__":
    main()
