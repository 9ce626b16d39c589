"""Video and audio secrets the presets were not tuned on, made offline (issue: quality on held-out secrets).

Video: pans, zooms, a rotation and moving objects over scikit-image photos other than the bundled sample's
(rocket) and the bundled cover's (astronaut). Audio: espeak-ng speech in two voices and a third language,
music synthesised by sox, and a real speech recording Debian ships (alsa-utils' Front_Center.wav). The
audio clips need `apt-get install espeak-ng sox alsa-utils`; a clip whose tool is missing is skipped
with a note, never replaced by something else.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import skimage.data
import soundfile as sf
from PIL import Image

from stegstudio.core.media.audio import SAMPLE_RATE, save_wav
from stegstudio.core.media.video import save_video

FRAMES, SIZE, SECONDS = 16, 128, 2.5
REAL_RECORDING = Path("/usr/share/sounds/alsa/Front_Center.wav")


def _crop_path(photo: np.ndarray, boxes: list[tuple[float, float, float]]) -> np.ndarray:
    """Frames cut from `photo` at (x0, y0, side) boxes, each resized to SIZE (Lanczos)."""
    image = Image.fromarray(photo).convert("RGB")
    return np.stack([np.asarray(image.resize((SIZE, SIZE), Image.LANCZOS, box=(x, y, x + s, y + s)))
                     for x, y, s in boxes])


def coffee_zoom() -> np.ndarray:
    return _crop_path(skimage.data.coffee(), [(60 + 90 * t, 20 + 60 * t, 380 - 220 * t)
                                              for t in np.linspace(0, 1, FRAMES)])


def hubble_pan() -> np.ndarray:
    return _crop_path(skimage.data.hubble_deep_field(), [(20 + 400 * t, 40 + 60 * t, 300)
                                                          for t in np.linspace(0, 1, FRAMES)])


def chelsea_rotate() -> np.ndarray:
    photo = Image.fromarray(skimage.data.chelsea()).convert("RGB")
    frames = []
    for t in np.linspace(0, 1, FRAMES):
        turned = photo.rotate(25 * t, resample=Image.BICUBIC, center=(230, 150))
        frames.append(np.asarray(turned.resize((SIZE, SIZE), Image.LANCZOS, box=(100, 20, 360, 280))))
    return np.stack(frames)


def moving_objects() -> np.ndarray:
    """A coin sprite and a colour-wheel disc crossing each other over a textured (gravel) background."""
    background = np.asarray(Image.fromarray(skimage.data.gravel()).convert("RGB").resize((SIZE, SIZE)))
    coin = np.asarray(Image.fromarray(skimage.data.coins()[20:90, 20:90]).convert("RGB").resize((36, 36)))
    wheel = np.asarray(Image.fromarray(skimage.data.colorwheel()).convert("RGB").resize((30, 30)))
    yy, xx = np.mgrid[:30, :30]
    disc = (yy - 14.5) ** 2 + (xx - 14.5) ** 2 <= 15**2
    frames = []
    for t in np.linspace(0, 1, FRAMES):
        frame = background.copy()
        cx, cy = int(8 + 80 * t), int(20 + 50 * t)
        frame[cy:cy + 36, cx:cx + 36] = coin
        wx, wy = int(90 - 70 * t), int(80 - 40 * t)
        frame[wy:wy + 30, wx:wx + 30][disc] = wheel[disc]
        frames.append(frame)
    return np.stack(frames)


VIDEOS: dict[str, Callable[[], np.ndarray]] = {"coffee-zoom": coffee_zoom, "hubble-pan": hubble_pan,
                                               "chelsea-rotate": chelsea_rotate, "moving-objects": moving_objects}


def _to_clip(raw: Path, out: Path) -> None:
    """Mono at SAMPLE_RATE, leading/trailing silence trimmed, SECONDS long, peak at -1 dBFS."""
    trimmed = out.with_suffix(".trim.wav")
    subprocess.run(["sox", str(raw), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(trimmed),
                    "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse"],
                   check=True, capture_output=True)
    x, _ = sf.read(trimmed, dtype="float64")
    trimmed.unlink()
    n = int(SECONDS * SAMPLE_RATE)
    x = np.pad(x, (0, max(0, n - x.size)))[:n]
    save_wav(out, x * (10 ** (-1 / 20) / np.abs(x).max()), SAMPLE_RATE)


def _speech(voice: str, text: str) -> Callable[[Path, Path], None]:
    def make(tmp: Path, out: Path) -> None:
        raw = tmp / "speech.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", str(raw), text], check=True)
        _to_clip(raw, out)
    return make


def _music(tmp: Path, out: Path) -> None:
    """A plucked melody over a sustained chord, synthesised by sox."""
    melody = tmp / "melody.wav"
    notes = ["A3", "C4", "E4", "A4", "G4", "E4", "D4", "C4"]
    parts = []
    for i, note in enumerate(notes):
        part = tmp / f"n{i}.wav"
        subprocess.run(["sox", "-n", "-r", str(SAMPLE_RATE), "-c", "1", str(part), "synth", "0.32", "pluck", note,
                        "fade", "0", "0.32", "0.1"], check=True, capture_output=True)
        parts.append(str(part))
    subprocess.run(["sox", *parts, str(melody)], check=True, capture_output=True)
    chord = tmp / "chord.wav"
    subprocess.run(["sox", "-n", "-r", str(SAMPLE_RATE), "-c", "1", str(chord), "synth", str(SECONDS), "sine", "A2",
                    "sine", "E3", "vol", "0.3"], check=True, capture_output=True)
    mixed = tmp / "music.wav"
    subprocess.run(["sox", "-m", str(melody), str(chord), str(mixed)], check=True, capture_output=True)
    _to_clip(mixed, out)


def _real_recording(tmp: Path, out: Path) -> None:
    _to_clip(REAL_RECORDING, out)


AUDIO: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "speech-en-male": (_speech("en-us", "The quick brown fox jumps over the lazy dog near the river bank."),
                       "espeak-ng"),
    "speech-en-female": (_speech("en+f3", "Seven silver ships sailed north before the winter storms."), "espeak-ng"),
    "speech-de": (_speech("de", "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich."), "espeak-ng"),
    "music-sox": (_music, "sox"),
    "real-recording": (_real_recording, str(REAL_RECORDING)),
}


def make_all(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """Write every clip that can be made here; returns {name: path} and a note per skipped clip."""
    folder.mkdir(parents=True, exist_ok=True)
    clips: dict[str, Path] = {}
    notes: list[str] = []
    for name, make in VIDEOS.items():
        clips[name] = save_video(folder / f"{name}.gif", make(), fps=8.0)
    for name, (make_audio, needs) in AUDIO.items():
        present = Path(needs).exists() if needs.startswith("/") else shutil.which(needs) is not None
        if not present or shutil.which("sox") is None:
            notes.append(f"{name}: skipped, needs {needs} and sox")
            continue
        tmp = folder / f".{name}"
        tmp.mkdir(exist_ok=True)
        make_audio(tmp, folder / f"{name}.wav")
        shutil.rmtree(tmp)
        clips[name] = folder / f"{name}.wav"
    return clips, notes


if __name__ == "__main__":
    made, skipped = make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "bench-out/heldout"))
    print("\n".join([*map(str, made.values()), *skipped]))
