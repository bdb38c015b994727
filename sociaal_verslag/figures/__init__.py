"""The figures and charts as the report knows them: the catalogue (the ``.meta.yml`` beside each
metric and ``charts/charts.yaml``), figures and charts as records collected from the executed
notebooks, the units in words, and the comparison of two builds' figures.
"""
