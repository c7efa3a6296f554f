"""Output shapes for the tasks whose offline result is not already a pydantic model.

The minutes use `assistant.drafting.schemas.MinutesDraft` itself, so both drafters fill one
schema. These are the small envelopes the model fills for the other tasks; the Drafter turns
them into exactly what the offline code returns (an Answer, a list of strings, a text).
Field descriptions are Chinese because the model reads them in the output format.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class GroundedAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    answer: str = Field(description="答复正文（简体中文），只依据所给资料，不写资料编号")
    citations: list[int] = Field(default_factory=list, description="答复所依据的资料编号，如 [1, 2]")


class SearchTerms(BaseModel):
    model_config = ConfigDict(extra="ignore")

    query: str = Field(description="改写后的中文检索语句：用政策文件的规范用语重述问题，不作回答")


class ResearchItems(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[str] = Field(default_factory=list, description="专项调研事项，每项一句话，2–5 项")


class ScreeningReasons(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reasons: list[str] = Field(default_factory=list, description="筛选理由和建议，每条一句话并注明条款，2–4 条")


class AgendaItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Field(description="议程事项名称")
    minutes: int = Field(description="时长（分钟，整数）")


class AgendaPlan(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[AgendaItem] = Field(default_factory=list, description="议程事项，按进行顺序，4–9 项")


class OfficialText(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="文稿全文（简体中文），段落之间用换行分隔")
