// Models with at most 16 parameters held as Vec = array<f32, 16> (formula models: src/models/formula); PARAMS
// (an override set from the spec) of them are used and the rest stay exactly 0 (models never write them). The
// operations are in common/vecn.wgsl.

const VEC_LEN: u32 = 16u;
alias Vec = array<f32, 16>;
override PARAMS: u32 = 16u;

// Power-iteration start when there is no warm start: distinct components (as common/vec8.wgsl).
fn vstart(v: ptr<function, Vec>) {
  for (var k = 0u; k < VEC_LEN; k++) {
    (*v)[k] = select(0.0, 1.0 / f32(k + 1u), k < PARAMS);
  }
}
