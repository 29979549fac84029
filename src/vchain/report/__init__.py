"""`vchain report`: one file a coordinator can send to partners, with the WealthWorks tables.

- :mod:`vchain.report.facts` gathers everything the report shows into plain data (the
  one place that calls the analysis);
- :mod:`vchain.report.html` renders it as a self-contained HTML page (Jinja2 templates
  under ``templates/``, CSS and JavaScript inlined, a Content-Security-Policy that
  forbids every request), :mod:`vchain.report.markdown` as GitHub-flavoured Markdown.

Nothing here is imported by ``import vchain.cli``; jinja2 is imported only to render.
"""
