import copy
import importlib.resources
import json
import stat
import unicodedata
from pathlib import Path

import pytest

from stegstudio.core.crossmodal import modalities
from stegstudio.core.crossmodal.presets import PRESETS
from stegstudio.core.errors import InputError
from stegstudio.core.keys import Key, SeedSource, WrongPassword, check_value, derive_seed

GOLDEN_V1 = Path(__file__).parent / "data" / "golden_key.json"


def _key(src: SeedSource, password: str | None = None, params=None) -> Key:
    return Key("m", src, params if params is not None else {"a": 1}, check=check_value(src.seed(password)))


def test_random_seed_key_round_trips(tmp_path):
    src = SeedSource.new(None)
    _key(src).save(tmp_path / "k.json")
    loaded = Key.load(tmp_path / "k.json")
    assert loaded.seed(None) == src.seed(None)
    assert len(src.seed(None)) == 32
    assert loaded.params == {"a": 1}


def test_password_key_stores_no_seed_and_needs_the_password(tmp_path):
    src = SeedSource.new("correct horse")
    _key(src, "correct horse", {}).save(tmp_path / "k.json")
    text = (tmp_path / "k.json").read_text()
    seed = src.seed("correct horse")
    assert seed.hex() not in text
    loaded = Key.load(tmp_path / "k.json")
    assert loaded.seed("correct horse") == seed
    with pytest.raises(WrongPassword, match="the password is wrong"):
        loaded.seed("wrong")
    with pytest.raises(InputError, match="password"):
        loaded.seed(None)


def test_a_tampered_random_seed_is_caught_by_the_check_value(tmp_path):
    _key(SeedSource.new(None)).save(tmp_path / "k.json")
    data = json.loads((tmp_path / "k.json").read_text())
    data["seed"]["seed"] = ("0" if data["seed"]["seed"][0] != "0" else "1") + data["seed"]["seed"][1:]
    (tmp_path / "k.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match="does not match its check value") as info:
        Key.load(tmp_path / "k.json").seed(None)
    assert not isinstance(info.value, WrongPassword)


def test_passwords_are_nfc_normalised_before_scrypt():
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    assert nfc != nfd
    salt = bytes(16)
    assert derive_seed(nfd, salt) == derive_seed(nfc, salt)
    src = SeedSource.new(nfc)
    assert _key(src, nfc).seed(nfd) == src.seed(nfc)


def test_two_keys_never_share_a_seed():
    assert SeedSource.new(None).seed(None) != SeedSource.new(None).seed(None)
    assert SeedSource.new("pw").seed("pw") != SeedSource.new("pw").seed("pw")  # random salt


def test_raw_seed_keys_are_private_and_warned_about_password_keys_are_not(tmp_path):
    random_key, password_key = _key(SeedSource.new(None)), _key(SeedSource.new("pw"), "pw")
    random_key.save(tmp_path / "r.json")
    password_key.save(tmp_path / "p.json")
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "p.json").stat().st_mode) & 0o044  # the user's usual, readable mode
    assert random_key.warnings and "secret" in random_key.warnings[0]
    assert password_key.warnings == []


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "not a readable JSON"),
        ("[]", "not a StegStudio key"),
        ('{"format": "other"}', "not a StegStudio key"),
        ('{"format": "stegstudio-key", "version": 99, "keystream": "ks1"}', "version 99"),
        ('{"format": "stegstudio-key", "version": 1, "keystream": "ks1", "method": "m"}', "seed is missing"),
    ],
)
def test_bad_key_files_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "k.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        Key.load(path)


def test_missing_key_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        Key.load(tmp_path / "none.json")


def test_key_json_is_versioned(tmp_path):
    _key(SeedSource.new(None)).save(tmp_path / "k.json")
    data = json.loads((tmp_path / "k.json").read_text())
    assert data["format"] == "stegstudio-key" and data["version"] == 2 and data["keystream"] == "ks1"
    assert len(data["check"]) == 32


def test_the_schema_is_valid_and_ships_in_the_package():
    import importlib.resources

    import jsonschema

    schema = json.loads((importlib.resources.files("stegstudio.resources") / "key.schema.json").read_text())
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_the_golden_v1_key_validates():
    key = Key.load(GOLDEN_V1)
    assert key.check is None and key.tag is None


def test_every_modality_has_every_preset_and_the_schema_knows_it():
    schema = json.loads((importlib.resources.files("stegstudio.resources") / "key.schema.json").read_text())
    assert schema_modalities(schema) == set(modalities.NAMES)
    for modality in modalities.MODALITIES:
        assert set(modality.presets) == set(PRESETS)
        fields = {tuple(p.sizes) for p in modality.presets.values()}
        assert len(fields) == 1, f"{modality.name}: presets name different size fields"


def schema_modalities(schema: dict) -> set[str]:
    found: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            enum = node.get("modality", {}).get("enum") if isinstance(node.get("modality"), dict) else None
            if enum:
                found.append(enum)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(found) == 1
    return set(found[0])


def _scrypt_key() -> dict:
    data = json.loads(GOLDEN_V1.read_text())
    data["seed"] = {"kind": "scrypt", "salt": "ab" * 16, "n": 2**15, "r": 8, "p": 1}
    return data


def _set(data: dict, path: str, value) -> dict:
    data = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = data
    for name in parents:
        node = node[name]
    node[last] = value
    return data


BAD_KEYS = [
    ("seed.n", 3, "seed.n = 3 must be a power of two between 16384 and 1048576"),
    ("seed.n", 2**40, "seed.n = 1099511627776 must be a power of two between 16384 and 1048576"),
    ("seed.n", 20000, "must be a power of two"),
    ("seed.p", 64, "seed.p = 64 must be a whole number between 1 and 4"),
    ("seed.r", 0, "seed.r = 0 must be a whole number between 1 and 8"),
    ("seed.r", True, "seed.r = true must be a whole number"),
    ("seed.salt", "abcd", "seed.salt = \"abcd\" must be exactly 32 hexadecimal digits"),
    ("seed.extra", 1, "seed has an unknown field 'extra'"),
]


def test_scrypt_cost_is_capped_in_total(tmp_path):
    data = _set(_set(_scrypt_key(), "seed.n", 2**20), "seed.p", 2)
    (tmp_path / "k.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match=r"seed.n x seed.r x seed.p = 16777216 must be at most 8388608"):
        Key.load(tmp_path / "k.json")
    (tmp_path / "k.json").write_text(json.dumps(_set(data, "seed.p", 1)))
    assert Key.load(tmp_path / "k.json").seed_source.n == 2**20  # the largest allowed still reads

BAD_V1_KEYS = [
    ("seed", "plain", 'seed = "plain" must be an object'),
    ("seed.seed", "00" * 31, "seed.seed = \"0000"),
    ("seed.seed", "zz" * 32, "must be exactly 64 hexadecimal digits"),
    ("seed.kind", "magic", 'seed.kind = "magic" must be "random" or "scrypt"'),
    ("params.secret.height", 200000, "params.secret.height = 200000 must be between 1 and 256"),
    ("params.secret.width", 0, "params.secret.width = 0 must be a whole number of at least 1"),
    ("params.secret.width", "32", "params.secret.width = \"32\" must be a whole number"),
    ("params.secret.modality", "smell", "params.secret.modality"),
    ("params.architecture.w_min", 0.5, "w_min = 0.5 must be less than w_max"),
    ("params.architecture.w_max", 7.0, "params.architecture.w_max = 7.0 must be a number between -1 and 1"),
    ("params.architecture.width", 128, "params.container.width = 64 must equal the network's width"),
    ("params.architecture.width", 4096, "params.architecture.width = 4096 must be between 8 and 512"),
    ("params.architecture.in_dim", 1, "must be 2, 3 for a secret of type image"),
    ("params.architecture.hidden_layers", 1000, "hidden_layers = 1000 must be a whole number between 1 and 8"),
    ("params.architecture.variable_layers", [1, 2, 9], "variable_layers = [1, 2, 9] must be layer numbers"),
    ("params.architecture.variable_layers", [1, 1, 2], "must be three different layer numbers"),
    ("params.container.height", 32, "params.container.height = 32 must equal"),
    ("params.container.format", "jpeg", 'params.container.format = "jpeg" must be "png-rgb8"'),
    ("params.training.qat", "yes", "params.training.qat"),
    ("method", 7, "method = 7 must be a method name"),
]


@pytest.mark.parametrize("field, value, message", BAD_KEYS)
def test_out_of_range_scrypt_keys_are_refused_with_the_field_and_range(tmp_path, field, value, message):
    path = tmp_path / "k.json"
    path.write_text(json.dumps(_set(_scrypt_key(), field, value)))
    with pytest.raises(InputError) as info:
        Key.load(path)
    assert "damaged or was not written by StegStudio" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize("field, value, message", BAD_V1_KEYS)
def test_damaged_keys_are_refused_with_the_field_and_range(tmp_path, field, value, message):
    path = tmp_path / "k.json"
    path.write_text(json.dumps(_set(json.loads(GOLDEN_V1.read_text()), field, value)))
    with pytest.raises(InputError) as info:
        Key.load(path)
    assert "damaged or was not written by StegStudio" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused(tmp_path, literal):
    text = GOLDEN_V1.read_text().replace("-0.010206207261596574", literal)
    assert literal in text
    (tmp_path / "k.json").write_text(text)
    with pytest.raises(InputError, match="not a readable JSON key file"):
        Key.load(tmp_path / "k.json")


def test_version_2_keys_need_a_check_value_and_a_tag(tmp_path):
    data = _set(json.loads(GOLDEN_V1.read_text()), "version", 2)
    (tmp_path / "k.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match="check is missing"):
        Key.load(tmp_path / "k.json")
    data["check"] = "00" * 16
    (tmp_path / "k.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match="tag is missing"):
        Key.load(tmp_path / "k.json")


def test_an_oversized_key_file_is_refused_unread(tmp_path):
    (tmp_path / "k.json").write_bytes(b" " * (2 << 20))
    with pytest.raises(InputError, match="far too large"):
        Key.load(tmp_path / "k.json")
