"""Looking at trained networks: evaluation on test images, filters, feature maps and Grad-CAM,
and loading models and images safely.

May import alexnet.config, network, store and data.
"""
