"""The bench cases' math in numpy float32, vectorised over lanes: prints one JSON line of lane-steps/s.

Same updates as the WGSL kernels: minimalist GD; UV GD (f = c v.u, c = 1/sqrt(n)); optional sharpness by
shifted power iteration on exact HVPs every `every` steps (iters + iters/4 HVPs, as shaders/common/power.wgsl).
Deep linear network: GD on stacked (lanes, d, d) matrices with np.matmul, sharpness by the same power iteration
on the same forward-over-reverse HVP as shaders/dln/model.wgsl.
MLP: GD on stacked (lanes, n_l, N) activations with np.matmul, tanh, mean squared error.
Usage: python3 numpy_bench.py CASE LANES STEPS [WIDTH] [EVERY]; dln LANES STEPS D L EVERY; mlp LANES STEPS WIDTH DEPTH N;
matmul LANES REPS D prints GFLOP/s. The cases return (seconds, final parameters) so that check_peers.py can
hold jax_bench.py to the same numbers.
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
    return time.perf_counter() - t0, [np.stack([x, y], axis=1)]


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
    return time.perf_counter() - t0, [np.stack([U, V], axis=1)]


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


def T(x):
    return np.swapaxes(x, -1, -2)


def dln_products(W):
    """Prefix products P_0..P_L and suffix products S_1..S_{L+1} (index k - 1), stacked over lanes."""
    lanes, d = W[0].shape[0], W[0].shape[1]
    eye = np.broadcast_to(np.eye(d, dtype=f32), (lanes, d, d))
    P = [eye]
    for w in W:
        P.append(np.matmul(w, P[-1]))
    S = [eye]
    for w in reversed(W):
        S.insert(0, np.matmul(S[0], w))
    return P, S


def dln_hvp(W, V, M):
    """(H v)_l as shaders/dln/model.wgsl: tangents of the prefix and suffix products (forward over reverse)."""
    L = len(W)
    P, S = dln_products(W)
    E = P[L] - M
    dP = [np.zeros_like(E)]
    for k in range(1, L + 1):
        dP.append(np.matmul(V[k - 1], P[k - 1]) + np.matmul(W[k - 1], dP[k - 1]))
    dS = [None] * (L + 1)
    dS[L] = np.zeros_like(E)
    for k in range(L, 0, -1):
        dS[k - 1] = np.matmul(dS[k], W[k - 1]) + np.matmul(S[k], V[k - 1])
    out = []
    for l in range(1, L + 1):
        t1 = np.matmul(T(dS[l]), E) + np.matmul(T(S[l]), dP[L])
        t2 = np.matmul(T(S[l]), E)
        out.append(np.matmul(t1, T(P[l - 1])) + np.matmul(t2, T(dP[l - 1])))
    return out


def dln(lanes, steps, d, L, every, iters=20):
    """GD on 1/2 ||W_L..W_1 - M||^2 for `lanes` networks at once (stacked np.matmul), sharpness every `every`."""
    rng = np.random.default_rng(0)
    W = [(np.eye(d) + 0.1 * rng.standard_normal((lanes, d, d)) / np.sqrt(d)).astype(f32) for _ in range(L)]
    M = (0.5 * rng.standard_normal((d, d)) / np.sqrt(d)).astype(f32)
    lr = np.linspace(0.01, 0.02, lanes, dtype=f32)[:, None, None]
    E_vec = [np.ones((lanes, d, d), f32) for _ in range(L)]
    dot = lambda A, B: sum(np.einsum("lij,lij->l", a, b) for a, b in zip(A, B))
    t0 = time.perf_counter()
    for t in range(steps):
        if every and t % every == 0:
            X = [e.copy() for e in E_vec]
            mu = np.zeros(lanes, f32)
            for _ in range(max(2, min(iters, 24) // 4)):
                H = dln_hvp(W, X, M)
                nrm = np.sqrt(dot(H, H))
                mu = np.maximum(mu, nrm)
                X = [h / nrm[:, None, None] for h in H]
            shift = (1.5 * mu)[:, None, None]
            for _ in range(iters):
                H = [h + shift * e for h, e in zip(dln_hvp(W, E_vec, M), E_vec)]
                nrm = np.sqrt(dot(H, H))[:, None, None]
                E_vec = [h / nrm for h in H]
        P, S = dln_products(W)
        E = P[L] - M
        G = [np.matmul(np.matmul(T(S[l]), E), T(P[l - 1])) for l in range(1, L + 1)]
        W = [w - lr * g for w, g in zip(W, G)]
    return time.perf_counter() - t0, W


def mlp(lanes, steps, width, depth, n, inputs=8):
    """GD on a tanh MLP (standard parameterisation, 1/2 mean squared error) for `lanes` networks at once:
    activations (lanes, n_l, N) and np.matmul per layer, as shaders/mlp/layers.wgsl (bias input appended)."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.standard_normal((inputs, n)), np.ones((1, n))]).astype(f32)
    Y = np.tanh(rng.standard_normal((1, inputs)) @ X[:inputs]).astype(f32)
    fans = [inputs + 1] + [width] * (depth - 1) + [1]
    W = [(rng.standard_normal((lanes, fans[l + 1], fans[l])) / np.sqrt(fans[l])).astype(f32) for l in range(depth)]
    lr = np.linspace(0.05, 0.1, lanes, dtype=f32)[:, None, None]
    t0 = time.perf_counter()
    for _ in range(steps):
        A = [np.broadcast_to(X, (lanes, inputs + 1, n))]
        for l in range(depth - 1):
            A.append(np.tanh(np.matmul(W[l], A[l])))
        F = np.matmul(W[-1], A[-1])
        D = (F - Y) / f32(n)
        G = [None] * depth
        for l in range(depth - 1, -1, -1):
            G[l] = np.matmul(D, A[l].transpose(0, 2, 1))
            if l:
                D = np.matmul(W[l].transpose(0, 2, 1), D) * (f32(1) - A[l] * A[l])
        W = [w - lr * g for w, g in zip(W, G)]
    return time.perf_counter() - t0, W


def main():
    case, lanes, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if case == "matmul":
        d = int(sys.argv[4])
        secs = matmul(lanes, steps, d)
        print(json.dumps({"gflops": 2 * d**3 * lanes * steps / secs / 1e9, "seconds": secs}))
        return
    if case == "mlp":
        width, depth, n = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
        secs = mlp(lanes, steps, width, depth, n)[0]
    elif case == "dln":
        d, L, every = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
        secs = dln(lanes, steps, d, L, every)[0]
    elif case == "minimalist":
        secs = minimalist(lanes, steps)[0]
    else:
        secs = uv(lanes, steps, int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 0)[0]
    print(json.dumps({"laneStepsPerSecond": lanes * steps / secs, "seconds": secs}))


if __name__ == "__main__":
    main()
