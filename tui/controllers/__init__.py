"""Parts of a screen that have no look of their own: each owns one feature's state and workers,
declares what it needs in its constructor, and posts what happened as messages up to its screen.
"""
