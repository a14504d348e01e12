"""Korean text of the Train page."""

from __future__ import annotations

TRAIN: dict[str, str] = {
    # pages/train.py
    "Choose a network, the images and a recipe, then press Start. Training runs in the "
    "background: the progress below updates every two seconds and the curves every few "
    "seconds, and you can close the page or open it in another tab without stopping it.": (
        "네트워크, 이미지, 학습 방법을 고른 뒤 시작을 누르세요. 학습은 백그라운드에서 "
        "진행되며 아래 진행 상황은 2초마다, 곡선은 몇 초마다 갱신됩니다. 페이지를 닫거나 다른 "
        "탭에서 열어도 학습은 멈추지 않습니다."
    ),
    "Network, data and training settings": "네트워크, 데이터, 학습 설정",
    "Check the training settings: {error}": "학습 설정을 확인하세요: {error}",
    "Start training": "학습 시작",
    "Random-data sanity test": "무작위 데이터 점검 테스트",
    # ui/train/data.py
    "CIFAR-10 (best copy found)": "CIFAR-10 (찾은 것 중 최선)",
    "Shipped sample": "제공 샘플",
    "Connecting…": "연결하는 중…",
    "{done:.1f} of {total:.1f} MB at {speed:.1f} MB/s": (
        "{total:.1f} MB 중 {done:.1f} MB, 초당 {speed:.1f} MB"
    ),
    "The download failed: {error}. Check the internet connection and try again; a partial "
    "download is resumed.": (
        "내려받기에 실패했습니다: {error}. 인터넷 연결을 확인하고 다시 시도하세요. 받다 만 "
        "파일은 이어서 받습니다."
    ),
    "Done: {mb:.1f} MB in {seconds:.0f} s": "완료: {seconds:.0f}초 동안 {mb:.1f} MB",
    "Images": "이미지",
    "CIFAR-10 has 50,000 training and 10,000 test photos of 10 classes, 32x32 pixels each. "
    "The shipped sample is a small part of it that is always available, even offline: good "
    "for a quick first run.": (
        "CIFAR-10은 10개 클래스의 32x32 픽셀 사진으로, 학습용 50,000장과 테스트용 10,000장이 "
        "있습니다. 함께 제공되는 샘플은 그 일부로, 오프라인에서도 항상 쓸 수 있어 빠른 첫 "
        "실행에 좋습니다."
    ),
    "CIFAR-10 path (optional)": "CIFAR-10 경로 (선택)",
    "The official cifar-10-python.tar.gz archive or its extracted cifar-10-batches-py folder. "
    "Empty: the CIFAR10_PATH environment variable, then Keras' download cache, then the "
    "shipped sample.": (
        "공식 cifar-10-python.tar.gz 압축 파일 또는 압축을 푼 cifar-10-batches-py 폴더입니다. "
        "비워 두면 CIFAR10_PATH 환경 변수, Keras 다운로드 캐시, 제공 샘플 순서로 찾습니다."
    ),
    "Looking for the images…": "이미지를 찾는 중…",
    "These images cannot be used: {error}": "이 이미지는 사용할 수 없습니다: {error}",
    "In use: {description}": "사용 중: {description}",
    "The full CIFAR-10 was not found, so the shipped sample is used. Download it (about 163 "
    "MB) or type the path of a copy you have.": (
        "전체 CIFAR-10을 찾지 못해 제공 샘플을 사용합니다. 내려받거나(약 163 MB) 가지고 있는 "
        "사본의 경로를 입력하세요."
    ),
    "Download CIFAR-10": "CIFAR-10 내려받기",
    # ui/train/run_panel.py
    "time (s)": "시간 (초)",
    "logged": "기록값",
    "smoothed": "평활화",
    "Waiting for the first metrics…": "첫 측정값을 기다리는 중…",
    "Starting: loading TensorFlow and the images…": "시작 중: TensorFlow와 이미지를 불러오는 중…",
    "Epoch {epoch}/{epochs} · step {step}/{steps} · {speed:,.0f} images/s · {left} left": (
        "에포크 {epoch}/{epochs} · 단계 {step}/{steps} · 초당 {speed:,.0f}장 · 남은 시간 {left}"
    ),
    "Resume": "이어서 학습",
    "Data: {description}": "데이터: {description}",
    "Queued: place {place} in line. It starts when the run before it ends.": (
        "대기 중: {place}번째 순서입니다. 앞의 학습이 끝나면 시작합니다."
    ),
    "The run ended early: {error}": "학습이 일찍 끝났습니다: {error}",
    "Stopping after the current batch and saving a checkpoint…": (
        "현재 배치가 끝나면 멈추고 체크포인트를 저장하는 중…"
    ),
    "Training accuracy": "학습 정확도",
    "Test accuracy": "테스트 정확도",
    "Chance accuracy (1/{n})": "우연 정확도 (1/{n})",
    "Guessing at random is right this often. On random noise a network cannot do better on "
    "the test images: there is nothing to learn.": (
        "무작위로 찍으면 이만큼 맞습니다. 무작위 잡음에서는 배울 것이 없으므로 네트워크도 "
        "테스트 이미지에서 이보다 잘할 수 없습니다."
    ),
    "This run was deleted.": "이 학습 기록은 삭제되었습니다.",
    "No metrics were logged.": "기록된 측정값이 없습니다.",
    "X axis": "X 축",
    "Smoothing": "평활화",
    "No runs yet: press Start to train the network.": (
        "아직 학습 기록이 없습니다. 시작을 눌러 네트워크를 학습하세요."
    ),
    # ui/train/sanity.py
    "Random {h}x{w}x{c} images with random labels over {n} classes: the network runs end to "
    "end, but nothing can be learned from noise, so test accuracy stays near chance, 1/{n} = "
    "{chance:.2%}.": (
        "클래스 {n}개에 대한 무작위 레이블이 붙은 무작위 {h}x{w}x{c} 이미지입니다. 네트워크는 "
        "처음부터 끝까지 돌아가지만 잡음에서는 배울 것이 없으므로, 테스트 정확도는 우연 "
        "수준인 1/{n} = {chance:.2%} 근처에 머뭅니다."
    ),
    "Random images": "무작위 이미지 수",
    "At most {largest:,} images of this size fit in memory.": (
        "이 크기의 이미지는 최대 {largest:,}장까지 메모리에 들어갑니다."
    ),
    "Batch size": "배치 크기 (batch_size)",
    "About {mb:,.0f} MB of training images in memory; at most {largest:,} fit.": (
        "메모리의 학습 이미지 약 {mb:,.0f} MB. 최대 {largest:,}장까지 들어갑니다."
    ),
    "Not even one random image of this size fits in memory.": (
        "이 크기의 무작위 이미지는 한 장도 메모리에 들어가지 않습니다."
    ),
    "Start the sanity test": "점검 테스트 시작",
    "{name} on random data": "{name} (무작위 데이터)",
    # ui/train/settings.py
    "Network": "네트워크",
    "From the Build page: {name}": "만들기 페이지에서: {name}",
    "Change the network on the Build page, or pick one of the tutorial's three.": (
        "만들기 페이지에서 네트워크를 바꾸거나 튜토리얼의 세 네트워크 중 하나를 고르세요."
    ),
    "Input {h}x{w}x{c}, {classes} classes": "입력 {h}x{w}x{c}, 클래스 {classes}개",
    "Training": "학습",
    "Tutorial": "튜토리얼 방법",
    "Recommended": "추천 방법",
    "Fast": "빠른 방법",
    "The tutorial recipe reproduces the tutorial (Adam, batches of 32, 5 epochs). The "
    "recommended one uses batches of 128 (fewer, larger steps keep the processor busy), a "
    "learning rate that warms up and then decays (one-cycle), and random flips and crops so "
    "the network cannot memorize the photos, for 15 epochs. The fast one is the same fitted "
    "to 10 epochs, with stronger weight decay and smaller crops, on all the training images "
    "(no validation curve): within a lesson. The command line names them the same: --recipe "
    "tutorial, recommended or fast.": (
        "튜토리얼 방법은 튜토리얼을 그대로 재현합니다(Adam, 32장 배치, 5 에포크). 추천 방법은 "
        "128장 배치(더 적고 큰 단계로 프로세서를 쉬지 않게 함), 서서히 올랐다가 줄어드는 "
        "학습률(원 사이클), 사진을 외우지 못하도록 무작위 뒤집기와 자르기를 15 에포크 동안 "
        "씁니다. 빠른 방법은 같은 방법을 10 에포크에 맞추고 가중치 감쇠를 키우고 자르기를 "
        "줄이고 학습 이미지를 모두 쓴 것으로(검증 곡선 없음), 수업 시간 안에 끝납니다. "
        "명령줄에서도 같은 이름을 씁니다: `--recipe tutorial`, `recommended`, `fast`."
    ),
    "An epoch is one pass over every training image. A batch is the group of images the "
    "network sees before it updates its weights once: bigger batches mean fewer, steadier "
    "updates per epoch.": (
        "에포크는 모든 학습 이미지를 한 번씩 보는 것입니다. 배치는 네트워크가 가중치를 한 번 "
        "갱신하기 전에 보는 이미지 묶음으로, 배치가 클수록 에포크당 갱신은 적어지고 더 "
        "안정적입니다."
    ),
    "Optimizer": "옵티마이저 (optimizer)",
    "The learning rate is the size of each weight update. Too small and learning crawls; too "
    "large and the loss jumps around or becomes NaN.": (
        "학습률은 가중치를 한 번 갱신하는 크기입니다. 너무 작으면 학습이 느리고, 너무 크면 "
        "손실이 요동치거나 NaN이 됩니다."
    ),
    "Training images (0 = all)": "학습 이미지 수 (0 = 전체)",
    "Train on fewer images for a quick experiment.": (
        "빠른 실험을 위해 더 적은 이미지로 학습합니다."
    ),
    "Validation split": "검증 비율 (validation_split)",
    "The share of the training images held out to measure accuracy on images the network has "
    "not trained on.": (
        "학습하지 않은 이미지로 정확도를 재기 위해 학습 이미지에서 떼어 두는 비율입니다."
    ),
    "More settings": "설정 더 보기",
    "Learning-rate schedule": "학습률 스케줄",
    "Weight decay": "가중치 감쇠 (weight_decay)",
    "Label smoothing": "레이블 스무딩 (label_smoothing)",
    "Crop padding (pixels, 0 = off)": "자르기 패딩 (픽셀, 0 = 끔)",
    "Early stopping patience (epochs, 0 = off)": "조기 종료 인내 (에포크, 0 = 끔)",
    "Seed": "시드",
    "Log every N batches": "N 배치마다 기록",
    "Random horizontal flips": "무작위 좌우 뒤집기",
    "Stratified subset (equal per class)": "층화 부분집합 (클래스마다 같은 수)",
    "Batch-norm recalibration images (0 = off)": "배치 정규화 재보정 이미지 수 (0 = 끔)",
    "Look inside: records per epoch (0 = off)": "내부 들여다보기: 에포크당 기록 수 (0 = 끔)",
    "Records, this many times an epoch and before the first step, what each layer's "
    "activation receives, the gradients and the loss along the gradient, on a fixed batch "
    "of 32 training images. Compare draws them; each record costs about three training "
    "steps of 32 images.": (
        "에포크마다 이 횟수만큼, 그리고 첫 단계 전에, 각 층의 활성화 함수가 받는 값, 기울기, "
        "기울기 방향의 손실을 학습 이미지 32장의 고정된 배치로 기록합니다. 비교 페이지가 이를 "
        "그립니다. 기록 한 번에 32장짜리 학습 단계 약 세 번의 시간이 듭니다."
    ),
    "Before each validation and checkpoint, batch normalization's moving mean and variance "
    "are recomputed from this many training images with the current weights. Off, a short run "
    "is judged with averages that lag far behind the weights (what plain Keras reports).": (
        "검증과 체크포인트 저장 전마다, 배치 정규화의 이동 평균과 이동 분산을 현재 가중치로 "
        "이만큼의 학습 이미지에서 다시 계산합니다. 끄면 짧은 학습은 가중치보다 한참 뒤처진 "
        "평균으로 평가됩니다(기본 Keras가 보고하는 값)."
    ),
    "Mixed precision (16-bit arithmetic)": "혼합 정밀도 (16비트 연산)",
    "Computes in 16 bits (bfloat16 on a processor that has it, float16 on a GPU) and keeps "
    "the weights in 32 bits: about 1.4x faster on a processor with bfloat16, for a few tenths "
    "of a point of accuracy. Off reproduces the tutorial exactly.": (
        "16비트로 계산하고(bfloat16을 지원하는 프로세서에서는 bfloat16, GPU에서는 float16) "
        "가중치는 32비트로 유지합니다. bfloat16을 지원하는 프로세서에서 약 1.4배 빠르고, "
        "정확도는 0.몇 퍼센트포인트 낮아집니다. 끄면 튜토리얼을 그대로 재현합니다."
    ),
    "Mixed precision needs a GPU or a processor with bfloat16 arithmetic (AVX512_BF16 or "
    "AMX); this one has neither, so it would make training slower.": (
        "혼합 정밀도에는 GPU나 bfloat16 연산을 지원하는 프로세서(AVX512_BF16 또는 AMX)가 "
        "필요합니다. 이 컴퓨터에는 둘 다 없어서 오히려 학습이 느려집니다."
    ),
    # ui/train/start.py
    "The run could not be started: {error}": "학습을 시작할 수 없습니다: {error}",
    "The random-data sanity test below makes images of the network's own size.": (
        "아래의 무작위 데이터 점검 테스트는 신경망 자신의 크기로 이미지를 만듭니다."
    ),
    "Another run is training: this one waits in the queue.": (
        "다른 학습이 진행 중이라 이 학습은 대기열에서 기다립니다."
    ),
    "constant": "고정",
    "step decay": "계단식 감소",
    "cosine decay": "코사인 감소",
    "one cycle": "원 사이클",
}
