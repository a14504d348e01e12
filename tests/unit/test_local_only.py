"""Local-only by default: what the shipped config and the code promise about exposure.

The server binds to localhost with XSRF protection and an upload limit; nothing a user
uploads is unpickled; every model load keeps Keras' safe mode; every upload widget names the
file types it takes. The last three are checked by reading the code (an AST scan of every
module), so a new page or helper that breaks them fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own dependency reads TOML there
    import tomli as tomllib

REPO_ROOT = Path(__file__).resolve().parents[2]
CODE = sorted(
    [REPO_ROOT / "app.py"]
    + [p for folder in ("alexnet", "ui", "pages") for p in (REPO_ROOT / folder).rglob("*.py")]
)
# The CIFAR reader's restricted unpickler: it maps three NumPy names to inert records and
# refuses every other global (tests/unit/test_data_corrupt.py proves it runs nothing).
SAFE_UNPICKLER = REPO_ROOT / "alexnet" / "data" / "safe_pickle.py"
UNSAFE_MODULES = {"pickle", "dill", "joblib", "marshal", "shelve", "cloudpickle", "_pickle"}


@pytest.fixture(scope="module")
def config() -> dict:
    with open(REPO_ROOT / ".streamlit" / "config.toml", "rb") as f:
        return tomllib.load(f)


def test_the_server_listens_on_localhost_only(config):
    assert config["server"]["address"] in ("localhost", "127.0.0.1")
    assert config["browser"]["serverAddress"] in ("localhost", "127.0.0.1")


def test_xsrf_protection_stays_on_and_no_usage_statistics_leave_the_machine(config):
    assert config["server"]["enableXsrfProtection"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_uploads_are_limited_below_streamlits_200_mb_default(config):
    assert 1 <= config["server"]["maxUploadSize"] < 200


def test_the_page_never_shows_a_traceback(config):
    assert config["client"]["showErrorDetails"] in ("none", False)


def test_the_readme_says_where_to_open_the_app_since_the_server_opens_no_browser(config):
    assert config["server"]["headless"] is True
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"open http://localhost:{config['server']['port']}" in readme.lower()


def test_the_readme_says_how_to_open_it_to_a_classroom_on_purpose():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "--server.address 0.0.0.0" in readme
    assert "network you trust" in readme


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(node: ast.AST) -> str:
    """'keras.saving.load_model' for an attribute chain, '' for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _name(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return ""


def _parsed() -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in CODE]


def test_the_scan_sees_every_module_and_the_calls_it_looks_for():
    # A scan that finds nothing proves nothing: it must see the known model loads.
    names = {_name(call.func) for _, tree in _parsed() for call in _calls(tree)}
    assert len(CODE) > 40
    assert any(n.startswith("keras") and n.endswith("load_model") for n in names)
    assert "st.file_uploader" in names


def test_no_module_unpickles_anything_except_the_restricted_cifar_reader():
    offenders = []
    for path, tree in _parsed():
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            for module in modules:
                if module.split(".")[0] in UNSAFE_MODULES and path != SAFE_UNPICKLER:
                    # cifar10.py may import pickle for its exception types only.
                    offenders.append(f"{path.relative_to(REPO_ROOT)}: import {module}")
        for call in _calls(tree):
            name = _name(call.func)
            unpickles = name.split(".")[-1] in ("load", "loads", "Unpickler") and "pickle" in name
            if unpickles and path != SAFE_UNPICKLER:
                offenders.append(f"{path.relative_to(REPO_ROOT)}: {name}()")
            for keyword in call.keywords:
                value = keyword.value
                if keyword.arg == "allow_pickle" and not (
                    isinstance(value, ast.Constant) and value.value is False
                ):
                    offenders.append(f"{path.relative_to(REPO_ROOT)}: {name}(allow_pickle=...)")
    allowed = {"alexnet/data/cifar10.py: import pickle"}  # for pickle.UnpicklingError only
    assert sorted(set(offenders) - allowed) == []


def test_the_cifar_reader_only_imports_pickle_for_its_exception_types():
    tree = ast.parse((REPO_ROOT / "alexnet" / "data" / "cifar10.py").read_text(encoding="utf-8"))
    uses = {
        _name(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and _name(node).startswith("pickle.")
    }
    assert uses <= {"pickle.UnpicklingError"}, uses


def test_the_restricted_unpickler_refuses_every_global_it_does_not_map():
    tree = ast.parse(SAFE_UNPICKLER.read_text(encoding="utf-8"))
    [unpickler] = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(_name(b) == "pickle.Unpickler" for b in node.bases)
    ]
    [find_class] = [n for n in unpickler.body if getattr(n, "name", "") == "find_class"]
    last = find_class.body[-1]
    assert isinstance(last, ast.Raise), "find_class must end by refusing the global"


def test_every_model_load_keeps_keras_safe_mode_on():
    loads, offenders = [], []
    for path, tree in _parsed():
        for call in _calls(tree):
            name = _name(call.func)
            if name.endswith("enable_unsafe_deserialization"):
                offenders.append(f"{path.relative_to(REPO_ROOT)}: {name}()")
            if name.endswith("load_model") and name.startswith("keras"):
                loads.append(name)
                for keyword in call.keywords:
                    safe = isinstance(keyword.value, ast.Constant) and keyword.value.value is True
                    if keyword.arg == "safe_mode" and not safe:
                        offenders.append(f"{path.relative_to(REPO_ROOT)}: {name}(safe_mode=...)")
                    if keyword.arg is None:  # **kwargs could carry safe_mode=False
                        offenders.append(f"{path.relative_to(REPO_ROOT)}: {name}(**...)")
    assert loads and offenders == []


def test_every_upload_widget_names_the_file_types_it_accepts():
    uploaders = []
    for path, tree in _parsed():
        for call in _calls(tree):
            if _name(call.func).endswith("file_uploader"):
                types = [k for k in call.keywords if k.arg == "type"]
                uploaders.append((str(path.relative_to(REPO_ROOT)), bool(types)))
    assert uploaders and all(has_types for _, has_types in uploaders), uploaders
