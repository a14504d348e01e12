"""Evaluation metrics against hand-made cases and a loop-by-loop reference."""

from __future__ import annotations

import json

import numpy as np
import pytest

from alexnet.analysis.evaluation import (
    Evaluation,
    evaluate_model,
    evaluate_probabilities,
    images_in_cell,
)

NAMES3 = ("cat", "dog", "frog")


def one_hot_probs(predicted: list[int], num_classes: int, confidence: float = 0.8) -> np.ndarray:
    """Rows putting `confidence` on the predicted class and the rest spread evenly."""
    rest = (1 - confidence) / (num_classes - 1)
    probs = np.full((len(predicted), num_classes), rest)
    probs[np.arange(len(predicted)), predicted] = confidence
    return probs


@pytest.fixture
def random_case() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    logits = rng.normal(size=(300, 10)) * 2
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, 10, size=300)
    # Make the predictions better than chance so every metric is non-trivial.
    probs[:150] = 0.7 * np.eye(10)[labels[:150]] + 0.3 * probs[:150]
    return probs, labels


def test_confusion_matrix_counts_a_hand_made_case_with_rows_true_and_columns_predicted() -> None:
    y_true = [0, 0, 0, 1, 1, 2, 2, 2, 2]
    y_pred = [0, 1, 1, 1, 1, 2, 0, 2, 2]
    evaluation = evaluate_probabilities(one_hot_probs(y_pred, 3), y_true, NAMES3)
    expected = [[1, 2, 0], [0, 2, 0], [1, 0, 3]]
    assert evaluation.confusion_matrix.tolist() == expected
    assert evaluation.accuracy == pytest.approx(6 / 9)
    assert evaluation.support == (3, 2, 4)
    # cat: 1 right of 2 predicted; dog: 2 of 4; frog: 3 of 3.
    assert evaluation.precision == pytest.approx((1 / 2, 2 / 4, 3 / 3))
    assert evaluation.recall == pytest.approx((1 / 3, 2 / 2, 3 / 4))
    assert evaluation.per_class_accuracy == evaluation.recall


def test_per_class_metrics_match_a_loop_by_loop_reference(random_case) -> None:
    probs, labels = random_case
    evaluation = evaluate_probabilities(probs, labels, [f"c{i}" for i in range(10)])
    pred = probs.argmax(axis=1)
    for cls in range(10):
        true_pos = sum(1 for t, p in zip(labels, pred, strict=True) if t == cls and p == cls)
        predicted = sum(1 for p in pred if p == cls)
        actual = sum(1 for t in labels if t == cls)
        assert evaluation.precision[cls] == pytest.approx(true_pos / predicted if predicted else 0)
        assert evaluation.recall[cls] == pytest.approx(true_pos / actual if actual else 0)
        assert evaluation.support[cls] == actual
    assert evaluation.confusion_matrix.sum() == 300
    assert evaluation.accuracy == pytest.approx(np.mean(pred == labels))


def test_loss_is_the_mean_cross_entropy_of_the_true_class(random_case) -> None:
    probs, labels = random_case
    evaluation = evaluate_probabilities(probs, labels, [f"c{i}" for i in range(10)])
    expected = np.mean([-np.log(probs[i, labels[i]]) for i in range(len(labels))])
    assert evaluation.loss == pytest.approx(expected)


def test_top5_counts_a_label_ranked_fifth_but_not_sixth() -> None:
    ranking = np.array([0.3, 0.2, 0.15, 0.12, 0.1, 0.05, 0.03, 0.02, 0.02, 0.01])
    probs = np.stack([ranking, ranking])
    evaluation = evaluate_probabilities(probs, [4, 5], [f"c{i}" for i in range(10)])
    assert evaluation.top5_accuracy == pytest.approx(0.5)
    assert evaluation.accuracy == 0.0


def test_top5_matches_argsort_reference(random_case) -> None:
    probs, labels = random_case
    evaluation = evaluate_probabilities(probs, labels, [f"c{i}" for i in range(10)])
    top5 = np.argsort(-probs, axis=1)[:, :5]
    expected = np.mean([labels[i] in top5[i] for i in range(len(labels))])
    assert evaluation.top5_accuracy == pytest.approx(expected)


def test_mistakes_are_ordered_by_confidence_with_their_top3() -> None:
    probs = np.array(
        [
            [0.6, 0.3, 0.1],  # wrong (true 1), confidence 0.6
            [0.1, 0.85, 0.05],  # right
            [0.05, 0.15, 0.8],  # wrong (true 0), confidence 0.8
            [0.2, 0.7, 0.1],  # wrong (true 2), confidence 0.7
        ]
    )
    evaluation = evaluate_probabilities(probs, [1, 1, 0, 2], NAMES3)
    assert [m.index for m in evaluation.mistakes] == [2, 3, 0]
    first = evaluation.mistakes[0]
    assert (first.true_label, first.predicted_label) == (0, 2)
    assert first.confidence == pytest.approx(0.8)
    assert [c for c, _ in first.top3] == [2, 1, 0]
    assert [p for _, p in first.top3] == pytest.approx([0.8, 0.15, 0.05])


def test_max_mistakes_keeps_only_the_most_confident() -> None:
    probs = one_hot_probs([1] * 20, 3, confidence=0.5)
    probs[:, 1] += np.linspace(0, 0.3, 20)
    probs /= probs.sum(axis=1, keepdims=True)
    evaluation = evaluate_probabilities(probs, [0] * 20, NAMES3, max_mistakes=3)
    assert [m.index for m in evaluation.mistakes] == [19, 18, 17]


def test_never_predicted_class_has_zero_precision_not_nan() -> None:
    evaluation = evaluate_probabilities(one_hot_probs([0, 0, 1], 3), [0, 2, 1], NAMES3)
    assert evaluation.precision[2] == 0.0
    assert evaluation.recall[2] == 0.0


def test_evaluation_survives_a_json_round_trip(random_case) -> None:
    probs, labels = random_case
    evaluation = evaluate_probabilities(
        probs, labels, [f"c{i}" for i in range(10)], data_description="300 made-up images"
    )
    text = json.dumps(evaluation.to_dict())
    restored = Evaluation.from_dict(json.loads(text))
    assert restored == evaluation
    assert restored.data_description == "300 made-up images"
    assert "NaN" not in text


def test_from_dict_rejects_incomplete_data_with_a_value_error(random_case) -> None:
    probs, labels = random_case
    data = evaluate_probabilities(probs, labels, [f"c{i}" for i in range(10)]).to_dict()
    del data["confusion"]
    with pytest.raises(ValueError, match="incomplete or malformed"):
        Evaluation.from_dict(data)


def test_images_in_cell_lists_the_indices_of_one_confusion_cell() -> None:
    y_true = [0, 0, 0, 1, 1, 2, 2, 2, 2]
    y_pred = [0, 1, 1, 1, 1, 2, 0, 2, 2]
    evaluation = evaluate_probabilities(one_hot_probs(y_pred, 3), y_true, NAMES3)
    assert images_in_cell(evaluation, 0, 1).tolist() == [1, 2]
    assert images_in_cell(evaluation, 2, 0).tolist() == [6]
    assert images_in_cell(evaluation, 1, 0).tolist() == []
    assert images_in_cell((np.array(y_true), np.array(y_pred)), 2, 2).tolist() == [5, 7, 8]
    for t in range(3):
        for p in range(3):
            assert len(images_in_cell(evaluation, t, p)) == evaluation.confusion[t][p]


@pytest.mark.parametrize(
    ("probs", "labels", "message"),
    [
        (np.full((2, 3), 1 / 3), [0, 3], "expected 0 to 2"),
        (np.full((2, 3), 1 / 3), [0], "2 whole-number labels"),
        (np.full((2, 3), 1 / 3), [0.0, 1.0], "whole-number labels"),
        (np.full((2, 3), 5.0), [0, 1], "end in a softmax"),
        (np.full((2, 4), 0.25), [0, 1], "3 class names for 4"),
        (np.zeros((0, 3)), [], "at least one image"),
    ],
)
def test_bad_inputs_raise_value_errors_that_say_what_was_expected(probs, labels, message) -> None:
    with pytest.raises(ValueError, match=message):
        evaluate_probabilities(probs, labels, NAMES3)


def test_evaluate_model_agrees_with_calling_the_model_directly() -> None:
    import keras

    from alexnet.config.spec import ConvBlock, ModelSpec
    from alexnet.network.builder import build_model

    spec = ModelSpec(
        name="tiny", input_shape=(8, 8, 3), num_classes=3, conv_blocks=(ConvBlock(4, 3),)
    )
    keras.utils.set_random_seed(0)
    model = build_model(spec)
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(70, 8, 8, 3), dtype=np.uint8)
    y = rng.integers(0, 3, size=70)
    evaluation = evaluate_model(model, x, y, NAMES3, batch_size=32)
    direct = np.asarray(model(x.astype("float32"), training=False))
    reference = evaluate_probabilities(direct, y, NAMES3)
    # Batching may change float rounding, never the predictions.
    assert evaluation.y_pred == reference.y_pred
    assert evaluation.loss == pytest.approx(reference.loss, rel=1e-5)
    assert evaluation.num_examples == 70


def test_evaluate_model_refuses_images_of_the_wrong_size() -> None:
    from alexnet.config.spec import ConvBlock, ModelSpec
    from alexnet.network.builder import build_model

    spec = ModelSpec(
        name="tiny", input_shape=(8, 8, 3), num_classes=3, conv_blocks=(ConvBlock(4, 3),)
    )
    x = np.zeros((4, 16, 16, 3), dtype=np.uint8)
    with pytest.raises(ValueError, match="model expects"):
        evaluate_model(build_model(spec), x, [0, 1, 2, 0], NAMES3)


def test_the_batch_loop_gives_the_models_own_outputs_in_order() -> None:
    from alexnet.analysis.evaluation import _predict_loop
    from alexnet.config.spec import ConvBlock, ModelSpec
    from alexnet.network.builder import build_model

    spec = ModelSpec(
        name="tiny", input_shape=(8, 8, 3), num_classes=3, conv_blocks=(ConvBlock(4, 3),)
    )
    model = build_model(spec)
    x = np.random.default_rng(1).integers(0, 256, size=(23, 8, 8, 3), dtype=np.uint8)
    looped = _predict_loop(model, x, batch_size=5)
    direct = np.asarray(model(x.astype("float32"), training=False))
    assert looped.shape == (23, 3)
    np.testing.assert_allclose(looped, direct, rtol=1e-5, atol=1e-7)
