// `checks: {before: [...], after: [...]}`: playbooks run around the upgrade (OpenStack-Ansible's
// health checks). They are steps of the plan with a role: the before checks run first, the after
// checks last. A failed before check leaves the upgrade not started.
import {isMap, isSeq} from 'yaml';
import {deref, describe, entriesOf, report, type ReadContext} from './read-node.js';
import type {CheckWhen} from './types.js';
import {readStep, type StepDraft} from './validate-step.js';

export const CHECK_KEYS = ['before', 'after'] as const;
const SHAPE = 'e.g. checks: {before: [{playbook: healthcheck-hosts.yml}], after: [{playbook: healthcheck-openstack.yml}]}';
/** What a step can say that a check cannot: a check changes nothing, so it has no marker, no skip, no split. */
const NOT_FOR_CHECKS: ReadonlyArray<[keyof StepDraft, string]> = [
	['run', 'run:'],
	['marker', 'marker:'],
	['markersStyle', 'markers_style:'],
	['creates', 'creates:'],
	['split', 'split:'],
];

export interface CheckDrafts {
	before: StepDraft[];
	after: StepDraft[];
}

/** Reads `checks:`; undefined after reporting problems. */
export function readChecks(ctx: ReadContext, node: unknown, at: unknown): CheckDrafts | undefined {
	if (!isMap(node)) {
		report(ctx, at, 'checks', `must be a map with before: and/or after: (lists of playbooks), ${SHAPE}, got ${describe(node)}`);
		return undefined;
	}
	const entries = entriesOf(ctx, node, 'checks', 'checks', CHECK_KEYS);
	const out: CheckDrafts = {before: [], after: []};
	let ok = true;
	for (const when of CHECK_KEYS) {
		const entry = entries.get(when);
		if (!entry) continue;
		if (!isSeq(entry.value)) {
			report(ctx, entry.at, `checks.${when}`, `must be a list of playbooks, ${SHAPE}, got ${describe(entry.value)}`);
			ok = false;
			continue;
		}
		entry.value.items.forEach((item, index) => {
			const key = `checks.${when}[${index}]`;
			const draft = readStep(ctx, deref(ctx, item), key);
			if (draft === undefined) {
				ok = false;
				return;
			}
			for (const [field, written] of NOT_FOR_CHECKS) {
				if (draft[field] === undefined) continue;
				ok = false;
				const problem = {file: ctx.file, key: `${key}.${written.slice(0, -1)}`, message: `a check is a playbook (playbook: with args:, env:, cwd:, name:, id:); it has no ${written}`};
				ctx.problems.push(draft.line === undefined ? problem : {...problem, line: draft.line});
			}
			out[when].push(checkDraft(draft, when));
		});
	}
	return ok ? out : undefined;
}

/** Its default id says when it runs (`before-healthcheck-hosts`): the same playbook may run before and after. */
function checkDraft(draft: StepDraft, when: CheckWhen): StepDraft {
	return {...draft, idBase: `${when}-${draft.idBase}`, check: when};
}
