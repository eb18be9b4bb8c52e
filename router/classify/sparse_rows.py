"""Rows of sparse features in CSR layout, in numpy alone.

The router's inference needs only two things of a sparse matrix: each row's entries and
the product with a dense weight matrix. scipy.sparse would cost about 19 MB of memory
for that, so this keeps the CSR triple and computes the product itself.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True, eq=False)
class SparseRows:
    """CSR: row ``i``'s columns are ``indices[indptr[i]:indptr[i + 1]]`` (ascending)."""

    indptr: np.ndarray[Any, Any]  # int64, one more than there are rows
    indices: np.ndarray[Any, Any]  # int64
    data: np.ndarray[Any, Any]  # float32
    width: int

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.indptr) - 1, self.width

    def row_of(self) -> np.ndarray[Any, Any]:
        """The row of every entry."""
        rows = np.arange(self.shape[0], dtype=np.int64)
        result: np.ndarray[Any, Any] = np.repeat(rows, np.diff(self.indptr))
        return result

    def dot(self, weights: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """``self @ weights`` for a dense (width x k) matrix, bit for bit as scipy has it.

        scipy adds each row's products one entry after the other; so does a reduction
        over the outer axis of a C-ordered array (numpy's pairwise summation applies to
        the inner axis only). One row at a time also bounds the gathered weights.
        """
        result = np.zeros((self.shape[0], weights.shape[1]), np.result_type(self.data, weights))
        for row, (start, stop) in enumerate(itertools.pairwise(self.indptr.tolist())):
            if stop > start:
                products = weights[self.indices[start:stop]]
                products *= self.data[start:stop, None]
                np.add.reduce(products, axis=0, out=result[row])
        return result
