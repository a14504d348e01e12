"""The Compare page's room: the batch normalization experiment, and any runs overlaid."""
