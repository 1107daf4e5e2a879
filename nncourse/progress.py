"""The progress bar ``nncourse grade`` draws on stderr."""

import sys
import time


class Progress:
    """A one-line bar on stderr (a line every 10 % when stderr is not a terminal)."""

    def __init__(self, total, label, stream=None, enabled=True):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.start = time.perf_counter()
        self._last_step = -1
        self.draw()

    def _line(self):
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.perf_counter() - self.start
        left = ""
        if 0 < self.done < self.total:
            left = f"  ~{_clock(elapsed / self.done * (self.total - self.done))} left"
        return f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  {_clock(elapsed)}{left}"

    def draw(self):
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r\x1b[2K" + self._line())
            self.stream.flush()
        else:
            step = self.done * 10 // self.total if self.total else 10
            if step != self._last_step:
                self._last_step = step
                self.stream.write(self._line() + "\n")
                self.stream.flush()

    def advance(self):
        self.done += 1
        self.draw()

    def note(self, text):
        """A line above the bar."""
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r\x1b[2K")
        self.stream.write(text + "\n")
        self.draw()

    def close(self):
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds):
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"
