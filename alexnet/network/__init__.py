"""The network a spec describes: its layer table in pure Python (shapes, parameters, cost),
the Keras model (the only place that creates layers), the generated Keras code, and the
fused batch-normalization kernel the trainer switches to.

May import alexnet.config. Only `builder` and `fused_batch_norm` import Keras.
"""
