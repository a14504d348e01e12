"""Can a network train on these images? One check, for the Train page, the CLI and the trainer."""

from __future__ import annotations

from collections.abc import Sequence

from alexnet.config.checks import ConfigError
from alexnet.config.spec import ModelSpec

WRONG_SIZE = (
    "{name} expects {h}x{w}x{c} images, but these images are {ih}x{iw}x{ic}. Pick a network "
    "with a {ih}x{iw}x{ic} input (e.g. the CIFAR-10 AlexNet), change its input_shape, or test "
    "it on random data of its own size."
)
TOO_FEW_CLASSES = (
    "{name} has {n} output classes but the data has {classes}; set num_classes to at least "
    "{classes}."
)


def data_problem(spec: ModelSpec, image_shape: Sequence[int], classes: int) -> ConfigError | None:
    """Why `spec` cannot train on images of `image_shape` labelled with `classes` classes.

    Args:
        image_shape: (height, width, channels) of the data's images.
        classes: how many classes the data's labels span.

    Returns:
        The reason (an error to raise or to show, in any language), or None when it can.
    """
    if tuple(spec.input_shape) != tuple(image_shape):
        (h, w, c), (ih, iw, ic) = spec.input_shape, tuple(image_shape)
        return ConfigError(WRONG_SIZE, name=spec.name, h=h, w=w, c=c, ih=ih, iw=iw, ic=ic)
    if spec.num_classes < classes:
        return ConfigError(TOO_FEW_CLASSES, name=spec.name, n=spec.num_classes, classes=classes)
    return None
