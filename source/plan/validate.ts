// The top level of a plan file: checks every key, collects every problem, and returns the
// plan as written (interpolated, not yet resolved) for the builder.
import {isMap, isSeq} from 'yaml';
import {describe, entriesOf, readArgv, readChoice, readEnv, readString, report, warn, type ReadContext} from './read-node.js';
import {assignDefaultIds} from './slug.js';
import type {PlanSpec, StepSpec} from './spec.js';
import {readStep, type StepDraft} from './validate-step.js';

export const PLAN_KEYS = ['name', 'cwd', 'command', 'inventory', 'env', 'markers', 'markers_style', 'steps'] as const;
const MARKER_STYLES = ['name', 'md5'] as const;

function readSteps(ctx: ReadContext, node: unknown, at: unknown): StepDraft[] | undefined {
	if (!isSeq(node)) {
		report(ctx, at, 'steps', `must be a list of steps (- playbook: file.yml or - run: [program]), got ${describe(node)}`);
		return undefined;
	}

	if (node.items.length === 0) {
		report(ctx, at, 'steps', 'is empty: add at least one step (- playbook: file.yml or - run: [program])');
		return undefined;
	}

	const drafts = node.items.map((item, index) => readStep(ctx, item, index));
	return drafts.every(draft => draft !== undefined) ? drafts : undefined;
}

function uniqueIds(ctx: ReadContext, drafts: StepDraft[]): string[] {
	const seen = new Map<string, StepDraft>();
	for (const draft of drafts) {
		if (!draft.explicitId) continue;
		const first = seen.get(draft.explicitId.value);
		if (first) {
			const where = first.line === undefined ? first.key : `${first.key} (line ${first.line})`;
			report(ctx, draft.explicitId.node, `${draft.key}.id`, `duplicate id "${draft.explicitId.value}": ${where} has it too; ids must be unique`);
		} else {
			seen.set(draft.explicitId.value, draft);
		}
	}

	return assignDefaultIds(drafts.map(draft => (draft.explicitId ? {explicit: draft.explicitId.value, base: draft.idBase} : {base: draft.idBase})));
}

/** Validate a parsed document; undefined when there were problems (all of them in ctx.problems). */
export function validatePlan(ctx: ReadContext, root: unknown): PlanSpec | undefined {
	if (!isMap(root)) {
		const message =
			root === null || root === undefined
				? 'the plan file is empty: it needs at least name: and steps:'
				: `a plan must be a map with name: and steps:, got ${describe(root)}`;
		report(ctx, root, '', message);
		return undefined;
	}

	const entries = entriesOf(ctx, root, '', 'plan', PLAN_KEYS);
	const nameEntry = entries.get('name');
	if (!nameEntry) report(ctx, root, 'name', 'the plan needs a name: (a title shown in the UI), e.g. name: Upgrade to Newton');
	const name = nameEntry && readString(ctx, nameEntry, 'name', {interpolate: false});

	const cwdEntry = entries.get('cwd');
	const cwd = cwdEntry && readString(ctx, cwdEntry, 'cwd', {interpolate: true, expected: 'a directory path'});
	const commandEntry = entries.get('command');
	const command = commandEntry && readArgv(ctx, commandEntry, 'command', {nonEmpty: true});
	const inventoryEntry = entries.get('inventory');
	const inventory = inventoryEntry && readString(ctx, inventoryEntry, 'inventory', {interpolate: true, expected: 'an inventory path or host list'});
	const envEntry = entries.get('env');
	const env = (envEntry && readEnv(ctx, envEntry, 'env')) ?? {};

	const markersEntry = entries.get('markers');
	const markers = markersEntry && readString(ctx, markersEntry, 'markers', {interpolate: true, expected: 'a directory path'});
	if (markersEntry) warn(ctx, markersEntry.keyNode, 'markers', 'markers: not supported in this version, ignored');
	const styleEntry = entries.get('markers_style');
	if (styleEntry && readChoice(ctx, styleEntry, 'markers_style', MARKER_STYLES) !== undefined) {
		warn(ctx, styleEntry.keyNode, 'markers_style', 'markers_style: not supported in this version, ignored');
	}

	const stepsEntry = entries.get('steps');
	if (!stepsEntry) report(ctx, root, 'steps', 'the plan needs steps: a list of - playbook: file.yml or - run: [program]');
	const drafts = stepsEntry && readSteps(ctx, stepsEntry.value, stepsEntry.at);
	const ids = drafts && uniqueIds(ctx, drafts);

	if (ctx.problems.length > 0 || name === undefined || drafts === undefined || ids === undefined) return undefined;
	const steps = drafts.map((draft, index): StepSpec => {
		const {explicitId: _explicit, idBase: _base, ...rest} = draft;
		return {...rest, id: ids[index] ?? draft.idBase};
	});
	const spec: PlanSpec = {name, env, steps};
	if (cwd !== undefined) spec.cwd = cwd;
	if (command !== undefined) spec.command = command;
	if (inventory !== undefined) spec.inventory = inventory;
	if (markers !== undefined) spec.markers = markers;
	return spec;
}
