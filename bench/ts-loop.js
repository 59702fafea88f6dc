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
