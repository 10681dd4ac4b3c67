"""Pure crediting rules: what a scoring run's per-video points post to the ledger.

A video earns at most its latest score for a period, once. For each (run, video):

- ``entitled`` is the run's points (0 when the video is ineligible);
- ``settled`` is what earlier runs of the *same period* already paid for that video (accruals
  posted to the creator or released, plus downward adjustments);
- points from earlier runs still sitting in the held account are *superseded*: returned to
  issuance, because the new run decides again whether they are held;
- once an operator has voided a video's held points in a period, that decision stands: later
  runs of the period pay that video at most what was already settled (``voided``), however
  their scores or flags change (a lower score still takes points back);
- the difference ``delta = entitled - settled`` is posted: to the creator (or to the held account
  when the run holds the video) if positive; taken back from the creator if negative.

A downward adjustment never drives a balance below zero: the ledger takes what the balance
allows (``clawed``) and records the rest as the creator's *debt*. Every later credit to that
creator (an accrual or a release) first settles the debt. The creator's lifetime points
(``creators.total_points``) are what was credited minus what was clawed back or settled.

Runs of the ``value`` method pay views, not uploads (``plan_value``). Each video has a paid-views
*mark*: the most views paid for so far (0 when none), with the points paid for them net of
clawbacks. For each video of a value run, with ``m`` its mark:

- the run was scored against the mark (``views_paid_before``); if the mark moved since
  (``m != views_paid_before``) the run must be scored again (``value_refusal``): it would pay
  views another run already paid;
- eligible, not held, ``paid_views > 0``: the run's points are posted, the mark moves to
  ``views_total`` and the points are added to the mark's paid points;
- held: the points go to the held account and the mark moves (the views are reserved: releasing
  pays them, voiding leaves them unpaid for ever);
- ``views_total < m`` (views were removed): ``paid_points x (m - views_total) / m`` is clawed
  back (rounded up, in integers; debt where the balance is short), the mark goes down to
  ``views_total`` and the paid points down by the clawback. Views that come back later are paid
  again, so net they are paid once;
- otherwise (ineligible, or nothing new and nothing removed) nothing is posted and the views
  stay unpaid, to be paid by a later run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hackoclock.ledger.accounts import HELD, ISSUANCE, creator_account
from hackoclock.ledger.transfers import Posting


@dataclass(frozen=True)
class PriorHeld:
    run_id: int
    amount: int


@dataclass(frozen=True)
class VideoInput:
    """One video of the run with what earlier runs of the same period did for it."""

    video_id: str
    creator_id: str
    points: int
    eligible: bool
    held: bool
    settled: int = 0
    prior_held: tuple[PriorHeld, ...] = ()
    voided: bool = False  # an operator voided held points of this video in this period


@dataclass(frozen=True)
class AccrualRow:
    video_id: str
    creator_id: str
    points: int
    amount: int
    state: str
    clawed: int = 0
    debt_added: int = 0
    note: str | None = None


@dataclass
class CreatorEffect:
    balance: int = 0
    debt: int = 0
    earned: int = 0


@dataclass(frozen=True)
class MarkChange:
    """A video's paid-views mark after a value run: the new mark and the change of its points."""

    video_id: str
    creator_id: str
    paid_views: int
    points_delta: int


@dataclass
class CreditPlan:
    accruals: list[AccrualRow] = field(default_factory=list)
    postings: list[Posting] = field(default_factory=list)
    superseded: list[tuple[int, str]] = field(default_factory=list)
    effects: dict[str, CreatorEffect] = field(default_factory=dict)
    marks: list[MarkChange] = field(default_factory=list)


def accrual_ref(run_id: int, video_id: str) -> str:
    return f"accrual:{run_id}:{video_id}"


def _entitled(item: VideoInput) -> int:
    entitled = item.points if item.eligible else 0
    return min(entitled, item.settled) if item.voided else entitled


def _order(item: VideoInput) -> tuple[str, int, str]:
    delta = _entitled(item) - item.settled
    return (item.creator_id, 0 if delta >= 0 else 1, item.video_id)


def plan_credit(
    run_id: int,
    items: list[VideoInput],
    accounts: dict[str, tuple[int, int]],
    *,
    note: str | None = None,
) -> CreditPlan:
    """Plan the accrual rows, transfers and balance changes for a chunk of one run.

    ``accounts`` maps creator -> (balance, debt) as locked in the database. Within a creator,
    increases are applied before decreases so a decrease is covered where possible. ``note``
    (why, e.g. a replacement's reason) goes on every accrual row that moves points.
    """
    plan = CreditPlan()
    state = {c: list(bd) for c, bd in accounts.items()}
    for item in sorted(items, key=_order):
        if item.eligible and item.points < 0:
            raise ValueError(f"negative points for video {item.video_id}")
        entitled = _entitled(item)
        if entitled == 0 and item.settled == 0 and not item.prior_held:
            continue
        ref = accrual_ref(run_id, item.video_id)
        acct = creator_account(item.creator_id)
        bal_debt = state.setdefault(item.creator_id, [0, 0])
        effect = plan.effects.setdefault(item.creator_id, CreatorEffect())
        for prior in item.prior_held:
            plan.superseded.append((prior.run_id, item.video_id))
            plan.postings.append(
                Posting(
                    HELD,
                    ISSUANCE,
                    prior.amount,
                    "supersede",
                    accrual_ref(prior.run_id, item.video_id),
                )
            )
        delta = entitled - item.settled
        if delta > 0 and item.held:
            plan.postings.append(Posting(ISSUANCE, HELD, delta, "hold", ref))
            plan.accruals.append(
                AccrualRow(item.video_id, item.creator_id, entitled, delta, "held", note=note)
            )
        elif delta > 0:
            _pay(plan, bal_debt, effect, acct, delta, ref)
            plan.accruals.append(
                AccrualRow(item.video_id, item.creator_id, entitled, delta, "posted", note=note)
            )
        elif delta < 0:
            take, owed = _take_back(plan, bal_debt, effect, acct, -delta, ref)
            plan.accruals.append(
                AccrualRow(
                    item.video_id, item.creator_id, entitled, delta, "adjusted", take, owed, note
                )
            )
        else:
            plan.accruals.append(
                AccrualRow(item.video_id, item.creator_id, entitled, 0, "unchanged")
            )
    return plan


VALUE_METHOD = "value"
VIEWS_REMOVED = "clawed back: views removed"
# the note on every accrual a replacement writes (then ": <the operator's reason>")
REPLACES = "replaces earlier credits of the period"

# value_refusal codes -> what they mean (credit.py counts them per run)
MARK_MOVED = "mark_moved"
FIGURES_MISSING = "figures_missing"
FIGURES_DISAGREE = "figures_disagree"
HELD_DROP = "held_drop"


@dataclass(frozen=True)
class ValueInput:
    """One video of a value run: the run's figures and the video's paid-views mark now."""

    video_id: str
    creator_id: str
    points: int
    eligible: bool
    held: bool
    views_total: int | None
    views_paid_before: int | None
    paid_views: int | None
    mark: int = 0  # the video's paid-views mark (0 when it has none)
    paid_points: int = 0  # points paid for the marked views, net of clawbacks
    pending_hold: bool = False  # a value run's hold of this video waits for an operator


def value_refusal(item: ValueInput) -> str | None:
    """Why the video cannot be credited as the run scored it (a code), or None.

    A run scored against another mark than the one standing now would pay views twice (or
    skip views): it has to be scored again. A video it would not pay is left alone instead:
    its figures are older than the standing mark, so they are no evidence of a removal either
    (``plan_value`` claws back only against the mark the run was scored with). So crediting an
    old run again, after later runs moved the marks, posts nothing and refuses nothing. A
    removal of views while points
    of the video are held is refused too: releasing that hold later would pay views that are
    gone.
    """
    if item.views_total is None or item.views_paid_before is None or item.paid_views is None:
        return FIGURES_MISSING
    if item.views_total < 0 or item.views_paid_before < 0 or item.paid_views < 0:
        return FIGURES_DISAGREE
    if item.mark != item.views_paid_before and _pays_views(item):
        return MARK_MOVED
    if item.eligible and item.paid_views != max(0, item.views_total - item.views_paid_before):
        return FIGURES_DISAGREE
    if item.eligible and item.paid_views == 0 and item.points > 0:
        return FIGURES_DISAGREE
    if _drops(item) and item.pending_hold:
        return HELD_DROP
    return None


def drop_clawback(paid_points: int, mark: int, views_total: int) -> int:
    """Points to take back when a video's views fell from ``mark`` to ``views_total``:
    ``paid_points x (mark - views_total) / mark``, rounded up, in exact integers.

    Rounded up, not to the nearest: what stays paid is then ``floor(paid_points x views_total /
    mark)``, never more than the rate gives for ``views_total``. Rounding to the nearest let a
    drop keep a fraction of a point that the views no longer earn, and the next run's growth
    paid on top of it: 1,000 views at 1 point, down to 600 (0.4 rounds to 0 taken back), up to
    1,700 (1,100 new views, 1 point) paid 2 points for 1,700 views.
    """
    if not 0 <= views_total < mark:
        return 0
    return -(-paid_points * (mark - views_total) // mark)


def _drops(item: ValueInput) -> bool:
    """The run saw fewer views than were paid, scored against the standing mark."""
    return item.views_paid_before == item.mark and int(item.views_total or 0) < item.mark


def _pays_views(item: ValueInput) -> bool:
    return item.eligible and (item.paid_views or 0) > 0


def _value_order(item: ValueInput) -> tuple[str, int, str]:
    dropped = item.views_total is not None and item.views_total < item.mark
    return (item.creator_id, 1 if dropped else 0, item.video_id)


def plan_value(
    run_id: int, items: list[ValueInput], accounts: dict[str, tuple[int, int]]
) -> CreditPlan:
    """Plan a chunk of a value run: pay views above each video's mark, once.

    ``accounts`` maps creator -> (balance, debt) as locked. Every item must pass
    ``value_refusal`` (the caller refuses the run otherwise); a ``ValueError`` here means it did
    not. Within a creator, payments are applied before clawbacks so a clawback is covered where
    the same chunk allows it.
    """
    plan = CreditPlan()
    state = {c: list(bd) for c, bd in accounts.items()}
    for item in sorted(items, key=_value_order):
        refusal = value_refusal(item)
        if refusal is not None:
            raise ValueError(f"video {item.video_id} cannot be credited: {refusal}")
        if item.eligible and item.points < 0:
            raise ValueError(f"negative points for video {item.video_id}")
        views = int(item.views_total)  # type: ignore[arg-type]  # checked by value_refusal
        ref = accrual_ref(run_id, item.video_id)
        acct = creator_account(item.creator_id)
        if item.mark != item.views_paid_before:
            continue  # figures older than the standing mark, paying nothing: left alone
        if _drops(item):
            bal_debt = state.setdefault(item.creator_id, [0, 0])
            effect = plan.effects.setdefault(item.creator_id, CreatorEffect())
            want = drop_clawback(item.paid_points, item.mark, views)
            take, owed = _take_back(plan, bal_debt, effect, acct, want, ref)
            state_name = "adjusted" if want else "unchanged"
            plan.accruals.append(
                AccrualRow(
                    item.video_id, item.creator_id, 0, -want, state_name, take, owed, VIEWS_REMOVED
                )
            )
            plan.marks.append(MarkChange(item.video_id, item.creator_id, views, -want))
            continue
        if not _pays_views(item):
            continue
        points = item.points
        if item.held and points > 0:
            plan.postings.append(Posting(ISSUANCE, HELD, points, "hold", ref))
            plan.accruals.append(AccrualRow(item.video_id, item.creator_id, points, points, "held"))
            plan.marks.append(MarkChange(item.video_id, item.creator_id, views, 0))
            continue
        if points > 0:
            bal_debt = state.setdefault(item.creator_id, [0, 0])
            effect = plan.effects.setdefault(item.creator_id, CreatorEffect())
            _pay(plan, bal_debt, effect, acct, points, ref)
            plan.accruals.append(
                AccrualRow(item.video_id, item.creator_id, points, points, "posted")
            )
        else:  # views paid at 0 points (a zero multiplier): recorded, so they count as paid
            plan.accruals.append(AccrualRow(item.video_id, item.creator_id, 0, 0, "unchanged"))
        plan.marks.append(MarkChange(item.video_id, item.creator_id, views, points))
    return plan


def _pay(
    plan: CreditPlan,
    bal_debt: list[int],
    effect: CreatorEffect,
    acct: str,
    amount: int,
    ref: str,
) -> None:
    """Credit ``amount`` to the creator, settling debt first."""
    plan.postings.append(Posting(ISSUANCE, acct, amount, "accrual", ref))
    bal_debt[0] += amount
    effect.balance += amount
    effect.earned += amount
    settle = min(bal_debt[1], amount)
    if settle:
        plan.postings.append(Posting(acct, ISSUANCE, settle, "settle", ref))
        bal_debt[0] -= settle
        bal_debt[1] -= settle
        effect.balance -= settle
        effect.debt -= settle
        effect.earned -= settle


def _take_back(
    plan: CreditPlan,
    bal_debt: list[int],
    effect: CreatorEffect,
    acct: str,
    want: int,
    ref: str,
) -> tuple[int, int]:
    """Take ``want`` back from the creator: what the balance allows, the rest as debt."""
    take = min(want, bal_debt[0])
    if take:
        plan.postings.append(Posting(acct, ISSUANCE, take, "clawback", ref))
    bal_debt[0] -= take
    bal_debt[1] += want - take
    effect.balance -= take
    effect.debt += want - take
    effect.earned -= take
    return take, want - take


def settle_on_release(amount: int, debt: int) -> int:
    """How much of a released amount goes to settle the creator's debt."""
    return min(amount, debt)
