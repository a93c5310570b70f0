"""Index keys: one integer per reply that sorts by date, newest last."""

# Sort key = day of the reply's date in the high bits, reply id in the low bits, so that
# "newest first" is the index's own descending key order (no join, no sort).
ID_BITS = 32


def sort_key(reply_id: int, date) -> int:
    day = date.toordinal() if date else 0
    return (day << ID_BITS) | reply_id


def reply_id_of(key: int) -> int:
    return key & ((1 << ID_BITS) - 1)
