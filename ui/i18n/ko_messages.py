"""Korean text of the errors the core raises, keyed by their English templates.

The templates live beside the checks that raise them (alexnet.config.checks, spec, training,
alexnet.data.compatibility); a page shows `error.render(t)`.
"""

from __future__ import annotations

KO_MESSAGES: dict[str, str] = {
    "{name} expects {h}x{w}x{c} images, but these images are {ih}x{iw}x{ic}. Pick a network "
    "with a {ih}x{iw}x{ic} input (e.g. the CIFAR-10 AlexNet), change its input_shape, or test "
    "it on random data of its own size.": (
        "{name}은(는) {h}x{w}x{c} 이미지를 받지만 이 이미지는 {ih}x{iw}x{ic}입니다. "
        "{ih}x{iw}x{ic} 입력의 신경망(예: CIFAR-10 AlexNet)을 고르거나, input_shape을 바꾸거나, "
        "신경망 자신의 크기로 만든 무작위 데이터로 점검하세요."
    ),
    "{name} has {n} output classes but the data has {classes}; set num_classes to at least "
    "{classes}.": (
        "{name}의 출력 클래스는 {n}개인데 데이터에는 {classes}개가 있습니다. num_classes를 "
        "{classes} 이상으로 설정하세요."
    ),
}
