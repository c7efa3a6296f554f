"""Embeddings: the offline default is deterministic and offline; optional ones fail clearly."""

import numpy as np
import pytest

from assistant.config import Settings
from assistant.retrieval.embeddings import (
    LocalSentenceTransformerEmbedding,
    OfflineHashEmbedding,
    OpenAICompatibleEmbedding,
    WordLlamaEmbedding,
    build_embedding,
)
from assistant.retrieval.errors import EmbeddingUnavailable


def test_offline_embedding_is_normalised_deterministic_and_versioned():
    emb = OfflineHashEmbedding()
    a, b = emb(["县里一年开几次协商会", "县里一年开几次协商会"])
    assert a.shape == (512,) and np.isclose(np.linalg.norm(a), 1.0)
    assert np.allclose(a, b)
    assert emb.identity == "offline-hash-v1-512"
    assert OfflineHashEmbedding.build_from_config(emb.get_config()).identity == emb.identity


def test_offline_embedding_puts_related_chinese_text_closer():
    emb = OfflineHashEmbedding()
    query, near, far = emb.embed(["协商活动每年不少于几次", "组织协商活动每年不少于4次", "加大宣传报道力度"])
    assert float(query @ near) > float(query @ far)


def test_default_settings_use_wordllama_and_hash_stays_selectable(tmp_path):
    assert isinstance(build_embedding(Settings(data_dir=tmp_path)), WordLlamaEmbedding)
    assert isinstance(build_embedding(Settings(data_dir=tmp_path, embedding_provider="hash")), OfflineHashEmbedding)


def test_wordllama_loads_from_its_wheel_without_network(monkeypatch):
    # Any attempt to fetch the tokenizer or weights from a hub would go through these.
    import tokenizers

    def no_download(*args, **kwargs):
        raise AssertionError("tried to download")

    monkeypatch.setattr(tokenizers.Tokenizer, "from_pretrained", no_download)
    emb = WordLlamaEmbedding()
    query, near, far = emb.embed(["委员联系群众", "政协委员联系群众工作", "明天会不会下雨"])
    assert query.shape == (256,) and np.isclose(np.linalg.norm(query), 1.0, atol=1e-3)
    assert float(query @ near) > float(query @ far)
    assert emb.identity == "wordllama-l2-supercat-256"


def test_openai_config_never_contains_the_key():
    emb = OpenAICompatibleEmbedding("bge-m3", "http://127.0.0.1:9/v1", "secret-key")
    assert "secret-key" not in repr(emb.get_config())
    assert emb.identity == "openai-bge-m3"


def test_sentence_transformers_missing_directory_or_package_is_explained(tmp_path):
    with pytest.raises(EmbeddingUnavailable, match="本地向量模型目录不存在"):
        LocalSentenceTransformerEmbedding(str(tmp_path / "nope")).load()
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(EmbeddingUnavailable, match="未安装 sentence-transformers"):
            LocalSentenceTransformerEmbedding(str(tmp_path)).load()
