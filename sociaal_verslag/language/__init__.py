"""How the report speaks in each language of an edition (nl-BE, fr-BE): how a number is printed,
the words around it (``phrases.yaml``), the fixed words in another language than Dutch
(``locale/<language>/*.po``), typesetting, and the Jinja environment of the project's own
templates.
"""
