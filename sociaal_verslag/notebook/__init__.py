"""The chapter notebooks: what a notebook's cells call in the kernel (``calls.py``: set up, load a
register, record figures, show a chart), what a recording cell shows, what the kernel really
reads, a review notebook run again, and what each notebook declares by its code (read without
running it).
"""
