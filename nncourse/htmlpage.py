"""A self-contained HTML page for the reports: inline style, figures as data URIs, no script.

Everything that came from a student (ids, reasons, error messages) is escaped,
and the page's Content-Security-Policy allows nothing but its own style and
``data:`` pictures, so it opens offline and runs nothing.
"""

import html

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45;
       color: #1d1d1d; }
p.summary { font-size: 1.15rem; background: #eef4fa; border-left: 5px solid #3c6e9f; padding: .7rem 1rem; }
p.meta { color: #555; font-size: .9rem; }
img { max-width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1.2rem; font-size: .95rem; }
td, th { border: 1px solid #ccc; padding: .25rem .55rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flag td { background: #fdecea; }
.why { color: #555; font-size: .9rem; }
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def esc(value):
    return html.escape(str(value))


def number(value, digits=2):
    """A number for a table cell, ``-`` when there is none."""
    return "-" if value is None else f"{value:.{digits}f}"


def percent(share):
    """A share (0 to 1) as a percentage, ``-`` when there is none."""
    return "-" if share is None else f"{100 * share:.0f}%"


def table(header, rows, numeric=(), flagged=()):
    """An HTML table; ``rows`` hold raw values (escaped here), ``numeric`` the columns aligned right,
    ``flagged`` the indices of the rows to highlight."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        tds = "".join(f'<td class="num">{esc(v)}</td>' if j in numeric else f"<td>{esc(v)}</td>" for j, v in enumerate(row))
        body.append(f'<tr class="flag">{tds}</tr>' if i in flagged else f"<tr>{tds}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def figure(uri, alt):
    return f'<img src="{uri}" alt="{esc(alt)}">'


def page(title, summary, meta, sections):
    """The page: a title, the summary sentence first, then (heading, html) sections."""
    parts = "".join(f"<h2>{esc(heading)}</h2>\n{body}\n" for heading, body in sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<style>{STYLE}</style></head><body>
<h1>{esc(title)}</h1>
<p class="summary">{esc(summary)}</p>
<p class="meta">{esc(meta)}</p>
{parts}</body></html>
"""
