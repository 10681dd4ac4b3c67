"""Vocabulary of the synthetic sample data: caption phrases, slang, emoji, hashtags, names, music.

Every entry is JSON-safe as written (no quote, backslash or control character), so the writers can
paste them into JSON text without escaping. Tuples, never sets or dicts, so order is fixed.
"""

from __future__ import annotations

POSITIVE_PHRASES: tuple[str, ...] = (
    "Confidence went up",
    "this made my whole day",
    "best thing I have cooked all year",
    "obsessed with how this turned out",
    "she ate and left no crumbs",
    "main character energy today",
    "no cap this is the best pasta ever",
    "POV: you finally nailed the routine",
    "my dog is the funniest person I know",
    "glow up check, 6 months in",
    "this trend is so wholesome",
    "proud of this one ngl",
    "the way he smiled at the end",
    "new PR today, lets go",
    "lowkey the best sunset I have ever seen",
    "thank you for 10k, love you all",
    "it's giving summer vibes",
    "bestie did an amazing job",
    "can't stop watching this",
    "this song hits different at 2am",
    "the transformation is unreal",
    "tiny kitchen, big flavour",
    "we did it, first marathon done",
    "grandma reacting to her surprise",
    "slay, just slay",
    "easy 3 ingredient dessert you will love",
    "the cutest thing you will see today",
    "finally finished the room makeover",
    "my little brother is a genius",
    "living my best life",
    "so happy with my new setup",
    "when the beat drops perfectly",
    "healing my inner child one video at a time",
    "rate this fit 1 to 10",
    "he said yes",
    "that was actually fire",
    "we love a good plot twist",
    "trying this again because you asked",
    "perfect morning routine",
    "rescue pup first day home",
)

NEUTRAL_PHRASES: tuple[str, ...] = (
    "day 4 of learning guitar",
    "what I eat in a day",
    "replying to comments",
    "part 2",
    "get ready with me",
    "how to fold a fitted sheet",
    "trying the viral recipe",
    "duet this",
    "storytime",
    "explaining my job in 30 seconds",
    "a day in my life as a nurse",
    "which one are you",
    "testing a phone hack",
    "packing for a week in Lisbon",
    "my skincare routine",
    "answering your questions",
    "learn this dance with me",
    "rating fast food burgers",
    "cleaning out the fridge",
    "sunday reset",
    "how it started vs how it is going",
    "weekly grocery haul",
    "follow for part 3",
    "studying with me for 1 hour",
    "night routine",
    "the new update is out",
    "building a PC for the first time",
    "walking through the market",
    "me at work",
    "first time trying this",
)

NEGATIVE_PHRASES: tuple[str, ...] = (
    "worst day ever honestly",
    "I am so tired of this",
    "this recipe was a total fail",
    "they cancelled my flight again",
    "not me crying in the car",
    "why does this always happen to me",
    "rip my phone screen",
    "this is so cringe I want to delete it",
    "I hate mondays",
    "my landlord is the worst",
    "the ending made me so sad",
    "customer service was terrible",
    "broke my wrist skating, never again",
    "why is everything so expensive",
    "the delivery never showed up",
    "I am not okay after this episode",
    "annoying neighbors at 3am",
    "lost my wallet, great",
    "this was a scam, do not buy",
    "worst haircut of my life",
    "bad news, the show got cancelled",
    "so angry right now",
)

SLANG: tuple[str, ...] = (
    "fr fr",
    "no cap",
    "lowkey",
    "ngl",
    "periodt",
    "bestie",
    "its giving",
    "iykyk",
    "bruh",
    "deadass",
    "sheesh",
    "vibes",
)

POSITIVE_EMOJI: tuple[str, ...] = (
    "🔥",
    "✨",
    "😍",
    "🥰",
    "💯",
    "🙌",
    "❤️",
    "😂",
    "🤩",
    "🥳",
    "💕",
    "👏",
)
NEUTRAL_EMOJI: tuple[str, ...] = ("👀", "🤔", "📍", "🎶", "☕", "📚", "🧺", "🎮", "🍝", "💀", "😅")
NEGATIVE_EMOJI: tuple[str, ...] = ("😭", "💔", "😡", "😤", "🙄", "😩", "😞", "🤬", "😢", "💀")

GENERIC_TAGS: tuple[str, ...] = (
    "fyp",
    "foryou",
    "foryoupage",
    "viral",
    "fy",
    "trending",
    "tiktok",
    "xyzbca",
    "fypシ",
)

TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fitness", ("fitness", "workout", "gym", "fittok", "deadlift", "gymtok", "training")),
    ("food", ("food", "recipe", "cooking", "foodtok", "easyrecipe", "dinner", "baking")),
    ("dance", ("dance", "dancechallenge", "choreography", "transition", "trend", "duet")),
    ("comedy", ("funny", "comedy", "skit", "relatable", "memes", "prank")),
    ("pets", ("dog", "cat", "pets", "puppy", "dogsoftiktok", "catsoftiktok")),
    ("beauty", ("makeup", "skincare", "grwm", "beauty", "nails", "hair")),
    ("gaming", ("gaming", "minecraft", "fortnite", "gamer", "pcsetup", "twitch")),
    ("travel", ("travel", "traveltok", "vacation", "roadtrip", "lisbon", "beach")),
    ("diy", ("diy", "homedecor", "roommakeover", "crafts", "cleantok", "organization")),
    ("music", ("music", "cover", "singing", "guitar", "piano", "newmusic")),
    ("sports", ("football", "nba", "f1", "formula1", "soccer", "sports")),
    ("anime", ("anime", "animeedit", "otaku", "naruto", "manga", "cosplay")),
    ("study", ("studytok", "study", "college", "booktok", "productivity", "learnontiktok")),
)

# Ids of hashtags seen in the real 2020 scraper export; others get a stable id from a checksum.
KNOWN_TAG_IDS: tuple[tuple[str, str], ...] = (
    ("fyp", "229207"),
    ("foryou", "42164"),
    ("foryoupage", "88764338"),
    ("fy", "153828"),
    ("viral", "20884"),
    ("tiktok", "23428"),
    ("trending", "20105"),
    ("fitness", "9261"),
    ("workout", "5243"),
    ("gym", "7882"),
    ("anime", "5917"),
    ("animeedit", "400687"),
    ("transition", "47298"),
    ("duet", "30496"),
    ("funny", "5424"),
    ("dance", "5054"),
    ("f1", "16520"),
    ("formula1", "402512"),
    ("naruto", "16800"),
    ("otaku", "24520"),
    ("training", "12621"),
    ("deadlift", "17565"),
    ("xyzbca", "1652484531221509"),
    ("fittok", "1617686924395526"),
    ("fypシ", "1637342470396934"),
)

FIRST_NAMES: tuple[str, ...] = (
    "mia", "liam", "emma", "noah", "olivia", "lucas", "ava", "leo", "zoe", "ethan",
    "nina", "jack", "lily", "max", "chloe", "sam", "ella", "finn", "ruby", "theo",
    "maya", "kai", "isla", "omar", "sofia", "jay", "aria", "ben", "luna", "dev",
    "priya", "mateo", "hana", "yusuf", "grace", "diego", "amara", "felix", "iris", "tom",
)  # fmt: skip

HANDLE_WORDS: tuple[str, ...] = (
    "dances", "cooks", "vibes", "lifts", "official", "daily", "eats", "travels", "plays",
    "makes", "fit", "kitchen", "studio", "world", "tv", "clips", "irl", "life", "bakes", "ttv",
)  # fmt: skip

SEPARATORS: tuple[str, ...] = ("", ".", "_", "", "_")

SIGNATURES: tuple[str, ...] = (
    "",
    "just here for fun",
    "daily videos",
    "business: link below",
    "dont tell my instagram im here",
    "new video every friday",
    "living one day at a time",
    "follow for more",
    "IG: same name",
    "she/her",
    "coach | creator",
    "home cook, not a chef",
)

MUSIC: tuple[tuple[str, str], ...] = (
    ("Element", "Pop Smoke"),
    ("Mood", "24kGoldn"),
    ("Blinding Lights", "The Weeknd"),
    ("Savage Love", "Jawsh 685"),
    ("Levitating", "Dua Lipa"),
    ("Heat Waves", "Glass Animals"),
    ("Bazooka", "Mc Gw"),
    ("Say So", "Doja Cat"),
    ("Oh No", "Kreepa"),
    ("Aesthetic", "Tollan Kim"),
    ("Monkeys Spinning Monkeys", "Kevin MacLeod"),
    ("Sunroof", "Nicky Youre"),
    ("Paint The Town Red", "Doja Cat"),
    ("Espresso", "Sabrina Carpenter"),
    ("Lovin On Me", "Jack Harlow"),
)

VIDEO_SIZES: tuple[tuple[int, int], ...] = ((1024, 576), (960, 540), (1280, 720), (1920, 1080))
DURATIONS: tuple[int, ...] = (6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15, 15, 21, 30, 45, 59, 60, 90)
