"""Building one year's report: the inputs checked before anything runs, the steps in order (the
notebooks, the pages, the PDF), the content each step's cache key is made of, the record of what ran
and what came from the cache, and publishing the result whole.
"""
