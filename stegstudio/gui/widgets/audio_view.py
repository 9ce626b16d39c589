"""Sound you can see (waveform and spectrogram) and, where the platform has an output, hear.

Playback goes through QtMultimedia (QMediaPlayer + QAudioOutput on a temporary WAV written by the
core's own WAV writer). QtMultimedia is imported only when a clip is shown, and a machine without
an audio device (a server, a container, CI) keeps the views and says why Play is off.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

STFT_WINDOW = 512
STFT_HOP = 128


def spectrogram_db(samples: np.ndarray, window: int = STFT_WINDOW, hop: int = STFT_HOP) -> np.ndarray:
    """Magnitude STFT in dB (frames x frequency bins), Hann-windowed, floored at -100 dB."""
    if len(samples) < window:
        samples = np.pad(samples, (0, window - len(samples)))
    count = 1 + (len(samples) - window) // hop
    frames = np.lib.stride_tricks.sliding_window_view(samples, window)[::hop][:count]
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(window), axis=1))
    return 20.0 * np.log10(np.maximum(spectrum, 1e-5))


def audio_output_problem() -> str:
    """Empty when sound can play here; otherwise why not, in words for a tooltip."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:
        return f"Qt Multimedia is not available ({exc})"
    if not QMediaDevices.audioOutputs():
        return "No audio output device on this system; the waveform and spectrogram still show the sound"
    return ""


class AudioView(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: bold")
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(None)
        self.wave_plot = self.canvas.addPlot(row=0, col=0)
        self.wave_plot.setLabel("left", "amplitude")
        self.wave_plot.getAxis("left").enableAutoSIPrefix(False)  # a quiet clip read as "x0.001" with ticks at 500
        self.wave_plot.setMouseEnabled(y=False)
        self.wave_curve = self.wave_plot.plot(pen=pg.mkPen("#1f77b4", width=1))
        self.spec_plot = self.canvas.addPlot(row=1, col=0)
        self.spec_plot.setLabel("left", "frequency", units="Hz")
        self.spec_plot.setLabel("bottom", "time", units="s")
        self.spec_plot.setXLink(self.wave_plot)
        self.spec_image = pg.ImageItem(axisOrder="col-major")  # (time frame, frequency bin) -> (x, y)
        self.spec_image.setColorMap(pg.colormap.get("viridis"))
        self.spec_plot.addItem(self.spec_image)
        self.play_button = QToolButton()
        self.play_button.setText("Play")
        self.play_button.setCheckable(True)
        self.play_button.setEnabled(False)
        self.play_button.toggled.connect(self._set_playing)
        self.info = QLabel("")
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.info)
        header.addWidget(self.play_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.canvas, 1)
        self._tmp = tempfile.TemporaryDirectory(prefix="stegstudio-audio-")
        self._clip_count = 0
        self._player = None
        self._output = None
        self.wav_path: Path | None = None

    def set_audio(self, samples: np.ndarray, sample_rate: int) -> None:
        self.play_button.setChecked(False)
        samples = samples.astype(np.float32)
        t = np.arange(len(samples)) / sample_rate
        self.wave_curve.setData(t, samples)
        spec = spectrogram_db(samples)
        self.spec_image.setImage(spec, levels=(float(spec.max()) - 80.0, float(spec.max())))
        duration = len(samples) / sample_rate
        self.spec_image.setRect(0.0, 0.0, duration, sample_rate / 2.0)
        self.wave_plot.setXRange(0.0, duration, padding=0)
        self.spec_plot.setYRange(0.0, sample_rate / 2.0, padding=0)
        self.info.setText(f"{duration:.2f} s at {sample_rate:,} Hz")
        self._prepare_playback(samples, sample_rate)

    def _prepare_playback(self, samples: np.ndarray, sample_rate: int) -> None:
        from stegstudio.core.media.audio import save_wav

        problem = audio_output_problem()
        self.play_button.setEnabled(not problem)
        self.play_button.setToolTip(problem or "Play the clip")
        if problem:
            return
        self._clip_count += 1  # a new name each time: the player may still hold the last file open
        self.wav_path = save_wav(Path(self._tmp.name) / f"clip{self._clip_count}.wav", samples, sample_rate)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        if self._player is None:
            self._output = QAudioOutput(self)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.playbackStateChanged.connect(self._on_state)
        self._player.setSource(QUrl.fromLocalFile(str(self.wav_path)))

    def _set_playing(self, playing: bool) -> None:
        self.play_button.setText("Stop" if playing else "Play")
        if self._player is None:
            return
        if playing:
            self._player.play()
        else:
            self._player.stop()

    def _on_state(self, state: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if state == QMediaPlayer.PlaybackState.StoppedState:
            self.play_button.setChecked(False)
