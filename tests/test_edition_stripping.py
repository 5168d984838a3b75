"""The student edition's solution stripping, on MyST text and notebooks (no build needed)."""

import json

import pytest

from origami import edition

CHAPTER = """# Exercises

```{exercise} Kinks (computational, ★)
:label: ex-a

Find the kinks.
```

```{solution-start} ex-a
:class: dropdown
```

The kinks are at the hinges.

```{code-cell} ipython3
print("secret answer")
```

```{solution-end}
```

````{exercise} Proof (proof, ★★)
:label: ex-b
Prove it.
````

:::{solution} ex-b
:class: dropdown
Because of the lemma.
:::

Where next.
"""


def test_strip_solutions_keeps_exercises_and_drops_every_solution():
    kept = edition.strip_solutions(CHAPTER)
    assert "Find the kinks." in kept and "Prove it." in kept and "Where next." in kept
    for secret in ("hinges", "secret answer", "lemma", "solution", "dropdown"):
        assert secret not in kept


def test_strip_solutions_leaves_a_text_without_solutions_unchanged():
    text = CHAPTER.split("```{solution-start}")[0]
    assert edition.strip_solutions(text) == text


def test_strip_notebook_solutions_drops_code_cells_inside_a_solution():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "```{exercise} A\n:label: a\nQ\n```\n\n```{solution-start} a\n```\nWhy"},
            {"cell_type": "code", "source": "print('secret')", "outputs": []},
            {"cell_type": "markdown", "source": ["```{solution-end}\n", "```\n", "After\n"]},
            {"cell_type": "code", "source": "print('kept')", "outputs": []},
        ],
        "metadata": {},
    }
    text = json.dumps(edition.strip_notebook_solutions(notebook))
    assert "secret" not in text and "Why" not in text
    assert "kept" in text and "After" in text and "Q" in text


def test_an_unknown_edition_is_named(monkeypatch):
    monkeypatch.setenv(edition.EDITION_VARIABLE, "teacher")
    with pytest.raises(ValueError, match="ORIGAMI_EDITION must be one of full, student, got 'teacher'"):
        edition.edition()
    monkeypatch.setenv(edition.EDITION_VARIABLE, "Student")
    assert edition.edition() == "student"
