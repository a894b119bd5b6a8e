"""Shared ground under every stage: files written whole, hashes, caches keyed by content, work
spread over the cores, where the project lives. Knows nothing of profiles.
"""
