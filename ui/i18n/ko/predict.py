"""Korean text of the Predict page."""

from __future__ import annotations

PREDICT: dict[str, str] = {
    # pages/predict.py
    "Pick a model, then click a test image or upload your own photo: the model names the five "
    "classes it finds most likely.": (
        "모델을 고른 다음 테스트 이미지를 누르거나 직접 사진을 올리세요. 모델이 가장 "
        "그럴듯하다고 보는 다섯 클래스를 알려 줍니다."
    ),
    "Mode": "방식",
    "One image": "이미지 한 장",
    "Random batch of 20": "무작위 20장",
    # ui/predict/prediction.py
    "The model says: {guess}. (The true class of an upload is unknown.)": (
        "모델의 답: {guess}. (올린 이미지의 실제 클래스는 알 수 없습니다.)"
    ),
    "Right: {guess} is the true class.": "정답: {guess}이(가) 실제 클래스입니다.",
    "Wrong: the model says {guess}; the true class is {true}.": (
        "오답: 모델은 {guess}(이)라고 했지만 실제 클래스는 {true}입니다."
    ),
    "original: {name}, {w} x {h} pixels": "원본: {name}, {w} x {h} 픽셀",
    "model input: {w} x {h} pixels": "모델 입력: {w} x {h} 픽셀",
    "Top {k} predictions": "상위 {k}개 예측",
    "(true class: {name})": "(실제 클래스: {name})",
    "The bars are the softmax output: how sure the model is of each class. Green marks the "
    "true class, red a wrong first guess.": (
        "막대는 소프트맥스 출력, 즉 모델이 각 클래스를 얼마나 확신하는지입니다. 초록색은 실제 "
        "클래스, 빨간색은 틀린 첫 번째 답입니다."
    ),
    "New random batch": "새 무작위 묶음",
    "Right in this batch": "이 묶음의 정답 수",
    "true: {name}": "실제: {name}",
}
