"""Tell a Lighthouse run whose first paint headless Chromium held back for a second or two.

In headless Chromium the display compositor throttles a page whose frames it has not drawn:
once more than three are waiting, it sends the page one frame signal a second
(viz ``CompositorFrameSinkSupport::kUndrawnFrameLimit``). During a page load under
Lighthouse's tracing, the page's compositor sometimes draws a few empty frames before its
first real frame is ready; they stay undrawn while Chromium holds the previous screen for
the new page's first real frame (paint holding: with it switched off, none of 6 runs was held),
and that frame then waits for the next signal, up to a second later, with the page loaded and
its main thread idle. Lighthouse reads that second as the time to first paint, and its
simulation then counts every request that finished before it (the search index, the scripts)
as blocking the largest paint: a run of a page that painted in 0.2 s scores as one that
painted in 2.5 s. It is reported upstream
(https://github.com/GoogleChrome/lighthouse/issues/17148). On a two-core machine it held 6 of
54, 9 of 57 and 19 of 67 runs of three full benchmarks; it held a chapter with every block
skipped (6 runs in 10) and a short page (1 in 8) too.

A run shows it plainly: the load event fired, then the renderer's main thread did next to
nothing for most of a second, then the first frame was presented. ``held_ms`` finds that gap
in the run's trace; the benchmark runs such a page again and says how often it had to. It
errs toward keeping a run: a page that loads late (on a slow minute of the machine) leaves
less than ``HELD_MS`` before a held paint, and its run counts as an ordinary one.
"""

from __future__ import annotations

HELD_MS = 500  # far longer than a frame; the throttle holds a frame for up to a second
MAX_HELD_MS = 2500  # two of the throttle's one-second periods (the longest seen), and a margin
IDLE_SHARE = 0.1  # the main thread busy for under a tenth of the wait: the page is not at work


def held_ms(trace_events: list[dict]) -> float:
    """How long the first contentful frame waited, loaded and idle, to be presented (0 if not).

    ``trace_events`` are a Lighthouse trace's ``traceEvents``. The wait counts from the load
    event of the page's main frame to its first contentful paint, and only when the page's main
    thread was busy for under a tenth of it (a page still at work is not held back) and it
    lasted no longer than the throttle can hold a frame (a longer wait is the page's own).
    """
    navigations = [e for e in trace_events if e.get("name") == "navigationStart"
                   and str(e.get("args", {}).get("data", {}).get("documentLoaderURL", "")).startswith("http")]
    if not navigations:
        raise ValueError("the trace has no navigation to an http(s) page")
    navigation = min(navigations, key=lambda e: e["ts"])
    frame, main = navigation["args"]["frame"], (navigation["pid"], navigation["tid"])

    def first(name: str) -> float | None:
        """The page's first event ``name`` after its navigation (not an iframe's, not an
        earlier page's in the same frame)."""
        times = [e["ts"] for e in trace_events
                 if e.get("name") == name and _frame(e) == frame and e["ts"] >= navigation["ts"]]
        return min(times) if times else None

    painted, loaded = first("firstContentfulPaint"), first("MarkLoad")
    if painted is None or loaded is None or loaded >= painted:
        return 0.0
    wait_ms = (painted - loaded) / 1000
    if not HELD_MS <= wait_ms <= MAX_HELD_MS:
        return 0.0
    busy_ms = sum(_overlap(e, loaded, painted) for e in _top_level_tasks(trace_events, main)) / 1000
    return wait_ms if busy_ms < IDLE_SHARE * wait_ms else 0.0


def _frame(event: dict) -> str | None:
    args = event.get("args", {})
    return args.get("frame") or args.get("data", {}).get("frame")


def _top_level_tasks(trace_events: list[dict], thread: tuple) -> list[dict]:
    """The thread's complete tasks, without the ones nested in another (so none counts twice)."""
    tasks = sorted((e for e in trace_events if e.get("ph") == "X" and e.get("name") == "RunTask"
                    and (e["pid"], e["tid"]) == thread), key=lambda e: (e["ts"], -e.get("dur", 0)))
    top, end = [], float("-inf")
    for task in tasks:
        if task["ts"] >= end:
            top.append(task)
            end = task["ts"] + task.get("dur", 0)
    return top


def _overlap(task: dict, start: float, stop: float) -> float:
    return max(0.0, min(task["ts"] + task.get("dur", 0), stop) - max(task["ts"], start))

