"""The content-keyed store of what a build made, so that a rebuild redoes only what changed: each
entry checked on every read, written whole or not at all, and the store kept to a size. Each
product's key is its step's identity (``identity.py``): what the step gives each time it runs and
what ``steps.yaml`` declares it is made of (code, resources, environment).
"""
