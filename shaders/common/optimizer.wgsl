// Optimiser updates, written as heavy-ball steps on a scaled gradient (docs/equations.md, "Optimisers"):
//   m <- beta m + s g,  w <- w - m          (beta = 0 except for `momentum`, where m is the velocity)
// with the scale s chosen per optimiser:
//   gd, momentum:   s = lr
//   normalized-gd:  s = lr / ||g||                      (s = 0 at a stationary point)
//   sqrt-loss-gd:   s = lr / (2 sqrt(L - L_min))       GD on sqrt(L - L_min); s = 0 once L <= L_min.
//   adaptive-gd:    s = min(lr, alpha / lambda_1)        (step.wgsl sets the lane's lr from the held sharpness)
//   flow:           RK4 on w' = -grad L with step min(lr, alpha / lambda_1) (stepping.wgsl)
//   exp-euler:      w <- w - lr g + (lr - phi) (e.g) e,  phi = (1 - exp(-lambda_1 lr)) / lambda_1: the gradient
//                   flow integrated exactly along the top eigenvector e (stiff dimension 1), Euler elsewhere
// The flags come from src/optim/index.ts (each optimiser's `flags`); none has a default.
// f32 note: L - L_min cancels when L is near L_min, so sqrt-loss-gd is only as accurate as L (~1e-7 relative).

struct OptHyper {
  lr: f32,      // learning rate eta
  beta: f32,    // momentum coefficient (0 unless MOMENTUM)
  lossMin: f32, // L_min for sqrt-loss-gd
  alpha: f32,   // adaptive-gd and flow: the step is min(lr, alpha / sharpness)
  lrLo: f32,    // lr - f32(lr): the learning rate's low word (read by precision "double" only)
}

override MOMENTUM: bool;   // keep a velocity block
override NORMALIZED: bool; // s = lr / ||g||
override SQRT_LOSS: bool;  // s = lr / (2 sqrt(L - L_min))
override ADAPTIVE: bool;   // lr_t = min(lr, alpha / sharpness) (set by the step kernel)
override FLOW: bool;       // an RK4 step of the gradient flow with step lr_t (stepping.wgsl)
override EXP_EULER: bool;  // exponential Euler along the held top eigenpair (stepping.wgsl)

// phi(lambda, h) = (1 - exp(-lambda h)) / lambda, the exact flow's step along an eigenvector of eigenvalue
// lambda > 0 (h otherwise). Below lambda h = 1e-3 the series h (1 - x/2 + x^2/6) avoids 1 - exp(-x) cancelling.
fn exp_euler_step(lambda: f32, h: f32) -> f32 {
  let x = lambda * h;
  if (!(x > 0.0)) {
    return h;
  }
  if (x < 1e-3) {
    return h * (1.0 - x * (0.5 - x / 6.0));
  }
  return (1.0 - exp(-x)) / lambda;
}

// The step of adaptive-gd and flow from the base lr and the held sharpness (the base lr while it is not positive).
fn adaptive_lr(h: OptHyper, lr: f32, sharp: f32) -> f32 {
  return select(lr, min(lr, h.alpha / sharp), sharp > 0.0);
}

fn step_scale(h: OptHyper, loss: f32, gradNormSq: f32) -> f32 {
  if (NORMALIZED) {
    return select(0.0, h.lr * inverseSqrt(gradNormSq), gradNormSq > 0.0);
  }
  if (SQRT_LOSS) {
    let gap = loss - h.lossMin;
    return select(0.0, 0.5 * h.lr * inverseSqrt(gap), gap > 0.0);
  }
  return h.lr;
}

// s for gradient g at loss L; ||g|| is computed only for normalized-gd (a compile-time branch).
fn gradient_scale(h: OptHyper, loss: f32, g: ptr<function, Vec>) -> f32 {
  var gradNormSq = 0.0;
  if (NORMALIZED) {
    gradNormSq = vdot(g, g);
  }
  return step_scale(h, loss, gradNormSq);
}
