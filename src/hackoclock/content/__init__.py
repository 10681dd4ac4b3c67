"""Content scores: a 0..1 judgement of a video from its caption (lexicon) or file (Gemini)."""
