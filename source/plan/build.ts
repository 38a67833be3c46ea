// From a validated spec to the Plan the program runs: defaults, absolute paths, argv, hashes.
import {dirname, resolve} from 'node:path';
import {planHash, stepHash} from './hash.js';
import type {PlanSpec, StepSpec} from './spec.js';
import type {Plan, PlanStep} from './types.js';
import {playbookStem} from './validate-step.js';

export const DEFAULT_COMMAND = ['ansible-playbook'];

/** An inventory with a comma is an inline host list ("web1,web2" or "localhost,"), passed as is. */
export function isInlineInventory(inventory: string): boolean {
	return inventory.includes(',');
}

function buildStep(
	spec: StepSpec,
	plan: {cwd: string; command: string[]; inventory?: string; env: Record<string, string>},
): PlanStep {
	const env = {...plan.env, ...spec.env};
	const base = {id: spec.id, cwd: plan.cwd, env, pause: spec.pause};
	let step: PlanStep;
	if (spec.playbook === undefined) {
		const argv = spec.run ?? [];
		step = {
			...base,
			kind: 'command',
			name: spec.name ?? argv.join(' '),
			argv,
			hash: stepHash({kind: 'command', run: argv, env}),
		};
	} else {
		const playbook = resolve(plan.cwd, spec.playbook);
		const inventory = plan.inventory === undefined ? [] : ['-i', plan.inventory];
		step = {
			...base,
			kind: 'playbook',
			name: spec.name ?? [playbookStem(spec.playbook), ...spec.args].join(' '),
			playbook,
			argv: [...plan.command, ...inventory, playbook, ...spec.args],
			hash: stepHash({kind: 'playbook', command: plan.command, playbook, args: spec.args, env}),
		};
	}

	if (spec.line !== undefined) step.line = spec.line;
	return step;
}

/** `file` is the absolute path of the plan file; relative paths resolve against its folder. */
export function buildPlan(spec: PlanSpec, file: string, builtin?: string): Plan {
	const folder = dirname(file);
	const cwd = spec.cwd === undefined ? folder : resolve(folder, spec.cwd);
	const command = spec.command ?? DEFAULT_COMMAND;
	const inventory =
		spec.inventory === undefined || isInlineInventory(spec.inventory) ? spec.inventory : resolve(folder, spec.inventory);
	const shared = inventory === undefined ? {cwd, command, env: spec.env} : {cwd, command, inventory, env: spec.env};
	const steps = spec.steps.map(step => buildStep(step, shared));
	const plan: Plan = {
		name: spec.name,
		path: file,
		cwd,
		command,
		env: spec.env,
		steps,
		hash: planHash({name: spec.name, ...(inventory === undefined ? {} : {inventory}), cwd, stepHashes: steps.map(step => step.hash)}),
	};
	if (builtin !== undefined) plan.builtin = builtin;
	if (inventory !== undefined) plan.inventory = inventory;
	if (spec.markers !== undefined) plan.markers = resolve(folder, spec.markers);
	return plan;
}
