"""Benchmarks: how the build's cost grows with the data (``make bench``).

``benchmarks.corpus`` writes a synthetic feeds folder of any size,
``benchmarks.baseline`` is the naive icalendar rendering the build is
compared with, and ``benchmarks.bench`` runs and reports both.
"""
