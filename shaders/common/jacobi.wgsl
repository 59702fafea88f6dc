// Eigen-decomposition of a small symmetric matrix (m <= 10, row-major with stride 10) by cyclic Jacobi
// rotations, for the Rayleigh-Ritz step of common/spectrum.wgsl. Each rotation J (angle in the (p, q) plane)
// sets A_pq = 0 in A <- J^T A J:
//   theta = (A_qq - A_pp) / (2 A_pq),  t = sign(theta) / (|theta| + sqrt(theta^2 + 1)),  c = 1 / sqrt(t^2 + 1),  s = t c
// and V <- V J accumulates the eigenvectors (columns). Sweeps stop once the off-diagonal mass is below
// 1e-12 of the diagonal's (off-diagonal entries of 1e-6 relative move the eigenvalues by ~1e-12 relative) or after 12 sweeps (quadratic convergence: 4-6
// suffice at m = 10). In the workgroup family every invocation runs it on the same values and gets the
// same bits. Returns the column order by eigenvalue, descending; the eigenvalues stay on A's diagonal.

fn sym_eig(a: ptr<function, array<f32, 100>>, v: ptr<function, array<f32, 100>>, m: u32) -> array<u32, 10> {
  for (var i = 0u; i < 100u; i++) {
    (*v)[i] = select(0.0, 1.0, i % 11u == 0u);
  }
  for (var sweep = 0u; sweep < 12u; sweep++) {
    var off = 0.0;
    var diag = 0.0;
    for (var p = 0u; p < m; p++) {
      diag += (*a)[p * 11u] * (*a)[p * 11u];
      for (var q = p + 1u; q < m; q++) {
        off += (*a)[p * 10u + q] * (*a)[p * 10u + q];
      }
    }
    if (!(off > 1e-12 * diag)) {
      break;
    }
    for (var p = 0u; p + 1u < m; p++) {
      for (var q = p + 1u; q < m; q++) {
        let apq = (*a)[p * 10u + q];
        if (apq == 0.0) {
          continue;
        }
        let theta = ((*a)[q * 11u] - (*a)[p * 11u]) / (2.0 * apq);
        let t = select(-1.0, 1.0, theta >= 0.0) / (abs(theta) + sqrt(theta * theta + 1.0));
        let c = inverseSqrt(t * t + 1.0);
        let s = t * c;
        for (var r = 0u; r < m; r++) {
          let arp = (*a)[r * 10u + p];
          let arq = (*a)[r * 10u + q];
          (*a)[r * 10u + p] = c * arp - s * arq;
          (*a)[r * 10u + q] = s * arp + c * arq;
        }
        for (var r = 0u; r < m; r++) {
          let apr = (*a)[p * 10u + r];
          let aqr = (*a)[q * 10u + r];
          (*a)[p * 10u + r] = c * apr - s * aqr;
          (*a)[q * 10u + r] = s * apr + c * aqr;
        }
        for (var r = 0u; r < m; r++) {
          let vrp = (*v)[r * 10u + p];
          let vrq = (*v)[r * 10u + q];
          (*v)[r * 10u + p] = c * vrp - s * vrq;
          (*v)[r * 10u + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  // Selection sort of the indices by eigenvalue, descending.
  var ord: array<u32, 10>;
  for (var i = 0u; i < 10u; i++) {
    ord[i] = i;
  }
  for (var i = 0u; i < m; i++) {
    var best = i;
    for (var j = i + 1u; j < m; j++) {
      if ((*a)[ord[j] * 11u] > (*a)[ord[best] * 11u]) {
        best = j;
      }
    }
    let tmp = ord[i];
    ord[i] = ord[best];
    ord[best] = tmp;
  }
  return ord;
}
