"""The documents: the report's page (HTML, through nbconvert), the PDF/A for filing (WeasyPrint),
and the manifest and colophon that say where a build came from.
"""
