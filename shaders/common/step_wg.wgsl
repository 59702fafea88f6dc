// Entry point of the workgroup family: one workgroup per lane (lane = workgroup index, folded past 65,535), its
// vectors in storage (common/family_wg.wgsl). advance() (common/advance.wgsl) is the step loop both families share;
// every invocation runs it, the leading one writes the lane's rows.

var<workgroup> laneStatus: u32;

@compute @workgroup_size(WG)
fn step(
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
    laneStatus = status[lane];
  }
  if (workgroupUniformLoad(&laneStatus) != 0u) {
    return;
  }
  advance(lane);
}
