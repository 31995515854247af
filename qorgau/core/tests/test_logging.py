import logging

from qorgau.core.logging import NoClientDetails, scrub


def test_ip_addresses_are_removed_from_log_messages() -> None:
    assert "203.0.113.7" not in scrub("request from 203.0.113.7 failed")
    assert "2001:db8::1" not in scrub("client 2001:db8::1 said hi")
    assert "fe80::1ff:fe23:4567:890a" not in scrub("from fe80::1ff:fe23:4567:890a")
    assert scrub("case 2026-11-22 at 10:30:15") == "case 2026-11-22 at 10:30:15"


def test_the_request_object_never_reaches_a_handler() -> None:
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None
    )
    record.request = object()
    assert NoClientDetails().filter(record)
    assert record.request is None
    assert record.getMessage() == "Not Found: /x"


def test_a_404_is_logged_without_the_client_address(client, caplog, db) -> None:
    caplog.set_level(logging.WARNING, logger="django.request")
    handler = logging.getLogger().handlers[0]
    client.get("/kk/missing/", REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Secret-Browser/1.0")
    lines = [handler.format(r) for r in caplog.records if all(f.filter(r) for f in handler.filters)]
    assert lines
    assert not any("198.51.100.23" in line or "Secret-Browser" in line for line in lines)


def test_the_shipped_gunicorn_access_log_leaves_out_address_and_browser() -> None:
    import runpy
    from pathlib import Path

    config = runpy.run_path(
        str(Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py")
    )
    assert config["accesslog"] == "-"
    for field in ("%(h)s", "%(a)s", "%({x-forwarded-for}i)s"):
        assert field not in config["access_log_format"]
