"""Answer weights Moodle accepts, and the weights used for multiple-answer questions.

Moodle's question import matches every answer fraction against a fixed list
(``question_bank::fraction_options_full()``, compared within 1e-5 by
``match_grade_options``); any other value makes the import of that question fail.
The list, in percent, is below; the negative list is the same values with a minus.
"""

from __future__ import annotations

# Exactly as Moodle writes them (7 decimals as a fraction, i.e. 5 as a percent).
MOODLE_PERCENTS: tuple[str, ...] = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40",
    "33.33333", "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)
ALLOWED: tuple[float, ...] = tuple(
    sorted({float(p) for p in MOODLE_PERCENTS} | {-float(p) for p in MOODLE_PERCENTS} | {0.0})
)
_TEXT = {float(p): p for p in MOODLE_PERCENTS}


def is_allowed(percent: float) -> bool:
    return any(abs(percent - a) < 1e-3 for a in ALLOWED)


def nearest_allowed(percent: float) -> float:
    """The allowed weight closest to ``percent`` (ties go towards zero)."""
    return min(ALLOWED, key=lambda a: (abs(a - percent), abs(a)))


def weight_text(percent: float) -> str:
    """A weight as Moodle writes it ("33.33333", "-50", "0"); must be an allowed value."""
    a = nearest_allowed(percent)
    if abs(a - percent) > 1e-3:
        raise ValueError(f"{percent}% is not a weight Moodle accepts")
    if a == 0:
        return "0"
    text = _TEXT[abs(a)]
    return text if a > 0 else "-" + text


def multiple_weights(options: list[dict], scoring: str) -> tuple[list[float], list[str]]:
    """Weights (percent) for a multiple-answer question, and notes on what they approximate.

    - correct options share 100 %: each gets 100/k (k = number of correct options);
      with at most 8 options these are all in Moodle's list (100, 50, 33.33333, 25,
      20, 16.66667, 14.28571, 12.5);
    - ``partial``: each wrong option costs the same as a correct one earns
      (-100/k), Moodle adds the weights of the ticked options and keeps the
      result between 0 and 100 %;
    - ``all_or_nothing``: each wrong option is -100 %, so any wrong tick gives 0;
      Moodle's multichoice still gives k-ths of the mark for an incomplete but
      clean selection, which the site scores 0 — reported as approximated.
    If a weight were ever outside Moodle's list it is rounded to the nearest
    allowed value and reported.
    """
    k = sum(1 for o in options if o.get("correct"))
    if k == 0:
        raise ValueError("multiple-answer question without a correct option")
    notes: list[str] = []
    good = 100.0 / k
    bad = -100.0 if scoring == "all_or_nothing" else -good
    out = []
    for o in options:
        want = good if o.get("correct") else bad
        got = nearest_allowed(want)
        if abs(got - want) > 1e-3:
            notes.append(f"trọng số {want:.5f}% không có trong danh sách của Moodle, làm tròn thành {got:g}%")
        out.append(got)
    if scoring == "all_or_nothing" and k > 1:
        notes.append(
            "all_or_nothing: Moodle không có kiểu chấm 'đúng hết mới có điểm'; mỗi phương án sai -100% "
            f"(chọn sai là 0 điểm) nhưng chọn đúng một phần vẫn được {good:g}% cho mỗi phương án đúng"
        )
    return out, notes
