"""`vchain diff`: two versions of a chain compared, and the change told in plain words.

``revisions`` reads a side (a file or ``REV:PATH``), ``structure`` diffs the elements,
``compare`` checks and ranks both sides and matches their findings (the results are the
types of ``comparison``), ``story`` tells the change in words, ``render`` prints it.
"""
