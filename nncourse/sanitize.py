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

- :func:`clean_content` makes every message a kernel sends well-formed: its
  fields of the types nbformat expects (a forged message with a number for a
  name or a dict for a traceback would stop the notebook from being written),
  errors shortened, no display ids (a display update could copy one large
  output into every earlier display with the same id).

The feedback pages (:mod:`nncourse.feedback`) escape everything themselves.
"""

import json
import re

SAFE_TYPES = ("text/plain", "image/png", "image/jpeg", "image/gif")
MAX_SHOWN = 2000  # characters of an active output kept as text
MAX_ERROR_TEXT = 4000  # characters kept of an error's message and of each traceback line
MAX_TRACEBACK = 100  # traceback lines kept

_TAG = re.compile(r"<(?=[A-Za-z/!?])")
# the destination of an inline link or image, or of a reference definition
_LINK = re.compile(r"(\]\(\s*<?\s*|^[ \t]*\[[^\]]*\]:[ \t]*<?)([^\s)>]*)", flags=re.MULTILINE)
# destinations kept as they are: web and mail addresses, and plain relative ones (no scheme, no entity)
_SAFE_LINK = re.compile(r"(https?://|mailto:)\S*|[A-Za-z0-9_./#?=+-]*")


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
    """Markdown with every HTML tag escaped (``<script>`` shows as text; ``a < b`` is left alone), and
    links that are not http(s) or mail (``[click](javascript:...)``) pointing nowhere."""
    def link(match):
        destination = match.group(2)
        return match.group(0) if _SAFE_LINK.fullmatch(destination) else f"{match.group(1)}#blocked-{destination}"
    return _LINK.sub(link, _TAG.sub("&lt;", source))


def _text(value):
    if isinstance(value, list):
        value = "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else str(value)


def shorten(text, limit=MAX_ERROR_TEXT):
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} characters dropped]"


def clean_error(content):
    """An error's (or an error reply's) fields as strings, shortened."""
    traceback = content.get("traceback")
    return dict(content, ename=shorten(_text(content.get("ename", "Error")), 200), evalue=shorten(_text(content.get("evalue", ""))),
                traceback=[shorten(_text(line)) for line in (traceback if isinstance(traceback, list) else [])[:MAX_TRACEBACK]])


def clean_content(kind, content):
    """A message's content as nbformat expects it for its kind, made inert; None for one that cannot be."""
    if not isinstance(content, dict):
        return None
    content = dict(content)
    if "execution_count" in content and not isinstance(content["execution_count"], int):
        content["execution_count"] = None
    content.pop("transient", None)
    if kind == "stream":
        name = content.get("name") if content.get("name") in ("stdout", "stderr") else "stdout"
        return dict(content, name=name, text=_text(content.get("text", "")))
    if kind in ("display_data", "execute_result"):
        data = content.get("data")
        return dict(content, data=inert_output_data(data if isinstance(data, dict) else {}),
                    metadata=inert_metadata(content.get("metadata") or {}))
    if kind == "error":
        return clean_error(content)
    if kind == "clear_output":
        return dict(content, wait=bool(content.get("wait")))
    if kind == "status":
        return content if isinstance(content.get("execution_state"), str) else None
    return content


def size(content):
    """Bytes an output's content can take in a notebook file, at most: its text as JSON escapes it
    (a control character takes six bytes there)."""
    parts = [content.get("text", ""), content.get("evalue", ""), *content.get("traceback", []),
             *(content.get("data") or {}).values()]
    return sum(len(json.dumps(part)) if isinstance(part, str) else len(str(part)) for part in parts)
