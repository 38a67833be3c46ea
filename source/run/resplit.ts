// A `split: imports` step is split by what is installed when it is read: OpenStack-Ansible's
// bootstrap-ansible.sh installs the collection whose playbooks setup_openstack imports after the
// plan was first read, so the supervisor reads the plan again when the run reaches such a step,
// and a resumed run reads it again anyway. When the only differences between the run's steps and
// the plan are split steps read again, none of whose parts has started, they are the plan's own
// and are taken without asking; any other difference is a plan change, for the operator. Pure.
import {planHash} from '../plan/hash.js';
import type {Plan} from '../plan/types.js';
import {reconcilePlan} from './machine.js';
import type {RunState, StepState} from './types.js';

export interface Resplit {
	/** The run's state with the plan's steps (reconcilePlan's). */
	state: RunState;
	/** The split steps read differently, with their parts now (one: left whole). */
	groups: Array<{id: string; parts: string[]}>;
}

const identity = (step: {id: string; hash: string}) => `${step.id}\n${step.hash}`;

/** The split groups of a list of steps, in order: each group's steps' identities. */
function groupsOf(steps: ReadonlyArray<{id: string; hash: string; splitOf?: string | undefined}>): Map<string, string[]> {
	const groups = new Map<string, string[]>();
	for (const step of steps) if (step.splitOf !== undefined) groups.set(step.splitOf, [...(groups.get(step.splitOf) ?? []), identity(step)]);
	return groups;
}

/** The steps as a sequence where each changed group is one token at its first step's place. */
function shape(steps: ReadonlyArray<{id: string; hash: string; splitOf?: string | undefined}>, changed: Set<string>): string[] {
	const out: string[] = [];
	const seen = new Set<string>();
	for (const step of steps) {
		if (step.splitOf !== undefined && changed.has(step.splitOf)) {
			if (!seen.has(step.splitOf)) out.push(`split ${step.splitOf}`);
			seen.add(step.splitOf);
		} else out.push(identity(step));
	}
	return out;
}

/** Not started: no attempt of it was ever made. */
export const untouched = (step: StepState): boolean => step.status === 'pending' && step.attempts === 0;

/**
 * The run's state with the plan's steps when the plan differs from it only by split steps read
 * again, none of whose parts started; null when it differs otherwise (or the state does not say
 * which steps were split: one saved before splits were recorded).
 */
export function resplitOnly(state: RunState, plan: Plan): Resplit | null {
	const before = groupsOf(state.steps);
	const now = groupsOf(plan.steps);
	const changed = new Set<string>();
	for (const id of new Set([...before.keys(), ...now.keys()])) {
		if ((before.get(id) ?? []).join('\0') !== (now.get(id) ?? []).join('\0')) changed.add(id);
	}
	if (!state.steps.filter((s) => s.splitOf !== undefined && changed.has(s.splitOf)).every(untouched)) return null;
	const a = shape(state.steps, changed);
	const b = shape(plan.steps, changed);
	if (a.length !== b.length || a.some((token, i) => token !== b[i])) return null;
	// The plan's name, inventory and folder as the run began: its hash over the run's steps.
	const settings = planHash({name: plan.name, ...(plan.inventory === undefined ? {} : {inventory: plan.inventory}), cwd: plan.cwd, stepHashes: state.steps.filter((s) => s.check === undefined).map((s) => s.hash)});
	if (settings !== state.plan.hash) return null;
	const groups = [...changed].map((id) => ({id, parts: plan.steps.filter((s) => s.splitOf === id).map((s) => s.id)}));
	return {state: reconcilePlan(state, plan).state, groups};
}

/** What a split read again means, for the operator. */
export function resplitWords(group: Resplit['groups'][number]): string {
	if (group.parts.length === 1 && group.parts[0] === group.id) return `step ${group.id}, read again by what is installed now: it runs whole`;
	const shown = group.parts.length > 6 ? [...group.parts.slice(0, 3), '…', ...group.parts.slice(-2)] : group.parts;
	return `step ${group.id}, split again by what is installed now: ${group.parts.length} parts (${shown.join(', ')})`;
}
