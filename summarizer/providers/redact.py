"""Keeping an API key out of log records: some proxies echo the Authorization header in their
error text, which the HTTP stack and instructor then log."""

from __future__ import annotations

import logging


class RedactKey(logging.Filter):
    """Rewrites a log record that carries the key (instructor logs the endpoint's error text,
    which some proxies fill with the Authorization header) before any handler sees it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "***"), None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: the traceback is redacted once, here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, "***")
        return True


def redact_in_logs(secret: str) -> None:
    if len(secret) < 4:
        return
    # Logger filters do not apply to records of child loggers, so every logger of the HTTP
    # stack gets one (they are all created at import, before this runs).
    families = ("instructor", "openai", "httpx", "httpcore", "summarizer")
    # openai 3 vendors its HTTP stack as httpx2 / httpcore2.
    names = [
        n
        for n in list(logging.root.manager.loggerDict)
        if n.split(".")[0].rstrip("0123456789") in families
    ]
    for name in {*families, *names}:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactKey) and f.secret == secret for f in logger.filters):
            logger.addFilter(RedactKey(secret))
