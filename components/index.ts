// eos-lab's elements: importing this module defines <eos-bifurcation>, <eos-basin-map> and <eos-trajectory>
// (once: loading the bundle twice does not throw) and exports the page controller.
import { EosBasinMap } from './eos-basin-map/eos-basin-map.js';
import { EosBifurcation } from './eos-bifurcation/eos-bifurcation.js';
import { EosTrajectory } from './eos-trajectory/eos-trajectory.js';

const ELEMENTS: [string, CustomElementConstructor][] = [
  ['eos-bifurcation', EosBifurcation],
  ['eos-basin-map', EosBasinMap],
  ['eos-trajectory', EosTrajectory],
];
for (const [tag, ctor] of ELEMENTS) if (!customElements.get(tag)) customElements.define(tag, ctor);

export { EosBasinMap, EosBifurcation, EosTrajectory };
export { EngineController, pageController } from './controller.js';
export type { ErrorDetail, ProgressDetail, SelectDetail } from './figure-types.js';

declare global {
  interface HTMLElementTagNameMap {
    'eos-bifurcation': EosBifurcation;
    'eos-basin-map': EosBasinMap;
    'eos-trajectory': EosTrajectory;
  }
  interface GlobalEventHandlersEventMap {
    'eos-progress': CustomEvent<import('./figure-types.js').ProgressDetail>;
    'eos-done': CustomEvent<{ result: import('../src/engine/read/result.js').RunResult }>;
    'eos-select': CustomEvent<import('./figure-types.js').SelectDetail>;
    'eos-error': CustomEvent<import('./figure-types.js').ErrorDetail>;
  }
}
