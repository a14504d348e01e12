"""The Build page's results: totals, layer table, volume diagram, code and JSON."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alexnet.charts.architecture import layer_volume_svg
from alexnet.config.spec import ModelSpec
from alexnet.config.spec_json import spec_to_json
from alexnet.network.codegen import generate_code
from alexnet.network.layer_table import LayerTable
from ui.i18n import N_, error_text, t
from ui.pictures import show_svg
from ui.state import font_scale

COLUMN_LABELS = {
    "layer": N_("layer"),
    "type": N_("type"),
    "output shape": N_("output shape"),
    "params": N_("params"),
    "trainable": N_("trainable"),
    "non-trainable": N_("non-trainable"),
    "MACs": N_("MACs"),
    "activation KB": N_("activation KB"),
}


def _short(number: float, unit: str = "") -> str:
    """1234567 -> '1.23 M'; keeps three significant digits for a metric tile."""
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")):
        if number >= factor:
            return f"{number / factor:.3g} {prefix}{unit}"
    return f"{number:,.0f} {unit}".strip()


def layer_frame(table: LayerTable) -> pd.DataFrame:
    """The layer table as a DataFrame with translated column names."""
    frame = pd.DataFrame.from_records(table.to_records())
    return frame.rename(columns={c: t(label) for c, label in COLUMN_LABELS.items()})


# Pixel widths that fit the ImageNet AlexNet's largest numbers; the grid would otherwise
# size each column by its first rows (zeros) and cut 62,378,344 short.
_WIDTHS = {"layer": 92, "type": 112, "output shape": 100, "MACs": 96}


def _column_config(frame: pd.DataFrame) -> dict[str, object]:
    config: dict[str, object] = {}
    for column, label in COLUMN_LABELS.items():
        width = _WIDTHS.get(column, 86)
        if pd.api.types.is_numeric_dtype(frame[t(label)]):
            config[t(label)] = st.column_config.NumberColumn(format="localized", width=width)
        else:
            config[t(label)] = st.column_config.TextColumn(width=width)
    return config


def render_totals(table: LayerTable) -> None:
    """Metric tiles: parameters and their split, weight size, cost and memory."""
    # Four tiles a row fit 62,378,344 only a little smaller than Streamlit's default.
    st.markdown(
        "<style>[data-testid='stMetricValue'] { font-size: 1.8rem; }</style>",
        unsafe_allow_html=True,
    )
    cols = st.columns(4)
    cols[0].metric(t("Parameters"), f"{table.total_params:,}")
    cols[1].metric(t("Trainable"), f"{table.trainable_params:,}")
    cols[2].metric(
        t("Non-trainable"),
        f"{table.non_trainable_params:,}",
        help=t("Batch normalization's moving mean and variance: updated, but not by gradients."),
    )
    cols[3].metric(t("Weights (float32)"), f"{table.weight_megabytes:,.2f} MB")
    cols = st.columns(3)  # three tiles: wide enough for "204 MFLOP" and their labels
    cols[0].metric(
        t("MACs per image"),
        _short(table.total_macs),
        help=t("MACs of one forward pass: each is one multiplication and one addition."),
    )
    cols[1].metric(
        t("Training FLOPs"),
        _short(table.training_flops_per_image, "FLOP"),
        help=t(
            "Per image: about 2 x 3 x MACs for the forward and backward pass, two FLOPs per "
            "multiply-add."
        ),
    )
    cols[2].metric(
        t("Activations per image"),
        f"{table.activation_bytes / 1024**2:,.2f} MB",
        help=t(
            "All layer outputs for one image as float32; training keeps them for the backward pass."
        ),
    )


def render_results(spec: ModelSpec, table: LayerTable) -> None:
    """Totals, layer table and volume diagram for a valid spec."""
    render_totals(table)
    st.subheader(t("Layers"))
    frame = layer_frame(table)
    st.dataframe(
        frame,
        hide_index=True,
        # Every row visible (35 px each plus the header): the table is the page's point.
        height=35 * (len(frame) + 1) + 3,
        column_config=_column_config(frame),
    )
    st.subheader(t("Layer volumes"))
    st.caption(
        t(
            "Each box is the output of a layer: taller for a larger feature map, wider for "
            "more channels. Hover over a box for its shape."
        )
    )
    show_svg(
        layer_volume_svg(table, spec.input_shape, t("input"), font_scale(), t("{count:,} values"))
    )


def render_code(spec: ModelSpec) -> None:
    """The generated Keras program and the spec JSON, each with a download button."""
    code_tab, json_tab = st.tabs([t("Keras code"), t("Spec JSON")])
    stem = spec.slug
    with code_tab:
        code = generate_code(spec)
        st.download_button(
            t("Download code"),
            code,
            file_name=f"{stem}.py",
            mime="text/x-python",
            icon=":material/download:",
            on_click="ignore",
        )
        st.code(code, language="python")
    with json_tab:
        text = spec_to_json(spec)
        st.download_button(
            t("Download spec JSON"),
            text,
            file_name=f"{stem}.json",
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
        )
        st.code(text, language="json")


def render_spec_error(error: ValueError) -> None:
    """A readable message, in the page's language, instead of a traceback."""
    message = error_text(error)
    st.error(
        t("This network cannot be built. {message}").format(message=message),
        icon=":material/error:",
    )
    st.info(t("Change the setting named above. The other pages keep using the last valid network."))
