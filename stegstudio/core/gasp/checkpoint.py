"""A model folder on disk: `config.json` (what the model is), `generator.pt` (its weights as a plain
state dict), and for training runs `training.pt` (discriminator, optimisers, step) to resume from.

Nothing is pickled as a module: tensors load with `weights_only=True`, into a model built from the
folder's own config, and every file is written atomically so an interrupted run leaves the last
complete checkpoint, never a torn one.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import torch

from stegstudio.core.errors import InputError
from stegstudio.core.fileio import write_bytes_atomic
from stegstudio.core.gasp.config import FORMAT, VERSION, GaspConfig
from stegstudio.core.gasp.generator import Generator

CONFIG = "config.json"
GENERATOR = "generator.pt"
TRAINING = "training.pt"
LOG = "training_log.json"


def _tensor_bytes(obj: Any) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def write_json(path: Path, data: Any) -> None:
    write_bytes_atomic(path, (json.dumps(data, indent=1) + "\n").encode())


def save_generator(folder: str | os.PathLike[str], generator: Generator, info: dict[str, Any],
                   half: bool = False) -> Path:
    """Write config.json and generator.pt; `half` stores float16 weights (half the size, for shipping)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: (v.half() if half and v.is_floating_point() else v).detach().cpu().contiguous()
             for k, v in generator.state_dict().items()}
    write_bytes_atomic(folder / GENERATOR, _tensor_bytes(state))
    write_json(folder / CONFIG, {"format": FORMAT, "version": VERSION, "model": generator.cfg.to_json(), **info})
    return folder


def save_training_state(folder: Path, state: dict[str, Any]) -> None:
    write_bytes_atomic(folder / TRAINING, _tensor_bytes(state))


def is_model_folder(path: Path) -> bool:
    """A folder that holds a model (its config file), as opposed to a folder of models."""
    return (path / CONFIG).is_file()


def read_config(folder: str | os.PathLike[str]) -> tuple[GaspConfig, dict[str, Any]]:
    folder = Path(folder)
    path = folder / CONFIG
    if not folder.is_dir():
        raise InputError(f"model folder {folder} does not exist")
    if not path.is_file():
        raise InputError(f"{folder} is not a StegStudio cover model: it has no {CONFIG}")
    try:
        data = json.loads(path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path} is not valid JSON ({exc}); the model folder is damaged") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path} is not a StegStudio cover model config (format should be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise InputError(f"{path} has version {data.get('version')}; this StegStudio reads version {VERSION}")
    return GaspConfig.from_json(data.get("model", {})), data


def load_tensors(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(f"{path} is missing; the model folder is incomplete")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises several unrelated types for damaged files
        raise InputError(f"{path} is not a readable checkpoint ({type(exc).__name__}: {exc}); "
                         "it is damaged or not a StegStudio file") from exc


def load_into(module: torch.nn.Module, state: Any, path: Path) -> None:
    """Load a state dict, turning shape/key mismatches into one clear error."""
    if not isinstance(state, dict):
        raise InputError(f"{path} does not hold a state dict")
    try:
        module.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
    except (RuntimeError, AttributeError) as exc:
        first = str(exc).strip().splitlines()
        raise InputError(f"{path} does not match the model described by {CONFIG} ({first[0] if first else exc}...)"
                         ) from exc


def load_generator_from(folder: str | os.PathLike[str], device: str = "cpu") -> tuple[Generator, dict[str, Any]]:
    folder = Path(folder)
    cfg, info = read_config(folder)
    gen = Generator(cfg)
    load_into(gen, load_tensors(folder / GENERATOR), folder / GENERATOR)
    return gen.to(device).eval(), info
