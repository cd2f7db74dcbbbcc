"""Article text -> proposed actors and typed relationships, each with its evidence span.

Public API (imported lazily so ``import desktop.extract`` stays cheap and spaCy loads only
when first used): :func:`load_pipeline`, :func:`extract`, :func:`extract_many`,
:func:`extract_file_json`, :class:`Extraction`, :class:`ProposedActor`,
:class:`ProposedRelationship`.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "load_pipeline": "desktop.extract.pipeline",
    "extract": "desktop.extract.engine",
    "extract_many": "desktop.extract.engine",
    "extract_file_json": "desktop.extract.files",
    "Extraction": "desktop.extract.model",
    "ProposedActor": "desktop.extract.model",
    "ProposedRelationship": "desktop.extract.model",
    "RELATIONSHIP_TYPES": "desktop.extract.model",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'desktop.extract' has no attribute {name!r}")
