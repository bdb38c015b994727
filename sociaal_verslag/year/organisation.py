"""Who the report is of and by: the cooperative as its cover names it, the articles of its
statutes the report cites, the conditions of its recognition they meet, and the people who
check its figures (``params/YEAR.yaml``: ``company``, ``statute``, ``conditions``,
``reviewers``)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator
from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError as NumberError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Company(_Strict):
    """The cooperative as its cover names it: its enterprise number (KBO/BCE) and registered
    office, the office in each language of the reports."""

    number: str
    legal_entities_register: dict[str, str] = Field(default_factory=dict)
    """The register of legal entities with its court, as each report prints it beside the
    number (art. 2:20 WVV: "RPR Brussel", "RPM Bruxelles"); none: not printed."""
    registered_office: dict[str, str]
    adopted_on: date | None = None
    """The day the board adopted the report (art. 8:5 WVV: the board reports): the build for
    filing needs it; until then the cover says the report is still to be adopted."""

    @field_validator("number")
    @classmethod
    def _enterprise_number(cls, number: str) -> str:
        # The Belgian enterprise number is also the VAT number: ten digits, the last two a
        # check on the first eight (python-stdnum's check).
        try:
            digits = be_vat.validate(number)
        except NumberError as error:
            raise ValueError(f"not a Belgian enterprise number ({error}): {number!r}") from None
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


class Reviewer(_Strict):
    """Someone who checks the year's figures (``review approve --by NAME``)."""

    name: str = Field(min_length=1)
    role: str = Field(min_length=1)


class Condition(_Strict):
    """One of the nine conditions of art. 8:5 §1 WVV and the statute articles that meet it."""

    key: str
    summary: str
    statute_articles: list[str] = Field(min_length=1)


class Statute(_Strict):
    """Article numbers of SmartCoop's statutes that the report cites, by what they regulate."""

    name_and_form: int
    purpose: int
    values_and_social_aim: int
    withdrawal: int
    directors_mandate: int
    voting_rights: int
    results_allocation: int
    liquidation_balance: int
