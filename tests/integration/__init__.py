"""Tests that start processes or train a network: slower, and real end to end."""
