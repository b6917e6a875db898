"""Errors a user sees. Each names the input and, where it can, the place in it."""

from __future__ import annotations


class ExtractionError(Exception):
    """The input cannot be turned into a report (empty, not a CQC report, unreadable).

    ``name`` is the file (or the name given to ``extract``); ``place`` says where, e.g.
    "line 1" or "byte 1,024". ``str(error)`` is the one line a user sees.
    """

    def __init__(self, message: str, name: str | None = None, place: str | None = None):
        self.message = message
        self.name = name
        self.place = place
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.name, self.place) if part)
        return f"{where}: {self.message}" if where else self.message

    def with_name(self, name: str) -> ExtractionError:
        return ExtractionError(self.message, name=name, place=self.place)
