"""Training one run: the fit loop, its setup (initial weights, optimizer, schedule), the
callback that writes metrics and checkpoints, batch-normalization recalibration, the final
evaluation, devices and strategies, CPU features, and quieting TensorFlow's start-up log.

May import every room below alexnet.jobs. Imports TensorFlow (except `cpu_features`).
"""
