// The top level of a plan file: checks every key, collects every problem, and returns the
// plan as written (interpolated, not yet resolved) for the builder.
import {isMap, isScalar, isSeq} from 'yaml';
import {MAX_PLAN_STEPS} from './limits.js';
import {deref, describe, entriesOf, readArgv, readChoice, readEnv, readString, report, type ReadContext} from './read-node.js';
import {assignDefaultIds} from './slug.js';
import type {PlanSpec, RequirementSpec, StepSpec} from './spec.js';
import {MARKER_STYLES, readStep, type StepDraft} from './validate-step.js';
import {isUnitNode, readUnit, type UnitDraft} from './validate-unit.js';
import {readDuration, readNotify} from './notify-spec.js';
import {readChecks} from './validate-checks.js';

export const PLAN_KEYS = ['name', 'cwd', 'command', 'inventory', 'env', 'requires', 'markers', 'markers_style', 'notify', 'stall_after', 'checks', 'steps'] as const;
const REQUIREMENT_KEYS = ['path', 'for'] as const;

/** `requires:` a list of paths (strings) or of {path, for} maps; undefined after reporting problems. */
function readRequires(ctx: ReadContext, node: unknown, at: unknown): RequirementSpec[] | undefined {
	const hint = 'e.g. requires: [{path: "${OSA_CONFIG_DIR:-/etc/openstack_deploy}", for: "the configuration folder"}]';
	if (!isSeq(node)) {
		report(ctx, at, 'requires', `must be a list of paths or {path, for} maps, ${hint}, got ${describe(node)}`);
		return undefined;
	}

	const out: RequirementSpec[] = [];
	let ok = true;
	node.items.forEach((raw, index) => {
		const key = `requires[${index}]`;
		const item = deref(ctx, raw);
		if (isScalar(item)) {
			const path = readString(ctx, {name: key, keyNode: item, value: item, at: item}, key, {interpolate: true, expected: 'a path'});
			if (path === undefined) ok = false;
			else out.push({path});
			return;
		}

		if (!isMap(item)) {
			ok = false;
			report(ctx, item, key, `must be a path or a {path, for} map, ${hint}, got ${describe(item)}`);
			return;
		}

		const entries = entriesOf(ctx, item, key, 'requirement', REQUIREMENT_KEYS);
		const pathEntry = entries.get('path');
		const forEntry = entries.get('for');
		if (!pathEntry) report(ctx, item, `${key}.path`, `a requirement needs path: (a file or folder that must exist), ${hint}`);
		const path = pathEntry && readString(ctx, pathEntry, `${key}.path`, {interpolate: true, expected: 'a path'});
		const purpose = forEntry && readString(ctx, forEntry, `${key}.for`, {interpolate: true, expected: 'what the path is for'});
		if (path === undefined) {
			ok = false;
			return;
		}
		out.push(purpose === undefined ? {path} : {path, for: purpose});
	});
	return ok ? out : undefined;
}

function readSteps(ctx: ReadContext, node: unknown, at: unknown): {drafts: StepDraft[]; units: UnitDraft[]} | undefined {
	if (!isSeq(node)) {
		report(ctx, at, 'steps', `must be a list of steps (- playbook: file.yml or - run: [program]), got ${describe(node)}`);
		return undefined;
	}

	if (node.items.length === 0) {
		report(ctx, at, 'steps', 'is empty: add at least one step (- playbook: file.yml or - run: [program])');
		return undefined;
	}

	// Counted on the tokens before parsing too (shape-scan.ts), which do not follow an alias (steps: *list).
	if (node.items.length > MAX_PLAN_STEPS) {
		report(ctx, at, 'steps', `has ${node.items.length} steps, more than the limit of ${MAX_PLAN_STEPS} (real upgrades have a few dozen): split it into several plans`);
		return undefined;
	}

	const units: UnitDraft[] = [];
	let ok = true;
	const drafts = node.items.flatMap((raw, index) => {
		const item = deref(ctx, raw);
		if (isUnitNode(item)) {
			const unit = readUnit(ctx, item, `steps[${index}]`);
			if (unit === undefined) ok = false;
			else units.push(unit);
			return unit?.steps ?? [];
		}
		const draft = readStep(ctx, item, `steps[${index}]`);
		if (draft === undefined) ok = false;
		return draft === undefined ? [] : [draft];
	});
	return ok ? {drafts, units} : undefined;
}

function uniqueIds(ctx: ReadContext, drafts: StepDraft[], units: UnitDraft[]): string[] {
	const seen = new Map<string, {key: string; line?: number}>();
	// A unit's id names its steps together (reset, the plan pane): no step may have it.
	for (const unit of units) {
		const first = seen.get(unit.id);
		if (first) report(ctx, unit.idNode, `${unit.key}.unit`, `duplicate unit id "${unit.id}": ${first.line === undefined ? first.key : `${first.key} (line ${first.line})`} has it too; ids must be unique`);
		else seen.set(unit.id, unit);
	}
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

	return assignDefaultIds(
		drafts.map(draft => (draft.explicitId ? {explicit: draft.explicitId.value, base: draft.idBase} : {base: draft.idBase})),
		units.map(unit => unit.id),
	);
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

	const requiresEntry = entries.get('requires');
	const requires = requiresEntry && readRequires(ctx, requiresEntry.value, requiresEntry.at);

	// run-upgrade.sh markers: the folder, and how marker files are named (name: the default).
	const markersEntry = entries.get('markers');
	const markers = markersEntry && readString(ctx, markersEntry, 'markers', {interpolate: true, expected: 'a directory path'});
	const styleEntry = entries.get('markers_style');
	const markersStyle = styleEntry && readChoice(ctx, styleEntry, 'markers_style', MARKER_STYLES);

	const notifyEntry = entries.get('notify');
	const notify = notifyEntry && readNotify(ctx, notifyEntry);
	const stallEntry = entries.get('stall_after');
	const stallAfter = stallEntry && readDuration(ctx, stallEntry, 'stall_after');

	const stepsEntry = entries.get('steps');
	if (!stepsEntry) report(ctx, root, 'steps', 'the plan needs steps: a list of - playbook: file.yml or - run: [program]');
	const steps = stepsEntry && readSteps(ctx, stepsEntry.value, stepsEntry.at);
	const checksEntry = entries.get('checks');
	const checks = checksEntry && readChecks(ctx, checksEntry.value, checksEntry.at);
	// The before checks run first and the after checks last: in the plan's order, they are steps.
	const read = steps && {drafts: [...(checks?.before ?? []), ...steps.drafts, ...(checks?.after ?? [])], units: steps.units};
	const drafts = read?.drafts;
	const ids = read && uniqueIds(ctx, read.drafts, read.units);
	if (read && !markersEntry) {
		// A unit's marker is copied to each of its steps: told once, at the unit.
		const told = new Set<string>();
		for (const draft of read.drafts) {
			if (draft.marker === undefined) continue;
			const unit = draft.unit && read.units.find(u => u.id === draft.unit?.id);
			const where = unit ?? draft;
			if (told.has(where.key)) continue;
			told.add(where.key);
			const problem = {file: ctx.file, key: `${where.key}.marker`, message: 'marker: needs markers: (the folder of marker files) at the top of the plan'};
			ctx.problems.push(where.line === undefined ? problem : {...problem, line: where.line});
		}
	}

	if (ctx.problems.length > 0 || name === undefined || drafts === undefined || ids === undefined) return undefined;
	const specSteps = drafts.map((draft, index): StepSpec => {
		const {explicitId: _explicit, idBase: _base, ...rest} = draft;
		return {...rest, id: ids[index] ?? draft.idBase};
	});
	const spec: PlanSpec = {name, env, steps: specSteps};
	if (cwd !== undefined) spec.cwd = cwd;
	if (command !== undefined) spec.command = command;
	if (inventory !== undefined) spec.inventory = inventory;
	if (markers !== undefined) spec.markers = markers;
	if (markersStyle !== undefined) spec.markersStyle = markersStyle;
	if (requires !== undefined) spec.requires = requires;
	if (notify !== undefined) spec.notify = notify;
	if (stallAfter !== undefined) spec.stallAfter = stallAfter;
	return spec;
}
