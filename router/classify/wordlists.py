"""Reading ``wordfreq``'s word lists: the most frequent words of a language, with frequencies.

Both language passes of our own learn from these lists (Wikipedia, subtitles, news, books,
web and social text), so no training corpus ships with Switchboard.
"""

from __future__ import annotations

from wordfreq import available_languages, cB_to_freq, read_cBpack


def word_list_paths(size: str) -> dict[str, str]:
    """Language code -> list file, for ``size`` "small" (all languages) or "best"."""
    return dict(available_languages(size))


def most_frequent(path: str, count: int) -> list[tuple[str, float]]:
    """The ``count`` most frequent words of a wordfreq list, read straight from its file
    (wordfreq's own lookups cache every list whole)."""
    words: list[tuple[str, float]] = []
    for index, bucket in enumerate(read_cBpack(path)):  # bucket i: words at -i centibels
        frequency = cB_to_freq(-index)
        words.extend((word, frequency) for word in bucket[: count - len(words)])
        if len(words) >= count:
            break
    return words
