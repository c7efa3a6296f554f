"""One tiny request to each configured model endpoint, explained in Chinese (for `assistant doctor`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from assistant.llm.drafter import MIN_CHINESE_SHARE, chinese_share
from assistant.llm.providers import LlmConfigError, create_chat_model, llm_enabled, resolve, safe_url

PROBE_PROMPT = "这是一次连通性测试。请只用中文回复“收到”两个字。"


@dataclass
class Check:
    """One line of the doctor's report."""

    key: str
    label: str
    ok: bool
    status: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "ok": self.ok, "status": self.status, "details": self.details}


def explain_error(exc: BaseException, url: str, timeout: float) -> str:
    """What a failed call means for the user, in one Chinese sentence (never the key)."""
    import openai

    status = getattr(exc, "status_code", None)
    if isinstance(exc, openai.AuthenticationError):
        return "密钥错误或已失效（HTTP 401），请检查 API 密钥设置。"
    if isinstance(exc, openai.PermissionDeniedError):
        return "无权使用该接口或模型（HTTP 403），请确认账户已开通该模型。"
    if isinstance(exc, openai.NotFoundError):
        return f"接口地址 {url} 不是模型服务，或模型名称不存在（HTTP 404），请检查接口地址和模型名称。"
    if isinstance(exc, openai.RateLimitError):
        return "请求过于频繁或账户额度不足（HTTP 429）。"
    if isinstance(exc, openai.APITimeoutError):
        return f"{timeout:g} 秒内没有响应（超时），请检查网络或适当调大超时设置。"
    if isinstance(exc, openai.APIConnectionError):
        return f"无法连接到 {url}（服务未启动、地址错误或网络不通）。"
    if isinstance(exc, openai.APIStatusError):
        return f"接口返回错误（HTTP {status}）。"
    return f"返回内容不是 OpenAI 兼容接口的格式，该地址可能不是模型服务（{type(exc).__name__}）。"


def probe_llm(settings: Any) -> Check:
    if not llm_enabled(settings):
        return Check("llm", "大模型", True, "未配置（ASSISTANT_LLM_PROVIDER=none），答复和文稿均离线起草。",
                     {"provider": "none"})
    try:
        config = resolve(settings)
    except LlmConfigError as exc:
        return Check("llm", "大模型", False, str(exc), {"provider": settings.llm_provider})
    details = {
        "provider": config.provider,
        "model": config.model,
        "base_url": config.display_url,
        "structured_output": config.method,
        "timeout_seconds": config.timeout,
    }
    started = time.monotonic()
    try:
        reply = create_chat_model(config, settings.llm_api_key).invoke([("user", PROBE_PROMPT)])
    except Exception as exc:  # noqa: BLE001 — every failure is reported, none is raised
        details["seconds"] = round(time.monotonic() - started, 2)
        return Check("llm", "大模型", False, explain_error(exc, config.display_url, config.timeout), details)
    details["seconds"] = round(time.monotonic() - started, 2)
    content = reply.content if isinstance(reply.content, str) else str(reply.content)
    content = content.strip()
    details["reply"] = content[:60]
    if not content:
        return Check("llm", "大模型", False, "模型返回了空消息，无法用于起草（可能是思考模型只输出了推理过程）。", details)
    if chinese_share(content) < MIN_CHINESE_SHARE:
        return Check("llm", "大模型", False,
                     f"模型没有用中文作答（回复：{content[:40]}），起草要求简体中文，请换用中文能力较好的模型。", details)
    return Check("llm", "大模型", True, f"可用，{details['seconds']} 秒内作答。", details)


def probe_embedding(settings: Any) -> Check:
    provider = settings.embedding_provider
    if provider in ("offline", "hash"):
        from assistant.retrieval.embeddings import build_embedding

        try:
            identity = build_embedding(settings).identity
        except Exception as exc:  # noqa: BLE001
            return Check("embedding", "向量模型", False, str(exc), {"provider": provider})
        text = ("离线向量 WordLlama（随软件包安装，无需联网）" if provider == "offline"
                else "内置哈希向量（无需联网）")
        return Check("embedding", "向量模型", True, f"使用{text}：{identity}。", {"provider": provider, "model": identity})
    details: dict[str, Any] = {"provider": provider, "model": settings.embedding_model or ""}
    if provider == "bert":
        return _probe_local_bert(settings, details)
    if provider == "sentence-transformers":
        from assistant.retrieval.embeddings import LocalSentenceTransformerEmbedding

        try:
            LocalSentenceTransformerEmbedding(settings.embedding_model or "").load()
        except Exception as exc:  # noqa: BLE001
            return Check("embedding", "向量模型", False, str(exc), details)
        return Check("embedding", "向量模型", True, "本地模型目录可以加载。", details)
    if not settings.embedding_model:
        return Check("embedding", "向量模型", False, "使用 openai 向量模型时必须设置 ASSISTANT_EMBEDDING_MODEL。", details)
    url = safe_url(settings.embedding_base_url) if settings.embedding_base_url else "https://api.openai.com/v1（默认）"
    details["base_url"] = url
    timeout = float(settings.llm_timeout)
    started = time.monotonic()
    try:
        from langchain_openai import OpenAIEmbeddings

        client = OpenAIEmbeddings(
            model=settings.embedding_model,
            base_url=settings.embedding_base_url,
            api_key=settings.embedding_api_key or "not-needed",
            check_embedding_ctx_length=False,  # otherwise tiktoken downloads its tables
            timeout=timeout,
            max_retries=0,
        )
        vector = client.embed_query("有事来协商")
    except Exception as exc:  # noqa: BLE001
        details["seconds"] = round(time.monotonic() - started, 2)
        return Check("embedding", "向量模型", False, explain_error(exc, url, timeout), details)
    details["seconds"] = round(time.monotonic() - started, 2)
    details["dimensions"] = len(vector)
    if not vector:
        return Check("embedding", "向量模型", False, "向量接口返回了空向量。", details)
    return Check("embedding", "向量模型", True, f"可用，{len(vector)} 维，{details['seconds']} 秒。", details)


def _probe_local_bert(settings: Any, details: dict[str, Any]) -> Check:
    """Loads the model folder and embeds one test sentence: a folder that loads but cannot encode is no use."""
    from assistant.retrieval.embeddings import LocalBertEmbedding

    embedding = LocalBertEmbedding(settings.embedding_model or "")
    started = time.monotonic()
    try:
        folder = embedding.folder()
        vector = embedding.embed(["有事来协商"])[0]
    except Exception as exc:  # noqa: BLE001
        return Check("embedding", "向量模型", False, str(exc), details)
    details.update(folder=str(folder), identity=embedding.identity, dimensions=int(vector.shape[0]),
                   seconds=round(time.monotonic() - started, 2))
    return Check("embedding", "向量模型", True,
                 f"使用本机 BERT 系列模型（numpy 运行，无需联网）：{embedding.identity}，目录 {folder}，"
                 f"{details['dimensions']} 维，加载并生成测试向量用时 {details['seconds']} 秒。", details)
