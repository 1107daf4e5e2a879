"""Students' content made inert before an instructor's tool renders it.

nbgrader's formgrader renders autograded notebooks as HTML in the instructor's
browser, with the instructor's session: an output of type ``text/html``,
``application/javascript`` or ``image/svg+xml``, or raw HTML in a markdown
cell, would run the student's script there. Here:

- :func:`inert_output_data` keeps what is shown as text or as a picture
  (``text/plain``, PNG, JPEG, GIF) and replaces every other representation
  by its text, marked, so that an instructor still sees what was output;
- :func:`inert_markdown` escapes every HTML tag in a markdown cell written by
  the student (a written answer), so that it shows as text.

The feedback pages (:mod:`nncourse.feedback`) escape everything themselves.
"""

import re

SAFE_TYPES = ("text/plain", "image/png", "image/jpeg", "image/gif")
MAX_SHOWN = 2000  # characters of an active output kept as text

_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def inert_output_data(data):
    """``data`` (a mimebundle) with every active representation turned into text.

    Parameters
    ----------
    data : dict of str to str or list of str
        An output's ``data``: mimetype -> content.

    Returns
    -------
    dict of str to str
        Only ``SAFE_TYPES`` keys. When an active type was dropped, its source
        is appended to ``text/plain`` behind a ``[... shown as text]`` mark.
    """
    kept = {}
    for mime in SAFE_TYPES:
        value = data.get(mime)
        if isinstance(value, list):
            value = "".join(v for v in value if isinstance(v, str))
        if isinstance(value, str):
            kept[mime] = value
    active = [mime for mime in data if mime not in SAFE_TYPES]
    if active:
        mime = active[0]
        value = data[mime]
        text = value if isinstance(value, str) else "".join(v for v in value if isinstance(v, str)) \
            if isinstance(value, list) else repr(value)
        note = f"[nncourse: {', '.join(active)} output shown as text]"
        if "text/plain" not in kept:
            kept["text/plain"] = f"{note}\n{text[:MAX_SHOWN]}"
        else:
            kept["text/plain"] = f"{kept['text/plain']}\n{note}"
    return kept


def inert_metadata(metadata):
    """An output's metadata reduced to image sizes (numbers): nothing else reaches a template."""
    out = {}
    for mime in ("image/png", "image/jpeg", "image/gif"):
        sizes = metadata.get(mime) if isinstance(metadata, dict) else None
        if isinstance(sizes, dict):
            clean = {k: v for k, v in sizes.items() if k in ("width", "height") and isinstance(v, (int, float))}
            if clean:
                out[mime] = clean
    return out


def inert_markdown(source):
    """Markdown with every HTML tag escaped (``<script>`` shows as text; ``a < b`` is left alone)."""
    return _TAG.sub("&lt;", source)
