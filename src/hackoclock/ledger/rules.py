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


@dataclass
class CreatorEffect:
    balance: int = 0
    debt: int = 0
    earned: int = 0


@dataclass
class CreditPlan:
    accruals: list[AccrualRow] = field(default_factory=list)
    postings: list[Posting] = field(default_factory=list)
    superseded: list[tuple[int, str]] = field(default_factory=list)
    effects: dict[str, CreatorEffect] = field(default_factory=dict)


def accrual_ref(run_id: int, video_id: str) -> str:
    return f"accrual:{run_id}:{video_id}"


def _entitled(item: VideoInput) -> int:
    entitled = item.points if item.eligible else 0
    return min(entitled, item.settled) if item.voided else entitled


def _order(item: VideoInput) -> tuple[str, int, str]:
    delta = _entitled(item) - item.settled
    return (item.creator_id, 0 if delta >= 0 else 1, item.video_id)


def plan_credit(
    run_id: int, items: list[VideoInput], accounts: dict[str, tuple[int, int]]
) -> CreditPlan:
    """Plan the accrual rows, transfers and balance changes for a chunk of one run.

    ``accounts`` maps creator -> (balance, debt) as locked in the database. Within a creator,
    increases are applied before decreases so a decrease is covered where possible.
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
                AccrualRow(item.video_id, item.creator_id, entitled, delta, "held")
            )
        elif delta > 0:
            plan.postings.append(Posting(ISSUANCE, acct, delta, "accrual", ref))
            bal_debt[0] += delta
            effect.balance += delta
            effect.earned += delta
            settle = min(bal_debt[1], delta)
            if settle:
                plan.postings.append(Posting(acct, ISSUANCE, settle, "settle", ref))
                bal_debt[0] -= settle
                bal_debt[1] -= settle
                effect.balance -= settle
                effect.debt -= settle
                effect.earned -= settle
            plan.accruals.append(
                AccrualRow(item.video_id, item.creator_id, entitled, delta, "posted")
            )
        elif delta < 0:
            want = -delta
            take = min(want, bal_debt[0])
            if take:
                plan.postings.append(Posting(acct, ISSUANCE, take, "clawback", ref))
            bal_debt[0] -= take
            bal_debt[1] += want - take
            effect.balance -= take
            effect.debt += want - take
            effect.earned -= take
            plan.accruals.append(
                AccrualRow(
                    item.video_id, item.creator_id, entitled, delta, "adjusted", take, want - take
                )
            )
        else:
            plan.accruals.append(
                AccrualRow(item.video_id, item.creator_id, entitled, 0, "unchanged")
            )
    return plan


def settle_on_release(amount: int, debt: int) -> int:
    """How much of a released amount goes to settle the creator's debt."""
    return min(amount, debt)
