"""The minutes draft as one typed record.

The offline drafter and the later LLM layer both fill `MinutesDraft`, so rendering, storage
and the chat flow never need to know which of them wrote it. The JSON field names are a
public interface (scripts read `assistant minutes draft --json`): rename nothing.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Written where the transcript names no deadline: we never invent one.
DUE_UNSPECIFIED = "待定"
# The 分歧意见 section is always present; this is its content when nobody dissented.
NO_DISAGREEMENT = "无"


class SourceRef(BaseModel):
    """Where an item came from: one paragraph of the transcript (原文依据), so a reader can check it."""

    model_config = ConfigDict(extra="forbid")

    line: int = Field(description="转写稿中的行号（从 1 起）")
    speaker: str = Field("", description="该段发言人")
    text: str = Field("", description="该段原文（过长时截断）")
    sentence: str = Field("", description="该段中与本条对应的句子")


class Participant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="姓名（或语音转写中的“发言人1”等标识）")
    role: str = Field("", description="身份，如 居民代表、区住建局副局长、政协委员")


class SpeakerViews(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: str = Field(description="发言人姓名，与 participants 中的 name 一致")
    points: list[str] = Field(default_factory=list, description="主要观点，按发言先后排列")
    # Parallel to `points`; empty lists for points typed by staff.
    sources: list[list[SourceRef]] = Field(default_factory=list, description="每条观点的原文依据（系统生成）")


class ActionItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    owner: str = Field(description="责任单位或责任人")
    task: str = Field(description="工作任务")
    due: str = Field(DUE_UNSPECIFIED, description="时限，照录原话（如 12月15日前、两周内）；未提及为“待定”")

    @field_validator("due")
    @classmethod
    def _blank_due_is_unspecified(cls, value: str) -> str:
        # An LLM may answer "" or null-ish text; the document must still say 待定, not a blank cell.
        return value.strip() or DUE_UNSPECIFIED

    due_date: str = Field("", description="时限对应日期 YYYY-MM-DD，相对时限按会议日期推算；无法确定为空")
    sources: list[SourceRef] = Field(default_factory=list, description="原文依据（系统生成）")


class MinutesDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(description="纪要标题")
    date: str = Field("", description="会议时间，照录原文")
    location: str = Field("", description="会议地点")
    host: str = Field("", description="主持人姓名")
    participants: list[Participant] = Field(default_factory=list, description="参加人员")
    summary: str = Field("", description="会议概况，2–3 句")
    views: list[SpeakerViews] = Field(default_factory=list, description="各方主要意见，按发言顺序")
    consensus: list[str] = Field(default_factory=list, description="达成的共识")
    disagreements: list[str] = Field(
        default_factory=lambda: [NO_DISAGREEMENT], description="分歧意见，注明持不同意见者；无则为“无”"
    )
    actions: list[ActionItem] = Field(default_factory=list, description="下一步工作：责任单位、任务、时限")
    next_meeting: str = Field("", description="下次会议安排；未提及为空")
    publicity: str = Field("", description="协商成果公开方式")
    dissenters: list[str] = Field(default_factory=list, description="持不同意见者姓名（解释说明的对象）")
    # Parallel to `consensus` / `disagreements`: the paragraphs each item came from.
    consensus_sources: list[list[SourceRef]] = Field(default_factory=list, description="共识的原文依据（系统生成）")
    disagreement_sources: list[list[SourceRef]] = Field(default_factory=list, description="分歧意见的原文依据（系统生成）")
    recorder: str = Field("", description="记录人姓名；记录中未写明则为空")
    # The day the time limits are counted from, and where its year came from when the record
    # wrote none ("11月18日"): system-generated, shown to the reviewer.
    meeting_day: str = Field("", description="会议日期（系统生成，YYYY-MM-DD）")
    meeting_day_basis: str = Field("", description="会议日期年份的依据（系统生成）")

    @field_validator("disagreements")
    @classmethod
    def _dissent_section_never_empty(cls, value: list[str]) -> list[str]:
        # Policy 三（七）: people who disagreed must get an explanation, so the section must be
        # visible even when empty — an empty list would read as "not checked".
        kept = [item.strip() for item in value if item and item.strip()]
        return kept or [NO_DISAGREEMENT]

    @property
    def has_disagreements(self) -> bool:
        # Also False for an unvalidated empty list (model_copy skips validators).
        return any(item.strip() and item.strip() != NO_DISAGREEMENT for item in self.disagreements)
