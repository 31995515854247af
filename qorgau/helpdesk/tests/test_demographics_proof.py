"""The proof for P3 (beside test_encryption_proof.py): demographic answers sent through the form
are in no readable form in the database, the logs or the mail; the month is all that is kept of
when they arrived."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from qorgau.accounts.models import User
from qorgau.core import crypto

from .intake_support import give_keys, media  # noqa: F401
from .test_encryption_proof import database_file, logs, search  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]

# Answer codes found nowhere else in the database, and the document's keys.
ANSWERS = {"gender": "other", "age_group": "55_plus", "work": "freelance", "place": "small_place"}
NEEDLES = {
    needle.encode(encoding): what
    for what, needle in [
        ("age answer", "55_plus"),
        ("place answer", "small_place"),
        ("work answer", "freelance"),
        ("question key", '"age_group"'),
        ("question key", '"gender":'),
    ]
    for encoding in ("utf-8", "utf-16-le")
}


def test_demographic_answers_are_found_nowhere_in_the_clear(
    logs: Any,  # noqa: F811
    alice: User,
    tmp_path: Path,
    settings: Any,
) -> None:
    give_keys(alice)
    public, private = crypto.new_key_pair()
    settings.QORGAU_REPORTING_PUBLIC_KEY = base64.b64encode(public).decode()
    requester = Client()
    page = requester.get("/kk/help/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    response = requester.post(
        "/kk/help/", {"form_token": token, "description": "Мені шақырды.", **ANSWERS}
    )
    assert response.status_code == 302

    from qorgau.helpdesk.models import DemographicAnswer

    row = DemographicAnswer.objects.get()  # they did go in, and open with the offline key
    assert b"small_place" in crypto.unwrap_with(private, bytes(row.sealed))

    assert search(database_file(tmp_path), NEEDLES) == set()
    leaked = [line for line in logs.lines if search(line.encode(), NEEDLES)]
    assert logs.lines and leaked == [], [line[:300] for line in leaked[:3]]
    sent = "\n".join(m.subject + m.body for m in mail.outbox)
    assert search(sent.encode(), NEEDLES) == set()
