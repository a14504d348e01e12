"""Files that travel hold no absolute path of the machine that wrote them."""

from __future__ import annotations

import re
from pathlib import Path

from alexnet.store.portable import portable_text

REPO_ROOT = Path(__file__).resolve().parents[2]
# A home or scratch folder of some machine: /home/x, /Users/x, /root/x, /tmp/x, /work/x,
# C:\Users\x. (Hostile names the docs quote as examples, such as /etc or C:\Windows, are no
# machine's folders.)
ABSOLUTE = re.compile(
    r"(?<![\w.])(?:/(?:home|Users|root|tmp|work|mnt|var|opt|srv)/\w|[A-Z]:\\Users\\)"
)
TRAVELLING = ("README.md", "README.ko.md", "docs", "alexnet/pretrained")
TEXT = (".md", ".json", ".jsonl", ".csv", ".txt")


def _files() -> list[Path]:
    found = []
    for name in TRAVELLING:
        path = REPO_ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in sorted(path.rglob("*")) if p.suffix in TEXT]
    return found


def test_no_shipped_file_or_doc_holds_an_absolute_path():
    files = _files()
    assert any("pretrained" in str(f) for f in files) and any(f.name == "README.md" for f in files)
    found = [
        f"{f.relative_to(REPO_ROOT)}:{n}: {m.group(0)}"
        for f in files
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
        for m in [ABSOLUTE.search(line)]
        if m
    ]
    assert not found, "Store file names, not paths:\n" + "\n".join(found)


def test_the_path_check_catches_what_it_looks_for():
    assert ABSOLUTE.search('"path": "/home/alice/cifar-10-python.tar.gz"')
    assert ABSOLUTE.search("C:\\Users\\bob\\runs")
    assert not ABSOLUTE.search("see docs/training.md and alexnet/pretrained/README.md")


def test_portable_text_keeps_only_the_file_name():
    text = "CIFAR-10 archive /home/alice/data/cifar-10-python.tar.gz: 50,000 training images"
    assert portable_text(text, ["/home/alice/data/cifar-10-python.tar.gz"]) == (
        "CIFAR-10 archive cifar-10-python.tar.gz: 50,000 training images"
    )
