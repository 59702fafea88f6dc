// The bench cases' math as plain single-threaded JavaScript loops over Float32Array state (what a
// TypeScript user would write without the GPU). Returns lane-steps per second.

export function minimalistLoop(lanes, steps) {
  const x = new Float32Array(lanes).fill(1.5);
  const y = new Float32Array(lanes).fill(0.5);
  const t0 = performance.now();
  for (let l = 0; l < lanes; l++) {
    let a = x[l];
    let b = y[l];
    const lr = 0.01 + (0.01 * l) / lanes;
    for (let t = 0; t < steps; t++) {
      const p = a * b;
      const gp = lr * (p - 1) * (p + 1) * p;
      const na = a - gp * b;
      b -= gp * a;
      a = na;
    }
    x[l] = a;
    y[l] = b;
  }
  return (lanes * steps) / ((performance.now() - t0) / 1000);
}

function hvp(u, v, c, d, a, b, ou, ov, n) {
  let ds = 0;
  for (let i = 0; i < n; i++) ds += b[i] * u[i] + a[i] * v[i];
  const ddc = ds * c * c;
  const dc = d * c;
  for (let i = 0; i < n; i++) {
    ou[i] = ddc * v[i] + dc * b[i];
    ov[i] = ddc * u[i] + dc * a[i];
  }
}

export function uvLoop(lanes, steps, n, every) {
  const c = 1 / Math.sqrt(n);
  const u = new Float32Array(n);
  const v = new Float32Array(n);
  const ea = new Float32Array(n);
  const eb = new Float32Array(n);
  const ha = new Float32Array(n);
  const hb = new Float32Array(n);
  const t0 = performance.now();
  for (let l = 0; l < lanes; l++) {
    for (let i = 0; i < n; i++) {
      u[i] = 0.1 * Math.sin(l + i);
      v[i] = 0.1 * Math.cos(l * 3 + i);
      ea[i] = 1;
      eb[i] = 1;
    }
    const lr = 1 + (0.1 * l) / lanes;
    for (let t = 0; t < steps; t++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += u[i] * v[i];
      const d = c * s - 1;
      if (every && t % every === 0) {
        for (let k = 0; k < 25; k++) {
          hvp(u, v, c, d, ea, eb, ha, hb, n);
          let nrm = 0;
          for (let i = 0; i < n; i++) nrm += ha[i] * ha[i] + hb[i] * hb[i];
          nrm = 1 / Math.sqrt(nrm);
          for (let i = 0; i < n; i++) {
            ea[i] = ha[i] * nrm;
            eb[i] = hb[i] * nrm;
          }
        }
      }
      const g = lr * d * c;
      for (let i = 0; i < n; i++) {
        const ui = u[i];
        u[i] = ui - g * v[i];
        v[i] -= g * ui;
      }
    }
  }
  return (lanes * steps) / ((performance.now() - t0) / 1000);
}

// Deep linear network: one lane at a time, d x d matrices as Float32Array, the same products as
// shaders/dln/model.wgsl (prefix / suffix products, gradient, forward-over-reverse HVP, shifted power iteration).
function mm(d, a, b, ta, tb, out, acc) {
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++)
        s += (ta ? a[k * d + i] : a[i * d + k]) * (tb ? b[j * d + k] : b[k * d + j]);
      out[i * d + j] = acc ? out[i * d + j] + s : s;
    }
  return out;
}

function dlnChain(W, d) {
  const L = W.length;
  const eye = new Float32Array(d * d);
  for (let i = 0; i < d; i++) eye[i * (d + 1)] = 1;
  const P = [eye];
  for (let k = 0; k < L; k++) P.push(mm(d, W[k], P[k], false, false, new Float32Array(d * d)));
  const S = new Array(L + 1);
  S[L] = eye;
  for (let k = L; k >= 1; k--) S[k - 1] = mm(d, S[k], W[k - 1], false, false, new Float32Array(d * d));
  return { P, S };
}

function dlnHvp(W, V, M, d) {
  const L = W.length;
  const { P, S } = dlnChain(W, d);
  const E = P[L].map((x, k) => x - M[k]);
  const dP = [new Float32Array(d * d)];
  for (let k = 1; k <= L; k++) {
    const x = mm(d, V[k - 1], P[k - 1], false, false, new Float32Array(d * d));
    dP.push(mm(d, W[k - 1], dP[k - 1], false, false, x, true));
  }
  const dS = new Array(L + 1);
  dS[L] = new Float32Array(d * d);
  for (let k = L; k >= 1; k--) {
    const x = mm(d, dS[k], W[k - 1], false, false, new Float32Array(d * d));
    dS[k - 1] = mm(d, S[k], V[k - 1], false, false, x, true);
  }
  const t1 = new Float32Array(d * d);
  const t2 = new Float32Array(d * d);
  return W.map((_, i) => {
    const l = i + 1;
    mm(d, dS[l], E, true, false, t1);
    mm(d, S[l], dP[L], true, false, t1, true);
    mm(d, S[l], E, true, false, t2);
    const r = mm(d, t1, P[l - 1], false, true, new Float32Array(d * d));
    return mm(d, t2, dP[l - 1], false, true, r, true);
  });
}

export function dlnLoop(lanes, steps, d, L, every, iters = 20) {
  const M = new Float32Array(d * d).map((_, k) => (0.5 * Math.sin(k)) / Math.sqrt(d));
  const dot = (A, B) => A.reduce((s, a, l) => s + a.reduce((t, x, k) => t + x * B[l][k], 0), 0);
  const t0 = performance.now();
  for (let lane = 0; lane < lanes; lane++) {
    const lr = 0.01 + (0.01 * lane) / lanes;
    let W = Array.from({ length: L }, (_, l) =>
      new Float32Array(d * d).map(
        (_, k) => (k % (d + 1) === 0 ? 1 : 0) + (0.1 * Math.sin(k + 7 * l + lane)) / Math.sqrt(d),
      ),
    );
    let e = W.map(() => new Float32Array(d * d).fill(1));
    for (let t = 0; t < steps; t++) {
      if (every && t % every === 0) {
        let x = e;
        let mu = 0;
        for (let i = 0; i < Math.max(2, Math.floor(Math.min(iters, 24) / 4)); i++) {
          const h = dlnHvp(W, x, M, d);
          const n = Math.sqrt(dot(h, h));
          mu = Math.max(mu, n);
          x = h.map((m) => m.map((v) => v / n));
        }
        for (let i = 0; i < iters; i++) {
          const h = dlnHvp(W, e, M, d).map((m, l) => m.map((v, k) => v + 1.5 * mu * e[l][k]));
          const n = Math.sqrt(dot(h, h));
          e = h.map((m) => m.map((v) => v / n));
        }
      }
      const { P, S } = dlnChain(W, d);
      const E = P[L].map((x, k) => x - M[k]);
      const t1 = new Float32Array(d * d);
      W = W.map((w, i) => {
        mm(d, S[i + 1], E, true, false, t1);
        const g = mm(d, t1, P[i], false, true, new Float32Array(d * d));
        return w.map((v, k) => v - lr * g[k]);
      });
    }
  }
  return (lanes * steps) / ((performance.now() - t0) / 1000);
}

// MLP: one lane at a time, GD on a tanh network (standard parameterisation, 1/2 mean squared error) with
// activations as n_l x N Float32Arrays, the same passes as shaders/mlp/layers.wgsl (forward, backpropagation).
function mmr(m, n, k, a, ta, b, tb) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++)
        s += (ta ? a[q * m + i] : a[i * k + q]) * (tb ? b[j * k + q] : b[q * n + j]);
      out[i * n + j] = s;
    }
  return out;
}

export function mlpLoop(lanes, steps, width, depth, n, inputs = 8) {
  const fans = [inputs + 1, ...Array(depth - 1).fill(width), 1];
  const X = new Float32Array((inputs + 1) * n).map((_, k) => (k >= inputs * n ? 1 : Math.sin(k)));
  const Y = new Float32Array(n).map((_, j) => Math.tanh(Math.cos(j)));
  const t0 = performance.now();
  for (let lane = 0; lane < lanes; lane++) {
    const lr = 0.05 + (0.05 * lane) / lanes;
    const W = fans
      .slice(1)
      .map((f, l) =>
        new Float32Array(f * fans[l]).map((_, k) => Math.sin(k + 7 * l + lane) / Math.sqrt(fans[l])),
      );
    for (let t = 0; t < steps; t++) {
      const A = [X];
      for (let l = 0; l < depth - 1; l++)
        A.push(mmr(fans[l + 1], n, fans[l], W[l], false, A[l], false).map(Math.tanh));
      const F = mmr(1, n, width, W[depth - 1], false, A[depth - 1], false);
      let D = F.map((f, j) => (f - Y[j]) / n);
      for (let l = depth - 1; l >= 0; l--) {
        const G = mmr(fans[l + 1], fans[l], n, D, false, A[l], true);
        if (l)
          D = mmr(fans[l], n, fans[l + 1], W[l], true, D, false).map((x, k) => x * (1 - A[l][k] * A[l][k]));
        W[l] = W[l].map((w, k) => w - lr * G[k]);
      }
    }
  }
  return (lanes * steps) / ((performance.now() - t0) / 1000);
}
