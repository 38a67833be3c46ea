// The command an operator pastes to run a step by hand, as OpenStack-Ansible's own docs and
// run-upgrade.sh write it: `cd <cwd> && [env VAR=value ...] openstack-ansible <playbook> args...`. Pure.
import {isAbsolute, relative} from 'node:path';
import {shellQuote} from '../ansible/command.js';
import type {Plan, PlanStep} from './types.js';

/** A playbook as the command line names it: relative to cwd when it is under cwd, else absolute; a collection playbook as is. */
export function playbookArgument(playbook: string, cwd: string, collection = false): string {
	if (collection) return playbook;
	const rel = relative(cwd, playbook);
	return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : playbook;
}

/** The step's argv: what the driver runs, word for word (the playbook as the plan writes it). */
export function handOverArgv(step: PlanStep): string[] {
	return step.argv;
}

/**
 * One line to paste into a shell that runs argv as the driver does: in cwd, with the plan's and
 * the step's `env:` (through env(1), so every value is quoted as one word; `-u NAME` for a
 * variable the plan removes). The driver's own
 * variables (its callback plugin) are left out: by hand nothing reads them.
 */
export function pasteCommand(cwd: string, env: Record<string, string>, argv: string[], unset: readonly string[] = []): string {
	return `cd ${shellQuote([cwd])} && ${envCommand(env, argv, unset)}`;
}

/** `env [-u NAME] [NAME=value] argv`, quoted; argv alone when there is no env. */
function envCommand(env: Record<string, string>, argv: string[], unset: readonly string[] = []): string {
	const assignments = [...unset.flatMap((name) => ['-u', name]), ...Object.entries(env).map(([name, value]) => `${name}=${value}`)];
	return shellQuote(assignments.length > 0 ? ['env', ...assignments, ...argv] : argv);
}

/** The step by hand: its cwd, env and command, quoted. */
export function handOverCommand(step: PlanStep): string {
	return pasteCommand(step.cwd, step.env, handOverArgv(step), step.unsetEnv);
}

/** The step by hand on these hosts only, as `resume --failed-hosts` runs it (ansible takes the last --limit). */
export function handOverOnHosts(step: PlanStep, hosts: readonly string[]): string {
	return pasteCommand(step.cwd, step.env, [...handOverArgv(step), '--limit', hosts.join(',')], step.unsetEnv);
}

/**
 * The commands that go on by hand from a plan's step (handOverLines), without the checks the run
 * skips: all of them with --no-checks, and a check before whose playbook is not installed.
 */
export function handOverPlanLines(plan: Pick<Plan, 'steps' | 'noChecks'>, fromIndex: number): string[] {
	const skipped = (step: PlanStep): boolean => step.check !== undefined && (plan.noChecks === true || step.notInstalled !== undefined);
	const kept = plan.steps.flatMap((step, index) => (skipped(step) && index !== fromIndex ? [] : [{step, index}]));
	const from = kept.findIndex(({index}) => index >= fromIndex);
	return from === -1 ? [] : handOverLines(kept.map(({step}) => step), from);
}

/**
 * The commands that go on by hand from a step: one paste-ready line per step, and one per unit
 * that runs it as the unit runs (`cd DIR && { A && B || C; }`, as run-upgrade.sh lists its item),
 * so pasting every line never runs a fallback that is not needed. A unit is handed over from its
 * first step: like run-upgrade.sh's item, it is run again whole.
 */
export function handOverLines(steps: readonly PlanStep[], fromIndex: number): string[] {
	let from = fromIndex;
	const unitOf = (i: number): string | undefined => steps[i]?.unit?.id;
	while (from > 0 && unitOf(from) !== undefined && unitOf(from - 1) === unitOf(from)) from--;
	const lines: string[] = [];
	for (let i = from; i < steps.length; ) {
		const step = steps[i]!;
		const unit = step.unit?.id;
		let end = i + 1;
		while (unit !== undefined && end < steps.length && steps[end]!.unit?.id === unit) end++;
		const members = steps.slice(i, end);
		if (members.length === 1 || members.some((m) => m.cwd !== step.cwd)) {
			lines.push(...members.map(handOverCommand));
		} else {
			const chain = members.map((m, n) => (n === 0 ? '' : m.unit?.role === 'fallback' ? ' || ' : ' && ') + envCommand(m.env, handOverArgv(m), m.unsetEnv)).join('');
			lines.push(`cd ${shellQuote([step.cwd])} && { ${chain}; }`);
		}
		i = end;
	}
	return lines;
}
