"""The README's set-up and test commands: marked once each, run by CI as written, and stock.

.ci/run runs the commands scripts/readme_commands.py reads out of README.md. These tests check
what it reads: every marked block is there once, each step works where there is no `python`
and no global `pip` (Debian's and Ubuntu's python3 with PEP 668), the macOS and Windows
commands say what the Linux ones say, and the README shows no other copy that could drift.
"""

from __future__ import annotations

import re

import pytest

from scripts.readme_commands import README, claimed_pythons, main, readme_commands

REPO_ROOT = README.parent
TEXT = README.read_text(encoding="utf-8")
COMMANDS = readme_commands(TEXT)
OLDEST, NEWEST = claimed_pythons(TEXT)
SYSTEMS = ("", " macos", " windows")
# What may start a step: a Python the user has (python3 on Linux, a named version elsewhere),
# or the virtual environment's own.
STEP_STARTS = ("python3 ", f"python{NEWEST} ", f"py -{NEWEST} ", ".venv/bin/python ")
WINDOWS_PYTHON = ".venv\\Scripts\\python.exe "


def _steps(command: str) -> list[str]:
    return re.split(r" && |; ", command)


def test_the_readme_marks_a_setup_and_a_test_command_for_linux_macos_and_windows():
    names = [f"{kind}-command{system}" for kind in ("setup", "test") for system in SYSTEMS]
    assert sorted(COMMANDS) == sorted(names)


@pytest.mark.parametrize("name", ["setup-command", "test-command"])
def test_ci_runs_the_linux_command_exactly_as_the_extraction_prints_it(name, capsys):
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'readme() { "${stock[@]}" python3 scripts/readme_commands.py "$@"; }' in ci
    assert f"$(readme {name})" in ci
    assert main([name]) == 0
    assert capsys.readouterr().out == COMMANDS[name] + "\n"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_step_calls_a_bare_python_or_pip_that_a_stock_machine_lacks(name):
    for step in _steps(COMMANDS[name]):
        assert step.startswith((*STEP_STARTS, WINDOWS_PYTHON)), step
        assert not re.match(r"(python|pip3?|streamlit|pytest) ", step), step


def test_setup_installs_the_requirements_then_starts_the_app_and_test_runs_every_test():
    make, install, run = _steps(COMMANDS["setup-command"])
    assert make == "python3 -m venv .venv"
    assert install == ".venv/bin/python -m pip install -r requirements.txt"
    assert run == ".venv/bin/python -m streamlit run app.py"
    make, install, run = _steps(COMMANDS["test-command"])
    assert make == "python3 -m venv .venv"
    assert install == ".venv/bin/python -m pip install -r requirements-dev.txt"
    assert run == ".venv/bin/python -m pytest"  # no paths, no -m: every test


@pytest.mark.parametrize("kind", ["setup", "test"])
def test_the_macos_and_windows_commands_are_the_linux_one_in_their_words(kind):
    linux = COMMANDS[f"{kind}-command"]
    assert COMMANDS[f"{kind}-command macos"] == linux.replace("python3 ", f"python{NEWEST} ", 1)
    windows = (
        linux.replace("python3 ", f"py -{NEWEST} ", 1)
        .replace(".venv/bin/python ", WINDOWS_PYTHON)
        .replace(" && ", "; ")  # Windows PowerShell 5.1, the default, has no &&
    )
    assert COMMANDS[f"{kind}-command windows"] == windows


def test_every_install_line_in_the_readme_is_a_marked_command_the_quick_start_included():
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", TEXT, re.MULTILINE | re.DOTALL)
    installs = [line for block in blocks for line in block.splitlines() if "pip install" in line]
    assert installs and set(installs) <= set(COMMANDS.values()), installs
    quick_start = TEXT[TEXT.index("## Classroom quick-start") :]
    assert COMMANDS["setup-command"] in quick_start


def test_the_readme_claims_the_pythons_that_pyproject_and_the_requirements_name():
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^requires-python = ">={re.escape(OLDEST)}"', pyproject, re.MULTILINE)
    requirements = (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert f"Python {OLDEST}-{NEWEST}" in requirements


def test_the_extraction_refuses_a_marker_twice_or_without_its_one_line_block():
    block = "<!-- setup-command -->\n```bash\npython3 -m venv .venv\n```\n"
    assert readme_commands(block) == {"setup-command": "python3 -m venv .venv"}
    for broken in (
        block + block,
        "<!-- setup-command -->\n\n```bash\npython3 -m venv .venv\n```\n",
        "<!-- setup-command -->\n```bash\npython3 -m venv .venv\nsecond line\n```\n",
    ):
        with pytest.raises(ValueError, match="setup-command"):
            readme_commands(broken)
    with pytest.raises(ValueError, match="one 'Python 3"):
        claimed_pythons("Python 3.11 to 3.13, or Python 3.10 to 3.12")
