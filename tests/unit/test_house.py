"""House rules a reader relies on: functions short enough to hold in mind, and every dotted
name in a docstring or a doc pointing at something that exists."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MAX_FUNCTION_LINES = 60
PACKAGES = ("alexnet", "ui")
# `alexnet.training.fit.train_run`, `ui.words`, `alexnet.store.run_store.RunStore.best_checkpoint`
DOTTED = re.compile(r"`((?:alexnet|ui)(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


def _sources(*roots: str) -> list[Path]:
    return sorted(p for root in roots for p in (REPO_ROOT / root).rglob("*.py"))


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(REPO_ROOT)}:{node.lineno} {node.name} "
        f"({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_function_in_the_core_or_the_ui_is_longer_than_sixty_lines() -> None:
    long = [entry for path in _sources(*PACKAGES) for entry in _long_functions(path)]
    assert not long, "Split these into parts a reader can hold in mind:\n" + "\n".join(long)


def test_the_length_check_counts_a_function_from_def_to_its_last_line(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))  # 60 + the def
    sample = REPO_ROOT / "tests" / "unit" / "_long_sample.py"
    sample.write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n", encoding="utf-8")
    try:
        found = _long_functions(sample)
    finally:
        sample.unlink()
    assert [entry.split()[1] for entry in found] == ["long"]
    assert found[0].endswith(f"({MAX_FUNCTION_LINES + 1} lines)")


@cache
def _module_names(path: Path) -> frozenset[str]:
    """What a module defines or imports at top level, and its classes' members as Class.x."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"{node.name}.{item.name}")
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(f"{node.name}.{item.target.id}")
                elif isinstance(item, ast.Assign):
                    names.update(
                        f"{node.name}.{t.id}" for t in item.targets if isinstance(t, ast.Name)
                    )
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return frozenset(names)


def resolves(dotted: str) -> bool:
    """Whether a dotted name (alexnet.x.y) is a package, a module, or something a module defines."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = REPO_ROOT.joinpath(*parts[:cut])
        module = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if not module.is_file():
            continue
        rest = ".".join(parts[cut:])
        return not rest or rest in _module_names(module)
    return False


def _dotted_names() -> list[tuple[str, str]]:
    """(where, name) of every backticked dotted name in the code (docstrings, comments) and docs."""
    found = []
    texts = [*_sources("alexnet", "ui", "pages", "bench", "scripts", "tests"), REPO_ROOT / "app.py"]
    for path in [*texts, REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [(f"{path.relative_to(REPO_ROOT)}:{number}", m) for m in DOTTED.findall(text)]
    return found


def test_every_dotted_name_in_docstrings_and_docs_names_something_that_exists() -> None:
    names = _dotted_names()
    assert len(names) > 20, "the scan finds the names the docs use"
    stale = [f"{where}: `{name}`" for where, name in names if not resolves(name)]
    assert not stale, "These names point nowhere; fix them:\n" + "\n".join(stale)


def test_the_name_check_tells_real_names_from_stale_ones() -> None:
    assert resolves("alexnet.training.fit.train_run")
    assert resolves("alexnet.store.run_store.RunStore.best_checkpoint")
    assert resolves("alexnet.store")  # a package
    assert resolves("ui.words")
    assert not resolves("alexnet.config.training.run_config")  # moved to config/run_config.py
    assert not resolves("alexnet.store.overview.seedless_key")  # gone
    assert not resolves("alexnet.nowhere")
