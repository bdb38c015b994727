"""One report year: its parameters (``params/YEAR.yaml``, checked against a typed schema), its
chapters in order (``report.yaml``), its editions (the report in each language), and starting the
next year from the last one.
"""
