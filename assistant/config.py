"""Every knob of the assistant, read once from the environment and `.env`.

The environment variable names are a public interface (the README lists them):
rename nothing without a deprecation path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
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
    embedding_provider: Literal["offline", "openai", "sentence-transformers"] = Field(
        "offline", description="向量模型：offline（内置离线中文向量）、openai（兼容接口）、sentence-transformers（本地模型目录）"
    )
    embedding_model: str | None = Field(None, description="向量模型名称，或 sentence-transformers 本地目录")
    embedding_base_url: str | None = Field(None, description="向量接口地址（OpenAI 兼容）")
    embedding_api_key: str | None = Field(None, description="向量接口密钥", repr=False)

    # --- behaviour -----------------------------------------------------------------------
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
