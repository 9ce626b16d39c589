"""Passwords reach the engine from a file, the environment or a terminal prompt, never only argv."""

from __future__ import annotations

import argparse
import io
import sys

import pytest

from stegstudio.cli import passwords
from stegstudio.core.errors import InputError


def _args(password: str | None = None, password_file: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(password=password, password_file=password_file)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_env(monkeypatch) -> None:
    monkeypatch.delenv(passwords.PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def test_password_file_keeps_inner_spaces_and_drops_the_line_end(tmp_path) -> None:
    (tmp_path / "pw").write_text(" two words \r\nsecond line ignored\n")
    assert passwords.require_password(_args(password_file=str(tmp_path / "pw"))) == " two words "


def test_environment_variable_is_used_when_no_flag_is_given(monkeypatch) -> None:
    monkeypatch.setenv(passwords.PASSWORD_ENV, "from env")
    assert passwords.require_password(_args()) == "from env"


def test_password_file_beats_the_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(passwords.PASSWORD_ENV, "from env")
    (tmp_path / "pw").write_text("from file\n")
    assert passwords.require_password(_args(password_file=str(tmp_path / "pw"))) == "from file"


def test_argv_password_works_with_a_warning(capsys) -> None:
    assert passwords.require_password(_args(password="visible")) == "visible"
    assert "visible to other users" in capsys.readouterr().err


def test_no_password_and_no_terminal_says_how_to_give_one() -> None:
    with pytest.raises(InputError, match="--password-file PATH or the STEGSTUDIO_PASSWORD"):
        passwords.require_password(_args())


def test_terminal_prompt_asks_twice_when_creating(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal())
    answers = iter(["typed", "typed"])
    monkeypatch.setattr(passwords.getpass, "getpass", lambda prompt: next(answers))
    assert passwords.require_password(_args(), confirm=True) == "typed"
    answers = iter(["typed", "typo"])
    with pytest.raises(InputError, match="differ"):
        passwords.require_password(_args(), confirm=True)


def test_empty_prompt_answer_means_no_password_only_where_allowed(monkeypatch) -> None:
    monkeypatch.setattr(passwords.getpass, "getpass", lambda prompt: "")
    assert passwords.prompt_password(confirm=True, allow_empty=True) == ""
    with pytest.raises(InputError, match="empty"):
        passwords.prompt_password(confirm=False)


def test_embed_and_extract_with_a_password_file_end_to_end(tmp_path, capsys, monkeypatch) -> None:
    import numpy as np
    from PIL import Image

    from stegstudio.cli import main

    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(tmp_path / "cover.png")
    (tmp_path / "pw").write_text("file secret\n")
    assert main(["embed", "--cover", str(tmp_path / "cover.png"), "--message", "hello", "--out",
                 str(tmp_path / "s.png"), "--password-file", str(tmp_path / "pw"), "--quiet"]) == 0
    capsys.readouterr()
    monkeypatch.setenv(passwords.PASSWORD_ENV, "file secret")
    assert main(["extract", "--stego", str(tmp_path / "s.png"), "--quiet"]) == 0
    assert capsys.readouterr().out == "hello\n"
