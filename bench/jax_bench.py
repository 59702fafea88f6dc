"""The bench cases in JAX, written the way a researcher would: one lane's step as a plain function, jax.vmap over
lanes, the steps in lax.fori_loop under jax.jit, float32 with matmul precision 'highest' (no TF32 on a GPU).
Gradients and HVPs come from jax.grad and jax.jvp (forward over reverse), so the math matches numpy_bench.py
and the WGSL kernels without copying their hand-derived passes. Prints one JSON line: lane-steps/s of a
second, compiled call (the first call's compile time reported beside it) and the device JAX ran on.
Usage: same arguments as numpy_bench.py: minimalist LANES STEPS; uv LANES STEPS N EVERY; dln LANES STEPS D L EVERY;
mlp LANES STEPS WIDTH DEPTH N. Exits 3 when JAX is not installed (the bench then prints n/a).
"""
import json
import sys
import time

import numpy as np

try:
    import jax
    import jax.numpy as jnp
    from jax import lax
except ImportError:
    sys.exit(3)

jax.config.update("jax_default_matmul_precision", "highest")
f32 = jnp.float32


def power_sharpness(hvp, w, e, iters=20):
    """Top Hessian eigenvalue by power iteration as numpy_bench.py: a few rounds for the spectral radius mu,
    then `iters` rounds on H + 1.5 mu I (so the top eigenvalue, not the most negative, dominates)."""
    dot = lambda a, b: sum(jnp.vdot(x, y) for x, y in zip(jax.tree_util.tree_leaves(a), jax.tree_util.tree_leaves(b)))
    scale = lambda a, s: jax.tree_util.tree_map(lambda x: x * s, a)

    def warm(_, c):
        x, mu = c
        h = hvp(w, x)
        n = jnp.sqrt(dot(h, h))
        return scale(h, 1 / n), jnp.maximum(mu, n)

    _, mu = lax.fori_loop(0, max(2, min(iters, 24) // 4), warm, (e, f32(0)))

    def shifted(_, x):
        h = jax.tree_util.tree_map(lambda a, b: a + 1.5 * mu * b, hvp(w, x), x)
        return scale(h, 1 / jnp.sqrt(dot(h, h)))

    e = lax.fori_loop(0, iters, shifted, e)
    return dot(e, hvp(w, e)), e


def hvp_of(loss):
    return lambda w, v: jax.jvp(jax.grad(loss), (w,), (v,))[1]


def gd_run(loss, steps, every=0):
    """One lane: `steps` GD steps, the sharpness (power iteration, warm-started) every `every` steps."""
    grad = jax.grad(loss)

    def gd(_, c):
        w, e, lr, s = c
        return jax.tree_util.tree_map(lambda a, g: a - lr * g, w, grad(w)), e, lr, s

    def lane(w, e, lr):
        if not every:
            return lax.fori_loop(0, steps, gd, (w, e, lr, f32(0)))

        def chunk(_, c):
            w, e, lr, _s = c
            s, e = power_sharpness(hvp_of(loss), w, e)
            return lax.fori_loop(0, every, gd, (w, e, lr, s))

        return lax.fori_loop(0, steps // every, chunk, (w, e, lr, f32(0)))

    return jax.jit(jax.vmap(lane))


def minimalist_case(lanes, steps):
    loss = lambda w: 0.25 * (w[0] * w[1] - 1) ** 2 * (w[0] * w[1] + 1) ** 2  # gradient as numpy_bench.py
    w = jnp.tile(jnp.array([1.5, 0.5], f32), (lanes, 1))
    return gd_run(loss, steps), (w, w, jnp.linspace(0.01, 0.02, lanes, dtype=f32))


def uv_case(lanes, steps, n, every):
    c = 1 / np.sqrt(n)
    loss = lambda w: 0.5 * (c * jnp.vdot(w[0], w[1]) - 1) ** 2
    rng = np.random.default_rng(0)
    U, V = (0.1 * rng.standard_normal((lanes, n)) for _ in range(2))  # drawn as numpy_bench.py
    w = jnp.asarray(np.stack([U, V], axis=1), f32)
    e = jnp.ones((lanes, 2, n), f32)
    return gd_run(loss, steps, every), (w, e, jnp.linspace(1.0, 1.1, lanes, dtype=f32))


def dln_case(lanes, steps, d, L, every):
    rng = np.random.default_rng(0)
    W = (np.eye(d) + 0.1 * rng.standard_normal((L, lanes, d, d)) / np.sqrt(d)).astype(np.float32)
    M = jnp.asarray(0.5 * rng.standard_normal((d, d)) / np.sqrt(d), f32)

    def loss(w):
        p = w[0]
        for k in range(1, L):
            p = w[k] @ p
        return 0.5 * jnp.sum((p - M) ** 2)

    w = tuple(jnp.asarray(W[k]) for k in range(L))
    e = tuple(jnp.ones((lanes, d, d), f32) for _ in range(L))
    return gd_run(loss, steps, every), (w, e, jnp.linspace(0.01, 0.02, lanes, dtype=f32))


def mlp_case(lanes, steps, width, depth, n, inputs=8):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.standard_normal((inputs, n)), np.ones((1, n))]).astype(np.float32)
    Y = jnp.asarray(np.tanh(rng.standard_normal((1, inputs)) @ X[:inputs]), f32)
    X = jnp.asarray(X)
    fans = [inputs + 1] + [width] * (depth - 1) + [1]

    def loss(w):
        a = X
        for l in range(depth - 1):
            a = jnp.tanh(w[l] @ a)
        return 0.5 * jnp.mean((w[-1] @ a - Y) ** 2)

    w = tuple(
        jnp.asarray(rng.standard_normal((lanes, fans[l + 1], fans[l])) / np.sqrt(fans[l]), f32) for l in range(depth)
    )
    return gd_run(loss, steps), (w, w, jnp.linspace(0.05, 0.1, lanes, dtype=f32))


CASES = {"minimalist": minimalist_case, "uv": uv_case, "dln": dln_case, "mlp": mlp_case}


def main():
    case, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
    lanes, steps = args[0], args[1]
    fn, inputs = CASES[case](*args)
    t0 = time.perf_counter()
    jax.block_until_ready(fn(*inputs))  # compile and a first run
    compiled = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = jax.block_until_ready(fn(*inputs))
    secs = time.perf_counter() - t0
    finite = float(np.mean(np.isfinite(np.asarray(jax.tree_util.tree_leaves(out[0])[0]).reshape(lanes, -1)).all(axis=1)))
    print(
        json.dumps(
            {
                "laneStepsPerSecond": lanes * steps / secs,
                "seconds": secs,
                "compileSeconds": compiled - secs,
                "finiteLanes": finite,
                "device": str(jax.devices()[0]),
            }
        )
    )


if __name__ == "__main__":
    main()
