"""Key files: versioned JSON that holds everything a recipient needs besides the container.

Secrecy lives in the seed alone (Kerckhoffs). A key made without a password stores a random
256-bit seed and must be kept secret like a password. A key made with a password stores only
the scrypt salt and parameters; the seed is re-derived from the password, so the key file can
travel in the open and the password is the secret.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stegstudio.core import randomness
from stegstudio.core.errors import InputError
from stegstudio.core.fileio import write_bytes_atomic
from stegstudio.core.keystream import STREAM_VERSION

KEY_FORMAT = "stegstudio-key"
KEY_VERSION = 1
SEED_BYTES = 32
# scrypt parameters: 2**15 x 8 x 1 costs ~32 MiB and ~0.1 s, the current OWASP minimum class.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


@dataclass(frozen=True)
class SeedSource:
    """Where the seed comes from: stored in the key, or derived from a password with scrypt."""

    kind: str  # "random" | "scrypt"
    seed_hex: str | None = None
    salt_hex: str | None = None
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @staticmethod
    def new(password: str | None) -> SeedSource:
        if password is None:
            return SeedSource("random", seed_hex=randomness.token_bytes(SEED_BYTES).hex())
        if password == "":
            raise InputError("the password is empty; give a non-empty password or none at all")
        return SeedSource("scrypt", salt_hex=randomness.token_bytes(16).hex())

    def seed(self, password: str | None) -> bytes:
        if self.kind == "random":
            if self.seed_hex is None:
                raise InputError("the key file has no seed; it is damaged")
            return bytes.fromhex(self.seed_hex)
        if self.kind == "scrypt":
            if not password:
                raise InputError("this key is protected by a password; give it with --password")
            if self.salt_hex is None:
                raise InputError("the key file has no scrypt salt; it is damaged")
            return derive_seed(password, bytes.fromhex(self.salt_hex), self.n, self.r, self.p)
        raise InputError(f"unknown seed source '{self.kind}' in the key file")

    def to_json(self) -> dict[str, Any]:
        if self.kind == "random":
            return {"kind": "random", "seed": self.seed_hex}
        return {"kind": "scrypt", "salt": self.salt_hex, "n": self.n, "r": self.r, "p": self.p}

    @staticmethod
    def from_json(d: dict[str, Any]) -> SeedSource:
        kind = d.get("kind")
        if kind == "random":
            return SeedSource("random", seed_hex=str(d["seed"]))
        if kind == "scrypt":
            return SeedSource("scrypt", salt_hex=str(d["salt"]), n=int(d["n"]), r=int(d["r"]), p=int(d["p"]))
        raise InputError(f"unknown seed source '{kind}' in the key file")


def derive_seed(password: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=SEED_BYTES
    )


@dataclass
class Key:
    """A method's recipe plus its seed source; `params` is the method's own JSON section."""

    method: str
    seed_source: SeedSource
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": KEY_FORMAT,
            "version": KEY_VERSION,
            "keystream": STREAM_VERSION,
            "method": self.method,
            "seed": self.seed_source.to_json(),
            "params": self.params,
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        write_bytes_atomic(path, (json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n").encode())

    @staticmethod
    def from_json(d: dict[str, Any]) -> Key:
        if d.get("format") != KEY_FORMAT:
            raise InputError("this is not a StegStudio key file (no 'format: stegstudio-key')")
        if d.get("version") != KEY_VERSION:
            raise InputError(
                f"key format version {d.get('version')} is not supported by this StegStudio "
                f"(it reads version {KEY_VERSION}); use the StegStudio version that wrote it"
            )
        if d.get("keystream") != STREAM_VERSION:
            raise InputError(f"key uses keystream '{d.get('keystream')}', this StegStudio has '{STREAM_VERSION}'")
        try:
            return Key(str(d["method"]), SeedSource.from_json(d["seed"]), dict(d["params"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"the key file is incomplete or damaged ({exc})") from exc

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Key:
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise InputError(f"{p}: key file not found") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{p}: not a readable JSON key file ({exc})") from exc
        if not isinstance(data, dict):
            raise InputError(f"{p}: not a StegStudio key file")
        return Key.from_json(data)
