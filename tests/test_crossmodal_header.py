"""Reveal with the password alone: the key a password container carries in its hidden header (format ch1)."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from stegstudio.cli import main
from stegstudio.core import keystream, randomness
from stegstudio.core.crossmodal import engine, files, header, secrets
from stegstudio.core.errors import InputError
from stegstudio.core.keys import Key, SeedSource, WrongPassword
from stegstudio.core.media.image import load_cover, load_png_exact
from stegstudio.core.samples import sample_path

DATA = Path(__file__).parent / "data"
GOLDEN_PASSWORD = "golden password"  # scripts/make_golden.py password


@pytest.fixture(scope="module")
def hidden():
    cover, _ = load_cover(sample_path("cover"), 64)
    secret = secrets.load(sample_path("image"), "image", "tiny")
    with randomness.seeded(5):
        return engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=30, password="pw"))


def _header_positions(result):
    return header.find_place(result.container, "pw", result.key.header_bits).positions


def test_the_password_alone_reveals_what_the_key_file_reveals(hidden):
    assert hidden.key.header_bits is not None and hidden.key.to_json()["version"] == 3
    key, alone = engine.reveal_with_password(hidden.container, "pw", strict=True)
    keyed = engine.reveal_checked(hidden.container, hidden.key, "pw", strict=True)
    assert key.to_json() == hidden.key.to_json()
    assert alone.container_intact is True and keyed.container_intact is True
    assert np.array_equal(alone.revealed, keyed.revealed) and np.array_equal(alone.revealed, hidden.revealed)


def test_a_wrong_password_is_told_apart_from_a_damaged_header(hidden):
    with pytest.raises(WrongPassword, match="opens no hidden key"):
        engine.reveal_with_password(hidden.container, "not it")
    damaged = hidden.container.copy()
    damaged.reshape(-1)[_header_positions(hidden)[400:700]] ^= 1  # body bytes, beyond the code's reach
    with pytest.raises(InputError, match="damaged beyond repair") as caught:
        engine.reveal_with_password(damaged, "pw")
    assert not isinstance(caught.value, WrongPassword)


def test_a_repaired_header_reveals_but_says_the_container_changed(hidden):
    changed = hidden.container.copy()
    changed.reshape(-1)[_header_positions(hidden)[300:304]] ^= 1
    _, result = engine.reveal_with_password(changed, "pw")
    assert result.container_intact is False and result.notes
    assert engine.reveal_checked(changed, hidden.key, "pw").container_intact is False


def test_the_tag_still_covers_every_value_outside_the_header_bits(hidden):
    where = set(_header_positions(hidden).tolist())
    outside = next(i for i in range(hidden.container.size) if i not in where)
    changed = hidden.container.copy()
    changed.reshape(-1)[outside] ^= 1
    assert engine.reveal_with_password(changed, "pw")[1].container_intact is False
    upper = hidden.container.copy()
    upper.reshape(-1)[min(where)] ^= 4  # a header value's higher bits are covered by the tag
    assert engine.reveal_checked(upper, hidden.key, "pw").container_intact is False


def test_writing_the_header_moves_only_its_values_and_by_one_level_at_most(hidden):
    where = _header_positions(hidden)
    assert np.unique(where).size == where.size == hidden.key.header_bits <= header.MAX_SHARE * hidden.container.size
    place = header.find_place(hidden.container, "pw", hidden.key.header_bits)
    rewritten = header.write(hidden.container, place, hidden.key, hidden.key.seed("pw"))  # a fresh nonce
    diff = np.abs(rewritten.astype(int) - hidden.container.astype(int)).reshape(-1)
    assert diff.max() == 1 and set(np.flatnonzero(diff).tolist()) <= set(where.tolist())
    assert engine.reveal_with_password(rewritten, "pw")[1].container_intact is True


def test_without_a_password_there_is_no_header_and_the_key_stays_version_2():
    cover, _ = load_cover(sample_path("cover"), 64)
    secret = secrets.load(sample_path("image"), "image", "tiny")
    result = engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=2))
    assert result.key.header_bits is None and result.key.to_json()["version"] == 2


def test_a_reused_key_with_older_scrypt_settings_gets_no_header_and_says_so():
    cover, _ = load_cover(sample_path("cover"), 64)
    secret = secrets.load(sample_path("image"), "image", "tiny")
    old = SeedSource("scrypt", salt_hex="00" * 16, n=2**15)
    result = engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=2, password="pw", seed_source=old))
    assert result.key.header_bits is None
    assert any("needs the key file" in note for note in result.notices)


def test_the_fidelity_dial_still_holds_with_the_header():
    cover, _ = load_cover(sample_path("cover"), 64)
    secret = secrets.load(sample_path("image"), "image", "tiny")
    result = engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=60, password="pw", cover_psnr=33))
    assert result.key.header_bits is not None
    assert abs(result.metrics["cover_psnr"] - 33) <= 0.5


# Golden vector (scripts/make_golden.py password): the ch1 header as written on 2026-12-02.
def test_golden_password_container_reveals_with_the_password_alone():
    container = load_png_exact(DATA / "golden_v3_password_container.png")
    key_file = Key.load(DATA / "golden_v3_password_key.json")
    key, result = engine.reveal_with_password(container, GOLDEN_PASSWORD, strict=True)
    assert key.to_json() == key_file.to_json() and result.container_intact is True
    expected = load_png_exact(DATA / "golden_v3_password_revealed.png")
    assert np.abs(result.revealed.astype(int) - expected.astype(int)).max() <= 1
    keyed = engine.reveal_checked(container, key_file, GOLDEN_PASSWORD, strict=True)
    assert np.array_equal(keyed.revealed, result.revealed)


def test_the_file_header_not_its_name_decides_whether_a_container_was_re_encoded(tmp_path):
    renamed = tmp_path / "container.jpg"  # the lossless PNG, under a lossy name
    renamed.write_bytes((DATA / "golden_v3_password_container.png").read_bytes())
    report = files.reveal_files(renamed, None, password=GOLDEN_PASSWORD, strict=True)
    assert report.container_intact is True
    disguised = tmp_path / "container.png"  # a real JPEG of it, under the PNG's name
    Image.open(renamed).save(disguised, format="JPEG", quality=95)
    with pytest.raises(InputError, match="lost its hidden key"):
        files.reveal_files(disguised, None, password=GOLDEN_PASSWORD)


def _ks1_uniform_order(seed: bytes, label: str, n: int) -> np.ndarray:
    words = np.frombuffer(hashlib.shake_256(b"stegstudio/ks1\x00" + seed + b"\x00" + label.encode()).digest(8 * n),
                          dtype="<u8")
    return np.argsort((words >> np.uint64(11)).astype(np.float64), kind="stable")


def test_golden_header_is_where_the_written_specification_puts_it():
    """Salt, header seed and pilot recomputed by hand from header.py's docstring, on the golden container."""
    container = load_png_exact(DATA / "golden_v3_password_container.png")
    flat = container.reshape(-1)
    locator = hashlib.sha256(b"stegstudio/crossmodal-header/v1/locate\x00" + GOLDEN_PASSWORD.encode()).digest()
    salt_at = _ks1_uniform_order(locator, "crossmodal/header/salt", flat.size)[:128]
    assert np.array_equal(salt_at, keystream.permutation(locator, "crossmodal/header/salt", flat.size)[:128])
    salt = np.packbits(flat[salt_at] & 1).tobytes()
    key_salt = json.loads((DATA / "golden_v3_password_key.json").read_text())["seed"]["salt"]
    assert salt.hex() != key_salt  # the key file's salt is nowhere in the container
    seed = hashlib.scrypt(GOLDEN_PASSWORD.encode(), salt=salt, n=2**17, r=8, p=1, maxmem=2**28, dklen=32)
    order = _ks1_uniform_order(seed, "crossmodal/header/order", flat.size)
    order = order[~np.isin(order, salt_at)]
    pilot = np.unpackbits(np.frombuffer(hashlib.shake_256(b"stegstudio/ks1\x00" + seed
                                                          + b"\x00crossmodal/header/pilot").digest(8), np.uint8))
    assert np.array_equal(flat[order[:64]] & 1, pilot)


def test_the_key_files_salt_never_shows_at_the_password_places(hidden):
    """A key file beside its container must not let a password guess be checked without scrypt."""
    salt_at = header.find_place(hidden.container, "pw", hidden.key.header_bits).positions[:128]
    read = np.packbits(hidden.container.reshape(-1)[salt_at] & 1).tobytes()
    assert read.hex() != hidden.key.seed_source.salt_hex


def test_images_hide_cannot_have_written_are_refused_before_any_scrypt():
    for shape in [(4, 4, 3), (64, 48, 3), (64, 64, 4), (8192, 8192, 3)]:
        with pytest.raises(InputError, match="cannot carry a hidden key"):
            header.read(np.broadcast_to(np.zeros(1, np.uint8), shape), "pw")  # no memory even at 8192 px


def _run_hide(tmp_path, *extra):
    return main(["hide", "--secret", str(sample_path("image")), "--cover", str(sample_path("cover")),
                 "--out", str(tmp_path / "c.png"), "--preset", "tiny", "--steps", "5", "--quiet", *extra])


def _run_reveal(tmp_path, *extra, container="c.png"):
    return main(["reveal", "--container", str(tmp_path / container), "--out", str(tmp_path / "r.png"), "--quiet",
                 *extra])


def test_cli_hides_without_a_key_file_and_reveals_with_the_password_file(tmp_path, capsys):
    (tmp_path / "pw.txt").write_text("a long pass phrase\n")
    assert _run_hide(tmp_path, "--password-file", str(tmp_path / "pw.txt"), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["key"] is None and out["hidden_key"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png", "pw.txt"]
    assert _run_reveal(tmp_path, "--password-file", str(tmp_path / "pw.txt"), "--json") == 0
    assert json.loads(capsys.readouterr().out)["container_intact"] is True
    assert load_png_exact(tmp_path / "r.png").shape == (32, 32, 3)


def test_cli_refuses_what_the_password_alone_cannot_do(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STEGSTUDIO_PASSWORD", raising=False)
    assert _run_hide(tmp_path) == 2
    assert "give --key" in capsys.readouterr().err and not (tmp_path / "c.png").exists()
    assert _run_hide(tmp_path, "--password", "pw") == 0
    assert _run_reveal(tmp_path) == 2
    assert "password" in capsys.readouterr().err
    assert _run_reveal(tmp_path, "--password", "wrong") == 2
    assert "opens no hidden key" in capsys.readouterr().err and not (tmp_path / "r.png").exists()
    Image.open(tmp_path / "c.png").save(tmp_path / "c.jpg", quality=95)
    assert _run_reveal(tmp_path, "--password", "pw", container="c.jpg") == 2
    assert "key file" in capsys.readouterr().err
