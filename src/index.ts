// eos-lab's public API: the engine, the spec, the result and its views.
export { Engine, type Progress, type RunOptions } from './engine/engine.js';
export type { RunResult } from './engine/result.js';
export { runReference, type ReferenceLane } from './engine/reference.js';
export { normalizeSpec, sweepablePaths } from './spec/normalize.js';
export { zoomSpec, type ZoomWindow, type Zoomed } from './spec/zoom.js';
export { SpecError } from './spec/errors.js';
export { OBSERVABLES, OPTIMIZER_NAMES } from './spec/types.js';
export type { ExperimentSpec, NormalSpec, AxisSpec, Observable, OptimizerName } from './spec/types.js';
export { WebGPUUnavailableError, GPUFailureError } from './gpu/errors.js';
export { acquireDevice, type DeviceInfo } from './gpu/device.js';
export { MODELS } from './models/registry.js';
export { OPTIMIZERS } from './optim/index.js';
export { classify, classifyOrbit, type Classification } from './analysis/classify.js';
export { CLASSES, type LaneClass } from './engine/layout.js';
export type { Density, FinalField } from './engine/result.js';
export type { TileData } from './engine/tile.js';
export { resultToJSON, type ResultJSON } from './views/json.js';
export { resultToCSV } from './views/csv.js';
