"""Helpers for the tests: serving a built site and judging it with independent checkers (see checkers.py)."""
