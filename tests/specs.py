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

# A network and recipe that learn a lot in seconds, for tests that need training to make
# progress: batch normalization, Adam at 0.003, 300 sample images in batches of 10, 3 epochs.
# Measured over seeds 0 to 9 on a 2-core CPU: training accuracy 21-29% in epoch 1 and 57-72%
# in epoch 3, the last epoch's loss 32-42% of the first step's, test accuracy 34-42% (chance:
# 10%); about 3 s a run.
LEARNER = ModelSpec(
    name="learner",
    conv_blocks=(ConvBlock(filters=16, kernel_size=3, pool=True), ConvBlock(32, 3, pool=True)),
    dense_blocks=(DenseBlock(units=256),),
    batch_norm="before_activation",
)
LEARNING = TrainConfig(
    train_size=300, batch_size=10, epochs=3, learning_rate=0.003, log_every_steps=1
)
