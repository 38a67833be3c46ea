// What validation hands to the builder: the plan as written, checked and interpolated, before
// defaults and path resolution.
import type {MarkerStyle} from '../markers/run-lock.js';
import type {CheckWhen, NotifySpec, PauseMode, UnitRef} from './types.js';

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
	/** null: removed from the steps' environment. */
	env: Record<string, string | null>;
	/** `marker:`: the run-upgrade.sh item (md5) or name this step's marker is made from. */
	marker?: string;
	/** `markers_style:` of the step, over the plan's. */
	markersStyle?: MarkerStyle;
	/** `stall_after:` in seconds. */
	stallAfter?: number;
	/** `creates:`: the step is skipped when this path exists. */
	creates?: string;
	/** `cwd:`: where this step runs, when not in the plan's cwd. */
	cwd?: string;
	/** The unit (a fallback chain) this step belongs to, and its part in it. */
	unit?: UnitRef;
	/** `split: imports`: made a unit of the playbooks it imports (split-imports.ts), where it can be. */
	split?: 'imports';
	/** A part of a `split: imports` step (or that step left whole): the step's id, to split again when the run reaches it. */
	splitOf?: string;
	/** A check of `checks:` (before or after the upgrade), not a step of the upgrade. */
	check?: CheckWhen;
	/** A check before the upgrade that imports a playbook not installed now: why (it is skipped). */
	notInstalled?: string;
}


export interface RequirementSpec {
	path: string;
	for?: string;
}

export interface PlanSpec {
	name: string;
	cwd?: string;
	command?: string[];
	inventory?: string;
	/** null: removed from the steps' environment. */
	env: Record<string, string | null>;
	markers?: string;
	markersStyle?: MarkerStyle;
	requires?: RequirementSpec[];
	notify?: NotifySpec;
	stallAfter?: number;
	steps: StepSpec[];
}
