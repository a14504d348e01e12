"""Every UI string has a Korean translation, and translation keeps placeholders intact."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from alexnet.config.messages import TRANSLATED_WORDS
from tests.paths import REPO_ROOT
from ui.i18n import KO, LANGUAGES, N_, translate
from ui.i18n.ko import ROOMS

UI_SOURCES = sorted(
    [*REPO_ROOT.glob("pages/*.py"), *REPO_ROOT.glob("ui/**/*.py"), REPO_ROOT / "app.py"]
)
CORE_SOURCES = sorted(REPO_ROOT.glob("alexnet/**/*.py"))
MARKERS = {"t", "N_"}  # t("...") translates now; N_("...") marks text translated later
# The core's errors and other text carry English templates the pages translate
# (alexnet.config.checks, alexnet.config.messages).
MESSAGE_CALLS = {"ConfigError", "check_whole", "Message"}


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literals(path: Path) -> list[tuple[str, int]]:
    """(text, line) of each literal passed to t() or N_() in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in MARKERS and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((arg.value, node.lineno))
    return found


def ui_strings() -> dict[str, str]:
    """Each literal passed to t() or N_() in the UI, with where it was found."""
    found: dict[str, str] = {}
    for path in UI_SOURCES:
        for text, line in _literals(path):
            found.setdefault(text, f"{path.relative_to(REPO_ROOT)}:{line}")
    return found


def room_of(path: Path) -> str:
    """The page a UI file serves (pages/train.py and ui/train/... -> "train"), else "shared"."""
    parts = path.relative_to(REPO_ROOT).parts
    if parts[0] == "pages":
        return Path(parts[1]).stem
    if parts[0] == "ui" and len(parts) == 3 and parts[1] in ROOMS:
        return parts[1]
    return "shared"


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def core_messages(include_cli: bool = True) -> dict[str, str]:
    """Each template the core raises in a ConfigError, with where it is defined.

    Templates are module-level constants (NAME = "..."); a name counts once a module passes
    it to ConfigError(template, hint, ...) or as check_whole's hint: the module's own
    constant of that name, else one it imported.

    Args:
        include_cli: also the command line's own messages (printed in English only).
    """
    constants: dict[Path, dict[str, tuple[str, str]]] = {}
    passed: dict[Path, set[str]] = {}
    for path in CORE_SOURCES:
        if not include_cli and "cli" in path.relative_to(REPO_ROOT).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        own = constants.setdefault(path, {})
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], _string(node.value)
                if isinstance(target, ast.Name) and value is not None:
                    own[target.id] = (value, f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called_name(node) in MESSAGE_CALLS:
                called = _called_name(node)
                arguments = {"ConfigError": node.args[:2], "Message": node.args[:1]}.get(
                    called, node.args[5:]
                )
                passed.setdefault(path, set()).update(
                    a.id for a in arguments if isinstance(a, ast.Name)
                )
    found: dict[str, str] = {word: "alexnet/config/messages.py" for word in TRANSLATED_WORDS}
    for path, names in passed.items():
        for name in names:
            if name in constants[path]:
                value, where = constants[path][name]
                found[value] = where
            else:  # imported from another module
                for other in constants.values():
                    if name in other:
                        found[other[name][0]] = other[name][1]
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_ui_sources_are_found_and_use_translated_text() -> None:
    assert (REPO_ROOT / "pages" / "build.py") in UI_SOURCES
    assert len(ui_strings()) > 50


def test_every_string_passed_to_t_in_pages_and_ui_has_a_korean_translation() -> None:
    missing = {text: where for text, where in ui_strings().items() if text not in KO}
    assert not missing, "Add these to ui/i18n/ko/ (the page's file, or shared.py):\n" + "\n".join(
        f"  {where}: {text!r}" for text, where in sorted(missing.items(), key=lambda i: i[1])
    )


def test_every_error_the_core_raises_for_the_pages_has_a_korean_translation() -> None:
    missing = {text: where for text, where in core_messages(include_cli=False).items()
               if text not in KO}  # fmt: skip
    assert not missing, "Add these to ui/i18n/ko/messages.py:\n" + "\n".join(
        f"  {where}: {text!r}" for text, where in sorted(missing.items(), key=lambda i: i[1])
    )


def test_every_catalogue_entry_is_text_some_code_shows() -> None:
    shown = set(ui_strings()) | set(core_messages())
    unused = sorted(english for english in KO if english not in shown)
    assert not unused, "No code shows these; remove them from ui/i18n/:\n" + "\n".join(
        f"  {text!r}" for text in unused
    )


def test_the_core_messages_are_found() -> None:
    messages = core_messages()
    assert "{where}: {name}={value} is out of range; use a value from {low} to {high}." in messages
    assert "The tutorial uses 0.001." in messages  # a hint
    assert any("expects {h}x{w}x{c} images" in m for m in messages)


def test_text_marked_with_n_is_literal_so_it_can_be_checked() -> None:
    dynamic = []
    for path in UI_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            is_marker = isinstance(node, ast.Call) and _called_name(node) == "N_"
            if is_marker and not (node.args and isinstance(node.args[0], ast.Constant)):
                dynamic.append(f"{path.name}:{node.lineno}")
    assert not dynamic, f"N_() needs a literal string: {dynamic}"


def test_a_string_sits_in_its_pages_catalogue_or_in_the_shared_one() -> None:
    rooms: dict[str, set[str]] = {}
    for path in UI_SOURCES:
        for text, _ in _literals(path):
            rooms.setdefault(text, set()).add(room_of(path))
    misplaced = []
    for text, used_in in sorted(rooms.items()):
        expected = used_in.pop() if len(used_in) == 1 else "shared"
        if text in KO and text not in ROOMS[expected]:
            misplaced.append(f"  {text!r} belongs in ui/i18n/ko/{expected}.py")
    for text in core_messages(include_cli=False):
        if text in KO and text not in ROOMS["messages"] and text not in rooms:
            misplaced.append(f"  {text!r} belongs in ui/i18n/ko/messages.py")
    assert not misplaced, "Move these:\n" + "\n".join(misplaced)


def test_no_english_text_is_in_two_catalogues() -> None:
    seen: dict[str, str] = {}
    twice = []
    for room, catalogue in ROOMS.items():
        for text in catalogue:
            if text in seen:
                twice.append(f"  {text!r}: {seen[text]} and {room}")
            seen[text] = room
    assert not twice, "Keep one translation of each text:\n" + "\n".join(twice)


def test_korean_text_keeps_every_placeholder_and_is_never_empty() -> None:
    broken = [
        f"  {english!r} -> {korean!r}"
        for english, korean in sorted(KO.items())
        if _placeholders(korean) != _placeholders(english) or not korean.strip()
    ]
    assert not broken, "These translations lose or add a placeholder, or are empty:\n" + (
        "\n".join(broken)
    )


def test_the_placeholder_check_catches_a_lost_placeholder() -> None:
    assert _placeholders("{n} 개") != _placeholders("{n} of {total}")


def test_translate_returns_korean_for_ko_and_english_otherwise() -> None:
    assert translate("Parameters", "ko") == KO["Parameters"] != "Parameters"
    assert translate("Parameters", "en") == "Parameters"


def test_a_missing_translation_falls_back_to_english() -> None:
    assert translate("A sentence nobody translated", "ko") == "A sentence nobody translated"


def test_the_caller_formats_after_translating() -> None:
    text = "This file could not be loaded: {error}"
    korean = translate(text, "ko").format(error="bad JSON")
    assert "bad JSON" in korean
    assert korean != text.format(error="bad JSON")


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="choose one of en, ko"):
        translate("Parameters", "fr")


def test_the_language_names_are_written_in_their_own_language() -> None:
    assert LANGUAGES == {"en": "English", "ko": "한국어"}
    assert N_("Build") == "Build"
