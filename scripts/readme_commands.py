"""The README's set-up and test commands, and the Python versions it claims, as CI reads them.

README.md marks each command's code block with an HTML comment on the line above it:
`<!-- setup-command -->` and `<!-- test-command -->` (Linux), the same with ` macos` or
` windows` added for those systems. .ci/run runs the Linux commands exactly as this prints
them, and tests the Python versions the README names, so the README cannot drift from CI.

    python3 scripts/readme_commands.py setup-command   # the command, on one line
    python3 scripts/readme_commands.py pythons         # the oldest and newest, e.g. "3.11 3.13"

Standard library only: CI runs it with the system's python3, before anything is installed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
NAME = r"[a-z]+-command(?: [a-z]+)?"
MARKER = re.compile(rf"<!-- ({NAME}) -->")
# A marker, then right below it a fenced code block of one line: the command.
MARKED_BLOCK = re.compile(rf"^<!-- ({NAME}) -->\n```[a-z]*\n([^\n`]+)\n```$", re.MULTILINE)
PYTHONS = re.compile(r"\bPython (3\.\d+) to (3\.\d+)\b")


def readme_commands(text: str) -> dict[str, str]:
    """Each marked command of a README, by its marker's name.

    Args:
        text: the README's text.

    Returns:
        {"setup-command": "python3 -m venv .venv && ...", "test-command windows": ..., ...}

    Raises:
        ValueError: a marker that appears twice, or that is not right above a code block of
            exactly one line.
    """
    markers = MARKER.findall(text)
    blocks = MARKED_BLOCK.findall(text)
    commands = dict(blocks)
    if len(commands) != len(markers) or sorted(markers) != sorted(name for name, _ in blocks):
        raise ValueError(
            f"README markers {markers} do not each stand once right above a one-line code "
            f"block (found blocks for {[name for name, _ in blocks]}); write each as "
            "'<!-- setup-command -->', then ```bash, the command on one line, and ```."
        )
    return commands


def claimed_pythons(text: str) -> tuple[str, str]:
    """The oldest and newest Python a README claims, from its one "Python 3.x to 3.y".

    Raises:
        ValueError: the README names no such range, or more than one.
    """
    ranges = PYTHONS.findall(text)
    if len(ranges) != 1:
        raise ValueError(f"expected one 'Python 3.x to 3.y' in the README, found {ranges}")
    return ranges[0]


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    if argv == ["pythons"]:
        print(*claimed_pythons(text))
        return 0
    commands = readme_commands(text)
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: readme_commands.py pythons|{'|'.join(commands)}", file=sys.stderr)
        return 2
    print(commands[argv[0]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
