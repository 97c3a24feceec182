"""The project's own OpenAI-compatible HTTP server, for tests and benchmarks (127.0.0.1 only).

It speaks `POST /v1/chat/completions` to the real `openai` client: a tool call when the request
offers tools (instructor's TOOLS mode), JSON content otherwise (JSON / JSON_SCHEMA; MD_JSON gets
a fenced block), as one JSON answer or, when the request asks `stream: true`, as server-sent
events a few characters at a time (`token_delay` seconds apart), with usage at the end when
`stream_options.include_usage` asks for it. Replies come from fixtures/replies/*.json (hand-
written; fixtures/replies/recorded/*.json holds a real model's replies, served as written when
a test passes them): each file holds a `match` string; the first file whose match occurs in the
request's section text is served, else an empty ChunkResult.

Tokens are counted as a byte-level tokenizer would, about three UTF-8 bytes a token (one per
Chinese character, one per three ASCII characters): a prompt is its messages plus its tool
schema. With `context_window` set the server refuses a longer prompt (HTTP 400, worded as
OpenAI and llama.cpp word it) and cuts a reply at the window (finish_reason "length"); with
`tokenize` it answers llama-cpp-python's `/extras/tokenize/count`; with `props` (the default)
llama-server's `/props` (its n_ctx and slots) and `/tokenize`, so by default it is a llama-server
with a 32k window and 16 slots. Faults are injected per request:

    429        HTTP 429 with Retry-After
    500        HTTP 500
    401        HTTP 401 (a bad key: never worth a retry)
    hang       no answer for `hang_seconds` (longer than the client's timeout)
    malformed  a reply whose JSON does not parse
    invalid    JSON that parses but fails ChunkResult validation
    length     a reply cut at max_tokens (finish_reason "length")
    cut        a reply cut at 3/4 of max_tokens (a third when shorter) whose finish_reason says
               it is complete (llama-cpp-python reports "tool_calls" for a tool call cut short)
    badnumbers the recorded reply with figures that are not in the source
    drop       closes the connection without an answer
    stall      (streams) a third of the reply, then silence for `hang_seconds`; a client that
               closes the stream is counted in `server.cancelled`
    interrupt  (streams) a third of the reply, then [DONE] without a finish reason
    loop       the same item over and over until max_tokens, as a small model at temperature 0
               can write

`server.inject(kind, match=None, times=1)` queues a fault for the next `times` requests whose
section text contains `match` (any request when None). Every request is recorded in
`server.requests`, so a test can assert that a cached re-run made none.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPLIES = Path(__file__).resolve().parent.parent / "fixtures" / "replies"
EMPTY_RESULT: dict[str, Any] = {"achievements": [], "targets": [], "problems": []}
FAULTS = (
    "429",
    "500",
    "401",
    "hang",
    "malformed",
    "invalid",
    "length",
    "cut",
    "badnumbers",
    "drop",
    "stall",
    "interrupt",
    "loop",
)
RECORDED = REPLIES / "recorded"

_SECTION = re.compile(r"<<<\n(.*?)\n>>>", re.S)


@dataclass
class Fault:
    kind: str
    match: str | None
    times: int


@dataclass
class Recorded:
    """One request as the server saw it."""

    body: dict[str, Any]
    section_text: str
    fault: str | None
    reply_name: str | None
    at: float = field(default_factory=time.monotonic)


def load_replies(*folders: Path) -> list[tuple[str, str, Any]]:
    """Replies by name, from the hand-written folder unless others are named (the recorded
    ones are replayed by tests/test_llm_recorded.py, so that a real model's reply to some
    section never changes what another test's server answers)."""
    out = []
    for folder in folders or (REPLIES,):
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            # A recorded reply is served as the model wrote it; a hand-written one as JSON.
            out.append(
                (path.stem, data["match"], data["reply"] if "reply" in data else data["result"])
            )
    return out


def tokens(text: str) -> int:
    """This server's token count of a text: three UTF-8 bytes a token."""
    return math.ceil(len(text.encode("utf-8")) / 3)


def cut_to(text: str, limit: int) -> str:
    """The start of `text` that takes at most `limit` tokens."""
    return text.encode("utf-8")[: max(0, limit) * 3].decode("utf-8", errors="ignore")


def prompt_size(body: dict[str, Any]) -> int:
    """The prompt's tokens as this server counts them: its messages and the tool schema (or
    response format) it carries."""
    count = sum(tokens(m.get("content") or "") for m in body.get("messages") or [])
    schema = body.get("tools") or body.get("response_format")
    return count + (tokens(json.dumps(schema, sort_keys=True)) if schema else 0)


class LLMServer:
    """Start with `with LLMServer() as server:`; `server.base_url` is the /v1 URL."""

    def __init__(
        self,
        *,
        delay: float = 0.0,
        hang_seconds: float = 3.0,
        retry_after: str = "0",
        replies: list[tuple[str, str, Any]] | None = None,
        context_window: int | None = 32768,
        tokenize: bool = False,
        props: bool = True,
        slots: int = 16,
        token_delay: float = 0.0,
        chunk_chars: int = 16,
        max_model_len: int | None = None,
        ollama_num_ctx: int | None = None,
        stream_options: bool = True,
    ) -> None:
        self.delay = delay
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.replies = load_replies() if replies is None else replies
        self.context_window = context_window
        self.tokenize = tokenize
        self.props = props
        self.slots = slots
        self.token_delay = token_delay
        self.chunk_chars = chunk_chars
        self.max_model_len = max_model_len
        self.ollama_num_ctx = ollama_num_ctx
        self.stream_options = stream_options
        # Chat requests being answered now, and the most there ever were at once.
        self.in_flight = 0
        self.max_in_flight = 0
        # Streams the client closed while the server was still writing (or stalled).
        self.cancelled = 0
        # Requests to the other routes (/props, /extras/tokenize/count …), by path.
        self.probes: list[str] = []
        self.requests: list[Recorded] = []
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # ------------------------------------------------------------------ control

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def inject(self, kind: str, match: str | None = None, times: int = 1) -> None:
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; choose one of {FAULTS}")
        with self._lock:
            self._faults.append(Fault(kind, match, times))

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    def faults_left(self) -> int:
        with self._lock:
            return sum(f.times for f in self._faults)

    def start(self) -> LLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ serving

    def _take_fault(self, section_text: str) -> str | None:
        with self._lock:
            for fault in self._faults:
                if fault.match is None or fault.match in section_text:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault.kind
        return None

    def _reply_for(self, section_text: str) -> tuple[str | None, Any]:
        for name, match, result in self.replies:
            if match in section_text:
                return name, result
        return None, EMPTY_RESULT

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as two writes; with Nagle on, keep-alive requests stall
            # ~40 ms on the client's delayed ACK, which would swamp the benchmark.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                # Quiet: pytest output is for the tests.
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.rstrip("/").endswith("/chat/completions"):
                    server._serve(self, body)
                    return
                answer = server._other_route("POST", self.path, body)
                if answer is None:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                else:
                    self._send(200, answer)

            def do_GET(self) -> None:
                answer = server._other_route("GET", self.path, {})
                if answer is None:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                else:
                    self._send(200, answer)

            def _event(self, payload: dict[str, Any] | str) -> bool:
                """One server-sent event; False when the client has gone."""
                data = (
                    payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
                )
                try:
                    self.wfile.write(f"data: {data}\n\n".encode())
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return False
                return True

            def _send(
                self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                # The client may have given up (a hang past its timeout): nothing to deliver.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        return Handler

    def _other_route(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            self.probes.append(path)
        route = path.split("?")[0].rstrip("/")
        if route.endswith("/v1/models") and method == "GET":
            entry: dict[str, Any] = {"id": "test-model", "object": "model", "owned_by": "me"}
            if self.max_model_len is not None:
                entry["max_model_len"] = self.max_model_len
            return {"object": "list", "data": [entry]}
        if route.endswith("/api/show") and self.ollama_num_ctx is not None:
            return {
                "parameters": f"stop <|im_end|>\nnum_ctx {self.ollama_num_ctx}",
                "model_info": {"qwen2.context_length": 32768},
            }
        if route.endswith("/extras/tokenize/count") and self.tokenize:
            return {"count": tokens(str(body.get("input", "")))}
        if route.endswith("/props") and method == "GET" and self.props:
            return {
                "default_generation_settings": {"n_ctx": self.context_window or 4096},
                "total_slots": self.slots,
            }
        if route.endswith("/tokenize") and self.props:
            return {"tokens": list(range(tokens(str(body.get("content", "")))))}
        return None

    def _serve(self, handler: Any, body: dict[str, Any]) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._answer(handler, body)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, handler: Any, body: dict[str, Any]) -> None:
        messages = body.get("messages") or []
        user = "\n".join(m.get("content") or "" for m in messages if m.get("role") == "user")
        found = _SECTION.search(user)
        section_text = found.group(1) if found else user
        fault = self._take_fault(section_text)
        name, result = self._reply_for(section_text)
        with self._lock:
            self.requests.append(Recorded(body, section_text, fault, name))
        if self.delay:
            time.sleep(self.delay)

        if fault == "429":
            handler._send(
                429,
                {"error": {"message": "Rate limit reached", "type": "rate_limit"}},
                {"Retry-After": self.retry_after},
            )
            return
        if fault == "401":
            handler._send(401, {"error": {"message": "Incorrect API key", "type": "auth"}})
            return
        if fault == "500":
            handler._send(500, {"error": {"message": "upstream exploded", "type": "server"}})
            return
        if body.get("stream_options") and not self.stream_options:
            message = "Unrecognized request argument supplied: stream_options"
            handler._send(400, {"error": {"message": message, "type": "invalid_request_error"}})
            return
        prompt = prompt_size(body)
        if self.context_window is not None and prompt >= self.context_window:
            handler._send(
                400,
                {
                    "error": {
                        "message": f"This model's maximum context length is "
                        f"{self.context_window} tokens. However, you requested {prompt} tokens "
                        f"({prompt} in the messages, {body.get('max_tokens')} in the completion)."
                        " Please reduce the length of the messages or completion.",
                        "type": "invalid_request_error",
                        "code": "context_length_exceeded",
                    }
                },
            )
            return
        if fault == "hang" and not body.get("stream"):
            time.sleep(self.hang_seconds)
        if fault == "drop":
            handler.close_connection = True
            handler.connection.close()
            return

        finish = "stop"
        arguments = result if isinstance(result, str) else json.dumps(result, ensure_ascii=False)
        if fault == "malformed":
            arguments = '{"achievements": [{"summary": "未闭合'
        elif fault == "invalid":
            arguments = json.dumps({"achievements": [{"summary": 1, "category": "经济"}]})
        elif fault == "length":
            arguments = arguments[: max(10, len(arguments) // 3)]
            finish = "length"
        elif fault == "cut":
            # As when the server's real window is smaller than the client thought: the reply
            # stops at three quarters of the max_tokens asked for, and says it is complete.
            limit = int(0.75 * int(body.get("max_tokens") or 1 << 30))
            arguments = cut_to(arguments, min(limit, tokens(arguments) // 3))
        elif fault == "loop":
            item = {
                "summary": "完成重点项目建设。",
                "category": "项目建设",
                "metrics": [],
                "evidence": section_text[:40],
            }
            arguments = '{"achievements": [' + ", ".join(
                [json.dumps(item, ensure_ascii=False)] * 500
            )
        elif fault == "badnumbers":
            parsed = json.loads(result) if isinstance(result, str) else result
            arguments = json.dumps(_inflate_numbers(parsed), ensure_ascii=False)
        # A reply longer than its budget stops there, as a real server's does.
        room = int(body.get("max_tokens") or 1 << 30)
        if self.context_window is not None:
            room = min(room, self.context_window - prompt)
        if tokens(arguments) > room:
            arguments, finish = cut_to(arguments, room), "length"
        if body.get("stream"):
            self._stream(handler, body, arguments, finish, fault, prompt)
            return
        handler._send(200, self._completion(body, arguments, finish, prompt))

    def _stream(
        self,
        handler: Any,
        body: dict[str, Any],
        arguments: str,
        finish: str,
        fault: str | None,
        prompt: int,
    ) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        handler.wfile.flush()
        if fault == "hang":
            # Headers at once (as llama-cpp-python sends them), then nothing.
            self._silence(handler)
            return
        tools = body.get("tools")
        base = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
        }

        def chunk(delta: dict[str, Any], reason: str | None = None) -> dict[str, Any]:
            return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": reason}]}

        text = arguments
        if not tools and _wants_markdown(body):
            text = f"```json\n{arguments}\n```"
        stop_at = len(text)
        if fault in ("stall", "interrupt"):
            stop_at = max(1, len(text) // 3)
        if not handler._event(chunk({"role": "assistant", "content": None})):
            return
        for n, start in enumerate(range(0, stop_at, self.chunk_chars)):
            piece = text[start : min(stop_at, start + self.chunk_chars)]
            if tools:
                call: dict[str, Any] = {"index": 0, "function": {"arguments": piece}}
                if n == 0:
                    call.update(id=f"call_{len(self.requests)}", type="function")
                    call["function"]["name"] = tools[0]["function"]["name"]
                delta: dict[str, Any] = {"tool_calls": [call]}
            else:
                delta = {"content": piece}
            if self.token_delay:
                time.sleep(self.token_delay)
            if not handler._event(chunk(delta)):
                with self._lock:
                    self.cancelled += 1
                return
        if fault == "stall":
            self._silence(handler)
            return
        if fault == "interrupt":
            handler._event("[DONE]")
            return
        if tools and finish == "stop":
            finish = "tool_calls"
        handler._event(chunk({}, finish))
        options = body.get("stream_options") or {}
        if options.get("include_usage"):
            usage = {
                "prompt_tokens": prompt,
                "completion_tokens": tokens(text),
                "total_tokens": prompt + tokens(text),
            }
            handler._event({**base, "choices": [], "usage": usage})
        handler._event("[DONE]")

    def _silence(self, handler: Any) -> None:
        """Write nothing for `hang_seconds`, watching for the client to close the stream."""
        sock = handler.connection
        until = time.monotonic() + self.hang_seconds
        while time.monotonic() < until:
            readable, _, _ = select.select([sock], [], [], 0.02)
            if readable:
                try:
                    gone = sock.recv(1, socket.MSG_PEEK) == b""
                except OSError:
                    gone = True
                if gone:
                    with self._lock:
                        self.cancelled += 1
                    return

    def _completion(
        self, body: dict[str, Any], arguments: str, finish: str, prompt: int
    ) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": None}
        tools = body.get("tools")
        if tools:
            name = tools[0]["function"]["name"]
            message["tool_calls"] = [
                {
                    "id": f"call_{len(self.requests)}",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ]
            if finish == "stop":
                finish = "tool_calls"
        elif _wants_markdown(body):
            message["content"] = f"```json\n{arguments}\n```"
        else:
            message["content"] = arguments
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": tokens(arguments),
                "total_tokens": prompt + tokens(arguments),
            },
        }


def _wants_markdown(body: dict[str, Any]) -> bool:
    # instructor's MD_JSON mode appends a message asking for a ```json codeblock.
    return any("```json" in (m.get("content") or "") for m in body.get("messages") or [])


def _inflate_numbers(result: dict[str, Any]) -> dict[str, Any]:
    """The same reply with every metric value shifted to a figure the source does not print."""
    data = json.loads(json.dumps(result))
    bumped = False
    for item in data.get("achievements", []):
        for metric in item.get("metrics", []):
            if metric.get("value") is not None:
                metric["value"] = round(metric["value"] * 3 + 0.77, 2)
                metric["raw"] = f"{metric['value']}{metric.get('unit') or ''}"
                bumped = True
    if not bumped:
        data.setdefault("achievements", []).append(
            {
                "summary": "虚构的成绩。",
                "category": "其他",
                "metrics": [
                    {
                        "name": "虚构指标",
                        "value": 987.65,
                        "value_hi": None,
                        "unit": "亿元",
                        "qualifier": None,
                        "change": None,
                        "raw": "987.65亿元",
                        "derived": False,
                    }
                ],
                "evidence": "虚构",
            }
        )
    return data


@pytest.fixture
def llm_server() -> Iterator[LLMServer]:
    with LLMServer() as server:
        yield server
