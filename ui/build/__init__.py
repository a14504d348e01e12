"""The Build page's room: the spec spread over widgets, the settings, and the results."""
