"""No TensorFlow where none is needed, checked in fresh interpreters.

import-linter (`lint-imports`, contracts in pyproject.toml) keeps the rooms of alexnet in
their order and config and store free of TensorFlow. What it cannot see is *when* an import
happens: jobs start TensorFlow only inside a worker process, and a page may not pull it in
while it draws. So: every module of config, network's layer table and code generator, store,
data's loading side, charts and jobs is imported in a new interpreter, and the pages that must
open fast (Home, Build, Train, Compare, Runs) are run there through AppTest; TensorFlow and
Keras must not be in `sys.modules` afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.paths import REPO_ROOT

LIGHT_ROOMS = ("config", "store", "charts", "jobs")
LIGHT_MODULES = (
    "alexnet.network.layer_table", "alexnet.network.codegen", "alexnet.data",
    "alexnet.data.status", "alexnet.data.compatibility", "alexnet.training.cpu_features",
)  # fmt: skip
LIGHT_PAGES = ("home", "build", "train", "compare", "runs")

# Imports each module in turn and stops at the first one after which TensorFlow is loaded.
IMPORTER = """
import importlib, json, sys
first = None
for name in sys.argv[1:]:
    importlib.import_module(name)
    if "tensorflow" in sys.modules or "keras" in sys.modules:
        first = name
        break
print(json.dumps({"imported": len(sys.argv) - 1, "first_with_tensorflow": first}))
"""

PAGE_RUNNER = """
import json, sys
from streamlit.testing.v1 import AppTest
first = None
for page in sys.argv[1:]:
    at = AppTest.from_file(f"pages/{page}.py", default_timeout=120).run()
    assert not at.exception, (page, [e.value for e in at.exception])
    if "tensorflow" in sys.modules or "keras" in sys.modules:
        first = page
        break
print(json.dumps({"first_with_tensorflow": first}))
"""


def _modules() -> list[str]:
    names = list(LIGHT_MODULES)
    for room in LIGHT_ROOMS:
        names.append(f"alexnet.{room}")
        names += [
            f"alexnet.{room}.{path.stem}"
            for path in sorted((REPO_ROOT / "alexnet" / room).glob("*.py"))
            if path.stem != "__init__"
        ]
    return names


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_config_store_charts_and_jobs_import_without_tensorflow():
    modules = _modules()
    assert "alexnet.jobs.worker" in modules and "alexnet.store.run_store" in modules
    report = _run(IMPORTER, *modules)
    assert report == {"imported": len(modules), "first_with_tensorflow": None}


def test_the_check_notices_a_module_that_imports_tensorflow():
    report = _run(IMPORTER, "alexnet.config.spec", "alexnet.network.builder")
    assert report["first_with_tensorflow"] == "alexnet.network.builder"


@pytest.mark.slow
def test_home_build_train_compare_and_runs_draw_without_tensorflow(runs_dir, home):
    import os

    report = _run(PAGE_RUNNER, *LIGHT_PAGES, env=dict(os.environ))
    assert report == {"first_with_tensorflow": None}
