"""Errors raised by the domain. Bad input is not a decision: it is an InvalidInput."""

from __future__ import annotations

from .text import Text


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class InvalidInput(DomainError):
    code = "invalid_input"

    def __init__(self, field: str, message: Text) -> None:
        super().__init__(message)
        self.field = field


class UnknownRule(DomainError):
    code = "unknown_rule"

    def __init__(self, name: str) -> None:
        from .text import t

        super().__init__(t("Aturan tidak dikenal: {name}", "Unknown rule: {name}", name=name))
        self.name = name
