"""Korean text of the Home, Compare and Runs pages (merged into `ui.i18n.KO`)."""

from __future__ import annotations

KO_COMPARE: dict[str, str] = {
    # Home
    "AlexNet is the convolutional network of Alex Krizhevsky, Ilya Sutskever and Geoffrey "
    "Hinton that won the ImageNet competition in 2012 by a wide margin and started the "
    "deep-learning era of computer vision. It stacks five convolutional layers with "
    "max-pooling and three dense layers, uses ReLU activations and dropout, and was "
    "trained on two GPUs. Here you can rebuild it, train it, compare variants and look "
    "inside.": (
        "AlexNet은 Alex Krizhevsky, Ilya Sutskever, Geoffrey Hinton이 만든 합성곱 신경망으로, "
        "2012년 ImageNet 대회에서 큰 차이로 우승하며 컴퓨터 비전의 딥러닝 시대를 열었습니다. "
        "최대 풀링이 있는 합성곱 층 다섯 개와 완전 연결 층 세 개를 쌓고, ReLU 활성화와 "
        "드롭아웃을 쓰며, GPU 두 개로 학습했습니다. 여기서 AlexNet을 다시 만들고, 학습하고, "
        "변형끼리 비교하고, 속을 들여다볼 수 있습니다."
    ),
    "The tutorial's three variants": "튜토리얼의 세 가지 변형",
    "The original: 227×227 colour images, 1,000 classes, 62 million parameters.": (
        "원조 AlexNet: 227×227 컬러 이미지, 1,000개 클래스, 파라미터 6,200만 개."
    ),
    "The same five-conv, three-dense design scaled to CIFAR-10's 32×32 images and "
    "10 classes: trains on a laptop.": (
        "같은 합성곱 5개·완전 연결 3개 구조를 CIFAR-10의 32×32 이미지와 10개 클래스에 맞게 "
        "줄였습니다. 노트북에서도 학습됩니다."
    ),
    "The CIFAR-10 AlexNet with batch normalization after every convolution: "
    "usually learns faster.": (
        "모든 합성곱 뒤에 배치 정규화를 넣은 CIFAR-10 AlexNet: 보통 더 빨리 학습합니다."
    ),
    "parameters": "파라미터",
    "The architecture": "구조",
    "Variant": "변형",
    "Each box is a layer's output: taller for a larger feature map, wider for more "
    "channels.": "상자 하나가 한 층의 출력입니다. 특성 맵이 클수록 높고, 채널이 많을수록 넓습니다.",
    "Data": "데이터",
    "The full CIFAR-10: {train:,} training and {test:,} test images, from {path}.": (
        "전체 CIFAR-10: 학습 이미지 {train:,}장, 테스트 이미지 {test:,}장 ({path})."
    ),
    "The CIFAR-10 sample shipped with the app: {train:,} training and {test:,} test "
    "images (real CIFAR-10 images, 10 classes). For the full data set, set "
    "CIFAR10_PATH to cifar-10-python.tar.gz or let Keras download it once.": (
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
    # Run states and the comparison table
    "queued": "대기 중",
    "running": "학습 중",
    "stopping": "중지하는 중",
    "failed": "실패",
    "interrupted": "중단됨",
    "damaged": "손상됨",
    "unknown": "알 수 없음",
    "run": "실행",
    "state": "상태",
    "epochs": "에포크",
    "best val accuracy": "최고 검증 정확도",
    "test accuracy": "테스트 정확도",
    "epochs to target": "목표까지 에포크",
    "seconds to target": "목표까지 시간(초)",
    "images/s": "이미지/초",
    "not reached": "도달 못 함",
    "Peak memory of the training process: {runs}.": "학습 프로세스의 최대 메모리: {runs}.",
    "train": "학습",
    "validation": "검증",
    "epoch": "에포크",
    "step": "스텝",
    "loss": "손실",
    "accuracy": "정확도",
    "seconds of training": "학습 시간(초)",
    "mean of {n}": "{n}개 평균",
    "reference: the tutorial's recipe": "기준: 튜토리얼의 학습 설정",
    # Compare
    "Train the same network with and without batch normalization and watch the curves "
    "part, or pick any runs and read their curves and final figures side by side.": (
        "같은 신경망을 배치 정규화가 있을 때와 없을 때로 학습해 곡선이 갈라지는 모습을 보거나, "
        "원하는 실행을 골라 곡선과 최종 수치를 나란히 비교하세요."
    ),
    "Experiment: batch normalization vs none": "실험: 배치 정규화 있음 vs 없음",
    "Batch normalization rescales each layer's outputs over the batch to mean 0 and "
    "variance 1, then lets the network learn its own scale and shift. The next layer "
    "sees inputs on a steady scale, so training tolerates larger steps and usually "
    "converges in fewer epochs.": (
        "배치 정규화는 각 층의 출력을 배치 단위로 평균 0, 분산 1이 되게 맞춘 뒤, 크기와 이동은 "
        "신경망이 스스로 학습하게 합니다. 다음 층이 일정한 범위의 입력을 받으므로 더 큰 학습 "
        "보폭을 견디고, 보통 더 적은 에포크로 수렴합니다."
    ),
    "One run's curve mixes the effect of a change with luck: the initial weights and "
    "the order of the images. Several seeds per network show how far the curves "
    "spread by chance; a difference larger than that spread is real.": (
        "실행 하나의 곡선에는 변경의 효과와 운(초기 가중치, 이미지 순서)이 섞여 있습니다. "
        "신경망마다 시드를 여러 개 쓰면 곡선이 우연으로 얼마나 퍼지는지 보이고, 그 폭보다 큰 "
        "차이가 진짜 차이입니다."
    ),
    "Data: the full CIFAR-10 ({path}).": "데이터: 전체 CIFAR-10 ({path}).",
    "Data: the CIFAR-10 sample shipped with the app (2,500 training images). "
    "Point $CIFAR10_PATH at the full archive for larger subsets.": (
        "데이터: 앱에 들어 있는 CIFAR-10 표본(학습 이미지 2,500장). 더 큰 부분 집합을 쓰려면 "
        "$CIFAR10_PATH를 전체 압축 파일로 지정하세요."
    ),
    "Training images": "학습 이미지 수",
    "A class-balanced sample; 10% of it is held out for the validation curves.": (
        "클래스별로 균형 잡힌 표본이며, 그중 10%는 검증 곡선을 위해 떼어 둡니다."
    ),
    "Epochs": "에포크 수",
    "Seeds per network": "신경망별 시드 수",
    "Each seed is one more pair, trained after the previous one.": (
        "시드 하나마다 한 쌍을 더 학습하며, 앞의 쌍이 끝난 뒤에 시작합니다."
    ),
    "Start: batch normalization vs none": "시작: 배치 정규화 있음 vs 없음",
    "The experiment below is still running; stop it to start a new one.": (
        "아래 실험이 아직 진행 중입니다. 새로 시작하려면 먼저 중지하세요."
    ),
    "The experiment could not start: {error}": "실험을 시작할 수 없습니다: {error}",
    "Latest experiment": "최근 실험",
    "epoch {epoch} of {epochs}": "에포크 {epoch}/{epochs}",
    "Stop the experiment": "실험 중지",
    "Solid lines: training, per logged step and smoothed. Dashed: validation, at the "
    "end of each epoch. Both networks start from the same weights and see the images "
    "in the same order.": (
        "실선: 학습(기록된 스텝마다, 평활화). 점선: 검증(에포크가 끝날 때마다). 두 신경망은 "
        "같은 가중치에서 시작하고 같은 순서로 이미지를 봅니다."
    ),
    "Compare any runs": "원하는 실행 비교",
    "There are no runs yet. Start the experiment above, or train a model on the Train page.": (
        "아직 실행이 없습니다. 위의 실험을 시작하거나 학습 페이지에서 모델을 학습하세요."
    ),
    "tutorial recipe": "튜토리얼 설정",
    "shipped": "기본 제공",
    "Runs marked ★ used the tutorial's own training recipe; they are drawn thicker.": (
        "★ 표시된 실행은 튜토리얼의 학습 설정을 그대로 썼으며, 더 굵게 그려집니다."
    ),
    "Choose runs to compare": "비교할 실행을 고르세요",
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
    "Choose one or more runs above.": "위에서 실행을 하나 이상 고르세요.",
    "Solid lines: training. Dashed lines: validation (runs with a validation split).": (
        "실선: 학습. 점선: 검증(검증 분할이 있는 실행)."
    ),
    "Final figures": "최종 수치",
    # Runs
    "Every training run on this computer, newest first. Choose one below to rename it, "
    "tag it, download it as a zip, open it in Compare or Predict, or delete it.": (
        "이 컴퓨터의 모든 학습 실행입니다(최신순). 아래에서 하나를 골라 이름을 바꾸고, "
        "태그를 달고, zip으로 내려받고, 비교나 예측에서 열거나, 삭제하세요."
    ),
    "There are no runs yet. Train a model, or start the batch normalization experiment.": (
        "아직 실행이 없습니다. 모델을 학습하거나 배치 정규화 실험을 시작하세요."
    ),
    "Train a network": "신경망 학습하기",
    "Batch normalization vs none": "배치 정규화 있음 vs 없음",
    "name": "이름",
    "tags": "태그",
    "network": "신경망",
    "status": "상태",
    "best accuracy": "최고 정확도",
    "duration": "소요 시간",
    "created": "만든 시각",
    "run id": "실행 ID",
    "Best validation accuracy, else best training accuracy.": (
        "최고 검증 정확도이며, 검증이 없으면 최고 학습 정확도입니다."
    ),
    "{count} run folder(s) are damaged and listed as such: {ids}": (
        "실행 폴더 {count}개가 손상되어 그렇게 표시됩니다: {ids}"
    ),
    "{count} runs, {active} queued or training.": "실행 {count}개, 대기 또는 학습 중 {active}개.",
    "One run": "실행 하나",
    "Run": "실행",
    "Name": "이름",
    "Rename": "이름 바꾸기",
    "Tags": "태그",
    "Separate tags with commas, e.g. baseline, batch norm.": (
        "태그는 쉼표로 구분하세요. 예: baseline, batch norm."
    ),
    "Save tags": "태그 저장",
    "Open in Compare": "비교에서 열기",
    "Open in Predict": "예측에서 열기",
    "Open the Predict page: this run is chosen there.": (
        "예측 페이지를 여세요. 이 실행이 선택되어 있습니다."
    ),
    "Download zip": "zip 내려받기",
    "Config, metrics as CSV and JSON lines, evaluation and the model (.keras).": (
        "설정, 지표(CSV와 JSON lines), 평가 결과, 모델(.keras)."
    ),
    "Stop": "중지",
    "Stopping: the run saves a checkpoint after the current batch.": (
        "중지하는 중: 현재 배치가 끝나면 체크포인트를 저장합니다."
    ),
    "Delete": "삭제",
    "A run that is queued or training cannot be deleted; stop it first.": (
        "대기 중이거나 학습 중인 실행은 삭제할 수 없습니다. 먼저 중지하세요."
    ),
    "Delete run “{name}” for good? Its metrics, checkpoints and model are removed.": (
        "실행 “{name}”을(를) 완전히 삭제할까요? 지표, 체크포인트, 모델이 모두 지워집니다."
    ),
    "Yes, delete": "예, 삭제합니다",
    "Cancel": "취소",
    "Renamed.": "이름을 바꿨습니다.",
    "Tags saved.": "태그를 저장했습니다.",
    "Run {run_id} deleted.": "실행 {run_id}을(를) 삭제했습니다.",
    "The run could not be renamed: {error}": "실행 이름을 바꿀 수 없습니다: {error}",
    "The tags could not be saved: {error}": "태그를 저장할 수 없습니다: {error}",
    "The run was not deleted: {error}": "실행을 삭제하지 않았습니다: {error}",
    "This run folder is damaged and cannot be shown: {problem}": (
        "이 실행 폴더는 손상되어 보여 줄 수 없습니다: {problem}"
    ),
    # The batch-normalization lesson: learning rate, folded run list, recalibration
    "Learning rate": "학습률",
    "0.001 (the tutorial's)": "0.001 (튜토리얼의 값)",
    "0.01 (10x larger steps)": "0.01 (10배 큰 걸음)",
    "Batch normalization lets a network take larger steps: try 0.01 and compare.": (
        "배치 정규화를 쓰면 신경망이 더 큰 걸음으로 학습할 수 있습니다. 0.01로 바꿔 비교해 보세요."
    ),
    "{pairs} pairs: {states}": "{pairs}쌍: {states}",
    "What plain Keras reports": "기본 Keras가 보고하는 값",
    "Adds, dotted, the validation curves measured with the moving averages.": (
        "이동 평균으로 잰 검증 곡선을 점선으로 더합니다."
    ),
    "validation, moving averages": "검증, 이동 평균",
    "While it trains, batch normalization keeps a slow moving average of each layer's mean "
    "and variance (each batch counts for 1%), and plain Keras validates with it: in a short "
    "run it still describes the weights of hundreds of steps ago, so the dotted curves trail "
    "far below what the network has learned.": (
        "배치 정규화는 학습하는 동안 각 층의 평균과 분산을 천천히 움직이는 이동 평균으로 "
        "기억하고(배치 하나가 1%만 반영됩니다), 기본 Keras는 이 값으로 검증합니다. 짧은 "
        "학습에서는 이 평균이 아직 수백 단계 전의 가중치를 반영하므로 점선 곡선은 신경망이 "
        "실제로 배운 것보다 한참 아래에 머뭅니다."
    ),
    "The dashed curves, the saved models and the test accuracy use statistics recomputed "
    "from training images with the current weights before each validation, so they show "
    "what the network has really learned.": (
        "파선 곡선, 저장된 모델, 테스트 정확도는 검증할 때마다 현재 가중치로 학습 이미지에서 "
        "다시 계산한 통계를 쓰므로, 신경망이 실제로 배운 만큼을 보여 줍니다."
    ),
    "Dotted: validation with the moving averages.": "점선: 이동 평균으로 잰 검증.",
}
