"""A signature drawn on screen: strokes as vectors, a printed name, a fingerprint.

A stroke is the path of one touch of pen, finger or mouse: points with their
position on the pad (in pad units, 0..1000 across, aspect kept), the time since
the pad was first touched (milliseconds) and the pressure where the device
gives it (0..1; ``None`` from a mouse). Stored compactly as JSON.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

SIGNER_KINDS = ("client", "witness")
SIGNER_LABELS = {"client": "Client", "witness": "Staff witness"}
PAD_WIDTH = 1000.0
# Less ink than this (in pad units along the strokes) is a dot, not a signature.
LEAST_INK = 40.0
NAME_MAX = 200
ENCODING_VERSION = 1


class SignatureError(ValueError):
    """A signature that cannot be accepted; ``field`` says where to show it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    t_ms: int
    pressure: float | None = None


@dataclass(frozen=True)
class Stroke:
    points: tuple[Point, ...]

    def length(self) -> float:
        total = 0.0
        for a, b in zip(self.points, self.points[1:], strict=False):
            total += ((b.x - a.x) ** 2 + (b.y - a.y) ** 2) ** 0.5
        return total


@dataclass(frozen=True)
class Strokes:
    strokes: tuple[Stroke, ...] = ()
    width: float = PAD_WIDTH
    height: float = PAD_WIDTH / 3

    def ink(self) -> float:
        return sum(stroke.length() for stroke in self.strokes)

    def is_empty(self) -> bool:
        return self.ink() < LEAST_INK

    def encode(self) -> str:
        """Compact JSON: [x, y, t] or [x, y, t, p] per point, one decimal."""
        data = {
            "v": ENCODING_VERSION,
            "w": round(self.width, 1),
            "h": round(self.height, 1),
            "s": [
                [
                    [round(float(p.x), 1), round(float(p.y), 1), int(p.t_ms)]
                    + ([round(p.pressure, 3)] if p.pressure is not None else [])
                    for p in stroke.points
                ]
                for stroke in self.strokes
            ],
        }
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str) -> Strokes:
        try:
            data = json.loads(text)
            if data.get("v") != ENCODING_VERSION:
                raise ValueError("unknown version")
            strokes = tuple(
                Stroke(
                    tuple(
                        Point(
                            float(p[0]),
                            float(p[1]),
                            int(p[2]),
                            float(p[3]) if len(p) > 3 else None,
                        )
                        for p in stroke
                    )
                )
                for stroke in data["s"]
            )
            return cls(strokes, float(data["w"]), float(data["h"]))
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
            raise SignatureError("pad", "The stored signature cannot be read.") from error


def check(strokes: Strokes, printed_name: str, signer_kind: str) -> str:
    """The cleaned printed name, or a SignatureError naming the field at fault."""
    if signer_kind not in SIGNER_KINDS:
        raise SignatureError("signer", "Choose who signs: the client or the staff witness.")
    if not strokes.strokes or strokes.is_empty():
        raise SignatureError(
            "pad", "The pad is empty: sign with the mouse, a pen or a finger, then save."
        )
    name = " ".join(printed_name.split())
    if not name:
        raise SignatureError("name", "Type the signer's name as printed under the signature.")
    if len(name) > NAME_MAX:
        raise SignatureError("name", f"The printed name may be at most {NAME_MAX} characters.")
    return name


def content_fingerprint(fields: dict[str, object]) -> str:
    """SHA-256 of the signed content, in a canonical JSON form."""
    canonical = json.dumps(
        {key: (str(value) if value is not None else None) for key, value in fields.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def consent_content(consent: object) -> dict[str, object]:
    """The fields of a consent that a signature fixes."""
    names = (
        "id",
        "client_id",
        "case_id",
        "kind",
        "signed_on",
        "effective_on",
        "expires_on",
        "recipient",
        "purpose",
        "information",
        "discloser",
        "expiry_event",
    )
    return {name: getattr(consent, name, None) for name in names}


def plan_content(plan: object) -> dict[str, object]:
    """What a plan's agreement fixes: its version and every goal and step as written.

    Progress (a goal's status, a step done) moves on after the agreement and is
    left out, so that a review does not make the signature look altered."""
    goals = [
        {
            "description": goal.description,
            "domain": goal.domain.value,
            "target_on": goal.target_on.isoformat(),
            "steps": [
                {
                    "what": step.what,
                    "who": step.who.value,
                    "provider": step.provider,
                    "due_on": step.due_on.isoformat() if step.due_on else None,
                }
                for step in goal.steps
            ],
        }
        for goal in plan.goals
    ]
    return {
        "id": plan.id,
        "case_id": plan.case_id,
        "number": plan.number,
        "drafted_on": plan.drafted_on,
        "goals": json.dumps(goals, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
    }


@dataclass(frozen=True)
class Signature:
    signer_kind: str
    printed_name: str
    strokes: Strokes
    fingerprint: str
    consent_id: int | None = None
    plan_id: int | None = None
    plan_version: int | None = None
    signed_at: datetime | None = None
    recorded_by: str = ""
    id: int | None = None
    extra: dict = field(default_factory=dict)
