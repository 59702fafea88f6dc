// Entry point of the spectrum pass in the lane family: one invocation per lane, run between step dispatches
// (src/engine/run/spectrum.ts) on w_t as the step kernel left it in `state`. The algorithm and the output layout
// are common/spectrum.wgsl's; this file gives it the start vectors.

// block `slab` <- the i-th start vector (lane-minor layout of common/lanes.wgsl).
fn fill_start(slab: u32, lane: u32, i: u32) {
  for (var k = 0u; k < PARAMS; k++) {
    state[(slab * PARAMS + k) * u.lanes + lane] = block_start(i, k);
  }
}

@compute @workgroup_size(WG)
fn eigs_step(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  var lambda: array<f32, 10>;
  var resid = 0.0;
  if (status[lane] == 0u) {
    var w: Vec;
    vload(0u, lane, &w);
    resid = top_eigs(&w, modelHyper[lane], lane, &lambda);
  }
  write_eigs(lane, &lambda, resid);
}
