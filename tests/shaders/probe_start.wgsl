// Test-only entry point: writes the model's power-iteration start vector vstart() into lane 0's state block 0,
// so tests/limits.test.ts can compare it with the float64 reference's `start` (the two must never drift).

@compute @workgroup_size(1)
fn probe_start() {
  var e: Vec;
  vstart(&e);
  vstore(0u, 0u, &e);
}
