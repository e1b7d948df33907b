"""Disclosure control: the one layer through which every figure derived from confidential or
anonymous answers leaves Rapport (docs/privacy.md).

- ``rules``: the thresholds (k for figures, a higher k for comments) and what a reader may see.
- ``blocks``: pure functions that cut protected answers into disjoint *release blocks* of at
  least k distinct people (a closed round, else a project's quarter, else the customer's quarter).
- ``release``: loads the blocks from the database and releases figures over them.

Because every released figure is a sum over whole blocks (plus attributed answers, which are a
named conversation anyway), two figures can only ever differ by whole blocks: no subtraction of
one figure from another reaches a group of fewer than k people. That is the "no differencing by
construction" rule; ``tests/test_attacker.py`` tries to break it.
"""
