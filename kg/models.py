"""Typed records passed between the stages of the pipeline.

readers -> :class:`Paper` -> extractors -> :class:`PaperExtraction` -> graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Label = Literal["Method", "Model", "Dataset", "Task", "Metric"]
LABELS: tuple[str, ...] = ("Method", "Model", "Dataset", "Task", "Metric")
Role = Literal["proposed", "used"]
FieldName = Literal["title", "abstract"]
RelationType = Literal["APPLIED_TO", "EVALUATED_ON", "COMPARED_WITH", "VARIANT_OF", "PART_OF"]
RELATION_TYPES: tuple[str, ...] = (
    "APPLIED_TO",
    "EVALUATED_ON",
    "COMPARED_WITH",
    "VARIANT_OF",
    "PART_OF",
)
#: relationship type from a paper to an entity it uses, by entity label
USE_RELATIONSHIP = {
    "Method": "USES",
    "Model": "USES",
    "Dataset": "EVALUATES_ON",
    "Task": "ADDRESSES",
    "Metric": "MEASURES",
}
PAPER_RELATIONSHIPS: tuple[str, ...] = ("PROPOSES", "USES", "EVALUATES_ON", "ADDRESSES", "MEASURES")


class Source(BaseModel):
    """Where one copy of a paper was read from."""

    model_config = ConfigDict(frozen=True)
    path: str
    line: int


class Paper(BaseModel):
    """One paper as read from the input, before extraction."""

    id: str
    title: str = ""
    abstract: str = ""
    authors: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    year: int | None = None
    sources: list[Source] = Field(default_factory=list)

    def text(self, field: str) -> str:
        return self.title if field == "title" else self.abstract


# The records below are made by the million on large corpora: plain slotted dataclasses
# keep them small (pydantic models cost several times more memory per object).


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in a field of a paper (offsets end-exclusive)."""

    field: FieldName
    start: int
    end: int
    text: str
    sentence: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class EntityRecord:
    """All mentions of one entity in one paper, with the entity's role for that paper."""

    key: str
    name: str
    label: Label
    role: Role
    mentions: list[Mention]
    aliases: list[str] = dc_field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """A relation between two entities of one paper, found in one sentence."""

    head: str  # entity key
    type: RelationType
    tail: str  # entity key
    field: FieldName
    sentence: tuple[int, int]


@dataclass(slots=True)
class PaperExtraction:
    """What the extractors found in one paper."""

    paper: Paper
    entities: list[EntityRecord]
    relations: list[RelationRecord]

    def entity(self, key: str) -> EntityRecord | None:
        return next((e for e in self.entities if e.key == key), None)
