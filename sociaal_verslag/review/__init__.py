"""What a reviewer relies on: the checks every build runs, the review pages of every executed
notebook and their index, each figure's sign-off key and state (``reviews/YEAR.yaml``), and the
checks of the editions in other languages before any notebook runs.
"""
