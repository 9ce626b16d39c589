"""Audio: WAV/FLAC/OGG in, 16-bit PCM WAV out; secrets are fixed-length mono clips at one sample rate."""

from __future__ import annotations

import math
import os
import wave
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

from stegstudio.core.errors import InputError
from stegstudio.core.fileio import write_atomic

SAMPLE_RATE = 22050

# resample_poly's default window spans 10 zero crossings either side, counted at the finer of the two rates.
_RESAMPLE_HALF_TAPS = 10


def _read(p: Path, frames: int) -> np.ndarray:
    try:
        return sf.read(p, frames=frames, dtype="float32", always_2d=True)[0]
    except (sf.SoundFileError, RuntimeError, ValueError) as exc:
        raise InputError(f"{p}: the audio is corrupt or truncated ({exc})") from exc


def load_audio(
    path: str | os.PathLike[str], sample_rate: int, num_samples: int
) -> tuple[np.ndarray, list[str]]:
    """Read mono float32 audio of exactly `num_samples` at `sample_rate`, saying what was done to it.

    Only the part of the file that ends up in the result is decoded, so an hour-long file is cheap.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file not found")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not an audio file")
    try:
        info = sf.info(p)
    except (sf.SoundFileError, RuntimeError) as exc:
        raise InputError(f"{p}: not an audio file StegStudio can read; use WAV, FLAC or OGG") from exc
    if info.frames <= 0 or info.samplerate <= 0:
        raise InputError(f"{p}: the audio file holds no samples")

    notices: list[str] = []
    src_rate = int(info.samplerate)
    g = math.gcd(src_rate, sample_rate)
    up, down = sample_rate // g, src_rate // g
    # Input samples needed for the output, plus the resampling filter's reach so the last kept output
    # samples are computed from real audio rather than the zeros resample_poly assumes past the end.
    needed = math.ceil(num_samples * down / up) + (_RESAMPLE_HALF_TAPS * max(up, down)) // up + 1
    x = _read(p, min(info.frames, needed))
    if x.shape[1] > 1:
        notices.append(f"audio has {x.shape[1]} channels: mixed down to mono")
    mono = x.mean(axis=1)
    if np.abs(mono).max(initial=0.0) > 1.0:
        notices.append("audio goes beyond full scale: clipped to [-1, 1]")
    if up != down:
        mono = resample_poly(mono, up, down).astype(np.float32)
        notices.append(f"resampled from {src_rate:,} Hz to {sample_rate:,} Hz")

    duration, want = info.frames / src_rate, num_samples / sample_rate
    if duration * sample_rate > num_samples + 0.5:
        notices.append(f"audio is {duration:.2f} s: using the first {want:.2f} s")
    out = np.zeros(num_samples, dtype=np.float32)
    kept = mono[:num_samples]
    out[: len(kept)] = kept
    if len(kept) < num_samples:
        notices.append(f"audio is {len(kept) / sample_rate:.2f} s: padded with silence to {want:.2f} s")
    return np.clip(out, -1.0, 1.0), notices


def _write_wav(tmp: Path, pcm: np.ndarray, sample_rate: int) -> None:
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.astype("<i2").tobytes())


def save_wav(path: str | os.PathLike[str], samples: np.ndarray, sample_rate: int) -> Path:
    """Write mono samples as 16-bit PCM WAV atomically.

    The standard-library writer adds no metadata chunks, so the same samples always give the same bytes.
    """
    out = Path(path)
    if out.suffix.lower() != ".wav":
        raise InputError(f"{out}: audio is written as WAV; use a .wav file name")
    if samples.ndim != 1:
        raise ValueError("save_wav takes mono samples shaped (N,)")
    pcm = np.round(np.clip(samples.astype(np.float64), -1.0, 1.0) * 32767.0).astype(np.int16)
    return write_atomic(out, lambda tmp: _write_wav(tmp, pcm, sample_rate))
