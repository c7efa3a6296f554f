"""A BERT-family sentence encoder (m3e, bge-small-zh, text2vec…) run in numpy, without PyTorch.

An office may copy any Hugging Face / sentence-transformers model folder onto the machine
(config.json, tokenizer.json or vocab.txt, model.safetensors or pytorch_model.bin) and use it
offline: nothing is downloaded and no deep-learning framework is installed. The forward pass is
the plain BERT encoder: embeddings, N post-LayerNorm layers of self-attention and a GELU
feed-forward, then mean or [CLS] pooling as the folder's 1_Pooling/config.json says, and L2
normalisation.

Everything stays float32: one float64 scalar (np.sqrt of an int is one) in the arithmetic
silently upcasts whole matrices and makes a batch some 20× slower, so constants are Python
floats or explicit float32.

A pytorch_model.bin is a zip archive whose data.pkl is a pickle. Unpickling runs whatever
globals the file names, so it is read by a restricted unpickler that knows only the few globals
a plain state dict needs and refuses every other one.
"""

from __future__ import annotations

import json
import math
import pickle
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# BERT's position table has 512 rows; longer texts are truncated (chunks are clauses, far shorter).
MAX_TOKENS = 512
_MASKED = np.float32(-1e9)


class BertModelError(ValueError):
    """The folder is not a readable BERT-family model; the message says why, in Chinese."""


@dataclass(frozen=True)
class BertConfig:
    hidden_size: int
    num_layers: int
    num_heads: int
    layer_norm_eps: float
    hidden_act: str
    max_positions: int
    position_offset: int = 0
    intermediate_size: int = 0  # the feed-forward width; 0 when config.json does not say

    @staticmethod
    def from_file(path: Path) -> BertConfig:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BertModelError(f"无法读取模型配置 {path}（{exc.strerror or '读取失败'}）。") from exc
        except ValueError as exc:  # not UTF-8, or not JSON
            raise BertModelError(f"模型配置 {path} 不是有效的 JSON 文件。") from exc
        if not isinstance(raw, dict):
            raise BertModelError(f"模型配置 {path} 不是 JSON 对象（应为 {{\"hidden_size\": …}} 这样的键值表）。")
        model_type = str(raw.get("model_type", "bert"))
        if model_type not in ("bert", "roberta", "xlm-roberta") and "Bert" not in str(raw.get("architectures", "")):
            raise BertModelError(f"模型类型 {model_type} 不是 BERT 系列，无法用内置编码器运行（{path}）。")
        if str(raw.get("position_embedding_type", "absolute")) != "absolute":
            raise BertModelError(f"不支持的位置编码 {raw['position_embedding_type']}（{path}）。")

        def number(key: str, default: Any = None, kind: Any = int) -> Any:
            value = raw.get(key, default)
            if value is None:
                raise BertModelError(f"模型配置 {path} 缺少必要的字段 {key}。")
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise BertModelError(f"模型配置 {path} 中 {key} 的取值 {value!r} 不是数字。")
            try:
                return kind(value)
            except (TypeError, ValueError) as exc:
                raise BertModelError(f"模型配置 {path} 中 {key} 的取值 {value!r} 不是数字。") from exc

        config = BertConfig(
            hidden_size=number("hidden_size"),
            num_layers=number("num_hidden_layers"),
            num_heads=number("num_attention_heads"),
            layer_norm_eps=number("layer_norm_eps", 1e-12, float),
            hidden_act=str(raw.get("hidden_act", "gelu")),
            max_positions=number("max_position_embeddings", MAX_TOKENS),
            # RoBERTa numbers positions from padding_idx + 1, BERT from 0.
            position_offset=number("pad_token_id", 1) + 1 if model_type != "bert" else 0,
            intermediate_size=number("intermediate_size", 0),
        )
        config.check(path)
        return config

    def check(self, path: Path) -> None:
        """Sizes the forward pass divides by or counts with must make sense: a folder that
        fails here would otherwise crash at the first text with an arithmetic error."""
        for name, value in (("hidden_size", self.hidden_size), ("num_hidden_layers", self.num_layers),
                            ("num_attention_heads", self.num_heads), ("max_position_embeddings", self.max_positions)):
            if value <= 0:
                raise BertModelError(f"模型配置 {path} 中 {name} 为 {value}，应为正整数。")
        if self.hidden_size % self.num_heads:
            raise BertModelError(
                f"模型配置 {path} 中 hidden_size（{self.hidden_size}）不能被 num_attention_heads（{self.num_heads}）整除。"
            )
        if not self.layer_norm_eps > 0:
            raise BertModelError(f"模型配置 {path} 中 layer_norm_eps 为 {self.layer_norm_eps}，应为正数。")


# --- weights -------------------------------------------------------------------------------

_STORAGE_DTYPES = {
    "FloatStorage": np.float32, "HalfStorage": np.float16, "DoubleStorage": np.float64,
    "BFloat16Storage": "bfloat16", "LongStorage": np.int64, "IntStorage": np.int32,
    "ShortStorage": np.int16, "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}


@dataclass(frozen=True)
class _StorageType:
    """Stands in for torch.FloatStorage & co.: only the element type matters here."""

    name: str


def _rebuild_tensor_v2(storage: np.ndarray, offset: int, size: tuple, stride: tuple, *_: Any) -> np.ndarray:
    if not size:
        return storage[offset:offset + 1].reshape(()).copy()
    strides = tuple(s * storage.itemsize for s in stride)
    return np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size), strides=strides).copy()


_ALLOWED_GLOBALS: dict[tuple[str, str], Any] = {
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("collections", "OrderedDict"): dict,
}


class _StateDictUnpickler(pickle.Unpickler):
    def __init__(self, file: Any, archive: zipfile.ZipFile, prefix: str, source: Path):
        super().__init__(file)
        self._archive = archive
        self._prefix = prefix
        self._source = source
        self._storages: dict[str, np.ndarray] = {}

    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED_GLOBALS.get((module, name))
        if allowed is not None:
            return allowed
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        raise BertModelError(
            f"模型文件 {self._source.name} 引用了不允许的对象 {module}.{name}，为安全起见拒绝读取"
            "（只接受普通的权重文件；可改用 model.safetensors 格式）。"
        )

    def persistent_load(self, pid: Any) -> np.ndarray:
        if not (isinstance(pid, tuple) and len(pid) >= 3 and pid[0] == "storage" and isinstance(pid[1], _StorageType)):
            raise BertModelError(f"模型文件 {self._source.name} 中有无法识别的数据引用，拒绝读取。")
        key = str(pid[2])
        cached = self._storages.get(key)
        if cached is None:
            try:
                raw = self._archive.read(f"{self._prefix}data/{key}")
            except KeyError as exc:
                raise BertModelError(f"模型文件 {self._source.name} 不完整（缺少数据块 {key}）。") from exc
            dtype = _STORAGE_DTYPES[pid[1].name]
            if dtype == "bfloat16":  # numpy has no bfloat16: its bits are the top half of a float32
                cached = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
            else:
                cached = np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<"))
            self._storages[key] = cached
        return cached


def read_torch_state_dict(path: Path) -> dict[str, np.ndarray]:
    """A PyTorch zip checkpoint (torch.save since 1.6) as numpy arrays, without torch."""
    if not zipfile.is_zipfile(path):
        raise BertModelError(
            f"模型文件 {path.name} 是旧版 PyTorch 格式（非 zip），无法在不安装 PyTorch 的情况下读取；"
            "请改用 model.safetensors 格式的模型目录。"
        )
    with zipfile.ZipFile(path) as archive:
        pickles = [n for n in archive.namelist() if n.endswith("data.pkl")]
        if len(pickles) != 1:
            raise BertModelError(f"模型文件 {path.name} 的结构无法识别（应含一个 data.pkl）。")
        prefix = pickles[0][: -len("data.pkl")]
        with archive.open(pickles[0]) as handle:
            try:
                state = _StateDictUnpickler(handle, archive, prefix, path).load()
            except BertModelError:
                raise
            except Exception as exc:
                raise BertModelError(f"无法读取模型文件 {path.name}：{exc}") from exc
    if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    if not isinstance(state, dict):
        raise BertModelError(f"模型文件 {path.name} 中不是权重表。")
    return {str(k): v for k, v in state.items() if isinstance(v, np.ndarray)}


def read_weights(folder: Path) -> dict[str, np.ndarray]:
    safetensors_file = folder / "model.safetensors"
    if safetensors_file.is_file():
        from safetensors.numpy import load_file

        try:
            return load_file(str(safetensors_file))
        except Exception as exc:  # safetensors raises its own error type for a damaged header
            raise BertModelError(f"无法读取模型文件 {safetensors_file}：文件已损坏或不完整。") from exc
    torch_file = folder / "pytorch_model.bin"
    if torch_file.is_file():
        return read_torch_state_dict(torch_file)
    raise BertModelError(f"模型目录 {folder} 中没有 model.safetensors 或 pytorch_model.bin。")


# --- the network ---------------------------------------------------------------------------

@dataclass
class _Layer:
    qkv_w: np.ndarray  # (hidden, 3·hidden): query, key and value in one matrix product
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


def _weight_table(raw: dict[str, np.ndarray], source: Path) -> dict[str, np.ndarray]:
    """Keys without the optional "bert."/"roberta." prefix, old gamma/beta names read as weight/bias."""
    table: dict[str, np.ndarray] = {}
    for key, value in raw.items():
        for prefix in ("bert.", "roberta.", "model."):
            if key.startswith(prefix):
                key = key[len(prefix):]
                break
        if key.endswith("LayerNorm.gamma"):
            key = key[: -len("gamma")] + "weight"
        elif key.endswith("LayerNorm.beta"):
            key = key[: -len("beta")] + "bias"
        table[key] = value
    if "embeddings.word_embeddings.weight" not in table:
        raise BertModelError(f"{source} 中没有 BERT 的词向量表（embeddings.word_embeddings.weight）。")
    return table


def _f32(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.float32)


class BertEncoder:
    """Loads a model folder once; `encode` turns texts into L2-normalised float32 rows."""

    def __init__(self, folder: str | Path, batch_size: int = 16):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise BertModelError(f"模型目录不存在：{self.folder}")
        model_dir = _transformer_dir(self.folder)
        self.config = BertConfig.from_file(model_dir / "config.json")
        self.pooling = _pooling(self.folder, model_dir)
        self._gelu = _activation(self.config.hidden_act)
        self._load(_weight_table(read_weights(model_dir), model_dir))
        # The position table, not config.json alone, bounds the length a text may have.
        rows = min(self.config.max_positions, self.position.shape[0])
        self.max_tokens = min(MAX_TOKENS, rows - self.config.position_offset)
        self.tokenizer = _tokenizer(model_dir, self.max_tokens)
        if self.tokenizer.get_vocab_size() > self.word.shape[0]:
            raise BertModelError(
                f"模型目录 {self.folder} 的分词器词表（{self.tokenizer.get_vocab_size()} 个）大于词向量表"
                f"（{self.word.shape[0]} 个），分词器与权重不属于同一个模型。"
            )
        self.batch_size = batch_size

    @property
    def dim(self) -> int:
        return self.config.hidden_size

    def _load(self, w: dict[str, np.ndarray]) -> None:
        cfg = self.config

        h = cfg.hidden_size
        # The feed-forward width as config.json states it, else as the first layer has it.
        inner = w.get("encoder.layer.0.intermediate.dense.weight")
        width = cfg.intermediate_size if cfg.intermediate_size > 0 else (
            int(inner.shape[0]) if inner is not None and inner.ndim == 2 and inner.shape[0] > 0 else None)

        def get(key: str, *shape: int | None) -> np.ndarray:
            """The weight, checked against its shape when one is given (None: any positive length),
            so a folder of the wrong shape is refused at load with a reason, not mid-encode."""
            value = w.get(key)
            if value is None:
                raise BertModelError(f"模型目录 {self.folder} 的权重中缺少 {key}。")
            if shape and (value.ndim != len(shape) or any(
                    (want is None and got <= 0) or (want is not None and got != want)
                    for got, want in zip(value.shape, shape, strict=True))):
                wanted = "×".join("N" if d is None else str(d) for d in shape)
                raise BertModelError(
                    f"模型目录 {self.folder} 的权重 {key} 形状为 {'×'.join(map(str, value.shape)) or '标量'}，"
                    f"按 config.json 应为 {wanted}，权重与配置不属于同一个模型。"
                )
            return _f32(value)

        self.word = get("embeddings.word_embeddings.weight", None, h)
        self.position = get("embeddings.position_embeddings.weight", None, h)
        types = w.get("embeddings.token_type_embeddings.weight")
        self.token_type = (get("embeddings.token_type_embeddings.weight", None, h) if types is not None
                           else np.zeros((1, h), np.float32))
        self.emb_ln = (get("embeddings.LayerNorm.weight", h), get("embeddings.LayerNorm.bias", h))
        if self.position.shape[0] <= cfg.position_offset:
            raise BertModelError(f"模型目录 {self.folder} 的位置向量表只有 {self.position.shape[0]} 行，无法编码任何文字。")
        self.layers: list[_Layer] = []
        for i in range(cfg.num_layers):
            p = f"encoder.layer.{i}."
            for n in ("query", "key", "value"):
                get(p + f"attention.self.{n}.weight", h, h)
                get(p + f"attention.self.{n}.bias", h)
            for key, shape in (("attention.output.dense.weight", (h, h)), ("attention.output.dense.bias", (h,)),
                               ("attention.output.LayerNorm.weight", (h,)), ("attention.output.LayerNorm.bias", (h,)),
                               ("intermediate.dense.weight", (width, h)), ("intermediate.dense.bias", (width,)),
                               ("output.dense.weight", (h, width)), ("output.dense.bias", (h,)),
                               ("output.LayerNorm.weight", (h,)), ("output.LayerNorm.bias", (h,))):
                get(p + key, *shape)
            # Stored as (out, in) for x @ W.T; transposed once here so every product is x @ W.
            qkv_w = np.concatenate([get(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")])
            qkv_b = np.concatenate([get(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append(_Layer(
                qkv_w=_f32(qkv_w.T), qkv_b=qkv_b,
                out_w=_f32(get(p + "attention.output.dense.weight").T), out_b=get(p + "attention.output.dense.bias"),
                ln1_g=get(p + "attention.output.LayerNorm.weight"), ln1_b=get(p + "attention.output.LayerNorm.bias"),
                up_w=_f32(get(p + "intermediate.dense.weight").T), up_b=get(p + "intermediate.dense.bias"),
                down_w=_f32(get(p + "output.dense.weight").T), down_b=get(p + "output.dense.bias"),
                ln2_g=get(p + "output.LayerNorm.weight"), ln2_b=get(p + "output.LayerNorm.bias"),
            ))

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [enc.ids for enc in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        ids = self.token_ids(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Sorted by length so each batch pads to about its own length, not the longest text's.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), self.batch_size):
            chosen = order[start:start + self.batch_size]
            out[chosen] = self._encode_batch([ids[i] for i in chosen])
        return out

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        cfg = self.config
        length = max(len(row) for row in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for r, row in enumerate(batch):
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1.0
        x = self.word[ids]
        x += self.position[cfg.position_offset:cfg.position_offset + length]
        x += self.token_type[0]
        x = _layer_norm(x, *self.emb_ln, cfg.layer_norm_eps)
        bias = ((1.0 - mask) * _MASKED)[:, None, None, :]  # (B, 1, 1, L): padded keys get no attention
        heads, head_dim = cfg.num_heads, cfg.hidden_size // cfg.num_heads
        scale = np.float32(1.0 / math.sqrt(head_dim))
        b, n, h = len(batch), length, cfg.hidden_size
        # Dense products on (B·L, hidden): one large matrix product is ~25 % faster than B stacked ones.
        x = x.reshape(b * n, h)
        for layer in self.layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            qkv = qkv.reshape(b, n, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)  # (3, B, H, L, d)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= scale
            scores += bias
            _softmax_inplace(scores)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, h)
            attended = context @ layer.out_w
            attended += layer.out_b
            attended += x
            x = _layer_norm(attended, layer.ln1_g, layer.ln1_b, cfg.layer_norm_eps)
            inner = x @ layer.up_w
            inner += layer.up_b
            self._gelu(inner)
            out = inner @ layer.down_w
            out += layer.down_b
            out += x
            x = _layer_norm(out, layer.ln2_g, layer.ln2_b, cfg.layer_norm_eps)
        x = x.reshape(b, n, h)
        if self.pooling == "cls":
            pooled = x[:, 0, :].copy()
        else:
            pooled = np.einsum("bld,bl->bd", x, mask) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (pooled / norms).astype(np.float32, copy=False)


def _layer_norm(x: np.ndarray, gain: np.ndarray, shift: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    x -= mean
    var = np.mean(x * x, axis=-1, keepdims=True)
    var += np.float32(eps)
    np.sqrt(var, out=var)
    x /= var
    x *= gain
    x += shift
    return x


def _softmax_inplace(scores: np.ndarray) -> None:
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)


# GELU makes ~20 elementwise passes over the feed-forward activations (B × L × 4·hidden floats,
# megabytes): done block by block, each block stays in the CPU cache instead of streaming
# through memory 20 times: twice as fast on m3e-small's activations (~30 % of a batch before).
_BLOCK = 16384


def _blocks(x: np.ndarray) -> list[np.ndarray]:
    flat = x.reshape(-1)  # the activations are a fresh contiguous product, so this is a view
    return [flat[i:i + _BLOCK] for i in range(0, flat.size, _BLOCK)]


def _erf_inplace(x: np.ndarray, poly: np.ndarray, sign: np.ndarray) -> None:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26): numpy has no erf, and scipy is not a dependency.

    `poly` and `sign` are scratch arrays of x's size."""
    np.sign(x, out=sign)
    np.abs(x, out=x)
    np.multiply(x, np.float32(0.3275911), out=poly)
    poly += np.float32(1.0)
    np.reciprocal(poly, out=poly)  # t
    t = poly.copy()
    poly *= np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    x *= x
    np.negative(x, out=x)
    np.exp(x, out=x)
    x *= poly
    np.subtract(np.float32(1.0), x, out=x)
    x *= sign


def gelu_erf(x: np.ndarray) -> None:
    """BERT's exact GELU, x·Φ(x), in place."""
    scratch = [np.empty(min(_BLOCK, x.size), dtype=np.float32) for _ in range(3)]
    for block in _blocks(x):
        half, poly, sign = (a[: block.size] for a in scratch)
        np.multiply(block, np.float32(0.5), out=half)
        block *= np.float32(1.0 / math.sqrt(2.0))
        _erf_inplace(block, poly, sign)
        block += np.float32(1.0)
        block *= half


def gelu_tanh(x: np.ndarray) -> None:
    """The tanh approximation (gelu_new / gelu_pytorch_tanh), in place; x*x*x, since x**3 is far slower."""
    scratch = [np.empty(min(_BLOCK, x.size), dtype=np.float32) for _ in range(2)]
    for block in _blocks(x):
        half, cube = (a[: block.size] for a in scratch)
        np.multiply(block, np.float32(0.5), out=half)
        np.multiply(block, block, out=cube)
        cube *= block
        cube *= np.float32(0.044715)
        block += cube
        block *= np.float32(math.sqrt(2.0 / math.pi))
        np.tanh(block, out=block)
        block += np.float32(1.0)
        block *= half


def _relu(x: np.ndarray) -> None:
    np.maximum(x, np.float32(0.0), out=x)


def _activation(name: str) -> Any:
    if name == "gelu":
        return gelu_erf
    if name in ("gelu_new", "gelu_pytorch_tanh", "gelu_fast"):
        return gelu_tanh
    if name == "relu":
        return _relu
    raise BertModelError(f"不支持的激活函数 {name}。")


# --- folder layout -------------------------------------------------------------------------

def _transformer_dir(folder: Path) -> Path:
    """The folder with config.json: the root, or the Transformer module named in modules.json."""
    if (folder / "config.json").is_file():
        return folder
    modules = _read_json(folder / "modules.json")
    if isinstance(modules, list):
        for module in modules:
            if isinstance(module, dict) and str(module.get("type", "")).endswith("Transformer"):
                candidate = folder / str(module.get("path", ""))
                if (candidate / "config.json").is_file():
                    return candidate
    raise BertModelError(f"模型目录 {folder} 中没有 config.json，不是可用的模型目录。")


def _pooling(folder: Path, model_dir: Path) -> str:
    """"mean" or "cls" from 1_Pooling/config.json (any Pooling module of modules.json); mean if absent."""
    paths = [folder / "1_Pooling" / "config.json"]
    modules = _read_json(folder / "modules.json")
    if isinstance(modules, list):
        paths = [folder / str(m.get("path", "")) / "config.json" for m in modules
                 if isinstance(m, dict) and str(m.get("type", "")).endswith("Pooling")] + paths
    for path in paths:
        config = _read_json(path)
        if not isinstance(config, dict):
            continue
        if config.get("pooling_mode_cls_token"):
            return "cls"
        if config.get("pooling_mode_mean_tokens"):
            return "mean"
        mode = config.get("pooling_mode")
        if mode in ("cls", "mean"):
            return str(mode)
        raise BertModelError(f"不支持 {path} 中的池化方式（只支持 mean 与 cls）。")
    return "mean"


def _tokenizer(model_dir: Path, max_tokens: int) -> Any:
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    if path.is_file():
        try:
            tokenizer = Tokenizer.from_file(str(path))
        except Exception as exc:
            raise BertModelError(f"无法读取分词器 {path}：{exc}") from exc
    elif (model_dir / "vocab.txt").is_file():
        from tokenizers.implementations import BertWordPieceTokenizer

        settings = _read_json(model_dir / "tokenizer_config.json")
        lowercase = bool(settings.get("do_lower_case", True)) if isinstance(settings, dict) else True
        try:
            tokenizer = BertWordPieceTokenizer(str(model_dir / "vocab.txt"), lowercase=lowercase,
                                               handle_chinese_chars=True, strip_accents=None)
        except Exception as exc:  # the tokenizers library raises TypeError, ValueError or its own errors
            raise BertModelError(
                f"无法读取分词器词表 {model_dir / 'vocab.txt'}：词表为空或缺少 [CLS]、[SEP] 等必需的词。"
            ) from exc
    else:
        raise BertModelError(f"模型目录 {model_dir} 中没有分词器文件（tokenizer.json 或 vocab.txt）。")
    if tokenizer.get_vocab_size() <= 0:
        raise BertModelError(f"模型目录 {model_dir} 的分词器词表为空。")
    tokenizer.no_padding()  # batches are padded here, by length
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer


def _read_json(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
