"""Stage 2: clean text so later stages see one form of every character and paragraph."""
import unicodedata


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
