"""Video: clips, animated GIFs or folders of frames in; GIF or MP4 out; secrets are square frame stacks.

Only the first frames a preset needs are decoded, so a long clip costs no more than a short one.
"""

from __future__ import annotations

import math
import os
from collections.abc import Generator
from itertools import islice
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from stegstudio.core.errors import InputError
from stegstudio.core.fileio import write_atomic
from stegstudio.core.media.formats import VIDEO_OUTPUT_SUFFIXES
from stegstudio.core.media.image import load_image


def _flatten(im: Image.Image) -> np.ndarray:
    """Composite transparency onto white, as load_image does, so a GIF frame and a PNG frame agree."""
    rgba = im.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(background, rgba).convert("RGB"), dtype=np.uint8)


def _is_image(path: Path) -> bool:
    """Folders of frames often hold stray files (thumbnails, .DS_Store, notes); only images count."""
    if not path.is_file():
        return False
    try:
        with Image.open(path):
            return True
    except (UnidentifiedImageError, OSError):
        return False


# Each reader decodes at most `limit` frames (one more than needed, to tell whether the clip is longer)
# and describes the clip's full length for the notice.


def _gif_frames(p: Path, limit: int) -> tuple[list[np.ndarray], str]:
    try:
        with Image.open(p) as im:
            total = getattr(im, "n_frames", 1)
            out = [_flatten(f) for f in islice(ImageSequence.Iterator(im), limit)]
    except UnidentifiedImageError as exc:
        raise InputError(
            f"{p}: not a readable GIF (no image frames, or not a GIF at all); re-export it as a GIF or MP4"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InputError(f"{p}: the GIF is corrupt or truncated ({exc})") from exc
    return out, f"GIF has {total} frames"


def _folder_frames(p: Path, limit: int) -> tuple[list[np.ndarray], str]:
    files = [f for f in sorted(p.iterdir()) if _is_image(f)]
    if not files:
        raise InputError(f"{p}: the folder holds no image files; put the frames in it as PNG or JPEG files")
    total = len(files)
    files = files[:limit]
    out = [load_image(f) for f in files]
    for f, frame in zip(files, out, strict=True):
        if frame.shape != out[0].shape:
            h0, w0 = out[0].shape[:2]
            h, w = frame.shape[:2]
            raise InputError(
                f"{f}: this frame is {w}x{h} but {files[0].name} is {w0}x{h0}; all frames must have one size"
            )
    return out, f"folder has {total} frames"


def _ffmpeg_frames(p: Path, limit: int) -> tuple[list[np.ndarray], str]:
    reader: Generator = imageio_ffmpeg.read_frames(str(p))
    try:
        try:
            meta = next(reader)
        except (OSError, RuntimeError, StopIteration) as exc:
            raise InputError(
                f"{p}: not a video ffmpeg can read (MP4, MOV, AVI, WebM, MKV, GIF); the file may be corrupt"
            ) from exc
        w, h = meta["size"]
        out: list[np.ndarray] = []
        try:
            for raw in islice(reader, limit):
                out.append(np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3))
        except (OSError, RuntimeError) as exc:
            raise InputError(f"{p}: the video is corrupt or truncated ({exc})") from exc
    finally:
        reader.close()
    fps, duration = meta.get("fps") or 0.0, meta.get("duration") or 0.0
    if fps > 0 and duration > 0 and math.isfinite(fps * duration):
        return out, f"video has about {round(fps * duration)} frames ({duration:.1f} s at {fps:g} fps)"
    return out, f"video has more than {limit - 1} frames"


def _square(clip: np.ndarray, size: int) -> tuple[np.ndarray, str | None]:
    """Centre-crop every frame to a square and resize with Lanczos, like covers, so nothing is stretched."""
    _, h, w, _ = clip.shape
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    clip = clip[:, top : top + side, left : left + side]
    if side != size:
        clip = np.stack([np.asarray(Image.fromarray(f).resize((size, size), Image.LANCZOS)) for f in clip])
    steps = []
    if h != w:
        steps.append(f"centre-cropped from {w}x{h} to {side}x{side}")
    if side != size:
        steps.append(f"{'resized' if side > size else 'enlarged'} to {size}x{size}")
    return clip, ("frames " + " and ".join(steps)) if steps else None


def load_video(path: str | os.PathLike[str], frames: int, size: int) -> tuple[np.ndarray, list[str]]:
    """Read the first `frames` frames as float32 (frames, size, size, 3) in [0, 1], saying what was done."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file or folder not found")
    if p.is_dir():
        clip, length = _folder_frames(p, frames + 1)
    elif p.suffix.lower() == ".gif":
        clip, length = _gif_frames(p, frames + 1)
    else:
        clip, length = _ffmpeg_frames(p, frames + 1)
    if not clip:
        raise InputError(
            f"{p}: contains no frames; give a video, an animated GIF or a folder of frame images"
        )
    if len(clip) < frames:
        raise InputError(
            f"{p}: has {len(clip)} frame{'s' if len(clip) != 1 else ''}; this preset needs {frames}. "
            "Use a longer clip or a preset with fewer frames"
        )
    notices: list[str] = []
    if len(clip) > frames:
        notices.append(f"{length}: using the first {frames}")
    arr, resized = _square(np.stack(clip[:frames]), size)
    if resized:
        notices.append(resized)
    return arr.astype(np.float32) / 255.0, notices


def _write_gif(tmp: Path, frames: np.ndarray, fps: float) -> None:
    images = [Image.fromarray(f) for f in frames]
    images[0].save(
        tmp,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=round(1000.0 / fps),
        loop=0,
        optimize=False,
    )


def _write_mp4(tmp: Path, frames: np.ndarray, fps: float) -> None:
    # yuv420p subsamples chroma 2x2, so libx264 refuses odd sizes; repeat the last row/column instead
    # of cropping so no picture content is lost.
    _, h, w, _ = frames.shape
    frames = np.pad(frames, ((0, 0), (0, h % 2), (0, w % 2), (0, 0)), mode="edge")
    writer = imageio_ffmpeg.write_frames(
        str(tmp),
        (w + w % 2, h + h % 2),
        fps=fps,
        codec="libx264",
        pix_fmt_out="yuv420p",
        quality=None,
        macro_block_size=1,
        output_params=["-crf", "18"],
    )
    writer.send(None)
    for frame in frames:
        writer.send(np.ascontiguousarray(frame))
    writer.close()


def save_video(path: str | os.PathLike[str], frames: np.ndarray, fps: float = 8.0) -> Path:
    """Write uint8 (T, H, W, 3) frames as a looping GIF or an H.264 MP4 (by suffix), atomically."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in VIDEO_OUTPUT_SUFFIXES:
        raise InputError(
            f"{out}: cannot write video as '{out.suffix or '(none)'}'; "
            "use .gif (exact colours up to 256 per frame) or .mp4"
        )
    if frames.dtype != np.uint8 or frames.ndim != 4 or frames.shape[-1] != 3 or len(frames) == 0:
        raise ValueError("save_video takes non-empty uint8 arrays shaped (T, H, W, 3)")
    if not (fps > 0 and math.isfinite(fps)):
        raise ValueError("fps must be a positive finite number")
    if suffix == ".gif":
        return write_atomic(out, lambda tmp: _write_gif(tmp, frames, fps))
    return write_atomic(out, lambda tmp: _write_mp4(tmp, frames, fps))
