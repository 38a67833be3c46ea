// The plan as the rest of the program sees it: validated, interpolated, paths resolved.
import type {MarkerStyle} from '../markers/run-lock.js';
import type {StepMarker} from '../markers/step.js';
import type {PauseMode} from '../ansible/command.js';

export type {PauseMode};

/** When a check runs: before the upgrade's first step, or after its last. */
export type CheckWhen = 'before' | 'after';

/** A step's place in a unit: one of its steps run in order, or the fallback run when one fails. */
export interface UnitRef {
	id: string;
	name: string;
	role: 'main' | 'fallback';
}

export interface PlanStep {
	/** Unique within the plan; a slug. */
	id: string;
	name: string;
	kind: 'playbook' | 'command';
	/** Absolute playbook path, or a collection playbook's name (playbook steps only). */
	playbook?: string;
	/** Where argv has the playbook, as the plan writes it (playbook steps only). */
	playbookAt?: number;
	/** The playbook is a collection playbook (`ns.coll.name`): passed as is, not a file. */
	collection?: boolean;
	/** Full command line the step runs, argv[0] first. */
	argv: string[];
	/** Absolute working directory. */
	cwd: string;
	/** Extra environment for this step (plan env merged with step env). */
	env: Record<string, string>;
	/** Variables removed from the step's environment (`NAME: null` in the plan's or step's env). */
	unsetEnv?: string[];
	pause: PauseMode;
	/** Identity for resume: a hash of what the step runs. */
	hash: string;
	/** 1-based line of the step in the plan file, when known. */
	line?: number;
	/** Its run-upgrade.sh marker, when the plan has `markers:` (run: steps only with `marker:`). */
	marker?: StepMarker;
	/** `stall_after:` of the step, else the plan's, in seconds. */
	stallAfter?: number;
	/** Absolute path: the step is skipped when it exists (`creates:`). */
	creates?: string;
	/**
	 * The unit (run-upgrade.sh's `A && B || C`) the step belongs to: its main steps run in order,
	 * and when one fails the rest are skipped and its fallback runs; the unit's marker is written
	 * only when the unit succeeds.
	 */
	unit?: UnitRef;
	/**
	 * The `split: imports` step this one comes from (a part of it, or the step itself left whole):
	 * its id. Split again by what is installed when the run reaches it.
	 */
	splitOf?: string;
	/** A check of `checks:`, run before the upgrade's first step or after its last; not a step of the upgrade. */
	check?: CheckWhen;
	/** A check before the upgrade that imports a playbook not installed when the plan was read: why (it is skipped). */
	notInstalled?: string;
}

/** Run events a notify hook can hear of. */
export const NOTIFY_EVENTS = ['failed', 'paused', 'aborted', 'done', 'step_done', 'stalled'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** A command run on run events, with the event as JSON on stdin and in ANSIBLE_DRIVER_* variables. */
export interface NotifySpec {
	command: string[];
	on: NotifyEvent[];
	timeoutSeconds: number;
}

/** A path that must exist before the plan runs (`requires:`), and what it is for. */
export interface Requirement {
	/** Absolute path. */
	path: string;
	for?: string;
}

export interface Plan {
	name: string;
	/** Absolute path of the plan file. */
	path: string;
	/** Built-in plan name (e.g. "demo") when the plan is shipped with the package. */
	builtin?: string;
	/** Opened with --no-split: its `split: imports` steps run whole (kept with the run). */
	noSplit?: boolean;
	/** Opened with --no-checks: its `checks:` are left out (kept with the run). */
	noChecks?: boolean;
	cwd: string;
	command: string[];
	inventory?: string;
	env: Record<string, string>;
	/** The plan's `NAME: null` env entries. */
	unsetEnv?: string[];
	/** Absolute folder of run-upgrade.sh marker files. */
	markers?: string;
	markersStyle?: MarkerStyle;
	/** Paths checked by preflight. */
	requires?: Requirement[];
	notify?: NotifySpec;
	/** The plan's own `stall_after:`, in seconds (its steps have it unless they have their own). */
	stallAfter?: number;
	steps: PlanStep[];
	/** Hash of the whole plan (name and step hashes, in order). */
	hash: string;
	/** Derived from an OpenStack-Ansible clone's scripts/run-upgrade.sh (`run osa`). */
	osa?: OsaOrigin;
}

/** Where a derived OpenStack-Ansible plan came from, and the plan text it was read as. */
export interface OsaOrigin {
	/** Absolute path of the run-upgrade.sh. */
	script: string;
	target: string;
	/** The series the script upgrades from, and the one chosen. */
	sources: string[];
	sourceSeries: string;
	/** The derived plan as a plan file (what `plan osa --write FILE` saves). */
	yaml: string;
}

/** A problem in a plan file: where it is and how to fix it. */
export interface PlanProblem {
	file: string;
	line?: number;
	column?: number;
	/** Dotted path of the offending key, e.g. "steps[3].pause". */
	key?: string;
	message: string;
	/** Absent means an error; a warning does not stop the plan from loading. */
	severity?: 'error' | 'warning';
}

export type PlanResult = {ok: true; plan: Plan; warnings: PlanProblem[]} | {ok: false; problems: PlanProblem[]};
