"""The report's charts: each drawing in every language of the year (``drawings.py``), their captions
and figures (``charts.yaml``), and the one look they share (``style.py``).
"""
