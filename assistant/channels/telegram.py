"""Telegram channel (python-telegram-bot 22): renders engine replies, parses updates, nothing more.

Every flow lives in the engine; this module only turns Telegram updates into `Incoming`
turns and `Reply`s into messages, buttons and documents. Updates of one chat are handled in
order and different chats concurrently (PerChatProcessor); the engine runs in a worker thread
so a slow turn never blocks the event loop; Telegram's flood control (RetryAfter) is waited
out and the request sent again, so no reply is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Awaitable, Callable
from datetime import time, timedelta
from typing import Any

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from assistant.bootstrap import App
from assistant.channels.telegram_http import AiohttpRequest
from assistant.channels.text_split import split_message
from assistant.flows.base import Incoming, Reply, Upload, UserRef
from assistant.services import notifications
from assistant.storage.types import office_timezone

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# Bot API servers let bots download files up to 20 MB.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
COMMAND_BUTTON_PREFIX = "cmd|"
SEND_ATTEMPTS = 6
# A reply within a second needs no "typing…"; sending it anyway would add a request to every
# turn exactly when the bot is busiest.
TYPING_DELAY = 1.0
POOL_SIZE = 32

TOO_LARGE = "文件“{name}”大小为 {size:.1f} MB，超过机器人可下载的 20 MB 上限。请压缩、拆分后重新发送，或将文字直接粘贴发送。"
UNSUPPORTED = "暂不支持图片、语音、视频、贴纸等消息。请发送文字，或上传 .txt / .docx 文件。"
EDITED = "已收到您修改的消息。修改后的内容不会重新处理；如需更正，请直接发送新的消息。"
DOWNLOAD_FAILED = "文件下载失败，请稍后重新发送。"

COMMANDS: list[tuple[str, str]] = [
    ("start", "开始使用 / 使用邀请码"),
    ("help", "查看帮助"),
    ("ask", "政策问答：/ask 问题"),
    ("newtopic", "提出协商议题"),
    ("topics", "我和本单位的议题"),
    ("approve", "审定议题"),
    ("research", "调研清单"),
    ("agenda", "会议议程和通知"),
    ("minutes", "起草会议纪要"),
    ("outcome", "成果采纳与落实"),
    ("actions", "落实进度"),
    ("me", "我的信息和身份"),
    ("profile", "个人信息"),
    ("cancel", "取消当前事项"),
]


class PerChatProcessor(BaseUpdateProcessor):
    """Handles updates of one chat one after another, and different chats at the same time."""

    def __init__(self, max_concurrent_updates: int = 256):
        super().__init__(max_concurrent_updates)
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.get(chat.id)
        if lock is None:
            lock = self._locks[chat.id] = asyncio.Lock()
        async with lock:
            started = asyncio.get_running_loop().time()
            try:
                await coroutine
            finally:
                # One line per update once every reply of its turn is sent: the turn latency for
                # the operator, and the end of a turn for the end-to-end tests (no content, no ids
                # of people).
                elapsed = asyncio.get_running_loop().time() - started
                log.info("update %s handled in %.0f ms", update.update_id, elapsed * 1000)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


async def call_with_retry(request: Callable[[], Awaitable[Any]], what: str) -> Any:
    """Sends one Bot API request, waiting out flood control and retrying transient failures."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await request()
        except RetryAfter as exc:
            wait = exc.retry_after.total_seconds() if isinstance(exc.retry_after, timedelta) else exc.retry_after
            log.warning("flood control on %s: waiting %.1f s (attempt %d)", what, wait, attempt)
            await asyncio.sleep(float(wait) + 0.1)
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest) or attempt == SEND_ATTEMPTS:
                raise
            log.warning("%s failed (%s), retrying", what, exc)
            await asyncio.sleep(min(2 ** (attempt - 1), 10))
    raise RuntimeError(f"{what}: gave up after {SEND_ATTEMPTS} attempts")


def button_data(scope: str, number: int, value: str) -> str:
    """The step's scope and the choice's value, so a list that changed since still picks the right one.

    Telegram allows 64 bytes; a value too long for that (a Chinese organisation name) falls back
    to the choice's number.
    """
    by_value = f"{scope}|={value}"
    return by_value if len(by_value.encode("utf-8")) <= 64 else f"{scope}|{number}"


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """One button a row: labels are long Chinese phrases. Ways forward (commands) come last."""
    rows = [
        [InlineKeyboardButton(choice.label[:60], callback_data=button_data(reply.choice_scope, number, choice.value))]
        for number, choice in enumerate(reply.choices, 1)
    ]
    rows += [
        [InlineKeyboardButton(f"➡️ {action.label}"[:60], callback_data=f"{COMMAND_BUTTON_PREFIX}{action.value}")]
        for action in reply.actions
        if len(f"{COMMAND_BUTTON_PREFIX}{action.value}".encode()) <= 64
    ]
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramChannel:
    def __init__(self, app: App):
        self.app = app
        self.engine = app.engine

    # --- wiring -----------------------------------------------------------------------------

    def build(self) -> Application:
        settings = self.app.settings
        builder = (
            Application.builder()
            .token(settings.telegram_bot_token or "")
            .concurrent_updates(PerChatProcessor())
            .post_init(self._post_init)
            # A few dozen connections serve many chats; requests beyond them wait their turn.
            .request(AiohttpRequest(POOL_SIZE, pool_timeout=30))
            .get_updates_request(AiohttpRequest(1))
        )
        if settings.telegram_base_url:
            builder = builder.base_url(settings.telegram_base_url)
        if settings.telegram_base_file_url:
            builder = builder.base_file_url(settings.telegram_base_file_url)
        application = builder.build()
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.UpdateType.EDITED, self.on_edited))
        application.add_handler(MessageHandler(filters.Document.ALL, self.on_document))
        application.add_handler(MessageHandler(filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(filters.ALL, self.on_unsupported))
        application.add_error_handler(self.on_error)
        if application.job_queue is not None:
            application.job_queue.run_repeating(self.push_notifications, interval=10, first=2)
            application.job_queue.run_daily(self.send_reminders, time(settings.reminder_hour, 0, tzinfo=office_timezone()))
        return application

    async def _post_init(self, application: Application) -> None:
        """Registers the Chinese command menu and builds the knowledge index before the first user waits."""
        commands = [BotCommand(name, description) for name, description in COMMANDS if self._exists(name)]
        await call_with_retry(lambda: application.bot.set_my_commands(commands), "setMyCommands")
        # Building the index inside a turn would hold SQLite's write lock for seconds, stalling
        # every other chat; in the background it delays no one (a question meanwhile waits for it).
        self.app.services.mark_warming_up()
        asyncio.get_running_loop().run_in_executor(None, self.app.services.warm_up)

    def _exists(self, name: str) -> bool:
        return name in {"start", "help", "cancel"} or name in self.engine.commands or name in self.engine.flow_commands

    # --- incoming ---------------------------------------------------------------------------

    @staticmethod
    def _user(update: Update) -> UserRef:
        user = update.effective_user
        return UserRef(CHANNEL, str(user.id), user.full_name if user else None)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Hands typed text (and commands) to the engine."""
        incoming = Incoming(text=update.effective_message.text or "", update_key=str(update.update_id))
        await self._turn(update, context, incoming)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answers a pressed button, then hands it to the engine; the old buttons are removed."""
        query = update.callback_query
        # A query older than Telegram's window can no longer be answered; the press still counts.
        with contextlib.suppress(BadRequest):
            await call_with_retry(query.answer, "answerCallbackQuery")
        # Already removed when the button is pressed twice: the engine then says it is stale.
        with contextlib.suppress(BadRequest, Forbidden):
            await query.edit_message_reply_markup(reply_markup=None)
        data = query.data or ""
        if data.startswith(COMMAND_BUTTON_PREFIX):
            incoming = Incoming(text=data[len(COMMAND_BUTTON_PREFIX) :], update_key=str(update.update_id))
        else:
            incoming = Incoming(button=data, update_key=str(update.update_id))
        await self._turn(update, context, incoming)

    async def on_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Downloads an uploaded file (a transcript) and hands it to the engine."""
        document = update.effective_message.document
        name = document.file_name or "文件"
        if document.file_size and document.file_size > MAX_DOWNLOAD_BYTES:
            await self._send_text(context, update, TOO_LARGE.format(name=name, size=document.file_size / 1024 / 1024))
            return
        try:
            file = await call_with_retry(document.get_file, "getFile")
            data = bytes(await call_with_retry(file.download_as_bytearray, "download"))
        except TelegramError:
            log.exception("download of %s failed", name)
            await self._send_text(context, update, DOWNLOAD_FAILED)
            return
        await self._turn(update, context, Incoming(upload=Upload(name, data), update_key=str(update.update_id)))

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Explains that edits are not re-processed."""
        await self._send_text(context, update, EDITED)

    async def on_unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answers stickers, photos, voice and the like politely."""
        if update.effective_chat is not None:
            await self._send_text(context, update, UNSUPPORTED)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram handler failed", exc_info=context.error)

    # --- one turn ---------------------------------------------------------------------------

    async def _turn(self, update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming) -> None:
        chat_id = update.effective_chat.id
        typing = asyncio.create_task(self._keep_typing(context, chat_id))
        try:
            replies = await asyncio.to_thread(self.engine.handle, self._user(update), incoming)
        finally:
            typing.cancel()
        await self.send(context.bot, chat_id, replies)

    @staticmethod
    async def _keep_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        """Shows 'typing…' while a turn takes noticeably long (Telegram clears it after about 5 s)."""
        try:
            await asyncio.sleep(TYPING_DELAY)
            while True:
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
                await asyncio.sleep(4)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 — the indicator is a nicety; never fail a turn for it
            log.debug("typing indicator failed", exc_info=True)

    async def send(self, bot, chat_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            pieces = split_message(reply.text) or ([" "] if reply.choices else [])
            for index, piece in enumerate(pieces):
                markup = keyboard(reply) if index == len(pieces) - 1 else None
                await call_with_retry(
                    lambda piece=piece, markup=markup: bot.send_message(chat_id, piece, reply_markup=markup),
                    "sendMessage",
                )
            for attachment in reply.attachments:
                await call_with_retry(
                    lambda a=attachment: bot.send_document(chat_id, InputFile(a.data, filename=a.filename)),
                    "sendDocument",
                )

    async def _send_text(self, context: ContextTypes.DEFAULT_TYPE, update: Update, text: str) -> None:
        await self.send(context.bot, update.effective_chat.id, [Reply(text)])

    # --- pushed messages --------------------------------------------------------------------

    async def push_notifications(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Delivers waiting notifications (approval requests, decisions, reminders) at once."""
        pending = await asyncio.to_thread(self._take_pending)
        for notification_id, chat_id, text, action in pending:
            markup = (
                InlineKeyboardMarkup([[InlineKeyboardButton(f"办理：{action}", callback_data=f"{COMMAND_BUTTON_PREFIX}{action}"[:64])]])
                if action
                else None
            )
            try:
                await call_with_retry(lambda c=chat_id, t=text, m=markup: context.bot.send_message(c, f"🔔 {t}", reply_markup=m), "push")
            except Forbidden:
                # The person blocked the bot: retrying every few seconds would never end.
                log.warning("notification %s not delivered: the recipient blocked the bot", notification_id)
            except Exception:
                log.exception("could not push notification %s; it will be shown at the next turn", notification_id)
                await asyncio.to_thread(self._return_undelivered, notification_id)

    def _take_pending(self) -> list[tuple[int, int, str, str | None]]:
        with self.app.db.transaction() as session:
            taken = notifications.take_pending_for_channel(session, CHANNEL)
            return [(n.id, int(n.person.external_id), n.text, n.action) for n in taken]

    def _return_undelivered(self, notification_id: int) -> None:
        with self.app.db.transaction() as session:
            notifications.mark_undelivered(session, notification_id)

    async def send_reminders(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Once a day: queues reminders of overdue actions; push_notifications delivers them."""
        await asyncio.to_thread(self.app.services.queue_overdue_reminders)


def run_bot(app: App, *, webhook: bool) -> None:
    """Runs the bot until interrupted: long polling, or a webhook server for several processes."""
    application = TelegramChannel(app).build()
    settings = app.settings
    if not webhook:
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
        return
    application.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=settings.webhook_path,
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
    )
