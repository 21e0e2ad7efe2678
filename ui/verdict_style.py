"""The look of the verdict screen, in one stylesheet scaled for a desk or a wall screen."""

from __future__ import annotations


def verdict_stylesheet(scale: float) -> str:
    """The verdict screen's look; ``scale`` 1.0 at a desk, larger on a wall screen."""

    def px(size: float) -> str:
        return f"{round(size * scale)}px"

    return f"""
#verdictFrame {{ background: #f8fafc; border: none; }}
#childrenBox {{ background: transparent; }}
#verdictFrame[alert="true"] {{ border: 6px solid #d50000; background: #fff1f0; }}
#verdictBand {{ background: #1f4e79; border-radius: 0px; }}
#verdictBand[state="ok"] {{ background: #1b7f3b; }}
#verdictBand[state="refused"] {{ background: #c0262d; }}
#verdictBand[state="alert"] {{ background: #d50000; }}
#verdictBand[state="alert2"] {{ background: #111111; }}
#bandHeadline {{ color: white; font-size: {px(46)}; font-weight: bold; }}
#bandHeadline[idle="true"] {{ font-size: {px(36)}; }}
#bandHeadline[alert="true"] {{ color: #ffeb3b; font-size: {px(54)}; }}
#bandDetail {{ color: white; font-size: {px(20)}; }}
#bandExtra {{ color: #ffeb3b; font-size: {px(22)}; font-weight: bold; }}
#idleHint {{ color: #6b7280; font-size: {px(20)}; }}
#holderCard {{ background: white; border: 1px solid #d1d5db; border-radius: 12px; }}
#holderName {{ font-size: {px(28)}; font-weight: bold; color: #111827; }}
#holderRelation {{ font-size: {px(20)}; color: #374151; }}
#holderCardNo {{ font-size: {px(15)}; color: #6b7280; }}
#holderCardNo[identity="true"] {{ background: #fff4e0; color: #92400e; border: 1px solid #e8b765;
    border-radius: 6px; padding: 3px 6px; font-weight: bold; }}
#childRow {{ background: white; border: 1px solid #d1d5db; border-radius: 12px; }}
#childRow[state="ok"] {{ background: #e7f6ea; border: 2px solid #2e7d32; }}
#childRow[state="off"] {{ background: #f3f4f6; border: 2px dashed #9ca3af; }}
#childRow[state="waiting"] {{ background: #f3f4f6; border: 1px solid #d1d5db; }}
#childRow[state="reason"] {{ background: #fff7e8; border: 2px solid #e0a030; }}
#childRow[state="refused"] {{ background: #fdecea; border: 2px solid #e57368; }}
#childRow[state="alert"] {{ background: #ffe0db; border: 3px solid #b71c1c; }}
#childName {{ font-size: {px(30)}; font-weight: bold; color: #111827; }}
#childName[compact="true"] {{ font-size: {px(26)}; }}
#childClass {{ font-size: {px(18)}; color: #4b5563; }}
#childStatus {{ font-size: {px(18)}; color: #374151; }}
#childStatus[state="ok"] {{ color: #1b5e20; font-weight: bold; }}
#childStatus[state="off"] {{ color: #6b7280; }}
#childStatus[state="reason"] {{ color: #92400e; font-weight: bold; }}
#childStatus[state="refused"] {{ color: #b3261e; font-weight: bold; }}
#childStatus[state="alert"] {{ color: #b71c1c; font-weight: bold; }}
QCheckBox#childTick {{ font-size: {px(14)}; color: #6b7280; spacing: 4px; }}
QCheckBox#childTick::indicator {{ width: {px(34)}; height: {px(34)}; }}
#panelHint {{ font-size: {px(16)}; color: #374151; }}
#panelHint[state="warn"] {{ color: #b3261e; font-weight: bold; }}
#panelHint[state="countdown"] {{ color: #1b5e20; font-weight: bold; }}
#resultBar {{ font-size: {px(20)}; padding: 8px 14px; border-radius: 8px; }}
#resultBar[state="ok"] {{ background: #dcfce7; color: #14532d; }}
#resultBar[state="error"] {{ background: #fde2e1; color: #b3261e; font-weight: bold; }}
QPushButton#panelButton {{ font-size: {px(16)}; padding: 8px 16px; }}
QPushButton#confirmButton {{ font-size: {px(18)}; font-weight: bold; padding: 8px 22px;
    background: #1b7f3b; color: white; border-radius: 6px; }}
QPushButton#confirmButton:disabled {{ background: #c7ccd3; color: #f3f4f6; }}
"""
