"""The command line: one module per group of commands, each with its grammar and what it does
(``build_command.py``, ``review_commands.py``, ...), the options they share, the entry point that
turns a failure into one line, and the modules that do the work of the commands that need more
than a call into the build (preview, the sign-off, explain, the design's docs).
"""
