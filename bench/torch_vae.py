#!/usr/bin/python3
"""VAE training benchmark, PyTorch side (a reference for comparing a Java implementation of the same models).

Copied from shared/bench/torch_vae.py for bench/compare.sh; additions: the last evaluation is timed (eval_s,
the negative ELBO over the 10k test images in batches of 1000), the peak RSS is reported (peak_rss_mib), and
--iwae K [--iwae-images M] times the IWAE estimate of -log p(x) after the last epoch.

modes: mmul | mlp | conv        e.g.  torch_vae.py --mode mlp --batch 128 --epochs 1 --threads 2
variants (--variant): vanilla | occlusion | denoising | laplace: the objectives of vaelab's occlusion-weighted,
denoising and Laplace-prior configs (test -ELBO is always the plain Bernoulli ELBO on clean images).
Prints one machine-readable line starting with "RESULT ".
"""
import argparse, gzip, json, math, resource, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

Z = 32


def load_images(path, n):
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = np.frombuffer(f.read(16), dtype=">i4")
        assert magic == 2051, path
        n = min(n, count)
        x = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8)
    return torch.from_numpy(x.reshape(n, rows * cols).astype(np.float32) / 255.0)


class MLP(nn.Module):  # M1
    def __init__(self):
        super().__init__()
        self.e0, self.e1 = nn.Linear(784, 512), nn.Linear(512, 256)
        self.mu, self.logvar = nn.Linear(256, Z), nn.Linear(256, Z)
        self.d0, self.d1, self.out = nn.Linear(Z, 256), nn.Linear(256, 512), nn.Linear(512, 784)

    def encode(self, x):
        h = F.relu(self.e1(F.relu(self.e0(x))))
        return self.mu(h), self.logvar(h)

    def decode(self, z):
        return self.out(F.relu(self.d1(F.relu(self.d0(z)))))


class Conv(nn.Module):  # M2
    def __init__(self):
        super().__init__()
        self.c0, self.c1 = nn.Conv2d(1, 32, 4, 2, 1), nn.Conv2d(32, 64, 4, 2, 1)
        self.e2 = nn.Linear(64 * 7 * 7, 256)
        self.mu, self.logvar = nn.Linear(256, Z), nn.Linear(256, Z)
        self.d0, self.d1 = nn.Linear(Z, 256), nn.Linear(256, 64 * 7 * 7)
        self.t0, self.t1 = nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ConvTranspose2d(32, 1, 4, 2, 1)

    def encode(self, x):
        h = F.relu(self.c1(F.relu(self.c0(x.view(-1, 1, 28, 28)))))
        h = F.relu(self.e2(h.flatten(1)))
        return self.mu(h), self.logvar(h)

    def decode(self, z):
        h = F.relu(self.d1(F.relu(self.d0(z)))).view(-1, 64, 7, 7)
        return self.t1(F.relu(self.t0(h))).flatten(1)


def neg_elbo(model, x):
    """Mean over the batch of BCE-with-logits (summed over pixels) + analytic KL to N(0, I)."""
    mu, logvar = model.encode(x)
    z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
    bce = F.binary_cross_entropy_with_logits(model.decode(z), x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (bce + kl) / x.shape[0]


# The variants of vaelab's benchmark configs (bench/configs/, examples/occlusion, examples/denoising), each the
# same objective as the vaelab config, corruption drawn per batch as vaelab's BatchIterator does.
def block_occlusion(x, lo=8, hi=14, side=28):
    """One zero-filled block per image, sides uniform in [lo, hi], fully inside; returns (input, mask)."""
    n = x.shape[0]
    h = torch.randint(lo, hi + 1, (n,))
    w = torch.randint(lo, hi + 1, (n,))
    top = (torch.rand(n) * (side - h + 1)).long()
    left = (torch.rand(n) * (side - w + 1)).long()
    r = torch.arange(side)
    rows = (r[None, :] >= top[:, None]) & (r[None, :] < (top + h)[:, None])
    cols = (r[None, :] >= left[:, None]) & (r[None, :] < (left + w)[:, None])
    mask = (rows[:, :, None] & cols[:, None, :]).reshape(n, side * side).float()
    return x * (1 - mask), mask


def salt_and_pepper(x, p=0.2):
    hit = (torch.rand_like(x) < p).float()
    salt = (torch.rand_like(x) < 0.5).float()
    return x * (1 - hit) + salt * hit


def variant_loss(model, x, variant):
    """The training objective of a variant, mean over the batch."""
    if variant == "vanilla":
        return neg_elbo(model, x)
    if variant == "occlusion":        # occlusion-weighted reconstruction, lambdaHidden 4, lambdaVisible 1, beta-kl 1
        inp, mask = block_occlusion(x)
        mu, logvar = model.encode(inp)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        bce = F.binary_cross_entropy_with_logits(model.decode(z), x, reduction="none")
        rec = (bce * (mask * 4.0 + (1 - mask) * 1.0)).sum()
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (rec + kl) / x.shape[0]
    if variant == "denoising":        # salt-and-pepper 0.2 on the input, Bernoulli likelihood of the clean image
        mu, logvar = model.encode(salt_and_pepper(x))
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        bce = F.binary_cross_entropy_with_logits(model.decode(z), x, reduction="sum")
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (bce + kl) / x.shape[0]
    if variant == "laplace":          # Laplace(0, 1) prior, Monte Carlo KL, plus 0.1 * sum |mean| (latent-l1)
        mu, neg_elbo_sum = laplace_neg_elbo_sum(model, x)
        return (neg_elbo_sum + 0.1 * mu.abs().sum()) / x.shape[0]
    raise ValueError(variant)


def laplace_neg_elbo_sum(model, x):
    """(posterior means, summed negative ELBO) under a Laplace(0, 1) prior with a one-sample Monte Carlo KL."""
    mu, logvar = model.encode(x)
    eps = torch.randn_like(mu)
    z = mu + torch.exp(0.5 * logvar) * eps
    bce = F.binary_cross_entropy_with_logits(model.decode(z), x, reduction="sum")
    logq = -0.5 * (eps.pow(2) + logvar + math.log(2 * math.pi)).sum()
    logp = (-z.abs() - math.log(2.0)).sum()
    return mu, bce + logq - logp


@torch.no_grad()
def iwae_nll(model, test, k, rows=20000, seed=0):
    """IWAE estimate of -log p(x) (Burda et al. 2016) with k importance samples, mean over images."""
    g = torch.Generator().manual_seed(seed)
    per = max(1, rows // k)
    total = 0.0
    for i in range(0, len(test), per):
        x = test[i:i + per]
        n = x.shape[0]
        xr = x.repeat_interleave(k, 0)
        mu, logvar = model.encode(xr)
        eps = torch.randn(mu.shape, generator=g)
        z = mu + torch.exp(0.5 * logvar) * eps
        logpxz = -F.binary_cross_entropy_with_logits(model.decode(z), xr, reduction="none").sum(1)
        logpz = -0.5 * (z.pow(2) + math.log(2 * math.pi)).sum(1)
        logqz = -0.5 * (eps.pow(2) + logvar + math.log(2 * math.pi)).sum(1)
        logw = (logpxz + logpz - logqz).view(n, k)
        total += -(torch.logsumexp(logw, 1) - math.log(k)).sum().item()
    return total / len(test)


def batches(x, batch, gen):
    xs = x[torch.randperm(x.shape[0], generator=gen)]
    return [xs[i:i + batch] for i in range(0, x.shape[0], batch)]


def train_epoch(model, opt, bs, variant="vanilla"):
    for xb in bs:
        opt.zero_grad(set_to_none=True)
        loss = variant_loss(model, xb, variant)
        loss.backward()
        opt.step()


@torch.no_grad()
def test_neg_elbo(model, test, variant="vanilla"):
    """The negative ELBO on clean images, with the variant's prior (Laplace: one-sample Monte Carlo KL, as vaelab)."""
    def one(x):
        if variant != "laplace":
            return neg_elbo(model, x)
        return laplace_neg_elbo_sum(model, x)[1] / x.shape[0]
    return sum(one(test[i:i + 1000]).item() * len(test[i:i + 1000]) for i in range(0, len(test), 1000)) / len(test)


def mmul():
    res = {}
    for m, k, n in [(2048, 2048, 2048), (128, 784, 512)]:
        a, b = torch.rand(m, k), torch.rand(k, n)
        c = torch.empty(m, n)
        flop = 2.0 * m * k * n
        for _ in range(3):
            torch.mm(a, b, out=c)
        t1 = time.perf_counter()
        torch.mm(a, b, out=c)
        reps = max(1, int(1.0 / (time.perf_counter() - t1)))  # ~1 s per measurement
        g = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.mm(a, b, out=c)
            g.append(flop * reps / (time.perf_counter() - t0) / 1e9)
        g.sort()
        res[f"{m}x{k}x{n}"] = {"median": round(g[2], 1), "max": round(g[4], 1)}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="mlp", choices=["mmul", "mlp", "conv"])
    ap.add_argument("--variant", default="vanilla", choices=["vanilla", "occlusion", "denoising", "laplace"],
                    help="the objective (vaelab's bench/configs and examples of the same names)")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--subset", type=int, default=60000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0, help="0 = leave torch's default")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--iwae", type=int, default=0, help="also time IWAE with K samples after the last epoch")
    ap.add_argument("--iwae-images", type=int, default=0, help="IWAE over the first M test images (0: all)")
    ap.add_argument("--eval-repeats", type=int, default=1,
                    help="time the last evaluation R times more (eval_repeat_s); summarize.py takes their median")
    ap.add_argument("--flush-denormal", action="store_true", help="torch.set_flush_denormal(True)")
    a = ap.parse_args()
    if a.flush_denormal:
        torch.set_flush_denormal(True)
    default_threads = torch.get_num_threads()
    if a.threads:
        torch.set_num_threads(a.threads)
    info = {"fw": "torch", "threads": torch.get_num_threads(), "default_threads": default_threads,
            "torch": torch.__version__, "flush_denormal": a.flush_denormal}
    print(f"torch {torch.__version__} threads={torch.get_num_threads()} (default {default_threads})", file=sys.stderr)
    if a.mode == "mmul":
        print("RESULT " + json.dumps({**info, "impl": "mmul", "gflops": mmul()}), flush=True)
        return

    train = load_images(f"{a.data}/train-images-idx3-ubyte.gz", a.subset)
    test = load_images(f"{a.data}/t10k-images-idx3-ubyte.gz", 10000)
    gen = torch.Generator().manual_seed(a.seed)
    make = MLP if a.mode == "mlp" else Conv

    torch.manual_seed(a.seed + 1000)  # warm-up on a throw-away model
    t0 = time.perf_counter()
    m = make()
    train_epoch(m, torch.optim.Adam(m.parameters(), lr=1e-3), batches(train, a.batch, gen)[:a.warmup], a.variant)
    warm_s = time.perf_counter() - t0

    torch.manual_seed(a.seed)
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    epoch_s, elbo, eval_s = [], [], []
    for e in range(a.epochs):
        t0 = time.perf_counter()
        train_epoch(model, opt, batches(train, a.batch, gen), a.variant)  # shuffle + slice is part of the epoch
        epoch_s.append(round(time.perf_counter() - t0, 4))
        t0 = time.perf_counter()
        elbo.append(round(test_neg_elbo(model, test, a.variant), 4))
        eval_s.append(round(time.perf_counter() - t0, 4))
        print(f"epoch {e + 1}: {epoch_s[-1]:.2f} s, {len(train) / epoch_s[-1]:.0f} img/s, "
              f"test -ELBO {elbo[-1]:.2f}", file=sys.stderr)
    eval_repeat_s = []
    for _ in range(a.eval_repeats if a.eval_repeats > 1 else 0):
        t0 = time.perf_counter()
        test_neg_elbo(model, test, a.variant)
        eval_repeat_s.append(round(time.perf_counter() - t0, 4))
    iwae = {}
    if a.iwae:
        part = test[:a.iwae_images] if a.iwae_images else test
        t0 = time.perf_counter()
        nll = iwae_nll(model, part, a.iwae)
        s = time.perf_counter() - t0
        iwae = {"iwae": {"samples": a.iwae, "images": len(part), "seconds": round(s, 4),
                         "imagesPerSec": round(len(part) / s, 2), "negLogLikelihood": round(nll, 4)}}
        print(f"IWAE K={a.iwae} over {len(part)} images: {s:.2f} s, -log p(x) {nll:.3f}", file=sys.stderr)
    print("RESULT " + json.dumps({**info, "impl": "torch", "model": a.mode, "variant": a.variant, "batch": a.batch, "n": len(train),
                                  "warmup_s": round(warm_s, 3), "epoch_s": epoch_s, "neg_elbo": elbo,
                                  "eval_s": eval_s, "eval_repeat_s": eval_repeat_s, "n_test": len(test),
                                  "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), **iwae}),
          flush=True)


if __name__ == "__main__":
    main()
