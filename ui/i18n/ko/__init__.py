"""The Korean catalogue, one file per room of the UI: a string sits beside its page's others.

`shared` holds what more than one page shows (the sidebar, run states, durations, the model
and image pickers), `messages` the core's error templates; each other file is one page's.
`tests/unit/test_i18n.py` checks that every string is in its page's file or in `shared`.
"""

from ui.i18n.ko.build import BUILD
from ui.i18n.ko.compare import COMPARE
from ui.i18n.ko.home import HOME
from ui.i18n.ko.inspect import INSPECT
from ui.i18n.ko.messages import MESSAGES
from ui.i18n.ko.predict import PREDICT
from ui.i18n.ko.runs import RUNS
from ui.i18n.ko.shared import SHARED
from ui.i18n.ko.train import TRAIN

# Per room: the catalogue a page's strings belong in (besides SHARED and MESSAGES).
ROOMS: dict[str, dict[str, str]] = {
    "home": HOME, "build": BUILD, "train": TRAIN, "compare": COMPARE, "predict": PREDICT,
    "inspect": INSPECT, "runs": RUNS, "shared": SHARED, "messages": MESSAGES,
}  # fmt: skip
KO: dict[str, str] = {}
for catalogue in ROOMS.values():
    KO.update(catalogue)
