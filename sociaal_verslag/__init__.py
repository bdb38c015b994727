"""Build SmartCoop's yearly special report on its recognition as a social enterprise.

Data flows one way: parameters and registers -> figures -> narrative and charts -> HTML.
"""

__version__ = "0.1.0"
