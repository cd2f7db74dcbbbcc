"""Relmap's stand-in for BLIS's ``blis.py`` module in the packaged app.

thinc imports ``blis.py`` when it is itself imported, to offer BLIS's matrix product, and its
default ops refuse to start without it. Relmap builds its spaCy pipeline with
``NumpyOps(use_blis=False)`` (desktop/extract/pipeline.py: numpy's BLAS is faster here), so
BLIS's product is never called and its 18 MB module is not shipped. Should anything still ask
for it, this computes the same product with numpy.
"""

from __future__ import annotations

import numpy


def gemm(A, B, out=None, trans1=False, trans2=False, alpha=1.0, beta=1.0):  # noqa: N803 - BLIS's names
    """``alpha * op(A) @ op(B) + beta * out`` (out is overwritten when given), as blis.py.gemm."""
    a = A.T if trans1 else A
    b = B.T if trans2 else B
    product = numpy.matmul(a, b)
    if alpha != 1.0:
        product *= alpha
    if out is None:
        return product
    if beta == 0.0:
        out[...] = product
    else:
        out *= beta
        out += product
    return out
