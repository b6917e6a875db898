"""What every format's ``convert`` returns: the text offsets index, its format, its pages."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pipeline.models import Warning


@dataclass(frozen=True)
class Converted:
    """A converted input: ``text`` (what offsets index), its format, where pages start."""

    text: str
    format: Literal["text", "pdf", "html"]
    page_starts: tuple[int, ...] = ()  # offset in ``text`` where each page begins (PDF only)
    warnings: tuple[Warning, ...] = field(default_factory=tuple)

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) if self.page_starts else None

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset`` (a PDF's), None for formats without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))
