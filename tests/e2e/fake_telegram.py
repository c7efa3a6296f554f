"""A small Bot API server on loopback: enough of Telegram for the real `assistant bot` process.

It queues updates that tests "send", serves them to getUpdates (long polling), records every
method the bot calls, serves uploaded files for download, and can answer a method with a
429 flood-control error to check that the bot waits and retries.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

TOKEN = "123456:TEST-token-abcdefghijklmnop"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.rejected: list[Call] = []
        self.by_chat: dict[str, list[Call]] = {}
        self.signals: dict[str, threading.Event] = {}
        self.updates: list[dict] = []
        self.forced: list[dict] = []  # served once more whatever the offset (redelivery)
        self.files: dict[str, tuple[str, bytes]] = {}
        self.failures: dict[str, list[dict]] = {}
        self.lock = threading.Condition()
        self.next_update_id = 1000
        self.next_message_id = 1
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle ----------------------------------------------------------------------

    def __enter__(self) -> FakeTelegram:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/file/bot"

    def env(self) -> dict[str, str]:
        return {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": self.base_url, "TELEGRAM_BASE_FILE_URL": self.base_file_url}

    # --- what a user does ---------------------------------------------------------------

    def _user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}"}

    def _message(self, user_id: int, **content) -> dict:
        with self.lock:
            self.next_message_id += 1
            message_id = self.next_message_id
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id),
            **content,
        }

    def push(self, update: dict) -> int:
        with self.lock:
            self.next_update_id += 1
            update = {"update_id": self.next_update_id, **update}
            self.updates.append(update)
            self.lock.notify_all()
            return self.next_update_id

    def redeliver(self, update_id: int) -> None:
        """Serves an update again, as Telegram does when a webhook answer got lost."""
        with self.lock:
            original = next(u for u in self.updates if u["update_id"] == update_id)
            self.forced.append(dict(original))
            self.lock.notify_all()

    def text(self, user_id: int, text: str) -> int:
        entities = []
        if text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split(" ", 1)[0])}]
        return self.push({"message": self._message(user_id, text=text, entities=entities)})

    def press(self, user_id: int, data: str) -> int:
        message = self._message(user_id, text="（按钮）")
        message["from"] = {"id": 1, "is_bot": True, "first_name": "bot"}
        return self.push(
            {"callback_query": {"id": f"cq{time.monotonic_ns()}", "from": self._user(user_id), "chat_instance": "c", "data": data, "message": message}}
        )

    def upload(self, user_id: int, filename: str, data: bytes) -> int:
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = (filename, data)
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": filename, "file_size": len(data)}
        return self.push({"message": self._message(user_id, document=document)})

    def sticker(self, user_id: int) -> int:
        sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}
        return self.push({"message": self._message(user_id, sticker=sticker)})

    def photo(self, user_id: int) -> int:
        return self.push({"message": self._message(user_id, photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}])})

    def voice(self, user_id: int) -> int:
        return self.push({"message": self._message(user_id, voice={"file_id": "v", "file_unique_id": "v", "duration": 3})})

    def announce_document(self, user_id: int, filename: str, size: int) -> int:
        """A document message whose file is never fetched (e.g. one above the bot download limit)."""
        document = {"file_id": "huge", "file_unique_id": "uhuge", "file_name": filename, "file_size": size}
        return self.push({"message": self._message(user_id, document=document)})

    def edited(self, user_id: int, text: str) -> int:
        message = self._message(user_id, text=text, edit_date=int(time.time()))
        return self.push({"edited_message": message})

    def fail_next(self, method: str, *, error_code: int = 429, retry_after: int = 1) -> None:
        self.failures.setdefault(method, []).append(
            {"ok": False, "error_code": error_code, "description": f"Too Many Requests: retry after {retry_after}",
             "parameters": {"retry_after": retry_after}}
        )

    # --- what the bot did ---------------------------------------------------------------

    def sent(self, user_id: int, method: str = "sendMessage") -> list[Call]:
        with self.lock:
            return [c for c in self.by_chat.get(str(user_id), []) if c.method == method]

    def texts(self, user_id: int) -> list[str]:
        return [c.params.get("text", "") for c in self.sent(user_id)]

    def wait_for(self, user_id: int, containing: str, timeout: float = 20, after: int = 0) -> str:
        """Waits until a message to `user_id` (the `after`-th or later) contains `containing`."""
        deadline = time.monotonic() + timeout
        # Woken by calls to this chat only: one shared condition would wake every waiting client
        # on every call and slow the stub's answers to the bot under load.
        signal = self._signal(str(user_id))
        while time.monotonic() < deadline:
            signal.clear()  # before looking, so a message arriving meanwhile still wakes us
            for text in self.texts(user_id)[after:]:
                if containing in text:
                    return text
            signal.wait(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
        raise AssertionError(f"no message to {user_id} containing {containing!r}; got:\n" + "\n---\n".join(self.texts(user_id)[after:]))

    def _signal(self, chat: str) -> threading.Event:
        with self.lock:
            return self.signals.setdefault(chat, threading.Event())

    def _arrived(self, chat: str) -> None:
        """Called with the lock held when the bot sends something to `chat`."""
        self.signals.setdefault(chat, threading.Event()).set()

    def wait_for_document(self, user_id: int, after: int, timeout: float = 20) -> Call:
        """Waits for the (after+1)-th document sent to `user_id`; documents follow their message."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            documents = self.sent(user_id, "sendDocument")
            if len(documents) > after:
                return documents[after]
            time.sleep(0.05)
        raise AssertionError(f"no document number {after + 1} sent to {user_id}")

    def buttons(self, call: Call) -> list[tuple[str, str]]:
        markup = call.params.get("reply_markup")
        if not markup:
            return []
        markup = json.loads(markup) if isinstance(markup, str) else markup
        return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]

    # --- the HTTP side ------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real Bot API: no new connection per request
            # Headers and body go out in two writes; with Nagle's algorithm the body then waits for
            # the client's delayed ACK (40 ms on Linux) and every answer would look 40 ms slower.
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:
                pass

            def handle(self) -> None:
                # The bot stopped (or was killed) with a connection open.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

            def do_GET(self) -> None:
                prefix = f"/file/bot{TOKEN}/"
                path = unquote(self.path)  # the client percent-encodes the ':' of the token
                if path.startswith(prefix):
                    file_id = path[len(prefix) :].split("/")[-1]
                    if file_id in fake.files:
                        self._reply_bytes(fake.files[file_id][1])
                        return
                self.send_error(404)

            def do_POST(self) -> None:
                prefix = f"/bot{TOKEN}/"
                if not self.path.startswith(prefix):
                    self._json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
                    return
                method = self.path[len(prefix) :]
                params, files = self._params()
                if method != "getUpdates":
                    with fake.lock:
                        failures = fake.failures.get(method)
                        failure = failures.pop(0) if failures else None
                        # Only what Telegram accepted counts as sent; refused requests are kept apart.
                        call = Call(method, params, files)
                        if failure:
                            fake.rejected.append(call)
                        else:
                            fake.calls.append(call)
                            chat = str(params.get("chat_id"))
                            fake.by_chat.setdefault(chat, []).append(call)
                            fake._arrived(chat)
                    if failure:
                        self._json(failure, failure["error_code"])
                        return
                self._json({"ok": True, "result": fake.answer(method, params, files)})

            def _params(self) -> tuple[dict, dict]:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                kind = self.headers.get("Content-Type", "")
                if kind.startswith("multipart/form-data"):
                    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                        b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body
                    )
                    params, files = {}, {}
                    for part in message.iter_parts():
                        name = part.get_param("name", header="content-disposition")
                        filename = part.get_filename()
                        payload = part.get_payload(decode=True)
                        if filename:
                            files[name] = (filename, payload)
                        else:
                            params[name] = payload.decode("utf-8")
                    return params, files
                if kind.startswith("application/json"):
                    return json.loads(body or b"{}"), {}
                return {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}, {}

            def _json(self, payload: dict, status: int = 200) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # bot gone mid long poll
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

            def _reply_bytes(self, data: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def answer(self, method: str, params: dict, files: dict) -> Any:
        if method == "getMe":
            return {"id": 1, "is_bot": True, "first_name": "协商助手", "username": "xieshang_test_bot",
                    "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
        if method == "getUpdates":
            return self._updates(params)
        if method in ("sendMessage", "sendDocument"):
            with self.lock:
                self.next_message_id += 1
                message_id = self.next_message_id
            message = {"message_id": message_id, "date": int(time.time()),
                       "chat": {"id": int(params["chat_id"]), "type": "private"}}
            if method == "sendMessage":
                message["text"] = params.get("text", "")
            else:
                name, _ = files.get("document", ("doc", b""))
                message["document"] = {"file_id": f"out{message_id}", "file_unique_id": f"o{message_id}", "file_name": name}
            return message
        if method == "getFile":
            file_id = params["file_id"]
            name, data = self.files[file_id]
            return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data), "file_path": f"documents/{file_id}"}
        return True  # setMyCommands, sendChatAction, answerCallbackQuery, editMessageReplyMarkup, deleteWebhook…

    def _updates(self, params: dict) -> list[dict]:
        """Like Telegram: every update from `offset` on, until a later call confirms it with a higher offset."""
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 2.0)
        with self.lock:
            while True:
                pending = [u for u in self.updates if u["update_id"] >= offset]
                forced, self.forced = self.forced, []
                if pending or forced or time.monotonic() >= deadline:
                    return forced + pending
                self.lock.wait(timeout=max(0.0, deadline - time.monotonic()))
