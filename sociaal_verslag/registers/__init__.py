"""The year's data registers: what each file holds (``registers.yaml``, read by ``schema.py``),
reading them as the source systems export them (CSV, Belgian Excel, .xlsx), checking every cell
and row with precise errors, their receipts, and the registers validated once per build and
handed to the notebooks as Parquet.
"""
