"""Every knob of the assistant, read once from the environment and `.env`.

The environment variable names are a public interface (the README lists them):
rename nothing without a deprecation path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _shipped_dir(name: str) -> Path:
    """Finds a data folder in a source checkout first, then inside an installed wheel."""
    in_repo = REPO_DIR / name
    return in_repo if in_repo.is_dir() else PACKAGE_DIR / "_data" / name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    # --- storage -------------------------------------------------------------------------
    data_dir: Path = Field(Path("./data"), description="数据目录：SQLite 数据库、向量索引、日志、导出文件")
    database_url: str | None = Field(
        None, description="数据库连接串；默认 data_dir 下的 SQLite 文件。PostgreSQL 示例：postgresql+psycopg://user@host/db"
    )

    # --- knowledge base ------------------------------------------------------------------
    knowledge_dir: Path = Field(default_factory=lambda: _shipped_dir("knowledge"), description="随附的政策文件与样例")
    chroma_host: str | None = Field(None, description="Chroma 服务器地址；不设置则使用 data_dir 下的嵌入式索引")
    chroma_port: int = Field(8000, description="Chroma 服务器端口")
    embedding_provider: Literal["offline", "hash", "openai", "sentence-transformers", "bert"] = Field(
        "offline",
        description="向量模型：offline（随软件包安装的 WordLlama 离线向量）、hash（内置哈希向量）、"
        "openai（兼容接口，如本地 bge-m3 服务）、sentence-transformers（本地模型目录）、"
        "bert（本机 BERT 系列模型目录，如 bge-small-zh-v1.5，numpy 运行，无需 PyTorch）",
    )
    embedding_model: str | None = Field(
        None, description="向量模型名称，或本地模型目录（sentence-transformers、bert）；bert 也可写 m3e-small"
    )
    embedding_base_url: str | None = Field(None, description="向量接口地址（OpenAI 兼容）")
    embedding_api_key: str | None = Field(None, description="向量接口密钥", repr=False)

    # --- Telegram (token and server names without the ASSISTANT_ prefix, as deployments expect) ---
    telegram_bot_token: str | None = Field(
        None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token"), repr=False,
        description="Telegram 机器人令牌（向 @BotFather 申请）",
    )
    telegram_base_url: str | None = Field(
        None, validation_alias=AliasChoices("TELEGRAM_BASE_URL", "telegram_base_url"),
        description="自建 Bot API 服务器地址，如 http://127.0.0.1:8081/bot（默认 Telegram 官方）",
    )
    telegram_base_file_url: str | None = Field(
        None, validation_alias=AliasChoices("TELEGRAM_BASE_FILE_URL", "telegram_base_file_url"),
        description="自建 Bot API 服务器的文件地址，如 http://127.0.0.1:8081/file/bot",
    )
    telegram_open_commands: str = Field(
        "start,help,ask", description="未获邀请的 Telegram 用户可使用的指令（逗号分隔；/join 始终可用）"
    )
    telegram_allow_list: str = Field("", description="无需邀请码即可使用的 Telegram 用户 ID（逗号分隔）")
    webhook_url: str | None = Field(None, description="Webhook 模式下 Telegram 回调的公网地址（https://…/路径）")
    webhook_listen: str = Field("127.0.0.1", description="Webhook 模式监听地址（负载均衡之后可设为 0.0.0.0）")
    webhook_port: int = Field(8443, description="Webhook 模式监听端口")
    webhook_path: str = Field("telegram", description="Webhook 路径")
    webhook_secret: str | None = Field(
        None, repr=False, description="Webhook 密钥（Telegram 在请求头 X-Telegram-Bot-Api-Secret-Token 中回传）"
    )
    reminder_hour: int = Field(9, ge=0, le=23, description="每日逾期事项提醒的时刻（0–23 点，按办公所在时区）")

    # --- language model (optional) -------------------------------------------------------
    # Every provider goes through the OpenAI-compatible client; the name only picks defaults
    # (base URL, structured-output method). "none" never imports langchain.
    llm_provider: Literal["none", "openai", "deepseek", "qwen", "glm", "ollama"] = Field(
        "none", description="大模型：none（不使用，离线起草）、openai（任意 OpenAI 兼容接口）、deepseek、qwen、glm、ollama"
    )
    llm_model: str | None = Field(None, description="大模型名称，如 deepseek-chat、qwen-plus、glm-4-flash、qwen2.5:7b")
    llm_base_url: str | None = Field(None, description="大模型接口地址（OpenAI 兼容）；不填则使用该提供方的默认地址")
    llm_api_key: str | None = Field(None, description="大模型接口密钥（不会写入日志）", repr=False)
    llm_timeout: float = Field(20.0, gt=0, description="每次请求大模型的超时秒数；超时（含重试）后改用离线起草")
    llm_max_retries: int = Field(0, ge=0, le=5, description="大模型调用失败时的重试次数（每次重试最多再等一个超时）")
    llm_structured_output: Literal["auto", "json_schema", "json_mode", "function_calling"] = Field(
        "auto", description="结构化输出方式；auto 按提供方选择（deepseek、qwen、glm、ollama 用 json_mode）"
    )
    prompts_dir: Path = Field(default_factory=lambda: _shipped_dir("prompts"), description="提示词模板目录")

    # --- behaviour -----------------------------------------------------------------------
    timezone: str = Field("Asia/Shanghai", description="办公所在时区：所有时间按此时区记录和显示")
    log_level: str = Field("INFO", description="日志级别（日志写入 data_dir/logs/assistant.log）")
    max_message_chars: int = Field(20_000, description="单条消息最多接收的字符数，超出部分不予处理并提示")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'assistant.db').resolve()}"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "logs" / "assistant.log"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def secrets(self) -> list[str]:
        """Values that must never reach a log file."""
        values = [self.telegram_bot_token, self.embedding_api_key, self.webhook_secret]
        values += [getattr(self, "llm_api_key", None)]
        return [v for v in values if v]
