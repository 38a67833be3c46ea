// Which playbooks preflight asks ansible-playbook to syntax-check, and how: steps that run
// ansible-playbook itself, grouped so one ansible-playbook checks every playbook that shares a
// program, working directory, environment and other arguments (a Python start each, not one
// per step). A wrapper (openstack-ansible) is not asked: it could act on the deployment before
// ansible-playbook sees --syntax-check. Nor is a step that would prompt (no terminal to answer).
import {basename} from 'node:path';
import {collectionPlaybookFile, collectionRoots} from './split-imports.js';
import {withStepEnv} from './step-env.js';
import type {SyntaxCheck} from '../ansible/syntax-check.js';

export type {SyntaxCheck};
import type {Plan, PlanProblem} from './types.js';
import {which} from '../fs/which.js';


const prompts = /^(-k|-K|--ask-pass|--ask-become-pass|--ask-vault-pass|--ask-vault-password|-J|--step)$/;

export function syntaxTargets(plan: Plan, env: Record<string, string | undefined>): {checks: SyntaxCheck[]; skipped: PlanProblem[]} {
	const groups = new Map<string, SyntaxCheck>();
	const wrappers = new Set<string>();
	const skipped: PlanProblem[] = [];
	plan.steps.forEach((step, index) => {
		const program = step.argv[0];
		// A check skipped for what is not installed yet never runs: nothing to check.
		if (step.kind !== 'playbook' || program === undefined || step.playbookAt === undefined || step.notInstalled !== undefined) return;
		const stepEnv = withStepEnv(env, step);
		const found = which(program, {cwd: step.cwd, path: stepEnv['PATH']});
		if (!found.found) return; // preflight says so
		if (basename(found.path) !== 'ansible-playbook') {
			if (!wrappers.has(program)) {
				wrappers.add(program);
				skipped.push({file: plan.path, key: 'command', severity: 'warning', message: `playbooks run by ${program} are not syntax-checked before the run: it is a wrapper that may act on the deployment before ansible-playbook sees --syntax-check`});
			}
			return;
		}
		const rest = step.argv.filter((_arg, i) => i !== 0 && i !== step.playbookAt);
		if (rest.some((arg) => prompts.test(arg))) {
			skipped.push({file: plan.path, key: `steps[${index}]`, severity: 'warning', message: `step ${step.id} is not syntax-checked before the run: its arguments ask for input (${rest.filter((a) => prompts.test(a)).join(' ')})`});
			return;
		}
		// A collection playbook an earlier command step may install (bootstrap-ansible.sh installs
		// openstack.osa): ansible cannot load it yet, which says nothing of the run.
		if (step.collection && step.playbook !== undefined && collectionPlaybookFile(step.playbook, collectionRoots(stepEnv, null)) === null && plan.steps.slice(0, index).some((s) => s.kind === 'command')) {
			skipped.push({file: plan.path, key: `steps[${index}]`, severity: 'warning', message: `step ${step.id} is not syntax-checked before the run: ${step.playbook} is not installed yet (a step before it may install it)`});
			return;
		}
		const key = JSON.stringify([found.path, step.cwd, rest, step.env, step.unsetEnv ?? []]);
		let check = groups.get(key);
		if (!check) {
			check = {program: found.path, args: ['--syntax-check', ...rest], cwd: step.cwd, env: stepEnv, playbooks: [], steps: []};
			groups.set(key, check);
		}
		check.args.push(step.argv[step.playbookAt]!);
		if (!step.collection && step.playbook !== undefined) check.playbooks.push(step.playbook);
		check.steps.push(index);
	});
	return {checks: [...groups.values()], skipped};
}
