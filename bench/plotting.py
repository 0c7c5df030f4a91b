"""One growth chart for the benchmarks: time (log-log) and peak memory against documents."""

from __future__ import annotations

from pathlib import Path


def growth_chart(
    documents: list[float],
    seconds: list[float],
    peak_mb: list[float],
    *,
    title: str,
    time_label: str,
    path: Path,
) -> None:
    """Write a PNG with time on the left axis (log scale) and peak memory on the right."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, time_axis = plt.subplots(figsize=(6, 4))
    time_axis.plot(documents, seconds, "o-", color="tab:blue")
    time_axis.set_xscale("log")
    time_axis.set_yscale("log")
    time_axis.set_xlabel("documents")
    time_axis.set_ylabel(time_label, color="tab:blue")
    memory_axis = time_axis.twinx()
    memory_axis.plot(documents, peak_mb, "s--", color="tab:red")
    memory_axis.set_ylabel("peak memory (MB)", color="tab:red")
    memory_axis.set_ylim(bottom=0)
    time_axis.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
