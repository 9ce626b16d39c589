"""Media I/O for video, audio and shapes, and the bundled samples: round trips and every error path."""

from __future__ import annotations

import imageio_ffmpeg
import numpy as np
import pytest
import soundfile as sf
import trimesh
from PIL import Image

from stegstudio.core.errors import InputError
from stegstudio.core.media.audio import SAMPLE_RATE, load_audio, save_wav
from stegstudio.core.media.image import load_image
from stegstudio.core.media.shape import (
    Mesh,
    chamfer_distance,
    is_watertight,
    load_mesh,
    normalise,
    sample_surface,
    save_mesh,
)
from stegstudio.core.media.video import load_video, save_video
from stegstudio.core.samples import SAMPLE_NAMES, sample_path


def moving_clip(t: int = 6, h: int = 40, w: int = 60) -> np.ndarray:
    """A bright square sliding over a gradient: lossy codecs keep it recognisable."""
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([xx * 255 // w, yy * 255 // h, np.full_like(xx, 90)], axis=-1).astype(np.uint8)
    clip = np.repeat(base[None], t, axis=0)
    for i in range(t):
        clip[i, 10:22, 4 + 6 * i : 16 + 6 * i] = 255
    return clip


def only_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- video


def test_gif_round_trip_is_exact_and_deterministic(tmp_path):
    clip = moving_clip(t=4, h=32, w=32)
    a, b = tmp_path / "a.gif", tmp_path / "b.gif"
    save_video(a, clip, fps=10)
    save_video(b, clip, fps=10)
    assert a.read_bytes() == b.read_bytes()
    with Image.open(a) as im:
        assert im.n_frames == 4
        assert im.info["loop"] == 0
    video, notices = load_video(a, frames=4, size=32)
    assert video.shape == (4, 32, 32, 3) and video.dtype == np.float32
    assert notices == []
    assert np.abs(video * 255 - clip).max() < 40  # palette quantisation only


def test_gif_extra_frames_crop_and_resize_notices(tmp_path):
    path = save_video(tmp_path / "c.gif", moving_clip(t=6, h=40, w=60))
    video, notices = load_video(path, frames=3, size=16)
    assert video.shape == (3, 16, 16, 3)
    assert video.min() >= 0.0 and video.max() <= 1.0
    assert notices == [
        "GIF has 6 frames: using the first 3",
        "frames centre-cropped from 60x40 to 40x40 and resized to 16x16",
    ]


def test_mp4_round_trip_with_odd_size(tmp_path):
    clip = moving_clip(t=6, h=31, w=45)
    path = save_video(tmp_path / "clip.mp4", clip, fps=8)
    assert only_files(tmp_path) == ["clip.mp4"]
    video, notices = load_video(path, frames=6, size=31)
    assert video.shape == (6, 31, 31, 3)
    # the odd size was padded to 46x32 for yuv420p, then centre-cropped back to a square
    assert notices == ["frames centre-cropped from 46x32 to 32x32 and resized to 31x31"]
    crops = [Image.fromarray(f[:, 7:38]) for f in clip]
    expected = np.stack([np.asarray(c.resize((31, 31), Image.LANCZOS)) for c in crops])
    assert np.abs(video * 255 - expected).mean() < 12


def test_mp4_longer_than_needed(tmp_path):
    path = save_video(tmp_path / "clip.mp4", moving_clip(t=8, h=32, w=32), fps=8)
    video, notices = load_video(path, frames=3, size=32)
    assert video.shape == (3, 32, 32, 3)
    assert notices == ["video has about 8 frames (1.0 s at 8 fps): using the first 3"]


def test_folder_of_frames_sorted_and_non_images_skipped(tmp_path):
    clip = moving_clip(t=5, h=24, w=24)
    for i in reversed(range(5)):
        Image.fromarray(clip[i]).save(tmp_path / f"frame_{i:03d}.png")
    (tmp_path / "notes.txt").write_text("not a frame")
    (tmp_path / ".DS_Store").write_bytes(b"\0\1\2")
    (tmp_path / "sub").mkdir()
    video, notices = load_video(tmp_path, frames=5, size=24)
    assert notices == []
    np.testing.assert_allclose(video * 255, clip, atol=1e-3)
    video, notices = load_video(tmp_path, frames=2, size=12)
    assert notices == ["folder has 5 frames: using the first 2", "frames resized to 12x12"]
    assert video.shape == (2, 12, 12, 3)


def test_folder_frames_of_different_sizes(tmp_path):
    Image.new("RGB", (20, 20)).save(tmp_path / "a.png")
    Image.new("RGB", (30, 20)).save(tmp_path / "b.png")
    with pytest.raises(InputError, match="all frames must have one size"):
        load_video(tmp_path, frames=2, size=16)


def test_too_few_frames(tmp_path):
    path = save_video(tmp_path / "short.gif", moving_clip(t=3, h=16, w=16))
    with pytest.raises(InputError, match="has 3 frames; this preset needs 8"):
        load_video(path, frames=8, size=16)
    mp4 = save_video(tmp_path / "short.mp4", moving_clip(t=3, h=16, w=16))
    with pytest.raises(InputError, match="has 3 frames; this preset needs 8"):
        load_video(mp4, frames=8, size=16)
    Image.new("RGB", (16, 16)).save(tmp_path / "one.gif")
    with pytest.raises(InputError, match="has 1 frame; this preset needs 2"):
        load_video(tmp_path / "one.gif", frames=2, size=16)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.gif", b"GIF89a\x10\x00\x10\x00\x00\x00\x00;", "not a readable GIF"),
        ("bad.gif", b"this is not a gif", "not a readable GIF"),
        ("bad.mp4", b"\0\0\0\x18ftypmp42" + b"garbage" * 50, "not a video ffmpeg can read"),
        ("notes.txt", b"hello", "not a video ffmpeg can read"),
    ],
)
def test_corrupt_video_files(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match=message):
        load_video(tmp_path / name, frames=2, size=16)


def test_missing_and_empty_video_inputs(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_video(tmp_path / "nope.mp4", frames=2, size=16)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.txt").write_text("x")
    with pytest.raises(InputError, match="no image files"):
        load_video(tmp_path / "empty", frames=2, size=16)


def test_save_video_unsupported_suffix_writes_nothing(tmp_path):
    with pytest.raises(InputError, match=r"use \.gif"):
        save_video(tmp_path / "clip.avi", moving_clip(t=2, h=8, w=8))
    assert only_files(tmp_path) == []


def test_truncated_gif(tmp_path):
    noise = np.random.default_rng(0).integers(0, 256, (4, 32, 32, 3), dtype=np.uint8)
    data = save_video(tmp_path / "full.gif", noise).read_bytes()
    (tmp_path / "cut.gif").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="GIF is corrupt or truncated"):
        load_video(tmp_path / "cut.gif", frames=4, size=16)


def test_save_video_failing_writer_leaves_no_file(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="uint8"):
        save_video(tmp_path / "clip.gif", moving_clip(t=2, h=8, w=8).astype(np.float32))
    with pytest.raises(ValueError, match="fps"):
        save_video(tmp_path / "clip.gif", moving_clip(t=2, h=8, w=8), fps=0)

    def crashing_writer(path, *args, **kwargs):
        with open(path, "wb") as f:
            f.write(b"half a video")
        raise OSError("disk full")
        yield  # a generator, like the real writer

    monkeypatch.setattr(imageio_ffmpeg, "write_frames", crashing_writer)
    with pytest.raises(OSError, match="disk full"):
        save_video(tmp_path / "clip.mp4", moving_clip(t=2, h=8, w=8))
    assert only_files(tmp_path) == []


# ---------------------------------------------------------------- audio


def test_resample_stereo_44k_keeps_frequency(tmp_path):
    rate, freq = 44100, 440.0
    t = np.arange(rate) / rate  # 1 s
    left = 0.5 * np.sin(2 * np.pi * freq * t)
    sf.write(tmp_path / "s.wav", np.stack([left, 0.8 * left], axis=1), rate, subtype="PCM_16")
    x, notices = load_audio(tmp_path / "s.wav", SAMPLE_RATE, SAMPLE_RATE // 2)
    assert x.dtype == np.float32 and x.shape == (SAMPLE_RATE // 2,)
    assert notices == [
        "audio has 2 channels: mixed down to mono",
        "resampled from 44,100 Hz to 22,050 Hz",
        "audio is 1.00 s: using the first 0.50 s",
    ]
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    peak = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)[spectrum.argmax()]
    assert abs(peak - freq) <= 2.0
    assert abs(np.abs(x[1000:-1000]).max() - 0.45) < 0.01  # mono mix of 0.5 and 0.4 amplitude


def test_audio_pad_and_exact(tmp_path):
    x = np.linspace(-0.5, 0.5, 1000).astype(np.float32)
    path = save_wav(tmp_path / "a.wav", x, 8000)
    y, notices = load_audio(path, 8000, 1600)
    assert notices == ["audio is 0.12 s: padded with silence to 0.20 s"]
    np.testing.assert_allclose(y[:1000], x, atol=1 / 32767)
    assert not y[1000:].any()
    z, notices = load_audio(path, 8000, 1000)
    assert notices == []
    np.testing.assert_allclose(z, x, atol=1 / 32767)


def test_audio_float_file_beyond_full_scale_is_clipped(tmp_path):
    sf.write(tmp_path / "loud.flac", np.full(100, 0.5), 8000)
    sf.write(tmp_path / "loud.wav", np.array([1.5, -2.0, 0.25]), 8000, subtype="FLOAT")
    y, notices = load_audio(tmp_path / "loud.wav", 8000, 3)
    np.testing.assert_array_equal(y, [1.0, -1.0, 0.25])
    assert notices == ["audio goes beyond full scale: clipped to [-1, 1]"]
    y, notices = load_audio(tmp_path / "loud.flac", 8000, 100)
    assert notices == [] and np.allclose(y, 0.5, atol=1e-4)


def test_save_wav_is_deterministic_16_bit_and_clipped(tmp_path):
    x = np.array([0.0, 0.5, -0.5, 2.0, -2.0], np.float32)
    a = save_wav(tmp_path / "a.wav", x, SAMPLE_RATE)
    b = save_wav(tmp_path / "b.wav", x, SAMPLE_RATE)
    assert a.read_bytes() == b.read_bytes()
    info = sf.info(a)
    assert (info.samplerate, info.channels, info.subtype) == (SAMPLE_RATE, 1, "PCM_16")
    y, _ = sf.read(a, dtype="int16")
    np.testing.assert_array_equal(y, [0, 16384, -16384, 32767, -32767])


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bad.wav", b"RIFF\x24\x00\x00\x00WAVEfmt garbage", "not an audio file"),
        ("photo.png", None, "not an audio file"),
        ("empty.wav", b"", "not an audio file"),
    ],
)
def test_corrupt_audio(tmp_path, name, data, message):
    if data is None:
        Image.new("RGB", (8, 8)).save(tmp_path / name)
    else:
        (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match=message):
        load_audio(tmp_path / name, SAMPLE_RATE, 100)


def test_audio_with_no_samples_and_missing(tmp_path):
    sf.write(tmp_path / "silent.wav", np.zeros(0), 8000)
    with pytest.raises(InputError, match="holds no samples"):
        load_audio(tmp_path / "silent.wav", 8000, 10)
    with pytest.raises(InputError, match="not found"):
        load_audio(tmp_path / "nope.wav", 8000, 10)


def test_save_wav_wrong_suffix_writes_nothing(tmp_path):
    with pytest.raises(InputError, match=r"\.wav"):
        save_wav(tmp_path / "a.mp3", np.zeros(10, np.float32), 8000)
    with pytest.raises(ValueError, match="mono"):
        save_wav(tmp_path / "a.wav", np.zeros((10, 2), np.float32), 8000)
    assert only_files(tmp_path) == []


# ---------------------------------------------------------------- shapes


@pytest.fixture
def sphere() -> Mesh:
    m = trimesh.creation.icosphere(subdivisions=2, radius=2.0)
    return Mesh(
        vertices=np.asarray(m.vertices) + np.array([1.0, -3.0, 0.5]), faces=np.asarray(m.faces, np.int64)
    )


def on_some_face(points: np.ndarray, mesh: Mesh, tol: float = 1e-5) -> np.ndarray:
    """For each point, whether it lies inside one of the mesh's triangles (all pairs, vectorised)."""
    a, b, c = (mesh.vertices[mesh.faces[:, i]] for i in range(3))
    e1, e2 = b - a, c - a
    normal = np.cross(e1, e2)
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    d = points[:, None, :] - a[None]  # (P, F, 3)
    in_plane = np.abs(np.einsum("pfk,fk->pf", d, normal)) < tol
    # barycentric coordinates of the projection onto each face's plane
    d11, d12, d22 = (e1 * e1).sum(1), (e1 * e2).sum(1), (e2 * e2).sum(1)
    p1, p2 = np.einsum("pfk,fk->pf", d, e1), np.einsum("pfk,fk->pf", d, e2)
    det = d11 * d22 - d12 * d12
    u, v = (d22 * p1 - d12 * p2) / det, (d11 * p2 - d12 * p1) / det
    inside = (u >= -tol) & (v >= -tol) & (u + v <= 1 + tol)
    return (in_plane & inside).any(axis=1)


@pytest.mark.parametrize("suffix", [".ply", ".obj", ".stl"])
def test_mesh_round_trip(tmp_path, sphere, suffix):
    path = save_mesh(tmp_path / f"m{suffix}", sphere)
    back = load_mesh(path)
    assert back.vertices.dtype == np.float64 and back.faces.dtype == np.int64
    assert back.faces.shape == sphere.faces.shape and back.vertices.shape == sphere.vertices.shape
    assert is_watertight(back)
    # STL and OBJ may reorder vertices; compare the geometry instead
    assert chamfer_distance(back.vertices, sphere.vertices) < 1e-6
    if suffix == ".ply":
        np.testing.assert_array_equal(back.vertices, sphere.vertices)
        np.testing.assert_array_equal(back.faces, sphere.faces)
        assert save_mesh(tmp_path / "again.ply", sphere).read_bytes() == path.read_bytes()
        assert path.read_bytes().startswith(b"ply\nformat binary_little_endian 1.0\n")


def test_off_is_read(tmp_path):
    tetrahedron = "OFF\n4 4 0\n0 0 0\n1 0 0\n0 1 0\n0 0 1\n3 0 2 1\n3 0 1 3\n3 0 3 2\n3 1 2 3\n"
    (tmp_path / "t.off").write_text(tetrahedron)
    mesh = load_mesh(tmp_path / "t.off")
    assert mesh.faces.shape == (4, 3) and is_watertight(mesh)


def test_open_mesh_is_accepted_but_not_watertight(tmp_path, sphere):
    opened = Mesh(sphere.vertices, sphere.faces[1:])
    mesh = load_mesh(save_mesh(tmp_path / "open.ply", opened))
    assert len(mesh.faces) == len(sphere.faces) - 1
    assert not is_watertight(mesh)


def test_point_cloud_ply_is_refused(tmp_path):
    cloud = trimesh.PointCloud(np.random.default_rng(0).random((20, 3)))
    (tmp_path / "pc.ply").write_bytes(cloud.export(file_type="ply"))
    with pytest.raises(InputError, match="has no faces; a point cloud cannot be used"):
        load_mesh(tmp_path / "pc.ply")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bad.ply", b"ply\nformat binary_little_endian 1.0\nelement vertex 99\nend_header\n\x00", "corrupt"),
        ("bad.stl", b"\x00" * 10, "corrupt"),
        ("shape.fbx", b"whatever", "unsupported mesh type"),
    ],
)
def test_corrupt_or_unsupported_mesh(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match=message):
        load_mesh(tmp_path / name)
    with pytest.raises(InputError, match="not found"):
        load_mesh(tmp_path / "missing.ply")


def test_save_mesh_unsupported_suffix_writes_nothing(tmp_path, sphere):
    with pytest.raises(InputError, match="cannot write a mesh"):
        save_mesh(tmp_path / "m.off", sphere)
    assert only_files(tmp_path) == []


def test_normalise_and_undo(sphere):
    mesh, centre, scale = normalise(sphere, radius=0.9)
    assert np.linalg.norm(mesh.vertices, axis=1).max() == pytest.approx(0.9)
    np.testing.assert_allclose((mesh.vertices.min(0) + mesh.vertices.max(0)) / 2, 0, atol=1e-12)
    np.testing.assert_allclose(centre, [1.0, -3.0, 0.5], atol=1e-12)
    np.testing.assert_allclose(mesh.vertices / scale + centre, sphere.vertices, atol=1e-12)
    with pytest.raises(InputError, match="zero size"):
        normalise(Mesh(np.ones((3, 3)), np.array([[0, 1, 2]])))


def test_sample_surface_deterministic_on_surface_with_normals(sphere):
    p1, n1 = sample_surface(sphere, 5000, seed=7)
    p2, n2 = sample_surface(sphere, 5000, seed=7)
    p3, _ = sample_surface(sphere, 5000, seed=8)
    assert p1.dtype == n1.dtype == np.float32 and p1.shape == n1.shape == (5000, 3)
    np.testing.assert_array_equal(p1, p2)
    np.testing.assert_array_equal(n1, n2)
    assert not np.array_equal(p1, p3)
    assert on_some_face(p1[:500].astype(np.float64), sphere).all()
    centre = np.array([1.0, -3.0, 0.5])
    assert not on_some_face((p1[:50] - centre) * 1.01 + centre, sphere).any()
    np.testing.assert_allclose(np.linalg.norm(n1, axis=1), 1, atol=1e-5)
    radial = (p1 - centre.astype(np.float32)) / 2
    assert (np.sum(radial * n1, axis=1) > 0.9).all()  # outward normals
    # area weighting: points are spread evenly (octant counts within a few percent of each other)
    octants = np.unique(np.packbits(radial > 0, axis=1, bitorder="little"), return_counts=True)[1]
    assert len(octants) == 8 and octants.min() > 0.8 * octants.max()


def test_chamfer_distance():
    pts = np.random.default_rng(1).random((500, 3))
    assert chamfer_distance(pts, pts) == 0.0
    shift = np.array([0.0, 0.0, 1e-3])
    assert chamfer_distance(pts, pts + shift) == pytest.approx(1e-3, rel=1e-6)
    far = np.array([[0.0, 0.0, 0.0]])
    assert chamfer_distance(far, np.array([[3.0, 4.0, 0.0]])) == pytest.approx(5.0)
    with pytest.raises(ValueError):
        chamfer_distance(np.zeros((0, 3)), pts)


# ---------------------------------------------------------------- samples


def test_sample_names_and_unknown():
    assert set(SAMPLE_NAMES) == {"cover", "cover2", "video", "audio", "shape", "image"}
    with pytest.raises(InputError, match="cover, cover2"):
        sample_path("bunny")


def test_samples_load_with_the_loaders():
    for name in ("cover", "cover2"):
        assert load_image(sample_path(name)).shape == (512, 512, 3)
    assert load_image(sample_path("image")).shape == (128, 128, 3)
    video, notices = load_video(sample_path("video"), frames=16, size=128)
    assert video.shape == (16, 128, 128, 3) and notices == []
    assert np.abs(np.diff(video, axis=0)).mean() > 0.01  # it moves
    info = sf.info(sample_path("audio"))
    assert (info.samplerate, info.channels, info.subtype) == (SAMPLE_RATE, 1, "PCM_16")
    assert 2.5 <= info.duration <= 4.0
    audio, notices = load_audio(sample_path("audio"), SAMPLE_RATE, 3 * SAMPLE_RATE)
    assert 0.8 < np.abs(audio).max() <= 0.9
    mesh = load_mesh(sample_path("shape"))
    assert is_watertight(mesh) and 2000 <= len(mesh.faces) <= 10000
