"""The student edition, as a Sphinx extension (listed in ``_config.yml`` under ``local_extensions``).

With ``ORIGAMI_EDITION=student`` in the environment (or ``origami_edition: student`` in the Sphinx
configuration, as in an exported student repository) the build drops every solution and its
labels, leaves out the instructors' pages, points its launch and repository buttons at the
repository the teacher names (``ORIGAMI_REPOSITORY``) and shows the student notice; in both
editions it resolves the ``{edition}`` blocks and writes the executed notebooks as downloads.
What each edition shows is computed by :mod:`origami_book.edition`; this file only wires it into
Sphinx.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from origami_book.edition import (
    STUDENT_NOTICE,
    add_answer_cells,
    block_wanted,
    build_tags,
    edition,
    edition_notebook,
    edition_text,
    repository,
    resolve_glue,
    student_toc,
    substitute,
    substitutions,
)

def _directive_class():
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective
    from sphinx.util.nodes import nested_parse_with_titles

    class EditionDirective(SphinxDirective):
        """``{edition} word ...``: the content, only in the editions that have every word."""

        required_arguments = 1
        final_argument_whitespace = True
        has_content = True

        def run(self) -> list:
            config = self.config
            try:
                wanted = block_wanted(self.arguments[0], build_tags(config.origami_edition, config.origami_repository))
            except ValueError as error:
                raise self.error(str(error)) from error
            if not wanted:
                return []
            values = substitutions(config.origami_repository)
            lines = StringList([substitute(line, values) for line in self.content], items=self.content.items)
            holder = nodes.container()
            nested_parse_with_titles(self.state, lines, holder, self.content_offset)  # "## For students" too
            return list(holder.children)

    return EditionDirective


def _configure(app, config) -> None:
    import yaml

    config.origami_edition = edition(config.origami_edition or None)
    options = dict(config.html_theme_options)
    if config.origami_edition == "full":
        config.origami_repository = options.get("repository_url") or None
        return
    named = repository(config.origami_repository or None)
    config.origami_repository = named
    config.html_title = f"{config.html_title} — student edition"
    launch = {key: value for key, value in options.get("launch_buttons", {}).items()
              if key in {"notebook_interface", "binderhub_url", "thebe"}} if named else {}
    options.update(use_repository_button=bool(named), use_edit_page_button=False, use_issues_button=False,
                   launch_buttons=launch, announcement=STUDENT_NOTICE)
    for key in ("repository_url", "repository_branch"):
        options.pop(key, None)
    if named:
        options["repository_url"] = named
        options["repository_branch"] = "main"
        thebe = dict(getattr(config, "thebe_config", None) or {})
        thebe.update(repository_url=named, repository_branch="main")
        config.thebe_config = thebe
    config.html_theme_options = options
    # The table of contents without the instructors' pages; external_toc_exclude_missing
    # (only_build_toc_files) then leaves their files out of the build.
    toc_path = Path(app.srcdir) / config.external_toc_path
    toc = student_toc(yaml.safe_load(toc_path.read_text(encoding="utf-8")))
    written = Path(app.doctreedir) / "origami-student-toc.yml"
    written.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(toc, sort_keys=False)
    if not written.is_file() or written.read_text(encoding="utf-8") != text:
        written.write_text(text, encoding="utf-8")
    config.external_toc_path = str(written)


def _forget(env, docname: str, ids: set[str]) -> None:
    """Remove the labels of removed nodes (``ids``) from every registry that would link to them."""
    std = env.domaindata.get("std", {})
    for table in ("labels", "anonlabels"):
        for name, entry in list(std.get(table, {}).items()):
            if entry[0] == docname and entry[1] in ids:
                del std[table][name]
    for key, entry in list(std.get("objects", {}).items()):
        if entry[0] == docname and entry[1] in ids:
            del std["objects"][key]
    math = env.domaindata.get("math", {})
    for name, entry in list(math.get("objects", {}).items()):
        if entry[0] == docname and f"equation-{name}" in ids:
            del math["objects"][name]
    for name, entry in list(getattr(env, "proof_list", {}).items()):
        if entry.get("docname") == docname and (name in ids or set(entry.get("ids", [])) & ids):
            del env.proof_list[name]
    for name, entry in list(getattr(env, "sphinx_exercise_registry", {}).items()):
        if entry.get("docname") == docname and name in ids:
            del env.sphinx_exercise_registry[name]


def _remove_solutions(app, doctree) -> None:
    from docutils import nodes
    from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

    if app.config.origami_edition != "student":
        return
    kinds = (solution_node, solution_start_node, solution_end_node)
    ids: set[str] = set()
    for node in list(doctree.findall(lambda n: isinstance(n, kinds))):
        for inner in node.findall(nodes.Element):
            ids.update(inner.get("ids", []))
        node.parent.remove(node)
    _forget(app.env, app.env.docname, ids)


def _drop_thebe_setup(app, doctree, docname) -> None:
    """Without a named repository, no page of the student edition says where Thebe would launch."""
    from docutils import nodes

    if app.config.origami_edition != "student" or app.config.origami_repository:
        return
    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


def _is_notebook(app, pagename: str) -> bool:
    return "kernelspec" in app.env.metadata.get(pagename, {})


def _offer_notebook(app, pagename, templatename, context, doctree) -> None:
    """Every notebook page offers its ``.ipynb`` (written at the end of the build)."""
    if doctree is not None and _is_notebook(app, pagename):
        context["ipynb_source"] = pagename + ".ipynb"


def _launch_notebooks(app, pagename, templatename, context, doctree) -> None:
    """A student repository holds ``.ipynb`` chapters: the launch buttons open those."""
    if app.config.origami_edition != "student" or not app.config.origami_repository:
        return
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []):
            if "urlpath=" in button.get("url", ""):
                button["url"] = re.sub(r"\.md$", ".ipynb", button["url"])


def executed_notebook(app, docname: str) -> dict | None:
    """The executed notebook of a page, with its outputs also after an execution-cache hit."""
    import nbformat

    config = app.env.mystnb_config
    path = Path(config.output_folder).joinpath(*docname.split("/")).with_suffix(".ipynb")
    if not path.is_file():
        return None
    notebook = nbformat.read(path, as_version=4)
    if config.execution_mode == "cache" and config.execution_cache_path:
        from jupyter_cache import get_cache

        try:
            _, notebook = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
        except KeyError:  # not in the cache (e.g. a page that failed): as myst-nb wrote it
            pass
    return json.loads(nbformat.writes(notebook))


def _finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config = app.config
    student = config.origami_edition == "student"
    tags = build_tags(config.origami_edition, config.origami_repository)
    sources = Path(app.outdir) / "_sources"
    for path in sorted(sources.rglob("*")):
        if path.suffix in {".md", ".txt"}:
            text = path.read_text(encoding="utf-8")
            path.write_text(edition_text(text, tags, config.origami_repository, student), encoding="utf-8")
    for docname in sorted(name for name in app.env.found_docs if _is_notebook(app, name)):
        notebook = executed_notebook(app, docname)
        if notebook is None:
            continue
        notebook = edition_notebook(notebook, tags, config.origami_repository, drop_solutions=student)
        notebook = resolve_glue(notebook)
        if student:
            notebook = add_answer_cells(notebook)
        target = sources.joinpath(*docname.split("/")).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def setup(app) -> dict:
    """Register the extension with Sphinx."""
    edition()  # a wrong ORIGAMI_EDITION fails the build at once, with its name
    app.setup_extension("sphinx_exercise")
    app.add_config_value("origami_edition", "", "env", [str])
    app.add_config_value("origami_repository", "", "env", [str, type(None)])
    app.add_directive("edition", _directive_class())
    app.connect("config-inited", _configure)
    app.connect("doctree-read", _remove_solutions)
    app.connect("doctree-resolved", _drop_thebe_setup, priority=600)
    app.connect("html-page-context", _offer_notebook, priority=500)
    app.connect("html-page-context", _launch_notebooks, priority=600)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
