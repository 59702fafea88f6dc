"""The bench cases' math in numpy float32, vectorised over lanes: prints one JSON line of lane-steps/s.

Same updates as the WGSL kernels: minimalist GD; UV GD (f = c v.u, c = 1/sqrt(n)); optional sharpness by
shifted power iteration on exact HVPs every `every` steps (iters + iters/4 HVPs, as shaders/common/power.wgsl).
Usage: python3 numpy_bench.py CASE LANES STEPS [WIDTH] [EVERY]; matmul LANES REPS D prints GFLOP/s.
"""
import json
import sys
import time

import numpy as np

f32 = np.float32


def minimalist(lanes, steps):
    x = np.full(lanes, 1.5, f32)
    y = np.full(lanes, 0.5, f32)
    lr = np.linspace(0.01, 0.02, lanes, dtype=f32)
    t0 = time.perf_counter()
    for _ in range(steps):
        p = x * y
        g = (p - f32(1)) * (p + f32(1))
        gp = lr * g * p
        x, y = x - gp * y, y - gp * x
    return time.perf_counter() - t0


def uv_hvp(U, V, c, d, A, B):
    ds = np.einsum("ij,ij->i", B, U) + np.einsum("ij,ij->i", A, V)
    ddc = (ds * c * c)[:, None]
    dc = (d * c)[:, None]
    return ddc * V + dc * B, ddc * U + dc * A


def uv(lanes, steps, n, every):
    rng = np.random.default_rng(0)
    U = (0.1 * rng.standard_normal((lanes, n))).astype(f32)
    V = (0.1 * rng.standard_normal((lanes, n))).astype(f32)
    lr = np.linspace(1.0, 1.1, lanes, dtype=f32)[:, None]
    c = f32(1 / np.sqrt(n))
    EA = np.ones((lanes, n), f32)
    EB = np.ones((lanes, n), f32)
    iters = 20
    t0 = time.perf_counter()
    for t in range(steps):
        d = c * np.einsum("ij,ij->i", U, V) - f32(1)
        if every and t % every == 0:
            mu = np.zeros(lanes, f32)
            XA, XB = EA.copy(), EB.copy()
            for _ in range(max(2, iters // 4)):
                HA, HB = uv_hvp(U, V, c, d, XA, XB)
                nrm = np.sqrt(np.einsum("ij,ij->i", HA, HA) + np.einsum("ij,ij->i", HB, HB))
                mu = np.maximum(mu, nrm)
                XA, XB = HA / nrm[:, None], HB / nrm[:, None]
            shift = (1.5 * mu)[:, None]
            for _ in range(iters):
                HA, HB = uv_hvp(U, V, c, d, EA, EB)
                HA += shift * EA
                HB += shift * EB
                nrm = np.sqrt(np.einsum("ij,ij->i", HA, HA) + np.einsum("ij,ij->i", HB, HB))[:, None]
                EA, EB = HA / nrm, HB / nrm
        s = lr * (d * c)[:, None]
        U, V = U - s * V, V - s * U
    return time.perf_counter() - t0


def matmul(lanes, reps, d):
    """Stacked products of lanes d x d matrices (np.matmul broadcasts over the lane axis), reps times."""
    rng = np.random.default_rng(0)
    A = rng.standard_normal((lanes, d, d)).astype(f32)
    B = rng.standard_normal((lanes, d, d)).astype(f32)
    t0 = time.perf_counter()
    for _ in range(reps):
        C = np.matmul(A, B)
    del C
    return time.perf_counter() - t0


def main():
    case, lanes, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if case == "matmul":
        d = int(sys.argv[4])
        secs = matmul(lanes, steps, d)
        print(json.dumps({"gflops": 2 * d**3 * lanes * steps / secs / 1e9, "seconds": secs}))
        return
    if case == "minimalist":
        secs = minimalist(lanes, steps)
    else:
        secs = uv(lanes, steps, int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 0)
    print(json.dumps({"laneStepsPerSecond": lanes * steps / secs, "seconds": secs}))


if __name__ == "__main__":
    main()
