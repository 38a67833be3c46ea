// What validation hands to the builder: the plan as written, checked and interpolated, before
// defaults and path resolution.
import type {PauseMode} from './types.js';

export interface StepSpec {
	/** "steps[2]" */
	key: string;
	line?: number;
	id: string;
	/** Explicit name, if any. */
	name?: string;
	playbook?: string;
	run?: string[];
	args: string[];
	pause: PauseMode;
	env: Record<string, string>;
}

export interface PlanSpec {
	name: string;
	cwd?: string;
	command?: string[];
	inventory?: string;
	env: Record<string, string>;
	markers?: string;
	steps: StepSpec[];
}
