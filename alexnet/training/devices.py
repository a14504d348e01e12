"""Where training runs: tf.distribute strategy, mixed precision, threads, device description.

TensorFlow's own engine does the scaling; this module only chooses and checks:

- "default": one device, the GPU when there is one, else the CPU (TensorFlow's default
  placement; no wrapping, so the single-device path costs nothing extra);
- "mirrored": `tf.distribute.MirroredStrategy`, one replica per local GPU (or the devices
  given), gradients all-reduced every step;
- "multi_worker": `tf.distribute.MultiWorkerMirroredStrategy` over the machines named in the
  `TF_CONFIG` environment variable; every worker runs the same command.

Thread and precision settings change how TensorFlow starts, so call `configure_threads` and
`get_strategy("multi_worker")` before anything else touches TensorFlow, and
`configure_precision` before the model is built.
"""

from __future__ import annotations

import json
import os
import platform

import keras
import tensorflow as tf

from alexnet.training.cpu_features import cpu_computes_bfloat16

STRATEGIES = ("default", "mirrored", "multi_worker")
# What cross-worker collectives can sum.
_COLLECTIVE_DTYPES = (tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.int32, tf.int64)


def get_strategy(name: str, devices: list[str] | None = None) -> tf.distribute.Strategy:
    """The tf.distribute strategy for a name; build and compile the model in its `scope()`.

    Args:
        name: "default", "mirrored" or "multi_worker".
        devices: for "mirrored" only: devices to mirror over, e.g. ["/gpu:0", "/gpu:1"];
            None means every local GPU (or the CPU when there is none).

    Raises:
        ValueError: on an unknown name, devices given for another strategy, or for
            "multi_worker" a missing or malformed `TF_CONFIG`.
    """
    if name not in STRATEGIES:
        raise ValueError(f"Unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}.")
    if devices is not None and name != "mirrored":
        raise ValueError(
            f"devices={devices!r} only applies to the 'mirrored' strategy, not {name!r}; "
            "leave devices out or use strategy 'mirrored'."
        )
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return tf.distribute.MirroredStrategy(devices=devices)
    read_tf_config()
    return _MultiWorkerMirroredStrategy()


class _MultiWorkerMirroredStrategy(tf.distribute.MultiWorkerMirroredStrategy):
    """MultiWorkerMirroredStrategy with the `reduce` that Keras 3's `fit` relies on.

    Keras 3 (keras-team/keras#20585) calls `strategy.reduce` in two ways that plain
    MultiWorkerMirroredStrategy rejects: on a whole (images, labels) batch at once, to build
    the model ("Attempt to convert a value (PerReplica...)"), and with `axis=0` on per-replica
    scalars (loss and metric values: "Invalid reduction dimension 0"). Here structures are
    reduced leaf by leaf, a scalar's axis-0 reduction is the reduction across replicas, and
    uint8 images, which collectives cannot sum, stand in with this worker's own batch (Keras
    reads only their shape and dtype there). Single tensors of other kinds are unchanged.
    """

    def reduce(self, reduce_op, value, axis=None):  # same contract as the parent's
        parent = super()

        def leaf(part):
            local = self.experimental_local_results(part)[0]
            if local.dtype not in _COLLECTIVE_DTYPES:
                return local
            part_axis = None if local.shape.rank == 0 else axis
            return parent.reduce(reduce_op, part, part_axis)

        return tf.nest.map_structure(leaf, value)


def read_tf_config() -> dict:
    """The parsed `TF_CONFIG`, checked for what MultiWorkerMirroredStrategy needs.

    Expected shape: {"cluster": {"worker": ["host:port", ...]}, "task": {"type": "worker",
    "index": i}}, the same cluster on every machine and each machine its own index.

    Raises:
        ValueError: saying what is missing or wrong and what it should look like.
    """
    example = (
        'TF_CONFIG=\'{"cluster": {"worker": ["host1:12345", "host2:12345"]}, '
        '"task": {"type": "worker", "index": 0}}\''
    )
    raw = os.environ.get("TF_CONFIG", "")
    if not raw.strip():
        raise ValueError(
            "The multi_worker strategy needs the TF_CONFIG environment variable naming every "
            f"worker and this machine's place among them, and it is not set. Example: {example}"
        )
    try:
        config = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"TF_CONFIG is not valid JSON ({error}); expected e.g. {example}"
        ) from None
    workers = config.get("cluster", {}).get("worker") if isinstance(config, dict) else None
    if not isinstance(workers, list) or not workers or not all(isinstance(w, str) for w in workers):
        raise ValueError(
            f"TF_CONFIG must list the workers as cluster.worker = ['host:port', ...]; got "
            f"{raw!r}. Example: {example}"
        )
    task = config.get("task")
    if not isinstance(task, dict) or task.get("type") not in ("worker", "chief"):
        raise ValueError(
            f"TF_CONFIG must say which task this is, task = {{'type': 'worker', 'index': i}}; "
            f"got task={task!r}."
        )
    index = task.get("index")
    members = config["cluster"].get(task["type"], [])
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(members):
        raise ValueError(
            f"TF_CONFIG task.index={index!r} does not name one of the {len(members)} "
            f"{task['type']} entries in the cluster; use 0 to {len(members) - 1}."
        )
    return config


def configure_precision(mixed: bool) -> str:
    """Set Keras' global dtype policy; call before building the model.

    Mixed precision computes in 16 bits and keeps float32 weights (the model's softmax layer
    and batch-normalization statistics stay float32). On a GPU it is "mixed_float16" (tensor
    cores). On a CPU that computes bfloat16 natively (AVX512_BF16 or AMX) it is
    "mixed_bfloat16", faster than float32 (docs/benchmarks.md). Other CPUs emulate 16-bit
    arithmetic, slower than float32, so there it is refused.

    Args:
        mixed: True for mixed precision, False for plain float32.

    Returns:
        The policy name now in force ("mixed_float16", "mixed_bfloat16" or "float32").

    Raises:
        ValueError: when mixed precision is asked for on a machine that would not gain.
    """
    if not mixed:
        keras.mixed_precision.set_global_policy("float32")
        return "float32"
    if tf.config.list_physical_devices("GPU"):
        policy = "mixed_float16"
    elif cpu_computes_bfloat16():
        policy = "mixed_bfloat16"
    else:
        raise ValueError(
            "Mixed precision was requested, but TensorFlow sees no GPU and this CPU has no "
            "native bfloat16 arithmetic (AVX512_BF16 or AMX), so it would make training "
            "slower, not faster. Turn mixed precision off, or run on a machine with a GPU "
            '(check with `python -c "import tensorflow as tf; '
            "print(tf.config.list_physical_devices('GPU'))\"`)."
        )
    keras.mixed_precision.set_global_policy(policy)
    return policy


def configure_threads(intra: int, inter: int) -> None:
    """Limit TensorFlow's thread pools, e.g. two runs side by side with half the cores each.

    Must be called before TensorFlow runs its first operation in this process.

    Args:
        intra: threads inside one op (a convolution's work is split over these); 0 = all cores.
        inter: ops run at the same time; 0 = TensorFlow's choice.

    Raises:
        ValueError: on negative counts, or when TensorFlow has already started.
    """
    for label, value in (("intra", intra), ("inter", inter)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{label} must be a whole number >= 0 (0 = automatic), got {value!r}.")
    try:
        tf.config.threading.set_intra_op_parallelism_threads(intra)
        tf.config.threading.set_inter_op_parallelism_threads(inter)
    except RuntimeError as error:
        raise ValueError(
            f"Threads can only be set before TensorFlow starts ({error}); call "
            "configure_threads first thing in the process, before building models or data."
        ) from None


def describe_devices() -> dict:
    """What a run ran on, for its config: cores, GPUs, library versions, thread settings."""
    gpus = []
    for gpu in tf.config.list_physical_devices("GPU"):
        details = tf.config.experimental.get_device_details(gpu)
        gpus.append(
            {
                "name": gpu.name,
                "model": details.get("device_name", ""),
                "compute_capability": list(details.get("compute_capability", ()) or ()),
            }
        )
    return {
        "cpu_count": os.cpu_count(),
        "gpus": gpus,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
        "precision": keras.mixed_precision.global_policy().name,
    }
