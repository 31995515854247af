"""Demo data of the network: bob and twelve fictional lawyers across the regions, absences, a week of
duty rota, five organisations with generic names, and two applications waiting for endorsement."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from qorgau.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from qorgau.accounts.models import Role, User, UserRole
from qorgau.core.models import Region
from qorgau.network.models import (
    Absence,
    DutyShift,
    Endorsement,
    Expertise,
    LawyerProfile,
    MembershipApplication,
    Organisation,
)

E = Expertise

ORGANISATIONS = [
    # name, kind, country, referral areas, public, description (kk, ru, en)
    (
        "Media Lawyers' Association (demo)",
        Organisation.Kind.MEMBER_ORG,
        "Қазақстан",
        [E.CIVIL_DEFAMATION, E.ACCESS_TO_INFORMATION],
        True,
        (
            "Журналистерді қорғайтын заңгерлердің кәсіби бірлестігі.",
            "Профессиональное объединение юристов, защищающих журналистов.",
            "A professional association of lawyers who defend journalists.",
        ),
    ),
    (
        "Regional Press Centre (demo)",
        Organisation.Kind.MEMBER_ORG,
        "Қазақстан",
        [E.ADMINISTRATIVE],
        True,
        ("", "Пресс-центр для региональных журналистов: консультации и тренинги.", ""),
    ),
    (
        "International Legal Defence Fund (demo)",
        Organisation.Kind.INTERNATIONAL_FUND,
        "—",
        [E.CRIMINAL_DEFENCE, E.INTERNATIONAL_MECHANISMS],
        True,
        (
            "",
            "Оплачивает защиту журналистов в уголовных делах.",
            "Pays for the defence of journalists in criminal cases.",
        ),
    ),
    (
        "Digital Rights Clinic (demo)",
        Organisation.Kind.LEGAL_NGO,
        "Қазақстан",
        [E.ONLINE_PLATFORMS, E.PERSONAL_DATA, E.COPYRIGHT],
        True,
        (
            "Интернет-платформалар, бұғаттау және дербес деректер бойынша заң клиникасы.",
            "Юридическая клиника по интернет-платформам, блокировкам и персональным данным.",
            "A legal clinic for online platforms, blocking and personal data.",
        ),
    ),
    (
        "Partner Law Firm (demo)",
        Organisation.Kind.PARTNER,
        "Қазақстан",
        [E.CIVIL_DEFAMATION, E.COPYRIGHT],
        False,
        ("", "", ""),
    ),
]

# login, full name, language, regions, working languages, expertise, public, licence valid (days
# from today; None: no expiry), bio (kk, ru, en)
LAWYERS = [
    (
        "bob",
        "Болат Ермеков",
        "ru",
        ["KZ-75", "KZ-19"],
        ["ru", "kk"],
        [E.CRIMINAL_DEFENCE, E.CIVIL_DEFAMATION],
        True,
        None,
        ("", "Адвокат, 12 лет защищает журналистов по делам о ложной информации.", ""),
    ),
    (
        "aigerim.demo",
        "Айгерім Сәрсенова",
        "kk",
        ["KZ-71"],
        ["kk", "ru", "en"],
        [E.ACCESS_TO_INFORMATION, E.ADMINISTRATIVE],
        True,
        None,
        (
            "Ақпарат алу құқығы бойынша даулардың маманы.",
            "Специалист по спорам о доступе к информации.",
            "Works on access-to-information disputes.",
        ),
    ),
    (
        "dmitry.demo",
        "Дмитрий Ким",
        "ru",
        ["KZ-75"],
        ["ru"],
        [E.ONLINE_PLATFORMS, E.PERSONAL_DATA],
        True,
        400,
        ("", "Блокировки сайтов, требования платформ, персональные данные.", ""),
    ),
    (
        "zhanar.demo",
        "Жанар Тоқтарова",
        "kk",
        ["KZ-79", "KZ-61"],
        ["kk", "ru"],
        [E.CIVIL_DEFAMATION],
        True,
        None,
        ("Ар-намыс пен іскерлік беделді қорғау туралы істер.", "", ""),
    ),
    (
        "ruslan.demo",
        "Руслан Оспанов",
        "ru",
        ["KZ-23", "KZ-27"],
        ["ru", "kk"],
        [E.CRIMINAL_DEFENCE, E.ADMINISTRATIVE],
        False,
        None,
        ("", "", ""),
    ),
    (
        "madina.demo",
        "Мадина Әбілқасымова",
        "kk",
        ["KZ-35"],
        ["kk", "ru"],
        [E.ADMINISTRATIVE, E.ACCESS_TO_INFORMATION],
        True,
        None,
        ("Әкімшілік құқық бұзушылық істері.", "Дела об административных правонарушениях.", ""),
    ),
    (
        "sergey.demo",
        "Сергей Павленко",
        "ru",
        ["KZ-55", "KZ-10"],
        ["ru"],
        [E.CRIMINAL_DEFENCE],
        True,
        -30,  # expired: not offered cases until renewed
        ("", "Уголовная защита на досудебной стадии и в суде.", ""),
    ),
    (
        "asel.demo",
        "Әсел Нұрғалиева",
        "en",
        ["KZ-71", "KZ-75"],
        ["kk", "ru", "en"],
        [E.INTERNATIONAL_MECHANISMS, E.CIVIL_DEFAMATION],
        True,
        None,
        ("", "", "Individual communications to UN treaty bodies; strategic litigation."),
    ),
    (
        "timur.demo",
        "Тимур Бекболатов",
        "ru",
        ["KZ-15", "KZ-47"],
        ["ru", "kk"],
        [E.COPYRIGHT, E.ONLINE_PLATFORMS],
        False,
        None,
        ("", "", ""),
    ),
    (
        "gulmira.demo",
        "Гүлмира Есенова",
        "kk",
        ["KZ-31", "KZ-33"],
        ["kk"],
        [E.CIVIL_DEFAMATION, E.ADMINISTRATIVE],
        True,
        None,
        ("Аймақтық журналистерге азаматтық істер бойынша көмек.", "", ""),
    ),
    (
        "oleg.demo",
        "Олег Ли",
        "ru",
        ["KZ-62", "KZ-63"],
        ["ru"],
        [E.PERSONAL_DATA, E.ACCESS_TO_INFORMATION],
        True,
        200,
        ("", "Персональные данные и приватность журналистов.", ""),
    ),
    (
        "nurlan.demo",
        "Нұрлан Әлиев",
        "kk",
        ["KZ-39", "KZ-43"],
        ["kk", "ru"],
        [E.CRIMINAL_DEFENCE, E.CIVIL_DEFAMATION],
        True,
        None,
        ("Қылмыстық және азаматтық істер бойынша қорғаушы.", "", ""),
    ),
    (
        "elena.demo",
        "Елена Сидорова",
        "ru",
        ["KZ-59", "KZ-11"],
        ["ru", "en"],
        [E.COPYRIGHT, E.INTERNATIONAL_MECHANISMS],
        False,
        None,
        ("", "", ""),
    ),
]

APPLICATIONS = [
    (
        "Арман Жұмабаев",
        "arman.applicant@example.org",
        ["KZ-79"],
        ["kk", "ru"],
        [E.CIVIL_DEFAMATION],
        "Бес жыл бойы өңірлік газеттің заңгері болдым, енді желіге қосылғым келеді.",
        "kk",
    ),
    (
        "Наталья Волкова",
        "natalia.applicant@example.org",
        ["KZ-75"],
        ["ru", "en"],
        [E.ONLINE_PLATFORMS, E.COPYRIGHT],
        "Веду дела о блокировках телеграм-каналов и хочу помогать журналистам в сети.",
        "ru",
    ),
]


def _lawyer_user(login: str, name: str, language: str) -> User:
    user, _created = User.objects.get_or_create(email=f"{login}@{DEMO_DOMAIN}")
    user.full_name = name
    user.preferred_language = language
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    UserRole.objects.get_or_create(user=user, role=Role.LAWYER)
    return user


@transaction.atomic
def load() -> None:
    today = timezone.localdate()
    organisations = {}
    for name, kind, country, areas, public, (kk, ru, en) in ORGANISATIONS:
        organisations[name], _created = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "country": country,
                "referral_areas": [str(area) for area in areas],
                "accepts_referrals": True,
                "public": public,
                "description_kk": kk,
                "description_ru": ru,
                "description_en": en,
            },
        )
    member_org = organisations[ORGANISATIONS[0][0]]
    profiles = []
    for index, (
        login,
        name,
        language,
        regions,
        languages,
        expertise,
        public,
        valid,
        bio,
    ) in enumerate(LAWYERS):
        user = _lawyer_user(login, name, language)
        profile, _created = LawyerProfile.objects.update_or_create(
            user=user,
            defaults={
                "bar_licence_number": f"{24000 + index * 137:06d}",
                "bar_licence_body": "Коллегия адвокатов (demo)",
                "licence_valid_until": None if valid is None else today + datetime.timedelta(valid),
                "languages": languages,
                "expertise": [str(value) for value in expertise],
                "max_active_cases": 3 + index % 3,
                "accepts_new_cases": login != "timur.demo",
                "public_profile_consent": public,
                "public_bio_kk": bio[0],
                "public_bio_ru": bio[1],
                "public_bio_en": bio[2],
                "organisation": member_org if index % 3 == 0 else None,
                "active": True,
            },
        )
        profile.regions.set(Region.objects.filter(code__in=regions))
        profile.absences.all().delete()
        profile.duty_shifts.all().delete()
        profiles.append(profile)

    by_login = {login: profiles[i] for i, (login, *_rest) in enumerate(LAWYERS)}
    Absence.objects.create(
        lawyer=by_login["dmitry.demo"],
        starts=today,
        ends=today + datetime.timedelta(days=6),
        note="Отпуск",
    )
    Absence.objects.create(
        lawyer=by_login["gulmira.demo"],
        starts=today + datetime.timedelta(days=10),
        ends=today + datetime.timedelta(days=14),
        note="Оқу",
    )
    Absence.objects.create(
        lawyer=by_login["asel.demo"],
        starts=today + datetime.timedelta(days=3),
        ends=today + datetime.timedelta(days=4),
    )

    # A week of 24-hour shifts from 9:00 local time, in turn among those who take urgent cases.
    on_call = [by_login[login] for login in ("bob", "ruslan.demo", "nurlan.demo", "madina.demo")]
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(today, datetime.time(9), tzinfo=tz)
    for day in range(-1, 7):
        starts = start + datetime.timedelta(days=day)
        DutyShift.objects.create(
            lawyer=on_call[day % len(on_call)], starts=starts, ends=starts + datetime.timedelta(1)
        )

    emails = [row[1] for row in APPLICATIONS]
    MembershipApplication.objects.filter(email__in=emails).delete()
    region_by_code = {region.code: region for region in Region.objects.all()}
    for index, (name, email, codes, languages, expertise, motivation, language) in enumerate(
        APPLICATIONS
    ):
        application = MembershipApplication.objects.create(
            full_name=name,
            email=email,
            bar_licence_number=f"{31000 + index:06d}",
            bar_licence_body="Коллегия адвокатов (demo)",
            languages=languages,
            expertise=[str(value) for value in expertise],
            motivation=motivation,
            language=language,
            status=MembershipApplication.Status.ENDORSING,
            submitted_at=timezone.now() - datetime.timedelta(days=3 + index),
        )
        application.regions.set([region_by_code[code] for code in codes if code in region_by_code])
        endorser = by_login["aigerim.demo" if index == 0 else "bob"].user
        Endorsement.objects.create(
            application=application, endorser=endorser, note="Знаю по совместным делам."
        )


def summary() -> list[str]:
    lawyers = LawyerProfile.objects.count()
    return [
        f"Network: {lawyers} lawyers' profiles (bob and *.demo@{DEMO_DOMAIN}, same password), "
        f"{Organisation.objects.count()} organisations, "
        f"{MembershipApplication.objects.exclude(status='decided').count()} open applications."
    ]
