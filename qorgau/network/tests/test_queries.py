"""Who can take a case on a given day, who is on duty at a given moment, and who is listed."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from qorgau.accounts.models import UserRole
from qorgau.network.models import Absence, DutyShift
from qorgau.network.queries import (
    lawyers_available,
    lawyers_on_duty,
    partner_organisations,
    public_directory,
)
from qorgau.network.tests.factories import make_lawyer, make_organisation

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
DAY = datetime.date(2030, 6, 10)


def _names(profiles) -> set[str]:
    return {profile.user.email.split("@")[0] for profile in profiles}


def test_availability_leaves_out_absences_expired_licences_and_full_stops() -> None:
    make_lawyer("ready@qorgau.test")
    make_lawyer("forever@qorgau.test", licence_valid_until=None)
    make_lawyer("last.day@qorgau.test", licence_valid_until=DAY)
    make_lawyer("expired@qorgau.test", licence_valid_until=DAY - datetime.timedelta(days=1))
    make_lawyer("declines@qorgau.test", accepts_new_cases=False)
    make_lawyer("left@qorgau.test", active=False)
    away = make_lawyer("away@qorgau.test")
    Absence.objects.create(lawyer=away, starts=DAY - datetime.timedelta(days=2), ends=DAY)
    back = make_lawyer("back@qorgau.test")
    Absence.objects.create(
        lawyer=back, starts=DAY - datetime.timedelta(days=5), ends=DAY - datetime.timedelta(1)
    )
    later = make_lawyer("later@qorgau.test")
    Absence.objects.create(
        lawyer=later, starts=DAY + datetime.timedelta(1), ends=DAY + datetime.timedelta(3)
    )

    assert _names(lawyers_available(on=DAY)) == {"ready", "forever", "last.day", "back", "later"}
    assert "away" in _names(lawyers_available(on=DAY + datetime.timedelta(days=1)))
    assert "later" not in _names(lawyers_available(on=DAY + datetime.timedelta(days=1)))
    assert "last.day" not in _names(lawyers_available(on=DAY + datetime.timedelta(days=1)))


def test_someone_who_lost_the_lawyer_role_or_was_deactivated_is_not_available() -> None:
    demoted = make_lawyer("demoted@qorgau.test")
    UserRole.objects.filter(user=demoted.user).delete()
    gone = make_lawyer("gone@qorgau.test")
    gone.user.is_active = False
    gone.user.save(update_fields=["is_active"])
    assert not lawyers_available(on=DAY).exists()


def test_duty_covers_the_shift_from_its_start_up_to_its_end() -> None:
    bob = make_lawyer("bob@qorgau.test")
    zhanar = make_lawyer("zhanar@qorgau.test")
    nine = datetime.datetime(2030, 6, 10, 9, 0, tzinfo=ALMATY)
    DutyShift.objects.create(lawyer=bob, starts=nine, ends=nine + datetime.timedelta(hours=24))
    DutyShift.objects.create(
        lawyer=zhanar,
        starts=nine + datetime.timedelta(hours=24),
        ends=nine + datetime.timedelta(hours=48),
    )
    assert _names(lawyers_on_duty(at=nine)) == {"bob"}
    assert _names(lawyers_on_duty(at=nine + datetime.timedelta(hours=23, minutes=59))) == {"bob"}
    assert _names(lawyers_on_duty(at=nine + datetime.timedelta(hours=24))) == {"zhanar"}
    assert not lawyers_on_duty(at=nine - datetime.timedelta(minutes=1)).exists()


def test_a_lawyer_absent_that_day_is_not_on_duty_even_with_a_shift() -> None:
    bob = make_lawyer("bob@qorgau.test")
    nine = datetime.datetime(2030, 6, 10, 9, 0, tzinfo=ALMATY)
    DutyShift.objects.create(lawyer=bob, starts=nine, ends=nine + datetime.timedelta(hours=12))
    Absence.objects.create(lawyer=bob, starts=DAY, ends=DAY)
    assert not lawyers_on_duty(at=nine + datetime.timedelta(hours=1)).exists()


def test_the_public_directory_lists_only_current_lawyers_who_consented() -> None:
    make_lawyer("public@qorgau.test", public_profile_consent=True)
    make_lawyer("private@qorgau.test", public_profile_consent=False)
    make_lawyer("former@qorgau.test", public_profile_consent=True, active=False)
    assert _names(public_directory()) == {"public"}


def test_partners_for_a_referral_area() -> None:
    make_organisation("Clinic", referral_areas=["personal_data", "copyright"])
    make_organisation("Fund", referral_areas=["criminal_defence"])
    make_organisation("Closed", referral_areas=["copyright"], accepts_referrals=False)
    assert {o.name for o in partner_organisations(area="copyright")} == {"Clinic"}
    assert {o.name for o in partner_organisations()} == {"Clinic", "Fund"}
