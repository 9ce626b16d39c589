"""3D shapes: triangle meshes in and out, normalised into the unit ball and sampled on their surface."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import trimesh
from scipy.spatial import cKDTree

from stegstudio.core.errors import InputError
from stegstudio.core.fileio import write_atomic
from stegstudio.core.media.formats import MESH_INPUT_SUFFIXES, MESH_OUTPUT_SUFFIXES


@dataclass
class Mesh:
    """A triangle mesh as plain arrays, so the rest of StegStudio never depends on trimesh types."""

    vertices: np.ndarray  # float64 (V, 3)
    faces: np.ndarray  # int64 (F, 3)


def load_mesh(path: str | os.PathLike[str]) -> Mesh:
    """Read a surface mesh; duplicate vertices are merged so watertightness can be judged."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file not found")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a mesh file")
    if p.suffix.lower() not in MESH_INPUT_SUFFIXES:
        raise InputError(
            f"{p}: unsupported mesh type '{p.suffix or '(none)'}'; "
            f"use one of {', '.join(MESH_INPUT_SUFFIXES)}"
        )
    try:
        loaded = trimesh.load(p, force="mesh", process=True)
    # trimesh's parsers fail on malformed files with whatever error the parsing step hits (ValueError,
    # IndexError, KeyError, struct.error, UnicodeDecodeError, ...); all of them mean "this file is broken".
    except Exception as exc:
        raise InputError(
            f"{p}: the mesh file is corrupt or not a {p.suffix.upper()[1:]} file ({exc})"
        ) from exc
    faces = np.asarray(getattr(loaded, "faces", np.empty((0, 3))), dtype=np.int64).reshape(-1, 3)
    if len(faces) == 0:
        raise InputError(f"{p}: has no faces; a point cloud cannot be used, give a surface mesh")
    vertices = np.asarray(loaded.vertices, dtype=np.float64)
    if not np.isfinite(vertices).all():
        raise InputError(f"{p}: some vertex coordinates are NaN or infinite; repair the mesh first")
    return Mesh(vertices=vertices, faces=faces)


def is_watertight(mesh: Mesh) -> bool:
    """Inside/outside is only defined for closed surfaces; callers warn when a mesh is open."""
    return bool(trimesh.Trimesh(mesh.vertices, mesh.faces, process=True).is_watertight)


def normalise(mesh: Mesh, radius: float = 0.9) -> tuple[Mesh, np.ndarray, float]:
    """Centre on the bounding box and scale into a ball of `radius`.

    Returns (mesh, centre, scale); the original vertices are `normalised.vertices / scale + centre`.
    """
    centre = (mesh.vertices.min(axis=0) + mesh.vertices.max(axis=0)) / 2.0
    extent = float(np.linalg.norm(mesh.vertices - centre, axis=1).max())
    if extent == 0.0:
        raise InputError("the mesh has zero size (all vertices coincide); give a real surface mesh")
    scale = radius / extent
    return Mesh(vertices=(mesh.vertices - centre) * scale, faces=mesh.faces.copy()), centre, scale


def sample_surface(mesh: Mesh, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw n points uniformly over the surface area with their face normals, float32, reproducibly."""
    rng = np.random.Generator(np.random.PCG64(seed))
    a, b, c = (mesh.vertices[mesh.faces[:, i]] for i in range(3))
    cross = np.cross(b - a, c - a)
    double_area = np.linalg.norm(cross, axis=1)
    total = double_area.sum()
    if total == 0.0:
        raise InputError("the mesh has zero surface area; give a real surface mesh")
    cdf = np.cumsum(double_area) / total
    face = np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(cdf) - 1)
    u, v = rng.random((2, n, 1))
    # Points with u + v > 1 fall in the other half of the parallelogram; reflecting them back keeps the
    # distribution uniform over the triangle.
    flip = (u + v) > 1.0
    u, v = np.where(flip, 1.0 - u, u), np.where(flip, 1.0 - v, v)
    points = a[face] + u * (b[face] - a[face]) + v * (c[face] - a[face])
    normals = cross[face] / np.maximum(double_area[face], np.finfo(np.float64).tiny)[:, None]
    return points.astype(np.float32), normals.astype(np.float32)


def _ply_bytes(mesh: Mesh) -> bytes:
    """Binary PLY with double vertices: exact round trip, and no comments or timestamps to vary."""
    header = (
        "ply\nformat binary_little_endian 1.0\n"
        f"element vertex {len(mesh.vertices)}\n"
        "property double x\nproperty double y\nproperty double z\n"
        f"element face {len(mesh.faces)}\n"
        "property list uchar int vertex_indices\nend_header\n"
    ).encode("ascii")
    face_rows = np.empty(len(mesh.faces), dtype=[("n", "u1"), ("idx", "<i4", (3,))])
    face_rows["n"] = 3
    face_rows["idx"] = mesh.faces
    return header + mesh.vertices.astype("<f8").tobytes() + face_rows.tobytes()


def save_mesh(path: str | os.PathLike[str], mesh: Mesh) -> Path:
    """Write the mesh atomically as PLY, OBJ or STL according to the suffix."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in MESH_OUTPUT_SUFFIXES:
        raise InputError(
            f"{out}: cannot write a mesh as '{out.suffix or '(none)'}'; "
            f"use one of {', '.join(MESH_OUTPUT_SUFFIXES)}"
        )
    if suffix == ".ply":
        data = _ply_bytes(mesh)
    else:
        exported = trimesh.Trimesh(mesh.vertices, mesh.faces, process=False).export(file_type=suffix[1:])
        data = exported.encode("utf-8") if isinstance(exported, str) else exported
    return write_atomic(out, lambda tmp: tmp.write_bytes(data))


def chamfer_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Symmetric mean nearest-neighbour distance: the usual score for how close a decoded shape is."""
    if a.ndim != 2 or b.ndim != 2 or len(a) == 0 or len(b) == 0 or a.shape[1] != b.shape[1]:
        raise ValueError("chamfer_distance takes two non-empty point arrays shaped (N, D) and (M, D)")
    a_to_b = cKDTree(b).query(a)[0].mean()
    b_to_a = cKDTree(a).query(b)[0].mean()
    return float((a_to_b + b_to_a) / 2.0)
