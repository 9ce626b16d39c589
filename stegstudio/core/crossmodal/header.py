"""The container's hidden header: what the key file holds, carried inside the container, so a recipient
with the password needs nothing else and no key file travels beside the image to give it away.

Each header bit is the least significant bit of one of the container's N*N*3 values (row, column, channel
order), so no weight moves by more than one 8-bit level. Format "ch1", in the order it is written:

  salt    128 bits at the first positions of ks1.permutation(SHA-256(LOCATE_DOMAIN + NFC(password)),
          "crossmodal/header/salt", N*N*3): the header's own scrypt salt, raw, drawn fresh for each
          container and unrelated to the key file's salt. Raw on purpose: any redundancy here, or any
          value also found in the key file, would let an observer test password guesses without scrypt.
  pilot   64 bits, ks1.bytes(header seed, "crossmodal/header/pilot", 8): a wrong password matches about half
          of them, a right one on a damaged container most, so the two are told apart.
  length  2 bytes (big-endian body length) + 6 Reed-Solomon parity bytes.
  body    nonce (12) | ChaCha20-Poly1305(key = ks1.bytes(header seed, "crossmodal/header/aead", 32), AAD =
          BODY_DOMAIN + the container's shape as 3 big-endian uint16) of  tag (32) | the key's scrypt salt (16)
          | the key's seed (32) | zlib(canonical JSON of {"method", "params"}), Reed-Solomon coded with 16
          parity bytes per 255.
The header seed is scrypt(password, header salt) at the key format's scrypt parameters; pilot, length and
body take, in that order, the positions of ks1.permutation(header seed, "crossmodal/header/order", N*N*3)
that are not salt positions. Reading costs one scrypt: the key's seed travels in the body.
The key's authentication tag is computed over the container with the header's lowest bits cleared
(`cleared`), so writing the header after the tag leaves the tag valid; the header's bits are checked by
reading it back and re-encoding it (`read`, `intact`), so a change anywhere in the container is still seen.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from reedsolo import ReedSolomonError, RSCodec

from stegstudio.core import keystream, randomness
from stegstudio.core.errors import InputError
from stegstudio.core.keys import (
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    SEED_BYTES,
    Key,
    SeedSource,
    WrongPassword,
    check_value,
    derive_seed,
)

LOCATE_DOMAIN = b"stegstudio/crossmodal-header/v1/locate\x00"
BODY_DOMAIN = b"stegstudio/crossmodal-header/v1/body\x00"
SALT_BITS, PILOT_BITS, LENGTH_BITS = 128, 64, 64
SALT_BYTES = SALT_BITS // 8
LENGTH_PARITY, BODY_PARITY = 6, 16
NONCE_BYTES, TAG_BYTES, AEAD_TAG_BYTES = 12, 32, 16
SECRET_BYTES = TAG_BYTES + SALT_BYTES + SEED_BYTES  # what precedes the description in the plaintext
MIN_SIDE, MAX_SIDE = 64, 4096  # containers hide can write lie in between; anything else is not one
MAX_SHARE = 0.5  # a header may take at most this share of the container's values
PILOT_MATCH = 52  # of 64 pilot bits: a wrong password reaches this with probability about 3e-7
_LENGTH_CODEC = RSCodec(LENGTH_PARITY)
_BODY_CODEC = RSCodec(BODY_PARITY)

NOT_FOUND = ("this password opens no hidden key in the container: the password is wrong, or the container "
             "is not the PNG hide wrote (a re-encoded, resized or edited container needs its key file)")
DAMAGED = ("the password is right but the key hidden in the container is damaged beyond repair (the container "
           "was edited); reveal it with its key file")
NOT_A_CONTAINER = ("this image cannot carry a hidden key: hide writes square RGB containers from "
                   f"{MIN_SIDE} to {MAX_SIDE} px; give the container PNG hide wrote, or its key file")


@dataclass(frozen=True)
class Place:
    """Where one container's header lives: its own salt, the seed scrypt derives from it, and every header
    value's flat index, salt first."""

    salt: bytes
    seed: bytes
    positions: np.ndarray


def supports(seed_source: SeedSource) -> bool:
    """A header can stand in for the key only for a password key at the format's scrypt parameters."""
    return seed_source.kind == "scrypt" and (seed_source.n, seed_source.r, seed_source.p) == (SCRYPT_N, SCRYPT_R,
                                                                                            SCRYPT_P)


def _compressed_description(method: str, params: dict[str, Any]) -> bytes:
    text = json.dumps({"method": method, "params": params}, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode(), 9)


def bit_count(method: str, params: dict[str, Any]) -> int:
    """How many container values the header of this key description takes."""
    body = NONCE_BYTES + SECRET_BYTES + len(_compressed_description(method, params)) + AEAD_TAG_BYTES
    return SALT_BITS + PILOT_BITS + LENGTH_BITS + 8 * _coded_length(body)


def _coded_length(body: int) -> int:
    return body + BODY_PARITY * -(-body // (255 - BODY_PARITY))


def fits(bits: int, shape: tuple[int, ...]) -> bool:
    return bits <= MAX_SHARE * int(np.prod(shape))


def _check_shape(shape: tuple[int, ...]) -> None:
    if len(shape) != 3 or shape[2] != 3 or shape[0] != shape[1] or not MIN_SIDE <= shape[0] <= MAX_SIDE:
        raise InputError(NOT_A_CONTAINER)


def _salt_positions(password: str, n_values: int) -> np.ndarray:
    if not password:
        raise InputError("give the password the container was hidden with, or its key file")
    locator = hashlib.sha256(LOCATE_DOMAIN + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    return keystream.permutation(locator, "crossmodal/header/salt", n_values)[:SALT_BITS]


def _place(password: str, salt: bytes, salt_at: np.ndarray, n_values: int, bits: int | None = None) -> Place:
    seed = derive_seed(password, salt)
    order = keystream.permutation(seed, "crossmodal/header/order", n_values)
    order = order[~np.isin(order, salt_at)]
    return Place(salt, seed, np.concatenate([salt_at, order if bits is None else order[:bits - SALT_BITS]]))


def new_place(password: str, bits: int, shape: tuple[int, ...]) -> Place:
    """A fresh salt and the places of a `bits`-value header in a container of `shape` (one scrypt)."""
    n_values = int(np.prod(shape))
    return _place(password, randomness.token_bytes(SALT_BYTES), _salt_positions(password, n_values), n_values, bits)


def find_place(container: np.ndarray, password: str, bits: int) -> Place:
    """The places of the `bits`-value header this container carries, from the salt it holds (one scrypt)."""
    flat = container.reshape(-1)
    salt_at = _salt_positions(password, flat.size)
    return _place(password, np.packbits(flat[salt_at] & 1).tobytes(), salt_at, flat.size, bits)


def cleared(container: np.ndarray, place: Place) -> np.ndarray:
    """A copy of `container` with every header value's lowest bit cleared: what the authentication tag covers
    (the header's own bits are checked by reading it back, `read` and `intact`)."""
    out = container.copy()
    out.reshape(-1)[place.positions] &= 0xFE
    return out


def _bits(data: bytes) -> np.ndarray:
    return np.unpackbits(np.frombuffer(data, dtype=np.uint8))


def _aead(seed: bytes) -> ChaCha20Poly1305:
    return ChaCha20Poly1305(keystream.stream_bytes(seed, "crossmodal/header/aead", 32))


def _aad(shape: tuple[int, ...]) -> bytes:
    return BODY_DOMAIN + b"".join(int(d).to_bytes(2, "big") for d in shape)


def _pilot(seed: bytes) -> np.ndarray:
    return _bits(keystream.stream_bytes(seed, "crossmodal/header/pilot", PILOT_BITS // 8))


def _encoded(place: Place, body: bytes) -> np.ndarray:
    """Every header bit in writing order, from its place and the (nonce | ciphertext) body."""
    length = bytes(_LENGTH_CODEC.encode(len(body).to_bytes(2, "big")))
    return np.concatenate([_bits(place.salt), _pilot(place.seed), _bits(length),
                           _bits(bytes(_BODY_CODEC.encode(body)))])


def write(container: np.ndarray, place: Place, key: Key, seed: bytes) -> np.ndarray:
    """The container with `key` (whose seed is `seed`) hidden at `place`; each header value moves by at most
    one level, and the key's tag, made over `cleared`, stays valid."""
    if key.header_bits != place.positions.size or key.tag is None or key.seed_source.salt_hex is None:
        raise ValueError("the key does not describe a header of this size")
    _check_shape(container.shape)
    nonce = randomness.token_bytes(NONCE_BYTES)
    plain = (bytes.fromhex(key.tag) + bytes.fromhex(key.seed_source.salt_hex) + seed
             + _compressed_description(key.method, key.params))
    bits = _encoded(place, nonce + _aead(place.seed).encrypt(nonce, plain, _aad(container.shape)))
    if bits.size != place.positions.size:
        raise ValueError("the header's size does not match the key's")
    out = container.copy()
    flat = out.reshape(-1)
    flat[place.positions] = (flat[place.positions] & 0xFE) | bits
    return out


@dataclass(frozen=True)
class Found:
    """A header read back: the key it carries, that key's seed, where the header lies, and whether it is
    exactly as written (False: repaired by the code, so the container was changed)."""

    key: Key
    seed: bytes
    place: Place
    exact: bool


def read(container: np.ndarray, password: str) -> Found:
    """The key a container's header carries (one scrypt). `WrongPassword` when no header answers to this
    password (a wrong password, or a container that is not the PNG hide wrote, or damage to the raw salt);
    `InputError` when the password is right but the header cannot be repaired."""
    _check_shape(container.shape)
    flat = container.reshape(-1)
    salt_at = _salt_positions(password, flat.size)
    place = _place(password, np.packbits(flat[salt_at] & 1).tobytes(), salt_at, flat.size)
    key, seed, bits, exact = _decode(container, place)
    return Found(key, seed, Place(place.salt, place.seed, place.positions[:bits]), exact)


def intact(container: np.ndarray, place: Place, key: Key) -> bool:
    """Whether the container carries exactly the header hide wrote for `key` at `place`."""
    try:
        found, _, _, exact = _decode(container, place)
    except InputError:
        return False
    return exact and found.to_json() == key.to_json()


def _decode(container: np.ndarray, place: Place) -> tuple[Key, bytes, int, bool]:
    flat = container.reshape(-1)
    order = place.positions[SALT_BITS:]

    def read_bits(start: int, count: int) -> np.ndarray:
        return flat[order[start:start + count]] & 1

    if int(np.sum(read_bits(0, PILOT_BITS) == _pilot(place.seed))) < PILOT_MATCH:
        raise WrongPassword(NOT_FOUND)
    try:
        length_block = np.packbits(read_bits(PILOT_BITS, LENGTH_BITS)).tobytes()
        length = int.from_bytes(bytes(_LENGTH_CODEC.decode(length_block)[0]), "big")
        coded_bits = 8 * _coded_length(length)
        if length < NONCE_BYTES + SECRET_BYTES + AEAD_TAG_BYTES or PILOT_BITS + LENGTH_BITS + coded_bits > order.size:
            raise InputError(DAMAGED)
        body = bytes(_BODY_CODEC.decode(np.packbits(read_bits(PILOT_BITS + LENGTH_BITS, coded_bits)).tobytes())[0])
        plain = _aead(place.seed).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], _aad(container.shape))
        tag, salt = plain[:TAG_BYTES], plain[TAG_BYTES:TAG_BYTES + SALT_BYTES]
        seed = plain[TAG_BYTES + SALT_BYTES:SECRET_BYTES]
        description = json.loads(zlib.decompress(plain[SECRET_BYTES:]))
        bits = SALT_BITS + PILOT_BITS + LENGTH_BITS + coded_bits
        key = Key(str(description["method"]), SeedSource("scrypt", salt_hex=salt.hex()), dict(description["params"]),
                  check=check_value(seed), tag=tag.hex(), header_bits=bits)
    except (ReedSolomonError, InvalidTag, zlib.error, ValueError, KeyError, TypeError) as exc:
        raise InputError(DAMAGED) from exc
    key.validate()
    exact = bool(np.array_equal(flat[place.positions[:bits]] & 1, _encoded(place, body)))
    return key, seed, bits, exact
