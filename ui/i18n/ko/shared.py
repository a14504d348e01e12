"""Korean text of what every page shares: menu, sidebar, run states,
durations, and the model and image pickers of Predict and Inspect."""

from __future__ import annotations

SHARED: dict[str, str] = {
    # app.py
    "Home": "홈",
    "Build": "만들기",
    "Train": "학습",
    "Compare": "비교",
    "Predict": "예측",
    "Runs": "실행 기록",
    "Inspect": "들여다보기",
    # pages/compare.py
    "The runs folder could not be read: {error}": "실행 기록 폴더를 읽을 수 없습니다: {error}",
    # ui/build/widgets.py
    "Model": "모델",
    "Name": "이름",
    # ui/compare/experiment.py
    "Epochs": "에포크 수",
    "Learning rate": "학습률",
    "Layer": "층",
    # ui/compare/overlay.py
    "parameters": "파라미터",
    "validation": "검증",
    "epoch": "에포크",
    "step": "스텝",
    "loss": "손실",
    "accuracy": "정확도",
    # ui/home/sections.py
    "Data": "데이터",
    "input": "입력",
    "{count:,} values": "값 {count:,}개",
    # ui/image_picker.py
    "test image {n}": "테스트 이미지 {n}",
    "Show test images of": "보여 줄 테스트 이미지의 클래스",
    "all classes": "모든 클래스",
    "Other images": "다른 이미지",
    "Image": "이미지",
    "Test images": "테스트 이미지",
    "Upload your own": "직접 올리기",
    "An image file (PNG, JPEG, ...; any size): it is cropped to a square and resized": (
        "이미지 파일 (PNG, JPEG 등, 크기 무관): 정사각형으로 잘라 크기를 맞춥니다"
    ),
    "Upload an image to see what the model makes of it.": (
        "이미지를 올리면 모델이 그것을 무엇으로 보는지 알 수 있습니다."
    ),
    "This file could not be used: {error}": "이 파일은 사용할 수 없습니다: {error}",
    "Test images: click one": "테스트 이미지: 하나를 누르세요",
    "{problem} The gallery shows the shipped sample's test images.": (
        "{problem} 갤러리에는 함께 들어 있는 표본의 테스트 이미지를 보여 줍니다."
    ),
    "class {n}": "클래스 {n}",
    # ui/model_picker.py
    "Shipped: {name} ({accuracy} test accuracy)": "기본 제공: {name} (테스트 정확도 {accuracy})",
    "Pretrained: {name}": "사전 학습: {name}",
    "Run: {name} ({state}, {epochs} epochs)": "실행: {name} ({state}, {epochs} 에포크)",
    "There is no trained model yet. Train a model on the Train page first; it appears here "
    "when it has finished or was stopped.": (
        "아직 학습된 모델이 없습니다. 먼저 학습 페이지에서 모델을 학습하세요. 학습이 끝나거나 "
        "중지되면 여기에 나타납니다."
    ),
    "These runs could not be read and are left out: {runs}": (
        "다음 실행은 읽을 수 없어 목록에서 뺐습니다: {runs}"
    ),
    "Finished or stopped training runs, and the pretrained models shipped with the app.": (
        "끝났거나 중지된 학습 실행과, 앱에 함께 들어 있는 사전 학습 모델입니다."
    ),
    "Loading the model...": "모델을 불러오는 중...",
    "This model could not be loaded: {error}": "이 모델을 불러올 수 없습니다: {error}",
    # ui/runs/actions.py
    "Stop": "중지",
    # ui/sidebar.py
    "Language": "언어",
    "Large font for projectors": "프로젝터용 큰 글꼴",
    "Makes all text bigger so it can be read from the back of a classroom.": (
        "교실 뒤쪽에서도 읽을 수 있도록 모든 글자를 크게 합니다."
    ),
    # ui/train/run_panel.py
    "training": "학습",
    # ui/words.py
    "airplane": "비행기",
    "automobile": "자동차",
    "bird": "새",
    "cat": "고양이",
    "deer": "사슴",
    "dog": "개",
    "frog": "개구리",
    "horse": "말",
    "ship": "배",
    "truck": "트럭",
    "queued": "대기 중",
    "stopping": "중지하는 중",
    "failed": "실패",
    "finished": "완료",
    "stopped": "중지됨",
    "damaged": "손상됨",
    "interrupted": "중단됨",
    "unknown": "알 수 없음",
    "{hours} h {minutes:02d} min": "{hours}시간 {minutes:02d}분",
    "{minutes} min {seconds:02d} s": "{minutes}분 {seconds:02d}초",
    "{seconds} s": "{seconds}초",
    "epoch {epoch} of {epochs}": "에포크 {epoch}/{epochs}",
    "Another computer started this run: only that computer, or the one the app runs on, "
    "can stop, resume, rename or delete it.": (
        "다른 컴퓨터가 시작한 실행입니다. 그 컴퓨터나 앱이 실행 중인 컴퓨터만 이 실행을 멈추거나, "
        "이어 하거나, 이름을 바꾸거나, 지울 수 있습니다."
    ),
}
