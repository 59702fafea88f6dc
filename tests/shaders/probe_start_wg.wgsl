// Test-only entry point of the workgroup family: writes the model's power-iteration start vector vstart() into
// lane 0's block 0, so tests/limits.test.ts can compare it with the float64 reference's `start`.

@compute @workgroup_size(WG)
fn probe_start(@builtin(local_invocation_index) li: u32) {
  lid = li;
  var e: Vec;
  vload(0u, 0u, &e);
  vstart(&e);
}
