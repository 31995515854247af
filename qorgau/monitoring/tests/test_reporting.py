"""The periodic report: blocks, figures and the comparison with the previous period, as HTML and
as a PDF whose text carries the same figures, in Kazakh and in Russian."""

import datetime
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from qorgau.monitoring import reporting
from qorgau.monitoring.tests.public_sample import make_incident

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def october() -> None:
    # This period: 3 in the rights block (one also a legal claim), 2 on information, 1 claim.
    make_incident(title="Задержание", day=D(2026, 10, 3), types=("detention",))
    make_incident(title="Нападение", day=D(2026, 10, 9), types=("assault",))
    make_incident(
        title="Обыск и дело", day=D(2026, 10, 1), precision="month", types=("search", "civil-claim")
    )
    make_incident(title="Отказ", day=D(2026, 10, 12), types=("info-refusal",))
    make_incident(title="Блокировка", day=D(2026, 10, 30), types=("blocking",))
    make_incident(title="Не опубликовано", day=D(2026, 10, 5), status="review")
    # September, the previous period: one detention.
    make_incident(title="Сентябрь", day=D(2026, 9, 20), types=("detention",))


def test_the_previous_period_is_the_month_before_or_as_many_days_before() -> None:
    assert reporting.previous_period(D(2026, 10, 1), D(2026, 10, 31)) == (
        D(2026, 9, 1),
        D(2026, 9, 30),
    )
    assert reporting.previous_period(D(2026, 1, 1), D(2026, 3, 31)) == (
        D(2025, 10, 1),
        D(2025, 12, 31),
    )
    assert reporting.previous_period(D(2026, 10, 10), D(2026, 10, 19)) == (
        D(2026, 9, 30),
        D(2026, 10, 9),
    )


def test_blocks_count_their_groups_and_compare_with_the_month_before(october: None) -> None:
    context = reporting.report_context(D(2026, 10, 1), D(2026, 10, 31))
    assert context["totals"]["incidents"] == 5
    assert context["before_totals"]["incidents"] == 1
    counts = {b.code: (b.count, b.previous) for b in context["blocks"]}
    assert counts == {"rights": (3, 1), "information": (2, 0), "claims": (1, 0)}
    rights = context["blocks"][0]
    assert {i["title"] for i in rights.incidents} == {"Задержание", "Нападение", "Обыск и дело"}


def test_the_html_report_reads_in_russian(october: None) -> None:
    content, content_type, extension = reporting.render_report(
        start=D(2026, 10, 1), end=D(2026, 10, 31), language="ru", output_format="html"
    )
    html = content.decode()
    assert (content_type, extension) == ("text/html; charset=utf-8", "html")
    assert "Нарушения прав журналистов" in html
    assert "Методология" in html
    assert "<svg" in html and "Не опубликовано" not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["Свобода прессы в Казахстане", "Нарушения прав журналистов", "5", "+400 %"]),
        ("kk", ["Қазақстандағы баспасөз бостандығы", "Журналистердің құқықтарын бұзу", "5"]),
    ],
)
def test_the_pdf_carries_the_figures(october: None, language: str, expected: list[str]) -> None:
    content, content_type, _ext = reporting.render_report(
        start=D(2026, 10, 1), end=D(2026, 10, 31), language=language, output_format="pdf"
    )
    assert content.startswith(b"%PDF") and content_type == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    for piece in expected:
        assert piece in text, piece
    assert "Блокировка" in text and "Не опубликовано" not in text


def test_the_command_writes_the_file(october: None, tmp_path: Path) -> None:
    target = tmp_path / "oct.html"
    path = reporting.run_report(
        date_from="2026-10-01", date_to="2026-10-31", lang="kk", format="html", output=str(target)
    )
    assert path == target and "<html" in target.read_text()


def test_bad_dates_for_the_command_are_refused(tmp_path: Path) -> None:
    target = str(tmp_path / "x.pdf")
    with pytest.raises(reporting.ReportError):
        reporting.run_report(date_from="31.10.2026", date_to="2026-10-31", output=target)
    with pytest.raises(reporting.ReportError):
        reporting.run_report(date_from="2026-11-01", date_to="2026-10-31", output=target)
    assert not (tmp_path / "x.pdf").exists()


def test_the_staff_page_sends_anonymous_visitors_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/ru/monitoring/staff/report/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_people_who_are_not_monitors_may_not_produce_reports(login_as, bob, charlie) -> None:  # type: ignore[no-untyped-def]
    for person in (bob, charlie):
        assert login_as(person).get("/ru/monitoring/staff/report/").status_code == 403


def test_a_monitor_produces_and_downloads_the_report(october: None, login_as) -> None:  # type: ignore[no-untyped-def]
    from qorgau.accounts.models import Role
    from qorgau.conftest import make_user
    from qorgau.core.models import AuditEvent

    client = login_as(make_user("erlan@qorgau.test", Role.MONITOR))
    assert client.get("/ru/monitoring/staff/report/").status_code == 200
    response = client.post(
        "/ru/monitoring/staff/report/",
        {"date_from": "2026-10-01", "date_to": "2026-10-31", "lang": "kk", "format": "html"},
    )
    assert response.status_code == 200
    assert (
        'filename="qorgau-monitoring-2026-10-01-2026-10-31.html"' in response["Content-Disposition"]
    )
    assert "Журналистердің құқықтарын бұзу" in response.content.decode()
    assert AuditEvent.objects.filter(object_type="monitoring.report", action="export").exists()


def test_a_monitor_gets_the_form_back_with_a_clear_error(login_as) -> None:  # type: ignore[no-untyped-def]
    from qorgau.accounts.models import Role
    from qorgau.conftest import make_user

    client = login_as(make_user("erlan@qorgau.test", Role.MONITOR))
    response = client.post(
        "/ru/monitoring/staff/report/",
        {"date_from": "2026-11-01", "date_to": "2026-10-31", "lang": "ru", "format": "pdf"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Дата начала позже даты окончания." in page
    assert 'value="2026-11-01"' in page
