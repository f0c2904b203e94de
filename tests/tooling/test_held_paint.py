"""docs/scripts/held_paint.py tells a run whose first paint the measuring browser held back."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "scripts"))
import held_paint  # noqa: E402

PAGE, RENDERER, MAIN = "F1", 7, 1


def at(ms):
    return 1_000_000 + ms * 1000


def task(start, length, thread=MAIN):
    return {"name": "RunTask", "ph": "X", "ts": at(start), "dur": length * 1000, "pid": RENDERER, "tid": thread}


def trace(load_ms, paint_ms, busy=(), extra=()):
    """A page's trace: its navigation, load and first contentful paint, and the main thread's
    tasks as (start, length) in ms, each with a task nested in it; an about:blank navigation
    and another thread's task beside."""
    page = {"pid": RENDERER, "tid": MAIN, "args": {"frame": PAGE}}
    events = [
        {"name": "navigationStart", "ts": at(-5), "pid": RENDERER, "tid": MAIN,
         "args": {"frame": "F0", "data": {"documentLoaderURL": ""}}},
        {**page, "name": "navigationStart", "ts": at(0),
         "args": {"frame": PAGE, "data": {"documentLoaderURL": "http://127.0.0.1:8000/en/gd-sgd/"}}},
        {**page, "name": "MarkLoad", "ts": at(load_ms), "args": {"data": {"frame": PAGE}}},
        {**page, "name": "firstContentfulPaint", "ts": at(paint_ms)},
        task(load_ms, 900, thread=2),
    ]
    for start, length in busy:
        events += [task(start, length // 2), task(start, length)]  # the nested one listed first
    return events + list(extra)


def test_a_loaded_idle_page_painted_a_second_late_was_held_back():
    assert held_paint.held_ms(trace(300, 1250, busy=[(400, 20), (900, 30)])) == 950


def test_a_task_nested_in_another_counts_once():
    # 80 ms busy in a 950 ms wait is idle enough (under 95 ms); with the 40 ms task nested in
    # it counted too, it would not be.
    assert held_paint.held_ms(trace(300, 1250, busy=[(400, 80)])) == 950


def test_an_iframe_or_an_earlier_page_in_the_frame_does_not_count():
    extra = [
        {"name": "firstContentfulPaint", "ts": at(350), "pid": RENDERER, "tid": MAIN, "args": {"frame": "F9"}},
        {"name": "MarkLoad", "ts": at(-3), "pid": RENDERER, "tid": MAIN, "args": {"data": {"frame": PAGE}}},
    ]
    assert held_paint.held_ms(trace(300, 1250, extra=extra)) == 950


def test_a_page_painted_before_it_loaded_was_not():
    assert held_paint.held_ms(trace(450, 180)) == 0


def test_a_page_painted_soon_after_it_loaded_was_not():
    assert held_paint.held_ms(trace(300, 750)) == 0


def test_a_page_still_working_after_its_load_was_not():
    assert held_paint.held_ms(trace(300, 1250, busy=[(320, 60), (500, 80)])) == 0  # busy 140 of 950 ms


def test_a_wait_longer_than_the_throttle_holds_is_the_pages_own():
    assert held_paint.held_ms(trace(300, 3300)) == 0


def test_a_trace_without_a_page_is_refused():
    events = [e for e in trace(300, 1250) if not (e["name"] == "navigationStart" and e["ts"] == at(0))]
    with pytest.raises(ValueError, match="no navigation to an http"):
        held_paint.held_ms(events)
