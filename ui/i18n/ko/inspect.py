"""Korean text of the Inspect page."""

from __future__ import annotations

INSPECT: dict[str, str] = {
    # pages/inspect.py
    "Look inside a trained model: the patterns its first layer learned, what every layer "
    "makes of one image, where it looks, and which classes it mixes up.": (
        "학습된 모델의 속을 들여다봅니다. 첫 층이 배운 패턴, 각 층이 이미지 한 장을 어떻게 "
        "바꾸는지, 모델이 어디를 보는지, 어떤 클래스를 헷갈리는지 볼 수 있습니다."
    ),
    "Evaluation": "평가",
    "Feature maps": "특성 맵",
    "Filters": "필터",
    "Grad-CAM": "Grad-CAM",
    "Choose an image above to see its feature maps.": "위에서 이미지를 고르면 특성 맵이 보입니다.",
    "Choose an image above to see Grad-CAM.": "위에서 이미지를 고르면 Grad-CAM이 보입니다.",
    # ui/inspect/sections.py
    "Each square is one filter of the first convolution layer, drawn as a tiny RGB image. A "
    "filter is a pattern the layer looks for everywhere in the image: edges at some angle, "
    "color blobs, stripes. Training shaped them; before training they are noise.": (
        "네모 하나가 첫 번째 합성곱 층의 필터 하나이며, 작은 RGB 이미지로 그렸습니다. 필터는 "
        "층이 이미지 전체에서 찾는 패턴입니다. 어떤 각도의 경계, 색 덩어리, 줄무늬 같은 "
        "것입니다. 학습이 이 모양을 만들었고, 학습 전에는 잡음에 가깝습니다."
    ),
    "A feature map is a layer's output for this image: one small picture per channel, bright "
    "where that channel's pattern was found. Early layers respond to edges and colors; deeper "
    "layers are smaller and respond to larger, more abstract parts.": (
        "특성 맵은 이 이미지에 대한 한 층의 출력입니다. 채널마다 작은 그림 하나이고, 그 "
        "채널의 패턴이 발견된 곳이 밝습니다. 앞쪽 층은 경계와 색에 반응하고, 깊은 층은 더 "
        "작으며 더 크고 추상적인 부분에 반응합니다."
    ),
    "Grad-CAM colors the image by how much each place raised the score of a class (red: much, "
    "blue: not at all). It uses the gradients of the class score with respect to the last "
    "convolution block's feature maps, so it shows where the evidence lies.": (
        "Grad-CAM은 이미지의 각 위치가 한 클래스의 점수를 얼마나 높였는지에 따라 색을 "
        "칠합니다 (빨강: 많이, 파랑: 전혀). 마지막 합성곱 블록의 특성 맵에 대한 클래스 점수의 "
        "기울기를 쓰므로, 판단의 근거가 어디에 있는지 보여 줍니다."
    ),
    "The confusion matrix counts, for every true class (row), what the model predicted "
    "(column); the diagonal holds the right answers. Click a cell to see its images.": (
        "혼동 행렬은 실제 클래스(행)마다 모델이 무엇으로 예측했는지(열)를 셉니다. 대각선이 "
        "정답입니다. 칸을 누르면 그 이미지들이 보입니다."
    ),
    "First-layer filters: {n} kernels of {k} x {k}": "첫 층 필터: {k} x {k} 커널 {n}개",
    "This model has no layers with feature maps.": "이 모델에는 특성 맵이 있는 층이 없습니다.",
    "Layer {i} of {n}: **{layer}**, output {h} x {w} x {c} (height x width x channels)": (
        "{n}개 층 중 {i}번째: **{layer}**, 출력 형태 {h} x {w} x {c} (높이 x 너비 x 채널)"
    ),
    "Grad-CAM is drawn for color (3-channel) models only.": (
        "Grad-CAM은 컬러(3채널) 모델에서만 그립니다."
    ),
    "Explain the class": "설명할 클래스",
    "the predicted class": "예측된 클래스",
    "Where the model sees '{name}'": "모델이 '{name}'(을)를 보는 곳",
    "image": "이미지",
    "Evaluating the model on the test images...": "테스트 이미지로 모델을 평가하는 중...",
    "computed now": "지금 계산한 결과",
    "stored with the run": "실행에 저장된 결과",
    "Accuracy": "정확도",
    "Top-5 accuracy": "Top-5 정확도",
    "Loss": "손실",
    "Color by fraction of each true class": "실제 클래스별 비율로 색칠",
    "Confusion matrix (rows: true class, columns: predicted)": (
        "혼동 행렬 (행: 실제 클래스, 열: 예측)"
    ),
    "predicted": "예측",
    "true": "실제",
    "fraction": "비율",
    "images": "이미지 수",
    "**{n}** images of **{true}** predicted as **{pred}**": (
        "**{true}** 이미지 중 **{pred}**(으)로 예측된 **{n}**장"
    ),
    "The first {shown} are shown.": "처음 {shown}장만 보여 줍니다.",
    "Click a cell of the matrix to see its images.": "행렬의 칸을 누르면 그 이미지들이 보입니다.",
    "Per-class precision and recall": "클래스별 정밀도와 재현율",
    "precision": "정밀도",
    "recall (accuracy)": "재현율 (정확도)",
    "Most confident mistakes": "가장 확신한 오답",
    "No mistakes on these test images.": "이 테스트 이미지에서는 틀린 것이 없습니다.",
    "true: {true}; top 3: {top3}": "실제: {true}; 상위 3개: {top3}",
    "{layer}: output {h} x {w} x {c}": "{layer}: 출력 {h} x {w} x {c}",
    " (first {shown} of {c} channels)": " (채널 {c}개 중 처음 {shown}개)",
}
