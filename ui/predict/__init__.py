"""The Predict page's room: one image's top-5, and a random batch of test images."""
