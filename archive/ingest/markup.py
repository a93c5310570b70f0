"""Is this text a web page? Kept apart from html.py so that reading plain text files never
imports BeautifulSoup (≈0.1 s at every start of `manage.py ingest`)."""
from __future__ import annotations

import re

# <p>, <div class="x">, <br/>: the block tags a page fragment is made of.
BLOCK_TAG = re.compile(r"<(?:p|div|br|table|span|body)[\s>/]", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for markup: <!DOCTYPE html>, <html>, or a fragment of <p>/<div>/<br> tags."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return True
    sample = text[:20000]
    tags = len(BLOCK_TAG.findall(sample))
    return tags >= 3 and tags >= sample.count("\n") / 4  # a text file with a few stray <br> stays text
