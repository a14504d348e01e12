"""Korean text of the Predict and Inspect pages (merged into `ui.i18n.KO`)."""

from __future__ import annotations

KO_INSPECT: dict[str, str] = {
    # Model chooser
    "finished": "완료",
    "stopped": "중지됨",
    "Pretrained: {name}": "사전 학습: {name}",
    "Shipped: {name} ({accuracy} test accuracy)": "기본 제공: {name} (테스트 정확도 {accuracy})",
    "Run: {name} ({state}, {epochs} epochs)": "실행: {name} ({state}, {epochs} 에포크)",
    "There is no trained model yet. Train a model on the Train page first; "
    "it appears here when it has finished or was stopped.": (
        "아직 학습된 모델이 없습니다. 먼저 학습 페이지에서 모델을 학습하세요. "
        "학습이 끝나거나 중지되면 여기에 나타납니다."
    ),
    "Finished or stopped training runs, and the pretrained models shipped with the app.": (
        "끝났거나 중지된 학습 실행과, 앱에 함께 들어 있는 사전 학습 모델입니다."
    ),
    "Loading the model...": "모델을 불러오는 중...",
    "The runs folder could not be read: {error}": "실행 기록 폴더를 읽을 수 없습니다: {error}",
    "This model could not be loaded: {error}": "이 모델을 불러올 수 없습니다: {error}",
    "class {n}": "클래스 {n}",
    "These runs could not be read and are left out: {runs}": (
        "다음 실행은 읽을 수 없어 목록에서 뺐습니다: {runs}"
    ),
    # Gallery and uploads
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
    "Show test images of": "보여 줄 테스트 이미지의 클래스",
    "all classes": "모든 클래스",
    "Other images": "다른 이미지",
    "test image {n}": "테스트 이미지 {n}",
    # Predict
    "Pick a model, then click a test image or upload your own photo: the model names the "
    "five classes it finds most likely.": (
        "모델을 고른 다음 테스트 이미지를 누르거나 직접 사진을 올리세요. "
        "모델이 가장 그럴듯하다고 보는 다섯 클래스를 알려 줍니다."
    ),
    "Mode": "방식",
    "One image": "이미지 한 장",
    "Random batch of 20": "무작위 20장",
    "original: {name}, {w} x {h} pixels": "원본: {name}, {w} x {h} 픽셀",
    "model input: {w} x {h} pixels": "모델 입력: {w} x {h} 픽셀",
    "Right: {guess} is the true class.": "정답: {guess}이(가) 실제 클래스입니다.",
    "Wrong: the model says {guess}; the true class is {true}.": (
        "오답: 모델은 {guess}(이)라고 했지만 실제 클래스는 {true}입니다."
    ),
    "The model says: {guess}. (The true class of an upload is unknown.)": (
        "모델의 답: {guess}. (올린 이미지의 실제 클래스는 알 수 없습니다.)"
    ),
    "The bars are the softmax output: how sure the model is of each class. "
    "Green marks the true class, red a wrong first guess.": (
        "막대는 소프트맥스 출력, 즉 모델이 각 클래스를 얼마나 확신하는지입니다. "
        "초록색은 실제 클래스, 빨간색은 틀린 첫 번째 답입니다."
    ),
    "New random batch": "새 무작위 묶음",
    "Right in this batch": "이 묶음의 정답 수",
    "true: {name}": "실제: {name}",
    "Top {k} predictions": "상위 {k}개 예측",
    "(true class: {name})": "(실제 클래스: {name})",
    # Inspect
    "Look inside a trained model: the patterns its first layer learned, what every layer "
    "makes of one image, where it looks, and which classes it mixes up.": (
        "학습된 모델의 속을 들여다봅니다. 첫 층이 배운 패턴, 각 층이 이미지 한 장을 어떻게 "
        "바꾸는지, 모델이 어디를 보는지, 어떤 클래스를 헷갈리는지 볼 수 있습니다."
    ),
    "Filters": "필터",
    "Feature maps": "특성 맵",
    "Grad-CAM": "Grad-CAM",
    "Evaluation": "평가",
    "Choose an image above to see its feature maps.": "위에서 이미지를 고르면 특성 맵이 보입니다.",
    "Choose an image above to see Grad-CAM.": "위에서 이미지를 고르면 Grad-CAM이 보입니다.",
    "Each square is one filter of the first convolution layer, drawn as a tiny RGB image. "
    "A filter is a pattern the layer looks for everywhere in the image: edges at some "
    "angle, color blobs, stripes. Training shaped them; before training they are noise.": (
        "네모 하나가 첫 번째 합성곱 층의 필터 하나이며, 작은 RGB 이미지로 그렸습니다. "
        "필터는 층이 이미지 전체에서 찾는 패턴입니다. 어떤 각도의 경계, 색 덩어리, 줄무늬 같은 "
        "것입니다. 학습이 이 모양을 만들었고, 학습 전에는 잡음에 가깝습니다."
    ),
    "A feature map is a layer's output for this image: one small picture per channel, bright "
    "where that channel's pattern was found. Early layers respond to edges and colors; deeper "
    "layers are smaller and respond to larger, more abstract parts.": (
        "특성 맵은 이 이미지에 대한 한 층의 출력입니다. 채널마다 작은 그림 하나이고, 그 채널의 "
        "패턴이 발견된 곳이 밝습니다. 앞쪽 층은 경계와 색에 반응하고, 깊은 층은 더 작으며 "
        "더 크고 추상적인 부분에 반응합니다."
    ),
    "Grad-CAM colors the image by how much each place raised the score of a class (red: "
    "much, blue: not at all). It uses the gradients of the class score with respect to the "
    "last convolution block's feature maps, so it shows where the evidence lies.": (
        "Grad-CAM은 이미지의 각 위치가 한 클래스의 점수를 얼마나 높였는지에 따라 색을 칠합니다 "
        "(빨강: 많이, 파랑: 전혀). 마지막 합성곱 블록의 특성 맵에 대한 클래스 점수의 기울기를 "
        "쓰므로, 판단의 근거가 어디에 있는지 보여 줍니다."
    ),
    "The confusion matrix counts, for every true class (row), what the model predicted "
    "(column); the diagonal holds the right answers. Click a cell to see its images.": (
        "혼동 행렬은 실제 클래스(행)마다 모델이 무엇으로 예측했는지(열)를 셉니다. 대각선이 "
        "정답입니다. 칸을 누르면 그 이미지들이 보입니다."
    ),
    "Layer": "층",
    "Layer {i} of {n}: **{layer}**, output {h} x {w} x {c} (height x width x channels)": (
        "{n}개 층 중 {i}번째: **{layer}**, 출력 형태 {h} x {w} x {c} (높이 x 너비 x 채널)"
    ),
    "This model has no layers with feature maps.": "이 모델에는 특성 맵이 있는 층이 없습니다.",
    "First-layer filters: {n} kernels of {k} x {k}": "첫 층 필터: {k} x {k} 커널 {n}개",
    "Explain the class": "설명할 클래스",
    "the predicted class": "예측된 클래스",
    "Where the model sees '{name}'": "모델이 '{name}'(을)를 보는 곳",
    "Grad-CAM is drawn for color (3-channel) models only.": (
        "Grad-CAM은 컬러(3채널) 모델에서만 그립니다."
    ),
    "Evaluating the model on the test images...": "테스트 이미지로 모델을 평가하는 중...",
    "stored with the run": "실행에 저장된 결과",
    "computed now": "지금 계산한 결과",
    "Accuracy": "정확도",
    "Top-5 accuracy": "Top-5 정확도",
    "Loss": "손실",
    "Color by fraction of each true class": "실제 클래스별 비율로 색칠",
    "Confusion matrix (rows: true class, columns: predicted)": (
        "혼동 행렬 (행: 실제 클래스, 열: 예측)"
    ),
    "**{n}** images of **{true}** predicted as **{pred}**": (
        "**{true}** 이미지 중 **{pred}**(으)로 예측된 **{n}**장"
    ),
    "Click a cell of the matrix to see its images.": "행렬의 칸을 누르면 그 이미지들이 보입니다.",
    "Per-class precision and recall": "클래스별 정밀도와 재현율",
    "Most confident mistakes": "가장 확신한 오답",
    "The first {shown} are shown.": "처음 {shown}장만 보여 줍니다.",
    "image": "이미지",
    "predicted": "예측",
    "true": "실제",
    "fraction": "비율",
    "images": "이미지 수",
    "precision": "정밀도",
    "recall (accuracy)": "재현율 (정확도)",
    "No mistakes on these test images.": "이 테스트 이미지에서는 틀린 것이 없습니다.",
    "true: {true}; top 3: {top3}": "실제: {true}; 상위 3개: {top3}",
}
