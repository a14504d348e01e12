"""AlexNet Lab's core: everything the app and the command line do, without a user interface.

The rooms, from the bottom up; each imports only the rooms listed before it (checked by
import-linter, `lint-imports`, with the contracts in pyproject.toml):

    config     the model spec, presets, the training config and recipes, the run config
    network    the layer table, the Keras builder, the code generator, fused batch norm
    store      the run store on disk, shipped models, export, what the pages read of runs
    data       CIFAR-10 and its sources, the decoded cache, splits, the input pipeline
    charts     Plotly figures from data
    analysis   evaluation, what a trained network sees, loading models and images
    training   the fit loop and everything around it (setup, callbacks, devices)
    jobs       the run queue, worker processes, classroom experiments
    cli        `python -m alexnet`

config, store and jobs never import TensorFlow at import time, nor do the modules behind
the Home, Build, Train, Compare and Runs pages (tests/integration/test_layers.py).
"""
