"""`python -m alexnet`: the command line, one subcommand for each thing the app does.

May import every other room.
"""
