"""`minutes draft FILE [--json] [-o OUT]`: stable output for scripts, Chinese errors, exit code 2."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
import typer
from typer.testing import CliRunner

from assistant.cli.minutes import register

TRANSCRIPT = """\
议题：农贸市场周边停车
主持人：何建军（城北街道办主任）
何建军：今天就农贸市场周边停车问题进行协商。
罗志刚（交警大队副大队长）：我们交警大队两周内在建设路东侧施划限时停车位。
蒋丽（居民代表）：我反对在小区门口划车位，救护车进不来。
何建军：我总结一下。大家一致认为要疏堵结合。请街道办在月底前协调设置装卸货区。
"""


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer(add_completion=False)

    @app.callback()
    def _root() -> None:
        """测试用根命令。"""

    register(app)
    return app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def transcript_file(tmp_path: Path) -> Path:
    path = tmp_path / "停车协商记录.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return path


def test_json_output_is_the_stable_schema_in_readable_chinese(app, runner, transcript_file):
    result = runner.invoke(app, ["minutes", "draft", str(transcript_file), "--json"])
    assert result.exit_code == 0, result.output
    assert "\\u" not in result.stdout  # ensure_ascii=False: scripts get real Chinese
    data = json.loads(result.stdout)
    assert data["title"] == "关于农贸市场周边停车的协商会议纪要"
    assert data["host"] == "何建军"
    assert {"owner": "街道办", "task": "协调设置装卸货区", "due": "月底前"} in [
        {key: action[key] for key in ("owner", "task", "due")} for action in data["actions"]
    ]
    assert any(item.startswith("蒋丽（居民代表）：") for item in data["disagreements"])
    # 原文依据: every action carries the transcript line it came from, quoted.
    assert all(source["line"] > 0 and source["text"] for a in data["actions"] for source in a["sources"])


def test_output_docx_is_a_word_document_with_the_action_table(app, runner, transcript_file, tmp_path):
    out = tmp_path / "纪要.docx"
    result = runner.invoke(app, ["minutes", "draft", str(transcript_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "关于农贸市场周边停车的协商会议纪要"
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "工作任务", "责任单位", "时限"]
    assert ["交警大队", "两周内"] in [row[2:] for row in rows]
    assert "已生成会议纪要" in result.stdout


def test_output_markdown_and_json_together_keep_stdout_parseable(app, runner, transcript_file, tmp_path):
    out = tmp_path / "纪要.md"
    result = runner.invoke(app, ["minutes", "draft", str(transcript_file), "--json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "已生成会议纪要" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# 关于农贸市场周边停车的协商会议纪要")


def test_plain_output_is_readable_chinese_with_every_section(app, runner, transcript_file):
    result = runner.invoke(app, ["minutes", "draft", str(transcript_file)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    for heading in ("一、主要意见", "二、达成的共识", "三、分歧意见", "四、下一步工作", "五、下次会议", "六、公开方式"):
        assert heading in result.stdout
    assert "疏堵结合" in result.stdout


def test_docx_transcript_is_read_through_the_shared_reader(app, runner, tmp_path):
    source = docx.Document()
    for line in TRANSCRIPT.splitlines():
        source.add_paragraph(line)
    path = tmp_path / "记录.docx"
    source.save(str(path))
    result = runner.invoke(app, ["minutes", "draft", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["host"] == "何建军"


def fake_docx(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff\xe0 not a word document")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("空.txt", b"", "是空的"),
        ("二进制.txt", b"\x00\x01\x02\x03" * 100, "二进制"),
        ("无发言人.txt", "今天开会讨论了加装电梯，大家意见很多。".encode(), "未能识别出发言人"),
        ("记录.doc", b"\xd0\xcf\x11\xe0", ".docx"),
    ],
)
def test_bad_inputs_give_a_chinese_message_and_exit_code_2(app, runner, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["minutes", "draft", str(path)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_a_docx_that_is_a_zip_of_something_else_is_refused(app, runner, tmp_path):
    result = runner.invoke(app, ["minutes", "draft", str(fake_docx(tmp_path / "纪要.docx"))])
    assert result.exit_code == 2
    assert "Word" in result.stderr


def test_missing_file_and_unsupported_output_suffix_exit_2(app, runner, transcript_file, tmp_path):
    missing = runner.invoke(app, ["minutes", "draft", str(tmp_path / "没有这个文件.txt")])
    assert missing.exit_code == 2 and "找不到文件" in missing.stderr
    bad_suffix = runner.invoke(app, ["minutes", "draft", str(transcript_file), "-o", str(tmp_path / "纪要.pdf")])
    assert bad_suffix.exit_code == 2 and ".docx" in bad_suffix.stderr
    assert not (tmp_path / "纪要.pdf").exists()


def test_help_is_chinese_first(app, runner):
    result = runner.invoke(app, ["minutes", "draft", "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "起草会议纪要 / Draft minutes from a transcript" in result.stdout
