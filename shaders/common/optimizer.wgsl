// Optimiser updates, written as heavy-ball steps on a scaled gradient:
//   m <- beta m + s g,  w <- w - m          (beta = 0 except for `momentum`, where m is the velocity)
// with the scale s chosen per optimiser (science.md section 3):
//   gd, momentum:   s = lr
//   normalized-gd:  s = lr / ||g||                      (s = 0 at a stationary point)
//   sqrt-loss-gd:   s = lr / (2 sqrt(L - L_min))       GD on sqrt(L - L_min); s = 0 once L <= L_min.
// f32 note: L - L_min cancels when L is near L_min, so sqrt-loss-gd is only as accurate as L (~1e-7 relative).

struct OptHyper {
  lr: f32,      // learning rate eta
  beta: f32,    // momentum coefficient (0 unless OPTIMIZER = 1)
  lossMin: f32, // L_min for sqrt-loss-gd
}

// 0 gd, 1 momentum, 2 normalized-gd, 3 sqrt-loss-gd (src/optim/index.ts holds the same table).
override OPTIMIZER: u32 = 0u;
override MOMENTUM: bool = OPTIMIZER == 1u;

fn step_scale(h: OptHyper, loss: f32, gradNormSq: f32) -> f32 {
  switch OPTIMIZER {
    case 2u: {
      return select(0.0, h.lr * inverseSqrt(gradNormSq), gradNormSq > 0.0);
    }
    case 3u: {
      let gap = loss - h.lossMin;
      return select(0.0, 0.5 * h.lr * inverseSqrt(gap), gap > 0.0);
    }
    default: {
      return h.lr;
    }
  }
}

// s for gradient g at loss L; ||g|| is computed only for normalized-gd (a compile-time branch).
fn gradient_scale(h: OptHyper, loss: f32, g: ptr<function, Vec>) -> f32 {
  var gradNormSq = 0.0;
  if (OPTIMIZER == 2u) {
    gradNormSq = vdot(g, g);
  }
  return step_scale(h, loss, gradNormSq);
}
