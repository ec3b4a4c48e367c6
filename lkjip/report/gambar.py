"""Chart images with kaleido and the system Chromium: one long-lived renderer per process (0,2 s an image
instead of 2 s with a browser start per image)."""

from __future__ import annotations

import atexit
import threading

import kaleido
import plotly.graph_objects as go

LEBAR, TINGGI = 1600, 900  # 16:9 at presentation resolution
_lock = threading.Lock()
_started = False


def _server() -> None:
    global _started
    with _lock:
        if not _started:
            kaleido.start_sync_server(silence_warnings=True)
            atexit.register(kaleido.stop_sync_server)
            _started = True


def png(fig: go.Figure, *, width: int = LEBAR, height: int = TINGGI) -> bytes:
    """The figure as a PNG (16:9, 1600×900 by default)."""
    _server()
    fig = go.Figure(fig)
    fig.update_layout(height=height, width=width)
    return kaleido.calc_fig_sync(fig, opts={"format": "png", "width": width, "height": height})
