"""Holds the JAX peer to the numpy peer: each bench case, a few lanes and steps, from the same start in both;
the final parameters must agree to float32 rounding accumulated over the steps (relative 1e-4 of the largest
entry: ~100 steps of ~1e-7 relative error each, with room for the order of sums differing between BLAS and
XLA), and JAX's power iteration must find the dense Hessian's top eigenvalue of a small DLN (relative 1e-5).
Exits 3 without JAX. Run: python3 bench/check_peers.py (bench/device/run.sh runs it first on the GPU).
"""
import sys

import numpy as np

import numpy_bench as nb

try:
    import jax
    import jax.numpy as jnp
except ImportError:
    sys.exit(3)
import jax_bench as jb

CASES = [
    ("minimalist", (64, 100)),
    ("uv", (64, 100, 16, 10)),
    ("dln", (8, 100, 8, 3, 50)),
    ("mlp", (16, 100, 32, 3, 64)),
]
bad = 0
for name, args in CASES:
    _, want = getattr(nb, name)(*args)
    fn, inputs = jb.CASES[name](*args)
    got = jax.tree_util.tree_leaves(fn(*inputs)[0])
    for k, (g, w) in enumerate(zip(got, want)):
        g, w = np.asarray(g, np.float64), np.asarray(w, np.float64)
        rel = np.max(np.abs(g - w)) / np.max(np.abs(w))
        ok = rel <= 1e-4
        bad += not ok
        print(f"{name} {args} parameter block {k}: max relative difference {rel:.1e} {'ok' if ok else 'FAIL'}")

rng = np.random.default_rng(1)
d, L = 4, 3
M = jnp.asarray(rng.standard_normal((d, d)), jnp.float32)


def loss(w):
    p = w[0]
    for k in range(1, L):
        p = w[k] @ p
    return 0.5 * jnp.sum((p - M) ** 2)


w = tuple(jnp.asarray(np.eye(d) + 0.3 * rng.standard_normal((d, d)), jnp.float32) for _ in range(L))
ones = tuple(jnp.ones((d, d), jnp.float32) for _ in range(L))
top, _ = jb.power_sharpness(jb.hvp_of(loss), w, ones, iters=200)
H = jax.hessian(lambda v: loss(tuple(v[k * d * d : (k + 1) * d * d].reshape(d, d) for k in range(L))))(
    jnp.concatenate([x.ravel() for x in w])
)
dense = np.linalg.eigvalsh(np.asarray(H, np.float64))[-1]
rel = abs(float(top) - dense) / dense
bad += rel > 1e-5
print(f"dln power iteration {float(top):.6f} against dense {dense:.6f}: relative {rel:.1e} {'ok' if rel <= 1e-5 else 'FAIL'}")
print(f"{'all agree' if not bad else f'{bad} FAILED'} on {jax.devices()[0]}")
sys.exit(1 if bad else 0)
