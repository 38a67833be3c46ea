// A unit: run-upgrade.sh's `A && B || C` as plan steps. Its steps run in order; when one fails,
// the rest are skipped and its fallback runs; one marker stands for the whole unit.
import {isMap, isSeq, type YAMLMap} from 'yaml';
import {describe, entriesOf, positionOf, readChoice, readString, report, type ReadContext} from './read-node.js';
import {ID_PATTERN, slugify} from './slug.js';
import {MARKER_STYLES, readStep, type StepDraft} from './validate-step.js';

export const UNIT_KEYS = ['unit', 'name', 'marker', 'markers_style', 'steps', 'fallback'] as const;

const SHAPE = 'e.g. "- unit: setup-hosts" with steps: [a list of steps] and fallback: (a step run when one of them fails)';

export interface UnitDraft {
	id: string;
	/** The `unit:` value node, for problems about the id. */
	idNode: unknown;
	key: string;
	line?: number;
	steps: StepDraft[];
}

/** A step map is a unit when it has a `unit:` key. */
export function isUnitNode(node: unknown): node is YAMLMap {
	return isMap(node) && node.items.some(pair => (pair.key as {value?: unknown} | null)?.value === 'unit');
}

/** Reads the unit at `key`; its steps come back flattened (main steps, then the fallback). */
export function readUnit(ctx: ReadContext, node: YAMLMap, key: string): UnitDraft | undefined {
	const entries = entriesOf(ctx, node, key, 'unit', UNIT_KEYS);
	const at = (name: string): string => `${key}.${name}`;
	const idEntry = entries.get('unit')!;
	const id = readString(ctx, idEntry, at('unit'), {interpolate: false, expected: 'the unit\'s id, e.g. "setup-hosts"'});
	if (id !== undefined && !ID_PATTERN.test(id)) {
		report(ctx, idEntry.at, at('unit'), `unit id "${id}" must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit: e.g. unit: ${slugify(id)}`);
	}
	const nameEntry = entries.get('name');
	const name = nameEntry && readString(ctx, nameEntry, at('name'), {interpolate: false});
	const markerEntry = entries.get('marker');
	const marker = markerEntry && readString(ctx, markerEntry, at('marker'), {interpolate: true, expected: 'the run-upgrade.sh item the unit stands for'});
	const styleEntry = entries.get('markers_style');
	const markersStyle = styleEntry && readChoice(ctx, styleEntry, at('markers_style'), MARKER_STYLES);

	const stepsEntry = entries.get('steps');
	if (!stepsEntry) report(ctx, node, at('steps'), `a unit needs steps:, ${SHAPE}`);
	const mains = stepsEntry && readMembers(ctx, stepsEntry.value, stepsEntry.at, at('steps'));
	const fallbackEntry = entries.get('fallback');
	let fallback: StepDraft | undefined;
	if (fallbackEntry) {
		if (isUnitNode(fallbackEntry.value)) report(ctx, fallbackEntry.value, at('fallback'), 'a unit cannot hold another unit: its fallback is one step');
		else if (isSeq(fallbackEntry.value)) report(ctx, fallbackEntry.value, at('fallback'), 'fallback: is one step (a map with playbook: or run:), not a list');
		else fallback = readStep(ctx, fallbackEntry.value, at('fallback'));
		if (fallback === undefined) return undefined;
	}
	if (id === undefined || mains === undefined || !ID_PATTERN.test(id)) return undefined;

	const unitName = name ?? id;
	const members = [...mains.map((draft, n) => ({draft, role: 'main' as const, base: `${id}-${n + 1}`})), ...(fallback ? [{draft: fallback, role: 'fallback' as const, base: `${id}-fallback`}] : [])];
	const steps = members.map(({draft, role, base}): StepDraft => {
		if (draft.marker !== undefined || draft.markersStyle !== undefined) {
			report(ctx, node, `${draft.key}.marker`, `a step inside a unit has no marker: of its own: the unit's marker: stands for all of its steps (${draft.key})`);
		}
		if (draft.split !== undefined) report(ctx, node, `${draft.key}.split`, `a step inside a unit is not split: split: imports makes a unit of its own (${draft.key})`);
		const member: StepDraft = {...draft, idBase: base, unit: {id, name: unitName, role}};
		if (marker !== undefined) member.marker = marker;
		if (markersStyle !== undefined) member.markersStyle = markersStyle;
		return member;
	});
	const unit: UnitDraft = {id, idNode: idEntry.at, key, steps};
	const {line} = positionOf(ctx, node);
	if (line !== undefined) unit.line = line;
	return unit;
}

function readMembers(ctx: ReadContext, node: unknown, at: unknown, key: string): StepDraft[] | undefined {
	if (!isSeq(node) || node.items.length === 0) {
		report(ctx, at, key, `must be a non-empty list of steps (the unit's steps, run in order), got ${describe(node)}`);
		return undefined;
	}
	const drafts = node.items.map((item, index) => {
		const itemKey = `${key}[${index}]`;
		if (isUnitNode(item)) {
			report(ctx, item, itemKey, 'a unit cannot hold another unit: list its steps here instead');
			return undefined;
		}
		return readStep(ctx, item, itemKey);
	});
	return drafts.every(draft => draft !== undefined) ? drafts : undefined;
}
