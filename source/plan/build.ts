// From a validated spec to the Plan the program runs: defaults, absolute paths, argv, hashes.
import {dirname, resolve} from 'node:path';
import {shellQuote} from '../ansible/command.js';
import type {MarkerStyle} from '../markers/run-lock.js';
import {stepMarker, withWriters} from '../markers/step.js';
import {playbookArgument} from './handover.js';
import {planHash, stepHash} from './hash.js';
import type {PlanSpec, StepSpec} from './spec.js';
import type {Plan, PlanStep} from './types.js';
import {isCollectionPlaybook, playbookStem} from './validate-step.js';

export const DEFAULT_COMMAND = ['ansible-playbook'];

/** An inventory with a comma is an inline host list ("web1,web2" or "localhost,"), passed as is. */
export function isInlineInventory(inventory: string): boolean {
	return inventory.includes(',');
}

interface Markers {
	dir: string;
	style: MarkerStyle;
}

/**
 * The step's run-upgrade.sh marker: from `marker:` when given; else, for a playbook step, from the
 * item run-upgrade.sh would have for it (`<playbook> args...`, quoted as the hand-over command
 * quotes them); a run: step without `marker:` has none.
 */
function markerOf(spec: StepSpec, step: PlanStep, markers: Markers | undefined) {
	// A check is no run-upgrade.sh item: it has no marker.
	if (markers === undefined || spec.check !== undefined) return undefined;
	const style = spec.markersStyle ?? markers.style;
	if (spec.marker !== undefined) return stepMarker(markers.dir, style, spec.marker, true);
	if (step.kind !== 'playbook' || step.playbook === undefined) return undefined;
	const item = shellQuote([playbookArgument(step.playbook, step.cwd, step.collection === true), ...spec.args]);
	return stepMarker(markers.dir, style, item, false);
}

/**
 * A unit without `marker:` stands for the item run-upgrade.sh would have for it:
 * `A && <command> B || <command> C`.
 */
function unitItem(members: PlanStep[], command: string[]): string | undefined {
	const items = members.map(step => (step.playbook === undefined || step.playbookAt === undefined ? undefined : shellQuote([playbookArgument(step.playbook, step.cwd, step.collection === true), ...step.argv.slice(step.playbookAt + 1)])));
	if (items.some(item => item === undefined)) return undefined;
	const joiner = (role: string): string => ` ${role === 'fallback' ? '||' : '&&'} ${shellQuote(command)} `;
	return items.map((item, i) => (i === 0 ? item : `${joiner(members[i]!.unit?.role ?? 'main')}${item}`)).join('');
}

function buildStep(
	spec: StepSpec,
	plan: {folder: string; cwd: string; command: string[]; inventory?: string; env: Record<string, string | null>; stallAfter?: number},
): PlanStep {
	const {env, unset} = splitEnv({...plan.env, ...spec.env});
	// A step's own cwd (relative to the plan's folder, as the plan's is) is only in its hash when set.
	const cwd = spec.cwd === undefined ? plan.cwd : resolve(plan.folder, spec.cwd);
	const base = {id: spec.id, cwd, env, pause: spec.pause, ...(unset.length > 0 ? {unsetEnv: unset} : {})};
	const creates = spec.creates === undefined ? undefined : resolve(plan.folder, spec.creates);
	// Absent when unused, so the hashes of steps written before these keys stay the same.
	const extra = {...(spec.cwd === undefined ? {} : {cwd}), ...(unset.length > 0 ? {unset} : {}), ...(spec.unit ? {unit: {id: spec.unit.id, role: spec.unit.role}} : {}), ...(creates === undefined ? {} : {creates}), ...(spec.check ? {check: spec.check} : {})};
	let step: PlanStep;
	if (spec.playbook === undefined) {
		const argv = spec.run ?? [];
		step = {
			...base,
			kind: 'command',
			name: spec.name ?? argv.join(' '),
			argv,
			hash: stepHash({kind: 'command', run: argv, env, ...extra}),
		};
	} else {
		// A collection playbook (ns.coll.name) is passed as is; a file is known by its path resolved
		// against cwd, and passed as the plan writes it (run-upgrade.sh passes `setup-hosts.yml`, and
		// the driver must make the same call).
		const collection = isCollectionPlaybook(spec.playbook);
		const playbook = collection ? spec.playbook : resolve(cwd, spec.playbook);
		const inventory = plan.inventory === undefined ? [] : ['-i', plan.inventory];
		const playbookAt = plan.command.length + inventory.length;
		step = {
			...base,
			kind: 'playbook',
			name: spec.name ?? [collection ? spec.playbook : playbookStem(spec.playbook), ...spec.args].join(' '),
			playbook,
			playbookAt,
			argv: [...plan.command, ...inventory, spec.playbook, ...spec.args],
			hash: stepHash({kind: 'playbook', command: plan.command, playbook, args: spec.args, env, ...extra}),
		};
		if (collection) step.collection = true;
	}

	if (spec.line !== undefined) step.line = spec.line;
	const stallAfter = spec.stallAfter ?? plan.stallAfter;
	if (stallAfter !== undefined) step.stallAfter = stallAfter;
	if (creates !== undefined) step.creates = creates;
	if (spec.unit) step.unit = spec.unit;
	if (spec.check) step.check = spec.check;
	// Not in the hash: what is installed decides it, not what the step runs.
	if (spec.notInstalled !== undefined) step.notInstalled = spec.notInstalled;
	// Not in the hash: a part is the same step whether it was split at the start or when reached.
	const splitOf = spec.splitOf ?? (spec.split === 'imports' ? spec.id : undefined);
	if (splitOf !== undefined) step.splitOf = splitOf;
	return step;
}

/** `file` is the absolute path of the plan file; relative paths resolve against its folder. */
export function buildPlan(spec: PlanSpec, file: string, builtin?: string): Plan {
	const folder = dirname(file);
	const cwd = spec.cwd === undefined ? folder : resolve(folder, spec.cwd);
	const command = spec.command ?? DEFAULT_COMMAND;
	const inventory =
		spec.inventory === undefined || isInlineInventory(spec.inventory) ? spec.inventory : resolve(folder, spec.inventory);
	const shared = inventory === undefined ? {folder, cwd, command, env: spec.env} : {folder, cwd, command, inventory, env: spec.env};
	const markersDir = spec.markers === undefined ? undefined : resolve(folder, spec.markers);
	const markers = markersDir === undefined ? undefined : {dir: markersDir, style: spec.markersStyle ?? 'name'};
	const built = spec.steps.map(stepSpec => buildStep(stepSpec, spec.stallAfter === undefined ? shared : {...shared, stallAfter: spec.stallAfter}));
	const steps = withWriters(
		built.map((step, index) => {
			const stepSpec = spec.steps[index]!;
			const members = step.unit ? built.filter(other => other.unit?.id === step.unit?.id) : [];
			const item = step.unit && stepSpec.marker === undefined ? unitItem(members, command) : undefined;
			const marker = item !== undefined && markers !== undefined ? stepMarker(markers.dir, stepSpec.markersStyle ?? markers.style, item, false) : markerOf(stepSpec, step, markers);
			return marker === undefined ? step : {...step, marker};
		}),
	);
	const planEnv = splitEnv(spec.env);
	const plan: Plan = {
		name: spec.name,
		path: file,
		cwd,
		command,
		env: planEnv.env,
		steps,
		// The checks are not the upgrade: a run goes on with --no-checks as the same plan.
		hash: planHash({name: spec.name, ...(inventory === undefined ? {} : {inventory}), cwd, stepHashes: steps.filter(step => step.check === undefined).map(step => step.hash)}),
	};
	if (builtin !== undefined) plan.builtin = builtin;
	if (planEnv.unset.length > 0) plan.unsetEnv = planEnv.unset;
	if (inventory !== undefined) plan.inventory = inventory;
	if (markers !== undefined) {
		plan.markers = markers.dir;
		plan.markersStyle = markers.style;
	}
	if (spec.notify !== undefined) plan.notify = spec.notify;
	if (spec.stallAfter !== undefined) plan.stallAfter = spec.stallAfter;
	if (spec.requires !== undefined) plan.requires = spec.requires.map(r => ({...r, path: resolve(folder, r.path)}));
	return plan;
}

/** Values to set, and names to remove (written `NAME: null`). */
function splitEnv(merged: Record<string, string | null>): {env: Record<string, string>; unset: string[]} {
	const env: Record<string, string> = {};
	const unset: string[] = [];
	for (const [name, value] of Object.entries(merged)) {
		if (value === null) unset.push(name);
		else env[name] = value;
	}
	return {env, unset};
}
