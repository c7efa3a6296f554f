"""`assistant ingest / search / ask` as a member or a script would use them."""

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli.knowledge import register

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture()
def cli(tmp_path, monkeypatch):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, knowledge)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """test app"""

    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_ask_works_right_after_install_and_prints_json(cli):
    result = cli("ask", "县里一年要开几次协商会？", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["grounded"] is True
    assert "每年不少于4次" in data["answer"]
    assert data["citations"][0]["section"] == "三、（八）规范协商频次"


def test_ask_readable_answer_and_decline(cli):
    result = cli("ask", "县里一年要开几次协商会？")
    assert result.exit_code == 0
    assert "三、（八）规范协商频次" in result.stdout and "出处" in result.stdout
    declined = cli("ask", "股票明天涨不涨", "--json")
    assert json.loads(declined.stdout)["grounded"] is False


def test_search_json_shape_and_kind(cli):
    result = cli("search", "院坝协商", "-k", "2", "--kind", "session", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == "院坝协商" and len(data["hits"]) == 2
    assert set(data["hits"][0]) == {"text", "source", "section", "kind", "score"}
    assert all(hit["kind"] == "session" for hit in data["hits"])
    table = cli("search", "协商频次")
    assert table.exit_code == 0 and "规范协商频次" in table.stdout


def test_bad_questions_exit_with_code_2(cli):
    empty = cli("ask", "")
    assert empty.exit_code == 2 and "不能为空" in empty.output
    long = cli("search", "协" * 5000)
    assert long.exit_code == 2 and "问题过长" in long.output


def test_ingest_reports_counts_in_chinese_and_fails_on_bad_file(cli, tmp_path):
    first = cli("ingest")
    assert first.exit_code == 0, first.output
    assert "新增 5 个" in first.stdout
    second = cli("ingest")
    assert "跳过（未变化） 5 个" in second.stdout
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    result = cli("ingest", str(bad))
    assert result.exit_code == 1
    assert "失败 1 个" in result.stdout and "bad.docx" in result.output


def test_help_is_chinese_first(cli):
    result = cli("--help")
    assert "检索知识库 / Search the knowledge base" in result.stdout
    assert "导入政策文件" in result.stdout
