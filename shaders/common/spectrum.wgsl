// Top-k Hessian eigenvalues of one lane: block power (subspace) iteration with Rayleigh-Ritz, warm-started from
// the lane's previous basis (docs/equations.md, "Top-k eigenvalues"; the tests compare it with the dense float64
// Hessian's, src/engine/read/analyses.ts laneEigs). Written over state blocks (common/blocks.wgsl), so both kernel
// families run it.
// Blocks (src/engine/plan/plan.ts numbers them): Q_i = EIGS_BLOCK + i, i < EIGS_M (the basis: k wanted + guards),
// Z_i = EIGS_BLOCK + EIGS_M + i, and one scratch vector R = EIGS_BLOCK + 2 EIGS_M.
//   0. a lane without a basis (all zero: a new tile) starts from block_start(i, .) (common/block_start.wgsl);
//      Q <- orth(Q)
//   1. two unshifted rounds Z = H Q, Q <- orth(Z); mu = max(max_i ||H q_i||, max |theta|) ~ |lambda|_max
//   2. sigma = 0.6 mu - 0.5 theta_k (theta = Ritz values of the last round, theta_k <= lambda_k): every
//      eigenvalue below lambda_k then has |lambda + sigma| < lambda_k + sigma while |lambda_min| <= 1.2 mu, so
//      the top of H + sigma in magnitude is the top of H in value (negative curvature cannot enter)
//   3. repeat: Z = (H + sigma) Q; every 4th round and the last: Rayleigh-Ritz T = Q^T Z = V Theta V^T and the
//      residuals r_i = ||Z v_i - theta_i Q v_i|| (i < k), stop once max r_i <= tol max |theta_i - sigma|;
//      else Q <- orth(Z)
//   4. Q <- Q V (Ritz vectors, descending: the next evaluation's warm start); lambda_i = theta_i - sigma.
// Returns the relative residual max_i r_i / max_i |lambda_i| (0 when every lambda_i is 0) and fills lambda.

override EIGS_K: u32;     // eigenvalues resolved (1..8): sharpness.k for the record, k + 1 for exp-euler
override EIGS_M: u32;     // basis vectors: EIGS_K + up to 2 guards (<= PARAMS, <= 10)
override EIGS_RECORD: bool; // write the `eigs` record at recorded iterates (else only `stiff`)

// The record: eigs[(slot * (EIGS_K + 1) + i) * lanes + lane] = lambda_i (i < EIGS_K, descending), then the
// relative residual (row EIGS_K); slot = (t - recordFirst) / recordEvery. 0 for a lane that has diverged (the
// host masks slots from its escape step on).
@group(1) @binding(0) var<storage, read_write> eigs: array<f32>;

// A lane's results: `stiff` (common/lanes.wgsl) always, the record when t is a recorded iterate.
fn write_eigs(lane: u32, lambda: ptr<function, array<f32, 10>>, resid: f32) {
  for (var i = 0u; i < EIGS_K; i++) {
    stiff[i * u.lanes + lane] = (*lambda)[i];
  }
  let t = u.stepStart;
  if (EIGS_RECORD && t >= u.recordFirst && (t - u.recordFirst) % u.recordEvery == 0u) {
    let slot = (t - u.recordFirst) / u.recordEvery;
    for (var i = 0u; i < EIGS_K; i++) {
      eigs[(slot * (EIGS_K + 1u) + i) * u.lanes + lane] = (*lambda)[i];
    }
    eigs[(slot * (EIGS_K + 1u) + EIGS_K) * u.lanes + lane] = resid;
  }
}

// Rayleigh-Ritz of Q (orthonormal) with Z = (H + shift) Q: theta (sorted descending, shift included) and the
// rotation V (column i = theta_i's eigenvector) in the order of `ord`.
fn ritz(lane: u32, t: ptr<function, array<f32, 100>>, v: ptr<function, array<f32, 100>>) -> array<u32, 10> {
  let z = EIGS_BLOCK + EIGS_M;
  for (var i = 0u; i < EIGS_M; i++) {
    for (var j = i; j < EIGS_M; j++) {
      let s = 0.5 * (bdot(EIGS_BLOCK + i, z + j, lane) + bdot(EIGS_BLOCK + j, z + i, lane));
      (*t)[i * 10u + j] = s;
      (*t)[j * 10u + i] = s;
    }
  }
  return sym_eig(t, v, EIGS_M);
}

fn top_eigs(w: ptr<function, Vec>, h: ModelHyper, lane: u32, lambda: ptr<function, array<f32, 10>>) -> f32 {
  let z = EIGS_BLOCK + EIGS_M;
  let r = EIGS_BLOCK + 2u * EIGS_M;
  for (var i = 0u; i < EIGS_M; i++) {
    if (!(bdot(EIGS_BLOCK + i, EIGS_BLOCK + i, lane) > 0.0)) {
      fill_start(EIGS_BLOCK + i, lane, i);
    }
  }
  orth(EIGS_BLOCK, lane);
  var t: array<f32, 100>;
  var v: array<f32, 100>;
  var ord: array<u32, 10>;
  var mu = 0.0;
  for (var warm = 0u; warm < 2u; warm++) {
    for (var i = 0u; i < EIGS_M; i++) {
      mu = max(mu, sqrt(bhvp(w, h, EIGS_BLOCK + i, z + i, 0.0, lane)));
    }
    ord = ritz(lane, &t, &v);
    for (var i = 0u; i < EIGS_M; i++) {
      bcopy(1.0, z + i, EIGS_BLOCK + i, lane);
    }
    orth(EIGS_BLOCK, lane);
  }
  mu = max(mu, max(abs(t[ord[0] * 11u]), abs(t[ord[EIGS_M - 1u] * 11u])));
  let sigma = 0.6 * mu - 0.5 * t[ord[EIGS_K - 1u] * 11u];
  var resid = 0.0;
  for (var it = 0u; it < max(u.sharpIters, 1u); it++) {
    for (var i = 0u; i < EIGS_M; i++) {
      bhvp(w, h, EIGS_BLOCK + i, z + i, sigma, lane);
    }
    if (it % 4u == 3u || it + 1u >= u.sharpIters) {
      ord = ritz(lane, &t, &v);
      var rmax = 0.0;
      var lmax = 0.0;
      for (var i = 0u; i < EIGS_K; i++) {
        let c = ord[i];
        let theta = t[c * 11u];
        bcopy(0.0, EIGS_BLOCK, r, lane);
        for (var j = 0u; j < EIGS_M; j++) {
          baxpy(v[j * 10u + c], z + j, r, lane);
          baxpy(-theta * v[j * 10u + c], EIGS_BLOCK + j, r, lane);
        }
        rmax = max(rmax, sqrt(bdot(r, r, lane)));
        lmax = max(lmax, abs(theta - sigma));
        (*lambda)[i] = theta - sigma;
      }
      resid = select(0.0, rmax / lmax, lmax > 0.0);
      if (rmax <= u.sharpTol * lmax || it + 1u >= u.sharpIters) {
        break;
      }
    }
    for (var i = 0u; i < EIGS_M; i++) {
      bcopy(1.0, z + i, EIGS_BLOCK + i, lane);
    }
    orth(EIGS_BLOCK, lane);
  }
  // Ritz vectors into Z (sorted), then back to Q: the warm start of the next evaluation.
  for (var i = 0u; i < EIGS_M; i++) {
    let c = ord[i];
    bcopy(v[c], EIGS_BLOCK, z + i, lane);
    for (var j = 1u; j < EIGS_M; j++) {
      baxpy(v[j * 10u + c], EIGS_BLOCK + j, z + i, lane);
    }
  }
  for (var i = 0u; i < EIGS_M; i++) {
    bcopy(1.0, z + i, EIGS_BLOCK + i, lane);
  }
  return resid;
}

