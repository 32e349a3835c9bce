"""One help entry: what a control is called, its tooltip and its What's This text (help_texts.py)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Help:
    name: str      # the accessible name a screen reader says
    tip: str       # a one-sentence tooltip
    what: str      # the What's This? text: one or two sentences a learner understands
