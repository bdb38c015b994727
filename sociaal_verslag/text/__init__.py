"""The report's text: the Markdown chapters with their placeholders, rendered in a sandbox, what a
placeholder may be and print, where a chart may stand, the numbers of the text linked to their
cells, and the appendix on where the figures come from.
"""
