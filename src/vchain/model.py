"""The chain file, format 1, as pydantic models.

Every key of ``chain-format.md`` is here.  Unknown keys are errors (``extra="forbid"``);
booleans and small integers are strict so that the model agrees with the JSON Schema that
editors and ``check-jsonschema`` use (``local: yes`` is not a boolean in YAML 1.2).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1)]

CAPITALS: tuple[str, ...] = (
    "individual",
    "intellectual",
    "social",
    "cultural",
    "natural",
    "built",
    "political",
    "financial",
)
Capital = Literal[
    "individual", "intellectual", "social", "cultural", "natural", "built", "political", "financial"
]
STAGES: tuple[str, ...] = ("supply", "produce", "process", "aggregate", "distribute", "other")
Stage = Literal["supply", "produce", "process", "aggregate", "distribute", "other"]
PartnerType = Literal["demand", "transactional", "support"]
STANDARD_SERVICES: tuple[str, ...] = (
    "technical-assistance",
    "financing",
    "policy",
    "certification",
    "research",
    "market-development",
    "training",
    "coordination",
)
SELF_INTERESTS: tuple[str, ...] = (
    "saves cost",
    "stabilizes price",
    "ensures reliable supply",
    "creates local supply",
    "produces better quality",
    "increases self-sufficiency",
    "provides access to new markets",
    "diversifies product mix",
    "develops marketable skill or capacity",
    "fulfills mission",
    "improves image",
    "creates more jobs",
    "creates better jobs",
    "increases income",
    "reduces time wasted",
    "uses abandoned facility",
    "increases connections to power",
)
Engagement = Literal["core", "aware", "unaware"]
FlowKind = Literal["product", "money", "information", "service", "by-product"]
OpportunityKind = Literal["gap", "bottleneck", "underutilized"]
Cause = Literal[
    "regulation",
    "skills",
    "financing",
    "capacity",
    "infrastructure",
    "market-access",
    "information",
    "other",
]
OpportunityStatus = Literal["open", "addressed"]
InvestmentForm = Literal[
    "money",
    "financing",
    "time",
    "expertise",
    "space",
    "materials",
    "purchase-commitment",
    "risk",
    "advocacy",
    "training",
    "other",
]
InvestmentStatus = Literal["proposed", "committed", "active", "done"]
Effect = Annotated[int, Field(strict=True, ge=-3, le=3)]
MAX_AMOUNT = 10**15
"""The largest amount, weight or indicator value (a quadrillion): far beyond any chain's
quantities, and small enough that the analysis's exact arithmetic stays quick."""
Number = Annotated[float, Field(strict=True, ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]

# -- quantities ---------------------------------------------------------------------

_QUANTITY_TEXT = re.compile(
    r"^\s*(?P<amount>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+(?P<unit>\S.*?)\s*$"
)
QUANTITY_TEXT_PATTERN = r"^\s*(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?\s+\S.*$"


class Quantity(BaseModel):
    """An amount and its unit; units compare literally after trimming."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    amount: NonNegative
    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

    def __str__(self) -> str:
        return f"{format_amount(self.amount)} {self.unit}"


def format_amount(amount: float) -> str:
    """25.0 -> "25", 12500.5 -> "12,500.5": the way a person writes it."""
    if math.isfinite(amount) and amount == int(amount):
        return f"{int(amount):,}"
    return f"{amount:,.3f}".rstrip("0").rstrip(".")


def _short(text: str, most: int) -> str:
    """A text from the file cut to ``most`` characters for a message ("…" marks the cut)."""
    return text if len(text) <= most else text[:most] + "…"


def _parse_quantity(value: Any) -> Any:
    if isinstance(value, str):
        match = _QUANTITY_TEXT.match(value)
        if match is None:
            raise PydanticCustomError(
                "quantity",
                'a quantity is "AMOUNT UNIT" (for example "25 t/yr") or '
                "{amount: 25, unit: t/yr}; got {value}",
                {"value": repr(_short(value, 60))},
            )
        amount = float(match["amount"].replace(",", ""))
        if not amount <= MAX_AMOUNT:
            raise PydanticCustomError(
                "quantity_amount",
                "{amount} is more than the largest amount vchain reads, 10^15",
                {"amount": _short(match["amount"], 24)},
            )
        return {"amount": int(amount) if amount.is_integer() else amount, "unit": match["unit"]}
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError(
            "quantity_unit",
            'a quantity needs a unit: write "{value} UNIT", for example "{value} t/yr"',
            {"value": value},
        )
    return value


_QUANTITY_SCHEMA: dict[str, Any] = {
    "description": 'A quantity: "25 t/yr" or {amount: 25, unit: t/yr}.',
    "anyOf": [
        {"type": "string", "pattern": QUANTITY_TEXT_PATTERN},
        {
            "type": "object",
            "properties": {
                "amount": {"type": "number", "minimum": 0, "maximum": MAX_AMOUNT},
                "unit": {"type": "string", "minLength": 1},
            },
            "required": ["amount", "unit"],
            "additionalProperties": False,
        },
    ],
}
QuantityField = Annotated[
    Quantity, BeforeValidator(_parse_quantity), WithJsonSchema(_QUANTITY_SCHEMA)
]


def _date_only(value: Any) -> Any:
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError(
        "date_type", "a date is written YYYY-MM-DD, for example 2026-10-01", {}
    )


DateField = Annotated[
    date,
    BeforeValidator(_date_only),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


def _format_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "format_number", "the format number is a whole number: `vchain: 1`", {}
        )
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# -- sections -----------------------------------------------------------------------


class ChainInfo(_Strict):
    """What the chain is about."""

    name: Text
    region: Text
    market_opportunity: Text
    coordinator: Slug
    reviewed: DateField | None = None
    description: str | None = None


class Function(_Strict):
    """A process essential to produce and deliver the product."""

    name: Text
    stage: Stage | None = None
    essential: StrictBool = True
    notes: str | None = None


class PartnerValue(_Strict):
    """The partner's own business model."""

    proposition: str | None = None
    creation: str | None = None
    capture: str | None = None


class Partner(_Strict):
    """Anyone involved in the chain: demand, transactional or support."""

    name: Text
    type: PartnerType
    performs: list[Slug] = Field(default_factory=list)
    services: list[Slug] = Field(default_factory=list)
    needs: list[Slug] = Field(default_factory=list)
    supports: list[Slug] = Field(default_factory=list)
    demand: QuantityField | None = None
    capacity: QuantityField | None = None
    output: QuantityField | None = None
    local: StrictBool | None = None
    margins: StrictBool | None = None
    engagement: Engagement | None = None
    interests: list[Text] = Field(default_factory=list)
    pain_point: str | None = None
    value: PartnerValue | None = None
    notes: str | None = None


class Flow(_Strict):
    """Something that moves from one partner to another."""

    _index: int = PrivateAttr(default=-1)

    id: Slug | None = None
    from_: Slug = Field(alias="from")
    to: Slug | None = None
    kind: FlowKind
    what: str | None = None
    amount: QuantityField | None = None
    capacity: QuantityField | None = None
    notes: str | None = None

    @property
    def index(self) -> int:
        """The 0-based place of this flow in the file's `flows`."""
        # straight from the private store: pydantic's __getattr__ is slow on hot paths
        private = self.__pydantic_private__
        return private["_index"] if private else -1

    @property
    def key(self) -> str | int:
        """The subject id of the flow: its id, else its index."""
        return self.id if self.id is not None else self.index

    @model_validator(mode="after")
    def _needs_to(self) -> Flow:
        if self.to is None and self.kind != "by-product":
            raise PydanticCustomError(
                "missing_to",
                "a {kind} flow needs `to`; only a by-product flow may have no taker",
                {"kind": self.kind},
            )
        return self


class Interest(_Strict):
    """A shared ("What's in it for us?") or common ("… for everyone?") interest."""

    kind: Literal["shared", "common"]
    text: Text
    partners: list[Slug] = Field(default_factory=list)
    beneficiaries: str | list[str] | None = None

    @model_validator(mode="after")
    def _shared_needs_two(self) -> Interest:
        if self.kind == "shared" and len(set(self.partners)) < 2:
            raise PydanticCustomError(
                "shared_interest",
                "a shared interest names two or more `partners`",
                {},
            )
        return self


class Resource(_Strict):
    """Something in the region that could serve the chain."""

    name: Text
    capital: Capital | None = None
    owner: Slug | None = None
    used_by: list[Slug] = Field(default_factory=list)
    amount: QuantityField | None = None
    could_serve: list[Slug] = Field(
        default_factory=list,
        description="partners the resource would serve once mobilized; with an amount in "
        "the unit of their capacity, it adds that much to what they can handle",
    )
    notes: str | None = None


class At(_Strict):
    """What an opportunity sits on: exactly one of partner, function, flow, resource."""

    partner: Slug | None = None
    function: Slug | None = None
    flow: Slug | None = None
    resource: Slug | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> At:
        given = [k for k in ("partner", "function", "flow", "resource") if getattr(self, k)]
        if len(given) != 1:
            raise PydanticCustomError(
                "at_one",
                "`at` names exactly one of partner, function, flow or resource",
                {},
            )
        return self

    @property
    def target(self) -> tuple[str, str]:
        for key in ("partner", "function", "flow", "resource"):
            value = getattr(self, key)
            if value:
                return key, value
        raise AssertionError("validated At has one target")  # pragma: no cover


class Opportunity(_Strict):
    """A gap, bottleneck or underutilized resource that partners found."""

    kind: OpportunityKind
    text: Text
    at: At | None = None
    cause: Cause | None = None
    status: OpportunityStatus = "open"
    notes: str | None = None

    @model_validator(mode="after")
    def _bottleneck_cause(self) -> Opportunity:
        if self.kind == "bottleneck" and self.cause is None:
            raise PydanticCustomError(
                "missing_cause",
                "a bottleneck needs a `cause`: regulation, skills, financing, capacity, "
                "infrastructure, market-access, information or other",
                {},
            )
        return self


class Investment(_Strict):
    """Any use of any of the eight capitals for wealth-building results."""

    by: Annotated[list[Slug], Field(min_length=1)]
    addresses: list[Slug] = Field(default_factory=list)
    form: InvestmentForm
    capitals: dict[Capital, Effect] = Field(default_factory=dict)
    amount: QuantityField | None = None
    status: InvestmentStatus = "proposed"
    text: str | None = None
    notes: str | None = None


class Indicator(_Strict):
    """A measure of wealth-building impact, one capital each."""

    name: Text
    capital: Capital
    unit: str | None = None
    baseline: Number | None = None
    target: Number | None = None
    actual: Number | None = None
    as_of: DateField | None = None
    due: DateField | None = Field(
        default=None, description="the date by which the target should be reached"
    )
    notes: str | None = None


LEVERAGE_PARTS: tuple[str, ...] = (
    "unlocked_demand",
    "scale",
    "marginal_partners",
    "capitals",
    "readiness",
    "co_investment",
    "local_ownership",
    "interests",
    "declared",
    "risk",
)
"""The parts of a leverage score, in the order that breaks ties (``vchain leverage --help``)."""


class LeverageWeights(_Strict):
    """Weights of the parts of the leverage score (see ``vchain leverage --help``)."""

    unlocked_demand: NonNegative | None = None
    scale: NonNegative | None = None
    marginal_partners: NonNegative | None = None
    capitals: NonNegative | None = None
    readiness: NonNegative | None = None
    co_investment: NonNegative | None = None
    local_ownership: NonNegative | None = None
    interests: NonNegative | None = None
    declared: NonNegative | None = None
    risk: NonNegative | None = None
    dependent_demand: NonNegative | None = Field(
        default=None,
        description="the name of vchain 0.1.0 for what is now `risk` (still read as it)",
    )


class AnalysisSettings(_Strict):
    """Settings of the analysis (an optional addition to format 1)."""

    underused_below: Annotated[float, Field(strict=True, gt=0, le=1)] = Field(
        default=0.6,
        description="a partner using less than this share of its capacity is underutilized",
    )


class Chain(_Strict):
    """A WealthWorks value chain, format 1."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        title="vchain chain file, format 1",
        json_schema_extra={
            "$comment": "Generated by `vchain schema`; do not edit by hand.",
        },
    )

    vchain: Annotated[Literal[1], BeforeValidator(_format_number)] = Field(
        description="The format number of the file: 1."
    )
    chain: ChainInfo
    functions: dict[Slug, Function]
    partners: dict[Slug, Partner]
    flows: list[Flow] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    resources: dict[Slug, Resource] = Field(default_factory=dict)
    opportunities: dict[Slug, Opportunity] = Field(default_factory=dict)
    investments: dict[Slug, Investment] = Field(default_factory=dict)
    indicators: dict[Slug, Indicator] = Field(default_factory=dict)
    leverage: LeverageWeights | None = None
    analysis: AnalysisSettings | None = None

    # -- conveniences for rules and analysis ---------------------------------------
    def partners_of_type(self, kind: str) -> list[str]:
        return sorted(pid for pid, p in self.partners.items() if p.type == kind)


SECTION_SUBJECT: dict[str, str] = {
    "chain": "chain",
    "functions": "function",
    "partners": "partner",
    "flows": "flow",
    "interests": "chain",
    "resources": "resource",
    "opportunities": "opportunity",
    "investments": "investment",
    "indicators": "indicator",
    "leverage": "chain",
    "analysis": "chain",
    "vchain": "chain",
}
