"""Server mode: a real `chroma run` process, reached through HttpClient by setting chroma_host."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.vectorstore import forget_client

ROOT = Path(__file__).resolve().parents[2]
CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def chroma_server(tmp_path):
    binary = CHROMA if CHROMA.exists() else shutil.which("chroma")
    if not binary:
        pytest.skip("未找到 chroma 命令（chromadb 的服务器程序），跳过服务器模式测试")
    port = _free_port()
    log = open(tmp_path / "chroma.log", "wb")  # noqa: SIM115 — closed in the fixture's teardown
    process = subprocess.Popen(
        [str(binary), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                pytest.fail("chroma run exited early: " + (tmp_path / "chroma.log").read_text(errors="replace"))
            time.sleep(0.2)
        else:
            pytest.fail("chroma run did not become ready within 30 s")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_ingest_and_search_against_a_chroma_server(chroma_server, tmp_path):
    settings = Settings(
        data_dir=tmp_path / "data", knowledge_dir=ROOT / "knowledge", chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    try:
        kb = KnowledgeBase(settings)
        report = kb.ensure_built()
        assert report is not None and not report.failed
        assert not (tmp_path / "data" / "chroma").exists()  # vectors went to the server, not a local folder
        assert kb.vectors.count("policy") == 19  # 18 clauses + the document particulars
        answer = kb.ask("县里一年要开几次协商会？")
        assert answer.grounded and answer.citations[0].section == "三、（八）规范协商频次"
        assert kb.search("院坝协商", k=1, kind="session")[0].kind == "session"
    finally:
        forget_client(settings)
