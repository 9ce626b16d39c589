"""What drives the window unattended: `stegstudio gui --self-test` (tiny real jobs through each tab's own
worker, with their results checked) and `--demo` (a tab filled with a real result for screenshots).

The tabs know nothing of this: it fills their forms and presses Start as a user would. Tests use the
same `configure_*` and `run_and_wait` helpers.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from stegstudio.core.fnns import density, payload
from stegstudio.core.samples import sample_path
from stegstudio.gui.main_window import MainWindow
from stegstudio.gui.tabs.base import StudioTab
from stegstudio.gui.tabs.cover_jobs import GRID_SIDE
from stegstudio.gui.tabs.cover_sample_page import MODEL_CONFIG
from stegstudio.gui.tabs.cover_tab import CoverTab
from stegstudio.gui.tabs.embed_page import SIZES
from stegstudio.gui.tabs.embed_tab import EmbedTab
from stegstudio.gui.tabs.hide_tab import HideTab
from stegstudio.gui.widgets.mesh_view import MeshView

JOB_TIMEOUT_S = 600.0


class SelfTestFailure(Exception):
    """A self-test found a wrong result; the message says which check and what came out."""


def run_and_wait(tab: StudioTab, start: Callable[[], None], what: str, expect_failure: bool = False) -> None:
    """Start a job, spin the event loop until it ends, fail loudly."""
    tab.last_failure = None
    start()
    if not tab.runner.busy and tab.last_failure is None:
        raise SelfTestFailure(f"{what}: the job did not start")
    if not tab.runner.wait_for_outcome(JOB_TIMEOUT_S):
        tab.runner.cancel()
        raise SelfTestFailure(f"{what}: no result within {JOB_TIMEOUT_S:.0f} s")
    if expect_failure and tab.last_failure is None:
        raise SelfTestFailure(f"{what}: should have failed but succeeded")
    if not expect_failure and tab.last_failure is not None:
        raise SelfTestFailure(f"{what}: {tab.last_failure.message}")


# ---------------------------------------------------------------------- Hide media
def configure_hide(tab: HideTab, secret: str, preset: str, steps: int) -> None:
    page = tab.hide
    page.secret_picker.set_path(sample_path(secret))
    page.cover_picker.set_path(sample_path("cover"))
    page.modality_box.setCurrentIndex(0)
    page.preset_box.setCurrentIndex(page.preset_box.findData(preset))
    page.steps_box.setValue(steps)
    page.beta_box.setValue(0)
    page.lr_box.setValue(0)
    page.qat_box.setChecked(True)
    page.device_box.setCurrentText("cpu")
    page.password.set_text("")
    tab.show_page(page)


def hide_self_test(tab: HideTab, workdir: Path) -> str:
    """Hide a tiny clip, save container and key, reveal from the saved files and compare with what the
    sender computed; then draw the bundled mesh in a 3D view, live where the display has OpenGL.

    No shape is hidden here: loading a shape secret samples its signed distance (about 20 s on two
    cores), far too slow for a self-test; the reveal path is the same for every kind of secret."""
    hide, reveal = tab.hide, tab.reveal
    configure_hide(tab, "video", "tiny", 60)
    run_and_wait(tab, hide.start_job, "hide video")
    outcome = hide.outcome
    if outcome is None or outcome.result.container.shape != (64, 64, 3):
        raise SelfTestFailure("hide video: no 64x64 container came back")
    if hide.loss_plot.point_count("secret_loss") == 0:
        raise SelfTestFailure("hide video: the loss curve received no points")
    container, key = workdir / "container.png", workdir / "container.key.json"
    if not hide.save(container, key) or not container.is_file() or not key.is_file():
        raise SelfTestFailure("hide video: the container and key were not saved")
    if reveal.container_picker.path() != container or reveal.key_picker.path() != key:
        raise SelfTestFailure("hide video: the Reveal page did not get the saved container and key")
    reveal.password.set_text("")
    tab.show_page(reveal)
    run_and_wait(tab, reveal.start_job, "reveal video")
    if reveal.outcome is None or not same_secret(reveal.outcome.revealed, outcome.result.revealed):
        raise SelfTestFailure("reveal video: the revealed clip differs from the one the sender computed")
    if not reveal.save(workdir / "revealed.gif"):
        raise SelfTestFailure("reveal video: the revealed clip was not saved")
    mode = check_3d_view()
    psnr = outcome.result.metrics["cover_psnr"]
    return f"hide + reveal ok (video, cover PSNR {psnr:.1f} dB; 3D view: {mode})"


def hide_demo(tab: HideTab) -> None:
    """The bundled clip hidden at the quick preset for 300 steps (about a minute on 2 CPU cores)."""
    configure_hide(tab, "video", "quick", 300)
    run_and_wait(tab, tab.hide.start_job, "hide demo")


def check_3d_view() -> str:
    """Draw the bundled mesh in a MeshView of its own; its mode, or SelfTestFailure if nothing was drawn."""
    from stegstudio.core.media.shape import load_mesh

    mesh = load_mesh(sample_path("shape"))
    view = MeshView("StegStudio 3D view check")
    view.resize(480, 360)
    view.show()
    try:
        view.set_mesh(mesh.vertices, mesh.faces)
        drawn = view.interactor if view.mode == "interactive" else view.snapshot.image
        if drawn is None or view.stack.currentWidget() is view.message:
            raise SelfTestFailure(f"3D view ({view.mode}): {view.message.text()}")
        return view.mode
    finally:
        view.release()
        view.close()
        view.deleteLater()


def same_secret(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.array_equal(a, b))
    return bool(np.array_equal(a.vertices, b.vertices) and np.array_equal(a.faces, b.faces))


# ---------------------------------------------------------------------- Embed bits
def configure_embed(tab: EmbedTab, size: int, message: str, password: str, bpp: float = 1,
                    mode: str = "fast") -> None:
    page = tab.embed
    page.mode_box.setCurrentIndex(page.mode_box.findData(mode))
    page.cover_picker.set_path(sample_path("cover"))
    page.size_box.setCurrentIndex(SIZES.index(size))
    page.message.set_text(message)
    page.password.set_text(password)
    page.bpp_box.setValue(bpp)
    page.ecc_box.setCurrentIndex(page.ecc_box.findData(payload.DEFAULT_ECC))
    page.device_box.setCurrentText("cpu")
    tab.show_page(page)
    page.update_capacity()


def embed_self_test(tab: EmbedTab, workdir: Path) -> str:
    """Embed a short text in a 64 px cover, save, extract it back, and check a wrong password's message."""
    embed, extract = tab.embed, tab.extract
    message, password = "StegStudio self-test: meet at noon ✓", "correct horse battery staple"
    configure_embed(tab, 64, message, password)
    if embed.capacity_fits is not True:
        raise SelfTestFailure(f"embed: the capacity gauge says the message does not fit ({embed.fit})")
    run_and_wait(tab, embed.start_job, "embed")
    if embed.outcome is None:
        raise SelfTestFailure("embed: no stego image came back")
    stego = workdir / "stego.png"
    if not embed.save(stego) or not stego.is_file():
        raise SelfTestFailure("embed: the stego image was not saved")
    if extract.stego_picker.path() != stego:
        raise SelfTestFailure("embed: the Extract page did not get the saved stego image")
    extract.password.set_text(password)
    tab.show_page(extract)
    run_and_wait(tab, extract.start_job, "extract")
    if extract.extracted_text.toPlainText() != message:
        raise SelfTestFailure(f"extract: read {extract.extracted_text.toPlainText()!r}, hid {message!r}")
    extract.password.set_text("wrong password")
    run_and_wait(tab, extract.start_job, "extract with a wrong password", expect_failure=True)
    failure = tab.last_failure
    if failure is None or not failure.expected or "password" not in failure.message:
        raise SelfTestFailure(f"extract with a wrong password: expected a plain message, got {failure}")
    tab.close_last_dialog()
    extract.password.set_text(password)
    s = embed.outcome.stats
    return f"embed + extract ok (64 px, {s.secret_bytes} bytes, PSNR {s.psnr_rgb:.1f} dB, SSIM {s.ssim:.3f})"


def embed_demo(tab: EmbedTab) -> None:
    """A short text in the bundled photo at 256 px, in covert mode at the recommended density."""
    configure_embed(tab, 256, "Meet me at the old mill at noon. Bring the blue folder; leave the phone at home.",
                    "a long passphrase nobody guesses", density.RECOMMENDED_COVERT_BPP, "covert")
    run_and_wait(tab, tab.embed.start_job, "embed demo")


# ---------------------------------------------------------------------- Cover generator
def configure_sample(tab: CoverTab, seed: int, size: int) -> None:
    s = tab.sample
    s.model_picker.set_path("")
    s.device_box.setCurrentText("cpu")
    s.seed_box.setValue(seed)
    s.size_box.setCurrentIndex(s.size_box.findData(size))
    s.stop_timers()  # the page is asked for right away by whoever configures it
    tab.show_page(s)


def configure_train(tab: CoverTab, images: Path, out: Path, steps: int, batch: int, every: int) -> None:
    t = tab.train
    t.images_picker.set_path(images)
    t.out_picker.set_path(out)
    t.resolution_box.setCurrentIndex(t.resolution_box.findData(32))
    t.steps_box.setValue(steps)
    t.batch_box.setValue(batch)
    t.discriminator_box.setCurrentIndex(t.discriminator_box.findData("conv"))
    t.architecture_box.setCurrentIndex(t.architecture_box.findData("compact"))
    t.sample_every_box.setValue(every)
    t.checkpoint_every_box.setValue(every)
    t.resume_box.setChecked(False)
    t.force_box.setChecked(False)
    t.device_box.setCurrentText("cpu")
    tab.show_page(t)


def cover_self_test(tab: CoverTab, workdir: Path) -> str:
    """Sample with the shipped model (a real, non-flat cover; a seed is always the same cover; the
    interpolation starts at seed A), then train 4 steps on 8 small photos and check the model folder."""
    s = tab.sample
    configure_sample(tab, 0, 64)
    run_and_wait(tab, s.start_page, "sample")
    if s.cover is None or s.cover.shape != (64, 64, 3) or s.page is None:
        raise SelfTestFailure("sample: no 64x64 cover came back")
    std = median_tile_std(s.page.grid)  # over 16 seeds: a model may draw the odd flat cover, not a grid of them
    if std <= 5:
        raise SelfTestFailure(f"sample: the covers are flat (median standard deviation {std:.1f} grey levels)")
    covers = []
    for _ in range(2):
        run_and_wait(tab, lambda: s.start_cover(7), "sample seed 7")
        covers.append(s.cover)
    if not np.array_equal(covers[0], covers[1]):
        raise SelfTestFailure("sample: seed 7 gave two different covers")
    s.seed_a.setValue(7)
    s.seed_b.setValue(8)
    s.slider.setValue(0)
    s.stop_timers()
    run_and_wait(tab, s.start_interpolation, "interpolate")
    if not np.array_equal(s.cover, covers[0]):
        raise SelfTestFailure("interpolate: position 0 is not seed A's cover")

    images, out = workdir / "photos", workdir / "model"
    write_photos(images, 8)
    configure_train(tab, images, out, steps=4, batch=4, every=2)
    t0 = time.perf_counter()
    run_and_wait(tab, tab.train.start_job, "train")
    missing = [name for name in (MODEL_CONFIG, "generator.pt") if not (out / name).is_file()]
    if missing:
        raise SelfTestFailure(f"train: the model folder lacks {', '.join(missing)}")
    if tab.train.loss_plot.point_count("loss_d") != 4 or tab.train.preview.image is None:
        raise SelfTestFailure("train: the loss curve or the sample grid did not receive the 4 steps")
    return (f"sample + interpolate + train ok (64 px covers, median std {std:.0f}; 4 training steps in "
            f"{time.perf_counter() - t0:.1f} s)")


def cover_demo(tab: CoverTab) -> None:
    """The shipped model's grid from seed 0 and seed 0's cover at 256 px."""
    configure_sample(tab, 0, 256)
    run_and_wait(tab, tab.sample.start_page, "sample demo")


def median_tile_std(grid: np.ndarray) -> float:
    side, tile = GRID_SIDE, grid.shape[0] // GRID_SIDE
    return float(np.median([grid[r * tile:(r + 1) * tile, c * tile:(c + 1) * tile].std()
                            for r in range(side) for c in range(side)]))


def write_photos(folder: Path, count: int, size: int = 48) -> list[Path]:
    """Small crops of the bundled photos: a training folder for self-tests that needs no download."""
    from stegstudio.core.media.image import load_image, save_png

    folder.mkdir(parents=True, exist_ok=True)
    photos = [load_image(sample_path(name)) for name in ("cover", "cover2")]
    paths = []
    for n in range(count):
        photo = photos[n % len(photos)]
        h, w = photo.shape[:2]
        y, x = (h - size) * (n + 1) // (count + 1), (w - size) * (n + 1) // (count + 1)
        paths.append(save_png(folder / f"photo{n}.png", photo[y:y + size, x:x + size]))
    return paths


# ---------------------------------------------------------------------- the window
SELF_TESTS: dict[str, Callable[[Any, Path], str]] = {
    HideTab.name: hide_self_test, CoverTab.name: cover_self_test, EmbedTab.name: embed_self_test,
}
DEMOS: dict[str, Callable[[Any], None]] = {
    HideTab.name: hide_demo, CoverTab.name: cover_demo, EmbedTab.name: embed_demo,
}


def run_self_test(window: MainWindow, out: TextIO = sys.stdout) -> int:
    """Each tab's self-test, in tab order, through its real worker; 0 only if all pass."""
    with tempfile.TemporaryDirectory(prefix="stegstudio-self-test-") as tmp:
        for tab in window.tab_list:
            window.select_tab(tab.name)
            workdir = Path(tmp) / tab.name
            workdir.mkdir()
            t0 = time.perf_counter()
            try:
                summary = SELF_TESTS[tab.name](tab, workdir)
            except SelfTestFailure as exc:
                print(f"self-test FAILED in {tab.title}: {exc}", file=sys.stderr)
                return 1
            except Exception as exc:  # a bug in a tab is a failed self-test, reported, not a crash
                print(f"self-test FAILED in {tab.title}: {type(exc).__name__}: {exc}", file=sys.stderr)
                return 1
            print(f"{tab.name}: {summary} [{time.perf_counter() - t0:.1f} s]", file=out, flush=True)
    print("self-test passed", file=out, flush=True)
    return 0


def run_demo(tab: StudioTab) -> None:
    """The tab's demonstration run on bundled samples; SelfTestFailure if it went wrong."""
    DEMOS[tab.name](tab)
