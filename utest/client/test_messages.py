"""hub_message: the hub's own words, one line."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.messages import hub_message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # galaxy_ng errors[] (with and without a source parameter)
        (
            {
                "errors": [
                    {
                        "status": "404",
                        "code": "not_found",
                        "title": "Not found.",
                        "detail": "Namespace ns9 does not exist.",
                    }
                ]
            },
            "Namespace ns9 does not exist.",
        ),
        ({"errors": [{"status": "404", "code": "not_found", "title": "Not found."}]}, "Not found."),
        (
            {
                "errors": [
                    {"detail": "Bad name.", "source": {"parameter": "name"}},
                    {"detail": "Bad version.", "source": {"parameter": "version"}},
                ]
            },
            "name: Bad name.; version: Bad version.",
        ),
        ({"errors": ["plain string error"]}, "plain string error"),
        # DRF detail
        ({"detail": "Invalid username/password."}, "Invalid username/password."),
        ({"detail": ["one", "two"]}, "one; two"),
        # field errors
        ({"name": ["This field is required."]}, "name: This field is required."),
        (
            {"name": ["This field is required."], "url": ["Enter a valid URL."]},
            "name: This field is required.; url: Enter a valid URL.",
        ),
        (
            {"non_field_errors": ["The fields name must make a unique set."]},
            "The fields name must make a unique set.",
        ),
        ({"remote": {"url": ["Enter a valid URL."]}}, "remote: url: Enter a valid URL."),
        # task error dictionaries
        ({"description": "No manifest found", "traceback": "..."}, "No manifest found"),
        # text and HTML
        ("Service temporarily down", "Service temporarily down"),
        (
            "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1></body>"
            "</html>",
            "502 Bad Gateway Bad Gateway",
        ),
        ("  line one\n\n  line two\t ", "line one line two"),
        # nothing useful
        (None, ""),
        ("", ""),
        ({}, ""),
        ([], ""),
        (42, "42"),
    ],
)
def test_hub_message(body, expected):
    assert hub_message(body) == expected


def test_result_is_one_line():
    body = {"detail": "first line\nsecond line\r\nthird\tline"}
    assert hub_message(body) == "first line second line third line"


def test_truncation():
    text = "x" * 1000
    result = hub_message(text)
    assert len(result) == 300
    assert result.endswith("...")
    assert hub_message(text, limit=50) == "x" * 47 + "..."
    assert hub_message("short", limit=50) == "short"
    exact = "y" * 300
    assert hub_message(exact) == exact
