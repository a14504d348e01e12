"""Korean text of the Compare page."""

from __future__ import annotations

COMPARE: dict[str, str] = {
    # pages/compare.py
    "Train the same network with and without batch normalization and watch the curves part, "
    "or pick any runs and read their curves and final figures side by side.": (
        "같은 신경망을 배치 정규화가 있을 때와 없을 때로 학습해 곡선이 갈라지는 모습을 "
        "보거나, 원하는 실행을 골라 곡선과 최종 수치를 나란히 비교하세요."
    ),
    "Compare any runs": "원하는 실행 비교",
    "There are no runs yet. Start the experiment above, or train a model on the Train page.": (
        "아직 실행이 없습니다. 위의 실험을 시작하거나 학습 페이지에서 모델을 학습하세요."
    ),
    "Choose one or more runs above.": "위에서 실행을 하나 이상 고르세요.",
    "Solid lines: training. Dashed lines: validation (runs with a validation split).": (
        "실선: 학습. 점선: 검증(검증 분할이 있는 실행)."
    ),
    "Final figures": "최종 수치",
    # ui/compare/experiment.py
    "0.001 (the tutorial's)": "0.001 (튜토리얼의 값)",
    "0.01 (10x larger steps)": "0.01 (10배 큰 걸음)",
    "Batch normalization rescales each layer's outputs over the batch to mean 0 and variance "
    "1, then lets the network learn its own scale and shift. The next layer sees inputs on a "
    "steady scale, so training tolerates larger steps and usually converges in fewer epochs.": (
        "배치 정규화는 각 층의 출력을 배치 단위로 평균 0, 분산 1이 되게 맞춘 뒤, 크기와 "
        "이동은 신경망이 스스로 학습하게 합니다. 다음 층이 일정한 범위의 입력을 받으므로 더 "
        "큰 학습 보폭을 견디고, 보통 더 적은 에포크로 수렴합니다."
    ),
    "One run's curve mixes the effect of a change with luck: the initial weights and the "
    "order of the images. Several seeds per network show how far the curves spread by chance; "
    "a difference larger than that spread is real.": (
        "실행 하나의 곡선에는 변경의 효과와 운(초기 가중치, 이미지 순서)이 섞여 있습니다. "
        "신경망마다 시드를 여러 개 쓰면 곡선이 우연으로 얼마나 퍼지는지 보이고, 그 폭보다 큰 "
        "차이가 진짜 차이입니다."
    ),
    "Data: the full CIFAR-10 ({path}).": "데이터: 전체 CIFAR-10 ({path}).",
    "Data: the CIFAR-10 sample shipped with the app (2,500 training images). Point "
    "$CIFAR10_PATH at the full archive for larger subsets.": (
        "데이터: 앱에 들어 있는 CIFAR-10 표본(학습 이미지 2,500장). 더 큰 부분 집합을 쓰려면 "
        "$CIFAR10_PATH를 전체 압축 파일로 지정하세요."
    ),
    "Training images": "학습 이미지 수",
    "A class-balanced sample; 10% of it is held out for the validation curves.": (
        "클래스별로 균형 잡힌 표본이며, 그중 10%는 검증 곡선을 위해 떼어 둡니다."
    ),
    "Seeds per network": "신경망별 시드 수",
    "Each seed is one more pair, trained after the previous one.": (
        "시드 하나마다 한 쌍을 더 학습하며, 앞의 쌍이 끝난 뒤에 시작합니다."
    ),
    "Batch normalization lets a network take larger steps: try 0.01 and compare.": (
        "배치 정규화를 쓰면 신경망이 더 큰 걸음으로 학습할 수 있습니다. 0.01로 바꿔 비교해 보세요."
    ),
    "Start: batch normalization vs none": "시작: 배치 정규화 있음 vs 없음",
    "The experiment below is still running; stop it to start a new one.": (
        "아래 실험이 아직 진행 중입니다. 새로 시작하려면 먼저 중지하세요."
    ),
    "The experiment could not start: {error}": "실험을 시작할 수 없습니다: {error}",
    "{pairs} pairs: {states}": "{pairs}쌍: {states}",
    "Latest experiment": "최근 실험",
    "Stop the experiment": "실험 중지",
    "What plain Keras reports": "기본 Keras가 보고하는 값",
    "Adds, dotted, the validation curves measured with the moving averages.": (
        "이동 평균으로 잰 검증 곡선을 점선으로 더합니다."
    ),
    "Solid lines: training, per logged step and smoothed. Dashed: validation, at the end of "
    "each epoch. Both networks start from the same weights and see the images in the same "
    "order.": (
        "실선: 학습(기록된 스텝마다, 평활화). 점선: 검증(에포크가 끝날 때마다). 두 신경망은 "
        "같은 가중치에서 시작하고 같은 순서로 이미지를 봅니다."
    ),
    "Dotted: validation with the moving averages.": "점선: 이동 평균으로 잰 검증.",
    "While it trains, batch normalization keeps a slow moving average of each layer's mean "
    "and variance (each batch counts for 1%), and plain Keras validates with it: in a short "
    "run it still describes the weights of hundreds of steps ago, so the dotted curves trail "
    "far below what the network has learned.": (
        "배치 정규화는 학습하는 동안 각 층의 평균과 분산을 천천히 움직이는 이동 평균으로 "
        "기억하고(배치 하나가 1%만 반영됩니다), 기본 Keras는 이 값으로 검증합니다. 짧은 "
        "학습에서는 이 평균이 아직 수백 단계 전의 가중치를 반영하므로 점선 곡선은 신경망이 "
        "실제로 배운 것보다 한참 아래에 머뭅니다."
    ),
    "The dashed curves, the saved models and the test accuracy use statistics recomputed from "
    "training images with the current weights before each validation, so they show what the "
    "network has really learned.": (
        "파선 곡선, 저장된 모델, 테스트 정확도는 검증할 때마다 현재 가중치로 학습 이미지에서 "
        "다시 계산한 통계를 쓰므로, 신경망이 실제로 배운 만큼을 보여 줍니다."
    ),
    "Experiment: batch normalization vs none": "실험: 배치 정규화 있음 vs 없음",
    # ui/compare/overlay.py
    "epochs": "에포크",
    "run": "실행",
    "state": "상태",
    "best val accuracy": "최고 검증 정확도",
    "test accuracy": "테스트 정확도",
    "epochs to target": "목표까지 에포크",
    "seconds to target": "목표까지 시간(초)",
    "images/s": "이미지/초",
    "train": "학습",
    "seconds of training": "학습 시간(초)",
    "mean of {n}": "{n}개 평균",
    "reference: the tutorial's recipe": "기준: 튜토리얼의 학습 설정",
    "validation, moving averages": "검증, 이동 평균",
    "not reached": "도달 못 함",
    "Peak memory of the training process: {runs}.": "학습 프로세스의 최대 메모리: {runs}.",
    "x axis": "x축",
    "Average seeds": "시드 평균",
    "Runs that differ only in their seed are drawn as their mean with a shaded band.": (
        "시드만 다른 실행들은 평균선과 음영 띠로 그립니다."
    ),
    "Band": "띠",
    "min to max": "최솟값~최댓값",
    "± 1 std": "± 1 표준편차",
    "Target accuracy": "목표 정확도",
    "The table says after how many epochs and seconds each run first reached it.": (
        "표에 각 실행이 몇 에포크, 몇 초 만에 처음 도달했는지 나옵니다."
    ),
    # ui/compare/selection.py
    "tutorial recipe": "튜토리얼 설정",
    "shipped": "기본 제공",
    "Runs marked ★ used the tutorial's own training recipe; they are drawn thicker.": (
        "★ 표시된 실행은 튜토리얼의 학습 설정을 그대로 썼으며, 더 굵게 그려집니다."
    ),
    "Choose runs to compare": "비교할 실행을 고르세요",
}
