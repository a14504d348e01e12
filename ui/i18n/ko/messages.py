"""Korean text of what the core writes for the pages: the templates of
`alexnet.config.checks.ConfigError` and `alexnet.config.messages.Message`, and the words the
checks put in them."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # alexnet/analysis/images.py
    "{path}: {problem}": "{path}: {problem}",
    "The image is {width} x {height} pixels, more than the {limit} megapixel limit; use a "
    "smaller image.": (
        "이미지가 {width} x {height} 픽셀로 {limit}메가픽셀 한도를 넘습니다. 더 작은 이미지를 "
        "쓰세요."
    ),
    "The file is empty; expected an image (PNG, JPEG, GIF, BMP, WebP...).": (
        "파일이 비어 있습니다. 이미지(PNG, JPEG, GIF, BMP, WebP 등)를 올리세요."
    ),
    "The image is far too large to decode; use a smaller image.": (
        "이미지가 너무 커서 풀 수 없습니다. 더 작은 이미지를 쓰세요."
    ),
    "The file is not an image Pillow can read; expected PNG, JPEG, GIF, BMP, WebP or TIFF.": (
        "읽을 수 있는 이미지 파일이 아닙니다. PNG, JPEG, GIF, BMP, WebP, TIFF 파일을 올리세요."
    ),
    "The image could not be decoded; the file may be truncated or damaged.": (
        "이미지를 풀 수 없습니다. 파일이 잘렸거나 손상되었을 수 있습니다."
    ),
    "There is no image file {path}.": "이미지 파일 {path}이(가) 없습니다.",
    "{path} is a folder, not an image file.": "{path}은(는) 이미지 파일이 아니라 폴더입니다.",
    "The image file {path} cannot be read ({reason}).": (
        "이미지 파일 {path}을(를) 읽을 수 없습니다({reason})."
    ),
    "{path} is {size:,} bytes; an image may be at most {limit:,} bytes (20 MB).": (
        "{path}은(는) {size:,}바이트입니다. 이미지는 최대 {limit:,}바이트(20 MB)입니다."
    ),
    # alexnet/config/checks.py
    "{where}: {name} must be a whole number, got {value}.": (
        "{where}: {name}은(는) 정수여야 하는데 {value}입니다."
    ),
    "{where}: {name}={value} is out of range; use a value from {low} to {high}.": (
        "{where}: {name}={value}은(는) 범위를 벗어났습니다. {low}부터 {high} 사이의 값을 쓰세요."
    ),
    "{where}: {name} must be a finite number, got {value}.": (
        "{where}: {name}은(는) 유한한 수여야 하는데 {value}입니다."
    ),
    "{where}: {name}={value} is not supported; choose one of {choices}.": (
        "{where}: {name}={value}은(는) 지원하지 않습니다. {choices} 중에서 고르세요."
    ),
    "{where}: {name} must be true or false, got {value}.": (
        "{where}: {name}은(는) true 또는 false여야 하는데 {value}입니다."
    ),
    "{text} {hint}": "{text} {hint}",
    # alexnet/config/messages.py: the words of `where` and `name`
    "model": "모델",
    "conv block": "합성곱 블록",
    "dense block": "완전 연결 블록",
    "The spec": "설계",
    "data": "데이터",
    "input height": "입력 높이",
    "input width": "입력 너비",
    "input channels": "입력 채널",
    "running": "학습 중",
    # alexnet/config/spec.py
    "{where}: dropout_rate={value} is out of range; use 0 (no dropout) up to {high}.": (
        "{where}: dropout_rate={value}은(는) 범위를 벗어났습니다. 0(드롭아웃 없음)부터 "
        "{high}까지 쓰세요."
    ),
    "{where}: name must be a non-empty text, got {value}.": (
        "{where}: 이름은 비어 있지 않은 글자여야 하는데 {value}입니다."
    ),
    "{where}: name must be at most {high} printable characters.": (
        "{where}: 이름은 출력 가능한 글자 {high}자 이하여야 합니다."
    ),
    "{where}: input_shape must be (height, width, channels), got {value}.": (
        "{where}: input_shape은(는) (높이, 너비, 채널)이어야 하는데 {value}입니다."
    ),
    "{where}: has {value} conv blocks; use 1 to {high}.": (
        "{where}: 합성곱 블록이 {value}개입니다. 1개에서 {high}개 사이로 쓰세요."
    ),
    "{where}: has {value} dense blocks; use 0 to {high}.": (
        "{where}: 완전 연결 블록이 {value}개입니다. 0개에서 {high}개 사이로 쓰세요."
    ),
    # alexnet/config/spec_json.py
    "{where} must be a JSON object {{...}}, got {kind}.": (
        "{where}은(는) JSON 객체 {{...}}여야 하는데 {kind}입니다."
    ),
    "{where} has unknown field(s) {fields}; allowed fields are {allowed}.": (
        "{where}에 알 수 없는 항목 {fields}이(가) 있습니다. 쓸 수 있는 항목: {allowed}."
    ),
    "{where} is missing required field(s) {fields}.": (
        "{where}에 꼭 필요한 항목 {fields}이(가) 없습니다."
    ),
    "{where}: {key} must be a JSON list [...], got {kind}.": (
        "{where}: {key}은(는) JSON 목록 [...]이어야 하는데 {kind}입니다."
    ),
    "{where}: input_shape must be a list [height, width, channels], got {value}.": (
        "{where}: input_shape은(는) [높이, 너비, 채널] 목록이어야 하는데 {value}입니다."
    ),
    "This spec has format_version {value}; this version of AlexNet Lab reads format_version "
    "{expected}.": (
        "이 설계의 format_version은 {value}입니다. 이 버전의 AlexNet 실습실은 format_version "
        "{expected}을(를) 읽습니다."
    ),
    "{where}: {problem}": "{where}: {problem}",
    "This spec file is {size:,} bytes; a spec is at most {limit:,} bytes. Use the JSON that "
    "the Build page downloads.": (
        "이 설계 파일은 {size:,}바이트입니다. 설계는 최대 {limit:,}바이트입니다. 만들기 "
        "페이지에서 내려받은 JSON을 쓰세요."
    ),
    "This spec file is not UTF-8 text; use a .json file.": (
        "이 설계 파일은 UTF-8 텍스트가 아닙니다. .json 파일을 쓰세요."
    ),
    "This is not valid JSON (line {line}, column {column}: {reason}).": (
        "올바른 JSON이 아닙니다({line}번째 줄, {column}번째 칸: {reason})."
    ),
    "This JSON is nested too deeply to be a spec.": (
        "이 JSON은 너무 깊게 중첩되어 설계일 수 없습니다."
    ),
    "There is no spec file {path}; give the path of a .json spec.": (
        "설계 파일 {path}이(가) 없습니다. .json 설계 파일의 경로를 주세요."
    ),
    "{path} is a folder, not a spec file; give the path of a .json spec.": (
        "{path}은(는) 설계 파일이 아니라 폴더입니다. .json 설계 파일의 경로를 주세요."
    ),
    "The spec file {path} cannot be read ({reason}).": (
        "설계 파일 {path}을(를) 읽을 수 없습니다({reason})."
    ),
    # alexnet/config/training.py
    "{where}: learning_rate={value} must be above 0 and at most 10.": (
        "{where}: learning_rate={value}은(는) 0보다 크고 10 이하여야 합니다."
    ),
    "The tutorial uses 0.001.": "튜토리얼은 0.001을 씁니다.",
    "{where}: weight_decay={value} must be from 0 up to below 1.": (
        "{where}: weight_decay={value}은(는) 0 이상 1 미만이어야 합니다."
    ),
    "Typical values are 0.0001 to 0.05.": "흔히 0.0001에서 0.05 사이의 값을 씁니다.",
    "{where}: label_smoothing={value} must be from 0 up to below 1.": (
        "{where}: label_smoothing={value}은(는) 0 이상 1 미만이어야 합니다."
    ),
    "0.1 is usual.": "보통 0.1을 씁니다.",
    "{where}: validation_split={value} must be from 0 (none) to 0.5.": (
        "{where}: validation_split={value}은(는) 0(없음)부터 0.5 사이여야 합니다."
    ),
    "Train for at least one epoch.": "적어도 한 에포크는 학습하세요.",
    "Use None for all images.": "모든 이미지를 쓰려면 None을 쓰세요.",
    "0 turns recalibration off.": "0이면 재보정을 끕니다.",
    "0 records nothing; the experiment uses 2.": (
        "0이면 아무것도 기록하지 않습니다. 실험은 2를 씁니다."
    ),
    "{where}: train_size={value} but the data has only {available:,} training images; use at "
    "most {available:,} or None for all.": (
        "{where}: train_size={value}인데 데이터에는 학습 이미지가 {available:,}장뿐입니다. "
        "{available:,} 이하로 쓰거나 모두 쓰려면 None을 쓰세요."
    ),
    "{where}: validation_split={value} leaves no training images out of {size}; lower the "
    "split or raise train_size.": (
        "{where}: validation_split={value}(으)로는 {size}장 중 학습 이미지가 남지 않습니다. "
        "비율을 낮추거나 train_size를 늘리세요."
    ),
    "{where}: batch_size={value} is larger than the {fitted:,} images left for training; use "
    "a batch size of at most {fitted} or more images.": (
        "{where}: batch_size={value}이(가) 학습에 남은 이미지 {fitted:,}장보다 큽니다. 배치 "
        "크기를 {fitted} 이하로 하거나 이미지를 늘리세요."
    ),
    # alexnet/data/cifar10.py, dataset.py, sample.py, sources.py, status.py
    "CIFAR-10 path {path} does not exist; give the path of cifar-10-python.tar.gz or of the "
    "extracted {folder} folder.": (
        "CIFAR-10 경로 {path}이(가) 없습니다. cifar-10-python.tar.gz 파일이나 압축을 푼 "
        "{folder} 폴더의 경로를 주세요."
    ),
    "CIFAR-10 archive {path}": "CIFAR-10 압축 파일 {path}",
    "CIFAR-10 folder {path}": "CIFAR-10 폴더 {path}",
    "{label}: {counts}": "{label}: {counts}",
    "{train:,} training and {test:,} test images": (
        "학습 이미지 {train:,}장, 테스트 이미지 {test:,}장"
    ),
    "Shipped CIFAR-10 sample (a stratified subset of the real data): {counts}": (
        "함께 들어 있는 CIFAR-10 표본(실제 데이터에서 클래스별로 고르게 뽑은 일부): {counts}"
    ),
    "CIFAR-10 from Keras' cache {folder}": "Keras 캐시 {folder}의 CIFAR-10",
    "CIFAR-10 downloaded to {archive}": "{archive}에 내려받은 CIFAR-10",
    "${variable} names {path}, which does not exist. Set it to the CIFAR-10 archive, or unset "
    "it and restart the app to train on the shipped sample.": (
        "${variable}이(가) 가리키는 {path}이(가) 없습니다. CIFAR-10 압축 파일의 경로로 고치거나, "
        "변수를 지우고 앱을 다시 시작하면 함께 들어 있는 표본으로 학습합니다."
    ),
    # alexnet/data/compatibility.py
    "{name} expects {h}x{w}x{c} images, but these images are {ih}x{iw}x{ic}. Pick a network "
    "with a {ih}x{iw}x{ic} input (e.g. the CIFAR-10 AlexNet), change its input_shape, or test "
    "it on random data of its own size.": (
        "{name}은(는) {h}x{w}x{c} 이미지를 받지만 이 이미지는 {ih}x{iw}x{ic}입니다. "
        "{ih}x{iw}x{ic} 입력의 신경망(예: CIFAR-10 AlexNet)을 고르거나, input_shape을 "
        "바꾸거나, 신경망 자신의 크기로 만든 무작위 데이터로 점검하세요."
    ),
    "{name} has {n} output classes but the data has {classes}; set num_classes to at least "
    "{classes}.": (
        "{name}의 출력 클래스는 {n}개인데 데이터에는 {classes}개가 있습니다. num_classes를 "
        "{classes} 이상으로 설정하세요."
    ),
    # alexnet/data/random_data.py
    "{count:,} random {h}x{w}x{c} images need {need:.1f} GB with the {test} test images, more "
    "than the {limit:.0f} GB limit; use at most {largest:,}.": (
        "{h}x{w}x{c} 무작위 이미지 {count:,}장은 테스트 이미지 {test}장과 함께 {need:.1f} "
        "GB가 필요해 {limit:.0f} GB 한도를 넘습니다. 최대 {largest:,}장까지 쓰세요."
    ),
    # alexnet/jobs/bn_experiment.py
    "learning_rates lists {count} rates; give 1 to {high}, e.g. 0.001,0.003,0.01,0.03.": (
        "learning_rates에 학습률이 {count}개 있습니다. 1개부터 {high}개까지 주세요(예: "
        "0.001,0.003,0.01,0.03)."
    ),
    "learning_rates lists {value} twice; give each rate once.": (
        "learning_rates에 {value}가 두 번 있습니다. 학습률은 한 번씩만 주세요."
    ),
    "seeds={value} is out of range; use 1 to {high} pairs (3 shows the spread).": (
        "seeds={value}은(는) 범위를 벗어났습니다. 1쌍에서 {high}쌍 사이로 쓰세요(3쌍이면 "
        "흩어짐이 보입니다)."
    ),
    "An experiment is still running ({runs} of its runs are queued or training); stop it, or "
    "wait until it ends, before starting a new one.": (
        "실험이 아직 진행 중입니다(실행 {runs}개가 대기 중이거나 학습 중). 새 실험을 시작하기 "
        "전에 멈추거나 끝날 때까지 기다리세요."
    ),
    "BatchNorm": "BatchNorm",
    "{arm}{suffix}": "{arm}{suffix}",
    "{arm} · seed {seed}": "{arm} · 시드 {seed}",
    # alexnet/jobs/worker.py
    "Quit at once with a second Ctrl+C, in the middle of a batch; resume it to continue from "
    "its last checkpoint.": (
        "두 번째 Ctrl+C로 배치 도중에 바로 끝냈습니다. 이어 하면 마지막 체크포인트부터 계속합니다."
    ),
    # alexnet/jobs/run_queue.py
    "There is no CIFAR-10 at {path}; give the official archive or its extracted folder.": (
        "{path}에 CIFAR-10이 없습니다. 공식 압축 파일이나 압축을 푼 폴더를 주세요."
    ),
    # alexnet/network/layer_table.py
    "Layer {layer}: the kernel is {k}x{k} but the feature map reaching it is only {h}x{w}. "
    "Use kernel_size <= {most}, or remove a pooling layer or a stride before it.": (
        "{layer} 층: 커널은 {k}x{k}인데 이 층에 들어오는 특징 맵은 {h}x{w}뿐입니다. "
        "kernel_size를 {most} 이하로 하거나, 앞쪽의 풀링 층이나 스트라이드를 없애세요."
    ),
    "Layer {layer}: the pooling window is {k}x{k} but the feature map reaching it is only "
    "{h}x{w}. Turn off the pool after {conv}, use pool_size <= {most}, or use smaller strides "
    "or 'same' padding earlier.": (
        "{layer} 층: 풀링 창은 {k}x{k}인데 이 층에 들어오는 특징 맵은 {h}x{w}뿐입니다. {conv} "
        "뒤의 풀링을 끄거나, pool_size를 {most} 이하로 하거나, 앞쪽에서 더 작은 스트라이드나 "
        "'same' 패딩을 쓰세요."
    ),
    "This model has {params:,} parameters, more than the {limit:,} a laptop can train. The "
    "largest layer is {layer} with {largest:,}: reduce its filters or units, or add pooling "
    "before it.": (
        "이 모델의 파라미터는 {params:,}개로, 노트북이 학습할 수 있는 {limit:,}개보다 "
        "많습니다. 가장 큰 층은 {layer}({largest:,}개)입니다. 필터나 유닛 수를 줄이거나 그 "
        "앞에 풀링을 더하세요."
    ),
    "This model needs {mb:,.0f} MB of activations per image, more than the {limit} MB limit. "
    "The largest is {layer} ({shape}): use fewer filters, larger strides or more pooling.": (
        "이 모델은 이미지 한 장에 활성값 {mb:,.0f} MB가 필요해 {limit} MB 한도를 넘습니다. "
        "가장 큰 것은 {layer}({shape})입니다. 필터를 줄이거나, 스트라이드를 키우거나, 풀링을 "
        "더하세요."
    ),
    "This model costs {g:,.1f} G multiply-adds per image, more than the {limit:,.0f} G limit. "
    "The costliest layer is {layer}: use fewer filters, a smaller kernel or larger strides.": (
        "이 모델은 이미지 한 장에 곱셈-덧셈 {g:,.1f} G번이 들어 {limit:,.0f} G 한도를 "
        "넘습니다. 가장 비싼 층은 {layer}입니다. 필터를 줄이거나, 커널을 작게 하거나, "
        "스트라이드를 키우세요."
    ),
    # alexnet/store/files.py, model_files.py, names.py, run_store.py
    "{file} is not valid JSON (line {line}, column {column}).": (
        "{file}은(는) 올바른 JSON이 아닙니다({line}번째 줄, {column}번째 칸)."
    ),
    "{file} does not hold a JSON object.": "{file}에 JSON 객체가 없습니다.",
    "{run}: {problem}": "{run}: {problem}",
    "{file} is missing.": "{file}이(가) 없습니다.",
    "{file} is damaged (not a whole .keras file)": (
        "{file}이(가) 손상되었습니다(온전한 .keras 파일이 아님)"
    ),
    # alexnet/store/overview.py
    "{name} · {conv} conv + {dense} dense{bn} · {params:,} params": (
        "{name} · 합성곱 {conv}개 + 완전 연결 {dense}개{bn} · 파라미터 {params:,}개"
    ),
    "The worker process ended without saying why (see worker.log in the run folder); resume "
    "it to continue from the last checkpoint.": (
        "학습 프로세스가 이유를 남기지 않고 끝났습니다(실행 폴더의 worker.log 참고). 이어 하면 "
        "마지막 체크포인트부터 계속합니다."
    ),
    # alexnet/store/safe_unzip.py
    "{zip} is not a whole zip file; choose a zip made by Download zip on the Runs page or by "
    "`python -m alexnet export`.": (
        "{zip}은(는) 온전한 zip 파일이 아닙니다. 실행 기록 페이지의 'zip 내려받기'나 "
        "`python -m alexnet export`로 만든 zip을 고르세요."
    ),
    "{zip} was not imported: its entry '{entry}' points outside its folder (an absolute path, "
    "'..' or a backslash); only zips made by AlexNet Lab's export can be imported.": (
        "{zip}을(를) 가져오지 않았습니다: 항목 '{entry}'이(가) 폴더 밖을 가리킵니다(절대 경로, "
        "'..' 또는 역슬래시). AlexNet Lab의 내보내기로 만든 zip만 가져올 수 있습니다."
    ),
    "{zip} was not imported: its entry '{entry}' is a symbolic link, which no export holds; "
    "only zips made by AlexNet Lab's export can be imported.": (
        "{zip}을(를) 가져오지 않았습니다: 항목 '{entry}'은(는) 심볼릭 링크인데, 내보낸 zip에는 "
        "링크가 없습니다. AlexNet Lab의 내보내기로 만든 zip만 가져올 수 있습니다."
    ),
    "{zip} was not imported: it holds '{entry}' twice; export the run again.": (
        "{zip}을(를) 가져오지 않았습니다: '{entry}'이(가) 두 번 들어 있습니다. 실행을 다시 "
        "내보내세요."
    ),
    "{zip} holds more than {limit:,} files, more than any run; only zips made by AlexNet "
    "Lab's export can be imported.": (
        "{zip}에는 파일이 {limit:,}개보다 많아 어떤 실행보다도 많습니다. AlexNet Lab의 "
        "내보내기로 만든 zip만 가져올 수 있습니다."
    ),
    "{zip} unpacks to more than {limit}, more than any run; only zips made by AlexNet Lab's "
    "export can be imported.": (
        "{zip}은(는) 풀면 {limit}보다 커서 어떤 실행보다도 큽니다. AlexNet Lab의 내보내기로 "
        "만든 zip만 가져올 수 있습니다."
    ),
    # alexnet/store/import_checks.py
    "Exported from {machine} while it was {state}; resume it to continue from its last "
    "checkpoint.": (
        "{machine}에서 {state} 상태일 때 내보낸 실행입니다. 이어 하면 마지막 체크포인트부터 "
        "계속합니다."
    ),
    "Exported from {machine} while it was {state}, before it saved a checkpoint to continue "
    "from; resuming it trains it again from the start.": (
        "{machine}에서 {state} 상태일 때, 이어 할 체크포인트를 저장하기 전에 내보낸 "
        "실행입니다. 이어 하면 처음부터 다시 학습합니다."
    ),
    "{zip} is not a run export: its files must sit in one folder named like a run id "
    "(20250101-120000-a1b2c3); choose a zip made by Download zip on the Runs page or by "
    "`python -m alexnet export`.": (
        "{zip}은(는) 실행을 내보낸 zip이 아닙니다: 모든 파일이 실행 ID(20250101-120000-a1b2c3) "
        "이름의 폴더 하나에 있어야 합니다. 실행 기록 페이지의 'zip 내려받기'나 "
        "`python -m alexnet export`로 만든 zip을 고르세요."
    ),
    "{zip} is not a run export: it has no {name}; choose a zip made by Download zip on the "
    "Runs page or by `python -m alexnet export`.": (
        "{zip}은(는) 실행을 내보낸 zip이 아닙니다: {name}이(가) 없습니다. 실행 기록 페이지의 "
        "'zip 내려받기'나 `python -m alexnet export`로 만든 zip을 고르세요."
    ),
    "{zip} is damaged: its {name} cannot be read; export the run again on the computer it "
    "came from.": (
        "{zip}이(가) 손상되었습니다: {name}을(를) 읽을 수 없습니다. 원래 컴퓨터에서 실행을 다시 "
        "내보내세요."
    ),
    "{zip} is damaged: line {line} of its {name} is not a JSON object; export the run again "
    "on the computer it came from.": (
        "{zip}이(가) 손상되었습니다: {name}의 {line}번째 줄이 JSON 객체가 아닙니다. 원래 "
        "컴퓨터에서 실행을 다시 내보내세요."
    ),
    "{zip} comes from a newer AlexNet Lab (export format {format}); update this one to import "
    "it.": (
        "{zip}은(는) 더 새로운 AlexNet Lab에서 내보낸 것입니다(내보내기 형식 {format}). "
        "가져오려면 이 AlexNet Lab을 업데이트하세요."
    ),
    # alexnet/store/importing.py
    "{zip} is {size}, more than the {limit} the Runs page takes; import it with "
    "`python -m alexnet import` instead.": (
        "{zip}은(는) {size}로, 실행 기록 페이지가 받는 {limit}보다 큽니다. 대신 "
        "`python -m alexnet import`로 가져오세요."
    ),
    "{zip} was not imported: its {name} needs unsafe deserialization (a Lambda layer, which "
    "runs Python code as it loads), and AlexNet Lab loads models in Keras' safe mode only; "
    "rebuild the network without Lambda layers.": (
        "{zip}을(를) 가져오지 않았습니다: {name}은(는) 안전하지 않은 역직렬화(불러올 때 파이썬 "
        "코드를 실행하는 Lambda 층)가 필요한데, AlexNet Lab은 모델을 Keras의 안전 모드로만 "
        "불러옵니다. Lambda 층 없이 신경망을 다시 만드세요."
    ),
    "{zip} is damaged: its {name} is not a Keras model that loads; export the run again on "
    "the computer it came from.": (
        "{zip}이(가) 손상되었습니다: {name}은(는) 불러올 수 있는 Keras 모델이 아닙니다. 원래 "
        "컴퓨터에서 실행을 다시 내보내세요."
    ),
    "{zip} could not be imported: {reason}.": "{zip}을(를) 가져올 수 없습니다: {reason}.",
}
