"""The container's hidden header: what the key file holds, carried inside the container, so a recipient
with the password needs nothing else and no key file travels beside the image to give it away.

Each header bit is the least significant bit of one of the container's N*N*3 values (row, column, channel
order), so no weight moves by more than one 8-bit level. Format "ch1", in the order it is written:

  salt    128 bits at the first positions of ks1.permutation(SHA-256(LOCATE_DOMAIN + NFC(password)),
          "crossmodal/header/salt", N*N*3): the key's scrypt salt, raw. Raw on purpose: any redundancy
          here would let an observer test password guesses without paying for scrypt.
  pilot   64 bits, ks1.bytes(seed, "crossmodal/header/pilot", 8): a wrong password matches about half
          of them, a right one on a damaged container most, so the two are told apart.
  length  2 bytes (big-endian body length) + 6 Reed-Solomon parity bytes.
  body    nonce (12) | ChaCha20-Poly1305(key = ks1.bytes(seed, "crossmodal/header/aead", 32), AAD = BODY_DOMAIN +
          the container's shape as 3 big-endian uint16) of  tag (32 raw bytes) | zlib(canonical JSON of
          {"method", "params"}), Reed-Solomon coded with 16 parity bytes per 255.
Pilot, length and body take, in that order, the positions of ks1.permutation(seed, "crossmodal/header/order",
N*N*3) that are not salt positions; seed = scrypt(password, salt) with the key format's scrypt parameters.
The key's authentication tag is computed over the container with the header's bits cleared (`masked`), so
writing the header after the tag leaves the tag valid; the header's bits are checked by reading it back
and re-encoding it (`intact`), so a change anywhere in the container is still seen.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zlib
from typing import Any

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from reedsolo import ReedSolomonError, RSCodec

from stegstudio.core import keystream, randomness
from stegstudio.core.errors import InputError
from stegstudio.core.keys import SCRYPT_N, SCRYPT_P, SCRYPT_R, Key, SeedSource, WrongPassword, check_value, derive_seed

LOCATE_DOMAIN = b"stegstudio/crossmodal-header/v1/locate\x00"
BODY_DOMAIN = b"stegstudio/crossmodal-header/v1/body\x00"
SALT_BITS, PILOT_BITS, LENGTH_BITS = 128, 64, 64
LENGTH_PARITY, BODY_PARITY = 6, 16
NONCE_BYTES, TAG_BYTES = 12, 32
MAX_SHARE = 0.5  # a header may take at most this share of the container's values
PILOT_MATCH = 52  # of 64 pilot bits: a wrong password reaches this with probability about 3e-7
_LENGTH_CODEC = RSCodec(LENGTH_PARITY)
_BODY_CODEC = RSCodec(BODY_PARITY)

NOT_FOUND = ("this password opens no hidden header in the container: the password is wrong, or the container "
             "is not the PNG hide wrote (a re-encoded, resized or edited container needs its key file: --key)")
DAMAGED = ("the password is right but the container's hidden header is damaged beyond repair (the container "
           "was edited); reveal it with its key file (--key)")


def supports(seed_source: SeedSource) -> bool:
    """A header can stand in for the key only when the key's seed is a password's scrypt at the format's
    parameters (the reader must derive the seed before it can read anything else)."""
    return seed_source.kind == "scrypt" and (seed_source.n, seed_source.r, seed_source.p) == (SCRYPT_N, SCRYPT_R,
                                                                                            SCRYPT_P)


def _compressed_description(method: str, params: dict[str, Any]) -> bytes:
    text = json.dumps({"method": method, "params": params}, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode(), 9)


def bit_count(method: str, params: dict[str, Any]) -> int:
    """How many container values the header of this key description takes."""
    body = NONCE_BYTES + TAG_BYTES + len(_compressed_description(method, params)) + 16  # + the AEAD's tag
    return SALT_BITS + PILOT_BITS + LENGTH_BITS + 8 * _coded_length(body)


def _coded_length(body: int) -> int:
    return body + BODY_PARITY * -(-body // (255 - BODY_PARITY))


def fits(bits: int, shape: tuple[int, ...]) -> bool:
    return bits <= MAX_SHARE * int(np.prod(shape))


def _salt_positions(password: str, n_values: int) -> np.ndarray:
    locator = hashlib.sha256(LOCATE_DOMAIN + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    return keystream.permutation(locator, "crossmodal/header/salt", n_values)[:SALT_BITS]


def _order(seed: bytes, salt_positions: np.ndarray, n_values: int) -> np.ndarray:
    order = keystream.permutation(seed, "crossmodal/header/order", n_values)
    return order[~np.isin(order, salt_positions)]


def positions(password: str, seed: bytes, bits: int, shape: tuple[int, ...]) -> np.ndarray:
    """The flat indices of the header's `bits` values, salt first (what `masked` zeroes)."""
    n_values = int(np.prod(shape))
    salt = _salt_positions(password, n_values)
    return np.concatenate([salt, _order(seed, salt, n_values)[:bits - SALT_BITS]])


def masked(container: np.ndarray, where: np.ndarray) -> np.ndarray:
    """A copy of `container` with the header's parity bits cleared: what the authentication tag covers (the
    header's own bits are checked by reading it back, `read` and `intact`)."""
    out = container.copy()
    out.reshape(-1)[where] &= 0xFE
    return out


def _bits(data: bytes) -> np.ndarray:
    return np.unpackbits(np.frombuffer(data, dtype=np.uint8))


def _aead(seed: bytes) -> ChaCha20Poly1305:
    return ChaCha20Poly1305(keystream.stream_bytes(seed, "crossmodal/header/aead", 32))


def _aad(shape: tuple[int, ...]) -> bytes:
    return BODY_DOMAIN + b"".join(int(d).to_bytes(2, "big") for d in shape)


def _pilot(seed: bytes) -> np.ndarray:
    return _bits(keystream.stream_bytes(seed, "crossmodal/header/pilot", PILOT_BITS // 8))


def _encoded(salt: bytes, seed: bytes, body: bytes) -> np.ndarray:
    """Every header bit in writing order, from the salt and the (nonce | ciphertext) body."""
    length = bytes(_LENGTH_CODEC.encode(len(body).to_bytes(2, "big")))
    return np.concatenate([_bits(salt), _pilot(seed), _bits(length), _bits(bytes(_BODY_CODEC.encode(body)))])


def write(container: np.ndarray, password: str, key: Key) -> np.ndarray:
    """The container with `key`'s header written in the parity of its header values (each moves by at most
    one level; the key's tag, made over `masked`, stays valid)."""
    seed = key.seed(password)
    if key.header_bits is None or key.tag is None or key.seed_source.salt_hex is None:
        raise ValueError("the key describes no header")
    nonce = randomness.token_bytes(NONCE_BYTES)
    plain = bytes.fromhex(key.tag) + _compressed_description(key.method, key.params)
    body = nonce + _aead(seed).encrypt(nonce, plain, _aad(container.shape))
    bits = _encoded(bytes.fromhex(key.seed_source.salt_hex), seed, body)
    if bits.size != key.header_bits:
        raise ValueError("the header's size does not match the key's")
    out = container.copy()
    flat = out.reshape(-1)
    where = positions(password, seed, bits.size, container.shape)
    flat[where] = (flat[where] & 0xFE) | bits
    return out


def _salt(flat: np.ndarray, password: str) -> tuple[np.ndarray, bytes]:
    if not password:
        raise InputError("give the password the container was hidden with (--password-file PATH), or its key file")
    salt_at = _salt_positions(password, flat.size)
    return salt_at, np.packbits(flat[salt_at] & 1).tobytes()


def read(container: np.ndarray, password: str) -> tuple[Key, bytes, bool]:
    """The key a container's header carries, its seed, and whether the header is exactly as written (False:
    repaired by the code, so the container was changed). `WrongPassword` when no header answers to this
    password (a wrong password, or a container that is not the PNG hide wrote); `InputError` when the
    password is right but the header cannot be repaired."""
    flat = container.reshape(-1)
    salt_at, salt = _salt(flat, password)
    seed = derive_seed(password, salt)
    key, exact = _decode(container, salt_at, salt, seed)
    return key, seed, exact


def intact(container: np.ndarray, password: str, key: Key, seed: bytes) -> bool:
    """Whether the container carries exactly the header hide wrote for `key` (its seed already derived)."""
    salt_at, salt = _salt(container.reshape(-1), password)
    if key.seed_source.salt_hex is None or salt != bytes.fromhex(key.seed_source.salt_hex):
        return False
    try:
        found, exact = _decode(container, salt_at, salt, seed)
    except InputError:
        return False
    return exact and found.to_json() == key.to_json()


def _decode(container: np.ndarray, salt_at: np.ndarray, salt: bytes, seed: bytes) -> tuple[Key, bool]:
    flat = container.reshape(-1)
    order = _order(seed, salt_at, flat.size)

    def read_bits(start: int, count: int) -> np.ndarray:
        return flat[order[start:start + count]] & 1

    if int(np.sum(read_bits(0, PILOT_BITS) == _pilot(seed))) < PILOT_MATCH:
        raise WrongPassword(NOT_FOUND)
    try:
        length_block = np.packbits(read_bits(PILOT_BITS, LENGTH_BITS)).tobytes()
        length = int.from_bytes(bytes(_LENGTH_CODEC.decode(length_block)[0]), "big")
        coded_bits = 8 * _coded_length(length)
        if length < NONCE_BYTES + TAG_BYTES + 16 or SALT_BITS + PILOT_BITS + LENGTH_BITS + coded_bits > flat.size:
            raise InputError(DAMAGED)
        coded = np.packbits(read_bits(PILOT_BITS + LENGTH_BITS, coded_bits)).tobytes()
        body = bytes(_BODY_CODEC.decode(coded)[0])
        plain = _aead(seed).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], _aad(container.shape))
        description = json.loads(zlib.decompress(plain[TAG_BYTES:]))
        bits = SALT_BITS + PILOT_BITS + LENGTH_BITS + coded_bits
        key = Key(str(description["method"]), SeedSource("scrypt", salt_hex=salt.hex()), dict(description["params"]),
                  check=check_value(seed), tag=plain[:TAG_BYTES].hex(), header_bits=bits)
    except (ReedSolomonError, InvalidTag, zlib.error, ValueError, KeyError, TypeError) as exc:
        raise InputError(DAMAGED) from exc
    key.validate()
    written = _encoded(salt, seed, body)
    exact = bool(np.array_equal(flat[np.concatenate([salt_at, order[:bits - SALT_BITS]])] & 1, written))
    return key, exact
