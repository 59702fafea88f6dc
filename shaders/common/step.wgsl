// Entry point of the lane family: one invocation per lane, its vectors in function memory for the whole
// dispatch, loaded from and stored to `state` once (the model's vec file). advance() (common/advance.wgsl) is
// the step loop both families share; PLAIN and LIGHT pipelines run its lean variants (common/advance_lean.wgsl),
// the others compiled out.

@compute @workgroup_size(WG)
fn step(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes || status[lane] != 0u) {
    return;
  }
  if (PLAIN || LIGHT) {
    advance_lean(lane);
  } else {
    advance(lane);
  }
}
