"""Runs on disk: the run store (one folder per run, files written whole, locks), the
best-else-last checkpoint rule, a run as a zip, the shipped pretrained runs, and what the
pages read of stored runs (summaries and curves).

May import alexnet.config and alexnet.network's layer table. No TensorFlow.
"""
