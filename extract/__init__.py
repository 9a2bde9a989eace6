"""bordermetrics extraction: border-news articles in, time-stamped metrics out."""

__version__ = "0.1.0"

# Bump when the rules or the extraction logic change the output: stored metrics carry it, and
# `bordermetrics reextract` refreshes every article whose metrics were made by another version.
EXTRACTOR_VERSION = "1"
