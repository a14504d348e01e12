"""Work that runs in the background: the run queue, worker processes, the classroom
experiments, and exporting the shipped models.

May import every room below alexnet.cli; imports TensorFlow only inside a worker process.
"""
