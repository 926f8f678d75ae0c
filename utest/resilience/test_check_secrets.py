"""scripts/check-secrets.py: finds secrets in Robot outputs, never prints them."""

from __future__ import annotations

import base64
import json
import zlib

SECRET = "Hp-s3cr3tPassw0rd-xyz"
TOKEN = "0123456789abcdef0123456789abcdef01234567"


def robot_log(*messages: str) -> str:
    packed = [base64.b64encode(zlib.compress(m.encode())).decode() for m in messages]
    strings = json.dumps(["*", "*plain text", *packed])
    return (
        f'<script>window.output["strings"] = window.output["strings"].concat({strings});</script>'
    )


def test_finds_plain_secret_and_names_file(tmp_path, scanner, capsys):
    (tmp_path / "output.xml").write_text(f"<msg>password {SECRET}</msg>")
    (tmp_path / "report.html").write_text("<html>clean</html>")
    rc = scanner.main(["--secret", SECRET, "--env", "NONE_SUCH", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 1
    assert str(tmp_path / "output.xml") in out
    assert "report.html" not in out
    assert SECRET not in out


def test_finds_secret_inside_compressed_robot_log(tmp_path, scanner, capsys):
    (tmp_path / "log.html").write_text(robot_log("Authorization: Token " + TOKEN))
    rc = scanner.main(["--secret", TOKEN, "--env", "NONE_SUCH", str(tmp_path / "log.html")])
    assert rc == 1
    assert TOKEN not in capsys.readouterr().out


def test_finds_url_encoded_and_escaped_forms(tmp_path, scanner):
    tricky = "p@ss/w<o>rd&x"
    for name, text in {
        "a.log": "https://user:p%40ss%2Fw%3Co%3Erd%26x@host/",
        "b.html": "<td>p@ss/w&lt;o&gt;rd&amp;x</td>",
    }.items():
        (tmp_path / name).write_text(text)
        assert scanner.scan([tmp_path / name], [tricky]) == {tmp_path / name: 1}


def test_clean_files_pass(tmp_path, scanner, capsys):
    (tmp_path / "output.xml").write_text("<msg>nothing</msg>")
    (tmp_path / "log.html").write_text(robot_log("also nothing"))
    assert scanner.main(["--secret", SECRET, "--env", "X_NONE", str(tmp_path)]) == 0
    assert "nothing found" in capsys.readouterr().out


def test_secrets_from_file_and_environment(tmp_path, scanner, monkeypatch):
    secrets_file = tmp_path / "secrets.txt"
    secrets_file.write_text(f"{SECRET}\n\n{TOKEN}\n")
    monkeypatch.setenv("MY_PW", "env-secret-value")
    found = scanner.collect_secrets([], [str(secrets_file)], ["MY_PW", "UNSET_VAR"])
    assert found == sorted([SECRET, TOKEN, "env-secret-value"])


def test_short_secrets_are_skipped(tmp_path, scanner, capsys):
    (tmp_path / "output.xml").write_text("<msg>admin</msg>")
    rc = scanner.main(["--secret", "admin", "--env", "X_NONE", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 2
    assert "shorter than 8" in out


def test_missing_path_is_a_usage_error(tmp_path, scanner):
    assert scanner.main(["--secret", SECRET, "--env", "X", str(tmp_path / "nope")]) == 2


def test_directory_scan_picks_robot_outputs_and_console_logs(tmp_path, scanner):
    for name in ("output.xml", "log.html", "report.html", "console.log", "run.txt", "image.png"):
        (tmp_path / name).write_text("x")
    names = sorted(p.name for p in scanner.files_to_scan([str(tmp_path)]))
    assert names == ["console.log", "log.html", "output.xml", "report.html", "run.txt"]
