"""A signature drawn on screen, printed from its strokes as vector paths."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from domain.common.clock import local_date
from domain.common.field_rules import format_date
from domain.signatures.signature import SIGNER_LABELS, Signature
from reports.common.form_parts import para
from reports.common.page_frame import BODY_WIDTH

INK = colors.HexColor("#0b1f4d")


class SignatureDrawing(Flowable):
    """The strokes scaled to ``width``; the pen's pressure, where given, sets the line."""

    def __init__(self, signature: Signature, width: float = 220.0) -> None:
        super().__init__()
        self.signature = signature
        strokes = signature.strokes
        self.scale = width / strokes.width
        self.width = width
        self.height = strokes.height * self.scale

    def wrap(self, available_width, available_height):
        return self.width, self.height + 4

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        top = self.height + 4
        for stroke in self.signature.strokes.strokes:
            points = stroke.points
            if len(points) < 2:
                continue
            pressures = [p.pressure for p in points if p.pressure is not None]
            mean = sum(pressures) / len(pressures) if pressures else 0.5
            canvas.setLineWidth(0.6 + 1.2 * mean)
            path = canvas.beginPath()
            path.moveTo(points[0].x * self.scale, top - points[0].y * self.scale)
            for p in points[1:]:
                path.lineTo(p.x * self.scale, top - p.y * self.scale)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.5)
        canvas.line(0, 2, self.width, 2)
        canvas.restoreState()


def signed_on_screen(signatures: Sequence[Signature]) -> list[Flowable]:
    """Each signer's drawing, printed name and time, and the content's fingerprint:
    in place of the lines to sign, in the section they agree to (kept on its page)."""
    if not signatures:
        return []
    parts: list[Flowable] = [para("Signed on screen", "body_bold", BODY_WIDTH, bold=True)]
    for signature in signatures:
        when = (
            format_date(local_date(signature.signed_at))
            + signature.signed_at.astimezone().strftime(" %H:%M")
            if signature.signed_at
            else ""
        )
        parts += [
            SignatureDrawing(signature),
            para(
                f"{SIGNER_LABELS[signature.signer_kind]}: {signature.printed_name} · "
                f"signed on screen {when}",
                "body",
                BODY_WIDTH,
            ),
            Spacer(1, 6),
        ]
    parts.append(
        para(
            f"Fingerprint of the signed content (SHA-256): {signatures[0].fingerprint}",
            "body",
            BODY_WIDTH,
        )
    )
    return parts
