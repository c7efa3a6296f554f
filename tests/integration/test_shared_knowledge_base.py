"""One knowledge base for every process: with PostgreSQL, a session indexed by one process is
found by another that was already running, and a removal reaches it too."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.storage.db import upgrade_schema

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "示范街道背街小巷路灯维修"
MINUTES = "一、协商背景\n\n示范街道背街小巷路灯损坏，夜间出行不便。\n\n二、协商成果\n\n由街道牵头，一个月内完成路灯检修并建立巡查台账。"


def _other_process(url: str, data_dir: Path, action: str) -> None:
    script = textwrap.dedent(f"""
        from pathlib import Path
        from assistant.config import Settings
        from assistant.retrieval import KnowledgeBase
        kb = KnowledgeBase(Settings(data_dir=Path({str(data_dir)!r}), database_url={url!r}))
        kb.ensure_built()
        if {action!r} == "index":
            kb.index_past_session("shared-1", {TOPIC!r}, {MINUTES!r}, "示范街道政协工作委员会", "2024-05-01")
        else:
            assert kb.remove_past_session("shared-1")
        kb.close()
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.postgres
def test_a_session_indexed_in_one_process_is_found_in_another(postgres_url, tmp_path):
    upgrade_schema(postgres_url)
    here = KnowledgeBase(Settings(data_dir=tmp_path / "here", database_url=postgres_url))
    here.ensure_built()
    assert not any(TOPIC in h.source for h in here.similar_sessions("背街小巷路灯坏了晚上看不见"))

    _other_process(postgres_url, tmp_path / "there", "index")
    found = here.similar_sessions("背街小巷路灯坏了晚上看不见")
    assert found and found[0].source == TOPIC
    assert "巡查台账" in found[0].metadata["outcome"]
    assert any("巡查台账" in h.text for h in here.search("路灯检修 巡查台账", k=5, kind="session"))

    _other_process(postgres_url, tmp_path / "there", "remove")
    assert not any(TOPIC in h.source for h in here.similar_sessions("背街小巷路灯坏了晚上看不见"))
    # The policy documents were ingested once, by the first process, for both.
    assert here.stats()["policy_chunks"] == KnowledgeBase(
        Settings(data_dir=tmp_path / "third", database_url=postgres_url)).stats()["policy_chunks"] > 0
    here.close()
