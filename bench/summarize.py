#!/usr/bin/env python3
"""Summarises a bench/compare.sh results folder: medians (min-max) per framework and batch size, and ratios.

usage: summarize.py DIR      (reads DIR/vaelab_b*_r*.json and DIR/torch_b*_r*.json; prints Markdown)
"""
import glob, json, os, re, statistics, sys


def load(folder, impl):
    runs = {}
    for f in sorted(glob.glob(os.path.join(folder, f"{impl}_b*_r*.json"))):
        m = re.search(r"_b(\d+)_r(\d+)", f)
        b, rep = int(m.group(1)), int(m.group(2))
        with open(f) as fh:
            d = json.load(fh)
        if impl == "vaelab":
            row = {"train": d["train"]["imagesPerSec"], "eval": d["eval"]["imagesPerSec"],
                   "elbo": d["eval"]["negElbo"], "rss": d["peakRssMiB"], "gflops": d["train"]["gflops"],
                   "frac": d["train"].get("fractionOfMatmul") or float("nan")}
        else:
            n, secs = d["n"], sum(d["epoch_s"])
            eval_s = statistics.median(d["eval_repeat_s"]) if d.get("eval_repeat_s") else d["eval_s"][-1]
            row = {"train": n * len(d["epoch_s"]) / secs, "eval": d["n_test"] / eval_s,
                   "elbo": d["neg_elbo"][-1], "rss": d["peak_rss_mib"]}
        row["rep"] = rep
        iw = d.get("iwae")
        if iw:
            row["iwae"], row["iwae_nll"] = iw["imagesPerSec"], iw["negLogLikelihood"]
        runs.setdefault(b, []).append(row)
    return runs


def cell(values, fmt="{:.0f}"):
    if not values:
        return "-"
    med = statistics.median(values)
    return (fmt + " ({}-{})").format(med, fmt.format(min(values)), fmt.format(max(values))) if len(values) > 1 else fmt.format(med)


def main():
    folder = sys.argv[1]
    v, t = load(folder, "vaelab"), load(folder, "torch")
    settings = os.path.join(folder, "settings.txt")
    if os.path.exists(settings):
        print("```\n" + open(settings).read().strip() + "\n```\n")
    print("Medians (min-max) over runs; ratio = vaelab median / PyTorch median (>= 1.0 means vaelab is at least as fast; "
          "for RSS lower is better).\n")
    print("| batch | runs | vaelab train img/s | torch train img/s | train ratio | vaelab eval img/s | torch eval img/s "
          "| eval ratio | vaelab GFLOP/s (of matmul) | -ELBO vaelab / torch | peak RSS MiB vaelab / torch (ratio) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for b in sorted(set(v) | set(t)):
        vs, ts = v.get(b, []), t.get(b, [])
        med = lambda rows, k: statistics.median([r[k] for r in rows]) if rows else float("nan")
        ratio = lambda k: med(vs, k) / med(ts, k) if vs and ts else float("nan")
        print(f"| {b} | {len(vs)}/{len(ts)} | {cell([r['train'] for r in vs])} | {cell([r['train'] for r in ts])} "
              f"| {ratio('train'):.2f} | {cell([r['eval'] for r in vs])} | {cell([r['eval'] for r in ts])} "
              f"| {ratio('eval'):.2f} | {med(vs, 'gflops'):.1f} ({100 * med(vs, 'frac'):.0f}%) "
              f"| {med(vs, 'elbo'):.2f} / {med(ts, 'elbo'):.2f} | {med(vs, 'rss'):.0f} / {med(ts, 'rss'):.0f} "
              f"({ratio('rss'):.2f}) |")
    # each repetition ran vaelab and PyTorch back to back: the ratio within a repetition is less exposed to
    # a slow phase of the machine than the ratio of medians
    print("\nPaired: the median over repetitions of each repetition's vaelab/PyTorch ratio (min-max).\n")
    print("| batch | train ratio | eval ratio |")
    print("|---|---|---|")
    for b in sorted(set(v) & set(t)):
        by_rep = {r["rep"]: r for r in t[b]}
        pairs = [(r, by_rep[r["rep"]]) for r in v[b] if r["rep"] in by_rep]
        if pairs:
            print(f"| {b} | {cell([a['train'] / c['train'] for a, c in pairs], '{:.2f}')} "
                  f"| {cell([a['eval'] / c['eval'] for a, c in pairs], '{:.2f}')} |")
    iw = [(b, v.get(b, []), t.get(b, [])) for b in sorted(set(v) | set(t))]
    if any("iwae" in r for _, vs, ts in iw for r in vs + ts):
        print("\n| batch | vaelab IWAE test img/s | torch IWAE test img/s | ratio | IWAE -log p(x) vaelab / torch |")
        print("|---|---|---|---|---|")
        for b, vs, ts in iw:
            vi, ti = [r["iwae"] for r in vs if "iwae" in r], [r["iwae"] for r in ts if "iwae" in r]
            vn, tn = [r["iwae_nll"] for r in vs if "iwae" in r], [r["iwae_nll"] for r in ts if "iwae" in r]
            m = lambda xs: statistics.median(xs) if xs else float("nan")
            print(f"| {b} | {cell(vi, '{:.1f}')} | {cell(ti, '{:.1f}')} | {m(vi) / m(ti) if vi and ti else float('nan'):.2f} "
                  f"| {m(vn):.2f} / {m(tn):.2f} |")


if __name__ == "__main__":
    main()
