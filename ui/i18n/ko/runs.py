"""Korean text of the Runs page."""

from __future__ import annotations

RUNS: dict[str, str] = {
    # pages/runs.py
    "Every training run on this computer, newest first. Choose one below to rename it, tag "
    "it, download it as a zip, open it in Compare or Predict, or delete it. Import brings zips "
    "back, from this computer or another.": (
        "이 컴퓨터의 모든 학습 실행입니다(최신순). 아래에서 하나를 골라 이름을 바꾸고, 태그를 "
        "달고, zip으로 내려받고, 비교나 예측에서 열거나, 삭제하세요. 가져오기로 이 컴퓨터나 "
        "다른 컴퓨터의 zip을 다시 들여올 수 있습니다."
    ),
    "There are no runs yet. Train a model, or start the batch normalization experiment.": (
        "아직 실행이 없습니다. 모델을 학습하거나 배치 정규화 실험을 시작하세요."
    ),
    "Train a network": "신경망 학습하기",
    "Batch normalization vs none": "배치 정규화 있음 vs 없음",
    "One run": "실행 하나",
    # ui/runs/actions.py
    "The run could not be renamed: {error}": "실행 이름을 바꿀 수 없습니다: {error}",
    "Renamed.": "이름을 바꿨습니다.",
    "The tags could not be saved: {error}": "태그를 저장할 수 없습니다: {error}",
    "Tags saved.": "태그를 저장했습니다.",
    "Stopping: the run saves a checkpoint after the current batch.": (
        "중지하는 중: 현재 배치가 끝나면 체크포인트를 저장합니다."
    ),
    "The run was not deleted: {error}": "실행을 삭제하지 않았습니다: {error}",
    "Run {run_id} deleted.": "실행 {run_id}을(를) 삭제했습니다.",
    "Delete": "삭제",
    "A run that is queued or training cannot be deleted; stop it first.": (
        "대기 중이거나 학습 중인 실행은 삭제할 수 없습니다. 먼저 중지하세요."
    ),
    "Delete run “{name}” for good? Its metrics, checkpoints and model are removed.": (
        "실행 “{name}”을(를) 완전히 삭제할까요? 지표, 체크포인트, 모델이 모두 지워집니다."
    ),
    "Yes, delete": "예, 삭제합니다",
    "Cancel": "취소",
    "This run folder is damaged and cannot be shown: {problem}": (
        "이 실행 폴더는 손상되어 보여 줄 수 없습니다: {problem}"
    ),
    "Rename": "이름 바꾸기",
    "Tags": "태그",
    "Separate tags with commas, e.g. baseline, batch norm.": (
        "태그는 쉼표로 구분하세요. 예: 기준, 배치 정규화."
    ),
    "Save tags": "태그 저장",
    "Open in Compare": "비교에서 열기",
    "Open in Predict": "예측에서 열기",
    "Open the Predict page: this run is chosen there.": (
        "예측 페이지를 여세요. 이 실행이 선택되어 있습니다."
    ),
    "Download zip": "zip 내려받기",
    "Config, metrics as CSV and JSON lines, evaluation, the model (.keras), its checkpoints "
    "and TensorBoard logs: all that Import needs to bring it back.": (
        "설정, 지표(CSV와 JSONL), 평가 결과, 모델(.keras), 체크포인트, TensorBoard 로그: "
        "가져오기로 되살리는 데 필요한 모든 것."
    ),
    "Imported from {machine} on {date}, from {zip}.": (
        "{date}에 {machine}에서 {zip}(으)로 가져왔습니다."
    ),
    # ui/runs/table.py
    "name": "이름",
    "status": "상태",
    "best accuracy": "최고 정확도",
    "duration": "소요 시간",
    "created": "만든 시각",
    "tags": "태그",
    "network": "신경망",
    "run id": "실행 ID",
    "imported from": "가져온 곳",
    "another computer": "다른 컴퓨터",
    "Best validation accuracy, else best training accuracy.": (
        "최고 검증 정확도이며, 검증이 없으면 최고 학습 정확도입니다."
    ),
    "{count} run folder(s) are damaged and listed as such: {ids}": (
        "실행 폴더 {count}개가 손상되어 그렇게 표시됩니다: {ids}"
    ),
    "{count} runs, {active} queued or training.": "실행 {count}개, 대기 또는 학습 중 {active}개.",
    "Run": "실행",
    # ui/runs/importing.py
    "{zip}: already imported as run {run_id}; nothing changed.": (
        "{zip}: 이미 실행 {run_id}(으)로 가져와 있습니다. 바뀐 것은 없습니다."
    ),
    "{zip}: imported as run {run_id}; its id {original_id} belongs to a different run here, "
    "so it got a new one.": (
        "{zip}: 실행 {run_id}(으)로 가져왔습니다. 원래 ID {original_id}은(는) 이 컴퓨터의 다른 "
        "실행이 쓰고 있어 새 ID를 붙였습니다."
    ),
    "{zip}: imported as run {run_id}.": "{zip}: 실행 {run_id}(으)로 가져왔습니다.",
    "Import runs": "실행 가져오기",
    "Zips made by Download zip": "'zip 내려받기'로 만든 zip 파일",
    "Each zip is checked before anything is written: a bad one is refused whole. Up to "
    "{limit} MB each; import bigger ones with python -m alexnet import.": (
        "zip마다 아무것도 쓰기 전에 먼저 검사하며, 문제가 있는 zip은 통째로 거부합니다. 파일당 "
        "최대 {limit} MB이며, 더 큰 것은 `python -m alexnet import`로 가져오세요."
    ),
    "Import": "가져오기",
    "Checking and importing...": "검사하고 가져오는 중...",
}
