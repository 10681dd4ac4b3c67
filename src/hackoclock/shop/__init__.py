"""Rewards Shop: the catalogue, the two-phase redemption lifecycle and exposure grants."""
