"""How far batch normalization was ahead in each pair of the class's runs: one bar per seed
(a pure function of `alexnet.store.class_runs.PairResult`s)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from alexnet.charts.arm_traces import titled
from alexnet.store.class_runs import PairResult

AHEAD, BEHIND = "#2ca02c", "#d62728"
DEFAULT_TEXT = {
    "title": "Batch normalization's lead in each pair",
    "seed": "seed",
    "lead": "BN minus no BN (points)",
}


def seed_differences_figure(
    results: Sequence[PairResult], *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """A bar per pair, ordered by seed: BatchNorm's accuracy minus the plain network's,
    in percentage points (green ahead, red behind).

    Args:
        results: the pairs (`alexnet.store.class_runs.pair_results`).
        text: translations of `DEFAULT_TEXT`'s words.
    """
    words = {**DEFAULT_TEXT, **(text or {})}
    leads = [100 * r.difference for r in results]
    fig = go.Figure(
        go.Bar(
            x=[f"{words['seed']} {r.seed}" for r in results],
            y=leads,
            marker={"color": [AHEAD if lead > 0 else BEHIND for lead in leads]},
            hovertemplate="%{x}: %{y:+.1f}<extra></extra>",
        )
    )
    titled(fig, words["title"], height=300)
    fig.update_layout(hovermode="closest", showlegend=False)
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=words["lead"], zeroline=True, zerolinecolor="#6b7280")
    return fig
