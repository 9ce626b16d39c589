import json

import pytest

from stegstudio.core.errors import InputError
from stegstudio.core.keys import Key, SeedSource


def test_random_seed_key_round_trips(tmp_path):
    src = SeedSource.new(None)
    key = Key("m", src, {"a": 1})
    key.save(tmp_path / "k.json")
    loaded = Key.load(tmp_path / "k.json")
    assert loaded.seed_source.seed(None) == src.seed(None)
    assert len(src.seed(None)) == 32
    assert loaded.params == {"a": 1}


def test_password_key_stores_no_seed_and_needs_the_password(tmp_path):
    src = SeedSource.new("correct horse")
    key = Key("m", src, {})
    key.save(tmp_path / "k.json")
    text = (tmp_path / "k.json").read_text()
    seed = src.seed("correct horse")
    assert seed.hex() not in text
    loaded = Key.load(tmp_path / "k.json")
    assert loaded.seed_source.seed("correct horse") == seed
    assert loaded.seed_source.seed("wrong") != seed
    with pytest.raises(InputError, match="password"):
        loaded.seed_source.seed(None)


def test_two_keys_never_share_a_seed():
    assert SeedSource.new(None).seed(None) != SeedSource.new(None).seed(None)
    assert SeedSource.new("pw").seed("pw") != SeedSource.new("pw").seed("pw")  # random salt


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "not a readable JSON"),
        ("[]", "not a StegStudio key"),
        ('{"format": "other"}', "not a StegStudio key"),
        ('{"format": "stegstudio-key", "version": 99, "keystream": "ks1"}', "version 99"),
        ('{"format": "stegstudio-key", "version": 1, "keystream": "ks1", "method": "m"}', "incomplete"),
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
    Key("m", SeedSource.new(None), {}).save(tmp_path / "k.json")
    data = json.loads((tmp_path / "k.json").read_text())
    assert data["format"] == "stegstudio-key" and data["version"] == 1 and data["keystream"] == "ks1"
