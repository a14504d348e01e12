"""The Inspect page's room: filters, feature maps, Grad-CAM and the evaluation, cached."""
