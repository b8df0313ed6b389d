import type {Path} from './yaml-source.js';
import type {Step} from './types.js';

/** Where each loaded step stands in its YAML file, for checks and messages that point at it. */
export const stepPaths = new WeakMap<Step, Path>();
