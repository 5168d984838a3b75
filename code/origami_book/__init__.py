"""origami_book: the book's own tooling, beside the library ``origami``.

None of it is mathematics; it reads and transforms the book itself:

- :mod:`origami_book.syllabus`: the chapters' objectives, times and exercises (the instructors page);
- :mod:`origami_book.edition`: the two editions, the student one without solutions (the Sphinx
  extension ``book/_ext/student_edition.py`` applies it);
- :mod:`origami_book.handout`: the student repository and bundle, from a built student edition;
- :mod:`origami_book.assignments`: otter-grader assignments from the chapters' exercises.
"""

__all__ = ["syllabus", "edition", "handout", "assignments"]
