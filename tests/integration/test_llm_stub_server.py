"""A small OpenAI-compatible server for tests, and the checks that it speaks the protocol.

The LLM tests run the real langchain-openai client against this server on 127.0.0.1, so
timeouts, HTTP errors, tool calls and malformed bodies go through the same code as in
production. Each test scripts the replies:

    stub.push(stub_json({...}))        # structured output: JSON content, or a tool call when asked for tools
    stub.push(stub_text("……"))         # a plain chat reply
    stub.push(stub_status(401))        # an HTTP error with an OpenAI-style error body
    stub.push(stub_raw(b"<html>"))     # a body that is not a chat completion
    stub.push(stub_text("…", delay=2)) # a reply slower than the client's timeout

Unscripted requests get `stub.default`. `stub.requests` records every request body.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class StubReply:
    """One scripted answer: a status, a body (or a builder from the request), an optional delay."""

    status: int = 200
    body: bytes | Callable[[dict], dict] = b""
    content_type: str = "application/json"
    delay: float = 0.0


def _completion(message: dict, request: dict, finish_reason: str = "stop") -> dict:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "stub-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def stub_text(content: str | None, delay: float = 0.0, **message: Any) -> StubReply:
    """A plain assistant message (content may be "" or None to play an empty reply)."""
    return StubReply(body=lambda request: _completion({"role": "assistant", "content": content, **message}, request),
                     delay=delay)


def stub_json(payload: Any, delay: float = 0.0) -> StubReply:
    """Structured output the way the client asked for it: a tool call when tools were sent, else JSON content."""
    arguments = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)

    def build(request: dict) -> dict:
        tools = request.get("tools") or []
        if tools:
            call = {"id": "call_stub", "type": "function",
                    "function": {"name": tools[0]["function"]["name"], "arguments": arguments}}
            return _completion({"role": "assistant", "content": None, "tool_calls": [call]}, request, "tool_calls")
        return _completion({"role": "assistant", "content": arguments}, request)

    return StubReply(body=build, delay=delay)


def stub_status(status: int, message: str = "stub error") -> StubReply:
    body = {"error": {"message": message, "type": "invalid_request_error", "code": str(status)}}
    return StubReply(status=status, body=json.dumps(body).encode())


def stub_raw(body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> StubReply:
    return StubReply(status=status, body=body, content_type=content_type)


@dataclass
class StubLLM:
    port: int
    default: StubReply = field(default_factory=lambda: stub_text("收到"))
    script: list[StubReply] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def push(self, *replies: StubReply) -> None:
        with self.lock:
            self.script.extend(replies)

    def next_reply(self) -> StubReply:
        with self.lock:
            return self.script.pop(0) if self.script else self.default

    @property
    def chat_requests(self) -> list[dict]:
        return [r for r in self.requests if "messages" in r]


def _handler(stub: StubLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): exactly what some tests want

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, json.dumps({"object": "list", "data": [{"id": "stub-model", "object": "model"}]}).encode())
            else:
                self._send(404, b"<html>not found</html>", "text/html")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            with stub.lock:
                stub.requests.append(request)
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
            if self.path.endswith("/embeddings"):
                inputs = request.get("input") or []
                inputs = [inputs] if isinstance(inputs, str) else inputs
                data = [{"object": "embedding", "index": i, "embedding": [0.1 * (i + 1)] * 8} for i in range(len(inputs))]
                body = {"object": "list", "data": data, "model": request.get("model"), "usage": {"prompt_tokens": 1, "total_tokens": 1}}
                self._send(200, json.dumps(body).encode())
                return
            if not self.path.endswith("/chat/completions"):
                self._send(404, b"<html>not found</html>", "text/html")
                return
            reply = stub.next_reply()
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body(request) if callable(reply.body) else reply.body
            if isinstance(body, dict):
                body = json.dumps(body, ensure_ascii=False).encode()
            self._send(reply.status, body, reply.content_type)

    return Handler


def serve_stub() -> Iterator[StubLLM]:
    """A running stub on a free loopback port, stopped afterwards (wrap it in a fixture)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    stub = StubLLM(port=server.server_address[1])
    server.RequestHandlerClass = _handler(stub)
    server.daemon_threads = True
    server.block_on_close = False  # a handler sleeping past a client's timeout must not hold teardown
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


def guard_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails any connection that leaves the loopback interface, and keeps tracing and proxies out."""
    original = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise AssertionError(f"test tried to reach {address}")
        return original(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setenv("LANGSMITH_TRACING", "false")
    monkeypatch.delenv("LANGCHAIN_TRACING_V2", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def closed_port_url() -> str:
    """The URL of a port nothing listens on: "server down"."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


# --- the stub itself ------------------------------------------------------------------------


@pytest.fixture
def stub_llm() -> Iterator[StubLLM]:
    yield from serve_stub()


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    guard_network(monkeypatch)


def test_stub_speaks_chat_completions_to_the_openai_client(stub_llm: StubLLM):
    import openai

    client = openai.OpenAI(base_url=stub_llm.url, api_key="sk-test", max_retries=0, timeout=2)
    stub_llm.push(stub_text("你好"))
    reply = client.chat.completions.create(model="stub-model", messages=[{"role": "user", "content": "hi"}])
    assert reply.choices[0].message.content == "你好"
    assert client.embeddings.create(model="e", input=["a", "b"]).data[1].embedding[0] == pytest.approx(0.2)
    assert [m.id for m in client.models.list()] == ["stub-model"]


def test_stub_returns_scripted_errors(stub_llm: StubLLM):
    import openai

    client = openai.OpenAI(base_url=stub_llm.url, api_key="sk-test", max_retries=0, timeout=2)
    stub_llm.push(stub_status(401, "Incorrect API key"))
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
