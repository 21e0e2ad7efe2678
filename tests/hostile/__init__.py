"""Hostile input: corrupted class lists, malformed images and forged card texts (issue 8)."""

from __future__ import annotations

from hypothesis import settings


def examples(share: float) -> settings:
    """Settings running ``share`` of the loaded profile's example budget (at least 5)."""
    return settings(max_examples=max(5, round(settings.default.max_examples * share)))
