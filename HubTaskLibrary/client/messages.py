"""Turning hub error replies into one readable line."""

from __future__ import annotations

import re
from typing import Any

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def hub_message(body: Any, limit: int = 300) -> str:
    """The hub's own words from an error body (galaxy ``errors[]``, DRF ``detail``,
    field errors, or plain text), folded into one line."""
    text = _collect(body)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _collect(body: Any) -> str:
    if body is None:
        return ""
    if isinstance(body, str):
        return _TAGS.sub(" ", body)
    if isinstance(body, list):
        return "; ".join(part for part in (_collect(item) for item in body) if part)
    if isinstance(body, dict):
        if "errors" in body and isinstance(body["errors"], list):
            parts = []
            for err in body["errors"]:
                if isinstance(err, dict):
                    detail = err.get("detail") or err.get("title") or ""
                    source = (
                        err.get("source", {}).get("parameter")
                        if isinstance(err.get("source"), dict)
                        else None
                    )
                    parts.append(f"{source}: {detail}" if source else str(detail))
                else:
                    parts.append(str(err))
            return "; ".join(p for p in parts if p)
        if "detail" in body:
            return _collect(body["detail"])
        if "description" in body:
            return _collect(body["description"])
        parts = []
        for key, value in body.items():
            inner = _collect(value)
            parts.append(f"{key}: {inner}" if key != "non_field_errors" else inner)
        return "; ".join(p for p in parts if p)
    return str(body)
