// Entry point of the spectrum pass in the workgroup family: one workgroup per lane (as common/step_wg.wgsl),
// run between step dispatches (src/engine/run/spectrum.ts). The algorithm and the output layout are
// common/spectrum.wgsl's; this file gives it the start vectors.

var<workgroup> eigsStatus: u32;

// block `slab` <- the i-th start vector (lane-major layout of common/family_wg.wgsl), each invocation its stripe.
fn fill_start(slab: u32, lane: u32, i: u32) {
  for (var k = lid; k < PARAMS; k += WG) {
    state[(slab * u.lanes + lane) * PARAMS + k] = block_start(i, k);
  }
}

@compute @workgroup_size(WG)
fn eigs_step(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) li: u32,
) {
  lid = li;
  let lane = wid.x + wid.y * groups.x;
  if (lane >= u.lanes) {
    return;
  }
  if (li == 0u) {
    eigsStatus = status[lane];
  }
  var lambda: array<f32, 10>;
  var resid = 0.0;
  if (workgroupUniformLoad(&eigsStatus) == 0u) {
    var w: Vec;
    vload(0u, lane, &w);
    resid = top_eigs(&w, modelHyper[lane], lane, &lambda);
  }
  if (li == 0u) {
    write_eigs(lane, &lambda, resid);
  }
}
