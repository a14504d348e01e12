"""The Home page's room: the tutorial's variants, the data in use, the latest runs, where to go."""
