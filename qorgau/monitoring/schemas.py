"""Shapes of the open-data API. `IncidentQuery` lists the filter's parameters for the API docs;
the values themselves are checked by `filters.IncidentFilter`, the same as on the pages (a test
keeps the two lists equal)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class IncidentQuery(Schema):
    q: str = Field("", description="Words of the title or summary (any language; all must match)")
    date_from: str = Field(
        "", description="YYYY-MM-DD, YYYY-MM or YYYY. Vague dates match as the page explains."
    )
    date_to: str = Field("", description="YYYY-MM-DD, YYYY-MM or YYYY")
    region: list[str] = Field([], description="ISO 3166-2:KZ codes, or `unknown`; repeatable")
    group: list[str] = Field([], description="Violation group codes; repeatable")
    type: list[str] = Field([], description="Violation type codes; repeatable")
    rollup: list[str] = Field(
        [], description="physical, non_physical_online, judicial_economic; repeatable"
    )
    victim_role: list[str] = Field([], description="Role of a person targeted; repeatable")
    victim_gender: list[str] = Field([], description="female, male, other, unknown; repeatable")
    perpetrator: list[str] = Field([], description="Perpetrator kind codes; repeatable")
    perpetrator_state: str = Field("", description="`state` or `non_state`")
    context: list[str] = Field([], description="protest, online, court, …; repeatable")
    provision: str = Field(
        "", description="Citation key or its beginning: kz-cc:274 also matches kz-cc:274:2"
    )
    verification: list[str] = Field([], description="verified, partly, unverified; repeatable")
    collection: list[str] = Field([], description="Topic collection codes; repeatable")
    sort: str = Field("", description="empty (newest first), `date` or `published`")


class IncidentItemOut(Schema):
    id: int
    url: str
    title: str
    language: str
    date: dt.date
    date_precision: str
    end_date: dt.date | None
    region: str | None
    region_name: str
    settlement: str
    context: str
    verification: str
    types: list[str]
    victim_count: int
    published_at: dt.datetime | None


class IncidentPageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    filter: list[str]
    items: list[IncidentItemOut]


class VictimOut(Schema):
    name: str
    kind: str
    role: str
    gender: str
    medium: str
    outlet: str


class PerpetratorOut(Schema):
    kind: str
    label: str
    is_state: bool
    confidence: str


class StepOut(Schema):
    stage: str
    date: dt.date


class ProceedingOut(Schema):
    kind: str
    provision: str
    court: str
    stage: str
    outcome: str
    sentence: str
    fine_kzt: int | None
    damages_claimed_kzt: int | None
    damages_awarded_kzt: int | None
    history: list[StepOut]


class SourceOut(Schema):
    title: str
    url: str
    outlet: str
    date: dt.date | None
    archive_url: str


class UpdateOut(Schema):
    date: dt.date
    text: str
    language: str


class AppealOut(Schema):
    kind: str
    date: dt.date
    body: str
    text: str
    url: str


class CollectionOut(Schema):
    code: str
    title: str


class WarningSignOut(Schema):
    code: str
    text: str


class OnlineViolenceOut(Schema):
    forms: list[str] = Field(description="threats, insults, sexualised, doxxing, deepfake, …")
    platforms: list[str] = Field(description="telegram, instagram, facebook, tiktok, …")
    volume: str = Field(description="single, dozens, hundreds, thousands; empty: not known")
    duration: str = Field(description="days, weeks, months, ongoing; empty: not known")
    coordination: str = Field(description="none, suspected, evident; empty: not known")
    gendered: bool
    sexualised: bool
    offline_harm: bool = Field(description="The abuse online was linked to harm offline")
    impact: list[str] = Field(
        description="self_censorship, stopped_topic, left_job, left_country, off_social, health"
    )
    reported_to_platform: bool
    platform_response: str
    reported_to_police: bool
    police_response: str
    warning_signs: list[WarningSignOut]


class IncidentOut(IncidentItemOut):
    summary: str
    title_kk: str
    title_ru: str
    title_en: str
    summary_kk: str
    summary_ru: str
    summary_en: str
    groups: list[str]
    impunity: str
    sdg_16_10_1: bool
    victims: list[VictimOut]
    perpetrators: list[PerpetratorOut]
    proceedings: list[ProceedingOut]
    sources: list[SourceOut]
    updates: list[UpdateOut]
    appeals: list[AppealOut]
    collections: list[CollectionOut] = Field(description="The topic collections it belongs to")
    online_violence: OnlineViolenceOut | None = Field(
        description="For online violence: its forms, platforms, scale, impact, reports and "
        "responses, and the warning signs observed; null when not recorded"
    )


class FigureOut(Schema):
    key: str
    label: str
    count: int
    persons: int | None = None
