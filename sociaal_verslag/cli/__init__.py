"""The command line: its grammar, and one module for each group of commands that needs more than a
call into the build (preview, the sign-off, explain, the cache, the design's docs).
"""
