"""The discussion of a dataset: a plain-text comment thread on its page."""
