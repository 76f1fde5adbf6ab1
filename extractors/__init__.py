"""spaCy components that find ML entities, their roles and relations in abstracts."""

from .pipeline import make_pipeline, tagger_available

__all__ = ["make_pipeline", "tagger_available"]
