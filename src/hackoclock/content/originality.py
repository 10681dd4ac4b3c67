"""Originality of each video from facts, as TikTok's own rewards programme weighs it.

TikTok's Creator Rewards Program pays for *original* work: reposts of someone else's video
earn nothing, duets and stitches (another creator's video on half the screen or in the first
seconds) count as partly someone else's, and a sound taken from the library or from another
creator's video is not the creator's own audio. This module finds those three things in a
table of videos and turns them into one bounded number. It is a pure Ibis expression (table in,
table out), so it runs on DuckDB and on Spark; it imports no database code.

Input columns (``ORIGINALITY_INPUT``): ``video_id``, ``creator_id`` (strings), ``date_posted``
(timestamp, the create time), ``duration_s`` (integer), ``music_id`` (string),
``music_original`` (boolean) and ``caption`` (string), each nullable but the ids; optionally
``duet_from_id`` (string: the video a duet was made from, when the source says).

Output, one row per input video (``ORIGINALITY_OUTPUT``):

- ``reupload_of`` (string or NULL): the id of the earliest video by *another* creator that
  this one repeats: same ``music_id``, same ``duration_s``, posted strictly earlier, and a
  caption fingerprint (character shingles of the caption with case, emoji, punctuation,
  hashtags, mentions and links ignored) whose Jaccard similarity is at least
  ``min_jaccard``. A caption whose fingerprint is shorter than ``min_fingerprint_chars`` never
  matches (too little text to tell a copy from a trend), nor does a video without music id or
  duration. The original is never marked: it keeps its pay.
- ``repost_of`` (string or NULL): the same match where the earlier video is the creator's own
  (a re-post of one's own video, edited or not); ``value`` holds it for review.
- ``reused_sound`` (boolean, never NULL): the sound is not the creator's own: the library
  flagged it not original (``music_original`` false), or another creator used the same
  ``music_id`` earlier in the table, or the music id (a TikTok id: its top 32 bits are the
  second it was made) was made more than ``sound_age_s`` before the video and not within
  ``sound_age_s`` of this creator's first video with it. Unknown music counts as not reused.
- ``remix`` (boolean, never NULL): a duet or stitch: ``duet_from_id`` set, or the caption starts
  with TikTok's own "#duet with @..." / "#stitch with @..." prefix (any of its languages).
- ``originality`` (float in [0, 1]): the share of the video that is the creator's own work,
  0 for a re-upload, else ``remix_share`` (0.5) for a duet or stitch or 1, times
  ``reused_sound_share`` (0.8) when the sound is reused. So the values are 0, 0.4, 0.5, 0.8, 1.

Candidates for re-uploads come from MinHash: each fingerprint's shingles are hashed once,
``hashes`` minima are taken under XOR masks (a permutation of the hash values each), and
pairs of minima form ``hashes / 2`` bands; two videos are candidates when they share the music
id, the duration and one band. Candidates are then checked exactly (shared shingles over all
shingles), so the outcome does not depend on the engine's hash function, only which pairs are
looked at does: two captions with Jaccard J are candidates with probability
1 - (1 - J^2)^(hashes/2) (0.9997 at J = 0.8, 0.995 at J = 0.7 for 16 hashes).
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

ORIGINALITY_INPUT = (
    "video_id",
    "creator_id",
    "date_posted",
    "duration_s",
    "music_id",
    "music_original",
    "caption",
)
ORIGINALITY_OUTPUT = (
    "video_id",
    "reupload_of",
    "repost_of",
    "reused_sound",
    "remix",
    "originality",
)

# TikTok writes these prefixes itself when a duet or stitch is posted ("#duet with @a",
# "#stitch met @b", "#Duett mit @c", "#dueto com @d").
REMIX_PREFIX = r"(?i)^\s*#(duet|duett|dueto|duo|stitch)\s+(with|w/|met|mit|com|con|avec|z|ile)\s+@"
# 64-bit masks for the XOR permutations (fixed, so results are reproducible).
_MASKS = (
    0x1B873593A5A5A5A5,
    0x2545F4914F6CDD1D,
    0x3C6EF372FE94F82B,
    0x510E527FADE682D1,
    0x6A09E667F3BCC908,
    0x1F83D9ABFB41BD6B,
    0x5BE0CD19137E2179,
    0x3243F6A8885A308D,
    0x13198A2E03707344,
    0x299F31D0082EFA98,
    0x452821E638D01377,
    0x7E5466CF34E90C6C,
    0x4C0E5B1D7D4B3A29,
    0x0D95748F728EB658,
    0x718BCD5882154AEE,
    0x7B54A41DC25A59B5,
)
TWO_POW_32 = 2**32
SNOWFLAKE_MIN = 2**40  # smaller music ids (old musical.ly ones) carry no creation time


@dataclass(frozen=True)
class OriginalityRules:
    """The parameters, with the defaults documented in docs/content.md."""

    shingle_chars: int = 3
    min_fingerprint_chars: int = 12
    min_jaccard: float = 0.7
    hashes: int = 16
    sound_age_s: int = 86_400
    remix_share: float = 0.5
    reused_sound_share: float = 0.8

    def __post_init__(self) -> None:
        if not (1 <= self.shingle_chars <= self.min_fingerprint_chars):
            raise ValueError("shingle_chars must be in 1..min_fingerprint_chars")
        if not (0.0 < self.min_jaccard <= 1.0):
            raise ValueError("min_jaccard must be in (0, 1]")
        if not (2 <= self.hashes <= len(_MASKS) and self.hashes % 2 == 0):
            raise ValueError(f"hashes must be even and in 2..{len(_MASKS)}")
        for share in (self.remix_share, self.reused_sound_share):
            if not 0.0 <= share <= 1.0:
                raise ValueError("shares must be in 0..1")


DEFAULT_RULES = OriginalityRules()


def caption_fingerprint(caption: ir.StringValue, min_chars: int) -> ir.StringValue:
    """The caption's text for matching: lower case; hashtags, mentions, links, emoji and
    punctuation gone; runs of spaces as one. NULL when fewer than ``min_chars`` remain."""
    text = caption.lower()
    text = text.re_replace(r"https?://\S+", " ").re_replace(r"[#@]\S+", " ")
    text = text.re_replace(r"[^\p{L}\p{N}]+", " ").strip()
    return ibis.ifelse(text.length() >= min_chars, text, ibis.null("string"))


def originality(t: ir.Table, rules: OriginalityRules = DEFAULT_RULES) -> ir.Table:
    """``ORIGINALITY_OUTPUT`` for every video of ``t`` (see the module docstring)."""
    missing = [c for c in ORIGINALITY_INPUT if c not in t.columns]
    if missing:
        raise ValueError(f"originality needs the columns {', '.join(missing)}")
    duet = t.duet_from_id if "duet_from_id" in t.columns else ibis.null("string")
    base = t.select(
        "video_id",
        "creator_id",
        "date_posted",
        "duration_s",
        "music_id",
        "music_original",
        "caption",
        duet_from_id=duet.cast("string"),
    )
    sound = reused_sounds(base, rules)
    copies = reuploads(base, rules)
    out = base.left_join(sound, "video_id").left_join(copies, "video_id")
    remix = out.duet_from_id.notnull() | ibis.coalesce(out.caption.re_search(REMIX_PREFIX), False)
    reused = ibis.coalesce(out.reused_sound, False)
    own_picture = ibis.ifelse(remix, rules.remix_share, 1.0)
    own_sound = ibis.ifelse(reused, rules.reused_sound_share, 1.0)
    share = ibis.ifelse(out.reupload_of.notnull(), 0.0, own_picture * own_sound)
    return out.select(
        "video_id",
        "reupload_of",
        "repost_of",
        reused_sound=reused,
        remix=remix,
        originality=share.cast("float64"),
    )


def reused_sounds(t: ir.Table, rules: OriginalityRules = DEFAULT_RULES) -> ir.Table:
    """``video_id, reused_sound`` for the videos with a music id or an original flag."""
    with_music = t.filter(t.music_id.notnull())
    first = with_music.group_by("music_id").aggregate(first_use=with_music.date_posted.min())
    mine = with_music.group_by("music_id", "creator_id").aggregate(
        my_first=with_music.date_posted.min()
    )
    joined = t.left_join(first, "music_id").left_join(mine, ["music_id", "creator_id"])
    music_number = joined.music_id.try_cast("int64")
    born = ibis.ifelse(
        music_number >= SNOWFLAKE_MIN, music_number // TWO_POW_32, ibis.null("int64")
    )
    posted = joined.date_posted.epoch_seconds()
    my_first = joined.my_first.epoch_seconds()
    older = born < posted - rules.sound_age_s
    made_with_mine = (born - my_first).abs() <= rules.sound_age_s
    library = joined.music_original == False  # noqa: E712 (an Ibis expression)
    taken = joined.my_first > joined.first_use
    reused = (
        ibis.coalesce(library, False)
        | ibis.coalesce(taken, False)
        | (ibis.coalesce(older, False) & ~ibis.coalesce(made_with_mine, False))
    )
    return joined.select("video_id", reused_sound=reused)


def _shingles(t: ir.Table, rules: OriginalityRules) -> ir.Table:
    """``video_id, h``: one row per distinct shingle of each fingerprint, hashed."""
    k = rules.shingle_chars
    fp = t.filter(t.fingerprint.notnull())
    rows = fp.select("video_id", "fingerprint", pos=ibis.range(0, fp.fingerprint.length() - k + 1))
    rows = rows.unnest("pos")
    rows = rows.select("video_id", shingle=rows.fingerprint.substr(rows.pos, k))
    rows = rows.distinct()
    return rows.select("video_id", "shingle", h=rows.shingle.hash().cast("int64"))


def reuploads(t: ir.Table, rules: OriginalityRules = DEFAULT_RULES) -> ir.Table:
    """``video_id, reupload_of`` for the videos that repeat an earlier one by another creator
    (small: only re-uploads)."""
    meta = t.filter(t.music_id.notnull() & t.duration_s.notnull() & t.date_posted.notnull())
    meta = meta.select(
        "video_id",
        "creator_id",
        "date_posted",
        "duration_s",
        "music_id",
        fingerprint=caption_fingerprint(meta.caption, rules.min_fingerprint_chars),
    )
    shingles = _shingles(meta, rules)
    masks = _MASKS[: rules.hashes]
    signature = shingles.group_by("video_id").aggregate(
        n=shingles.shingle.count(),
        **{f"m{i}": (shingles.h ^ ibis.literal(m, "int64")).min() for i, m in enumerate(masks)},
    )
    keyed = signature.inner_join(meta, "video_id")
    bands = ibis.union(
        *(
            keyed.select(
                "video_id",
                "music_id",
                "duration_s",
                band=ibis.literal(b, "int32"),
                lo=keyed[f"m{2 * b}"],
                hi=keyed[f"m{2 * b + 1}"],
            )
            for b in range(rules.hashes // 2)
        ),
        distinct=False,
    )
    later = bands.view()
    pairs = bands.inner_join(
        later,
        [
            bands.music_id == later.music_id,
            bands.duration_s == later.duration_s,
            bands.band == later.band,
            bands.lo == later.lo,
            bands.hi == later.hi,
            bands.video_id != later.video_id,
        ],
    )
    pairs = pairs.select(orig_id=bands.video_id, copy_id=later.video_id).distinct()
    orig = keyed.select(orig_id="video_id", o_creator="creator_id", o_posted="date_posted", o_n="n")
    copy = keyed.select(copy_id="video_id", c_creator="creator_id", c_posted="date_posted", c_n="n")
    pairs = pairs.inner_join(orig, "orig_id").inner_join(copy, "copy_id")
    pairs = pairs.filter(pairs.o_posted < pairs.c_posted)
    a = shingles.select(orig_id="video_id", shingle="shingle")
    b = shingles.select(copy_id="video_id", shingle="shingle")
    shared = (
        pairs.select("orig_id", "copy_id")
        .inner_join(a, "orig_id")
        .inner_join(b, ["copy_id", "shingle"])
        .group_by("orig_id", "copy_id")
        .aggregate(shared=ibis._.count())
    )
    scored = pairs.inner_join(shared, ["orig_id", "copy_id"])
    jaccard = scored.shared.cast("float64") / (scored.o_n + scored.c_n - scored.shared).cast(
        "float64"
    )
    matches = scored.filter(jaccard >= rules.min_jaccard)
    first = ibis.row_number().over(
        group_by=matches.copy_id, order_by=[matches.o_posted, matches.orig_id]
    )
    matches = matches.mutate(rank=first)
    matches = matches.filter(matches.rank == 0)
    other = matches.o_creator != matches.c_creator
    return matches.select(
        video_id="copy_id",
        reupload_of=ibis.ifelse(other, matches.orig_id, ibis.null("string")),
        repost_of=ibis.ifelse(other, ibis.null("string"), matches.orig_id),
    )
