"""The check-up in a real browser with JavaScript off: upload a Word file, read the result,
download the report as PDF."""

from __future__ import annotations

from typing import Any

import pytest

from qorgau.checkup.tests import files
from qorgau.checkup.tests.samples import DRAFT_RU

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_word_file_is_checked_and_the_report_downloaded_without_javascript(
    browser_page: Any, live_server: Any, tmp_path: Any
) -> None:
    context = browser_page.context.browser.new_context(
        java_script_enabled=False, accept_downloads=True, base_url=live_server.url, locale="ru"
    )
    page = context.new_page()
    try:
        draft = tmp_path / "черновик.docx"
        draft.write_bytes(files.docx(DRAFT_RU.split("\n\n")))
        page.goto("/ru/checkup/")
        page.set_input_files("input[name=upload]", str(draft))
        page.get_by_role("button", name="Проверить", exact=True).click()
        assert page.locator("mark.risk-high").count() >= 1
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Скачать отчёт (PDF)").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf")
        assert download.path().read_bytes().startswith(b"%PDF-")
    finally:
        context.close()
