"""The two sentences under each of Compare's views inside the networks and of the chart of
learning rates: the first says what to look for and what the paper claims, the second what
these runs show, with their own numbers, and plainly when they do not show the claim.

The numbers and the verdicts come from the core (`alexnet.store.inside_findings`,
`alexnet.store.rate_sweep`); here they are only put into words.
"""

from __future__ import annotations

from collections.abc import Callable

from alexnet.store.inside_findings import InsideFindings
from alexnet.store.rate_sweep import LEARNED, SweepFindings
from ui.i18n import t


def number(value: float | None) -> str:
    """A figure in two or three significant digits, never in scientific notation."""
    if value is None:
        return "–"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:.3g}"
    return f"{value:.2g}" if size >= 0.0001 else f"{value:.6f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    """0.29 -> "29%"; 0.017 -> "1.7%"."""
    return "–" if value is None else number(100 * value) + "%"


def _not_yet() -> str:
    return t("These runs have no records after the start yet; the numbers follow the first.")


def layer_sentences(findings: InsideFindings, layer: str) -> tuple[str, str]:
    first = t(
        "Watch the middle line, the median of what {layer}'s activation function receives, "
        "as the network learns: Ioffe and Szegedy (2015) found that without batch "
        "normalization this distribution keeps shifting while the layers before it learn, "
        "and that batch normalization holds it steady."
    ).format(layer=layer)
    drift, holds = findings.drift(layer), findings.distribution_holds(layer)
    if drift is None or holds is None:
        return first, _not_yet()
    template = (
        t(
            "Here the median input of {layer} moved by {plain} without BN and by {bn} with "
            "it, {plain_share} and {bn_share} of its starting 15th to 85th percentile range: "
            "steadier with batch normalization, as the paper says."
        )
        if holds
        else t(
            "Here the median input of {layer} moved by {plain} without BN and by {bn} with "
            "it, {plain_share} and {bn_share} of its starting 15th to 85th percentile range: "
            "not steadier with batch normalization, unlike the paper's figure."
        )
    )
    second = template.format(
        layer=layer,
        plain=number(drift.moved.plain),
        bn=number(drift.moved.bn),
        plain_share=percent(drift.relative.plain),
        bn_share=percent(drift.relative.bn),
    )
    return first, second


def layers_sentences(findings: InsideFindings, layer: str) -> tuple[str, str]:
    first = t(
        "Every block at once, each on its own scale: Ioffe and Szegedy argue that the shift "
        "builds up through the network, since each layer's inputs depend on every layer "
        "before it, and that batch normalization steadies them all."
    )
    steadier, blocks = findings.steadier_blocks
    plain, bn = findings.most_moved(False), findings.most_moved(True)
    if findings.blocks_hold is None or plain is None or bn is None:
        return first, _not_yet()
    template = (
        t(
            "Here the median moved less with batch normalization in {steadier} of {blocks} "
            "blocks, as the paper says; it moved most in {plain_layer} without BN "
            "({plain_share} of its starting range) and in {bn_layer} with it ({bn_share})."
        )
        if findings.blocks_hold
        else t(
            "Here the median moved less with batch normalization in only {steadier} of "
            "{blocks} blocks, unlike the paper; it moved most in {plain_layer} without BN "
            "({plain_share} of its starting range) and in {bn_layer} with it ({bn_share})."
        )
    )
    second = template.format(
        steadier=steadier,
        blocks=blocks,
        plain_layer=plain.layer,
        plain_share=percent(plain.relative.plain),
        bn_layer=bn.layer,
        bn_share=percent(bn.relative.bn),
    )
    return first, second


def landscape_sentences(findings: InsideFindings, layer: str) -> tuple[str, str]:
    first = t(
        "Each record takes two trial steps along the gradient and measures how much the loss "
        "changes (left) and how far the gradient moves (right): Santurkar et al. (2018) "
        "found both far smaller with batch normalization, a smoother loss surface on which "
        "larger steps are safe."
    )
    smoother = findings.smoother_counts
    if smoother is None:
        return first, _not_yet()
    verdict = {
        2: t("smoother with batch normalization on both counts, as the paper says."),
        1: t("smoother with batch normalization on one count only, not both as the paper says."),
        0: t("not smoother with batch normalization, unlike the paper."),
    }[smoother]
    second = t(
        "Here, on average after the start, the loss changed by {plain_loss} without BN and "
        "by {bn_loss} with it, and the gradient by {plain_gradient} and {bn_gradient}: "
        "{verdict}"
    ).format(
        plain_loss=number(findings.loss_variation.plain),
        bn_loss=number(findings.loss_variation.bn),
        plain_gradient=number(findings.gradient_predictiveness.plain),
        bn_gradient=number(findings.gradient_predictiveness.bn),
        verdict=verdict,
    )
    return first, second


def gradients_sentences(findings: InsideFindings, layer: str) -> tuple[str, str]:
    first = t(
        "How large each layer's gradient is, and how much each update changes its weights "
        "(|step| / |weights|): Ioffe and Szegedy argue that batch normalization keeps "
        "gradients from vanishing or exploding from layer to layer, which lets a network "
        "take larger steps."
    )
    holds = findings.gradients_hold
    updates = findings.update_ratios.get(layer)
    if holds is None or updates is None:
        return first, _not_yet()
    verdict = (
        t("more even with batch normalization, as the paper says.")
        if holds
        else t("not more even with batch normalization, unlike the paper.")
    )
    second = t(
        "Here the layers' mean gradient norms spanned a factor of {plain_spread} without BN "
        "and {bn_spread} with it, and each update changed {layer}'s weights by {plain_update} "
        "and {bn_update}: {verdict}"
    ).format(
        plain_spread=number(findings.gradient_spread.plain),
        bn_spread=number(findings.gradient_spread.bn),
        layer=layer,
        plain_update=percent(updates.plain),
        bn_update=percent(updates.bn),
        verdict=verdict,
    )
    return first, second


SENTENCES: dict[str, Callable[[InsideFindings, str], tuple[str, str]]] = {
    "layer": layer_sentences,
    "layers": layers_sentences,
    "landscape": landscape_sentences,
    "gradients": gradients_sentences,
}


def sweep_sentences(findings: SweepFindings | None, chance: float) -> tuple[str, str]:
    """The sentences under the chart of final accuracy against the learning rate."""
    first = t(
        "Final validation accuracy at each learning rate: the tutorial's claim is that batch "
        "normalization tolerates larger steps, so it still learns at rates where the plain "
        "network falls to chance ({chance})."
    ).format(chance=percent(chance))
    if findings is None:
        return first, t(
            "The chart fills in as the pairs finish; the numbers follow once both networks "
            "have finished at two rates."
        )
    verdict = (
        t("batch normalization tolerated larger steps, as the tutorial says.")
        if findings.holds
        else t("batch normalization did not tolerate larger steps, unlike the claim.")
    )
    plain, bn = (t("none of these") if r is None else f"{r:g}" for r in findings.learned_up_to)
    second = t(
        "Here the largest rate at which each network still beat chance by {margin} points was "
        "{plain_rate} without BN and {bn_rate} with it, and at the largest rate, {rate}, "
        "they reached {plain} and {bn}: {verdict}"
    ).format(
        margin=number(100 * LEARNED),
        plain_rate=plain,
        bn_rate=bn,
        rate=f"{findings.largest:g}",
        plain=percent(findings.at_largest.plain),
        bn=percent(findings.at_largest.bn),
        verdict=verdict,
    )
    return first, second
