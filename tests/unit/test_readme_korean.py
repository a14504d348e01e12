"""README.ko.md: linked both ways with README.md, and its commands are README.md's, verbatim."""

from __future__ import annotations

import re

from scripts.readme_commands import README, readme_commands

KOREAN = README.with_name("README.ko.md")
ENGLISH_TEXT = README.read_text(encoding="utf-8")
KOREAN_TEXT = KOREAN.read_text(encoding="utf-8")


def _code_lines(text: str) -> list[str]:
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    return [line for block in blocks for line in block.splitlines()]


def test_each_readme_links_to_the_other_near_its_top() -> None:
    assert "[한국어](README.ko.md)" in "\n".join(ENGLISH_TEXT.splitlines()[:5])
    assert "[English](README.md)" in "\n".join(KOREAN_TEXT.splitlines()[:5])


def test_both_readmes_say_how_to_open_the_app_in_korean() -> None:
    assert "?lang=ko" in ENGLISH_TEXT
    assert "http://localhost:8501/?lang=ko" in KOREAN_TEXT


def test_the_korean_readme_shows_every_setup_and_test_command_of_the_english_one() -> None:
    commands = readme_commands(ENGLISH_TEXT)
    assert len(commands) == 6
    shown = _code_lines(KOREAN_TEXT)
    assert set(commands.values()) <= set(shown)
    # No other install command that could drift from the English README's.
    installs = {line for line in shown if "pip install" in line}
    assert installs == set(commands.values())


def test_the_korean_readme_carries_no_markers_the_command_script_would_read() -> None:
    assert "<!--" not in KOREAN_TEXT
