"""Optional demographic questions (P3): asked only with a reporting key, sealed to it, stored
apart from the request, and counted offline with small cells suppressed."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import uuid
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client
from django.utils import timezone

from qorgau.accounts.models import User
from qorgau.core import crypto
from qorgau.helpdesk import intake
from qorgau.helpdesk.demographics import PADDED_BYTES, answer_build
from qorgau.helpdesk.models import DemographicAnswer, HelpRequest

from .intake_support import give_keys, media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

URL = "/en/help/"
ANSWERS = {"gender": "woman", "age_group": "35_44", "work": "freelance", "place": "small_place"}


@pytest.fixture
def reporting_key(settings: Any) -> bytes:
    """The private half; the public half is configured."""
    public, private = crypto.new_key_pair()
    settings.QORGAU_REPORTING_PUBLIC_KEY = base64.b64encode(public).decode()
    return private


def form_data(client: Client, **overrides: object) -> dict[str, object]:
    page = client.get(URL).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data: dict[str, object] = {"form_token": token, "description": "I was summoned."}
    data.update(overrides)
    return data


def opened(row: DemographicAnswer, private_key: bytes) -> dict[str, Any]:
    return dict(json.loads(crypto.unwrap_with(private_key, bytes(row.sealed))))


def report(private_key: bytes, *args: str) -> str:
    out = io.StringIO()
    key = io.StringIO(base64.b64encode(private_key).decode() + "\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", key)
        call_command("helpdesk", "demographics", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


_TOKENS = iter(range(1, 10**9))


def submit(*, demographics: dict[str, str]) -> intake.Submitted:
    return intake.request_submit(
        facts=intake.IntakeFacts(),
        content=intake.IntakeContent(description="Меня вызвали на допрос."),
        files=[],
        submission_token=f"demographics-{next(_TOKENS)}",
        demographics=demographics,
    )


def store(answers: dict[str, str], *, month: dt.date, times: int = 1) -> None:
    for _ in range(times):
        row = answer_build(answers, month=month)
        assert row is not None
        row.save(force_insert=True)


# --- The form


def test_without_a_reporting_key_the_questions_are_not_asked_and_nothing_is_stored(
    client: Client, settings: Any
) -> None:
    settings.QORGAU_REPORTING_PUBLIC_KEY = ""
    html = client.get(URL).content.decode()
    for name in ANSWERS:
        assert f'name="{name}"' not in html
    assert "For our reports" not in html
    response = client.post(URL, form_data(client, **ANSWERS))  # sent anyway: ignored
    assert response.status_code == 302
    assert HelpRequest.objects.count() == 1
    assert DemographicAnswer.objects.count() == 0


def test_with_a_key_the_questions_are_optional_and_explained_in_each_language(
    client: Client, reporting_key: bytes
) -> None:
    html = client.get(URL).content.decode()
    for name in ANSWERS:
        assert re.search(rf'<select name="{name}"', html), name
    assert "only counted, never read one by one" in html
    assert "not even our server can read them" in html
    kazakh = client.get("/kk/help/").content.decode()
    russian = client.get("/ru/help/").content.decode()
    assert 'name="age_group"' in kazakh and 'name="age_group"' in russian
    assert "never read one by one" not in kazakh and "never read one by one" not in russian
    response = client.post(URL, form_data(client))  # none answered: still fine
    assert response.status_code == 302
    assert DemographicAnswer.objects.count() == 0  # nothing answered, nothing stored


def test_answers_are_stored_sealed_with_only_the_month(
    client: Client, reporting_key: bytes
) -> None:
    response = client.post(URL, form_data(client, **ANSWERS))
    assert response.status_code == 302
    row = DemographicAnswer.objects.get()
    assert row.month == timezone.localdate().replace(day=1)
    assert opened(row, reporting_key) == {"v": 1, **ANSWERS}
    assert b"woman" not in bytes(row.sealed) and b"freelance" not in bytes(row.sealed)


def test_the_row_has_no_link_to_its_request(reporting_key: bytes) -> None:
    submitted = submit(demographics=ANSWERS)
    row = DemographicAnswer.objects.get()
    fields = DemographicAnswer._meta.get_fields()
    assert not [f for f in fields if f.is_relation]
    assert not [f for f in fields if isinstance(f, models.DateTimeField)]
    assert {f.name for f in fields} == {"id", "month", "key_fingerprint", "sealed"}
    assert isinstance(row.pk, uuid.UUID) and row.pk.version == 4  # random, not a sequence
    assert set(opened(row, reporting_key)) == {"v", *ANSWERS}  # the answers, nothing more
    assert row.month == submitted.request.received_on.replace(day=1)
    assert row.month.day == 1


def test_every_row_has_the_same_size_whatever_was_answered(reporting_key: bytes) -> None:
    month = dt.date(2026, 3, 1)
    store({"gender": "man"}, month=month)
    store({**ANSWERS, "age_group": "prefer_not"}, month=month)
    sizes = {len(bytes(row.sealed)) for row in DemographicAnswer.objects.all()}
    assert sizes == {1 + 48 + PADDED_BYTES}


def test_a_failed_request_save_stores_no_answers(
    reporting_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake, "_store_files", broken)
    with pytest.raises(RuntimeError):
        submit(demographics=ANSWERS)
    assert HelpRequest.objects.count() == 0
    assert DemographicAnswer.objects.count() == 0


def test_a_form_sent_twice_stores_its_answers_once(client: Client, reporting_key: bytes) -> None:
    data = form_data(client, **ANSWERS)
    client.post(URL, data)
    Client().post(URL, data)
    assert HelpRequest.objects.count() == 1
    assert DemographicAnswer.objects.count() == 1


def test_the_form_keeps_the_answers_after_an_error(client: Client, reporting_key: bytes) -> None:
    response = client.post(URL, form_data(client, description="", **ANSWERS))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<option value="woman" selected>', html)
    assert re.search(r'<option value="small_place" selected>', html)
    assert DemographicAnswer.objects.count() == 0


def test_an_unknown_answer_is_refused_and_nothing_stored(
    client: Client, reporting_key: bytes
) -> None:
    response = client.post(URL, form_data(client, gender="robot"))
    assert response.status_code == 200
    assert HelpRequest.objects.count() == 0
    assert DemographicAnswer.objects.count() == 0


# --- The offline report


def test_the_report_counts_per_question_and_suppresses_small_cells(reporting_key: bytes) -> None:
    march = dt.date(2026, 3, 1)
    store({"gender": "woman", "place": "city"}, month=march, times=7)
    store({"gender": "man", "place": "city"}, month=march, times=6)
    store({"gender": "other"}, month=march, times=2)
    store({"gender": "woman"}, month=dt.date(2026, 5, 1), times=9)  # outside the period

    text = report(reporting_key, "--from", "2026-02", "--to", "2026-04")
    assert "Demographic answers 2026-02 to 2026-04: 15" in text
    assert "  woman: 7" in text
    # "other" is under 5; the next smallest ("man", 6) is hidden too, or 15 - 7 - 0 would tell.
    assert "  other: <5" in text and "  man: x" in text
    # 13 in a big city, 2 not answered: with the total (15) the 13 would tell the 2.
    assert "  city: x" in text and "  not_answered: <5" in text
    assert "  prefer_not: 0" in text

    csv_text = report(reporting_key, "--from", "2026-05", "--to", "2026-05", "--format", "csv")
    lines = csv_text.splitlines()
    assert lines[0] == "period,question,answer,count"
    assert "2026-05 to 2026-05,gender,woman,9" in lines
    assert "2026-05 to 2026-05,all,answers,9" in lines


def test_the_report_reads_the_key_from_a_file(reporting_key: bytes, tmp_path: Any) -> None:
    store(ANSWERS, month=dt.date(2026, 3, 1), times=5)
    path = tmp_path / "reporting.key"
    path.write_text(base64.b64encode(reporting_key).decode())
    out = io.StringIO()
    call_command(
        "helpdesk",
        "demographics",
        "--from",
        "2026-03",
        "--to",
        "2026-03",
        "--key-file",
        path,
        stdout=out,
    )
    assert "  freelance: 5" in out.getvalue()


def test_a_wrong_key_fails_clearly(reporting_key: bytes) -> None:
    store(ANSWERS, month=dt.date(2026, 3, 1), times=5)
    _public, other = crypto.new_key_pair()
    with pytest.raises(CommandError, match="Wrong reporting private key"):
        report(other, "--from", "2026-03", "--to", "2026-03")
    with pytest.raises(CommandError, match="not a reporting private key"):
        report(b"short", "--from", "2026-03", "--to", "2026-03")
    with pytest.raises(CommandError, match="YYYY-MM"):
        report(reporting_key, "--from", "March", "--to", "2026-03")


def test_an_altered_row_fails_clearly(reporting_key: bytes) -> None:
    store(ANSWERS, month=dt.date(2026, 3, 1))
    row = DemographicAnswer.objects.get()
    sealed = bytearray(bytes(row.sealed))
    sealed[-1] ^= 1
    DemographicAnswer.objects.filter(pk=row.pk).update(sealed=bytes(sealed))
    with pytest.raises(CommandError, match="does not open"):
        report(reporting_key, "--from", "2026-03", "--to", "2026-03")


def test_reporting_keygen_prints_a_pair_the_form_and_report_use(settings: Any) -> None:
    out = io.StringIO()
    call_command("keys", "reporting-keygen", stdout=out)
    public, private = re.findall(r"^  (\S+)$", out.getvalue(), flags=re.MULTILINE)
    settings.QORGAU_REPORTING_PUBLIC_KEY = public
    store(ANSWERS, month=dt.date(2026, 3, 1), times=5)
    assert "  35_44: 5" in report(base64.b64decode(private), "--from", "2026-03", "--to", "2026-03")


def test_a_malformed_reporting_key_is_a_configuration_error(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    settings.QORGAU_REPORTING_PUBLIC_KEY = "c2hvcnQ="
    with pytest.raises(ImproperlyConfigured, match="reporting-keygen"):
        crypto.reporting_public_key()


# --- The statistics page


def test_the_statistics_page_counts_the_answers_but_never_shows_them(
    alice: User, login_as: Any, reporting_key: bytes
) -> None:
    give_keys(alice)
    submit(demographics=ANSWERS)
    submit(demographics={"gender": "man"})
    page = login_as(alice).get("/en/help/statistics/").content.decode()
    assert "2 requesters answered the optional demographic questions" in page
    for value in ("woman", "freelance", "small town", "35–44"):
        assert value not in page
