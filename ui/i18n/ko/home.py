"""Korean text of the Home page."""

from __future__ import annotations

HOME: dict[str, str] = {
    # pages/home.py
    "AlexNet Lab": "AlexNet 실습실",
    "AlexNet is the convolutional network of Alex Krizhevsky, Ilya Sutskever and Geoffrey "
    "Hinton that won the ImageNet competition in 2012 by a wide margin and started the "
    "deep-learning era of computer vision. It stacks five convolutional layers with "
    "max-pooling and three dense layers, uses ReLU activations and dropout, and was trained "
    "on two GPUs. Here you can rebuild it, train it, compare variants and look inside.": (
        "AlexNet은 Alex Krizhevsky, Ilya Sutskever, Geoffrey Hinton이 만든 합성곱 신경망으로, "
        "2012년 ImageNet 대회에서 큰 차이로 우승하며 컴퓨터 비전의 딥러닝 시대를 열었습니다. "
        "최대 풀링이 있는 합성곱 층 다섯 개와 완전 연결 층 세 개를 쌓고, ReLU 활성화와 "
        "드롭아웃을 쓰며, GPU 두 개로 학습했습니다. 여기서 AlexNet을 다시 만들고, 학습하고, "
        "변형끼리 비교하고, 속을 들여다볼 수 있습니다."
    ),
    # ui/home/sections.py
    "The original: 227×227 colour images, 1,000 classes, 62 million parameters.": (
        "원조 AlexNet: 227×227 컬러 이미지, 1,000개 클래스, 파라미터 6,200만 개."
    ),
    "The same five-conv, three-dense design scaled to CIFAR-10's 32×32 images and 10 classes: "
    "trains on a laptop.": (
        "같은 합성곱 5개·완전 연결 3개 구조를 CIFAR-10의 32×32 이미지와 10개 클래스에 맞게 "
        "줄였습니다. 노트북에서도 학습됩니다."
    ),
    "The CIFAR-10 AlexNet with batch normalization after every convolution: usually learns "
    "faster.": "모든 합성곱 뒤에 배치 정규화를 넣은 CIFAR-10 AlexNet: 보통 더 빨리 학습합니다.",
    "pick a variant and see every layer's shape, parameters and cost.": (
        "변형을 고르고 층마다 출력 형태, 파라미터, 계산량을 확인합니다."
    ),
    "train it on CIFAR-10 and watch loss and accuracy move live.": (
        "CIFAR-10으로 학습하며 손실과 정확도가 움직이는 모습을 실시간으로 봅니다."
    ),
    "run batch normalization against none in one click, or overlay any runs.": (
        "배치 정규화 유무를 한 번의 클릭으로 비교하거나, 여러 실행을 겹쳐 봅니다."
    ),
    "show a trained model test images or your own photos.": (
        "학습된 모델에 테스트 이미지나 직접 찍은 사진을 보여 줍니다."
    ),
    "look inside: filters, feature maps, Grad-CAM, confusion matrix.": (
        "속을 들여다봅니다: 필터, 특성 맵, Grad-CAM, 혼동 행렬."
    ),
    "rename, tag, download or delete your runs.": (
        "실행의 이름을 바꾸고, 태그를 달고, 내려받거나 삭제합니다."
    ),
    "The tutorial's three variants": "튜토리얼의 세 가지 변형",
    "The architecture": "구조",
    "Variant": "변형",
    "Each box is a layer's output: taller for a larger feature map, wider for more channels.": (
        "상자 하나가 한 층의 출력입니다. 특성 맵이 클수록 높고, 채널이 많을수록 넓습니다."
    ),
    "The full CIFAR-10: {train:,} training and {test:,} test images, from {path}.": (
        "전체 CIFAR-10: 학습 이미지 {train:,}장, 테스트 이미지 {test:,}장 ({path})."
    ),
    "The CIFAR-10 sample shipped with the app: {train:,} training and {test:,} test images "
    "(real CIFAR-10 images, 10 classes). For the full data set, set CIFAR10_PATH to "
    "cifar-10-python.tar.gz or let Keras download it once.": (
        "앱에 함께 들어 있는 CIFAR-10 표본: 학습 이미지 {train:,}장, 테스트 이미지 {test:,}장 "
        "(실제 CIFAR-10 이미지, 10개 클래스). 전체 데이터를 쓰려면 CIFAR10_PATH를 "
        "cifar-10-python.tar.gz로 지정하거나 Keras로 한 번 내려받으세요."
    ),
    "Runs so far": "지금까지의 실행",
    "No runs yet: train a model or start the batch normalization experiment.": (
        "아직 실행이 없습니다. 모델을 학습하거나 배치 정규화 실험을 시작하세요."
    ),
    "{count} runs. The latest:": "실행 {count}개. 최근 실행:",
    "All runs": "모든 실행",
    "Start here": "여기서 시작하세요",
}
