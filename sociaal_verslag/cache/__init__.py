"""The content-keyed store of what a build made, so that a rebuild redoes only what changed: each
entry checked on every read, written whole or not at all, and the store kept to a size. What
goes into a key is the build's business (``build/cache_keys.py``); the store only keeps entries.
"""
