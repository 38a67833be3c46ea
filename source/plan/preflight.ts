// Checks, before a run starts, that what the plan needs is there: working directory,
// inventory, playbook files, the programs steps run, and the paths listed in `requires:`.
// Reads the filesystem; runs nothing. Collection playbooks (ns.coll.name) are not checked:
// ansible-playbook finds them in its installed collections.
import {accessSync, constants, statSync} from 'node:fs';
import {dirname, sep} from 'node:path';
import {isInlineInventory} from './build.js';
import type {Plan, PlanProblem, PlanStep} from './types.js';
import {which, type Lookup} from '../fs/which.js';

interface Need {
	/** Problems about the same thing are reported once: same group, same report. */
	group: string;
	/** Index of the step that needs it (undefined: the plan as a whole). */
	step: number;
	key: string;
	message: string;
	/** Point at the step's line (false for plan-level keys such as inventory). */
	atStep: boolean;
}

function kindOf(path: string): 'file' | 'directory' | 'other' | 'missing' {
	try {
		const stats = statSync(path);
		return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
	} catch {
		return 'missing';
	}
}

/** What a step needs of a path: read a file, list and enter a folder, or only enter it (cwd). */
const access = {read: constants.R_OK, list: constants.R_OK | constants.X_OK, enter: constants.X_OK};

/**
 * Why this process cannot use the path as it needs to, or undefined when it can. access(2) asks
 * with the real uid, the one ansible-playbook runs as: root reads any mode, as its
 * ansible-playbook does, so only what would really fail is refused.
 */
function denied(path: string, need: keyof typeof access): string | undefined {
	try {
		accessSync(path, access[need]);
		return undefined;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		let mode = '';
		try {
			const stats = statSync(path);
			mode = `; mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')}, owner uid ${stats.uid}`;
		} catch {
			// Cannot even stat it: the code says enough.
		}
		return `${code === 'EACCES' ? 'permission denied' : (code ?? (error as Error).message)}${mode}, this process runs as uid ${process.getuid?.() ?? '?'}`;
	}
}

function programProblem(program: string, lookup: Exclude<Lookup, {found: true}>, cwd: string, fix: string): string {
	if (lookup.reason === 'not-executable') return `${lookup.path ?? program} is not executable: chmod +x ${lookup.path ?? program}, ${fix}`;
	if (lookup.reason === 'directory') return `${lookup.path ?? program} is a directory, not a program: ${fix}`;
	if (!lookup.searchedPath) return `${program} not found (looked for ${lookup.path ?? program}; a relative path is taken from the step's cwd ${cwd}): ${fix}`;
	if (program === 'ansible-playbook') {
		return 'ansible-playbook not found on PATH: install ansible-core (apt-get install ansible-core, or pipx install ansible-core) or set `command:` in the plan';
	}

	return `${program} not found on PATH: install it, ${fix}`;
}

function programNeed(step: PlanStep, index: number, env: Record<string, string | undefined>): Need | undefined {
	const program = step.argv[0];
	if (program === undefined) return undefined;
	const lookup = which(program, {cwd: step.cwd, path: env['PATH']});
	if (lookup.found) return undefined;
	const isPlaybook = step.kind === 'playbook';
	const fix = isPlaybook ? 'or set `command:` in the plan to its full path' : 'or write its full path in `run:`';
	const message = lookup.searchedPath && env['PATH'] === undefined ? `${program} not found: PATH is not set` : programProblem(program, lookup, step.cwd, fix);
	return {group: `program:${lookup.path ?? program}`, step: index, key: isPlaybook ? 'command' : `steps[${index}].run[0]`, message, atStep: true};
}

function playbookNeed(step: PlanStep, index: number, missingCwds: Set<string>): Need | undefined {
	const playbook = step.playbook;
	if (playbook === undefined || step.collection) return undefined;
	// A missing cwd is reported once; the playbooks under it are not reported again.
	if (missingCwds.has(step.cwd) && playbook.startsWith(step.cwd + sep)) return undefined;
	const kind = kindOf(playbook);
	if (kind === 'file') {
		// ansible-playbook fails on it before the callback plugin loads: the step would end as
		// "plugin did not load", which sends the operator the wrong way.
		const why = denied(playbook, 'read');
		if (why === undefined) return undefined;
		return {
			group: `playbook:${playbook}`,
			step: index,
			key: `steps[${index}].playbook`,
			atStep: true,
			message: `playbook ${playbook} cannot be read (${why}): make it readable (e.g. chmod a+r ${playbook}), or run the driver as a user who can read it`,
		};
	}
	// A missing folder is reported once, not once per playbook in it.
	const folder = dirname(playbook);
	if (kind === 'missing' && kindOf(folder) === 'missing') {
		return {
			group: `playbook-folder:${folder}`,
			step: index,
			key: `steps[${index}].playbook`,
			atStep: true,
			message: `playbook folder ${folder} does not exist (a relative playbook path is taken from cwd ${step.cwd}): fix playbook: or cwd: in the plan`,
		};
	}
	const what = kind === 'missing' ? 'not found' : 'is not a file';
	return {
		group: `playbook:${playbook}`,
		step: index,
		key: `steps[${index}].playbook`,
		atStep: true,
		message: `playbook ${playbook} ${what} (a relative playbook path is taken from cwd ${step.cwd}): fix playbook: or cwd: in the plan`,
	};
}

function listSteps(plan: Plan, indexes: number[]): string {
	const ids = indexes.map(index => plan.steps[index]?.id ?? `steps[${index}]`);
	const shown = ids.slice(0, 3).join(', ');
	return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown;
}

function toProblem(plan: Plan, needs: Need[]): PlanProblem {
	const first = needs[0] as Need;
	const step = plan.steps[first.step];
	const indexes = [...new Set(needs.map(need => need.step))];
	let message = first.message;
	if (indexes.length > 1) message += ` (used by ${indexes.length} steps: ${listSteps(plan, indexes)})`;
	const problem: PlanProblem = {file: plan.path, key: first.key, message};
	if (first.atStep && step?.line !== undefined) problem.line = step.line;

	// A command step that runs earlier may create what is missing (bootstrap scripts install
	// openstack-ansible, clone playbooks...): then it is only a warning.
	const earlier = plan.steps.slice(0, first.step).filter(candidate => candidate.kind === 'command');
	const last = earlier.at(-1);
	if (last) {
		problem.severity = 'warning';
		problem.message += `; it may be created by an earlier step (${last.id}${last.line === undefined ? '' : `, line ${last.line}`}), so the run is not refused`;
	}

	return problem;
}

function planProblem(plan: Plan, key: string, message: string): PlanProblem {
	return {file: plan.path, key, message};
}

/** Problems that would make the run fail early. Warnings (severity) do not refuse the run. */
export function preflight(plan: Plan, env: Record<string, string | undefined>): PlanProblem[] {
	const problems: PlanProblem[] = [];
	const missingCwds = new Set<string>();
	for (const cwd of new Set([plan.cwd, ...plan.steps.map(step => step.cwd)])) {
		const kind = kindOf(cwd);
		const why = kind === 'directory' ? denied(cwd, 'enter') : undefined;
		if (kind === 'directory' && why === undefined) continue;
		missingCwds.add(cwd);
		if (why !== undefined) {
			problems.push(planProblem(plan, 'cwd', `cwd ${cwd} cannot be entered (${why}): fix its permissions, or run the driver as a user who can`));
			continue;
		}
		const what = kind === 'missing' ? 'does not exist' : 'is not a directory';
		problems.push(planProblem(plan, 'cwd', `cwd ${cwd} ${what}: create it, or fix cwd: in the plan (a relative cwd is taken from the plan file's folder)`));
	}

	// `requires:` guards the plan as run-upgrade.sh's own checks do: never lowered to a warning.
	(plan.requires ?? []).forEach((requirement, index) => {
		if (kindOf(requirement.path) !== 'missing') return;
		const purpose = requirement.for === undefined ? '' : ` (${requirement.for})`;
		problems.push(
			planProblem(plan, `requires[${index}]`, `required path ${requirement.path} does not exist${purpose}: create it, or fix requires: in the plan`),
		);
	});

	const needs: Need[] = [];
	const firstPlaybook = plan.steps.findIndex(step => step.kind === 'playbook');
	const inventoryKind = plan.inventory === undefined || isInlineInventory(plan.inventory) || firstPlaybook < 0 ? undefined : kindOf(plan.inventory);
	if (plan.inventory !== undefined && inventoryKind === 'missing') {
		needs.push({
			group: 'inventory',
			step: firstPlaybook,
			key: 'inventory',
			atStep: false,
			message: `inventory ${plan.inventory} not found: create it, or fix inventory: in the plan (a relative path is taken from the plan file's folder; "host1,host2" is an inline host list)`,
		});
	}
	// ansible-playbook only warns about an inventory it cannot read, then runs against no hosts.
	const inventoryNeed = inventoryKind === 'file' ? 'read' : inventoryKind === 'directory' ? 'list' : undefined;
	const inventoryWhy = plan.inventory !== undefined && inventoryNeed !== undefined ? denied(plan.inventory, inventoryNeed) : undefined;
	if (plan.inventory !== undefined && inventoryWhy !== undefined) {
		needs.push({
			group: 'inventory',
			step: firstPlaybook,
			key: 'inventory',
			atStep: false,
			message: `inventory ${plan.inventory} cannot be read (${inventoryWhy}): make it readable, or run the driver as a user who can read it`,
		});
	}

	plan.steps.forEach((step, index) => {
		const program = missingCwds.has(step.cwd) && step.argv[0]?.includes('/') ? undefined : programNeed(step, index, env);
		if (program) needs.push(program);
		const playbook = playbookNeed(step, index, missingCwds);
		if (playbook) needs.push(playbook);
	});

	const groups = new Map<string, Need[]>();
	for (const need of needs) groups.set(need.group, [...(groups.get(need.group) ?? []), need]);
	for (const group of groups.values()) problems.push(toProblem(plan, group));
	return problems;
}

/** True when some problem is an error (not a warning). */
export function hasErrors(problems: PlanProblem[]): boolean {
	return problems.some(problem => problem.severity !== 'warning');
}
