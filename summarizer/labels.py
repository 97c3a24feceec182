"""Labels shown to people: data only (no logic, no imports of the project).

Each entry is (Chinese, English). Stages and renderers format them; nothing here knows a stage.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- check messages

# One message per check status (and two variants: a figure not found but with a nearest
# mention, a derived figure that could not be recomputed). `{src}` is the source's words for the
# mention, `{note}` the arithmetic that reproduces a derived figure.
CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    "verified": ("与原文一致：{src}", "matches the source: {src}"),
    "rounded": ("原文为{src}，摘要按所列精度取整", "source prints {src}; the claim is it rounded"),
    "derived": ("由原文数字计算得出：{note}", "computed from source figures: {note}"),
    "derived_unchecked": (
        "标为计算所得，但无法由原文数字复算",
        "marked as computed, but no source figures reproduce it",
    ),
    "derived_mismatch": (
        "标为计算所得，但原文数字算不出该值",
        "marked as computed, but the source figures do not give this value",
    ),
    "qualifier_mismatch": (
        "限定词不符：原文为{src}",
        "qualifier differs: the source says {src}",
    ),
    "unit_mismatch": ("单位不符：原文为{src}", "unit differs: the source says {src}"),
    "scale_mismatch": (
        "数量级不符：原文为{src}",
        "order of magnitude differs: the source says {src}",
    ),
    "sign_mismatch": ("增减方向相反：原文为{src}", "direction is reversed: the source says {src}"),
    "metric_mismatch": (
        "该数字在原文中属于另一指标：{src}",
        "this number belongs to another metric in the source: {src}",
    ),
    "not_found": ("原文中找不到该数字", "this figure is not in the source"),
    "not_found_near": (
        "原文中找不到该数字（最接近：{src}）",
        "this figure is not in the source (nearest: {src})",
    ),
    "quote_not_found": ("引文在原文中找不到", "the quoted evidence is not in the source"),
}
