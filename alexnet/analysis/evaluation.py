"""Test-set evaluation: accuracy, top-5, loss, confusion matrix, per-class metrics, mistakes.

The metrics are pure NumPy on the predicted probabilities (`evaluate_probabilities`), so a
stored `Evaluation` can be read and drawn without TensorFlow. Only `evaluate_model` and
`predict_probabilities` run a model, and they import TensorFlow when called.

Conventions:
- confusion[t][p] counts images of true class t predicted as p (rows true, columns predicted).
- precision of a class that was never predicted is 0.0 (as scikit-learn's zero_division=0),
  so the numbers stay plain JSON.
- loss is the mean sparse categorical cross-entropy of the probabilities, clipped at 1e-7
  as Keras does, so it matches `model.evaluate` with that loss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from alexnet.analysis.numpy_model import NumpyModel
from alexnet.config.messages import message_data, stored_message

EPSILON = 1e-7  # Keras' clip for log(0) in cross-entropy
TOP_K = 5
MAX_MISTAKES = 100  # enough for a gallery; keeps evaluation.json small
FORMAT_VERSION = 1


def class_names_for(names: tuple[str, ...], num_classes: int) -> list[str]:
    """The data's class names, padded with "class N" up to the network's outputs.

    Args:
        names: the data set's names.
        num_classes: the network's outputs (at least as many; `load_data` checks it).
    """
    return list(names[:num_classes]) + [f"class {i}" for i in range(len(names), num_classes)]


@dataclass(frozen=True)
class Mistake:
    """A misclassified image: where it is in the test set and what the model thought."""

    index: int  # position in the evaluated test set
    true_label: int
    predicted_label: int
    confidence: float  # probability of the predicted class
    top3: tuple[tuple[int, float], ...]  # (class, probability), most likely first


@dataclass(frozen=True)
class Evaluation:
    """Everything the Inspect page shows about a model on a test set; stored as JSON."""

    class_names: tuple[str, ...]
    num_examples: int
    accuracy: float
    top5_accuracy: float  # top-k with k = min(5, num_classes)
    loss: float
    confusion: tuple[tuple[int, ...], ...]  # rows true, columns predicted
    precision: tuple[float, ...]  # per class
    recall: tuple[float, ...]  # per class; the same as the per-class accuracy
    support: tuple[int, ...]  # test images of each true class
    mistakes: tuple[Mistake, ...]  # most confident first
    y_true: tuple[int, ...]  # kept so a confusion-matrix cell can list its images
    y_pred: tuple[int, ...]
    data_description: str = ""  # which test images, e.g. "CIFAR-10 test set: 10,000 images"

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def confusion_matrix(self) -> np.ndarray:
        """The confusion matrix as an int64 array (num_classes, num_classes)."""
        return np.array(self.confusion, dtype=np.int64).reshape(self.num_classes, -1)

    @property
    def per_class_accuracy(self) -> tuple[float, ...]:
        """Fraction of each class's images classified correctly (= recall)."""
        return self.recall

    def per_class_records(self) -> list[dict[str, object]]:
        """One dict per class, for a pandas DataFrame."""
        return [
            {
                "class": name,
                "images": self.support[i],
                "precision": self.precision[i],
                "recall": self.recall[i],
                "accuracy": self.recall[i],
            }
            for i, name in enumerate(self.class_names)
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (lists, numbers, strings)."""
        data = asdict(self)
        data["format_version"] = FORMAT_VERSION
        message = message_data(self.data_description)  # so a page can show it translated
        if message is not None:
            data["data_description_message"] = message
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evaluation:
        """Rebuild from `to_dict()` output (e.g. read back from evaluation.json).

        Raises:
            ValueError: if a field is missing or of the wrong kind.
        """
        if not isinstance(data, dict):
            raise ValueError(f"An evaluation must be a JSON object, got {type(data).__name__}.")
        version = data.get("format_version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise ValueError(
                f"Evaluation format_version {version!r} is not supported (expected "
                f"{FORMAT_VERSION}); evaluate the model again to refresh it."
            )
        try:
            mistakes = tuple(
                Mistake(
                    index=int(m["index"]),
                    true_label=int(m["true_label"]),
                    predicted_label=int(m["predicted_label"]),
                    confidence=float(m["confidence"]),
                    top3=tuple((int(c), float(p)) for c, p in m["top3"]),
                )
                for m in data["mistakes"]
            )
            return cls(
                class_names=tuple(str(n) for n in data["class_names"]),
                num_examples=int(data["num_examples"]),
                accuracy=float(data["accuracy"]),
                top5_accuracy=float(data["top5_accuracy"]),
                loss=float(data["loss"]),
                confusion=tuple(tuple(int(v) for v in row) for row in data["confusion"]),
                precision=tuple(float(v) for v in data["precision"]),
                recall=tuple(float(v) for v in data["recall"]),
                support=tuple(int(v) for v in data["support"]),
                mistakes=mistakes,
                y_true=tuple(int(v) for v in data["y_true"]),
                y_pred=tuple(int(v) for v in data["y_pred"]),
                data_description=stored_message(
                    str(data.get("data_description", "")), data.get("data_description_message")
                ),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"This evaluation data is incomplete or malformed ({error!r}); it must come "
                "from Evaluation.to_dict(). Evaluate the model again to rebuild it."
            ) from None


def stored_evaluation_for(data: object, num_examples: int, num_classes: int) -> Evaluation | None:
    """The full evaluation inside stored data, if it is about these test images and classes.

    A run's evaluation.json holds the evaluation itself, a shipped model's JSON may nest it
    under "evaluation"; a summary without the per-image fields, or one of another test set
    (its indices would point at other images), gives None: evaluate the model again.

    Args:
        data: the stored JSON (None when there is none).
        num_examples: the test images the page shows.
        num_classes: the model's outputs.
    """
    if not isinstance(data, dict):
        return None
    for candidate in (data, data.get("evaluation")):
        if not isinstance(candidate, dict):
            continue
        try:
            evaluation = Evaluation.from_dict(candidate)
        except ValueError:
            continue
        if evaluation.num_examples == num_examples and evaluation.num_classes == num_classes:
            return evaluation
    return None


def _check_inputs(probs: Any, y_true: Any, class_names: Sequence[str]) -> tuple[np.ndarray, ...]:
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(y_true)
    if probs.ndim != 2 or probs.shape[0] == 0:
        raise ValueError(
            f"probs must be a (num_images, num_classes) array with at least one image, got "
            f"shape {probs.shape}."
        )
    n, c = probs.shape
    if len(class_names) != c:
        raise ValueError(
            f"Got {len(class_names)} class names for {c} probability columns; pass one name "
            "per output of the model."
        )
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"y_true must be {n} whole-number labels (one per image), got an array of shape "
            f"{labels.shape} and dtype {labels.dtype}."
        )
    if labels.min() < 0 or labels.max() >= c:
        raise ValueError(
            f"y_true holds labels from {labels.min()} to {labels.max()}; expected 0 to {c - 1}."
        )
    sums = probs.sum(axis=1)
    if not np.isfinite(probs).all() or probs.min() < -1e-6 or np.abs(sums - 1).max() > 1e-2:
        raise ValueError(
            "probs must be probabilities (finite, each row summing to 1); got rows summing "
            f"from {sums.min():.3g} to {sums.max():.3g}. Does the model end in a softmax?"
        )
    return probs, labels.astype(np.int64)


def evaluate_probabilities(
    probs: Any,
    y_true: Any,
    class_names: Sequence[str],
    *,
    max_mistakes: int = MAX_MISTAKES,
    data_description: str = "",
) -> Evaluation:
    """All metrics from predicted probabilities and true labels.

    Args:
        probs: (num_images, num_classes) softmax outputs.
        y_true: (num_images,) integer labels.
        class_names: one name per class, in label order.
        max_mistakes: how many of the most confident mistakes to keep.
        data_description: which test images these are, stored for display.

    Returns:
        The `Evaluation`.

    Raises:
        ValueError: if shapes, labels or probabilities do not fit together.
    """
    probs, labels = _check_inputs(probs, y_true, class_names)
    n, c = probs.shape
    pred = probs.argmax(axis=1)
    correct = pred == labels

    k = min(TOP_K, c)
    # A label is in the top k when fewer than k classes score strictly higher (ties count in).
    true_prob = probs[np.arange(n), labels]
    top_k_hit = (probs > true_prob[:, None]).sum(axis=1) < k
    loss = float(-np.log(np.clip(true_prob, EPSILON, 1.0)).mean())

    confusion = np.zeros((c, c), dtype=np.int64)
    np.add.at(confusion, (labels, pred), 1)
    diagonal = np.diag(confusion)
    support = confusion.sum(axis=1)
    predicted = confusion.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, diagonal / np.maximum(predicted, 1), 0.0)
        recall = np.where(support > 0, diagonal / np.maximum(support, 1), 0.0)

    return Evaluation(
        class_names=tuple(str(name) for name in class_names),
        num_examples=n,
        accuracy=float(correct.mean()),
        top5_accuracy=float(top_k_hit.mean()),
        loss=loss,
        confusion=tuple(tuple(int(v) for v in row) for row in confusion),
        precision=tuple(float(v) for v in precision),
        recall=tuple(float(v) for v in recall),
        support=tuple(int(v) for v in support),
        mistakes=_most_confident_mistakes(probs, labels, pred, max_mistakes),
        y_true=tuple(int(v) for v in labels),
        y_pred=tuple(int(v) for v in pred),
        data_description=data_description,
    )


def _most_confident_mistakes(
    probs: np.ndarray, labels: np.ndarray, pred: np.ndarray, limit: int
) -> tuple[Mistake, ...]:
    wrong = np.flatnonzero(pred != labels)
    confidence = probs[wrong, pred[wrong]]
    # Highest confidence first; ties by position so the order is reproducible.
    order = wrong[np.lexsort((wrong, -confidence))][: max(limit, 0)]
    mistakes = []
    for i in order:
        top = np.argsort(-probs[i], kind="stable")[:3]
        mistakes.append(
            Mistake(
                index=int(i),
                true_label=int(labels[i]),
                predicted_label=int(pred[i]),
                confidence=float(probs[i, pred[i]]),
                top3=tuple((int(cls), float(probs[i, cls])) for cls in top),
            )
        )
    return tuple(mistakes)


def images_in_cell(
    evaluation_or_preds: Evaluation | tuple[Any, Any], true_class: int, predicted_class: int
) -> np.ndarray:
    """Indices of the test images in one confusion-matrix cell.

    Args:
        evaluation_or_preds: an `Evaluation`, or a pair (y_true, y_pred) of label arrays.
        true_class: the cell's row.
        predicted_class: the cell's column.

    Returns:
        Ascending int64 indices into the evaluated test set.
    """
    if isinstance(evaluation_or_preds, Evaluation):
        y_true = np.asarray(evaluation_or_preds.y_true, dtype=np.int64)
        y_pred = np.asarray(evaluation_or_preds.y_pred, dtype=np.int64)
    else:
        y_true, y_pred = (np.asarray(a) for a in evaluation_or_preds)
        if y_true.shape != y_pred.shape or y_true.ndim != 1:
            raise ValueError(
                f"y_true and y_pred must be 1-D arrays of the same length, got shapes "
                f"{y_true.shape} and {y_pred.shape}."
            )
    return np.flatnonzero((y_true == true_class) & (y_pred == predicted_class)).astype(np.int64)


def predict_probabilities(model: Any, x: Any, batch_size: int = 256) -> np.ndarray:
    """Run the model over uint8 images in batches and return its (N, num_classes) outputs.

    The images are fed as float32 pixel values 0-255 (the models of
    `alexnet.network.builder` rescale in their first layer). The model is called on tensors
    batch by batch rather than through `model.predict(numpy)`, which stalls on large NumPy
    inputs.

    Args:
        model: a Keras model, or a `NumpyModel` of a saved one.
        x: (N, H, W, C) images.
        batch_size: images per forward pass.
    """
    if not isinstance(x, np.ndarray):  # asarray would turn a memmap into a plain view of it
        x = np.asarray(x)
    if x.ndim != 4 or len(x) == 0:
        raise ValueError(f"x must be a non-empty (N, H, W, C) image array, got shape {x.shape}.")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number, got {batch_size!r}.")
    expected = tuple(model.input_shape[1:])
    if any(e is not None and e != a for e, a in zip(expected, x.shape[1:], strict=True)):
        raise ValueError(
            f"The images are {x.shape[1:]} but the model expects {expected}; resize them "
            "with alexnet.analysis.images.prepare_image."
        )
    if isinstance(model, NumpyModel):  # a saved model run in NumPy: no TensorFlow
        return model.predict_probabilities(x)
    try:
        from alexnet.data.pipeline import predict_batches  # TensorFlow, only when predicting
    except ImportError:
        return _predict_loop(model, x, batch_size)
    return np.asarray(predict_batches(model, x, batch_size), dtype=np.float32)


def _predict_loop(model: Any, x: np.ndarray, batch_size: int) -> np.ndarray:
    """The model called on one tensor batch at a time (used where no tf.data pipeline is)."""
    import tensorflow as tf  # only when a model runs: stored evaluations need none

    outputs = []
    for start in range(0, len(x), batch_size):
        batch = tf.constant(x[start : start + batch_size].astype(np.float32))
        outputs.append(np.asarray(model(batch, training=False), dtype=np.float32))
    return np.concatenate(outputs)


def evaluate_model(
    model: Any,
    x: Any,
    y: Any,
    class_names: Sequence[str],
    batch_size: int = 256,
    *,
    max_mistakes: int = MAX_MISTAKES,
    data_description: str = "",
) -> Evaluation:
    """Predict the test images with the model and evaluate the predictions.

    Args:
        model: a Keras model ending in a softmax.
        x: (N, H, W, C) uint8 test images.
        y: (N,) integer labels.
        class_names: one name per class.
        batch_size: images per forward pass.
        max_mistakes: how many of the most confident mistakes to keep.
        data_description: which test images these are, e.g. `ImageData.description`.
    """
    probs = predict_probabilities(model, x, batch_size)
    return evaluate_probabilities(
        probs, y, class_names, max_mistakes=max_mistakes, data_description=data_description
    )
