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
    "0.001, 0.003, 0.01 and 0.03 (a pair each)": "0.001, 0.003, 0.01, 0.03 (각각 한 쌍)",
    "Batch normalization lets a network take larger steps: try 0.01 and compare, or train a "
    "pair at each of four rates and see accuracy against the rate.": (
        "배치 정규화를 쓰면 신경망이 더 큰 걸음으로 학습할 수 있습니다. 0.01로 바꿔 비교하거나, "
        "네 가지 학습률마다 한 쌍씩 학습해 학습률에 따른 정확도를 보세요."
    ),
    "No BN": "BN 없음",
    "seed {seed}": "시드 {seed}",
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
    # ui/compare/inside.py
    "One layer": "한 층",
    "All layers": "모든 층",
    "Loss landscape": "손실 지형",
    "Gradients": "기울기",
    "activation input": "활성화 함수의 입력",
    "median": "중앙값",
    "15th to 85th percentile": "15~85번째 백분위수",
    "median, lowest to highest seed": "중앙값, 시드별 최솟값~최댓값",
    "loss variation": "손실 변화폭",
    "gradient predictiveness": "기울기 변화량",
    "gradient norm of {layer}": "{layer}의 기울기 크기",
    "update ratio of {layer}": "{layer}의 갱신 비율",
    "gradient norm, mean after the start": "기울기 크기, 시작 후 평균",
    "update ratio, mean after the start": "갱신 비율, 시작 후 평균",
    "learning rate {rate}": "학습률 {rate}",
    "Networks looked inside": "들여다볼 신경망",
    "Inside the networks": "신경망 내부",
    "View": "보기",
    "What happens inside these networks is shown above, under the experiment.": (
        "이 신경망들의 내부는 위의 실험 아래에 나와 있습니다."
    ),
    # ui/compare/sentences.py
    "These runs have no records after the start yet; the numbers follow the first.": (
        "이 실행들에는 아직 시작 이후의 기록이 없습니다. 첫 기록이 나오면 수치가 채워집니다."
    ),
    "Watch the middle line, the median of what {layer}'s activation function receives, as "
    "the network learns: Ioffe and Szegedy (2015) found that without batch normalization this "
    "distribution keeps shifting while the layers before it learn, and that batch "
    "normalization holds it steady.": (
        "가운데 선, 곧 {layer}의 활성화 함수가 받는 값의 중앙값이 학습하면서 어떻게 움직이는지 "
        "보세요. Ioffe와 Szegedy(2015)는 배치 정규화가 없으면 앞쪽 층들이 학습하는 동안 이 "
        "분포가 계속 옮겨 가고, 배치 정규화가 있으면 제자리를 지킨다고 보고했습니다."
    ),
    "Here the median input of {layer} moved by {plain} without BN and by {bn} with it, "
    "{plain_share} and {bn_share} of its starting 15th to 85th percentile range: steadier "
    "with batch normalization, as the paper says.": (
        "여기서 {layer} 입력의 중앙값은 BN 없이 {plain}, BN과 함께 {bn}만큼 움직였습니다. "
        "시작할 때 15~85번째 백분위수 폭의 각각 {plain_share}, {bn_share}입니다. 논문 말대로 배치 "
        "정규화가 있을 때 더 안정적입니다."
    ),
    "Here the median input of {layer} moved by {plain} without BN and by {bn} with it, "
    "{plain_share} and {bn_share} of its starting 15th to 85th percentile range: not steadier "
    "with batch normalization, unlike the paper's figure.": (
        "여기서 {layer} 입력의 중앙값은 BN 없이 {plain}, BN과 함께 {bn}만큼 움직였습니다. "
        "시작할 때 15~85번째 백분위수 폭의 각각 {plain_share}, {bn_share}입니다. "
        "논문의 그림과 달리 배치 정규화가 있어도 더 안정적이지 않습니다."
    ),
    "Every block at once, each on its own scale: Ioffe and Szegedy argue that the shift builds "
    "up through the network, since each layer's inputs depend on every layer before it, and "
    "that batch normalization steadies them all.": (
        "모든 블록을 한꺼번에, 각자의 눈금으로 봅니다. Ioffe와 Szegedy는 각 층의 입력이 그 앞의 "
        "모든 층에 달려 있으므로 이런 이동이 신경망을 따라 쌓이고, 배치 정규화가 그 모두를 "
        "안정시킨다고 주장합니다."
    ),
    "Here the median moved less with batch normalization in {steadier} of {blocks} blocks, as "
    "the paper says; it moved most in {plain_layer} without BN ({plain_share} of its starting "
    "range) and in {bn_layer} with it ({bn_share}).": (
        "여기서 중앙값은 블록 {blocks}개 중 {steadier}개에서 배치 정규화가 있을 때 덜 "
        "움직였습니다. 논문 말대로입니다. 가장 많이 움직인 곳은 BN 없이 {plain_layer}(시작 폭의 "
        "{plain_share}), BN과 함께 {bn_layer}({bn_share})입니다."
    ),
    "Here the median moved less with batch normalization in only {steadier} of {blocks} "
    "blocks, unlike the paper; it moved most in {plain_layer} without BN ({plain_share} of "
    "its starting range) and in {bn_layer} with it ({bn_share}).": (
        "여기서 중앙값이 배치 정규화가 있을 때 덜 움직인 블록은 {blocks}개 중 {steadier}개뿐으로, "
        "논문과 다릅니다. 가장 많이 움직인 곳은 BN 없이 {plain_layer}(시작 폭의 {plain_share}), "
        "BN과 함께 {bn_layer}({bn_share})입니다."
    ),
    "Each record takes two trial steps along the gradient and measures how much the loss "
    "changes (left) and how far the gradient moves (right): Santurkar et al. (2018) found both "
    "far smaller with batch normalization, a smoother loss surface on which larger steps are "
    "safe.": (
        "기록마다 기울기 방향으로 두 번 시험 삼아 걸음을 내디뎌 손실이 얼마나 바뀌는지(왼쪽)와 "
        "기울기가 얼마나 달라지는지(오른쪽)를 잽니다. Santurkar 외(2018)는 배치 정규화가 있으면 "
        "둘 다 훨씬 작다는 것, 곧 더 큰 걸음도 안전한 매끄러운 손실 곡면을 보고했습니다."
    ),
    "smoother with batch normalization on both counts, as the paper says.": (
        "논문 말대로 두 가지 모두 배치 정규화가 있을 때 더 매끄럽습니다."
    ),
    "smoother with batch normalization on one count only, not both as the paper says.": (
        "배치 정규화가 있을 때 한 가지만 더 매끄럽고, 논문처럼 두 가지 모두는 아닙니다."
    ),
    "not smoother with batch normalization, unlike the paper.": (
        "논문과 달리 배치 정규화가 있어도 더 매끄럽지 않습니다."
    ),
    "Here, on average after the start, the loss changed by {plain_loss} without BN and by "
    "{bn_loss} with it, and the gradient by {plain_gradient} and {bn_gradient}: {verdict}": (
        "여기서 시작 이후 평균으로 손실은 BN 없이 {plain_loss}, BN과 함께 {bn_loss}만큼, "
        "기울기는 각각 {plain_gradient}, {bn_gradient}만큼 바뀌었습니다. {verdict}"
    ),
    "How large each layer's gradient is, and how much each update changes its weights (|step| "
    "/ |weights|): Ioffe and Szegedy argue that batch normalization keeps gradients from "
    "vanishing or exploding from layer to layer, which lets a network take larger steps.": (
        "각 층의 기울기가 얼마나 큰지, 갱신 한 번이 가중치를 얼마나 바꾸는지(|걸음| / |가중치|)를 "
        "봅니다. Ioffe와 Szegedy는 배치 정규화가 층을 지나며 기울기가 사라지거나 폭발하지 않게 "
        "막아 주므로 신경망이 더 큰 걸음을 내디딜 수 있다고 주장합니다."
    ),
    "more even with batch normalization, as the paper says.": (
        "논문 말대로 배치 정규화가 있을 때 더 고릅니다."
    ),
    "not more even with batch normalization, unlike the paper.": (
        "논문과 달리 배치 정규화가 있어도 더 고르지 않습니다."
    ),
    "Here the layers' mean gradient norms spanned a factor of {plain_spread} without BN and "
    "{bn_spread} with it, and each update changed {layer}'s weights by {plain_update} and "
    "{bn_update}: {verdict}": (
        "여기서 층별 평균 기울기 크기는 BN 없이 {plain_spread}배, BN과 함께 {bn_spread}배 "
        "범위에 걸쳐 있었고, 갱신 한 번은 {layer}의 가중치를 각각 {plain_update}, {bn_update}만큼 "
        "바꿨습니다. {verdict}"
    ),
    "Final validation accuracy at each learning rate: the tutorial's claim is that batch "
    "normalization tolerates larger steps, so it still learns at rates where the plain network "
    "falls to chance ({chance}).": (
        "학습률마다의 최종 검증 정확도입니다. 튜토리얼은 배치 정규화가 더 큰 걸음을 견딘다고 "
        "말합니다. 그렇다면 배치 정규화가 없는 신경망이 찍기 수준({chance})으로 떨어지는 "
        "학습률에서도 배치 정규화가 있는 신경망은 여전히 배웁니다."
    ),
    "The chart fills in as the pairs finish; the numbers follow once both networks have "
    "finished at two rates.": (
        "쌍이 끝날 때마다 차트가 채워지고, 두 신경망이 두 학습률에서 끝나면 수치가 나옵니다."
    ),
    "batch normalization tolerated larger steps, as the tutorial says.": (
        "튜토리얼 말대로 배치 정규화가 더 큰 걸음을 견뎠습니다."
    ),
    "batch normalization did not tolerate larger steps, unlike the claim.": (
        "그 주장과 달리 배치 정규화가 더 큰 걸음을 견디지 못했습니다."
    ),
    "none of these": "이 중 없음",
    "Here the largest rate at which each network still beat chance by {margin} points was "
    "{plain_rate} without BN and {bn_rate} with it, and at the largest rate, {rate}, they "
    "reached {plain} and {bn}: {verdict}": (
        "여기서 찍기 수준보다 {margin}%p 이상 높았던 가장 큰 학습률은 BN 없이 {plain_rate}, "
        "BN과 함께 {bn_rate}입니다. 가장 큰 학습률 {rate}에서의 정확도는 각각 {plain}, {bn}입니다. "
        "{verdict}"
    ),
    # ui/compare/sweep.py
    "learning rate": "학습률",
    "final validation accuracy": "최종 검증 정확도",
    "chance": "찍기 수준",
    "Accuracy against the learning rate": "학습률에 따른 정확도",
    "First seed": "첫 시드",
    "Each student can enter their own number: the class's pairs then start from different "
    "weights and image orders, and together show how far chance spreads.": (
        "학생마다 자기 번호를 넣을 수 있습니다. 그러면 반 전체의 쌍이 서로 다른 가중치와 이미지 "
        "순서에서 시작하고, 함께 모아 보면 우연이 결과를 얼마나 흩뜨리는지 보여 줍니다."
    ),
    "validation accuracy": "검증 정확도",
    "Batch normalization was ahead in {ahead} of {pairs} pairs on {measure}: by "
    "{median:+.1f} points in the middle pair, from {low:+.1f} to {high:+.1f}.": (
        "배치 정규화가 {measure}에서 {pairs}쌍 중 {ahead}쌍에서 앞섰습니다. 가운데 쌍에서 "
        "{median:+.1f}%p, 가장 작게는 {low:+.1f}%p에서 가장 크게는 {high:+.1f}%p입니다."
    ),
    "Batch normalization's lead in each pair": "쌍마다 배치 정규화가 앞선 정도",
    "seed": "시드",
    "BN minus no BN (points)": "BN 빼기 BN 없음 (%p)",
}
