// descend(w) = one plain step w <- w - s(L, ||g||) g, returning L(w): the generic form for models whose
// gradient is cheap to hold in a Vec. Models with large Vecs (uv) write a fused one-pass version instead,
// carrying summaries of w from one step to the next in `carry` (set by prime() before a run of steps).

fn prime(w: ptr<function, Vec>, h: ModelHyper, carry: ptr<function, vec4<f32>>) {}

fn descend(w: ptr<function, Vec>, h: ModelHyper, oh: OptHyper, carry: ptr<function, vec4<f32>>) -> f32 {
  var g: Vec;
  let loss = loss_grad(w, h, &g);
  vdescend(gradient_scale(oh, loss, &g), &g, w);
  return loss;
}
