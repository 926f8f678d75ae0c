"""Library changes made for issue 6 (resilience), tested against the fake hub."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.errors import HubAuthError, HubConnectionError, InvalidArgumentError
from HubTaskLibrary.client.http import HubSession

PATH = "v3/thing/"
FULL = "/api/automation-hub/v3/thing/"


def test_verify_false_wins_over_requests_ca_bundle(hub, monkeypatch):
    """requests lets REQUESTS_CA_BUNDLE override the session's verify=False."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    session = HubSession(hub.url, username="u", password="p", verify=False)
    sent = {}
    real = session.session.request

    def spy(*args, **kwargs):
        sent.update(kwargs)
        return real(*args, **kwargs)

    session.session.request = spy
    hub.on("GET", FULL, (200, {}))
    session.get_json(PATH)
    assert sent["verify"] is False


def test_missing_ca_bundle_is_a_clear_error(hub):
    with pytest.raises(InvalidArgumentError, match=r"verify_ssl '/no/such/ca\.pem' is neither"):
        HubSession(hub.url, verify="/no/such/ca.pem")


@pytest.mark.parametrize(("given", "expected"), [("False", False), ("true", True), (True, True)])
def test_verify_strings(hub, given, expected):
    assert HubSession(hub.url, verify=given).verify is expected


def test_ca_bundle_path_is_kept(hub, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    assert HubSession(hub.url, verify=str(bundle)).verify == str(bundle)


def test_lost_answer_to_post_says_not_resent(hub):
    hub.on("POST", FULL, hub.CLOSE, (202, {"task": "x"}))
    session = HubSession(hub.url, username="u", password="p")
    with pytest.raises(HubConnectionError) as info, session.operation(10):
        session.request("POST", PATH, json={})
    text = str(info.value)
    assert "not re-sent because the hub may have acted on it" in text
    assert "Check base_url" not in text
    assert len(hub.calls("POST", FULL)) == 1


def test_refused_connection_still_names_base_url(free_port):
    session = HubSession(f"http://127.0.0.1:{free_port}", api_prefix="/api/galaxy/")
    with pytest.raises(HubConnectionError, match="Check base_url"), session.operation(0.5):
        session.request("POST", PATH, json={})


def test_permission_denied_names_the_user(hub):
    hub.on("POST", FULL, (403, {"detail": "You do not have permission to perform this action."}))
    session = HubSession(hub.url, username="viewer", password="p")
    with pytest.raises(HubAuthError, match="User 'viewer' lacks that permission"):
        session.request("POST", PATH, json={})


def test_invalid_token_says_check_token(hub):
    hub.on("GET", FULL, (403, {"detail": "Invalid token."}))
    session = HubSession(hub.url, token="t" * 40)
    with pytest.raises(HubAuthError, match=r"Invalid token\. Check username/password or token"):
        session.get_json(PATH)


def test_html_404_points_at_base_url_and_prefix(hub):
    hub.on("GET", FULL, (404, "<html><h1>Not Found</h1></html>"))
    session = HubSession(hub.url, username="u", password="p")
    with pytest.raises(
        Exception, match=r"no hub API at this path. Check base_url \(HUB_URL\) and api_prefix"
    ):
        session.get_json(PATH)


def test_json_404_keeps_the_hub_message(hub):
    hub.on("GET", FULL, (404, {"errors": [{"status": "404", "title": "Not found."}]}))
    session = HubSession(hub.url, username="u", password="p")
    with pytest.raises(Exception, match=r"404 Not Found: Not found\.$"):
        session.get_json(PATH)
