"""`yizhan serve`: the live preview (being split by job; see preview.py)."""

from generator.serve.preview import Preview, SourceCache, serve

__all__ = ["Preview", "SourceCache", "serve"]
