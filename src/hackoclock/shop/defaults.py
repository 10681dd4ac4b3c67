"""The default catalogue, after the prototype's shop (merch, marketing credits, a cash bonus,
ten minutes on the For You feed), priced at face value: 100 points are $1 (``hackoclock.money``,
the default point value), so a $10 credit costs 1,000 points. On the bundled demo the median
creator holds about 850 points after three weekly periods of ``value``: enough for the sticker
pack or For You minutes, and nobody holds a million."""

from __future__ import annotations

from hackoclock.shop.models import RewardSpec

DEFAULT_CATALOGUE: tuple[RewardSpec, ...] = (
    RewardSpec(
        reward_id="tiktok-stickers",
        name="TikTok sticker pack",
        description="A sheet of TikTok stickers, shipped to you.",
        kind="merch",
        amount=500,
        exposure="TikTok sticker pack",
        stock=2000,
        limit_per_period=1,
        limit_period="month",
    ),
    RewardSpec(
        reward_id="tiktok-merch",
        name="TikTok merch pack",
        description="A TikTok hoodie, cap and sticker set, shipped to you.",
        kind="merch",
        amount=2500,
        exposure="TikTok merch pack",
        stock=500,
        limit_per_period=1,
        limit_period="month",
    ),
    RewardSpec(
        reward_id="marketing-credit-10",
        name="$10 marketing credit",
        description="Promote any of your videos with $10 of TikTok ads credit.",
        kind="marketing_credit",
        amount=1000,
        exposure="$10 TikTok ads credit",
        limit_per_period=4,
        limit_period="month",
    ),
    RewardSpec(
        reward_id="marketing-credit-50",
        name="$50 marketing credit",
        description="Promote any of your videos with $50 of TikTok ads credit.",
        kind="marketing_credit",
        amount=5000,
        exposure="$50 TikTok ads credit",
        limit_per_period=2,
        limit_period="month",
    ),
    RewardSpec(
        reward_id="fyp-10min",
        name="10 minutes on the For You feed",
        description="Your video is boosted on the For You feed for 10 minutes within a week.",
        kind="exposure",
        amount=800,
        exposure="10 minutes of For You feed exposure",
        exposure_minutes=10,
        stock=100,
        limit_per_period=1,
        limit_period="week",
    ),
    RewardSpec(
        reward_id="cash-bonus-25",
        name="$25 cash bonus",
        description="A $25 bonus paid with your next creator payout.",
        kind="cash",
        amount=2500,
        exposure="$25 cash bonus",
        limit_per_period=1,
        limit_period="month",
    ),
)
