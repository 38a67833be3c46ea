// One step of a plan: exactly one of playbook/run, with its options.
import {isMap, isScalar} from 'yaml';
import {
	describe,
	entriesOf,
	positionOf,
	readArgv,
	readChoice,
	readEnv,
	readString,
	report,
	type ReadContext,
} from './read-node.js';
import type {MarkerStyle} from '../markers/run-lock.js';
import {ID_PATTERN, slugify} from './slug.js';
import type {PauseMode} from './types.js';
import type {StepSpec} from './spec.js';
import {readDuration} from './notify-spec.js';

export const STEP_KEYS = ['id', 'name', 'playbook', 'run', 'args', 'pause', 'env', 'marker', 'markers_style', 'stall_after', 'creates', 'cwd', 'split'] as const;
export const PAUSE_MODES: readonly PauseMode[] = ['task', 'play', 'step'];
export const MARKER_STYLES: readonly MarkerStyle[] = ['name', 'md5'];

/** A step as read, before ids are made unique: a StepSpec without its final id. */
export type StepDraft = Omit<StepSpec, 'id'> & {
	explicitId?: {value: string; node: unknown};
	/** Slug a default id is made from. */
	idBase: string;
};

/**
 * A collection playbook name, `namespace.collection.playbook` (more dots for subfolders), as
 * ansible-playbook accepts it: no "/", no .yml/.yaml. It is passed as is, never resolved to a file.
 */
export function isCollectionPlaybook(playbook: string): boolean {
	return /^[A-Za-z_]\w*\.[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(playbook) && !/\.ya?ml$/i.test(playbook);
}

function baseName(path: string): string {
	return path.split('/').filter(part => part !== '').pop() ?? path;
}

export function playbookStem(path: string): string {
	// A collection playbook's own name is its last part: openstack.osa.setup_hosts -> setup_hosts.
	if (isCollectionPlaybook(path)) return path.split('.').pop() ?? path;
	return baseName(path).replace(/\.ya?ml$/i, '');
}

/** Reads the step at `key` ("steps[2]", or "steps[2].steps[0]" inside a unit). */
export function readStep(ctx: ReadContext, node: unknown, key: string): StepDraft | undefined {
	if (!isMap(node)) {
		const hint =
			isScalar(node) && typeof node.value === 'string' && /\.ya?ml$/i.test(node.value)
				? `: write "- playbook: ${node.value}"`
				: ': write "- playbook: file.yml" or "- run: [program, arg]"';
		report(ctx, node, key, `a step must be a map with playbook: or run:, got ${describe(node)}${hint}`);
		return undefined;
	}

	const entries = entriesOf(ctx, node, key, 'step', STEP_KEYS);
	const at = (name: string): string => `${key}.${name}`;
	const playbookEntry = entries.get('playbook');
	const runEntry = entries.get('run');

	if (playbookEntry && runEntry) {
		report(ctx, runEntry.keyNode, key, 'a step has either playbook: or run:, not both: split it into two steps');
	} else if (!playbookEntry && !runEntry) {
		report(ctx, node, key, 'a step needs playbook: (a playbook file) or run: (a command as a list, e.g. run: [scripts/x.sh, --flag])');
	}

	const playbook = playbookEntry && readString(ctx, playbookEntry, at('playbook'), {interpolate: true, expected: 'a playbook path'});
	const run = runEntry && readArgv(ctx, runEntry, at('run'), {nonEmpty: true});

	const argsEntry = entries.get('args');
	let args: string[] = [];
	if (argsEntry) {
		if (runEntry && !playbookEntry) {
			report(ctx, argsEntry.keyNode, at('args'), 'args: is only for playbook steps: put the arguments in the run: list');
		} else {
			args = readArgv(ctx, argsEntry, at('args'), {nonEmpty: false}) ?? [];
		}
	}

	const pauseEntry = entries.get('pause');
	const pause = (pauseEntry && readChoice(ctx, pauseEntry, at('pause'), PAUSE_MODES)) ?? 'task';
	const envEntry = entries.get('env');
	const env = (envEntry && readEnv(ctx, envEntry, at('env'))) ?? {};
	const nameEntry = entries.get('name');
	const name = nameEntry && readString(ctx, nameEntry, at('name'), {interpolate: false});
	// run-upgrade.sh markers: the item text (or name) when it cannot be derived from the step.
	const markerEntry = entries.get('marker');
	const marker = markerEntry && readString(ctx, markerEntry, at('marker'), {interpolate: true, expected: 'the run-upgrade.sh item, e.g. "setup-hosts.yml --limit \'!galera_all\'"'});
	const styleEntry = entries.get('markers_style');
	const markersStyle = styleEntry && readChoice(ctx, styleEntry, at('markers_style'), MARKER_STYLES);
	const stallEntry = entries.get('stall_after');
	const stallAfter = stallEntry && readDuration(ctx, stallEntry, at('stall_after'));
	const createsEntry = entries.get('creates');
	const creates = createsEntry && readString(ctx, createsEntry, at('creates'), {interpolate: true, expected: 'a path; the step is skipped when it exists'});
	const splitEntry = entries.get('split');
	const split = splitEntry && readChoice(ctx, splitEntry, at('split'), ['imports', 'none'] as const);
	if (splitEntry && split === 'imports' && runEntry && !playbookEntry) report(ctx, splitEntry.keyNode, at('split'), 'split: imports is for playbook steps: a run: command imports no playbooks');
	const cwdEntry = entries.get('cwd');
	const cwd = cwdEntry && readString(ctx, cwdEntry, at('cwd'), {interpolate: true, expected: 'a directory path (the plan\'s cwd: when absent)'});

	let explicitId: StepDraft['explicitId'];
	const idEntry = entries.get('id');
	if (idEntry) {
		const id = readString(ctx, idEntry, at('id'), {interpolate: false, expected: 'an id like "setup-hosts"'});
		if (id !== undefined && !ID_PATTERN.test(id)) {
			report(
				ctx,
				idEntry.at,
				at('id'),
				`id "${id}" must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit: e.g. id: ${slugify(id)}`,
			);
		} else if (id !== undefined) {
			explicitId = {value: id, node: idEntry.at};
		}
	}

	const idBase = slugify(playbook === undefined ? baseName(run?.[0] ?? '') : playbookStem(playbook));
	const draft: StepDraft = {key, idBase, args, pause, env};
	const {line} = positionOf(ctx, node);
	if (line !== undefined) draft.line = line;
	if (explicitId) draft.explicitId = explicitId;
	if (name !== undefined) draft.name = name;
	if (playbook !== undefined) draft.playbook = playbook;
	if (run !== undefined) draft.run = run;
	if (marker !== undefined) draft.marker = marker;
	if (markersStyle !== undefined) draft.markersStyle = markersStyle;
	if (stallAfter !== undefined) draft.stallAfter = stallAfter;
	if (creates !== undefined) draft.creates = creates;
	if (cwd !== undefined) draft.cwd = cwd;
	if (split === 'imports' && playbook !== undefined) draft.split = 'imports';
	return draft;
}
