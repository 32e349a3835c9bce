"""`python -m playground` and the `micrograd-playground` console script."""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    # On 2 cores, BLAS threads in the worker fight the GUI thread; our matrices are small anyway.
    # Must be set before numpy is first imported.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from playground.app import run
    return run(sys.argv if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
