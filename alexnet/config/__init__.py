"""What to train and how, as plain frozen data: the model spec and its JSON, the presets, the
training config and recipes, and the run config a run folder keeps.

Pure Python: imports nothing outside the standard library, and no other room of alexnet.
"""
