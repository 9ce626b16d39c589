"""Payload framing for bit embedding: bytes in, a keyed bit pattern out, and back, authenticated.

Pipeline (sender; the receiver runs it backwards):

  secret (a text, or a file with its name)
    -> inner record: text bytes, or name length (2 bytes) + UTF-8 name + file bytes
    -> zlib (kept only when it shrinks the record; a flag says which)
    -> ChaCha20-Poly1305 under a key and nonce HKDF-derived from the master seed; the header is the AAD
    -> frame = header || ciphertext+tag
    -> Reed-Solomon blocks (systematic: each block is its data bytes followed by its parity)
    -> bits, placed over the decoder's H x W x D outputs by a key-derived permutation

Header of format 2 (74 bytes, authenticated; only the keyed decoder reads it): magic "SSFN" |
version | key check (48) | flags | ciphertext length (4, big-endian) | message salt (16, random).

Keys: the recipient has only the stego image and the password. Each image carries a 128-bit salt
in a public channel of its own (salt.py: what a public decoder reads from the cover itself), and
`master_seed` = scrypt(NFC(password), salt, N=2^17, r=8, p=1), about 128 MiB, once per embedding
and once per extraction try. A password guess therefore costs that much per guess and per image:
no dictionary can be computed once for every image. Everything else comes from the master seed:
the decoder weights, the bit permutation, the key check, and (by HKDF-SHA256 under the header's
random message salt) the cipher key and nonce, so a key and nonce pair is never used twice.

Format 1 (StegStudio 0.1.0) had no salt channel: its master seed was scrypt(password, the fixed
public salt "stegstudio/fnns/v1", N=2^15) and its cipher key a second scrypt with a salt in its
86-byte header. The receiver still reads it (`master_seed(password)` without a salt) as its last
try, after every format-2 candidate salt failed.

The key check (48 keystream bytes of the master seed) sits at a known place in the clear part of
block 0. The receiver reads those known bits before any error correction: near 50 % errors means
"wrong password or no payload", few errors with a failed decode means "the payload is damaged".
The receiver does not know D nor the ECC level either: it tries each (D, level), which costs one
Reed-Solomon block decode per try.

Each frame fills only as many RS blocks as it needs; the unused bit positions are "don't care"
for the optimiser, so a short message costs less time and less image change than a full one.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from stegstudio.core import keystream, randomness
from stegstudio.core.errors import InputError
from stegstudio.core.fnns import blocks, names, robust, salt
from stegstudio.core.fnns.blocks import DEFAULT_ECC, ECC_LEVELS
from stegstudio.core.keys import SCRYPT_N as KEY_SCRYPT_N
from stegstudio.core.keys import derive_seed

MAGIC = b"SSFN"
VERSION = 2
SCRYPT_N = KEY_SCRYPT_N  # the same cost as a password-protected cross-modal key
FORMAT1_SALT = b"stegstudio/fnns/v1"  # format 1's fixed public salt; only read, never written
FORMAT1_SCRYPT_N = 2**15
CIPHER_INFO = b"stegstudio/fnns/v2/cipher"  # HKDF label of the cipher key and nonce
CHECK_BYTES = 48
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
MESSAGE_SALT_BYTES = 16
_HEADERS = {
    2: struct.Struct(f">4sB{CHECK_BYTES}sBI{MESSAGE_SALT_BYTES}s"),  # + the message's HKDF salt
    1: struct.Struct(f">4sB{CHECK_BYTES}sBI16s{NONCE_BYTES}s"),  # + cipher salt, nonce
}
HEADER_BYTES = _HEADERS[VERSION].size
KNOWN_BYTES = len(MAGIC) + 1 + CHECK_BYTES  # bytes the receiver can predict: magic, version, check
FLAG_COMPRESSED = 1
FLAG_FILE = 2
MAX_NAME_BYTES = names.MAX_NAME_BYTES
# Largest secret (the record before compression): a crafted payload must not inflate past it
# when decompressed; it is far above what any image holds uncompressed.
MAX_RECORD_BYTES = 256 * 2**20
MAX_BPP = 4  # bits per pixel the decoder reads (its output channels); here so Qt-side checks need no torch
# Known-bit error rate below this: right key, damaged payload. A wrong password's reading is the
# minimum over every try (neural salts x 4 decoder variants x 4 bpp, covert densities, robust salts x
# 10 steps: about 120), and the known bits are 424, so a wrong password reads 0.5 +- 0.024 per try and
# its minimum stays far above; the right password reads a few percent with a few damaged pixels. A JPEG
# of a fast or covert image reads like a wrong password.
DAMAGED_KNOWN_BER = 0.30


class PayloadNotFound(InputError):
    """No payload for this password: the password is wrong or the image holds none."""


class PayloadDamaged(InputError):
    """The key matches but the payload cannot be recovered: the image was changed."""


@dataclass(frozen=True)
class Message:
    """What is hidden: a text (`name` None) or a file's bytes with its base name."""

    data: bytes
    name: str | None = None

    @property
    def is_file(self) -> bool:
        return self.name is not None

    @property
    def text(self) -> str:
        """The data as UTF-8 text (undecodable bytes shown as U+FFFD)."""
        return self.data.decode("utf-8", errors="replace")

    @staticmethod
    def from_text(text: str) -> Message:
        try:
            return Message(text.encode("utf-8"))
        except UnicodeEncodeError:  # undecodable bytes from argv (surrogate escapes)
            raise InputError("the message is not valid UTF-8 text; put it in a file and hide it with --file") from None

    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> Message:
        """A file with its base name, so the recipient gets it back under the same name."""
        p = Path(path)
        if not p.is_file():
            raise InputError(f"{p}: file not found (or not a regular file)")
        return Message(p.read_bytes(), p.name)


def check_password(password: str) -> None:
    """Refuse an empty password before any slow work."""
    if not password:
        raise InputError("the password is empty; give a non-empty password with --password")


def master_seed(password: str, image_salt: bytes | None = None) -> bytes:
    """The seed of everything the receiver rebuilds (decoders, permutation, key check, cipher
    key) from the password and the image's salt; without a salt, format 1's seed."""
    check_password(password)
    if image_salt is None:
        return derive_seed(password, FORMAT1_SALT, n=FORMAT1_SCRYPT_N)
    return derive_seed(password, image_salt, n=SCRYPT_N)


def _frame_overhead(name: str | None) -> int:
    name_len = 0 if name is None else 2 + len(name.encode("utf-8"))
    return HEADER_BYTES + TAG_BYTES + name_len


def capacity(height: int, width: int, bpp: float, ecc: str = DEFAULT_ECC, name: str | None = None,
             mode: str = "fast") -> int:
    """Usable bytes of secret (before compression) for this image size, bpp (robust mode: none), ECC level
    and mode."""
    lay = blocks.layout(height, width, bpp, ecc, mode)
    salt_fits = robust.fits(height, width) if mode == "robust" else salt.fits(height, width)
    if not lay.blocks or lay.blocks[0][0] - lay.blocks[0][1] < HEADER_BYTES or not salt_fits:
        return 0
    return max(0, lay.data_bytes - _frame_overhead(name))


def key_check(seed: bytes) -> bytes:
    return keystream.stream_bytes(seed, "fnns/v1/check", CHECK_BYTES)


def _inner(secret: Message) -> bytes:
    if secret.name is None:
        return secret.data
    name = secret.name.encode("utf-8")
    if len(name) > MAX_NAME_BYTES:
        raise InputError(f"the file name is longer than {MAX_NAME_BYTES} bytes; rename the file")
    return struct.pack(">H", len(name)) + name + secret.data


def _cipher(seed: bytes, message_salt: bytes) -> tuple[ChaCha20Poly1305, bytes]:
    """The cipher and nonce of one message: HKDF of the seed under the message's own random salt, so
    two messages never share a key and nonce pair, even in one cover under one password."""
    okm = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES + NONCE_BYTES, salt=message_salt,
               info=CIPHER_INFO).derive(seed)
    return ChaCha20Poly1305(okm[:KEY_BYTES]), okm[KEY_BYTES:]


def _stored_record(secret: Message) -> tuple[bytes, bool]:
    """The inner record as it is encrypted: zlib-compressed only when that makes it shorter."""
    record = _inner(secret)
    if len(record) > MAX_RECORD_BYTES:
        raise InputError(f"the secret is larger than {MAX_RECORD_BYTES:,} bytes; hide a smaller file")
    packed = zlib.compress(record, 9)
    if len(packed) < len(record):
        return packed, True
    return record, False


def frame_size(secret: Message) -> int:
    """Length of the frame `pack` makes for `secret`, without the key derivation it needs."""
    return HEADER_BYTES + len(_stored_record(secret)[0]) + TAG_BYTES


@dataclass(frozen=True)
class Fit:
    """Whether a secret fits an image size, bpp and ECC level, in the units the user thinks in."""

    frame_bytes: int
    needed_bytes: int  # the secret after compression, counted as `capacity` counts (no header, tag or name)
    capacity_bytes: int  # `capacity` for a secret of this kind
    fits: bool


def fit(height: int, width: int, bpp: float, ecc: str, secret: Message, mode: str = "fast") -> Fit:
    """Check a secret against an image before any slow work; cheap enough to run on every keystroke."""
    frame = frame_size(secret)
    room = capacity(height, width, bpp, ecc, secret.name, mode)
    fits = room > 0 and blocks.blocks_needed(blocks.layout(height, width, bpp, ecc, mode), frame) > 0
    return Fit(frame, frame - _frame_overhead(secret.name), room, fits)


def pack(secret: Message, seed: bytes, ecc: str = DEFAULT_ECC) -> bytes:
    """Header + ciphertext of `secret` in format 2; `seed` is `master_seed(password, image_salt)`."""
    if not secret.data:
        raise InputError("the message is empty; give a non-empty text with --message or a non-empty --file")
    record, compressed = _stored_record(secret)
    flags = (FLAG_FILE if secret.is_file else 0) | _ecc_flag(ecc) | (FLAG_COMPRESSED if compressed else 0)
    message_salt = randomness.token_bytes(MESSAGE_SALT_BYTES)
    header = _HEADERS[VERSION].pack(MAGIC, VERSION, key_check(seed), flags, len(record) + TAG_BYTES, message_salt)
    cipher, nonce = _cipher(seed, message_salt)
    return header + cipher.encrypt(nonce, record, header)


def unpack(frame: bytes, password: str, seed: bytes) -> Message:
    """Decrypt and parse a frame whose header `read_frame` has checked (either format)."""
    version = frame[len(MAGIC)]
    size = _HEADERS[version].size
    header, body = frame[:size], frame[size:]
    _, _, _, flags, _, *rest = _HEADERS[version].unpack(header)
    if version == 1:
        cipher_salt, nonce = rest
        cipher = ChaCha20Poly1305(derive_seed(password, cipher_salt, n=FORMAT1_SCRYPT_N))
    else:
        cipher, nonce = _cipher(seed, rest[0])
    try:
        record = cipher.decrypt(nonce, body, header)
    except InvalidTag as exc:
        raise PayloadDamaged(
            "payload damaged: the password matches but the hidden data fails its authentication check; "
            "the image was changed after embedding (recompressed, resized or edited)"
        ) from exc
    return _parse_record(_inflate(record) if flags & FLAG_COMPRESSED else record, bool(flags & FLAG_FILE))


def _crafted(what: str) -> PayloadDamaged:
    return PayloadDamaged(
        f"payload damaged: the hidden data is authentic but {what}; it was not written by StegStudio, "
        "so ask the sender to embed it again with 'stegstudio embed'"
    )


def _inflate(record: bytes) -> bytes:
    """zlib-decompress, refusing to grow past MAX_RECORD_BYTES (a few bytes can inflate to gigabytes)."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(record, MAX_RECORD_BYTES)
    except zlib.error as exc:
        raise _crafted(f"does not decompress ({exc})") from exc
    if inflater.unconsumed_tail:
        raise _crafted(f"decompresses to more than {MAX_RECORD_BYTES:,} bytes")
    return out


def _parse_record(record: bytes, is_file: bool) -> Message:
    """A text, or a file whose stored name is reduced to a safe base name (names.safe_name)."""
    if not is_file:
        return Message(record)
    name_len = struct.unpack(">H", record[:2])[0] if len(record) >= 2 else len(record)
    if len(record) < 2 + name_len:
        raise _crafted("its file record is shorter than its name")
    stored = record[2 : 2 + name_len].decode("utf-8", errors="replace")
    return Message(record[2 + name_len :], names.safe_name(stored))


def _ecc_flag(ecc: str) -> int:
    """The ECC level in flag bits 2-3. Codes are nested (a high-parity block is also a valid
    low-parity block), so the receiver tries the strongest level first and this flag confirms it."""
    return list(ECC_LEVELS).index(ecc) << 2


def known_bit_error(codeword: bytes, seed: bytes, version: int = VERSION) -> float:
    """Error rate of the bits the receiver can predict (magic, version, key check) in block 0."""
    expected = np.frombuffer(MAGIC + bytes([version]) + key_check(seed), dtype=np.uint8)
    got = np.frombuffer(codeword[:KNOWN_BYTES], dtype=np.uint8)
    if got.size < KNOWN_BYTES:
        return 0.5
    return float(np.unpackbits(expected ^ got).mean())


def read_frame(codeword: bytes, seed: bytes, lay: blocks.Layout, version: int = VERSION) -> bytes | None:
    """The error-corrected frame, or None when block 0 does not decode to this key's header of
    format `version` (1 for a seed without a salt, else 2)."""
    header_bytes = _HEADERS[version].size
    if not lay.blocks or lay.blocks[0][0] - lay.blocks[0][1] < header_bytes:
        return None
    first = blocks.decode_block(codeword, lay, 0)
    if first is None:
        return None
    magic, found, check, flags, length, *_ = _HEADERS[version].unpack(first[:header_bytes])
    if magic != MAGIC or check != key_check(seed) or flags & 0b1100 != _ecc_flag(lay.ecc):
        return None
    if found > VERSION:
        raise InputError(
            f"the payload was written by a newer StegStudio (format {found}; this one reads {VERSION}); "
            "update StegStudio to read it"
        )
    if found != version:
        return None
    used = blocks.blocks_needed(lay, header_bytes + length)
    if used == 0:
        raise PayloadDamaged("payload damaged: the header states a length that does not fit this image")
    data = bytearray(first)
    for i in range(1, used):
        block = blocks.decode_block(codeword, lay, i)
        if block is None:
            raise PayloadDamaged(
                "payload damaged: more bit errors than the error-correcting code can fix; the image was "
                "changed after embedding (recompressed, resized or edited)"
            )
        data += block
    return bytes(data[: header_bytes + length])
