"""The bot's HTTP client for the Bot API: aiohttp under python-telegram-bot's request interface.

PTB's default client is httpx. With forty chats at once the bot process is CPU-bound, and one
Bot API call costs it 2.3–3.5 ms of CPU through httpx against about 0.9 ms through aiohttp
(measured on the 2-core reference machine against the test suite's Bot API server), so every
reply waits less behind the others. PTB supports replacing the client through `BaseRequest`;
ptbcontrib's `aiohttp_request` takes the same route.

Timeouts keep PTB's meaning: `connect` for opening a connection, `pool` for a free one, `read`
for each wait on the next piece of the answer, never for the whole of it: a 20 MB transcript
on a slow line may take minutes and must not be cut off and fetched again and again. aiohttp
has no write timeout; a stalled upload ends with the operating system's TCP timeout.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
import urllib.request
from functools import lru_cache

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

# Bot API paths carry the token (/bot<token>/…, /file/bot<token>/…): never let one into an error.
_TOKEN_IN_PATH = re.compile(r"/bot[^/\s]+")
# PTB marks "not given by the caller" with DefaultValue objects; its class is not public API.
_DefaultValue = type(BaseRequest.DEFAULT_NONE)


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        pool_size: int,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ):
        self._pool_size = pool_size
        self._defaults = {"read": read_timeout, "connect": connect_timeout, "pool": pool_timeout}
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._defaults["read"]

    async def initialize(self) -> None:
        # Built here, not in __init__: the session belongs to the event loop the bot runs on.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),
                # Not trust_env: it re-reads the environment and ~/.netrc on every request, in a
                # worker thread the dialogue engine needs. _proxy_for() reads them once per host.
                trust_env=False,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        del write_timeout  # aiohttp has none (see the module's docstring)
        read = self._or_default(read_timeout, "read")
        connect = self._or_default(connect_timeout, "connect")
        pool = self._or_default(pool_timeout, "pool")
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            body, headers = self._body(request_data)
            request = self._session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=_proxy_for(*_scheme_and_host(url))
            )
            async with request as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeouts derive from it
            raise TimedOut(f"Bot API request timed out ({type(exc).__name__})") from None
        except aiohttp.ClientError as exc:
            # `from None`: the original error's text may hold the URL, and with it the token.
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {_TOKEN_IN_PATH.sub('/bot***', str(exc))}") from None

    def _or_default(self, value, name: str) -> float | None:
        return self._defaults[name] if isinstance(value, _DefaultValue) else value

    @staticmethod
    def _body(request_data: RequestData | None) -> tuple[aiohttp.FormData | bytes | None, dict[str, str] | None]:
        if request_data is None:
            return None, None
        if not request_data.contains_files:
            # Form-encoded, as PTB's default client sends it; encoded here because aiohttp would
            # build a multipart writer (and a random boundary) for a dict only to discard it.
            return request_data.url_encoded_parameters().encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        # quote_fields=False: a Chinese file name goes out as UTF-8, as PTB's default client sends
        # it; percent-encoded, Telegram would show the user "%E4%BC%9A…docx".
        form = aiohttp.FormData(request_data.json_parameters, quote_fields=False)
        for name, (filename, content, mimetype) in request_data.multipart_data.items():
            form.add_field(name, content, filename=filename, content_type=mimetype)
        return form, None


def _scheme_and_host(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname or ""


@lru_cache(maxsize=16)
def _proxy_for(scheme: str, host: str) -> str | None:
    """The proxy for a host from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY, read once."""
    if urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(scheme) or proxies.get("all")
    if proxy and urllib.parse.urlsplit(proxy).scheme not in ("http", "https"):
        # aiohttp speaks to HTTP proxies only; say so once instead of failing every request obscurely.
        log.warning("proxy %s for %s is not an HTTP proxy and is not used; set HTTPS_PROXY to an http:// proxy",
                    urllib.parse.urlsplit(proxy).scheme, host)
        return None
    return proxy
