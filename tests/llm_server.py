"""The project's own OpenAI-compatible HTTP server, for tests and benchmarks (127.0.0.1 only).

It speaks `POST /v1/chat/completions` to the real `openai` client: a tool call when the request
offers tools (instructor's TOOLS mode), JSON content otherwise (JSON / JSON_SCHEMA; MD_JSON gets
a fenced block). Replies come from fixtures/replies/*.json: each file holds a `match` string;
the first file whose match occurs in the request's section text is served, else an empty
ChunkResult. Faults are injected per request:

    429        HTTP 429 with Retry-After
    500        HTTP 500
    401        HTTP 401 (a bad key: never worth a retry)
    hang       no answer for `hang_seconds` (longer than the client's timeout)
    malformed  a reply whose JSON does not parse
    invalid    JSON that parses but fails ChunkResult validation
    length     a reply cut at max_tokens (finish_reason "length")
    badnumbers the recorded reply with figures that are not in the source
    drop       closes the connection without an answer

`server.inject(kind, match=None, times=1)` queues a fault for the next `times` requests whose
section text contains `match` (any request when None). Every request is recorded in
`server.requests`, so a test can assert that a cached re-run made none.
"""

from __future__ import annotations

import contextlib
import json
import re
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
FAULTS = ("429", "500", "401", "hang", "malformed", "invalid", "length", "badnumbers", "drop")

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


def load_replies(folder: Path = REPLIES) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((path.stem, data["match"], data["result"]))
    return out


class LLMServer:
    """Start with `with LLMServer() as server:`; `server.base_url` is the /v1 URL."""

    def __init__(
        self,
        *,
        delay: float = 0.0,
        hang_seconds: float = 3.0,
        retry_after: str = "0",
        replies: list[tuple[str, str, dict[str, Any]]] | None = None,
    ) -> None:
        self.delay = delay
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.replies = load_replies() if replies is None else replies
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

    def _reply_for(self, section_text: str) -> tuple[str | None, dict[str, Any]]:
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
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                server._serve(self, body)

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

    def _serve(self, handler: Any, body: dict[str, Any]) -> None:
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
        if fault == "hang":
            time.sleep(self.hang_seconds)
        if fault == "drop":
            handler.close_connection = True
            handler.connection.close()
            return

        finish = "stop"
        arguments = json.dumps(result, ensure_ascii=False)
        if fault == "malformed":
            arguments = '{"achievements": [{"summary": "未闭合'
        elif fault == "invalid":
            arguments = json.dumps({"achievements": [{"summary": 1, "category": "经济"}]})
        elif fault == "length":
            arguments = arguments[: max(10, len(arguments) // 3)]
            finish = "length"
        elif fault == "badnumbers":
            arguments = json.dumps(_inflate_numbers(result), ensure_ascii=False)
        handler._send(200, self._completion(body, arguments, finish, user))

    def _completion(
        self, body: dict[str, Any], arguments: str, finish: str, prompt: str
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
        # Deterministic token counts: roughly what a Chinese tokenizer would bill.
        prompt_chars = sum(len(m.get("content") or "") for m in body.get("messages") or [])
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt_chars,
                "completion_tokens": len(arguments),
                "total_tokens": prompt_chars + len(arguments),
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
