"""The stand-ins the packaged app carries for modules it leaves out (packaging/stubs/)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

STUBS = Path(__file__).resolve().parent.parent / "packaging" / "stubs"


def load_stub(file: str):
    spec = importlib.util.spec_from_file_location(f"relmap_stub_{file[:-3]}", STUBS / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
@pytest.mark.parametrize("alpha, beta", [(1.0, 0.0), (1.0, 1.0), (0.5, 2.0)])
@pytest.mark.parametrize("with_out", [False, True])
def test_blis_stand_in_computes_what_blis_does(trans1, trans2, alpha, beta, with_out):
    blis_py = pytest.importorskip("blis.py")
    stub = load_stub("blis_py.py")
    rng = np.random.default_rng(0)
    a = rng.random((7, 5) if not trans1 else (5, 7), dtype=np.float32)
    b = rng.random((5, 3) if not trans2 else (3, 5), dtype=np.float32)
    start = rng.random((7, 3), dtype=np.float32)
    want_out, got_out = (start.copy(), start.copy()) if with_out else (None, None)
    want = blis_py.gemm(a, b, out=want_out, trans1=trans1, trans2=trans2, alpha=alpha, beta=beta)
    got = stub.gemm(a, b, out=got_out, trans1=trans1, trans2=trans2, alpha=alpha, beta=beta)
    np.testing.assert_allclose(got, want, rtol=1e-5)
    if with_out:
        assert got is got_out
        np.testing.assert_allclose(got_out, want_out, rtol=1e-5)
