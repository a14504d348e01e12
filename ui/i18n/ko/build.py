"""Korean text of the Build page."""

from __future__ import annotations

BUILD: dict[str, str] = {
    # pages/build.py
    "Build a network": "신경망 만들기",
    "Start from one of the tutorial's three networks and change anything: the layer table, "
    "the totals and the code follow every change.": (
        "튜토리얼의 세 가지 신경망 중 하나에서 시작해 무엇이든 바꿔 보세요. 층 표, 합계, "
        "코드가 바뀔 때마다 바로 갱신됩니다."
    ),
    # ui/build/results.py
    "layer": "층",
    "type": "종류",
    "output shape": "출력 형태",
    "params": "파라미터",
    "trainable": "학습",
    "non-trainable": "비학습",
    "MACs": "MAC",
    "activation KB": "활성값 KB",
    "Parameters": "파라미터 수",
    "Trainable": "학습 파라미터",
    "Non-trainable": "비학습 파라미터",
    "Batch normalization's moving mean and variance: updated, but not by gradients.": (
        "배치 정규화의 이동 평균과 이동 분산입니다. 값은 바뀌지만 경사로 학습되지는 않습니다."
    ),
    "Weights (float32)": "가중치 (float32)",
    "MACs per image": "이미지당 MAC",
    "MACs of one forward pass: each is one multiplication and one addition.": (
        "순전파 한 번의 곱셈-누산(MAC) 수입니다. 하나는 곱셈 한 번과 덧셈 한 번입니다."
    ),
    "Training FLOPs": "학습 FLOPs",
    "Per image: about 2 x 3 x MACs for the forward and backward pass, two FLOPs per "
    "multiply-add.": (
        "이미지당 약 2 x 3 x MAC입니다. 순전파와 역전파를 합친 값이며, 곱셈-누산 하나는 FLOP "
        "2개입니다."
    ),
    "Activations per image": "이미지당 활성값",
    "All layer outputs for one image as float32; training keeps them for the backward pass.": (
        "이미지 한 장에 대한 모든 층의 출력(float32)입니다. 학습할 때는 역전파를 위해 이 값을 "
        "보관합니다."
    ),
    "Layers": "층",
    "Layer volumes": "층별 출력 부피",
    "Each box is the output of a layer: taller for a larger feature map, wider for more "
    "channels. Hover over a box for its shape.": (
        "상자 하나가 한 층의 출력입니다. 특성 맵이 클수록 높고, 채널이 많을수록 넓습니다. "
        "상자 위에 마우스를 올리면 형태가 보입니다."
    ),
    "Keras code": "Keras 코드",
    "Spec JSON": "설계 JSON",
    "Download code": "코드 내려받기",
    "Download spec JSON": "설계 JSON 내려받기",
    "This network cannot be built. {message}": "이 신경망은 만들 수 없습니다. {message}",
    "Change the setting named above. The other pages keep using the last valid network.": (
        "위에서 말한 설정을 바꾸세요. 다른 페이지는 마지막으로 올바른 신경망을 계속 사용합니다."
    ),
    # ui/build/widgets.py
    "CIFAR-10 AlexNet (32×32 images, 10 classes)": "CIFAR-10 AlexNet (32×32 이미지, 10개 클래스)",
    "CIFAR-10 AlexNet + BatchNorm": "CIFAR-10 AlexNet + 배치 정규화",
    "ImageNet AlexNet (227×227 images, 1000 classes)": (
        "ImageNet AlexNet (227×227 이미지, 1000개 클래스)"
    ),
    "model setting": "모델 설정 따름",
    "none": "사용 안 함",
    "before activation (as in the tutorial)": "활성화 함수 앞 (튜토리얼과 같음)",
    "after activation": "활성화 함수 뒤",
    "Output size of a convolution or pooling: `floor((n - k + 2p) / s) + 1`, where n is the "
    "input side, k the kernel size, p the padding on each side and s the strides. 'valid' "
    "means p = 0, so the map shrinks; 'same' pads so that the output side is ceil(n / s).": (
        "합성곱이나 풀링의 출력 크기: `floor((n - k + 2p) / s) + 1`. n은 입력 한 변의 크기, "
        "k는 커널 크기, p는 한쪽 패딩, s는 스트라이드입니다. 'valid'는 p = 0이라 특성 맵이 "
        "작아지고, 'same'은 출력 크기가 `ceil(n / s)`가 되도록 패딩합니다."
    ),
    "Parameters of a Conv2D: `(k * k * c_in + 1) * filters` - one weight for every kernel "
    "position and input channel, plus one bias, for each filter. A Dense layer has `(inputs + "
    "1) * units`.": (
        "Conv2D의 파라미터 수: `(k * k * c_in + 1) * filters`. 필터마다 커널의 위치와 입력 "
        "채널마다 가중치 하나, 그리고 편향 하나가 있습니다. Dense 층은 `(inputs + 1) * "
        "units`입니다."
    ),
    "Batch normalization rescales each channel to zero mean and unit variance over the "
    "mini-batch, then applies a learned scale and shift (2 trainable numbers per channel). It "
    "also keeps a moving mean and variance for prediction (2 non-trainable numbers). It "
    "usually makes training faster and less sensitive to the learning rate.": (
        "배치 정규화는 미니배치에서 각 채널을 평균 0, 분산 1로 맞춘 뒤, 학습되는 배율과 "
        "이동값을 적용합니다(채널마다 학습 파라미터 2개). 예측에 쓰기 위해 이동 평균과 이동 "
        "분산도 저장합니다(학습되지 않는 값 2개). 보통 학습이 빨라지고 학습률에 덜 "
        "민감해집니다."
    ),
    "Start from a preset": "프리셋에서 시작",
    "Choose a preset": "프리셋을 고르세요",
    "Load a spec from a JSON file": "JSON 파일에서 설계 불러오기",
    "Spec JSON (as downloaded from this page)": "설계 JSON (이 페이지에서 내려받은 파일)",
    "This file could not be loaded: {error}": "이 파일을 불러올 수 없습니다: {error}",
    "The file left these settings out, so they take their defaults: {filled}.": (
        "파일에 다음 설정이 빠져 있어 기본값을 씁니다: {filled}."
    ),
    "Input height": "입력 높이",
    "Input width": "입력 너비",
    "Channels": "채널 수",
    "Classes": "클래스 수",
    "Activation": "활성화 함수",
    "Batch normalization": "배치 정규화",
    "Applies to every block; changing it clears the per-block settings.": (
        "모든 블록에 적용됩니다. 바꾸면 블록별 설정이 초기화됩니다."
    ),
    "Rescale pixels from 0-255 to 0-1 inside the model": (
        "모델 안에서 픽셀 값을 0-255에서 0-1로 바꾸기"
    ),
    "conv{n}: {filters} filters, {k}×{k}, strides {s}, {padding}": (
        "conv{n}: 필터 {filters}개, {k}×{k}, 스트라이드 {s}, {padding}"
    ),
    "max-pool {p}×{p}/{s}": "최대 풀링 {p}×{p}/{s}",
    "filters": "필터 수 (filters)",
    "kernel_size": "커널 크기 (kernel_size)",
    "strides": "스트라이드 (strides)",
    "padding": "패딩 (padding)",
    "max-pool after it": "뒤에 최대 풀링",
    "pool_size": "풀링 크기 (pool_size)",
    "pool_strides": "풀링 스트라이드 (pool_strides)",
    "A network needs at least one conv block, so the last one stays.": (
        "신경망에는 합성곱 블록이 적어도 하나 있어야 하므로 마지막 블록은 남습니다."
    ),
    "batch normalization": "배치 정규화",
    "activation": "활성화 함수",
    "Remove": "삭제",
    "A network needs at least one conv block.": "신경망에는 합성곱 블록이 적어도 하나 필요합니다.",
    "Convolution blocks": "합성곱 블록",
    "Add a conv block": "합성곱 블록 추가",
    "Dense blocks": "완전 연결 블록",
    "Hidden Dense layers after Flatten; the softmax layer over the classes follows.": (
        "Flatten 뒤의 은닉 Dense 층입니다. 그 뒤에 클래스에 대한 softmax 층이 옵니다."
    ),
    "fc{n}: {units} units, dropout {rate}": "fc{n}: 유닛 {units}개, 드롭아웃 {rate}",
    "units": "유닛 수 (units)",
    "dropout_rate": "드롭아웃 비율 (dropout_rate)",
    "Add a dense block": "완전 연결 블록 추가",
}
