"""The one error type services raise; the API maps its code to a 4xx answer."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refused request: `code` is stable for clients, `message` is for people, `field` names the input."""

    def __init__(self, message: str, *, code: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status

    def __str__(self) -> str:
        return self.message
