// Preflight's answer to "which ansible-core will each playbook step run": the step's own program
// when it is ansible-playbook, else (a wrapper such as openstack-ansible) the ansible-playbook on
// the same PATH, said to be that. Only a program named ansible-playbook is run with --version: a
// wrapper could act on arguments it does not know. A release outside the tested range is a
// warning, never a refusal. The process call is passed in (ansible/version-probe.ts runs it).
import {withStepEnv} from './step-env.js';
import {basename} from 'node:path';
import {parseAnsibleVersionOutput, testedRangeText, untestedWords, type AnsibleInfo} from '../ansible/version.js';
import type {Plan, PlanProblem, PlanStep} from './types.js';
import {which} from '../fs/which.js';

/** Runs `program --version` in `cwd` with `env`: its stdout, or null when it failed or timed out. */
import type {VersionAsker} from '../ansible/version-cache.js';

export type {VersionAsker};

export interface AnsibleFound {
	/** What the plan's `command:` gives (its first playbook step's); null without one. */
	run: AnsibleInfo | null;
	/** By step index; null for run: steps and when there is nothing to ask. */
	steps: Array<AnsibleInfo | null>;
	/** One per program whose version is untested or could not be told. */
	warnings: PlanProblem[];
}

/** The program to ask, or null: not found (preflight says so), or a wrapper with no ansible-playbook beside it. */
function programToAsk(step: PlanStep, path: string | undefined): {program: string; source: 'command' | 'path'} | null {
	const program = step.argv[0];
	if (step.kind !== 'playbook' || program === undefined) return null;
	const own = which(program, {cwd: step.cwd, path});
	if (!own.found) return null;
	if (basename(own.path) === 'ansible-playbook') return {program: own.path, source: 'command'};
	const onPath = which('ansible-playbook', {cwd: step.cwd, path});
	return onPath.found ? {program: onPath.path, source: 'path'} : null;
}

function warning(plan: Plan, info: AnsibleInfo, wrapper: string): PlanProblem | null {
	const words = untestedWords(info.version);
	if (words === null) return null;
	const asked = info.source === 'path' ? `the ansible-playbook found on PATH, ${info.program}; ${wrapper} may run another` : `${info.program} --version`;
	const message =
		info.version === null
			? `the ansible-core version could not be told: ${info.program} --version failed, timed out or printed no version (tested releases: ${testedRangeText}); the run is not refused`
			: `${words} (${asked}); the run is not refused`;
	return {file: plan.path, key: 'command', message, severity: 'warning'};
}

/** Asks each distinct program once. `env` is the driver's; a step's own env (PATH too) is laid over it. */
export function findAnsible(plan: Plan, env: Record<string, string | undefined>, ask: VersionAsker): AnsibleFound {
	const asked = new Map<string, string | null>();
	const warned = new Set<string>();
	const warnings: PlanProblem[] = [];
	const steps = plan.steps.map((step): AnsibleInfo | null => {
		const stepEnv = withStepEnv(env, step);
		const target = programToAsk(step, stepEnv['PATH']);
		if (!target) return null;
		if (!asked.has(target.program)) asked.set(target.program, parseAnsibleVersionOutput(ask(target.program, {cwd: step.cwd, env: stepEnv}) ?? ''));
		const info: AnsibleInfo = {version: asked.get(target.program) ?? null, source: target.source, program: target.program};
		if (!warned.has(target.program)) {
			warned.add(target.program);
			const problem = warning(plan, info, step.argv[0] ?? '');
			if (problem) warnings.push(problem);
		}
		return info;
	});
	const first = plan.steps.findIndex((step) => step.kind === 'playbook');
	return {run: first === -1 ? null : (steps[first] ?? null), steps, warnings};
}
