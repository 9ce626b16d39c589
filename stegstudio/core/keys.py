"""Key files: versioned JSON that holds everything a recipient needs besides the container.

Secrecy lives in the seed alone (Kerckhoffs). A key made without a password stores a random
256-bit seed and must be kept secret like a password. A key made with a password stores only
the scrypt salt and parameters; the seed is re-derived from the password, so the key file can
travel in the open and the password is the secret.

Version 2 adds a check value (a public fingerprint of the seed, so a wrong password is an error
instead of noise) and, for cross-modal keys, the container's authentication tag
(`crossmodal/integrity.py`). Version 3 adds the size of the hidden header a password container
carries (`crossmodal/header.py`), which its tag leaves out. Version-1 keys still read; they carry
neither check nor tag. Every key is validated against `resources/key.schema.json` (`key_schema.py`)
before any of it is used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stegstudio.core import key_schema, randomness
from stegstudio.core.errors import InputError
from stegstudio.core.fileio import PRIVATE_MODE, write_bytes_atomic
from stegstudio.core.keystream import STREAM_VERSION, stream_bytes

KEY_FORMAT = "stegstudio-key"
KEY_VERSION = 2
HEADER_KEY_VERSION = 3  # written only for a key whose container carries a hidden header
READABLE_VERSIONS = (1, 2, 3)
SEED_BYTES = 32
CHECK_LABEL = "key/check"
CHECK_BYTES = 16
MAX_KEY_FILE_BYTES = 1 << 20  # a key is about 1 KB; anything far larger is not one
SECRET_KEY_WARNING = ("the key file holds the secret seed itself: keep it secret like a password (it was written "
                      "readable only by you); hide with a password for a key that can travel in the open")
# scrypt parameters for new keys: N=2^17, r=8, p=1 (128 MiB per derivation), OWASP's recommended
# setting; a key stores its own, so older keys (N=2^15) keep opening.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1


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
                raise InputError("this key is protected by a password; give it with --password-file PATH or the "
                                 "STEGSTUDIO_PASSWORD environment variable (or run in a terminal to be asked)")
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


class WrongPassword(InputError):
    """The password does not open this key (its check value says so); nothing was revealed."""


def derive_seed(password: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """scrypt of the NFC-normalised password: the same word typed on any system (macOS writes é as
    e + combining accent, NFD) must give the same seed."""
    try:
        encoded = unicodedata.normalize("NFC", password).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes from argv or the environment (surrogate escapes)
        raise InputError("the password is not valid UTF-8 text; give it with --password-file in UTF-8") from None
    return hashlib.scrypt(
        encoded, salt=salt, n=n, r=r, p=p,
        maxmem=128 * r * (n + p + 2) + 2**20, dklen=SEED_BYTES,  # what scrypt needs; the schema bounds n, r, p
    )


def check_value(seed: bytes) -> str:
    """A public fingerprint of the seed (its own keystream label, so it reveals nothing the network uses)."""
    return stream_bytes(seed, CHECK_LABEL, CHECK_BYTES).hex()


@dataclass
class Key:
    """A method's recipe plus its seed source; `params` is the method's own JSON section.

    `check` is `check_value(seed)` and `tag` the container's authentication tag; both are None in
    version-1 keys, and a key is written (version 2) only with a check value. `header_bits` is the size
    of the hidden header the container carries (version 3), None when it carries none.
    """

    method: str
    seed_source: SeedSource
    params: dict[str, Any] = field(default_factory=dict)
    check: str | None = None
    tag: str | None = None
    header_bits: int | None = None

    def seed(self, password: str | None) -> bytes:
        """The seed, refused when it does not match the check value: a wrong password or a tampered key."""
        seed = self.seed_source.seed(password)
        if self.check is None or hmac.compare_digest(check_value(seed), self.check.lower()):
            return seed
        if self.seed_source.kind == "scrypt":
            raise WrongPassword("the password is wrong (it does not match this key); give the password used "
                                "with hide, typed exactly")
        raise InputError("the key file is damaged: its seed does not match its check value; use the key file "
                         "exactly as hide wrote it")

    @property
    def warnings(self) -> list[str]:
        """What the user must know about this key file: a raw-seed key is itself the secret."""
        return [SECRET_KEY_WARNING] if self.seed_source.kind == "random" else []

    @property
    def file_mode(self) -> int | None:
        """0600 for a key that holds the seed; None (the user's usual mode) for a password key."""
        return PRIVATE_MODE if self.seed_source.kind == "random" else None

    def to_json(self) -> dict[str, Any]:
        d = {
            "format": KEY_FORMAT,
            "version": KEY_VERSION if self.header_bits is None else HEADER_KEY_VERSION,
            "keystream": STREAM_VERSION,
            "method": self.method,
            "seed": self.seed_source.to_json(),
            "params": self.params,
        }
        if self.check is not None:
            d["check"] = self.check
        if self.tag is not None:
            d["tag"] = self.tag
        if self.header_bits is not None:
            d["header"] = {"version": 1, "bits": self.header_bits}
        return d

    def validate(self) -> None:
        """Refuse a key that could not be read back (the schema's message says what is wrong)."""
        key_schema.validate(self.to_json())

    def to_bytes(self) -> bytes:
        """The key file's contents, validated like a key that is read, so no key is written that cannot be read."""
        data = self.to_json()
        key_schema.validate(data)
        return (json.dumps(data, indent=2, sort_keys=True, allow_nan=False) + "\n").encode()

    def save(self, path: str | os.PathLike[str]) -> None:
        write_bytes_atomic(path, self.to_bytes(), mode=self.file_mode)

    @staticmethod
    def from_json(d: dict[str, Any]) -> Key:
        if d.get("format") != KEY_FORMAT:
            raise InputError("this is not a StegStudio key file (no 'format: stegstudio-key')")
        if d.get("version") not in READABLE_VERSIONS:
            raise InputError(
                f"key format version {d.get('version')} is not supported by this StegStudio "
                f"(it reads versions {', '.join(map(str, READABLE_VERSIONS))}); use the StegStudio version "
                "that wrote it"
            )
        if d.get("keystream") != STREAM_VERSION:
            raise InputError(f"key uses keystream '{d.get('keystream')}', this StegStudio has '{STREAM_VERSION}'")
        key_schema.validate(d)
        header = d.get("header")
        return Key(d["method"], SeedSource.from_json(d["seed"]), dict(d["params"]), d.get("check"), d.get("tag"),
                   None if header is None else int(header["bits"]))

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Key:
        p = Path(path)
        try:
            if p.stat().st_size > MAX_KEY_FILE_BYTES:
                raise InputError(f"{p}: {p.stat().st_size} bytes is far too large for a key file; give the key "
                                 "file hide wrote")
            data = json.loads(p.read_text(encoding="utf-8"), parse_constant=_refuse_constant,
                              parse_float=_finite_float)
        except FileNotFoundError as exc:
            raise InputError(f"{p}: key file not found") from exc
        except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
            raise InputError(f"{p}: not a readable JSON key file ({exc})") from exc
        except OSError as exc:
            raise InputError(f"{p}: cannot read the key file ({exc.strerror}); give a readable file") from exc
        if not isinstance(data, dict):
            raise InputError(f"{p}: not a StegStudio key file")
        try:
            return Key.from_json(data)
        except InputError as exc:
            raise InputError(f"{p}: {exc}") from exc


def _refuse_constant(name: str) -> float:
    """json.loads accepts NaN and Infinity, which JSON does not have; a key never holds them."""
    raise ValueError(f"it contains {name}, which is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value
