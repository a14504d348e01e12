"""The small networks and quick configs that tests train, defined once."""

from __future__ import annotations

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.config.training import TrainConfig

# Two conv blocks and one dense block: every kind of layer, trained in about a second.
TINY = ModelSpec(
    name="tiny",
    conv_blocks=(ConvBlock(filters=8, kernel_size=3, pool=True),) * 2,
    dense_blocks=(DenseBlock(units=16),),
)
TINY_BN = TINY.with_batch_norm("before_activation").replace(name="tiny bn")
# 256 images of the shipped sample in batches of 64: one short epoch, a metrics line a batch.
QUICK = TrainConfig(train_size=256, batch_size=64, epochs=1, log_every_steps=1)
